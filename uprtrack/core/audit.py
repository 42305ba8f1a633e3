"""Write to the append-only audit log."""

from __future__ import annotations

from sqlalchemy.orm import Session

from uprtrack.models import AuditEntry, User

COMMAND_LINE = "command line"


def record(
    session: Session,
    action: str,
    object_type: str,
    object_id: object = None,
    *,
    user: User | None = None,
    actor: str | None = None,
    **detail: object,
) -> AuditEntry:
    """Add one audit entry: who (a user, or the command line), did what, to which object."""
    entry = AuditEntry(
        user=user,
        actor=user.email if user is not None else (actor or COMMAND_LINE),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail,
    )
    session.add(entry)
    return entry
