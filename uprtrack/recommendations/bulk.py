"""Bulk work on the list: which recommendations a step changes, and the step itself (assign, one status for all,
link), bounded, in chunks, in the caller's one transaction, audited once per step with its count.

The selection is always made again here from the list's query string: the ticked ids only narrow it, so an id the
list could not show (another filter, an unpublished record for the public) is never changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from uprtrack.core import audit
from uprtrack.core.visibility import visible
from uprtrack.follow_up import operations as follow_up
from uprtrack.models import Organisation, Recommendation, Review, User
from uprtrack.notifications import announce
from uprtrack.recommendations import operations
from uprtrack.recommendations.filters import Filters, apply_filters

LIMIT = 2000  # the most one step changes; a wider filter is narrowed first
CHUNK = 500  # recommendations loaded at a time


def new_batch() -> str:
    """One identifier per bulk step: its status changes are validated as one batch, its audit entry names it."""
    return str(uuid.uuid4())


def selection(
    session: Session, filters: Filters, *, published_only: bool, ticked: list[int] | None = None
) -> list[int]:
    """The ids the step changes, in id order: the filter's, or those of the ticked ids the filter gives; at most
    LIMIT + 1, so that the caller can tell a selection that is too wide."""
    query = (
        select(Recommendation.id)
        .join(Recommendation.review)
        .join(Review.state)
        .where(*visible(Recommendation, published_only))
    )
    query = apply_filters(query, filters)
    if ticked is not None:
        query = query.where(Recommendation.id.in_(ticked))
    return list(session.scalars(query.order_by(Recommendation.id).limit(LIMIT + 1)))


def chunks(session: Session, ids: list[int]) -> Iterator[list[Recommendation]]:
    """Load the recommendations CHUNK at a time, with what the operations read."""
    for start in range(0, len(ids), CHUNK):
        yield session.scalars(
            select(Recommendation)
            .where(Recommendation.id.in_(ids[start : start + CHUNK]))
            .options(
                selectinload(Recommendation.assignments),
                selectinload(Recommendation.review),
                # A new status joins the history: loaded here, not one query per recommendation.
                selectinload(Recommendation.status_changes),
            )
            .order_by(Recommendation.id)
        ).all()


def dated_after(session: Session, ids: list[int], on: date) -> list[str]:
    """The recommendations whose current status is dated after the day: a new status cannot come before it."""
    return _named_where(session, ids, Recommendation.status_date > on)


def of_another_state(session: Session, ids: list[int], state_id: int) -> list[str]:
    """The recommendations not made to the State: a follow-up record is linked only to its own State's."""
    return _named_where(session, ids, Review.state_id != state_id)


def _named_where(session: Session, ids: list[int], condition) -> list[str]:
    """The paragraphs (or #id) of those of the recommendations that meet the condition, read by chunks."""
    names = []
    for start in range(0, len(ids), CHUNK):
        names += [
            paragraph or f"#{rec_id}"
            for rec_id, paragraph in session.execute(
                select(Recommendation.id, Recommendation.paragraph)
                .join(Recommendation.review)
                .where(Recommendation.id.in_(ids[start : start + CHUNK]), condition)
                .order_by(Recommendation.id)
            )
        ]
    return names


def _step(
    session: Session, action: str, acting: User, ids: list[int], batch: str, **detail
) -> None:
    audit.record(
        session,
        action,
        "recommendation",
        None,
        user=acting,
        count=len(ids),
        batch=batch,
        recommendations=ids,
        **detail,
    )
    session.flush()


def assign(
    session: Session,
    ids: list[int],
    org: Organisation,
    due: date | None,
    acting: User,
    *,
    batch: str,
    selected_by: str = "",
) -> int:
    """Make the organisation responsible for every recommendation by the due date; return how many changed."""
    changed = sum(
        operations.assign(session, rec, org, due, acting, tell=False)
        for recs in chunks(session, ids)
        for rec in recs
    )
    if changed:
        announce.assigned_many(session, org, due, acting, changed, key=f"batch-{batch}")
    _step(
        session,
        "bulk-assign",
        acting,
        ids,
        batch,
        changed=changed,
        organisation=org.name,
        organisation_id=org.id,
        due_date=due.isoformat() if due else None,
        selection=selected_by,
    )
    return changed


def change_status(
    session: Session,
    ids: list[int],
    status: str,
    on: date,
    justification: str,
    author: User,
    *,
    batch: str,
    selected_by: str = "",
) -> int:
    """Give every recommendation the same dated status with one justification; return how many. A focal point's
    changes are proposed as one batch, which the coordinator validates as one."""
    count = 0
    for recs in chunks(session, ids):
        for rec in recs:
            operations.change_status(session, rec, status, on, justification, author, batch=batch)
            count += 1
    _step(
        session,
        "bulk-change-status",
        author,
        ids,
        batch,
        status=status,
        changed_on=on.isoformat(),
        selection=selected_by,
    )
    return count


def link(
    session: Session, record, ids: list[int], acting: User, *, batch: str, selected_by: str = ""
) -> int:
    """Link the follow-up record to every recommendation; return how many links are new."""
    added = sum(
        len(follow_up.link(session, record, recs, user=acting)) for recs in chunks(session, ids)
    )
    _step(
        session,
        "bulk-link",
        acting,
        ids,
        batch,
        added=added,
        record_type=type(record).__name__.lower(),
        record_id=record.id,
        selection=selected_by,
    )
    return added
