"""The NHRI's and civil society's work page: what their organisation has not assessed, where the government's status
changed since their latest assessment, where their rating and the status disagree; and revising an assessment."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.test_voices_views import CSO, FOCAL, NHRI, assessment_data, imported, people  # noqa: F401
from uprtrack.core.vocabulary import RATING_PROGRESS, STATUS_PROGRESS, Rating, Status, disagree
from uprtrack.models import Assessment, Organisation, Recommendation, StatusChange
from uprtrack.models.base import utcnow

EARLIER = utcnow() - timedelta(days=3)


def test_the_progress_scale_places_every_status_and_every_rating_but_one():
    assert set(STATUS_PROGRESS) == set(Status)
    assert set(RATING_PROGRESS) == set(Rating) - {Rating.NOT_ASSESSABLE}
    assert disagree("not_started", "limited_progress") and disagree(
        "fully_implemented", "some_progress"
    )
    assert not disagree("planned", "no_progress") and not disagree("in_progress", "some_progress")
    assert not any(disagree(status, "not_assessable") for status in Status)


def org(ctx, name):
    return ctx.scalar(select(Organisation).where(Organisation.name == name))


@pytest.fixture
def assessed(ctx, imported, people):
    """Five education recommendations: three assessed by the NHRI three days ago, one by civil society only, one
    unpublished; the government recorded a status on the second after the NHRI's assessment."""
    recs = ctx.scalars(
        select(Recommendation).where(Recommendation.education.is_(True)).order_by(Recommendation.id)
    ).all()
    ombudsman, coalition = (
        org(ctx, "Human Rights Ombudsman"),
        org(ctx, "Coalition for the Right to Education"),
    )

    def assessment(rec, organisation, rating, at=EARLIER):
        return Assessment(
            recommendation=rec,
            organisation=organisation,
            rating=rating,
            text=f"{rating} on {rec.paragraph}",
            assessed_on=date.today() - timedelta(days=3),
            moderation="published",
            created_at=at,
            updated_at=at,
        )

    ctx.add_all(
        [
            # Limited progress where nothing has started: they disagree.
            assessment(recs[0], ombudsman, "limited_progress"),
            # No progress, then the government says "planned": still nothing done, but a new status to weigh.
            assessment(recs[1], ombudsman, "no_progress"),
            StatusChange(recommendation=recs[1], status="planned", changed_on=date.today()),
            # Cannot be assessed never disagrees, whatever the status.
            assessment(recs[2], ombudsman, "not_assessable"),
            assessment(recs[3], coalition, "some_progress"),
            # An old status change, before the assessment, is no news.
            StatusChange(
                recommendation=recs[0],
                status="not_started",
                changed_on=date.today() - timedelta(days=10),
                created_at=EARLIER - timedelta(days=1),
            ),
        ]
    )
    recs[1].status = "planned"
    recs[4].published = False
    ctx.commit()
    return [rec.id for rec in recs]


def listed(page):
    return [int(i) for i in re.findall(r'<a href="/recommendations/(\d+)">', page)]


def counts(page):
    return [int(n) for n in re.findall(r'<span class="count">\((\d+)\)</span>', page)]


def test_nhri_work_page_lists_and_counts(client, login, assessed):
    login(NHRI)
    page = client.get("/my-work").get_data(as_text=True)
    assert "My work: Human Rights Ombudsman" in page
    # 36 education recommendations in cycle 4: three assessed by the NHRI, one unpublished.
    assert counts(page) == [32, 1, 1]
    assert "32 recommendations." in page
    assert assessed[3] in listed(page) or "Page 1 of 2" in page
    assert not {assessed[0], assessed[1], assessed[2], assessed[4]} & set(listed(page))

    changed = client.get("/my-work?list=status_changed").get_data(as_text=True)
    assert listed(changed) == [assessed[1]] and "1 recommendation." in changed
    assert "Revise your assessment" in changed and "No progress" in changed

    differ = client.get("/my-work?list=disagree").get_data(as_text=True)
    assert listed(differ) == [assessed[0]] and "Limited progress" in differ


def test_the_lists_take_the_list_filters_and_order(client, login, ctx, assessed):
    login(NHRI)
    rec = ctx.get(Recommendation, assessed[3])
    page = client.get(f"/my-work?q={rec.paragraph}&sort=paragraph").get_data(as_text=True)
    assert assessed[3] in listed(page)
    assert all(ctx.get(Recommendation, i).paragraph.startswith(rec.paragraph) for i in listed(page))
    assert (
        client.get("/my-work?list=disagree&status=planned")
        .get_data(as_text=True)
        .count('<span class="count">(0)</span>')
        == 2
    )
    ordered = listed(client.get("/my-work?sort=status&per_page=100").get_data(as_text=True))
    statuses = [Status.codes().index(ctx.get(Recommendation, i).status) for i in ordered]
    assert statuses == sorted(statuses) and len(ordered) == 32


def test_a_revision_counts_the_latest_assessment_only(client, login, ctx, assessed):
    login(NHRI)
    response = client.post(
        f"/recommendations/{assessed[0]}/assessments",
        data=assessment_data(**{"assessment-rating": "no_progress"}),
    )
    assert response.status_code == 302
    page = client.get("/my-work?list=disagree").get_data(as_text=True)
    assert counts(page) == [32, 1, 0]
    # Another organisation's assessments are its own lists' business.
    client.post("/sign-out")
    login(CSO)
    page = client.get("/my-work").get_data(as_text=True)
    assert counts(page) == [34, 0, 1]


def test_revising_starts_from_the_previous_assessment(client, login, ctx, assessed):
    login(NHRI)
    form = client.get(f"/recommendations/{assessed[0]}/assessments").get_data(as_text=True)
    assert "Revise your assessment" in form
    assert '<option selected value="limited_progress">' in form
    rec = ctx.get(Recommendation, assessed[0])
    assert f"limited_progress on {rec.paragraph}</textarea>" in form
    assert f'value="{date.today().isoformat()}"' in form  # a new assessment is dated today
    data = assessment_data(
        **{
            "assessment-rating": "some_progress",
            "assessment-text": f"limited_progress on {rec.paragraph}. Since then, a new law.",
        }
    )
    client.post(f"/recommendations/{assessed[0]}/assessments", data=data)
    items = ctx.scalars(
        select(Assessment).where(Assessment.recommendation_id == rec.id).order_by(Assessment.id)
    ).all()
    assert [a.rating for a in items] == ["limited_progress", "some_progress"]
    again = client.get(f"/recommendations/{assessed[0]}/assessments").get_data(as_text=True)
    history = again[again.index("newest first") :]
    assert history.index("Some progress") < history.index("Limited progress")
    shown = client.get(f"/recommendations/{assessed[0]}").get_data(as_text=True)
    assert "Earlier assessment by this organisation (1)" in shown
    assert (
        "Since then, a new law.</textarea>" in shown
    )  # the page's form starts from the latest too


def test_a_first_assessment_starts_empty(client, login, assessed):
    login(CSO)
    form = client.get(f"/recommendations/{assessed[0]}/assessments").get_data(as_text=True)
    assert "Assess implementation" in form and "Revise your assessment" not in form
    rating = form[form.index('name="assessment-rating"') :]
    assert "selected" not in rating[: rating.index("</select>")]
    assert re.search(r'name="assessment-text"[^>]*>\s*</textarea>', form)


def test_staff_keep_their_own_work_page(client, login, assessed):
    login(FOCAL)
    page = client.get("/my-work").get_data(as_text=True)
    assert "My work: Ministry of Education" in page and "Not assessed yet" not in page


def test_an_account_without_an_organisation_is_told_why_the_page_is_empty(client, login, make_user):
    make_user("alone@example.org", role="nhri")
    login("alone@example.org")
    page = client.get("/my-work").get_data(as_text=True)
    assert "Your account is not linked to an organisation" in page


def test_the_filter_form_keeps_the_list_it_filters(client, login, assessed):
    login(NHRI)
    page = client.get("/my-work?list=disagree").get_data(as_text=True)
    assert '<input type="hidden" name="list" value="disagree">' in page
    assert 'aria-current="page">Your rating and the government' in page
