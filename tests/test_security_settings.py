"""The administrator's setting that makes two-factor sign-in compulsory for staff."""

import re
import time

import pyotp
from sqlalchemy import select

from uprtrack.accounts import policy
from uprtrack.models import AuditEntry, Setting

PASSWORD = "correct horse battery"


def require(ctx, value: bool):
    policy.set_two_factor_required(ctx, value, None)
    ctx.commit()


def turn_on(client) -> None:
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    assert (
        client.post(
            "/account/two-factor/on", data={"code": pyotp.TOTP(secret).at(time.time())}
        ).status_code
        == 200
    )


def test_the_settings_page_saves_and_audits(make_user, login, ctx):
    make_user("admin@example.org", role="admin")
    client = login("admin@example.org")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert 'name="two_factor_required"' in page and "checked" not in page
    first = client.post("/admin/settings", data={"two_factor_required": "y"})
    assert "Turn on your own two-factor sign-in first." in first.get_data(as_text=True)
    assert not policy.two_factor_required(ctx)
    turn_on(client)
    client.post("/admin/settings", data={"two_factor_required": "y"})
    assert policy.two_factor_required(ctx)
    assert "checked" in client.get("/admin/settings").get_data(as_text=True)
    client.post("/admin/settings", data={"two_factor_required": "y"})  # nothing changes
    client.post("/admin/settings", data={})
    assert not policy.two_factor_required(ctx)
    entries = ctx.scalars(
        select(AuditEntry).where(AuditEntry.action == "change-setting").order_by(AuditEntry.id)
    ).all()
    assert [(e.detail["before"], e.detail["after"]) for e in entries] == [
        (False, True),
        (True, False),
    ]
    assert ctx.get(Setting, policy.TWO_FACTOR_REQUIRED).value == "0"


def test_only_an_administrator_changes_the_settings(make_user, login):
    make_user("nmrf@example.org", role="coordinator")
    client = login("nmrf@example.org")
    assert client.get("/admin/settings").status_code == 403
    assert client.post("/admin/settings", data={"two_factor_required": "y"}).status_code == 403


def test_staff_without_two_factor_are_sent_to_set_it_up_until_it_is_done(
    make_user, login, client, ctx
):
    make_user("admin@example.org", role="admin")
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    make_user("nhri@example.org", role="nhri", org="Ombudsman")
    require(ctx, True)
    login("focal@example.org")
    for path in ("/", "/my-work", "/account/password"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/account/two-factor"
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Your administrator requires two-factor sign-in" in page
    turn_on(client)
    assert client.get("/").status_code == 200
    client.post("/sign-out")
    login("nhri@example.org")  # not staff: the rule does not apply
    assert client.get("/").status_code == 200


def test_a_staff_member_can_still_sign_out(make_user, login, client, ctx):
    make_user("admin@example.org", role="admin")
    require(ctx, True)
    login("admin@example.org")
    assert client.get("/admin/users").headers["Location"] == "/account/two-factor"
    assert client.post("/sign-out").status_code == 302
    assert "admin@example.org" not in client.get("/").get_data(as_text=True)
