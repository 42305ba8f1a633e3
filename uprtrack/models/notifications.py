"""What uprtrack tells its users, and how each user wants to hear it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uprtrack.core.vocabulary import Delivery, NoticeKind
from uprtrack.extensions import db
from uprtrack.models.base import created_at, text_enum


class Notification(db.Model):
    """One notice to one user, in the app and, by their preference, by e-mail.

    Its words are written when it is read, in the reader's language, from its kind and `params`. A reminder
    carries a `key` (the assignment and its due date): the same reminder is never made twice.
    """

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "key"),
        Index("ix_notification_user_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(text_enum(NoticeKind.codes(), "notice_kind", 24), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    key: Mapped[str | None] = mapped_column(String(120))
    # How it goes out by e-mail, fixed when it is made from the user's preference: immediately or in a digest.
    delivery: Mapped[str] = mapped_column(text_enum(Delivery.codes(), "notice_delivery", 16))
    created_at: Mapped[datetime] = created_at()
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    user = relationship("User", foreign_keys=[user_id])
    actor = relationship("User", foreign_keys=[actor_id])
    recommendation = relationship("Recommendation")


class NotificationPreference(db.Model):
    """A user's choice for one kind of notice; without a row, the kind's default delivery holds."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(
        text_enum(NoticeKind.codes(), "notice_preference_kind", 24), primary_key=True
    )
    delivery: Mapped[str] = mapped_column(
        text_enum(Delivery.codes(), "notice_preference_delivery", 16)
    )


class Follow(db.Model):
    """A user who asked to hear of new assessments of one recommendation (members of an assigned institution
    follow its recommendations without a row)."""

    __tablename__ = "follow"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = created_at()

    user = relationship("User")
    recommendation = relationship("Recommendation")


class Digest(db.Model):
    """When a user's last daily digest left: the next one waits 24 hours after it."""

    __tablename__ = "notification_digest"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
