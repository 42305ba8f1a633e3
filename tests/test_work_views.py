"""The "my work" page: a focal point's assignments, overdue first, and what others changed since the last visit."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.test_voices_views import COORDINATOR, CSO, FOCAL, NHRI, assessment_data, imported, people  # noqa: F401
from uprtrack.models import (
    Assessment,
    Assignment,
    AuditEntry,
    Comment,
    Evidence,
    Organisation,
    Recommendation,
    StatusChange,
    Theme,
    User,
)
from uprtrack.models.base import utcnow

TODAY = date.today()


@pytest.fixture
def assigned(ctx, imported, people):
    """Assign the first six education recommendations of cycle 4: four to the ministry, two to another one.

    Of the ministry's four: one overdue, one past due but fully implemented (so not overdue), one due later,
    one without a due date.
    """
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == "Ministry of Education"))
    labour = Organisation(name="Ministry of Labour", kind="ministry")
    recs = ctx.scalars(
        select(Recommendation)
        .where(Recommendation.education.is_(True))
        .order_by(Recommendation.id)
        .limit(6)
    ).all()
    recs[1].status = "fully_implemented"
    due = [TODAY + timedelta(days=90), TODAY - timedelta(days=10), None, TODAY - timedelta(days=30)]
    for rec, due_date in zip(recs[:4], due, strict=False):
        ctx.add(Assignment(recommendation=rec, organisation=ministry, due_date=due_date))
    for rec in recs[4:]:
        ctx.add(
            Assignment(recommendation=rec, organisation=labour, due_date=TODAY - timedelta(days=1))
        )
    ctx.commit()
    return [rec.id for rec in recs]


def paragraph(ctx, rec_id):
    return ctx.get(Recommendation, rec_id).paragraph


def test_focal_point_sees_its_institution_overdue_first(client, login, ctx, assigned):
    login(FOCAL)
    page = client.get("/my-work").get_data(as_text=True)
    assert "My work: Ministry of Education" in page
    assert "4 recommendations are assigned." in page and "1 is overdue." in page
    table = page[page.index("<table") : page.index("</table>")]
    # Overdue, then past due but fully implemented, then due later, then undated; another institution's not at all.
    assert re.findall(r"cycle 4, ([\d.]+)", table) == [
        paragraph(ctx, assigned[i]) for i in (3, 1, 0, 2)
    ]
    assert table.count('<span class="badge overdue">Overdue</span>') == 1


def test_focal_point_cannot_open_another_institution(client, login, ctx, assigned):
    labour = ctx.scalar(select(Organisation.id).where(Organisation.name == "Ministry of Labour"))
    login(FOCAL)
    page = client.get(f"/my-work?institution={labour}").get_data(as_text=True)
    assert "My work: Ministry of Education" in page and "Ministry of Labour" not in page


def test_changes_since_the_last_visit(client, login, ctx, assigned, make_user):
    focal = ctx.scalar(select(User).where(User.email == FOCAL))
    colleague = make_user(
        "colleague@example.org", role="coordinator", org="Government Office for Human Rights"
    )
    last_visit = utcnow() - timedelta(days=2)
    focal.work_seen_at = last_visit
    mine, theirs, elsewhere = assigned[0], assigned[2], assigned[4]
    ombudsman = ctx.scalar(
        select(Organisation).where(Organisation.name == "Human Rights Ombudsman")
    )
    coalition = ctx.scalar(
        select(Organisation).where(Organisation.name == "Coalition for the Right to Education")
    )
    ctx.add_all(
        [
            StatusChange(
                recommendation_id=theirs, status="in_progress", changed_on=TODAY, author=colleague
            ),
            StatusChange(
                recommendation_id=mine, status="planned", changed_on=TODAY, author=focal
            ),  # its own
            StatusChange(
                recommendation_id=theirs,
                status="planned",
                changed_on=TODAY,
                author=colleague,
                created_at=last_visit - timedelta(hours=1),
            ),  # before the last visit
            StatusChange(
                recommendation_id=elsewhere, status="planned", changed_on=TODAY, author=colleague
            ),
            Comment(
                recommendation_id=mine,
                organisation=ombudsman,
                body="Teachers were trained.",
                moderation="published",
            ),
            Comment(
                recommendation_id=mine,
                organisation=coalition,
                body="Still waiting for moderation.",
                moderation="pending",
            ),
            Evidence(
                state_id=ctx.get(Recommendation, mine).review.state_id,
                title="Act on Primary Schools",
                kind="law",
                recommendations=[ctx.get(Recommendation, mine)],
            ),
        ]
    )
    ctx.commit()
    login(FOCAL)
    before = utcnow()
    page = client.get("/my-work").get_data(as_text=True)
    changes = page[page.index("Changed since you last marked them as read") :]
    assert "3 changes by others" in changes
    assert (
        "Status set to In progress" in changes and "Government Office for Human Rights" in changes
    )
    assert "Comment published:" in changes and "Teachers were trained." in changes
    assert "Evidence added or changed: Act on Primary Schools" in changes
    assert (
        "Status set to Planned" not in changes
    )  # its own change, an older one, another institution's
    assert "Still waiting for moderation." not in changes
    assert page.count('<span class="badge changed">Changed</span>') == 2

    # Opening the page again changes nothing: the changes stay until they are marked as read.
    ctx.expire_all()
    assert _aware(ctx.get(User, focal.id).work_seen_at) == last_visit
    assert "Teachers were trained." in client.get("/my-work").get_data(as_text=True)
    response = client.post("/my-work/read", data={"next": "/my-work?sort=status"})
    assert response.status_code == 302 and response.headers["Location"] == "/my-work?sort=status"
    ctx.expire_all()
    assert _aware(ctx.get(User, focal.id).work_seen_at) >= before
    entry = ctx.scalar(select(AuditEntry).where(AuditEntry.action == "mark-work-read"))
    assert entry.actor == FOCAL
    again = client.get("/my-work").get_data(as_text=True)
    assert "Nothing has changed." in again and "Teachers were trained." not in again
    assert "Mark as read" not in again


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_an_assessment_published_after_the_visit_is_new_even_if_written_before(
    client, login, ctx, assigned
):
    login(CSO)
    client.post(f"/recommendations/{assigned[0]}/assessments", data=assessment_data())
    client.post("/sign-out")
    login(FOCAL)
    client.get("/my-work")  # the visit: the assessment still awaits moderation
    client.post("/sign-out")
    login(COORDINATOR)
    client.get("/my-work")
    client.post(f"/assessments/{ctx.scalar(select(Assessment.id))}/publish")
    client.post("/sign-out")
    login(FOCAL)
    page = client.get("/my-work").get_data(as_text=True)
    assert (
        "Assessment published: Limited progress" in page
        and "Coalition for the Right to Education" in page
    )


def test_first_visit_shows_the_last_30_days(client, login, ctx, assigned):
    ctx.add(
        Comment(
            recommendation_id=assigned[0],
            body="Old news.",
            moderation="published",
            organisation=ctx.scalar(
                select(Organisation).where(Organisation.name == "Human Rights Ombudsman")
            ),
            created_at=datetime.now(UTC) - timedelta(days=40),
        )
    )
    ctx.add(
        Comment(
            recommendation_id=assigned[0],
            body="Recent news.",
            moderation="published",
            organisation=ctx.scalar(
                select(Organisation).where(Organisation.name == "Human Rights Ombudsman")
            ),
        )
    )
    ctx.commit()
    login(FOCAL)
    page = client.get("/my-work").get_data(as_text=True)
    assert (
        "Changes in the last 30 days" in page and "Recent news." in page and "Old news." not in page
    )


def test_coordinator_sees_counts_per_institution_and_opens_one(client, login, ctx, assigned):
    login(COORDINATOR)
    page = client.get("/my-work").get_data(as_text=True)
    assert "My work: all institutions" in page
    rows = {
        cells[0]: cells[1:]
        for cells in _rows(page, "Recommendations assigned to each responsible institution")
    }
    assert rows["Ministry of Education"] == ["4", "1", "1"]
    assert rows["Ministry of Labour"] == ["2", "2", "0"]
    labour = ctx.scalar(select(Organisation.id).where(Organisation.name == "Ministry of Labour"))
    one = client.get(f"/my-work?institution={labour}").get_data(as_text=True)
    assert "My work: Ministry of Labour" in one and "2 are overdue." in one
    assert client.get("/my-work?institution=999999").status_code == 404


def test_focal_point_without_an_institution(client, login, make_user):
    make_user("alone@example.org", role="focal_point")
    login("alone@example.org")
    response = client.get("/my-work")
    assert (
        response.status_code == 200
        and "Your account is not linked to an institution" in response.get_data(as_text=True)
    )


def test_public_is_sent_to_sign_in(client):
    assert "/sign-in" in client.get("/my-work").headers["Location"]


def _rows(page, caption):
    """Return the text of each body row's cells of the table with this caption."""
    table = page[page.index(caption) :]
    table = table[: table.index("</table>")]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody>") :], re.S)
    ]


def test_opening_the_work_page_never_moves_the_bookmark(client, login, ctx, assigned):
    ministry = ctx.scalar(
        select(Organisation.id).where(Organisation.name == "Ministry of Education")
    )
    login(COORDINATOR)
    client.get(f"/my-work?institution={ministry}")
    client.get("/my-work")
    assert ctx.scalar(select(User.work_seen_at).where(User.email == COORDINATOR)) is None
    client.post("/my-work/read", data={"next": f"/my-work?institution={ministry}"})
    assert ctx.scalar(select(User.work_seen_at).where(User.email == COORDINATOR)) is not None


def test_mark_as_read_is_a_post_of_staff(client, login, people):
    login(NHRI)
    assert client.post("/my-work/read").status_code == 403
    client.post("/sign-out")
    login(FOCAL)
    assert client.get("/my-work/read").status_code == 405


def test_coordinator_is_told_what_awaits_moderation(client, login, assigned):
    login(CSO)
    client.post(f"/recommendations/{assigned[0]}/comments", data={"comment-body": "Please look."})
    client.post("/sign-out")
    login(COORDINATOR)
    assert "1 comment or assessment awaits moderation." in client.get("/my-work").get_data(
        as_text=True
    )


def test_focal_point_filters_and_sorts_its_assignments(client, login, ctx, assigned):
    """Of the ministry's four: due in 90 days, past due but done, undated, 30 days overdue."""
    soon = ctx.scalar(select(Assignment).where(Assignment.recommendation_id == assigned[0]))
    soon.due_date = TODAY + timedelta(days=20)
    theme = Theme(name="Inclusive schooling")
    undated = ctx.get(Recommendation, assigned[2])
    undated.themes.append(theme)
    undated.status = "planned"
    ctx.commit()
    login(FOCAL)

    def shown(query):
        page = client.get(f"/my-work?{query}").get_data(as_text=True)
        table = page[page.index("<table") : page.index("</table>")] if "<table" in page else ""
        return re.findall(r"cycle 4, ([\d.]+)", table), page

    names = [paragraph(ctx, i) for i in assigned]
    assert shown("due=overdue")[0] == [names[3]]
    assert shown("due=soon")[0] == [names[0]]
    assert shown("status=planned")[0] == [names[2]]
    assert shown(f"theme={theme.id}")[0] == [names[2]]
    by_status, page = shown("sort=status")
    assert by_status == [
        names[i] for i in (0, 3, 2, 1)
    ]  # not started (by id), planned, fully implemented
    assert '<option selected value="status">' in page
    empty, page = shown("status=in_progress")
    assert empty == [] and "No assignment matches these filters." in page
    by_paragraph, _ = shown("sort=paragraph")
    assert sorted(by_paragraph, key=lambda p: [int(n) for n in p.split(".")]) == by_paragraph
