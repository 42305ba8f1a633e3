"""What the State did with others' help: technical assistance received and still needed, pledges, good practices."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import distinct, func, not_, or_, select
from sqlalchemy.orm import Session, selectinload

from uprtrack.core.visibility import visible
from uprtrack.core.vocabulary import (
    AssistanceKind,
    AssistanceState,
)
from uprtrack.follow_up.operations import received_clause
from uprtrack.models import (
    Fund,
    Organisation,
    Recommendation,
    Review,
    TechnicalAssistance,
)
from uprtrack.models.follow_up import (
    assistance_recommendations,
)
from uprtrack.recommendations.filters import paragraph_order
from uprtrack.reporting.amounts import money
from uprtrack.reporting.figures.scope import (
    Scope,
    Table,
    scope_conditions,
    scope_recommendation_ids,
)
from uprtrack.reporting.matrix.cells import period

# ---- Technical assistance ---------------------------------------------------------------------------------------


def assistance_in_scope(scope: Scope, received: bool):
    """The ids of the State's assistance, received or still needed, linked to the scope's recommendations or
    recorded for its cycle, that the reader may see."""
    linked = select(assistance_recommendations.c.assistance_id).where(
        assistance_recommendations.c.recommendation_id.in_(scope_recommendation_ids(scope))
    )
    clause = received_clause()
    return select(TechnicalAssistance.id).where(
        TechnicalAssistance.state_id == scope.state_id,
        clause if received else not_(clause),
        or_(TechnicalAssistance.cycle == scope.cycle, TechnicalAssistance.id.in_(linked)),
        *visible(TechnicalAssistance, scope.published_only),
    )


def _assistance_table(
    session: Session,
    scope: Scope,
    group_key,
    target,
    group_column,
    caption: str,
    label_header: str,
    unnamed: str,
) -> Table:
    """Received assistance grouped by one column: projects, amounts per currency (never added across currencies),
    and the number of the scope's recommendations it serves."""
    ids = assistance_in_scope(scope, received=True)
    by_currency = session.execute(
        select(
            group_key,
            group_column,
            TechnicalAssistance.currency,
            func.count(TechnicalAssistance.id),
            func.sum(TechnicalAssistance.amount),
        )
        .select_from(TechnicalAssistance)
        .outerjoin(target, target.id == group_key)
        .where(TechnicalAssistance.id.in_(ids))
        .group_by(group_key, group_column, TechnicalAssistance.currency)
    ).all()
    served = dict(
        session.execute(
            select(group_key, func.count(distinct(assistance_recommendations.c.recommendation_id)))
            .select_from(TechnicalAssistance)
            .join(
                assistance_recommendations,
                assistance_recommendations.c.assistance_id == TechnicalAssistance.id,
            )
            .where(
                TechnicalAssistance.id.in_(ids),
                assistance_recommendations.c.recommendation_id.in_(scope_recommendation_ids(scope)),
            )
            .group_by(group_key)
        ).all()
    )
    currencies = sorted(
        {(c or "").upper() for *_, c, _n, amount in by_currency if amount is not None}
    )
    groups: dict[object, dict] = {}
    for key, name, currency, count, amount in by_currency:
        group = groups.setdefault(key, {"name": name or unnamed, "projects": 0, "amounts": {}})
        group["projects"] += count
        if amount is not None:
            code = (currency or "").upper()
            group["amounts"][code] = group["amounts"].get(code, Decimal(0)) + Decimal(amount)
    rows = [
        (g["name"], [g["projects"], *[g["amounts"].get(c) for c in currencies], served.get(key, 0)])
        for key, g in sorted(
            groups.items(), key=lambda item: (item[0] is None, item[1]["name"].casefold())
        )
    ]
    amount_headers = [
        _("Amount (%(currency)s)", currency=c) if c else _("Amount (currency not given)")
        for c in currencies
    ]
    return Table(
        caption=caption,
        header=[label_header, _("Projects"), *amount_headers, _("Recommendations served")],
        rows=rows,
        keys=["projects", *[f"amount:{c}" for c in currencies], "recommendations"],
    )


def assistance_by_provider(session: Session, scope: Scope) -> Table:
    """Sum the assistance the State received for the scope by provider."""
    return _assistance_table(
        session,
        scope,
        TechnicalAssistance.provider_id,
        Organisation,
        func.coalesce(Organisation.acronym, Organisation.name),
        _("Technical assistance received by provider"),
        _("Provider"),
        _("Provider not recorded"),
    )


def assistance_by_fund(session: Session, scope: Scope) -> Table:
    """Sum the assistance the State received for the scope by UN fund."""
    return _assistance_table(
        session,
        scope,
        TechnicalAssistance.fund_id,
        Fund,
        func.coalesce(Fund.short_name, Fund.name),
        _("Technical assistance received by fund"),
        _("Fund"),
        _("No UN fund"),
    )


def assistance_received(session: Session, scope: Scope) -> Table:
    """List the assistance received, each with its provider, fund, kind, amount, period and what it served."""
    ids = assistance_in_scope(scope, received=True)
    records = session.scalars(
        select(TechnicalAssistance)
        .where(TechnicalAssistance.id.in_(ids))
        .options(selectinload(TechnicalAssistance.provider), selectinload(TechnicalAssistance.fund))
        .order_by(TechnicalAssistance.start_date, TechnicalAssistance.title, TechnicalAssistance.id)
    ).all()
    serves = paragraphs_by(
        session,
        scope,
        assistance_recommendations.c.assistance_id,
        assistance_recommendations.c.recommendation_id,
        [r.id for r in records],
    )
    rows = [
        (
            r.title,
            [
                (r.provider.acronym or r.provider.name) if r.provider else "",
                (r.fund.short_name or r.fund.name) if r.fund else "",
                AssistanceKind.label_of(r.kind),
                money(r.amount, r.currency),
                period(r.start_date, r.end_date),
                ", ".join(p for p, _s in serves.get(r.id, [])),
            ],
        )
        for r in records
    ]
    return Table(
        caption=_("Technical assistance received and the recommendations it served"),
        header=[
            _("Assistance"),
            _("Provider"),
            _("Fund"),
            _("Kind"),
            _("Amount"),
            _("Period"),
            _("Recommendations served"),
        ],
        rows=rows,
        keys=["provider", "fund", "kind", "amount", "period", "recommendations"],
    )


def assistance_still_needed(session: Session, scope: Scope) -> Table:
    """List the assistance the State asked for and has not received: kind, state, provider asked, what it serves."""
    ids = assistance_in_scope(scope, received=False)
    records = session.execute(
        select(
            TechnicalAssistance.id,
            TechnicalAssistance.title,
            TechnicalAssistance.kind,
            TechnicalAssistance.status,
            func.coalesce(Organisation.acronym, Organisation.name),
        )
        .outerjoin(Organisation, Organisation.id == TechnicalAssistance.provider_id)
        .where(TechnicalAssistance.id.in_(ids))
        .order_by(TechnicalAssistance.title, TechnicalAssistance.id)
    ).all()
    serves = paragraphs_by(
        session,
        scope,
        assistance_recommendations.c.assistance_id,
        assistance_recommendations.c.recommendation_id,
        [r[0] for r in records],
    )
    rows = [
        (
            title,
            [
                AssistanceKind.label_of(kind),
                AssistanceState.label_of(status),
                provider or "",
                ", ".join(p for p, _s in serves.get(record_id, [])),
            ],
        )
        for record_id, title, kind, status, provider in records
    ]
    return Table(
        caption=_("Technical assistance still needed"),
        header=[
            _("Assistance"),
            _("Kind"),
            _("State of the request"),
            _("Provider asked"),
            _("Recommendations it would serve"),
        ],
        rows=rows,
        keys=["kind", "status", "provider", "recommendations"],
    )


def paragraphs_by(
    session: Session, scope: Scope, owner_column, recommendation_column, owner_ids: list[int]
) -> dict[int, list[tuple[str, str]]]:
    """The scope's recommendations linked to each record, as (paragraph, status) in paragraph order."""
    if not owner_ids:
        return {}
    query = (
        select(owner_column, Recommendation.paragraph, Recommendation.status)
        .join(Recommendation, Recommendation.id == recommendation_column)
        .join(Review, Recommendation.review_id == Review.id)
        .where(owner_column.in_(owner_ids), *scope_conditions(scope))
        .order_by(owner_column, *paragraph_order())
    )
    linked: dict[int, list[tuple[str, str]]] = {}
    for owner, paragraph, status in session.execute(query):
        linked.setdefault(owner, []).append((paragraph or "-", status))
    return linked
