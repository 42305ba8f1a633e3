"""Bulk work on the recommendations list: every recommendation of a filter across pages, counted before anything
happens, confirmed on a page of its own, bounded, in one transaction, audited once per step."""

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, insert, select

from tests.conftest import people_login
from tests.test_import_command import CYCLE3, CYCLE4
from uprtrack.models import AuditEntry, Notification, Recommendation, Review, State, StatusChange
from uprtrack.notifications.words import destination, notice_text
from uprtrack.recommendations import bulk

PEOPLE = {
    "coord@example.org": ("coordinator", "Government Office for Human Rights"),
    "focal@example.org": ("focal_point", "Ministry of Education"),
}
CYCLE4_EDUCATION = "/recommendations?cycle=4"


@pytest.fixture
def data(import_files, ctx):
    import_files(CYCLE3, CYCLE4)
    return ctx


@pytest.fixture
def coordinator(client, login, make_user, data):
    people_login(client, login, make_user, data, PEOPLE)("coord@example.org")
    return client


def status_step(back=CYCLE4_EDUCATION, **changes):
    form = {
        "bulk-scope": "filter",
        "bulk-status": "in_progress",
        "bulk-changed_on": date.today().isoformat(),
        "bulk-note": "The national action plan for inclusive education covers these.",
        "bulk-next": back,
        "bulk-expected": "36",
    }
    form.update(changes)
    return form


def steps(ctx, action):
    ctx.expire_all()
    return ctx.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def statuses(ctx, status="in_progress"):
    return ctx.scalar(
        select(func.count()).select_from(StatusChange).where(StatusChange.status == status)
    )


def test_the_list_counts_the_whole_filter_before_anything_happens(coordinator):
    page = coordinator.get(CYCLE4_EDUCATION).get_data(as_text=True)
    assert "Select all 36 recommendations of this filter, on every page" in page
    assert 'name="bulk-expected" value="36"' in page
    assert "Page 1 of 2" in page  # more than one page: the selection goes beyond what is shown


def test_one_status_for_every_recommendation_of_the_filter(coordinator, data):
    confirm = coordinator.post("/recommendations/bulk/status", data=status_step())
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Set the status of 36 recommendations to In progress?" in page
    assert "The first 10 of 36 recommendations" in page and "Nothing has changed yet." in page
    assert "The national action plan for inclusive education covers these." in page
    assert statuses(data) == 0 and steps(data, "bulk-change-status") == []

    repeated = dict(re.findall(r'<input type="hidden" name="(bulk-[a-z_]+)" value="([^"]*)"', page))
    assert repeated["bulk-expected"] == "36" and repeated["bulk-scope"] == "filter"
    done = coordinator.post(
        "/recommendations/bulk/status", data={**status_step(), "confirmed": "yes"}
    )
    assert done.status_code == 302 and done.headers["Location"] == CYCLE4_EDUCATION
    assert statuses(data) == 36
    (step,) = steps(data, "bulk-change-status")
    assert step.detail["count"] == 36 and step.detail["status"] == "in_progress"
    assert uuid.UUID(step.detail["batch"]) and step.detail["selection"] == "cycle=4"
    assert (
        len(steps(data, "change-status")) == 36
    )  # each recommendation's history has its own entry
    recs = data.scalars(
        select(Recommendation).join(Review).where(Review.cycle == 4, Recommendation.education)
    ).all()
    assert {r.status for r in recs} == {"in_progress"}
    notes = {c.note for c in data.scalars(select(StatusChange))}
    assert notes == {"The national action plan for inclusive education covers these."}
    flash = coordinator.get(CYCLE4_EDUCATION).get_data(as_text=True)
    assert "Status of 36 recommendations set to In progress." in flash


def test_ticked_ids_only_narrow_the_filter(coordinator, data):
    cycle3 = data.scalar(select(Recommendation.id).join(Review).where(Review.cycle == 3).limit(1))
    page = coordinator.get(CYCLE4_EDUCATION).get_data(as_text=True)
    shown = [int(i) for i in re.findall(r'name="bulk-recs" value="(\d+)"', page)][:20]
    form = status_step(**{"bulk-scope": "ticked", "bulk-recs": [*shown, cycle3]})
    confirm = coordinator.post("/recommendations/bulk/status", data=form).get_data(as_text=True)
    assert "Set the status of 20 recommendations to In progress?" in confirm
    coordinator.post(
        "/recommendations/bulk/status", data={**form, "bulk-expected": "20", "confirmed": "yes"}
    )
    changed = data.scalars(select(StatusChange.recommendation_id)).all()
    assert sorted(changed) == sorted(shown) and cycle3 not in changed
    assert steps(data, "bulk-change-status")[0].detail["count"] == 20


def test_a_selection_that_changed_since_the_page_is_confirmed_again(coordinator, data):
    confirm = coordinator.post(
        "/recommendations/bulk/status",
        data=status_step(**{"bulk-expected": "30", "confirmed": "yes"}),
    ).get_data(as_text=True)
    assert "The list showed 30 when you chose; the filter now gives 36 recommendations." in confirm
    assert statuses(data) == 0


def test_a_step_is_bounded(coordinator, data, monkeypatch):
    monkeypatch.setattr(bulk, "LIMIT", 10)
    page = coordinator.post(
        "/recommendations/bulk/status", data=status_step(confirmed="yes")
    ).get_data(as_text=True)
    assert "One step changes at most 10 recommendations" in page
    assert statuses(data) == 0


def test_a_status_is_not_dated_before_the_current_one(coordinator, data):
    rec = data.scalar(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == 4, Recommendation.education)
        .order_by(Recommendation.id)
        .limit(1)
    )
    rec.status_date = date.today()
    data.commit()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    page = coordinator.post(
        "/recommendations/bulk/status", data=status_step(**{"bulk-changed_on": yesterday})
    ).get_data(as_text=True)
    assert "These recommendations have a status dated after" in page and rec.paragraph in page
    assert statuses(data) == 0


def test_only_the_national_mechanism_works_in_bulk(client, login, make_user, data):
    people_login(client, login, make_user, data, PEOPLE)("focal@example.org")
    assert client.post("/recommendations/bulk/status", data=status_step()).status_code == 403
    assert "Select all" not in client.get(CYCLE4_EDUCATION).get_data(as_text=True)


def test_two_thousand_recommendations_in_one_step(coordinator, data):
    state = data.scalar(select(State).where(State.iso3 == "FRA"))
    review = Review(state=state, cycle=4, session=43)
    data.add(review)
    data.flush()
    data.execute(
        insert(Recommendation),
        [
            {
                "review_id": review.id,
                "paragraph": f"150.{n}",
                "text": f"Ensure inclusive education, {n}",
                "text_key": f"bulk-{n}",
                "education": True,
                "status": "not_started",
                "position": "Supported",
            }
            for n in range(1, 2001)
        ],
    )
    data.commit()
    back = "/recommendations?state=FRA"
    assert "Select all 2000 recommendations" in coordinator.get(back).get_data(as_text=True)
    form = status_step(back, **{"bulk-expected": "2000", "confirmed": "yes"})
    assert coordinator.post("/recommendations/bulk/status", data=form).status_code == 302
    assert statuses(data) == 2000
    (step,) = steps(data, "bulk-change-status")
    assert step.detail["count"] == 2000


def test_a_bulk_assignment_tells_the_institution_once(coordinator, data, make_user):
    focal = make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    form = {
        "bulk-scope": "filter",
        "bulk-institution": focal.organisation_id,
        "bulk-due_date": "2027-06-30",
        "bulk-next": CYCLE4_EDUCATION,
        "bulk-expected": "36",
        "confirmed": "yes",
    }
    assert coordinator.post("/recommendations/bulk/assign", data=form).status_code == 302
    notices = data.scalars(select(Notification).where(Notification.user_id == focal.id)).all()
    assert [(n.kind, n.params["count"]) for n in notices] == [("assigned", 36)]
    # The notice reads in words, and leads to the institution's work.
    assert notice_text(notices[0]).startswith("36 recommendations are assigned to Ministry")
    assert destination(notices[0]) == ("work.index", {})
