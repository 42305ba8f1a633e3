"""The figures a statement to the item 10 debate quotes: shares implemented (overall, by theme, by SDG 4 target), the
change since the State's previous cycle, the themes assistance served, the amounts still needed, pledges kept."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import case, distinct, func, not_, select
from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import Position, Status
from uprtrack.models import Pledge, Recommendation, Review, Sdg, TechnicalAssistance, Theme
from uprtrack.models.follow_up import assistance_recommendations
from uprtrack.models.recommendations import recommendation_sdgs, recommendation_themes
from uprtrack.recommendations.current_status import latest_validated
from uprtrack.reporting.figures.follow_up import assistance_in_scope
from uprtrack.reporting.figures.pledges import pledges_in_scope
from uprtrack.reporting.figures.scope import Scope, scope_conditions, scope_recommendation_ids
from uprtrack.reporting.figures.status import excerpt

SUPPORTED = (Position.SUPPORTED, Position.SUPPORTED_IN_PART)
IMPLEMENTED = (Status.FULLY_IMPLEMENTED, Status.PARTIALLY_IMPLEMENTED)


@dataclass(frozen=True)
class Share:
    """Supported recommendations fully or partially implemented, of all supported ones."""

    implemented: int
    supported: int

    @property
    def percent(self) -> int | None:
        """The share in whole per cent; None when nothing was supported."""
        if not self.supported:
            return None
        return round(100 * self.implemented / self.supported)


@dataclass
class StatementFigures:
    overall: Share
    by_theme: list[tuple[str, Share]]
    by_sdg_target: list[tuple[str, Share]]
    previous_cycle: int | None  # the State's previous UPR cycle, when it has one
    previous: Share | None
    themes_served: list[str]  # themes of the recommendations that received assistance served
    needed: dict[str, Decimal] = field(default_factory=dict)  # currency -> amount still needed
    needed_projects: int = 0
    pledges_kept: int = 0
    pledges: int = 0
    results: list[tuple[str, str]] = field(
        default_factory=list
    )  # (paragraph, what was done), newest first

    @property
    def change(self) -> int | None:
        """Percentage points gained (or lost) since the previous cycle."""
        if self.previous is None or self.previous.percent is None or self.overall.percent is None:
            return None
        return self.overall.percent - self.previous.percent


def _counts(scope: Scope):
    implemented = func.coalesce(
        func.sum(case((Recommendation.status.in_(IMPLEMENTED), 1), else_=0)), 0
    )
    return implemented, func.count(distinct(Recommendation.id))


def _share(session: Session, scope: Scope) -> Share:
    implemented, supported = _counts(scope)
    row = session.execute(
        select(implemented, supported)
        .join(Review, Recommendation.review_id == Review.id)
        .where(*scope_conditions(scope), Recommendation.position.in_(SUPPORTED))
    ).one()
    return Share(int(row[0]), int(row[1]))


def _shares_by(session: Session, scope: Scope, link, label, join_target, extra=()):
    """Shares per theme or SDG target: a recommendation counts once under each of its themes or targets."""
    query = (
        select(
            label,
            func.coalesce(func.sum(case((Recommendation.status.in_(IMPLEMENTED), 1), else_=0)), 0),
            func.count(Recommendation.id),
        )
        .select_from(Recommendation)
        .join(Review, Recommendation.review_id == Review.id)
        .join(link, link.c.recommendation_id == Recommendation.id)
        .join(*join_target)
        .where(*scope_conditions(scope), Recommendation.position.in_(SUPPORTED), *extra)
        .group_by(label)
        .order_by(label)
    )
    return [(name, Share(int(done), int(total))) for name, done, total in session.execute(query)]


def previous_cycle(session: Session, scope: Scope) -> int | None:
    """The State's latest reviewed UPR cycle before the scope's."""
    return session.scalar(
        select(func.max(Review.cycle)).where(
            Review.state_id == scope.state_id, Review.cycle < scope.cycle
        )
    )


def themes_served(session: Session, scope: Scope) -> list[str]:
    """The themes of the scope's recommendations that the assistance received served."""
    received = assistance_in_scope(scope, received=True)
    return list(
        session.scalars(
            select(distinct(Theme.name))
            .join(recommendation_themes, recommendation_themes.c.theme_id == Theme.id)
            .join(
                assistance_recommendations,
                assistance_recommendations.c.recommendation_id
                == recommendation_themes.c.recommendation_id,
            )
            .where(
                assistance_recommendations.c.assistance_id.in_(received),
                recommendation_themes.c.recommendation_id.in_(scope_recommendation_ids(scope)),
            )
            .order_by(Theme.name)
        )
    )


def needed_amounts(session: Session, scope: Scope) -> tuple[dict[str, Decimal], int]:
    """The amounts of assistance still needed per currency (never added across currencies), and the requests."""
    ids = assistance_in_scope(scope, received=False)
    amounts: dict[str, Decimal] = {}
    for currency, amount in session.execute(
        select(TechnicalAssistance.currency, func.sum(TechnicalAssistance.amount))
        .where(TechnicalAssistance.id.in_(ids), TechnicalAssistance.amount.is_not(None))
        .group_by(TechnicalAssistance.currency)
        .order_by(TechnicalAssistance.currency)
    ):
        code = (currency or "").upper()
        amounts[code] = amounts.get(code, Decimal(0)) + Decimal(amount)
    count = session.scalar(select(func.count()).select_from(ids.subquery()))
    return amounts, int(count or 0)


def pledges_kept(session: Session, scope: Scope) -> tuple[int, int]:
    """Pledges with a follow-up recorded, and all the scope's pledges."""
    kept = func.coalesce(
        func.sum(case((not_(func.coalesce(func.trim(Pledge.follow_up), "") == ""), 1), else_=0)),
        0,
    )
    row = session.execute(
        select(kept, func.count(Pledge.id)).where(Pledge.id.in_(pledges_in_scope(scope)))
    ).one()
    return int(row[0]), int(row[1])


RESULTS = 3  # the implemented recommendations a statement names
RESULT_WORDS = 160  # characters of what was done, quoted for each


def results(session: Session, scope: Scope, most: int = RESULTS) -> list[tuple[str, str, str]]:
    """The supported recommendations implemented, fully before partially, then the latest first, with the note of
    the validated status change that says what was done (empty when the status carries none)."""
    recs = session.scalars(
        select(Recommendation)
        .join(Review, Recommendation.review_id == Review.id)
        .where(
            *scope_conditions(scope),
            Recommendation.position.in_(SUPPORTED),
            Recommendation.status.in_(IMPLEMENTED),
        )
        .order_by(
            case((Recommendation.status == Status.FULLY_IMPLEMENTED, 0), else_=1),
            Recommendation.status_date.desc().nulls_last(),
            Recommendation.id,
        )
        .limit(most)
    )
    found = []
    for rec in recs:
        latest = latest_validated(rec)
        note = excerpt(latest.note, RESULT_WORDS).rstrip(".…") if latest and latest.note else ""
        found.append((rec.paragraph or f"#{rec.id}", rec.status, note))
    return found


def statement_figures(session: Session, scope: Scope) -> StatementFigures:
    """Compute every figure the statement quotes, for the scope."""
    earlier = previous_cycle(session, scope)
    amounts, requests = needed_amounts(session, scope)
    kept, pledges = pledges_kept(session, scope)
    return StatementFigures(
        overall=_share(session, scope),
        by_theme=_shares_by(
            session,
            scope,
            recommendation_themes,
            Theme.name,
            (Theme, Theme.id == recommendation_themes.c.theme_id),
        ),
        by_sdg_target=_shares_by(
            session,
            scope,
            recommendation_sdgs,
            Sdg.code,
            (Sdg, Sdg.code == recommendation_sdgs.c.sdg_code),
            (Sdg.goal == 4,),
        ),
        previous_cycle=earlier,
        previous=_share(session, replace(scope, cycle=earlier)) if earlier else None,
        themes_served=themes_served(session, scope),
        needed=amounts,
        needed_projects=requests,
        pledges_kept=kept,
        pledges=pledges,
        results=results(session, scope),
    )
