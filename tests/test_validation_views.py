"""The validation queue, withdrawal and the backwards confirmation, through the pages a person uses."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import people_login
from uprtrack.core.vocabulary import EntryState, Role
from uprtrack.models import (
    Assignment,
    AuditEntry,
    ImplementationAction,
    Organisation,
    Recommendation,
    Review,
    State,
    StatusChange,
)

PEOPLE = {
    "focal@example.org": (Role.FOCAL_POINT, "Ministry of Education"),
    "other@example.org": (Role.FOCAL_POINT, "Ministry of Health"),
    "nmrf@example.org": (Role.COORDINATOR, None),
}


@pytest.fixture
def login(client, login, make_user, ctx):
    return people_login(client, login, make_user, ctx, PEOPLE)


@pytest.fixture
def recs(ctx, login):
    """Two recommendations to Slovenia assigned to the Ministry of Education, the focal point signed in."""
    login("nmrf@example.org")
    login("focal@example.org")
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == "Ministry of Education"))
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    review = Review(state=state, cycle=4, session=48)
    made = []
    for n in (1, 2):
        rec = Recommendation(
            review=review, paragraph=f"140.{n}", text=f"Ensure education {n}", text_key=str(n)
        )
        ctx.add_all([rec, Assignment(recommendation=rec, organisation=ministry)])
        made.append(rec)
    ctx.commit()
    return made


def text(response) -> str:
    return response.get_data(as_text=True)


def propose(client, rec, status="planned", on="2025-01-10", note="A plan is adopted.", **extra):
    return client.post(
        f"/recommendations/{rec.id}/status",
        data={
            "status-status": status,
            "status-changed_on": on,
            "status-note": note,
            "status-version": str(rec.version),
            **extra,
        },
    )


def test_a_proposal_reaches_the_coordinator_by_mail_and_waits_in_the_queue(
    client, ctx, login, recs, smtp_server
):
    rec = recs[0]
    response = propose(client, rec, note="The government adopted the plan.")
    assert response.status_code == 302
    ctx.expire_all()
    assert rec.status == "not_started"
    [mail] = smtp_server.to("nmrf@example.org")
    assert "Ministry of Education" in mail.get_body(("plain",)).get_content()
    page = text(client.get("/recommendations?education=0&state=SVN"))
    assert "proposed: Planned" in page
    assert client.get("/validation").status_code == 403
    login("nmrf@example.org")
    page = text(client.get("/validation"))
    assert 'href="/validation"' in page  # in the main menu
    assert "1 entry awaits validation" in page
    assert "The government adopted the plan." in page and "focal@example.org" in page
    assert "Ministry of Education" in page and "now:</span>" not in page
    client.post("/sign-out")
    page = text(client.get(f"/recommendations/{rec.id}"))
    assert "The government adopted the plan." not in page and "proposed:" not in page


def test_the_coordinator_validates_one_by_one_and_the_public_then_sees_it(client, ctx, login, recs):
    rec = recs[0]
    propose(client, rec, note="The government adopted the plan.")
    change = ctx.scalars(select(StatusChange)).one()
    login("nmrf@example.org")
    response = client.post(
        "/validation/validate", data={"one": f"status-{change.id}", "next": "/validation"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/validation"
    ctx.expire_all()
    assert (change.entry_state, rec.status) == ("validated", "planned")
    assert "Nothing awaits validation." in text(client.get("/validation"))
    entry = ctx.scalars(select(AuditEntry).where(AuditEntry.action == "validate-status")).one()
    assert entry.detail["entry_id"] == change.id
    client.post("/sign-out")
    page = text(client.get(f"/recommendations/{rec.id}"))
    assert "The government adopted the plan." in page and "Proposed" not in page


def test_ticked_entries_are_validated_or_returned_with_a_reason(client, ctx, login, recs):
    for rec in recs:
        propose(client, rec, note=f"Plan for {rec.paragraph}.")
    client.post(
        f"/recommendations/{recs[0].id}/actions",
        data={"action-taken_on": "2025-01-12", "action-description": "Teachers trained."},
    )
    first, second = ctx.scalars(select(StatusChange).order_by(StatusChange.id)).all()
    action = ctx.scalars(select(ImplementationAction)).one()
    login("nmrf@example.org")
    page = text(client.get("/validation?kind=action"))
    assert "1 entry awaits validation" in page and "Teachers trained." in page
    assert "3 entries await validation" in text(client.get("/validation"))
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == "Ministry of Education"))
    review = recs[0].review_id
    assert "3 entries await validation" in text(
        client.get(f"/validation?institution={ministry.id}&review={review}")
    )
    assert "0 entries await validation" in text(client.get(f"/validation?review={review + 1}"))
    assert "0 entries await validation" in text(
        client.get(f"/validation?institution={ministry.id + 1000}")
    )
    ticked = {"entries": [f"status-{first.id}", f"action-{action.id}"], "next": "/validation"}
    assert client.post("/validation/validate", data=ticked).status_code == 302
    ctx.expire_all()
    assert (first.entry_state, action.entry_state, second.entry_state) == (
        "validated",
        "validated",
        "proposed",
    )
    back = {"entries": [f"status-{second.id}"], "next": "/validation", "reason": ""}
    asked = client.post("/validation/return", data=back)
    assert asked.status_code == 200 and "Return the ticked entries" in text(asked)
    refused = client.post("/validation/return", data={**back, "confirmed": "yes"})
    assert refused.status_code == 302
    ctx.expire_all()
    assert second.entry_state == "proposed"  # no reason, no return
    done = client.post(
        "/validation/return", data={**back, "reason": "Which plan?", "confirmed": "yes"}
    )
    assert done.status_code == 302
    ctx.expire_all()
    assert (second.entry_state, second.decision_reason) == ("returned", "Which plan?")
    assert recs[1].status == "not_started"
    login("focal@example.org")
    page = text(client.get(f"/recommendations/{recs[1].id}"))
    assert "Returned to its author" in page and "Which plan?" in page


def test_one_entry_is_returned_from_its_own_page_with_a_required_reason(client, ctx, login, recs):
    propose(client, recs[0])
    change = ctx.scalars(select(StatusChange)).one()
    login("nmrf@example.org")
    url = f"/validation/status/{change.id}/return"
    assert "Why it goes back to its author" in text(client.get(url))
    page = text(client.post(url, data={"reason": " ", "confirmed": "yes"}))
    assert "Say why, so that the author can correct it." in page
    assert client.post(url, data={"reason": "Date?", "confirmed": "yes"}).status_code == 302
    ctx.expire_all()
    assert change.entry_state == EntryState.RETURNED
    assert client.get("/validation/evidence/999999/return").status_code == 404
    assert client.get(f"/validation/nothing/{change.id}/return").status_code == 404


def test_a_bulk_step_is_validated_as_one(client, ctx, login, recs, make_user):
    from uprtrack.models import User
    from uprtrack.recommendations import operations

    focal = ctx.scalar(select(User).where(User.email == "focal@example.org"))
    for rec in recs:
        operations.change_status(
            ctx, rec, "planned", date(2025, 1, 10), "Plan.", focal, batch="b" * 36
        )
    ctx.commit()
    login("nmrf@example.org")
    page = text(client.get("/validation"))
    assert "2 status changes proposed in one step by focal@example.org" in page
    response = client.post(f"/validation/batches/{'b' * 36}/validate", data={})
    assert response.status_code == 302
    ctx.expire_all()
    assert [r.status for r in recs] == ["planned", "planned"]


def test_an_entry_made_in_error_is_withdrawn_struck_through_and_the_status_goes_back(
    client, ctx, login, recs
):
    rec = recs[0]
    login("nmrf@example.org")
    propose(client, rec, status="planned", note="Plan adopted.")
    ctx.expire_all()  # the form carries the version the page showed
    propose(client, rec, status="fully_implemented", on="2025-02-01", note="Wrong one.")
    ctx.expire_all()
    assert rec.status == "fully_implemented"
    wrong = ctx.scalars(select(StatusChange).order_by(StatusChange.id.desc())).first()
    login("other@example.org")  # another ministry's focal point may not withdraw it
    assert client.get(f"/entries/status/{wrong.id}/withdraw").status_code == 403
    # The coordinator wrote it: the responsible institution's focal point may not withdraw it either.
    login("focal@example.org")
    assert client.get(f"/entries/status/{wrong.id}/withdraw").status_code == 403
    login("nmrf@example.org")
    page = text(client.get(f"/recommendations/{rec.id}"))
    assert f"/entries/status/{wrong.id}/withdraw" in page
    url = f"/entries/status/{wrong.id}/withdraw"
    asked = client.post(url, data={"reason": "Typed on the wrong recommendation."})
    assert asked.status_code == 200 and "Withdraw this entry?" in text(asked)
    assert "Say what was wrong" in text(client.post(url, data={"reason": "", "confirmed": "yes"}))
    done = client.post(
        url, data={"reason": "Typed on the wrong recommendation.", "confirmed": "yes"}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith(
        f"/recommendations/{rec.id}#status"
    )
    ctx.expire_all()
    assert (rec.status, rec.status_date) == ("planned", date(2025, 1, 10))
    page = text(client.get(f"/recommendations/{rec.id}"))
    history = re.search(r'<ol class="timeline status-history"[^>]*>.*?</ol>', page, re.S).group(0)
    assert "<del>Wrong one.</del>" in history
    assert (
        "Withdrawn by nmrf@example.org" in history
        and "Typed on the wrong recommendation." in history
    )
    client.post("/sign-out")
    page = text(client.get(f"/recommendations/{rec.id}"))
    assert "Wrong one." not in page and "Plan adopted." in page
    csv = text(client.get("/recommendations/export.csv?state=SVN&cycle=4&education=0"))
    assert "Plan adopted." in csv and "Wrong one." not in csv


def test_a_focal_point_withdraws_its_own_proposal(client, ctx, login, recs):
    propose(client, recs[0], note="Too early.")
    change = ctx.scalars(select(StatusChange)).one()
    url = f"/entries/status/{change.id}/withdraw"
    assert "Withdraw an entry made in error" in text(client.get(url))
    assert client.post(url, data={"reason": "Too early.", "confirmed": "yes"}).status_code == 302
    ctx.expire_all()
    assert change.entry_state == "withdrawn"
    assert client.post(url, data={"reason": "x", "confirmed": "yes"}).status_code == 302
    login("nmrf@example.org")
    assert "Nothing awaits validation." in text(client.get("/validation"))


def test_a_change_that_goes_backwards_asks_for_confirmation(client, ctx, login, recs):
    rec = recs[0]
    login("nmrf@example.org")
    assert propose(client, rec, status="fully_implemented", note="Law adopted.").status_code == 302
    ctx.expire_all()
    page = text(client.get(f"/recommendations/{rec.id}"))
    assert "I confirm this change goes backwards" not in page
    response = propose(client, rec, status="not_started", on="2025-02-01", note="Law repealed.")
    page = text(response)
    assert response.status_code == 200
    assert "This change goes backwards" in page and "I confirm this change goes backwards" in page
    assert "Law repealed.</textarea>" in page
    ctx.expire_all()
    assert rec.status == "fully_implemented"
    response = propose(
        client, rec, status="not_started", on="2025-02-01", note="", **{"status-backwards": "y"}
    )
    assert response.status_code == 200 and "Say why the status is what it is" in text(response)
    response = propose(
        client,
        rec,
        status="not_started",
        on="2025-02-01",
        note="Law repealed.",
        **{"status-backwards": "y"},
    )
    assert response.status_code == 302
    ctx.expire_all()
    assert rec.status == "not_started"


def test_evidence_a_focal_point_attaches_is_proposed_and_published_once_validated(
    client, ctx, login, recs
):
    from uprtrack.models import Evidence

    rec = recs[0]
    response = client.post(
        f"/recommendations/{rec.id}/evidence",
        data={
            "evidence-title": "Inclusive Education Act",
            "evidence-kind": "law",
            "evidence-url": "https://www.pisrs.si/act",
        },
    )
    assert response.status_code == 302, text(response)
    evidence = ctx.scalars(select(Evidence)).one()
    assert (evidence.entry_state, evidence.published, evidence.author_id) == (
        "proposed",
        False,
        ctx.scalar(select(AuditEntry.user_id).where(AuditEntry.action == "create")),
    )
    page = text(client.get(f"/recommendations/{rec.id}"))
    assert "Inclusive Education Act" in page and "Proposed, awaiting validation" in page
    page = text(client.get("/evidence"))
    assert "Inclusive Education Act" in page and "Proposed, awaiting validation" in page
    login("nmrf@example.org")
    page = text(client.get("/validation?kind=evidence"))
    assert "Inclusive Education Act" in page and "1 entry awaits validation" in page
    client.post("/validation/validate", data={"one": f"evidence-{evidence.id}"})
    client.post("/sign-out")
    ctx.expire_all()
    assert (evidence.entry_state, evidence.published) == ("validated", True)
    assert client.get(f"/evidence/{evidence.id}").status_code == 200
    assert "Inclusive Education Act" in text(client.get(f"/recommendations/{rec.id}"))
