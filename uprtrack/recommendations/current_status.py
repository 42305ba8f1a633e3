"""A recommendation's current status: its latest validated status change, and who hears when it changes.

`Recommendation.status` and `status_date` are kept equal to the latest validated change (by date, then by entry),
or "not started" without one; every list, filter, figure and export reads them, so they all read the validated
status. A proposal, a return or a withdrawal recomputes them here and nowhere else.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from uprtrack.core.validation import validated
from uprtrack.core.vocabulary import NoticeKind, Status
from uprtrack.models import Recommendation, User
from uprtrack.notifications.events import members, notify


def latest_validated(rec: Recommendation):
    """The validated status change that gives the current status, or None."""
    changes = validated(rec.status_changes)
    return max(changes, key=lambda c: (c.changed_on, c.id or 0)) if changes else None


def recompute(rec: Recommendation) -> bool:
    """Set the status and its date from the latest validated change; return whether the status changed."""
    before = (rec.status, rec.status_date)
    latest = latest_validated(rec)
    if latest is None:
        rec.status, rec.status_date = Status.NOT_STARTED, None
    else:
        rec.status, rec.status_date = latest.status, latest.changed_on
    return (rec.status, rec.status_date) != before


def announce(session: Session, rec: Recommendation, before: str, actor: User | None) -> None:
    """Tell the organisations that assessed the recommendation when its public status is another than before."""
    if rec.status == before:
        return
    assessed = {a.organisation_id for a in rec.assessments}
    notify(
        session,
        NoticeKind.NEW_STATUS,
        members(session, assessed),
        recommendation=rec,
        actor=actor,
        status=rec.status,
    )
