"""The words the national mechanism writes into the State's documents: each saved version of a section's narrative."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uprtrack.extensions import db
from uprtrack.models.base import created_at
from uprtrack.models.people import User
from uprtrack.models.recommendations import Review


class Narrative(db.Model):
    """One version of the text of one section of one document of a review ("midterm", "item10"); a save adds a
    version, so that nothing written is lost and the coordinator can go back to any earlier text."""

    __tablename__ = "narrative"
    __table_args__ = (
        UniqueConstraint("review_id", "document", "section", "version"),
    )  # its index serves the reads: a section's latest version, a document's sections

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    document: Mapped[str] = mapped_column(String(32))  # "midterm", "item10"
    section: Mapped[str] = mapped_column(String(64))  # the section's key in its document
    version: Mapped[int]  # 1, 2, ... per (review, document, section)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at()

    review: Mapped[Review] = relationship()
    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Narrative {self.review_id} {self.document}/{self.section} v{self.version}>"
