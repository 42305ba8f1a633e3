"""Reminders of due dates: "due in 30 days" and "overdue", to the members of each assigned institution.

Each reminder carries the key of its assignment and due date, so `notify` makes it once however often the
command runs; a new due date is a new key, hence a new reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from uprtrack.core.vocabulary import NoticeKind
from uprtrack.models import Assignment
from uprtrack.notifications.events import members, notify

DUE_SOON_DAYS = 30


@dataclass
class Reminders:
    due_soon: int = 0
    overdue: int = 0


def reminder_key(kind: NoticeKind, assignment: Assignment) -> str:
    return (
        f"{kind.value}:{assignment.recommendation_id}:{assignment.organisation_id}:"
        f"{assignment.due_date.isoformat()}"
    )


def due_assignments(session: Session, today: date) -> list[tuple[NoticeKind, Assignment]]:
    """Every open assignment due within DUE_SOON_DAYS, or past due, with the reminder it calls for."""
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    found = session.scalars(
        select(Assignment)
        .join(Assignment.recommendation)
        .where(
            Assignment.due_date <= horizon,
            or_(Assignment.is_overdue(today), Assignment.due_date >= today),
        )
        .options(joinedload(Assignment.organisation), joinedload(Assignment.recommendation))
        .order_by(Assignment.due_date, Assignment.recommendation_id, Assignment.organisation_id)
    )
    # The model's rules say what is open: is_overdue in SQL and Python, is_due_by for what is not yet late.
    return [
        (NoticeKind.OVERDUE if a.is_overdue(today) else NoticeKind.DUE_SOON, a)
        for a in found
        if a.is_due_by(horizon)
    ]


def make_reminders(session: Session, today: date) -> Reminders:
    """Notify each assigned institution's members of what falls due; return how many notices were made."""
    made = Reminders()
    for kind, assignment in due_assignments(session, today):
        notices = notify(
            session,
            kind,
            members(session, [assignment.organisation_id]),
            recommendation=assignment.recommendation,
            key=reminder_key(kind, assignment),
            organisation=assignment.organisation.name,
            due_date=assignment.due_date.isoformat(),
        )
        if kind == NoticeKind.OVERDUE:
            made.overdue += len(notices)
        else:
            made.due_soon += len(notices)
    return made
