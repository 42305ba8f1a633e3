"""Reviews, their recommendations, who is responsible for them and their status history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    event,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from uprtrack.core.education import is_about_education
from uprtrack.core.vocabulary import Position, Status
from uprtrack.extensions import db
from uprtrack.models.audit import make_append_only
from uprtrack.models.base import EditedRecord, created_at, text_enum
from uprtrack.models.mechanisms import UPR_CODE, Mechanism, RecommendationSource, RecommendationText
from uprtrack.models.reference import GroupOfPersons, IssueTag, Sdg, State, Theme
from uprtrack.models.validation import DECISION_COLUMNS, Validated, batch_column

if TYPE_CHECKING:
    from uprtrack.models.follow_up import Evidence, Pledge, TechnicalAssistance
    from uprtrack.models.voices import Assessment, Comment


def link_table(name: str, left: str, right: str, right_key: str = "id") -> Table:
    """A many-to-many table with cascading foreign keys and a composite primary key."""
    return Table(
        name,
        db.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(
            f"{right}_{right_key}",
            ForeignKey(f"{right}.{right_key}", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )


recommending_states = link_table("recommendation_recommending_state", "recommendation", "state")
recommendation_themes = link_table("recommendation_theme", "recommendation", "theme")
recommendation_groups = link_table("recommendation_group", "recommendation", "group_of_persons")
recommendation_issues = link_table("recommendation_issue", "recommendation", "issue_tag")
recommendation_sdgs = link_table("recommendation_sdg", "recommendation", "sdg", "code")


class Review(db.Model):
    """One State's review by one mechanism: a UPR cycle, or a treaty body's concluding observations document.

    A UPR review is one per (State, cycle); another mechanism's is one per (State, mechanism, document symbol)
    and has no cycle.
    """

    __tablename__ = "review"
    __table_args__ = (
        UniqueConstraint("state_id", "cycle"),
        UniqueConstraint("state_id", "mechanism_id", "document_symbol"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanism.id"), index=True)
    cycle: Mapped[int | None] = mapped_column(ForeignKey("cycle.number"), index=True)
    document_symbol: Mapped[str | None] = mapped_column(String(60))  # CRC/C/SVN/CO/3-4
    document_date: Mapped[date | None]
    session: Mapped[int | None] = mapped_column(ForeignKey("upr_session.number"), index=True)
    report_symbol: Mapped[str | None] = mapped_column(String(40))  # A/HRC/28/15
    addendum_symbol: Mapped[str | None] = mapped_column(String(40))  # A/HRC/28/15/Add.1
    review_date: Mapped[date | None]
    adoption_date: Mapped[date | None]

    state: Mapped[State] = relationship()
    mechanism: Mapped[Mechanism] = relationship()
    recommendations: Mapped[list[Recommendation]] = relationship(back_populates="review")

    def __repr__(self) -> str:
        return f"<Review {self.state_id} cycle {self.cycle} {self.document_symbol or ''}>"


@event.listens_for(Review, "before_insert")
def _upr_by_default(_mapper, connection, review: Review) -> None:
    """A review created without a mechanism is a UPR review: every UPR importer and the seed need not say so."""
    if review.mechanism_id is None and review.mechanism is None:
        review.mechanism_id = connection.scalar(
            select(Mechanism.id).where(Mechanism.code == UPR_CODE)
        )


class Recommendation(EditedRecord, db.Model):
    __tablename__ = "recommendation"
    __table_args__ = (
        UniqueConstraint("review_id", "paragraph"),
        Index("ix_recommendation_review_text_key", "review_id", "text_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    # The Working Group report's paragraph, kept as text: "115.3" and "115.30" differ. UPR Info rows have none.
    paragraph: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    # Fingerprint of the text without States or punctuation, to match the same recommendation across sources.
    text_key: Mapped[str] = mapped_column(String(64))
    position: Mapped[str] = mapped_column(
        text_enum(Position.codes(), "position", 20), default=Position.PENDING, index=True
    )
    position_source: Mapped[str | None] = mapped_column(String(255))
    position_document: Mapped[str | None] = mapped_column(String(60))
    position_paragraph: Mapped[str | None] = mapped_column(String(20))
    theme_heading: Mapped[str | None] = mapped_column(String(255))
    action_category: Mapped[int | None] = mapped_column(Integer)
    # "On the right to education": derived from the text, themes, SDGs and issues unless a person set it by hand.
    education_derived: Mapped[bool] = mapped_column(Boolean, default=False)
    education_override: Mapped[bool | None] = mapped_column(Boolean)
    education: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    status: Mapped[str] = mapped_column(
        text_enum(Status.codes(), "status", 24), default=Status.NOT_STARTED, index=True
    )
    status_date: Mapped[date | None]
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="SET NULL"), index=True
    )
    source_file: Mapped[str | None] = mapped_column(String(255))

    review: Mapped[Review] = relationship(back_populates="recommendations")
    recommending_states: Mapped[list[State]] = relationship(
        secondary=recommending_states, order_by=State.name
    )
    themes: Mapped[list[Theme]] = relationship(secondary=recommendation_themes, order_by=Theme.name)
    groups: Mapped[list[GroupOfPersons]] = relationship(
        secondary=recommendation_groups, order_by=GroupOfPersons.name
    )
    issues: Mapped[list[IssueTag]] = relationship(
        secondary=recommendation_issues, order_by=IssueTag.name
    )
    sdgs: Mapped[list[Sdg]] = relationship(secondary=recommendation_sdgs, order_by=Sdg.code)
    previous: Mapped[Recommendation | None] = relationship(remote_side=[id])
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan"
    )
    status_changes: Mapped[list[StatusChange]] = relationship(
        back_populates="recommendation", order_by="StatusChange.id"
    )
    position_changes: Mapped[list[PositionChange]] = relationship(
        back_populates="recommendation", order_by="PositionChange.id"
    )
    pledges: Mapped[list[Pledge]] = relationship(
        secondary="pledge_recommendation", back_populates="recommendations"
    )
    assistance: Mapped[list[TechnicalAssistance]] = relationship(
        secondary="assistance_recommendation", back_populates="recommendations"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        secondary="evidence_recommendation", back_populates="recommendations"
    )
    actions: Mapped[list[ImplementationAction]] = relationship(
        back_populates="recommendation", order_by="ImplementationAction.taken_on"
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="recommendation", order_by="Comment.id"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="recommendation", order_by="Assessment.id"
    )
    sources: Mapped[list[RecommendationSource]] = relationship(
        cascade="all, delete-orphan", order_by=RecommendationSource.first_seen
    )
    texts: Mapped[list[RecommendationText]] = relationship(
        cascade="all, delete-orphan", order_by=RecommendationText.language
    )

    def __repr__(self) -> str:
        return f"<Recommendation {self.paragraph or self.id}>"

    def refresh_education(self) -> None:
        """Derive the education flag from the text, themes (and the matrix heading it is filed under), SDGs and
        issues (core/education.py); a flag set by hand wins."""
        self.education_derived = derived_education(
            self.text, self.themes, self.theme_heading, self.sdgs, self.issues
        )
        override = self.education_override
        self.education = self.education_derived if override is None else override


def derived_education(text: str, themes, theme_heading: str | None, sdgs, issues) -> bool:
    """The education flag a recommendation's text, themes, matrix heading, SDGs and issues give it (the rule of
    core/education.py), for a stored record and for one an import writes without an object."""
    return is_about_education(
        text,
        themes=[" ".join(filter(None, (t.code, t.name))) for t in themes]
        + [h for h in (theme_heading,) if h],
        sdgs=[s.code for s in sdgs],
        issues=[i.name for i in issues],
    )


class Assignment(db.Model):
    """A responsible institution of a recommendation, with the date it is due."""

    __tablename__ = "assignment"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    assigned_at: Mapped[datetime] = created_at()

    recommendation: Mapped[Recommendation] = relationship(back_populates="assignments")
    organisation = relationship("Organisation")

    @hybrid_method
    def is_overdue(self, today: date) -> bool:
        """Tell whether the due date is before today while the recommendation is not fully implemented."""
        return self.due_date is not None and self.due_date < today and self._open

    @is_overdue.expression
    def is_overdue(cls, today: date):
        # The status is the query's Recommendation: join it (`.join(Assignment.recommendation)`) or start from
        # it (`Recommendation.assignments.any(Assignment.is_overdue(today))`), as the list and the counts do.
        return and_(cls.past_due(today), Recommendation.status != Status.FULLY_IMPLEMENTED)

    @classmethod
    def past_due(cls, today: date):
        """The date half of `is_overdue`: a due date before today (the list's filter finds these assignments
        through the index of due dates, then asks the status of their recommendations)."""
        return and_(cls.due_date.is_not(None), cls.due_date < today)

    def is_due_by(self, day: date) -> bool:
        """Tell whether the assignment falls due on or before the day while the recommendation is not fully
        implemented (the "due soon" mark)."""
        return self.due_date is not None and self.due_date <= day and self._open

    @property
    def _open(self) -> bool:
        return self.recommendation.status != Status.FULLY_IMPLEMENTED


class StatusChange(Validated, db.Model):
    """One dated change of the NMRF's status, never edited but for its validation: the history is the record."""

    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(text_enum(Status.codes(), "status_change_status", 24))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = created_at()
    batch: Mapped[str | None] = batch_column()

    recommendation: Mapped[Recommendation] = relationship(back_populates="status_changes")
    author = relationship("User", foreign_keys=[author_id])
    state = synonym("entry_state")


make_append_only(StatusChange, except_columns=DECISION_COLUMNS)


class PositionChange(db.Model):
    """One dated position of the State on a recommendation, as a document gave it, never edited.

    A draft report says "will examine" weeks before the addendum says Supported, and a State may accept at
    mid-term what it noted: the history says since when each position held and which document gave it.
    """

    __tablename__ = "position_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[str] = mapped_column(
        text_enum(Position.codes(), "position_change_position", 20)
    )
    changed_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)  # the document's symbol, else the file's name
    created_at: Mapped[datetime] = created_at()

    recommendation: Mapped[Recommendation] = relationship(back_populates="position_changes")


make_append_only(PositionChange)


class ImplementationAction(Validated, db.Model):
    """Something a responsible institution did to implement a recommendation."""

    __tablename__ = "implementation_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    taken_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()

    recommendation: Mapped[Recommendation] = relationship(back_populates="actions")
    organisation = relationship("Organisation")
    author = relationship("User", foreign_keys=[author_id])
    state = synonym("entry_state")
