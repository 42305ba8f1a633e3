"""What the "my work" page reads: an institution's assignments, what is overdue, what changed since the last visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, case, func, or_, select, true
from sqlalchemy.orm import Session, contains_eager, selectinload

from uprtrack.core import audit
from uprtrack.core.vocabulary import Moderation, Status
from uprtrack.models import (
    Assessment,
    Assignment,
    Comment,
    Evidence,
    Organisation,
    Recommendation,
    Review,
    StatusChange,
    User,
)
from uprtrack.models.base import utcnow
from uprtrack.models.follow_up import evidence_recommendations
from uprtrack.work import filters as work_filters
from uprtrack.work.filters import WorkFilters

FIRST_VISIT_WINDOW = timedelta(days=30)  # what a first visit shows as recent
CHANGES_SHOWN = 100


def assignments(org_id: int, today: date, filters: WorkFilters | None = None) -> Select:
    """Select an institution's assignments with the work page's filter, overdue first unless sorted otherwise."""
    filters = filters or WorkFilters()
    query = (
        select(Assignment)
        .join(Assignment.recommendation)
        .where(Assignment.organisation_id == org_id)
        .options(
            contains_eager(Assignment.recommendation)
            .selectinload(Recommendation.review)
            .selectinload(Review.state)
        )
    )
    return work_filters.order(work_filters.apply(query, filters, today), filters.sort, today)


def overdue_count(session: Session, org_id: int, today: date) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Assignment)
        .join(Assignment.recommendation)
        .where(Assignment.organisation_id == org_id, Assignment.is_overdue(today))
    )


def institution_counts(session: Session, today: date) -> list[tuple[Organisation, int, int, int]]:
    """Count, per responsible institution, what is assigned, overdue and fully implemented."""
    rows = session.execute(
        select(
            Organisation,
            func.count(),
            func.sum(case((Assignment.is_overdue(today), 1), else_=0)),
            func.sum(case((Recommendation.status == Status.FULLY_IMPLEMENTED, 1), else_=0)),
        )
        .join(Assignment, Assignment.organisation_id == Organisation.id)
        .join(Recommendation, Recommendation.id == Assignment.recommendation_id)
        .group_by(Organisation.id)
        .order_by(Organisation.name)
    ).all()
    return [(org, total, late or 0, done or 0) for org, total, late, done in rows]


def since(user: User) -> datetime:
    """Return the moment the last visit ended, or the start of the recent window on a first visit."""
    return _aware(user.work_seen_at) if user.work_seen_at else utcnow() - FIRST_VISIT_WINDOW


def mark_read(session: Session, user: User) -> None:
    """Move the reader's bookmark: what changed until now is read, the page lists only newer changes."""
    before = user.work_seen_at
    user.work_seen_at = utcnow()
    audit.record(
        session,
        "mark-work-read",
        "user",
        user.id,
        user=user,
        before=before.isoformat() if before else None,
    )
    session.flush()


@dataclass
class Change:
    """Something that happened to a recommendation: a status, comment, assessment or piece of evidence."""

    at: datetime
    kind: str
    rec: Recommendation
    who: str
    what: str


def changes_since(
    session: Session, moment: datetime, user: User, org_id: int | None = None
) -> list[Change]:
    """Return what others changed after the moment, newest first, on the institution's recommendations (or all)."""

    def scoped(rec_column):
        if org_id is None:
            return true()
        return rec_column.in_(
            select(Assignment.recommendation_id).where(Assignment.organisation_id == org_id)
        )

    rec_load = selectinload(Recommendation.review).selectinload(Review.state)
    statuses = session.scalars(
        select(StatusChange)
        .where(
            StatusChange.created_at > moment,
            scoped(StatusChange.recommendation_id),
            or_(StatusChange.author_id.is_(None), StatusChange.author_id != user.id),
        )
        .options(
            selectinload(StatusChange.recommendation).options(rec_load),
            selectinload(StatusChange.author).selectinload(User.organisation),
        )
        .order_by(StatusChange.created_at.desc())
        .limit(CHANGES_SHOWN)
    ).all()
    comments = session.scalars(
        select(Comment)
        .where(
            Comment.created_at > moment,
            Comment.moderation == Moderation.PUBLISHED,
            scoped(Comment.recommendation_id),
        )
        .options(
            selectinload(Comment.recommendation).options(rec_load),
            selectinload(Comment.organisation),
        )
        .order_by(Comment.created_at.desc())
        .limit(CHANGES_SHOWN)
    ).all()
    # An assessment's updated_at moves when it is moderated, so one published after the visit shows as new.
    assessments = session.scalars(
        select(Assessment)
        .where(
            Assessment.updated_at > moment,
            Assessment.moderation == Moderation.PUBLISHED,
            scoped(Assessment.recommendation_id),
        )
        .options(
            selectinload(Assessment.recommendation).options(rec_load),
            selectinload(Assessment.organisation),
        )
        .order_by(Assessment.updated_at.desc())
        .limit(CHANGES_SHOWN)
    ).all()
    link = evidence_recommendations.c
    evidence = session.execute(
        select(Evidence, Recommendation)
        .join(evidence_recommendations, link.evidence_id == Evidence.id)
        .join(Recommendation, Recommendation.id == link.recommendation_id)
        .where(Evidence.updated_at > moment, scoped(Recommendation.id))
        .options(selectinload(Recommendation.review).selectinload(Review.state))
        .order_by(Evidence.updated_at.desc())
        .limit(CHANGES_SHOWN)
    ).all()
    changes = [
        *(
            Change(_aware(s.created_at), "status", s.recommendation, _who(s.author), s.status)
            for s in statuses
        ),
        *(
            Change(_aware(c.created_at), "comment", c.recommendation, c.organisation.name, c.body)
            for c in comments
        ),
        *(
            Change(
                _aware(a.updated_at), "assessment", a.recommendation, a.organisation.name, a.rating
            )
            for a in assessments
        ),
        *(Change(_aware(e.updated_at), "evidence", rec, "", e.title) for e, rec in evidence),
    ]
    return sorted(changes, key=lambda change: change.at, reverse=True)[:CHANGES_SHOWN]


def _who(author: User | None) -> str:
    if author is None:
        return ""
    return author.organisation.name if author.organisation else author.email


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
