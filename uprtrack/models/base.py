"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Enum, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    """Return the current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def created_at() -> Mapped[datetime]:
    """A creation timestamp filled by Python, so SQLite and PostgreSQL agree."""
    return mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


def updated_at() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow, nullable=False)


def text_enum(values: tuple[str, ...], name: str, length: int = 32):
    """Store a vocabulary as plain text with a CHECK constraint (no native ENUM type to migrate)."""
    return Enum(
        *values,
        name=name,
        native_enum=False,
        length=length,
        create_constraint=True,
        validate_strings=True,
    )


def short_text(length: int = 255) -> String:
    return String(length)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a row of an append-only table."""


class EditedRecord:
    """Columns of every record the NMRF edits and publishes: publication, the version a form saw, timestamps."""

    published: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
