"""The UN mechanisms that make recommendations, and where each record came from and in which languages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from uprtrack.core.vocabulary import UN_LANGUAGES, MechanismKind
from uprtrack.extensions import db
from uprtrack.models.base import created_at, text_enum, utcnow

UPR_CODE = "UPR"


class Mechanism(db.Model):
    """The UPR, a treaty body ("CRC") or a special procedure (by its name, as UHRI writes it)."""

    __tablename__ = "mechanism"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(text_enum(MechanismKind.codes(), "mechanism_kind", 24))

    def __repr__(self) -> str:
        return f"<Mechanism {self.code}>"


class RecommendationSource(db.Model):
    """One file (or UHRI record) a recommendation came in, with when it was first and last imported."""

    __tablename__ = "recommendation_source"
    __table_args__ = (
        UniqueConstraint(
            "recommendation_id",
            "kind",
            "file_name",
            "reference",
            name="uq_recommendation_source_origin",  # the generated name passes PostgreSQL's 63 characters
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))  # an ImportKind code
    file_name: Mapped[str] = mapped_column(String(255), default="")
    # The record's id in its source (UHRI annotation id); "" for a file whose rows have none.
    reference: Mapped[str] = mapped_column(String(120), default="")
    row: Mapped[int | None] = mapped_column(Integer)  # the first row of the file it was read from
    # The identifiers the source gives that nothing here maps ("themesIds:<uuid>"), kept as given.
    identifiers: Mapped[list[str]] = mapped_column(JSON, default=list)
    first_seen: Mapped[datetime] = created_at()
    last_seen: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )


class RecommendationText(db.Model):
    """A recommendation's text in one of the six UN languages, as its source gives it."""

    __tablename__ = "recommendation_text"
    __table_args__ = (UniqueConstraint("recommendation_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(text_enum(UN_LANGUAGES, "text_language", 2))
    text: Mapped[str] = mapped_column(Text)
