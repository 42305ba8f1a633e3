"""Two-factor sign-in: set up with a QR code, codes accepted once, recovery codes, throttled like passwords."""

import re
import time

import pyotp
from sqlalchemy import select

from uprtrack.accounts import signin
from uprtrack.accounts.views import PENDING, PENDING_SECONDS
from uprtrack.models import AuditEntry, LoginAttempt, RecoveryCode, User

PASSWORD = "correct horse battery"
EMAIL = "officer@example.org"


def secret_on(page: str) -> str:
    [grouped] = re.findall(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', page)
    return grouped.replace(" ", "")


def code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def turn_on(client) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on for the signed-in client; return the secret and the recovery codes."""
    secret = secret_on(client.get("/account/two-factor").get_data(as_text=True))
    page = client.post("/account/two-factor/on", data={"code": code(secret)})
    assert page.status_code == 200, page.get_data(as_text=True)
    codes = re.findall(r"<li><code>([a-z2-9-]{19})</code></li>", page.get_data(as_text=True))
    return secret, codes


def password_step(client, password=PASSWORD):
    return client.post("/sign-in", data={"email": EMAIL, "password": password})


def signed_in(client) -> bool:
    return EMAIL in client.get("/").get_data(as_text=True)


def test_turning_on_shows_a_qr_code_and_ten_recovery_codes_once(client, make_user, login, ctx):
    make_user()
    login(EMAIL)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page and 'alt="QR code' in page
    secret = secret_on(page)
    assert secret_on(client.get("/account/two-factor").get_data(as_text=True)) == secret
    wrong = client.post("/account/two-factor/on", data={"code": "000000"})
    assert "This code is wrong." in wrong.get_data(as_text=True)
    assert ctx.scalar(select(User)).totp_secret is None
    page = client.post("/account/two-factor/on", data={"code": code(secret)})
    codes = re.findall(r"<li><code>([a-z2-9-]{19})</code></li>", page.get_data(as_text=True))
    assert len(codes) == len(set(codes)) == 10
    user = ctx.scalar(select(User))
    assert user.totp_secret == secret and user.two_factor
    stored = ctx.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # kept hashed
    again = client.get("/account/two-factor").get_data(as_text=True)
    assert "Two-factor sign-in is on." in again and codes[0] not in again
    assert "10 recovery codes are left." in again
    assert ctx.scalar(select(AuditEntry).where(AuditEntry.action == "turn-on-two-factor"))


def test_sign_in_asks_for_the_code_after_the_password_and_takes_each_code_once(
    app, client, make_user, login, ctx
):
    make_user()
    login(EMAIL)
    secret, _codes = turn_on(client)
    client.post("/sign-out")
    response = client.post("/sign-in?next=/my-work", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in/code"
    assert not signed_in(client)
    assert "authenticator app" in client.get("/sign-in/code").get_data(as_text=True)
    # The code that turned it on was accepted already: it is refused now.
    accepted = pyotp.TOTP(secret).generate_otp(ctx.scalar(select(User.totp_last_step)))
    used = client.post("/sign-in/code", data={"code": accepted})
    assert "This code is wrong, or was used already." in used.get_data(as_text=True)
    done = client.post("/sign-in/code", data={"code": code(secret, 1)})
    assert done.status_code == 302 and done.headers["Location"] == "/my-work"
    assert signed_in(client)
    other = app.test_client()
    password_step(other)
    replay = other.post("/sign-in/code", data={"code": code(secret, 1)})
    assert replay.status_code == 200 and not signed_in(other)
    methods = [
        e.detail.get("method")
        for e in ctx.scalars(select(AuditEntry).where(AuditEntry.action == "sign-in"))
    ]
    assert methods[-1] == "authenticator"


def test_a_recovery_code_signs_in_once(app, client, make_user, login, ctx):
    make_user()
    login(EMAIL)
    _secret, codes = turn_on(client)
    client.post("/sign-out")
    password_step(client)
    assert client.post("/sign-in/code", data={"code": codes[3].upper()}).status_code == 302
    assert "You signed in with a recovery code: 9 are left." in client.get("/").get_data(
        as_text=True
    )
    assert "9 recovery codes are left." in client.get("/account/two-factor").get_data(as_text=True)
    other = app.test_client()
    password_step(other)
    assert other.post("/sign-in/code", data={"code": codes[3]}).status_code == 200
    assert not signed_in(other)


def test_the_code_step_needs_a_fresh_password_step(client, make_user, login):
    make_user()
    login(EMAIL)
    secret, _codes = turn_on(client)
    client.post("/sign-out")
    assert client.get("/sign-in/code").headers["Location"] == "/sign-in"
    password_step(client)
    with client.session_transaction() as session:
        pending = session[PENDING]
        session[PENDING] = {**pending, "at": pending["at"] - PENDING_SECONDS - 1}
    late = client.post("/sign-in/code", data={"code": code(secret, 1)})
    assert late.status_code == 302 and late.headers["Location"] == "/sign-in"
    assert not signed_in(client)


def test_wrong_codes_count_like_wrong_passwords(app, client, make_user, login, ctx):
    make_user()
    login(EMAIL)
    secret, _codes = turn_on(client)
    client.post("/sign-out")
    password_step(client)
    for _ in range(signin.ACCOUNT_LIMIT - 1):
        client.post("/sign-in/code", data={"code": "123456"})
    # A right password does not clear the count: only the second factor completes a sign-in.
    password_step(client)
    fifth = client.post("/sign-in/code", data={"code": "654321"})
    assert "This code is wrong, or was used already." in fifth.get_data(as_text=True)
    refused = client.post("/sign-in/code", data={"code": code(secret, 1)})
    assert "Too many failed sign-ins. Try again in 15 minutes." in refused.get_data(as_text=True)
    assert not signed_in(client)
    attempts = ctx.scalars(select(LoginAttempt)).all()
    assert len(attempts) == signin.ACCOUNT_LIMIT and {a.email for a in attempts} == {EMAIL}
    assert "Too many failed sign-ins" in password_step(app.test_client()).get_data(as_text=True)


def test_turning_off_asks_first_and_needs_the_password(client, make_user, login, ctx):
    make_user()
    login(EMAIL)
    turn_on(client)
    asked = client.post("/account/two-factor/off", data={"password": PASSWORD})
    assert asked.status_code == 200 and "Nothing has changed yet." in asked.get_data(as_text=True)
    assert ctx.scalar(select(User)).two_factor
    wrong = client.post(
        "/account/two-factor/off", data={"password": "not it at all", "confirmed": "yes"}
    )
    assert wrong.status_code == 302
    user = ctx.scalar(select(User))
    ctx.refresh(user)
    assert user.two_factor and user.failed_logins == 1
    client.post("/account/two-factor/off", data={"password": PASSWORD, "confirmed": "yes"})
    ctx.refresh(user)
    assert not user.two_factor and ctx.scalars(select(RecoveryCode)).all() == []
    assert ctx.scalar(select(AuditEntry).where(AuditEntry.action == "turn-off-two-factor"))
    client.post("/sign-out")
    assert password_step(client).headers["Location"] == "/"


def test_new_recovery_codes_replace_the_old_ones(app, client, make_user, login):
    make_user()
    login(EMAIL)
    _secret, old = turn_on(client)
    assert "Nothing has changed yet." in client.post("/account/two-factor/recovery-codes").get_data(
        as_text=True
    )
    page = client.post("/account/two-factor/recovery-codes", data={"confirmed": "yes"})
    new = re.findall(r"<li><code>([a-z2-9-]{19})</code></li>", page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    other = app.test_client()
    password_step(other)
    assert other.post("/sign-in/code", data={"code": old[0]}).status_code == 200
    assert other.post("/sign-in/code", data={"code": new[0]}).status_code == 302


def test_wrong_current_passwords_on_the_password_page_are_throttled(app, client, make_user, login):
    make_user()
    login(EMAIL)
    for _ in range(signin.ACCOUNT_LIMIT):
        page = client.post(
            "/account/password",
            data={
                "current": "a wrong guess",
                "new": "a longer passphrase",
                "confirm": "a longer passphrase",
            },
        )
        assert "This is not your current password." in page.get_data(as_text=True)
    right = client.post(
        "/account/password",
        data={"current": PASSWORD, "new": "a longer passphrase", "confirm": "a longer passphrase"},
    )
    assert "Too many failed sign-ins. Try again in 15 minutes." in right.get_data(as_text=True)
    assert "Too many failed sign-ins" in password_step(app.test_client()).get_data(as_text=True)


def test_an_administrator_turns_off_a_lost_two_factor_sign_in(app, client, make_user, login, ctx):
    make_user()
    admin = make_user("admin@example.org", role="admin")
    login(EMAIL)
    turn_on(client)
    client.post("/sign-out")
    officer = ctx.scalar(select(User).where(User.email == EMAIL))
    boss = app.test_client()
    boss.post("/sign-in", data={"email": admin.email, "password": PASSWORD})
    page = boss.get(f"/admin/users/{officer.id}/edit").get_data(as_text=True)
    assert f'action="/admin/users/{officer.id}/two-factor/off"' in page
    asked = boss.post(f"/admin/users/{officer.id}/two-factor/off")
    assert "Turn off two-factor sign-in for officer@example.org?" in asked.get_data(as_text=True)
    boss.post(f"/admin/users/{officer.id}/two-factor/off", data={"confirmed": "yes"})
    ctx.refresh(officer)
    assert not officer.two_factor
    entry = ctx.scalar(select(AuditEntry).where(AuditEntry.action == "turn-off-two-factor"))
    assert entry.actor == "admin@example.org" and entry.object_id == str(officer.id)
    assert password_step(client).headers["Location"] == "/"


def test_the_next_person_on_a_shared_computer_is_offered_another_secret(client, make_user, login):
    make_user()
    make_user("second@example.org", role="focal_point", org="Ministry of Education")
    login(EMAIL)
    first = secret_on(client.get("/account/two-factor").get_data(as_text=True))
    client.post("/sign-out")
    login("second@example.org")
    second = secret_on(client.get("/account/two-factor").get_data(as_text=True))
    assert second != first
    refused = client.post("/account/two-factor/on", data={"code": code(first)})
    assert "This code is wrong." in refused.get_data(as_text=True)


def test_an_address_that_failed_too_often_cannot_give_a_code(client, make_user, login, ctx):
    make_user()
    login(EMAIL)
    secret, _codes = turn_on(client)
    client.post("/sign-out")
    password_step(client)
    ctx.add_all(
        LoginAttempt(address="127.0.0.1", email="someone@example.org")
        for _ in range(signin.ADDRESS_LIMIT)
    )
    ctx.commit()
    refused = client.post("/sign-in/code", data={"code": code(secret, 1)})
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
    assert not signed_in(client)
