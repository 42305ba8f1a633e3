"""What the national mechanism and the responsible institutions do to a recommendation: its status and actions,
who is responsible for it by when, its publication and its content.

Each function takes the person acting, changes the session, writes its own audit entry and flushes; the views
and commands commit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from uprtrack.core import audit
from uprtrack.core.changes import Changes, apply_changes
from uprtrack.core.validation import entry_state_for
from uprtrack.core.vocabulary import EntryState, NoticeKind
from uprtrack.models import (
    Assignment,
    ImplementationAction,
    Organisation,
    Recommendation,
    StatusChange,
    User,
)
from uprtrack.models.base import utcnow
from uprtrack.notifications import announce
from uprtrack.notifications.events import coordinators, notify
from uprtrack.recommendations import current_status


def change_status(
    session: Session,
    rec: Recommendation,
    status: str,
    on: date,
    justification: str,
    author: User | None,
    batch: str | None = None,
) -> StatusChange:
    """Append a dated status change; the history is never edited. A focal point's change is proposed (the
    coordinators are told), anyone else's is validated and, when it is the latest, the current status.

    A person's change is audited; the demo seed's (no author) is not, the seed command audits its run.
    """
    before = rec.status
    state = entry_state_for(author)
    change = StatusChange(
        recommendation=rec,
        status=status,
        changed_on=on,
        note=justification,
        author=author,
        batch=batch,
        entry_state=state,
    )
    if state == EntryState.VALIDATED and author is not None:
        change.decided_by, change.decided_at = author, utcnow()
    session.add(change)
    # Every change, a proposal too, is a new version of the recommendation: a status form opened before it is
    # refused (core/locking.py) rather than adding a change blind to this one.
    flag_modified(rec, "status")
    session.flush()
    current_status.recompute(rec)
    if author is None:
        return change
    audit.record(
        session,
        "change-status" if state == EntryState.VALIDATED else "propose-status",
        "recommendation",
        rec.id,
        user=author,
        before=before,
        after=change.status,
        changed_on=change.changed_on.isoformat(),
        status_change=change.id,
        **({"batch": batch} if batch else {}),
    )
    if state == EntryState.PROPOSED:
        ask_validation(session, rec, author, key=f"batch-{batch}" if batch else None, status=status)
    else:
        current_status.announce(session, rec, before, author)
    session.flush()
    return change


def ask_validation(
    session: Session, rec: Recommendation, author: User, key: str | None = None, **params: object
) -> None:
    """Tell the coordinators that the author's institution proposes something on the recommendation; a bulk
    step tells them once (its batch is the notice's key)."""
    organisation = author.organisation.name if author.organisation else author.email
    notify(
        session,
        NoticeKind.AWAITING_VALIDATION,
        coordinators(session),
        recommendation=rec,
        actor=author,
        key=key,
        organisation=organisation,
        **params,
    )


def record_action(
    session: Session, rec: Recommendation, on: date, description: str, author: User
) -> ImplementationAction:
    """Record what the author's institution did to implement the recommendation; a focal point's action is
    proposed until the national mechanism validates it."""
    state = entry_state_for(author)
    action = ImplementationAction(
        recommendation=rec,
        taken_on=on,
        description=description,
        author=author,
        organisation_id=author.organisation_id,
        entry_state=state,
    )
    if state == EntryState.VALIDATED:
        action.decided_by, action.decided_at = author, utcnow()
    session.add(action)
    session.flush()
    audit.record(
        session,
        "record-action" if state == EntryState.VALIDATED else "propose-action",
        "recommendation",
        rec.id,
        user=author,
        action_id=action.id,
        taken_on=action.taken_on.isoformat(),
    )
    if state == EntryState.PROPOSED:
        ask_validation(session, rec, author, entry="action")
    session.flush()
    return action


def assign(
    session: Session,
    rec: Recommendation,
    org: Organisation,
    due: date | None,
    acting: User,
    *,
    tell: bool = True,
) -> bool:
    """Make the organisation responsible by the due date; return whether that changed anything. The members are
    told, unless a bulk step tells them once for all (`tell=False`)."""
    current = next((a for a in rec.assignments if a.organisation_id == org.id), None)
    if current is None:
        rec.assignments.append(Assignment(organisation=org, due_date=due))
        action = "assign"
    elif current.due_date != due:
        current.due_date = due
        action = "change-due-date"
    else:
        return False
    audit.record(
        session,
        action,
        "recommendation",
        rec.id,
        user=acting,
        organisation=org.name,
        organisation_id=org.id,
        due_date=due.isoformat() if due else None,
    )
    session.flush()
    if action == "assign" and tell:
        announce.assigned(session, rec, org, due, acting)
    return True


def unassign(
    session: Session, rec: Recommendation, org: Organisation, acting: User
) -> Assignment | None:
    """Remove an organisation's responsibility; return the assignment removed, if there was one."""
    current = next((a for a in rec.assignments if a.organisation_id == org.id), None)
    if current is None:
        return None
    rec.assignments.remove(current)
    audit.record(
        session,
        "unassign",
        "recommendation",
        rec.id,
        user=acting,
        organisation=org.name,
        organisation_id=org.id,
    )
    session.flush()
    return current


def set_published(session: Session, rec: Recommendation, published: bool, acting: User) -> bool:
    """Publish or withdraw the recommendation; return whether that changed anything."""
    if rec.published == published:
        return False
    rec.published = published
    audit.record(
        session, "publish" if published else "withdraw", "recommendation", rec.id, user=acting
    )
    session.flush()
    return True


def edit(
    session: Session,
    rec: Recommendation,
    acting: User,
    *,
    text: str,
    position: str,
    education_override: bool | None,
    previous_id: int | None,
) -> Changes:
    """Change the recommendation's text, position, education flag and earlier-cycle counterpart; return each
    change as (before, after)."""
    education = rec.education
    changes = apply_changes(
        rec,
        {
            "text": text,
            "position": position,
            "education_override": education_override,
            "previous_id": previous_id,
        },
    )
    rec.refresh_education()
    if rec.education != education:
        changes["education"] = (education, rec.education)
    if changes:
        # The audit log keeps which fields changed, and the old and new values of all but the long text.
        audit.record(
            session,
            "edit",
            "recommendation",
            rec.id,
            user=acting,
            fields=sorted(changes),
            **{name: list(values) for name, values in changes.items() if name != "text"},
        )
        session.flush()
    return changes
