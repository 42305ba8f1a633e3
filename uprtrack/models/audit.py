"""The append-only audit log: who changed what, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uprtrack.extensions import db
from uprtrack.models.base import AppendOnlyError, utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    # The audit log's filter by record, and a record's own history, read entries by object.
    __table_args__ = (Index("ix_audit_entry_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor: Mapped[str] = mapped_column(String(255))  # e-mail, or "command line" for the CLI
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    user = relationship("User")


def refuse_change(_mapper, _connection, target) -> None:
    raise AppendOnlyError(f"{type(target).__name__} rows are append-only")


def make_append_only(model, *, except_columns: frozenset[str] = frozenset()) -> None:
    """Refuse ORM updates and deletes of a model's rows; an update that changes only `except_columns` (the
    decision columns of a validated entry) is let through."""
    event.listen(model, "before_delete", refuse_change)
    if not except_columns:
        event.listen(model, "before_update", refuse_change)
        return

    def refuse_other_change(mapper, connection, target) -> None:
        state = inspect(target)
        changed = {
            attr.key for attr in mapper.column_attrs if state.attrs[attr.key].history.has_changes()
        }
        if changed - except_columns:
            refuse_change(mapper, connection, target)

    event.listen(model, "before_update", refuse_other_change)


make_append_only(AuditEntry)
