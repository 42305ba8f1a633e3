"""Validation of what a focal point records: proposed until a coordinator validates it, returned with a reason, or
withdrawn when made in error; the current status is always the latest validated change."""

import os
from datetime import date

import pytest
from sqlalchemy import select

from uprtrack import create_app
from uprtrack.core.visibility import is_visible, visible, visible_entries
from uprtrack.core.vocabulary import EntryState, NoticeKind, Role, Status
from uprtrack.follow_up import operations as follow_up
from uprtrack.follow_up.kinds import EVIDENCE
from uprtrack.models import (
    AppendOnlyError,
    Assessment,
    Assignment,
    Evidence,
    Notification,
    Organisation,
    Recommendation,
    Review,
    State,
    StatusChange,
)
from uprtrack.recommendations import operations
from uprtrack.validation import operations as validation


@pytest.fixture
def people(ctx, make_user):
    """A ministry's focal point, a coordinator, and an NHRI researcher whose organisation assessed `rec`."""
    focal = make_user("focal@example.org", role=Role.FOCAL_POINT, org="Ministry of Education")
    coordinator = make_user("nmrf@example.org", role=Role.COORDINATOR)
    nhri = make_user("nhri@example.org", role=Role.NHRI, org="Ombudsman")
    return focal, coordinator, nhri


@pytest.fixture
def rec(ctx, people):
    focal, _, nhri = people
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    rec = Recommendation(
        review=Review(state=state, cycle=4, session=48),
        paragraph="140.1",
        text="Ensure inclusive education",
        text_key="x",
    )
    ctx.add(rec)
    ctx.add(Assignment(recommendation=rec, organisation=focal.organisation))
    ctx.add(
        Assessment(
            recommendation=rec,
            organisation=nhri.organisation,
            author=nhri,
            rating="some_progress",
            assessed_on=date(2025, 1, 1),
        )
    )
    ctx.commit()
    return rec


def notices(ctx, user, kind):
    return ctx.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def test_a_focal_points_change_is_proposed_and_a_coordinators_counts_at_once(ctx, people, rec):
    focal, coordinator, nhri = people
    proposed = operations.change_status(
        ctx, rec, "planned", date(2025, 1, 10), "Plan drafted.", focal
    )
    assert proposed.entry_state == EntryState.PROPOSED and proposed.state == "proposed"
    assert (rec.status, rec.status_date) == ("not_started", None)
    [asked] = notices(ctx, coordinator, NoticeKind.AWAITING_VALIDATION)
    assert asked.params == {"organisation": "Ministry of Education", "status": "planned"}
    assert notices(ctx, nhri, NoticeKind.NEW_STATUS) == []

    own = operations.change_status(
        ctx, rec, "in_progress", date(2025, 2, 1), "Started.", coordinator
    )
    assert own.entry_state == EntryState.VALIDATED and own.decided_by == coordinator
    assert (rec.status, rec.status_date) == ("in_progress", date(2025, 2, 1))
    [told] = notices(ctx, nhri, NoticeKind.NEW_STATUS)
    assert told.params == {"status": "in_progress"}


def test_a_change_goes_backwards_down_the_order_of_the_statuses():
    assert Status.goes_backwards("fully_implemented", "not_started")
    assert Status.goes_backwards("in_progress", "planned")
    assert not Status.goes_backwards("planned", "in_progress")
    assert not Status.goes_backwards("planned", "planned")
    assert not Status.goes_backwards(None, "planned")
    assert not Status.goes_backwards("planned", "bogus")


def test_without_validation_a_focal_points_change_counts_at_once(app, ctx, people, rec):
    focal = people[0]
    app.config["VALIDATION_REQUIRED"] = False
    try:
        change = operations.change_status(ctx, rec, "planned", date(2025, 1, 10), "Plan.", focal)
        action = operations.record_action(ctx, rec, date(2025, 1, 11), "Training.", focal)
    finally:
        app.config["VALIDATION_REQUIRED"] = True
    assert change.entry_state == action.entry_state == EntryState.VALIDATED
    assert rec.status == "planned"


def test_the_setting_is_read_from_the_environment(monkeypatch, tmp_path):
    for key in list(os.environ):
        if key.startswith("UPRTRACK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("UPRTRACK_INSTANCE_PATH", str(tmp_path))
    assert create_app().config["VALIDATION_REQUIRED"] is True
    monkeypatch.setenv("UPRTRACK_VALIDATION_REQUIRED", "false")
    assert create_app().config["VALIDATION_REQUIRED"] is False


def test_a_status_change_accepts_its_decision_and_nothing_else(ctx, people, rec):
    focal, coordinator, _ = people
    change = operations.change_status(ctx, rec, "planned", date(2025, 1, 10), "Plan.", focal)
    ctx.commit()
    assert validation.validate(ctx, change, coordinator)
    ctx.commit()
    assert (change.entry_state, change.decided_by_id) == ("validated", coordinator.id)
    change.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        ctx.flush()
    ctx.rollback()
    change.entry_state, change.status = EntryState.WITHDRAWN, "fully_implemented"
    with pytest.raises(AppendOnlyError):
        ctx.flush()
    ctx.rollback()
    ctx.delete(change)
    with pytest.raises(AppendOnlyError):
        ctx.flush()
    ctx.rollback()


def test_validation_makes_the_status_current_and_tells_the_author_and_the_assessors(
    ctx, people, rec
):
    focal, coordinator, nhri = people
    change = operations.change_status(ctx, rec, "planned", date(2025, 1, 10), "Plan.", focal)
    assert validation.validate(ctx, change, coordinator)
    assert not validation.validate(ctx, change, coordinator)  # decided once
    assert (rec.status, rec.status_date) == ("planned", date(2025, 1, 10))
    [told] = notices(ctx, focal, NoticeKind.VALIDATED)
    assert told.params == {"status": "planned"}
    assert [n.params for n in notices(ctx, nhri, NoticeKind.NEW_STATUS)] == [{"status": "planned"}]


def test_a_returned_change_never_counts_and_its_author_hears_why(ctx, people, rec):
    focal, coordinator, nhri = people
    change = operations.change_status(
        ctx, rec, "fully_implemented", date(2025, 1, 10), "Done.", focal
    )
    assert validation.return_to_author(ctx, change, coordinator, "Which law? Attach it.")
    assert rec.status == "not_started"
    assert (change.entry_state, change.decision_reason) == ("returned", "Which law? Attach it.")
    [told] = notices(ctx, focal, NoticeKind.RETURNED)
    assert told.params == {"status": "fully_implemented", "reason": "Which law? Attach it."}
    assert notices(ctx, nhri, NoticeKind.NEW_STATUS) == []
    assert visible_entries(rec.status_changes, True) == []
    assert visible_entries(rec.status_changes, False) == [change]


def test_a_withdrawn_change_gives_back_the_previous_validated_status(ctx, people, rec):
    focal, coordinator, nhri = people
    operations.change_status(ctx, rec, "planned", date(2025, 1, 10), "Plan.", coordinator)
    wrong = operations.change_status(
        ctx, rec, "fully_implemented", date(2025, 2, 1), "Oops.", focal
    )
    validation.validate(ctx, wrong, coordinator)
    assert rec.status == "fully_implemented"
    assert validation.withdraw(ctx, wrong, focal, "Typed on the wrong recommendation.")
    assert not validation.withdraw(ctx, wrong, focal, "Again.")
    assert (rec.status, rec.status_date) == ("planned", date(2025, 1, 10))
    assert wrong.decided_by_id == focal.id and wrong.decision_reason.startswith("Typed")
    assert ctx.scalar(select(StatusChange).where(StatusChange.id == wrong.id)) is wrong  # kept
    assert [n.params["status"] for n in notices(ctx, nhri, NoticeKind.NEW_STATUS)] == [
        "planned",
        "fully_implemented",
        "planned",
    ]
    only = operations.change_status(ctx, rec, "in_progress", date(2025, 3, 1), "x", coordinator)
    validation.withdraw(ctx, only, coordinator, "No.")
    first = rec.status_changes[0]
    validation.withdraw(ctx, first, coordinator, "No.")
    assert (rec.status, rec.status_date) == ("not_started", None)


def test_a_bulk_step_is_told_once_and_validated_as_one(ctx, people, rec):
    focal, coordinator, _ = people
    others = []
    for n in (2, 3):
        other = Recommendation(
            review=rec.review, paragraph=f"140.{n}", text=f"Recommendation {n}", text_key=str(n)
        )
        ctx.add(other)
        others.append(other)
    ctx.flush()
    for each in (rec, *others):
        operations.change_status(
            ctx, each, "planned", date(2025, 1, 10), "One plan.", focal, batch="b" * 36
        )
    assert len(notices(ctx, coordinator, NoticeKind.AWAITING_VALIDATION)) == 1
    batch = validation.batch_entries(ctx, "b" * 36)
    assert len(batch) == 3
    assert validation.validate_all(ctx, batch, coordinator) == 3
    assert [r.status for r in (rec, *others)] == ["planned"] * 3
    assert len(notices(ctx, focal, NoticeKind.VALIDATED)) == 1
    assert validation.batch_entries(ctx, "b" * 36) == []


def test_actions_and_evidence_are_proposed_and_the_public_sees_them_once_validated(
    ctx, people, rec
):
    focal, coordinator, _ = people
    action = operations.record_action(ctx, rec, date(2025, 1, 11), "Teachers trained.", focal)
    evidence = follow_up.create_record(
        ctx,
        EVIDENCE,
        {"state_id": rec.review.state_id, "title": "Act", "kind": "law", "published": True},
        [rec],
        user=focal,
    )
    assert action.entry_state == evidence.entry_state == EntryState.PROPOSED
    assert evidence.author == focal
    asked = notices(ctx, coordinator, NoticeKind.AWAITING_VALIDATION)
    assert sorted(n.params["entry"] for n in asked) == ["action", "evidence"]
    public_evidence = select(Evidence.id).where(*visible(Evidence, True))
    assert ctx.scalars(public_evidence).all() == []
    assert not is_visible(evidence, True) and is_visible(evidence, False)
    assert visible_entries(rec.actions, True) == []
    validation.validate(ctx, action, coordinator)
    validation.validate(ctx, evidence, coordinator)
    assert ctx.scalars(public_evidence).all() == [evidence.id]
    assert visible_entries(rec.actions, True) == [action]
    assert sorted(n.params["entry"] for n in notices(ctx, focal, NoticeKind.VALIDATED)) == [
        "action",
        "evidence",
    ]


def test_a_coordinators_evidence_is_validated_at_once(ctx, people, rec):
    coordinator = people[1]
    evidence = follow_up.create_record(
        ctx,
        EVIDENCE,
        {"state_id": rec.review.state_id, "title": "Budget line", "kind": "budget_line"},
        [rec],
        user=coordinator,
    )
    assert evidence.entry_state == EntryState.VALIDATED
    assert ctx.get(Organisation, people[0].organisation_id).name == "Ministry of Education"
