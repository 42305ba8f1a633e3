"""Optimistic locking across requests: a save is refused when the record changed since the form was shown.

SQLAlchemy's version counter alone does not see another request's change made between loading the form and
saving it, so the form carries the version the person saw; it is checked, then pinned as the committed value so
that the UPDATE itself also fails if someone saves in between (StaleDataError).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError


@dataclass
class EditConflict(Exception):
    """Someone else saved the record after this person opened it."""

    record: object
    seen_version: int

    def __str__(self) -> str:
        return f"{type(self.record).__name__} changed since version {self.seen_version}"


def pin_version(record, seen_version: int | str | None) -> None:
    """Refuse the edit unless the record is still at the version the form showed; then pin that version."""
    try:
        seen = int(seen_version)
    except (TypeError, ValueError):
        raise EditConflict(record, -1) from None
    if record.version != seen:
        raise EditConflict(record, seen)
    set_committed_value(record, "version", seen)


__all__ = ["EditConflict", "StaleDataError", "pin_version"]
