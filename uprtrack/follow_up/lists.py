"""The filtered lists of pledges, technical assistance and evidence, what their filters offer, and what is linked.

Each function takes the kind of record (uprtrack/follow_up/kinds.py) it lists; the options are plain
(value, label) pairs, from which the forms build their choices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from uprtrack.core.visibility import visible
from uprtrack.follow_up.providers import provider_label
from uprtrack.models import (
    Fund,
    IssueTag,
    Organisation,
    Recommendation,
    Review,
    State,
    TechnicalAssistance,
)
from uprtrack.models.follow_up import pledge_issues

if TYPE_CHECKING:
    from uprtrack.follow_up.kinds import FollowUpKind

Options = list[tuple[object, str]]


def readable(kind: FollowUpKind, published_only: bool) -> Select:
    """Select the records of a kind the reader may see."""
    return select(kind.model).where(*visible(kind.model, published_only))


def filtered(kind: FollowUpKind, filters: dict, published_only: bool) -> Select:
    """Select the records that match the filters, by State, newest cycle and date first."""
    model = kind.model
    query = readable(kind, published_only).join(State, model.state_id == State.id)
    if filters.get("state"):
        query = query.where(model.state_id == filters["state"])
    if filters.get("cycle"):
        query = query.where(model.cycle == filters["cycle"])
    for name, condition in kind.filters.items():
        if filters.get(name):
            query = query.where(condition(filters[name]))
    return query.options(*kind.loads).order_by(
        State.name,
        model.cycle.desc().nulls_last(),
        kind.date_column.desc().nulls_last(),
        model.id.desc(),
    )


def linked_counts(
    session: Session, kind: FollowUpKind, ids: list[int], published_only: bool
) -> dict[int, int]:
    """Count the recommendations linked to each record of a page, in one query (published ones for the public)."""
    if not ids:
        return {}
    column = kind.link_column
    query = (
        select(column, func.count())
        .join(Recommendation, Recommendation.id == column.table.c.recommendation_id)
        .where(column.in_(ids), *visible(Recommendation, published_only))
        .group_by(column)
    )
    return dict(session.execute(query).all())


def visible_recommendations(
    session: Session, kind: FollowUpKind, record, published_only: bool
) -> list[Recommendation]:
    """The recommendations linked to a record that the reader may see, newest cycle first, in paragraph order."""
    column = kind.link_column
    query = (
        select(Recommendation)
        .join(column.table, column.table.c.recommendation_id == Recommendation.id)
        .where(column == record.id, *visible(Recommendation, published_only))
        .options(
            joinedload(Recommendation.review), selectinload(Recommendation.recommending_states)
        )
    )
    return sorted(session.scalars(query), key=_newest_review_first)


def _newest_review_first(rec: Recommendation) -> tuple:
    """UPR records by cycle, newest first, then those of other mechanisms (no cycle), by paragraph."""
    cycle = rec.review.cycle
    return (cycle is None, -(cycle or 0), paragraph_order(rec))


def linked_to(
    session: Session, kind: FollowUpKind, rec: Recommendation, published_only: bool
) -> list:
    """The records of a kind linked to a recommendation that the reader may see."""
    column = kind.link_column
    query = (
        readable(kind, published_only)
        .join(column.table, column == kind.model.id)
        .where(column.table.c.recommendation_id == rec.id)
        .options(*kind.loads)
        .order_by(kind.model.id)
    )
    return session.scalars(query).all()


def paragraph_order(rec: Recommendation) -> tuple:
    """Order "140.2" before "140.10": by the numbers of the paragraph id, kept as text."""
    parts = (rec.paragraph or "").split(".")
    return tuple(int(p) if p.isdigit() else 0 for p in parts), rec.paragraph or "", rec.id


def reviewed_state_ids(session: Session) -> list[int]:
    """The States that have reviews here: a national deployment holds one, which forms then offer first."""
    return list(session.scalars(select(Review.state_id).distinct().limit(2)))


# --- What the filters of a list offer: (value, label) -----------------------------------------------------------


def state_options(session: Session, kind: FollowUpKind, published_only: bool) -> Options:
    """The States that have records of this kind the reader may see."""
    ids = readable(kind, published_only).with_only_columns(kind.model.state_id).distinct()
    states = session.scalars(select(State).where(State.id.in_(ids)).order_by(State.name))
    return [(s.id, s.name) for s in states]


def source_options(session: Session, kind: FollowUpKind, published_only: bool) -> Options:
    """The sources the records the reader may see name, in alphabetical order."""
    source = kind.model.source
    query = (
        readable(kind, published_only)
        .with_only_columns(source)
        .where(source.is_not(None))
        .distinct()
    )
    return [(s, s) for s in sorted(session.scalars(query), key=str.casefold)]


def issue_options(session: Session, kind: FollowUpKind, published_only: bool) -> Options:
    """The issues of the pledges the reader may see."""
    pledge_ids = readable(kind, published_only).with_only_columns(kind.model.id)
    query = (
        select(IssueTag)
        .join(pledge_issues, pledge_issues.c.issue_tag_id == IssueTag.id)
        .where(pledge_issues.c.pledge_id.in_(pledge_ids))
        .distinct()
        .order_by(IssueTag.name)
    )
    return [(i.id, i.name) for i in session.scalars(query)]


def used_provider_options(session: Session, kind: FollowUpKind, published_only: bool) -> Options:
    """The providers of the assistance the reader may see."""
    used = readable(kind, published_only).with_only_columns(TechnicalAssistance.provider_id)
    query = select(Organisation).where(Organisation.id.in_(used)).order_by(Organisation.name)
    return [(o.id, provider_label(o)) for o in session.scalars(query)]


def fund_options(session: Session, _kind: FollowUpKind, _published_only: bool) -> Options:
    """Every UN fund, by its short name."""
    return [
        (f.id, f.short_name or f.name) for f in session.scalars(select(Fund).order_by(Fund.name))
    ]


def filter_options(
    session: Session, kind: FollowUpKind, published_only: bool
) -> dict[str, Options]:
    """What each filter of a kind's list offers that the database holds: the States, and the kind's own."""
    return {
        "state": state_options(session, kind, published_only),
        **{name: query(session, kind, published_only) for name, query in kind.options.items()},
    }
