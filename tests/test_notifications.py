"""Notifications: who gets one, each once, in the app and by e-mail through a real SMTP server."""

import logging

from sqlalchemy import func, select

from uprtrack.core.vocabulary import Delivery, NoticeKind, Role
from uprtrack.models import Notification, NotificationPreference
from uprtrack.notifications.events import coordinators, members, notify
from uprtrack.notifications.mailing import send_committed


def people(ctx, make_user):
    coordinator = make_user("nmrf@example.org", role=Role.COORDINATOR)
    focal = make_user("focal@example.org", role=Role.FOCAL_POINT, org="Ministry of Education")
    ministry = focal.organisation
    return ministry, coordinator, focal


def test_notify_skips_the_actor_the_inactive_and_who_turned_the_kind_off(ctx, make_user):
    ministry, _, focal = people(ctx, make_user)
    other = make_user("nmrf2@example.org", role=Role.COORDINATOR)
    gone = make_user("nmrf3@example.org", role=Role.COORDINATOR)
    gone.active = False
    ctx.add(
        NotificationPreference(
            user_id=other.id, kind=NoticeKind.AWAITING_VALIDATION, delivery=Delivery.OFF
        )
    )
    ctx.commit()
    made = notify(
        ctx,
        NoticeKind.AWAITING_VALIDATION,
        [*coordinators(ctx), *members(ctx, [ministry.id])],
        actor=focal,
        organisation=ministry.name,
        status="planned",
    )
    assert [n.user.email for n in made] == ["nmrf@example.org"]
    assert made[0].delivery == Delivery.IMMEDIATELY


def test_a_reminder_with_a_key_is_made_once(ctx, make_user):
    _, _, focal = people(ctx, make_user)
    for _ in range(3):
        notify(ctx, NoticeKind.DUE_SOON, [focal], key="due:1:1:2027-01-31", due_date="2027-01-31")
        ctx.commit()
    count = ctx.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == focal.id)
    )
    assert count == 1


def test_an_immediate_notice_is_mailed_after_the_commit_with_text_and_a_link(
    ctx, make_user, smtp_server
):
    ministry, coordinator, focal = people(ctx, make_user)
    notify(
        ctx,
        NoticeKind.AWAITING_VALIDATION,
        [coordinator],
        actor=focal,
        organisation=ministry.name,
        status="in_progress",
    )
    assert smtp_server.messages == []  # nothing leaves before the commit
    ctx.commit()
    assert send_committed() == 1
    [message] = smtp_server.to("nmrf@example.org")
    assert "Ministry of Education" in message["Subject"] and "In progress" in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "http://127.0.0.1:5000/notifications/" in text
    assert message.get_body(preferencelist=("html",)) is not None
    notice = ctx.scalar(select(Notification))
    assert notice.emailed_at is not None


def test_a_rolled_back_notice_is_never_mailed(ctx, make_user, smtp_server):
    _, coordinator, focal = people(ctx, make_user)
    notify(ctx, NoticeKind.AWAITING_VALIDATION, [coordinator], actor=focal)
    ctx.rollback()
    assert send_committed() == 0 and smtp_server.messages == []


def test_without_a_mail_server_the_message_goes_to_the_log(ctx, make_user, caplog):
    _, coordinator, focal = people(ctx, make_user)
    notify(ctx, NoticeKind.AWAITING_VALIDATION, [coordinator], actor=focal, organisation="Ministry")
    ctx.commit()
    with caplog.at_level(logging.INFO, logger="uprtrack.mail"):
        assert send_committed() == 1
    assert "nmrf@example.org" in caplog.text and "Ministry" in caplog.text


def test_a_mail_server_that_does_not_answer_leaves_the_notice_unsent(app, ctx, make_user):
    _, coordinator, focal = people(ctx, make_user)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=2)
    try:
        notify(ctx, NoticeKind.AWAITING_VALIDATION, [coordinator], actor=focal)
        ctx.commit()
        assert send_committed() == 0
    finally:
        app.config.update(MAIL_SERVER="", MAIL_PORT=25, MAIL_TIMEOUT=10)
    assert ctx.scalar(select(Notification)).emailed_at is None


def test_the_list_the_header_count_and_marking_read(client, ctx, make_user, login):
    _, coordinator, focal = people(ctx, make_user)
    for status in ("planned", "in_progress"):
        notify(
            ctx,
            NoticeKind.AWAITING_VALIDATION,
            [coordinator],
            actor=focal,
            organisation="Ministry",
            status=status,
        )
    notify(ctx, NoticeKind.VALIDATED, [focal], actor=coordinator, status="planned")
    ctx.commit()
    login("nmrf@example.org")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "2 notifications are unread." in page
    assert page.index("In progress") < page.index("Planned")  # newest first
    assert 'class="count">2<' in page
    mine = ctx.scalars(select(Notification).where(Notification.user_id == coordinator.id)).all()
    response = client.post(f"/notifications/{mine[0].id}/open")
    assert response.status_code == 302 and response.headers["Location"].endswith("/notifications/")
    assert "1 notification is unread." in client.get("/notifications/").get_data(as_text=True)
    theirs = ctx.scalar(select(Notification).where(Notification.user_id == focal.id))
    assert client.post(f"/notifications/{theirs.id}/open").status_code == 404
    client.post("/notifications/read")
    assert "Everything is read." in client.get("/notifications/").get_data(as_text=True)
    ctx.expire_all()
    assert theirs.read_at is None
