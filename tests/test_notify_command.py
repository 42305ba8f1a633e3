"""`flask notify`: due-date reminders once per assignment and due date, the immediate notices that did not leave,
and daily digests (once in 24 hours, in the reader's language, with a working link and a signed unsubscribe
link); run twice, nothing is sent twice. Messages are read from a real SMTP server."""

from datetime import date, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select

from tests.notices_data import assign, cast, recommendation
from uprtrack.core.vocabulary import Delivery, NoticeKind, Status
from uprtrack.models import Digest, Notification, Organisation
from uprtrack.models.base import utcnow
from uprtrack.notifications.commands import run_once
from uprtrack.notifications.events import notify

TODAY = date.today()


def ministry(ctx):
    return ctx.scalar(select(Organisation).where(Organisation.name == "Ministry of Education"))


def notices(ctx, kind=None):
    query = select(Notification).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return ctx.scalars(query).all()


def due_world(ctx, make_user):
    """Four assignments of the ministry: due in 10 days, 5 days late, due in 60 days, late but implemented."""
    people = cast(make_user)
    org = ministry(ctx)
    soon, late, later, done = (recommendation(ctx, f"140.{n}") for n in range(1, 5))
    assign(ctx, soon, org, TODAY + timedelta(days=10))
    assign(ctx, late, org, TODAY - timedelta(days=5))
    assign(ctx, later, org, TODAY + timedelta(days=60))
    assign(ctx, done, org, TODAY - timedelta(days=5))
    done.status = Status.FULLY_IMPLEMENTED
    ctx.commit()
    return people, soon, late


def test_reminders_go_to_the_institutions_members_once_per_due_date(ctx, runner, make_user):
    _, soon, late = due_world(ctx, make_user)
    first = runner.invoke(args=["notify"])
    assert first.exit_code == 0, first.output
    assert "4 reminders made (2 due within 30 days, 2 overdue)" in first.output
    made = notices(ctx)
    assert {(n.kind, n.recommendation_id, n.user.email) for n in made} == {
        (NoticeKind.DUE_SOON, soon.id, "focal@example.org"),
        (NoticeKind.DUE_SOON, soon.id, "focal2@example.org"),
        (NoticeKind.OVERDUE, late.id, "focal@example.org"),
        (NoticeKind.OVERDUE, late.id, "focal2@example.org"),
    }
    assert made[0].params["organisation"] == "Ministry of Education"
    assert "0 reminders made" in runner.invoke(args=["notify"]).output
    assert len(notices(ctx)) == 4

    # A new due date is a new reminder; a recommendation implemented meanwhile gets none.
    soon.assignments[0].due_date = TODAY + timedelta(days=20)
    late.status = Status.FULLY_IMPLEMENTED
    ctx.commit()
    assert (
        "2 reminders made (2 due within 30 days, 0 overdue)"
        in runner.invoke(args=["notify"]).output
    )
    assert len(notices(ctx, NoticeKind.DUE_SOON)) == 4


def test_a_daily_digest_once_in_24_hours_with_links_that_work(
    app, ctx, runner, make_user, smtp_server, client, login
):
    people, soon, late = due_world(ctx, make_user)
    output = runner.invoke(args=["notify"]).output
    assert "2 daily digests sent" in output
    [digest] = smtp_server.to("focal@example.org")
    assert digest["Subject"] == "uprtrack: 2 notifications of the day"
    text = digest.get_body(preferencelist=("plain",)).get_content()
    html = digest.get_body(preferencelist=("html",)).get_content()
    assert "is due on" in text and "is overdue" in text
    base = app.config["BASE_URL"]
    assert (
        f"{base}/recommendations/{soon.id}" in text and f"{base}/recommendations/{late.id}" in html
    )
    unsubscribe = digest["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{base}/notifications/unsubscribe/") and unsubscribe in text
    assert all(n.emailed_at is not None for n in notices(ctx))

    # Run again: nothing new, nothing sent twice.
    assert "0 daily digests sent" in runner.invoke(args=["notify"]).output
    assert len(smtp_server.messages) == 2

    # A new daily notice waits for the 24 hours since the last digest.
    notify(
        ctx, NoticeKind.NEW_ASSESSMENT, [people["focal"]], recommendation=soon, rating="no_progress"
    )
    ctx.commit()
    assert run_once().digests == 0
    assert run_once(utcnow() + timedelta(hours=25)).digests == 1
    assert len(smtp_server.to("focal@example.org")) == 2
    assert ctx.get(Digest, people["focal"].id).sent_at is not None

    # The record's link opens the recommendation, the unsubscribe link its page.
    login("focal@example.org")
    assert client.get(urlsplit(f"{base}/recommendations/{soon.id}").path).status_code == 200
    assert b"Stop the daily digests" in client.get(urlsplit(unsubscribe).path).data


def test_a_digest_is_written_in_the_recipients_language(ctx, runner, make_user, smtp_server):
    people, soon, _ = due_world(ctx, make_user)
    people["focal"].language = "zh"
    ctx.commit()
    runner.invoke(args=["notify"])
    [digest] = smtp_server.to("focal@example.org")
    text = digest.get_body(preferencelist=("plain",)).get_content()
    assert "斯洛文尼亚" in text  # the State's name in Chinese
    due = soon.assignments[0].due_date
    assert f"{due.year}年{due.month}月{due.day}日" in text  # the date as Chinese readers write it
    [english] = smtp_server.to("focal2@example.org")
    assert "Slovenia" in english.get_body(preferencelist=("plain",)).get_content()


def test_a_digest_the_server_refused_is_sent_on_the_next_run(app, ctx, runner, make_user):
    due_world(ctx, make_user)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=2)
    try:
        assert "0 daily digests sent" in runner.invoke(args=["notify"]).output
    finally:
        app.config.update(MAIL_SERVER="", MAIL_PORT=25, MAIL_TIMEOUT=10)
    assert all(n.emailed_at is None for n in notices(ctx))
    assert ctx.scalar(select(func.count()).select_from(Digest)) == 0
    assert "2 daily digests sent" in runner.invoke(args=["notify"]).output


def test_an_immediate_notice_that_did_not_leave_is_sent_once(
    app, ctx, runner, make_user, smtp_server
):
    people = cast(make_user)
    rec = recommendation(ctx)
    port = app.config["MAIL_PORT"]
    app.config.update(MAIL_PORT=9, MAIL_TIMEOUT=2)  # the server is down when the notice is made
    try:
        old, young = (
            notify(ctx, NoticeKind.ASSIGNED, [people[who]], recommendation=rec, organisation="M")[0]
            for who in ("focal", "focal2")
        )
        ctx.commit()
    finally:
        app.config.update(MAIL_PORT=port, MAIL_TIMEOUT=10)
    assert old.delivery == Delivery.IMMEDIATELY and old.emailed_at is None
    old.created_at = utcnow() - timedelta(minutes=10)
    ctx.commit()
    output = runner.invoke(args=["notify"]).output
    assert "1 notice e-mailed that had not left" in output
    [message] = smtp_server.messages
    assert message["To"] == "focal@example.org"
    # The young one is still its request's to send; the old one is not sent again.
    assert young.emailed_at is None
    assert "0 notices e-mailed" in runner.invoke(args=["notify"]).output
    assert len(smtp_server.messages) == 1


def test_every_repeats_until_stopped(ctx, runner, make_user, monkeypatch):
    due_world(ctx, make_user)
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("uprtrack.notifications.commands.time.sleep", sleep)
    result = runner.invoke(args=["notify", "--every", "300"])
    assert result.exit_code == 0, result.output
    assert sleeps == [300, 300]
    assert result.output.count("reminders made") == 2
    assert "4 reminders made" in result.output and "0 reminders made" in result.output
