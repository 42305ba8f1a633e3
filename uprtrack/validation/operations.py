"""The national mechanism's decisions on proposed entries (validate, return) and the withdrawal of an entry made
in error; each audits itself, recomputes the status it touches and tells who should hear.

A decision only changes an entry's state and writes who decided, when and why: nothing is ever deleted.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core import audit
from uprtrack.core.vocabulary import EntryState, NoticeKind
from uprtrack.models import Evidence, ImplementationAction, Recommendation, StatusChange, User
from uprtrack.models.base import utcnow
from uprtrack.notifications.events import notify
from uprtrack.recommendations import current_status

Entry = StatusChange | ImplementationAction | Evidence
# The kinds of entry as URLs and filters name them.
ENTRY_KINDS: dict[str, type] = {
    "status": StatusChange,
    "action": ImplementationAction,
    "evidence": Evidence,
}


def kind_name(entry: Entry) -> str:
    return next(name for name, model in ENTRY_KINDS.items() if isinstance(entry, model))


def recommendations_of(entry: Entry) -> list[Recommendation]:
    """The recommendations whose record the entry belongs to (evidence may serve several)."""
    if isinstance(entry, Evidence):
        return list(entry.recommendations)
    return [entry.recommendation]


def _decide(
    session: Session,
    entry: Entry,
    state: EntryState,
    user: User,
    reason: str | None,
    action: str,
) -> None:
    """Write the decision on the entry, recompute the status of its recommendations, audit; tell the
    organisations that assessed them when their public status changed."""
    recs = recommendations_of(entry)
    before = {rec.id: rec.status for rec in recs}
    entry.entry_state = state
    entry.decided_by_id, entry.decided_at, entry.decision_reason = user.id, utcnow(), reason
    session.flush()
    kind = kind_name(entry)
    for rec in recs:
        if kind == "status":
            current_status.recompute(rec)
        current_status.announce(session, rec, before[rec.id], user)
    first = recs[0] if recs else None
    audit.record(
        session,
        f"{action}-{kind}",
        "evidence" if kind == "evidence" else "recommendation",
        entry.id if kind == "evidence" else first.id,
        user=user,
        entry=kind,
        entry_id=entry.id,
        reason=reason,
        **({"status": entry.status, "current": first.status} if kind == "status" else {}),
    )
    session.flush()


def _tell_author(
    session: Session,
    kind: NoticeKind,
    entry: Entry,
    user: User,
    reason: str | None = None,
) -> None:
    if entry.author is None:
        return
    recs = recommendations_of(entry)
    name = kind_name(entry)
    params: dict[str, object] = {"status": entry.status} if name == "status" else {"entry": name}
    if reason:
        params["reason"] = reason
    batch = getattr(entry, "batch", None)
    notify(
        session,
        kind,
        [entry.author],
        recommendation=recs[0] if recs else None,
        actor=user,
        # The changes of one bulk step are told once.
        key=f"batch-{batch}" if batch else None,
        **params,
    )


def validate(session: Session, entry: Entry, user: User) -> bool:
    """Validate a proposed entry: it counts (a status change may become the current status) and is public
    (evidence is published); return False when it was not proposed."""
    if entry.entry_state != EntryState.PROPOSED:
        return False
    if isinstance(entry, Evidence):
        # A focal point cannot publish what it records: the national mechanism's validation publishes it (the
        # record's button still withdraws it from public view).
        entry.published = True
    _decide(session, entry, EntryState.VALIDATED, user, None, "validate")
    _tell_author(session, NoticeKind.VALIDATED, entry, user)
    return True


def return_to_author(session: Session, entry: Entry, user: User, reason: str) -> bool:
    """Return a proposed entry to its author with the reason; it never counts. False when it was not proposed."""
    if entry.entry_state != EntryState.PROPOSED:
        return False
    _decide(session, entry, EntryState.RETURNED, user, reason, "return")
    _tell_author(session, NoticeKind.RETURNED, entry, user, reason)
    return True


def withdraw(session: Session, entry: Entry, user: User, reason: str) -> bool:
    """Withdraw an entry made in error: it stays in the history, struck through, and leaves the public view and
    the current status. False when it was withdrawn already."""
    if entry.entry_state == EntryState.WITHDRAWN:
        return False
    _decide(session, entry, EntryState.WITHDRAWN, user, reason, "withdraw")
    return True


def batch_entries(session: Session, batch: str) -> list[StatusChange]:
    """The proposed status changes of one bulk step."""
    return list(
        session.scalars(
            select(StatusChange)
            .where(StatusChange.batch == batch, StatusChange.entry_state == EntryState.PROPOSED)
            .order_by(StatusChange.id)
        )
    )


def validate_all(session: Session, entries: list[Entry], user: User) -> int:
    """Validate each proposed entry; return how many were."""
    return sum(validate(session, entry, user) for entry in entries)


def return_all(session: Session, entries: list[Entry], user: User, reason: str) -> int:
    """Return each proposed entry with the same reason; return how many were."""
    return sum(return_to_author(session, entry, user, reason) for entry in entries)
