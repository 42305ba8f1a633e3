"""The follow-up's operations send their notices: an assignment to the institution, civil society's words to the
coordinators for moderation, the decision to the author's organisation, a published assessment to those who follow
the recommendation (by the button, or as its responsible institution)."""

from datetime import date

from sqlalchemy import select

from tests.notices_data import MINISTRY, cast, recommendation
from uprtrack.core.vocabulary import Moderation, NoticeKind
from uprtrack.models import Follow, Notification, Organisation
from uprtrack.recommendations.operations import assign
from uprtrack.voices.operations import add_assessment, add_comment, moderate


def received(ctx, kind=None):
    query = select(Notification).order_by(Notification.user_id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return [(n.kind, n.user.email) for n in ctx.scalars(query)]


def assessment(ctx, rec, user, rating="some_progress"):
    return add_assessment(
        ctx,
        rec,
        user,
        rating=rating,
        text="Progress in two regions.",
        sources="",
        groups_affected="",
        assessed_on=date(2026, 11, 1),
    )


def test_assigning_tells_the_institutions_members_and_mails_them(
    client, ctx, make_user, login, smtp_server
):
    people = cast(make_user)
    rec = recommendation(ctx)
    ctx.commit()
    login("nmrf@example.org")
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == MINISTRY))
    response = client.post(
        f"/recommendations/{rec.id}/assignments",
        data={"assignment-organisation": ministry.id, "assignment-due_date": "2027-06-30"},
    )
    assert response.status_code == 302
    assert received(ctx) == [
        (NoticeKind.ASSIGNED, "focal@example.org"),
        (NoticeKind.ASSIGNED, "focal2@example.org"),
    ]
    notice = ctx.scalar(select(Notification))
    assert notice.params == {"organisation": MINISTRY, "due_date": "2027-06-30"}
    [message] = smtp_server.to("focal@example.org")
    assert "is assigned to Ministry of Education" in message["Subject"]
    assert "30 June 2027" in message["Subject"] or "Jun 30, 2027" in message["Subject"]
    # A new due date is not a new assignment.
    assert assign(ctx, rec, ministry, date(2027, 9, 30), people["coordinator"])
    assert len(received(ctx, NoticeKind.ASSIGNED)) == 2


def test_civil_society_waits_for_moderation_and_hears_the_decision(ctx, make_user):
    people = cast(make_user)
    rec = recommendation(ctx)
    comment = add_comment(ctx, rec, people["cso"], "Schools in the east lack teachers.")
    assert received(ctx) == [(NoticeKind.AWAITING_MODERATION, "nmrf@example.org")]
    notice = ctx.scalar(select(Notification))
    assert notice.params["organisation"] == "Education Coalition"
    moderate(ctx, comment, Moderation.PUBLISHED, people["coordinator"])
    assert received(ctx, NoticeKind.PUBLISHED) == [(NoticeKind.PUBLISHED, "coalition@example.org")]
    second = add_comment(ctx, rec, people["cso"], "Names of pupils here.")
    moderate(ctx, second, Moderation.HIDDEN, people["coordinator"])
    assert received(ctx, NoticeKind.REFUSED) == [(NoticeKind.REFUSED, "coalition@example.org")]


def test_the_nhri_publishes_at_once_without_moderation(ctx, make_user):
    people = cast(make_user)
    rec = recommendation(ctx)
    add_comment(ctx, rec, people["nhri"], "Our report covers it.")
    assert received(ctx, NoticeKind.AWAITING_MODERATION) == []


def test_a_published_assessment_reaches_the_followers(ctx, make_user):
    people = cast(make_user)
    rec = recommendation(ctx)
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == MINISTRY))
    assign(ctx, rec, ministry, None, people["coordinator"])
    ctx.add(Follow(user_id=people["cso"].id, recommendation_id=rec.id))
    ctx.add(Follow(user_id=people["coordinator"].id, recommendation_id=rec.id))
    ctx.flush()

    # The NHRI's is public at once: the followers hear of it (the ministry's members follow without pressing).
    assessment(ctx, rec, people["nhri"])
    assert received(ctx, NoticeKind.NEW_ASSESSMENT) == [
        (NoticeKind.NEW_ASSESSMENT, "nmrf@example.org"),
        (NoticeKind.NEW_ASSESSMENT, "focal@example.org"),
        (NoticeKind.NEW_ASSESSMENT, "focal2@example.org"),
        (NoticeKind.NEW_ASSESSMENT, "coalition@example.org"),
    ]
    notice = ctx.scalar(select(Notification).where(Notification.kind == NoticeKind.NEW_ASSESSMENT))
    assert notice.params == {"organisation": "Human Rights Ombudsman", "rating": "some_progress"}

    # Civil society's waits: nobody hears of it before it is published, then all but its own.
    ctx.add(Follow(user_id=people["nhri"].id, recommendation_id=rec.id))
    pending = assessment(ctx, rec, people["cso"], rating="no_progress")
    assert len(received(ctx, NoticeKind.NEW_ASSESSMENT)) == 4
    moderate(ctx, pending, Moderation.PUBLISHED, people["coordinator"])
    later = ctx.scalars(
        select(Notification).where(
            Notification.kind == NoticeKind.NEW_ASSESSMENT,
            Notification.params["rating"].as_string() == "no_progress",
        )
    ).all()
    assert sorted(n.user.email for n in later) == [
        "focal2@example.org",
        "focal@example.org",
        "ombudsman@example.org",
    ]  # not the moderator who published it, nor the coalition itself


def test_an_unpublished_recommendation_tells_only_government_followers(ctx, make_user):
    people = cast(make_user)
    rec = recommendation(ctx, published=False)
    for who in ("cso", "coordinator"):
        ctx.add(Follow(user_id=people[who].id, recommendation_id=rec.id))
    ctx.flush()
    assessment(ctx, rec, people["nhri"])
    assert received(ctx, NoticeKind.NEW_ASSESSMENT) == [
        (NoticeKind.NEW_ASSESSMENT, "nmrf@example.org")
    ]


def test_follow_and_stop_following_on_the_recommendation_page(client, ctx, make_user, login):
    people = cast(make_user)
    rec = recommendation(ctx)
    hidden = recommendation(ctx, "140.9", published=False)
    ctx.commit()
    page = f"/recommendations/{rec.id}"
    assert "Stop following" not in client.get(page).get_data(as_text=True)
    assert 'action="/notifications/follow' not in client.get(page).get_data(as_text=True)
    login("coalition@example.org")
    assert f'action="/notifications/follow/{rec.id}"' in client.get(page).get_data(as_text=True)
    response = client.post(f"/notifications/follow/{rec.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{page}#follow")
    assert ctx.get(Follow, (people["cso"].id, rec.id)) is not None
    shown = client.get(page).get_data(as_text=True)
    assert "Stop following" in shown and "you hear of each new assessment" in shown
    client.post(f"/notifications/follow/{rec.id}")  # twice is once
    client.post(f"/notifications/stop-following/{rec.id}")
    ctx.expire_all()
    assert ctx.get(Follow, (people["cso"].id, rec.id)) is None
    assert client.post(f"/notifications/follow/{hidden.id}").status_code == 404


def test_the_responsible_institution_follows_without_pressing(client, ctx, make_user, login):
    people = cast(make_user)
    rec = recommendation(ctx)
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == MINISTRY))
    assign(ctx, rec, ministry, None, people["coordinator"])
    ctx.commit()
    login("focal@example.org")
    shown = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "your institution is responsible for it" in shown
    assert "/notifications/follow/" not in shown
