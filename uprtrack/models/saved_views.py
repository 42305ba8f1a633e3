"""A list's filter kept under a name, for its owner or for the colleagues of the owner's organisation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uprtrack.extensions import db
from uprtrack.models.base import created_at

QUERY_LENGTH = 2000  # a query string of every filter of the list stays far below this


class SavedView(db.Model):
    """A named query string of the recommendations list; `shared` shows it to the organisation's colleagues."""

    __tablename__ = "saved_view"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # The organisation when the view was saved: a colleague who moves elsewhere takes no shared view along.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    query: Mapped[str] = mapped_column(String(QUERY_LENGTH), default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at()

    user = relationship("User")
    organisation = relationship("Organisation")

    def __repr__(self) -> str:
        return f"<SavedView {self.name!r}>"
