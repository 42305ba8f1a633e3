"""Each user chooses per kind how to hear of it (only the kinds of their role) and the language of notices;
the signed unsubscribe link of the digests turns the daily kinds off without signing in."""

from sqlalchemy import select

from tests.notices_data import cast, recommendation
from uprtrack.core.vocabulary import Delivery, NoticeKind
from uprtrack.models import AuditEntry, NotificationPreference, User
from uprtrack.notifications.events import notify
from uprtrack.notifications.preferences import deliveries
from uprtrack.notifications.unsubscribe import token_for


def chosen(ctx, user):
    ctx.expire_all()
    return deliveries(ctx, ctx.get(User, user.id))


def test_the_page_offers_only_the_kinds_of_the_role_with_their_defaults(
    client, ctx, make_user, login
):
    cast(make_user)
    login("coalition@example.org")
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert str(NoticeKind.PUBLISHED.label) in page and str(NoticeKind.NEW_STATUS.label) in page
    assert str(NoticeKind.AWAITING_VALIDATION.label) not in page  # civil society never validates
    assert str(NoticeKind.ASSIGNED.label) not in page
    assert (
        '<input checked id="published-0" name="published" required type="radio" value="immediately">'
        in page
    )
    assert (
        '<input checked id="new_status-1" name="new_status" required type="radio" value="daily">'
        in page
    )
    client.post("/sign-out")
    login("focal@example.org")
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert (
        str(NoticeKind.OVERDUE.label) in page
        and str(NoticeKind.AWAITING_MODERATION.label) not in page
    )


def test_saving_the_settings_changes_what_notify_makes(client, ctx, make_user, login):
    people = cast(make_user)
    login("focal@example.org")
    form = {kind.value: kind.default_delivery for kind in deliveries(ctx, people["focal"])}
    form.update(assigned="off", overdue="immediately", language="zh")
    response = client.post("/notifications/settings", data=form)
    assert response.status_code == 302
    mine = chosen(ctx, people["focal"])
    assert (
        mine[NoticeKind.ASSIGNED] == Delivery.OFF
        and mine[NoticeKind.OVERDUE] == Delivery.IMMEDIATELY
    )
    assert ctx.get(User, people["focal"].id).language == "zh"
    entry = ctx.scalar(
        select(AuditEntry).where(AuditEntry.action == "change-notification-settings")
    )
    assert entry.detail["changes"]["assigned"] == ["immediately", "off"]
    rec = recommendation(ctx)
    assert notify(ctx, NoticeKind.ASSIGNED, [people["focal"]], recommendation=rec) == []
    [late] = notify(ctx, NoticeKind.OVERDUE, [people["focal"]], recommendation=rec, key="k")
    assert late.delivery == Delivery.IMMEDIATELY


def test_a_kind_of_another_role_or_a_bad_choice_is_not_kept(client, ctx, make_user, login):
    people = cast(make_user)
    login("coalition@example.org")
    form = {kind.value: "daily" for kind in deliveries(ctx, people["cso"])}
    response = client.post(
        "/notifications/settings", data={**form, "published": "loudly", "language": "en"}
    )
    shown = response.get_data(as_text=True)
    assert response.status_code == 200 and "Not a valid choice" in shown
    assert 'href="#published"' in shown and 'id="published" tabindex="-1"' in shown
    client.post(
        "/notifications/settings", data={**form, "awaiting_validation": "off", "language": "en"}
    )
    rows = ctx.scalars(
        select(NotificationPreference.kind).where(
            NotificationPreference.user_id == people["cso"].id
        )
    ).all()
    assert NoticeKind.AWAITING_VALIDATION not in rows and NoticeKind.PUBLISHED in rows


def test_switching_the_interface_language_keeps_it_for_notices(client, ctx, make_user, login):
    people = cast(make_user)
    client.get("/language/zh")  # signed out: the session only
    login("ombudsman@example.org")
    client.get("/language/zh")
    ctx.expire_all()
    assert ctx.get(User, people["nhri"].id).language == "zh"
    client.get("/language/en")
    ctx.expire_all()
    assert ctx.get(User, people["nhri"].id).language == "en"


def test_the_notifications_page_links_the_settings(client, make_user, login):
    make_user("nmrf@example.org", role="coordinator")
    login("nmrf@example.org")
    assert 'href="/notifications/settings"' in client.get("/notifications/").get_data(as_text=True)


def test_the_unsubscribe_link_turns_the_daily_kinds_off_without_signing_in(client, ctx, make_user):
    people = cast(make_user)
    focal = people["focal"]
    url = f"/notifications/unsubscribe/{token_for(focal)}"
    page = client.get(url)
    assert page.status_code == 200 and "focal@example.org" in page.get_data(as_text=True)
    assert chosen(ctx, focal)[NoticeKind.DUE_SOON] == Delivery.DAILY  # a GET changes nothing
    done = client.post(url)
    assert done.status_code == 302 and done.headers["Location"] == url
    assert "receives no daily digests" in client.get(url).get_data(as_text=True)
    mine = chosen(ctx, focal)
    assert {kind for kind, d in mine.items() if d == Delivery.OFF} == {
        NoticeKind.DUE_SOON,
        NoticeKind.OVERDUE,
        NoticeKind.NEW_ASSESSMENT,
    }
    assert mine[NoticeKind.ASSIGNED] == Delivery.IMMEDIATELY  # immediate notices are kept
    assert chosen(ctx, people["focal2"])[NoticeKind.DUE_SOON] == Delivery.DAILY
    entry = ctx.scalar(select(AuditEntry).where(AuditEntry.action == "unsubscribe-digest"))
    assert entry.actor == "focal@example.org"


def test_a_bad_or_tampered_unsubscribe_link_says_so(client, ctx, make_user):
    people = cast(make_user)
    token = token_for(people["focal"])
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for url in (f"/notifications/unsubscribe/{tampered}", "/notifications/unsubscribe/nonsense"):
        for method in ("GET", "POST"):
            response = client.open(url, method=method)
            assert response.status_code == 404
            assert "This link does not work" in response.get_data(as_text=True)
    assert chosen(ctx, people["focal"])[NoticeKind.DUE_SOON] == Delivery.DAILY
    people["focal"].active = False
    ctx.commit()
    assert client.get(f"/notifications/unsubscribe/{token}").status_code == 404


def test_signing_in_brings_back_the_accounts_language(app, ctx, make_user, login, client):
    people = cast(make_user)
    client.get("/language/zh")  # chosen before signing in: an account without a language takes it
    login("ombudsman@example.org")
    ctx.expire_all()
    assert ctx.get(User, people["nhri"].id).language == "zh"
    client.post("/sign-out")
    elsewhere = app.test_client()  # another browser, which chose nothing: the account's language
    elsewhere.post(
        "/sign-in", data={"email": "ombudsman@example.org", "password": "correct horse battery"}
    )
    assert '<html lang="zh-Hans">' in elsewhere.get("/").get_data(as_text=True)
    elsewhere.get("/language/en")
    shared = (
        app.test_client()
    )  # a browser left in Chinese by someone else: the account's English wins
    shared.get("/language/zh")
    shared.post(
        "/sign-in", data={"email": "ombudsman@example.org", "password": "correct horse battery"}
    )
    assert '<html lang="en">' in shared.get("/").get_data(as_text=True)
