"""Signing in and out: argon2 passwords, throttling per account and per address, sessions that really end."""

from datetime import timedelta

from sqlalchemy import select

from uprtrack.accounts import signin
from uprtrack.models import AuditEntry, LoginAttempt, User


def test_sign_in_and_out(client, make_user, ctx):
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    page = client.get("/sign-in")
    assert page.status_code == 200 and 'autocomplete="current-password"' in page.get_data(
        as_text=True
    )
    response = client.post(
        "/sign-in?next=/reviews/1",
        data={"email": "Focal@Example.org", "password": "correct horse battery"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/reviews/1"
    assert "focal@example.org" in client.get("/").get_data(as_text=True)
    assert client.post("/sign-out").status_code == 302
    assert "focal@example.org" not in client.get("/").get_data(as_text=True)
    assert [e.action for e in ctx.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
        "sign-in",
        "sign-out",
    ]


def test_next_never_leaves_the_site(client, make_user):
    make_user()
    response = client.post(
        "/sign-in?next=//evil.example/x",
        data={"email": "officer@example.org", "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/"


def test_wrong_password_keeps_the_email_and_says_so(client, make_user):
    make_user()
    response = client.post("/sign-in", data={"email": "officer@example.org", "password": "wrong"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The e-mail or the password is wrong." in page
    assert 'value="officer@example.org"' in page


def test_account_locks_after_five_failures(client, make_user, ctx):
    make_user()
    for _ in range(signin.ACCOUNT_LIMIT):
        client.post("/sign-in", data={"email": "officer@example.org", "password": "wrong"})
    response = client.post(
        "/sign-in", data={"email": "officer@example.org", "password": "correct horse battery"}
    )
    assert "Too many failed sign-ins. Try again in 15 minutes." in response.get_data(as_text=True)
    user = ctx.scalar(select(User))
    ctx.refresh(user)
    user.locked_until = user.locked_until - timedelta(minutes=16)
    ctx.commit()
    assert (
        client.post(
            "/sign-in", data={"email": "officer@example.org", "password": "correct horse battery"}
        ).status_code
        == 302
    )


def test_address_is_throttled_across_accounts(client, make_user, ctx):
    make_user()
    for n in range(signin.ADDRESS_LIMIT):
        client.post("/sign-in", data={"email": f"guess{n}@example.org", "password": "x"})
    assert len(ctx.scalars(select(LoginAttempt)).all()) == signin.ADDRESS_LIMIT
    response = client.post(
        "/sign-in", data={"email": "officer@example.org", "password": "correct horse battery"}
    )
    assert "Too many failed sign-ins" in response.get_data(as_text=True)


def test_signing_out_ends_a_copied_session(app, make_user):
    make_user()
    first, second = app.test_client(), app.test_client()
    first.post(
        "/sign-in", data={"email": "officer@example.org", "password": "correct horse battery"}
    )
    cookie = first.get_cookie("session")
    second.set_cookie("session", cookie.value)
    assert "officer@example.org" in second.get("/").get_data(as_text=True)
    first.post("/sign-out")
    assert "officer@example.org" not in second.get("/").get_data(as_text=True)


def test_deactivation_ends_sessions_at_once(client, make_user, ctx):
    user = make_user()
    client.post(
        "/sign-in", data={"email": "officer@example.org", "password": "correct horse battery"}
    )
    user.active = False
    signin.end_sessions(user)
    ctx.commit()
    assert "officer@example.org" not in client.get("/").get_data(as_text=True)
    response = client.post(
        "/sign-in", data={"email": "officer@example.org", "password": "correct horse battery"}
    )
    assert "The e-mail or the password is wrong." in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_language_switch(client):
    client.get("/language/zh?next=/")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page
    client.get("/language/en")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
