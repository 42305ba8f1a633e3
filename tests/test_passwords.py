"""Changing one's own password, and the administrator's reset from the command line."""

from sqlalchemy import select

from uprtrack.models import AuditEntry

OLD = "correct horse battery"
NEW = "a longer passphrase of 2026"


def sign_in(client, password=OLD):
    return client.post("/sign-in", data={"email": "officer@example.org", "password": password})


def change(client, current=OLD, new=NEW, confirm=None):
    return client.post(
        "/account/password",
        data={"current": current, "new": new, "confirm": confirm if confirm is not None else new},
    )


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(app, make_user, ctx):
    make_user()
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here), sign_in(elsewhere)
    page = here.get("/account/password").get_data(as_text=True)
    assert 'autocomplete="new-password"' in page and 'href="/account/password"' in page
    response = change(here)
    assert response.status_code == 302
    assert "officer@example.org" in here.get("/").get_data(as_text=True)  # this session goes on
    assert "officer@example.org" not in elsewhere.get("/").get_data(as_text=True)
    fresh = app.test_client()
    assert sign_in(fresh, OLD).status_code == 200  # the old password is refused
    assert sign_in(fresh, NEW).status_code == 302
    actions = [e.action for e in ctx.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert "change-password" in actions


def test_a_wrong_current_password_a_short_or_mistyped_new_one_change_nothing(
    app, client, make_user, ctx
):
    make_user()
    sign_in(client)
    for attempt, message in (
        ({"current": "not my password at all"}, "This is not your current password."),
        ({"new": "short", "confirm": "short"}, "Use at least 12 characters."),
        ({"confirm": NEW + "!"}, "The two new passwords differ."),
    ):
        page = change(client, **attempt)
        assert page.status_code == 200 and message in page.get_data(as_text=True)
    assert sign_in(app.test_client(), OLD).status_code == 302
    assert ctx.scalar(select(AuditEntry).where(AuditEntry.action == "change-password")) is None


def test_the_page_needs_a_signed_in_user(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_reset_password_command(app, runner, make_user, ctx):
    make_user()
    signed_in = app.test_client()
    sign_in(signed_in)
    result = runner.invoke(
        args=["reset-password", "Officer@Example.org", "--password-stdin"], input=NEW + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "sessions have ended" in result.output
    assert "officer@example.org" not in signed_in.get("/").get_data(as_text=True)
    assert sign_in(app.test_client(), NEW).status_code == 302
    refused = runner.invoke(
        args=["reset-password", "officer@example.org", "--password-stdin"], input="short\n"
    )
    assert refused.exit_code != 0 and "too short" in refused.output
    unknown = runner.invoke(
        args=["reset-password", "nobody@example.org", "--password-stdin"], input=NEW + "\n"
    )
    assert unknown.exit_code != 0 and "No account has the e-mail" in unknown.output
