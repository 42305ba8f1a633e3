"""What the national mechanism and the responsible institutions do to a recommendation: its status and actions,
who is responsible for it by when, its publication and its content.

Each function changes the session and flushes; the views write the audit entry and commit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import Position, Status
from uprtrack.models import (
    Assignment,
    ImplementationAction,
    Organisation,
    Recommendation,
    StatusChange,
    User,
)

STATUS_LABELS = Status.labels()
STATUS_FILLS = Status.fills()
STATUS_CHART_COLOURS = Status.chart_colours()
POSITION_LABELS = Position.labels()


def change_status(
    session: Session, rec: Recommendation, status: str, on: date, justification: str, author: User
) -> StatusChange:
    """Append a dated status change and make it the recommendation's current status; the history is never edited."""
    change = StatusChange(
        recommendation=rec, status=status, changed_on=on, note=justification, author=author
    )
    session.add(change)
    rec.status, rec.status_date = status, on
    session.flush()
    return change


def record_action(
    session: Session, rec: Recommendation, on: date, description: str, author: User
) -> ImplementationAction:
    """Record what the author's institution did to implement the recommendation."""
    action = ImplementationAction(
        recommendation=rec,
        taken_on=on,
        description=description,
        author=author,
        organisation_id=author.organisation_id,
    )
    session.add(action)
    session.flush()
    return action


def assign(
    session: Session, rec: Recommendation, org: Organisation, due: date | None
) -> str | None:
    """Make the organisation responsible by the due date; return "assigned", "due-date" or None if nothing changed."""
    current = next((a for a in rec.assignments if a.organisation_id == org.id), None)
    if current is None:
        rec.assignments.append(Assignment(organisation=org, due_date=due))
        session.flush()
        return "assigned"
    if current.due_date != due:
        current.due_date = due
        session.flush()
        return "due-date"
    return None


def unassign(session: Session, rec: Recommendation, org_id: int) -> Assignment | None:
    """Remove an organisation's responsibility; return the assignment removed, if there was one."""
    current = next((a for a in rec.assignments if a.organisation_id == org_id), None)
    if current is not None:
        rec.assignments.remove(current)
        session.flush()
    return current


def set_published(session: Session, rec: Recommendation, published: bool) -> bool:
    """Publish or withdraw the recommendation; return whether that changed anything."""
    if rec.published == published:
        return False
    rec.published = published
    session.flush()
    return True


def edit(
    session: Session,
    rec: Recommendation,
    *,
    text: str,
    position: str,
    education_override: bool | None,
    previous_id: int | None,
) -> dict[str, tuple[Any, Any]]:
    """Change the recommendation's text, position, education flag and earlier-cycle counterpart; return each
    change as (before, after)."""
    before = {
        "text": rec.text,
        "position": rec.position,
        "education_override": rec.education_override,
        "education": rec.education,
        "previous_id": rec.previous_id,
    }
    rec.text, rec.position, rec.education_override = text, position, education_override
    rec.previous_id = previous_id
    rec.refresh_education()
    changes = {
        name: (old, getattr(rec, name)) for name, old in before.items() if getattr(rec, name) != old
    }
    if changes:
        session.flush()
    return changes
