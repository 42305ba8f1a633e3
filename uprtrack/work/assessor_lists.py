"""What the NHRI's and civil society's work page reads: the published recommendations their organisation has not
assessed, those whose government status changed since its latest assessment, and those where its latest rating and
the government's status disagree (`core/vocabulary.disagree`, the progress scale). Everything is counted and
filtered in SQL, with the recommendations list's filters (`recommendations/filters.py`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session, aliased

from uprtrack.core.visibility import visible
from uprtrack.core.vocabulary import RATING_PROGRESS, STATUS_PROGRESS
from uprtrack.models import Assessment, Recommendation, Review, StatusChange
from uprtrack.recommendations.filters import Filters, apply_filters, ordered

NOT_ASSESSED = "not_assessed"
STATUS_CHANGED = "status_changed"
DISAGREE = "disagree"
LISTS = (NOT_ASSESSED, STATUS_CHANGED, DISAGREE)

_Latest = aliased(Assessment, name="latest_assessment")


def _latest_ids(org_id: int):
    """The organisation's latest assessment of each recommendation: the one posted last is its current view."""
    return (
        select(func.max(Assessment.id).label("id"))
        .where(Assessment.organisation_id == org_id)
        .group_by(Assessment.recommendation_id)
        .subquery("latest_ids")
    )


def _progress(column, scale: dict) -> case:
    """A status or a rating as its place on the progress scale, in SQL (NULL off the scale)."""
    return case({code.value: progress.value for code, progress in scale.items()}, value=column)


def _published(filters: Filters, today: date | None) -> Select:
    query = (
        select(Recommendation)
        .join(Recommendation.review)
        .join(Review.state)
        .where(*visible(Recommendation, True))
    )
    return apply_filters(query, filters, today)


def _with_latest(query: Select, org_id: int) -> Select:
    latest = _latest_ids(org_id)
    return query.join(_Latest, _Latest.recommendation_id == Recommendation.id).join(
        latest, latest.c.id == _Latest.id
    )


def conditions(name: str):
    """The condition of the second and third lists, on a query joined to the organisation's latest assessment."""
    if name == STATUS_CHANGED:
        # A status recorded after the assessment was posted: the organisation has not weighed it yet.
        return (
            select(StatusChange.id)
            .where(
                StatusChange.recommendation_id == Recommendation.id,
                StatusChange.created_at > _Latest.created_at,
            )
            .exists()
        )
    if name == DISAGREE:
        status, rating = (
            _progress(Recommendation.status, STATUS_PROGRESS),
            _progress(_Latest.rating, RATING_PROGRESS),
        )
        return and_(rating.is_not(None), status != rating)
    raise ValueError(name)


def selection(name: str, org_id: int, filters: Filters, today: date | None = None) -> Select:
    """Select one list's recommendations with the list's filters; without the order."""
    query = _published(filters, today)
    if name == NOT_ASSESSED:
        return query.where(~Recommendation.assessments.any(Assessment.organisation_id == org_id))
    return _with_latest(query, org_id).where(conditions(name))


def listed(name: str, org_id: int, filters: Filters, today: date | None = None) -> Select:
    """Select one list in the order the filters ask for."""
    return ordered(selection(name, org_id, filters, today), filters.sort, filters.terms)


def counts(session: Session, org_id: int, filters: Filters, today: date | None = None) -> dict:
    """Count each list with the filters, in one query."""
    subqueries = [
        select(func.count())
        .select_from(
            selection(name, org_id, filters, today)
            .with_only_columns(Recommendation.id)
            .subquery(f"{name}_ids")
        )
        .scalar_subquery()
        .label(name)
        for name in LISTS
    ]
    row = session.execute(select(*subqueries)).one()
    return dict(row._mapping)


def latest_assessments(session: Session, org_id: int, rec_ids: list[int]) -> dict[int, Assessment]:
    """The organisation's latest assessment of each of these recommendations, for the rows of a page."""
    if not rec_ids:
        return {}
    latest = _latest_ids(org_id)
    rows = session.scalars(
        select(Assessment)
        .join(latest, latest.c.id == Assessment.id)
        .where(Assessment.recommendation_id.in_(rec_ids))
    ).all()
    return {a.recommendation_id: a for a in rows}
