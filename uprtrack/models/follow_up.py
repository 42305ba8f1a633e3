"""What the State does about its recommendations: voluntary pledges, technical assistance, evidence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uprtrack.core.vocabulary import (
    AssistanceDirection,
    AssistanceKind,
    AssistanceState,
    EvidenceKind,
)
from uprtrack.extensions import db
from uprtrack.models.base import EditedRecord, text_enum
from uprtrack.models.recommendations import Recommendation, link_table
from uprtrack.models.reference import Fund, IssueTag, State
from uprtrack.models.validation import Validated

pledge_recommendations = link_table("pledge_recommendation", "pledge", "recommendation")
pledge_issues = link_table("pledge_issue", "pledge", "issue_tag")
assistance_recommendations = link_table("assistance_recommendation", "assistance", "recommendation")
assistance_pledges = link_table("assistance_pledge", "assistance", "pledge")
evidence_recommendations = link_table("evidence_recommendation", "evidence", "recommendation")


class Pledge(EditedRecord, db.Model):
    """A voluntary pledge or commitment the State made itself."""

    __tablename__ = "pledge"
    __table_args__ = (Index("ix_pledge_state_text_key", "state_id", "text_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_key: Mapped[str] = mapped_column(String(64))
    made_on: Mapped[date | None]
    source: Mapped[str | None] = mapped_column(String(255))  # national report, candidacy, summit...
    session: Mapped[int | None] = mapped_column(ForeignKey("upr_session.number"), index=True)
    cycle: Mapped[int | None] = mapped_column(ForeignKey("cycle.number"), index=True)
    follow_up: Mapped[str] = mapped_column(Text, default="")

    state: Mapped[State] = relationship()
    issues: Mapped[list[IssueTag]] = relationship(secondary=pledge_issues, order_by=IssueTag.name)
    assistance: Mapped[list[TechnicalAssistance]] = relationship(
        secondary="assistance_pledge", back_populates="pledges"
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=pledge_recommendations, back_populates="pledges"
    )


class TechnicalAssistance(EditedRecord, db.Model):
    """Technical assistance the State requested or received, by provider and fund."""

    __tablename__ = "assistance"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    title: Mapped[str] = mapped_column(String(255))
    direction: Mapped[str] = mapped_column(
        text_enum(AssistanceDirection.codes(), "assistance_direction", 16), index=True
    )
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    fund_id: Mapped[int | None] = mapped_column(ForeignKey("fund.id"), index=True)
    kind: Mapped[str | None] = mapped_column(text_enum(AssistanceKind.codes(), "assistance_kind"))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(
        text_enum(AssistanceState.codes(), "assistance_status", 16), default="requested", index=True
    )
    outcome: Mapped[str] = mapped_column(Text, default="")
    cycle: Mapped[int | None] = mapped_column(ForeignKey("cycle.number"), index=True)

    state: Mapped[State] = relationship()
    provider = relationship("Organisation")
    fund: Mapped[Fund | None] = relationship()
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=assistance_recommendations, back_populates="assistance"
    )
    pledges: Mapped[list[Pledge]] = relationship(
        secondary=assistance_pledges, back_populates="assistance"
    )


class Evidence(Validated, EditedRecord, db.Model):
    """Implementation evidence: a law, policy, budget line, statistic, decision, programme or report."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    title: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(text_enum(EvidenceKind.codes(), "evidence_kind"), index=True)
    date: Mapped[date | None]
    source: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(2000))
    # Uploaded files are stored under a generated key; the name a person gave is kept as data.
    file_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(120))
    file_size: Mapped[int | None] = mapped_column(Integer)
    verified_by: Mapped[str | None] = mapped_column(String(255))
    verified_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    verified_on: Mapped[date | None]
    cycle: Mapped[int | None] = mapped_column(ForeignKey("cycle.number"), index=True)
    # Who recorded it: the author of a proposal hears of its validation and may withdraw it.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)

    state: Mapped[State] = relationship()
    author = relationship("User", foreign_keys=[author_id])
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=evidence_recommendations, back_populates="evidence"
    )
