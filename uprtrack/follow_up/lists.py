"""The filtered lists of pledges, technical assistance and evidence, and what their filters offer."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload
from wtforms import SelectChoice

from uprtrack.follow_up.access import paragraph_order
from uprtrack.models import (
    Evidence,
    Fund,
    IssueTag,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    State,
    TechnicalAssistance,
)
from uprtrack.models.follow_up import (
    assistance_recommendations,
    evidence_recommendations,
    pledge_issues,
    pledge_recommendations,
)

LINKS = {
    Pledge: (pledge_recommendations, "pledge_id"),
    TechnicalAssistance: (assistance_recommendations, "assistance_id"),
    Evidence: (evidence_recommendations, "evidence_id"),
}
# Filters that are one column each, by list.
COLUMN_FILTERS = {
    Pledge: {"source": Pledge.source},
    TechnicalAssistance: {
        "direction": TechnicalAssistance.direction,
        "provider": TechnicalAssistance.provider_id,
        "fund": TechnicalAssistance.fund_id,
        "kind": TechnicalAssistance.kind,
        "status": TechnicalAssistance.status,
    },
    Evidence: {"kind": Evidence.kind},
}
LOADS = {
    Pledge: (selectinload(Pledge.state), selectinload(Pledge.issues)),
    TechnicalAssistance: (
        selectinload(TechnicalAssistance.state),
        selectinload(TechnicalAssistance.provider),
        selectinload(TechnicalAssistance.fund),
    ),
    Evidence: (selectinload(Evidence.state),),
}
DATE_COLUMN = {
    Pledge: Pledge.made_on,
    TechnicalAssistance: TechnicalAssistance.start_date,
    Evidence: Evidence.date,
}


def visible(model: type, staff: bool) -> Select:
    """Select the records a person sees: all for government users, the published ones for everyone else."""
    query = select(model)
    return query if staff else query.where(model.published.is_(True))


def filtered(model: type, filters: dict, staff: bool) -> Select:
    """Select the records that match the filters, by State, newest cycle and date first."""
    query = visible(model, staff).join(State, model.state_id == State.id)
    if filters.get("state"):
        query = query.where(model.state_id == filters["state"])
    if filters.get("cycle"):
        query = query.where(model.cycle == filters["cycle"])
    if model is Pledge and filters.get("issue"):
        query = query.where(Pledge.issues.any(IssueTag.id == filters["issue"]))
    for name, column in COLUMN_FILTERS[model].items():
        if filters.get(name):
            query = query.where(column == filters[name])
    date = DATE_COLUMN[model]
    return query.options(*LOADS[model]).order_by(
        State.name, model.cycle.desc().nulls_last(), date.desc().nulls_last(), model.id.desc()
    )


def linked_counts(session: Session, model: type, ids: list[int], staff: bool) -> dict[int, int]:
    """Count the recommendations linked to each record of a page, in one query (published ones for the public)."""
    if not ids:
        return {}
    table, column_name = LINKS[model]
    column = table.c[column_name]
    query = (
        select(column, func.count())
        .join(Recommendation, Recommendation.id == table.c.recommendation_id)
        .where(column.in_(ids))
        .group_by(column)
    )
    if not staff:
        query = query.where(Recommendation.published.is_(True))
    return dict(session.execute(query).all())


def visible_recommendations(session: Session, record, staff: bool) -> list[Recommendation]:
    """The recommendations linked to a record that the person may see, newest cycle first, in paragraph order."""
    table, column_name = LINKS[type(record)]
    query = (
        select(Recommendation)
        .join(table, table.c.recommendation_id == Recommendation.id)
        .where(table.c[column_name] == record.id)
        .options(
            joinedload(Recommendation.review), selectinload(Recommendation.recommending_states)
        )
    )
    if not staff:
        query = query.where(Recommendation.published.is_(True))
    return sorted(session.scalars(query), key=lambda rec: (-rec.review.cycle, paragraph_order(rec)))


def on_recommendation(session: Session, rec: Recommendation, staff: bool) -> dict[str, list]:
    """The pledges, assistance and evidence linked to a recommendation that the person may see."""
    found = {}
    for name, model, loads in (
        ("pledges", Pledge, ()),
        (
            "assistance",
            TechnicalAssistance,
            (selectinload(TechnicalAssistance.provider), selectinload(TechnicalAssistance.fund)),
        ),
        ("evidence", Evidence, ()),
    ):
        table, column_name = LINKS[model]
        query = (
            visible(model, staff)
            .join(table, table.c[column_name] == model.id)
            .where(table.c.recommendation_id == rec.id)
            .options(*loads)
            .order_by(model.id)
        )
        found[name] = session.scalars(query).all()
    return found


def reviewed_state_ids(session: Session) -> list[int]:
    """The States that have reviews here: a national deployment holds one, which forms then offer first."""
    return list(session.scalars(select(Review.state_id).distinct().limit(2)))


def state_choices(session: Session, model: type, staff: bool) -> list[SelectChoice]:
    ids = visible(model, staff).with_only_columns(model.state_id).distinct()
    return [
        SelectChoice(s.id, s.name)
        for s in session.scalars(select(State).where(State.id.in_(ids)).order_by(State.name))
    ]


def source_choices(session: Session, staff: bool) -> list[SelectChoice]:
    query = (
        visible(Pledge, staff)
        .with_only_columns(Pledge.source)
        .where(Pledge.source.is_not(None))
        .distinct()
    )
    return [SelectChoice(s, s) for s in sorted(session.scalars(query), key=str.casefold)]


def issue_choices(session: Session, staff: bool) -> list[SelectChoice]:
    pledge_ids = visible(Pledge, staff).with_only_columns(Pledge.id)
    query = (
        select(IssueTag)
        .join(pledge_issues, pledge_issues.c.issue_tag_id == IssueTag.id)
        .where(pledge_issues.c.pledge_id.in_(pledge_ids))
        .distinct()
        .order_by(IssueTag.name)
    )
    return [SelectChoice(i.id, i.name) for i in session.scalars(query)]


def provider_choices(session: Session, staff: bool) -> list[SelectChoice]:
    used = visible(TechnicalAssistance, staff).with_only_columns(TechnicalAssistance.provider_id)
    query = select(Organisation).where(Organisation.id.in_(used)).order_by(Organisation.name)
    return [SelectChoice(o.id, provider_label(o)) for o in session.scalars(query)]


def fund_choices(session: Session) -> list[SelectChoice]:
    return [
        SelectChoice(f.id, f.short_name or f.name)
        for f in session.scalars(select(Fund).order_by(Fund.name))
    ]


def provider_label(org: Organisation) -> str:
    return f"{org.name} ({org.acronym})" if org.acronym and org.acronym != org.name else org.name
