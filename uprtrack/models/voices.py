"""What the NHRI and civil society say: comments and independent assessments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uprtrack.core.vocabulary import Moderation, Rating
from uprtrack.extensions import db
from uprtrack.models.base import created_at, text_enum, updated_at


class Comment(db.Model):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    moderation: Mapped[str] = mapped_column(
        text_enum(Moderation.codes(), "comment_moderation", 16),
        default=Moderation.PENDING,
        index=True,
    )
    created_at: Mapped[datetime] = created_at()

    recommendation = relationship("Recommendation", back_populates="comments")
    organisation = relationship("Organisation")
    author = relationship("User")


class Assessment(db.Model):
    """An NHRI's or CSO's own assessment of implementation, beside the government's status."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    rating: Mapped[str] = mapped_column(text_enum(Rating.codes(), "assessment_rating"))
    text: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")
    groups_affected: Mapped[str] = mapped_column(String(255), default="")
    assessed_on: Mapped[date]
    moderation: Mapped[str] = mapped_column(
        text_enum(Moderation.codes(), "assessment_moderation", 16),
        default=Moderation.PENDING,
        index=True,
    )
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    recommendation = relationship("Recommendation", back_populates="assessments")
    organisation = relationship("Organisation")
    author = relationship("User")
