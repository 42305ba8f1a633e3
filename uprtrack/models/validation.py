"""The columns of an entry the national mechanism validates: a status change, an action, evidence.

An entry a focal point records is proposed; the coordinator validates it or returns it with a reason, and an
entry made in error is withdrawn with a reason. Who decided, when and why stays on the row: nothing is deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from uprtrack.core.database import unindexed
from uprtrack.core.vocabulary import EntryState
from uprtrack.models.base import text_enum

# The columns a decision writes; an append-only entry accepts updates of these and of nothing else.
DECISION_COLUMNS = frozenset({"entry_state", "decided_by_id", "decided_at", "decision_reason"})


class Validated:
    """Where the entry stands in validation, and who decided that, when and why."""

    @declared_attr
    def entry_state(cls) -> Mapped[str]:
        return mapped_column(
            text_enum(EntryState.codes(), "entry_state", 16),
            default=EntryState.VALIDATED,
            server_default=EntryState.VALIDATED.value,
            index=True,
        )

    @declared_attr
    def decided_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user_account.id"), index=True)

    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(Text)

    @declared_attr
    def decided_by(cls):
        return relationship("User", foreign_keys=[cls.decided_by_id])

    @property
    def is_proposed(self) -> bool:
        return self.entry_state == EntryState.PROPOSED

    @hybrid_property
    def is_validated(self) -> bool:
        return self.entry_state == EntryState.VALIDATED

    @is_validated.inplace.expression
    @classmethod
    def _is_validated(cls):
        # Nearly every entry is validated: the index of entry_state serves the few proposed ones, never this.
        return unindexed(cls.entry_state) == EntryState.VALIDATED

    @property
    def is_withdrawn(self) -> bool:
        return self.entry_state == EntryState.WITHDRAWN


def batch_column() -> Mapped[str | None]:
    """The changes proposed in one bulk step share a batch, so that they are validated as one."""
    return mapped_column(String(36), index=True)
