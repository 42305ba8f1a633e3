"""The status of the scope's recommendations: by theme, by SDG 4 target, since the previous cycle; the key figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session, aliased

from uprtrack.core.visibility import visible
from uprtrack.core.vocabulary import Position, Status
from uprtrack.follow_up.operations import received_clause
from uprtrack.models import Recommendation, Review, Sdg, TechnicalAssistance, Theme
from uprtrack.models.follow_up import assistance_recommendations
from uprtrack.models.recommendations import recommendation_sdgs, recommendation_themes
from uprtrack.recommendations.filters import overdue_condition, paragraph_order
from uprtrack.reporting.figures.scope import TOTAL, Scope, Table, scope_conditions

EXCERPT = 160  # characters of a recommendation's text quoted in a table


def status_columns() -> tuple[list[str], list[str]]:
    """The keys and headers of the five status columns and the total."""
    return [*Status.codes(), TOTAL], [str(s.label) for s in Status] + [_("Total")]


def status_rows(counts: dict[str, dict[str, int]], order: list[str]) -> list[tuple[str, list]]:
    """Rows of status counts with their total, in the given order of row labels."""
    return [
        (label, [counts[label].get(s, 0) for s in Status] + [sum(counts[label].values())])
        for label in order
    ]


# ---- Status of the recommendations ------------------------------------------------------------------------------


def status_by_theme(session: Session, scope: Scope) -> Table:
    """Count the scope's recommendations by theme and status; one with several themes counts under each."""
    no_theme = _("No theme")
    theme = func.coalesce(Theme.name, "")
    query = (
        select(theme, Recommendation.status, func.count(distinct(Recommendation.id)))
        .select_from(Recommendation)
        .join(Review, Recommendation.review_id == Review.id)
        .outerjoin(
            recommendation_themes, recommendation_themes.c.recommendation_id == Recommendation.id
        )
        .outerjoin(Theme, Theme.id == recommendation_themes.c.theme_id)
        .where(*scope_conditions(scope))
        .group_by(theme, Recommendation.status)
    )
    counts: dict[str, dict[str, int]] = {}
    for name, status, count in session.execute(query):
        counts.setdefault(name or no_theme, {})[status] = count
    order = sorted((n for n in counts if n != no_theme), key=str.casefold) + (
        [no_theme] if no_theme in counts else []
    )
    keys, headers = status_columns()
    return Table(
        caption=_("Status of the recommendations by theme"),
        header=[_("Theme"), *headers],
        rows=status_rows(counts, order),
        keys=keys,
    )


def status_by_sdg_target(session: Session, scope: Scope) -> Table:
    """Count the scope's recommendations by SDG 4 target and status; one with several targets counts under each."""
    query = (
        select(Sdg.code, Sdg.title, Recommendation.status, func.count(distinct(Recommendation.id)))
        .select_from(Recommendation)
        .join(Review, Recommendation.review_id == Review.id)
        .join(recommendation_sdgs, recommendation_sdgs.c.recommendation_id == Recommendation.id)
        .join(Sdg, Sdg.code == recommendation_sdgs.c.sdg_code)
        .where(Sdg.goal == 4, *scope_conditions(scope))
        .group_by(Sdg.code, Sdg.title, Recommendation.status)
        .order_by(Sdg.code)
    )
    counts: dict[str, dict[str, int]] = {}
    for code, title, status, count in session.execute(query):
        counts.setdefault(f"{code} {title}", {})[status] = count
    keys, headers = status_columns()
    return Table(
        caption=_("Status of the recommendations by SDG 4 target"),
        header=[_("SDG 4 target"), *headers],
        rows=status_rows(counts, list(counts)),
        keys=keys,
    )


def progress_since_previous_cycle(session: Session, scope: Scope) -> tuple[Table, Table]:
    """Compare the status of the scope's recommendations with their earlier-cycle counterparts: a cross-table of
    status then by status now, and the list of the recommendations."""
    previous = aliased(Recommendation)
    base = (
        select(Recommendation)
        .join(Review, Recommendation.review_id == Review.id)
        .join(previous, previous.id == Recommendation.previous_id)
        .where(*scope_conditions(scope), *visible(previous, scope.published_only))
    )
    counts: dict[str, dict[str, int]] = {}
    for before, now, count in session.execute(
        base.with_only_columns(
            previous.status, Recommendation.status, func.count(Recommendation.id)
        ).group_by(previous.status, Recommendation.status)
    ):
        counts.setdefault(before, {})[now] = count
    keys, headers = status_columns()
    cross = Table(
        caption=_("Status now (columns) against status in the previous cycle (rows)"),
        header=[_("Status in the previous cycle"), *headers],
        rows=[
            (
                str(s.label),
                [counts[s].get(n, 0) for n in Status] + [sum(counts[s].values())],
            )
            for s in Status
            if s in counts
        ],
        keys=keys,
    )
    listing = Table(
        caption=_("Recommendations with a counterpart in the previous cycle"),
        header=[_("Paragraph"), _("Recommendation"), _("Status then"), _("Status now")],
        keys=["text", "status_then", "status_now"],
    )
    for paragraph, text, before, now in session.execute(
        base.with_only_columns(
            Recommendation.paragraph, Recommendation.text, previous.status, Recommendation.status
        ).order_by(*paragraph_order(), Recommendation.id)
    ):
        listing.rows.append(
            (paragraph or "-", [excerpt(text), Status.label_of(before), Status.label_of(now)])
        )
    return cross, listing


def excerpt(text: str, length: int = EXCERPT) -> str:
    """Shorten a text to about `length` characters at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass
class Headline:
    """The key figures of the scope's recommendations."""

    recommendations: int = 0
    supported: int = 0
    supported_in_part: int = 0
    noted: int = 0
    fully_implemented: int = 0
    partially_implemented: int = 0
    with_assistance: int = 0
    overdue: int = 0

    def table(self) -> Table:
        """The key figures as a two-column table, for the exports."""
        labels = {
            "recommendations": _("Recommendations"),
            "supported": str(Position.SUPPORTED.label),
            "supported_in_part": str(Position.SUPPORTED_IN_PART.label),
            "noted": str(Position.NOTED.label),
            "fully_implemented": str(Status.FULLY_IMPLEMENTED.label),
            "partially_implemented": str(Status.PARTIALLY_IMPLEMENTED.label),
            "with_assistance": _("With technical assistance received"),
            "overdue": _("Overdue (past the due date, not fully implemented)"),
        }
        return Table(
            caption=_("Key figures"),
            header=[_("Figure"), _("Number")],
            rows=[(labels[name], [getattr(self, name)]) for name in labels],
            keys=["value"],
        )


def headline(session: Session, scope: Scope, today: date | None = None) -> Headline:
    """Count the scope's recommendations: supported and noted, implemented, with assistance received, overdue."""
    received = (
        select(assistance_recommendations.c.recommendation_id)
        .join(
            TechnicalAssistance,
            TechnicalAssistance.id == assistance_recommendations.c.assistance_id,
        )
        .where(received_clause(), *visible(TechnicalAssistance, scope.published_only))
    )

    def counted(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = session.execute(
        select(
            func.count(Recommendation.id),
            counted(Recommendation.position == Position.SUPPORTED),
            counted(Recommendation.position == Position.SUPPORTED_IN_PART),
            counted(Recommendation.position == Position.NOTED),
            counted(Recommendation.status == Status.FULLY_IMPLEMENTED),
            counted(Recommendation.status == Status.PARTIALLY_IMPLEMENTED),
            counted(Recommendation.id.in_(received)),
            counted(overdue_condition(today or date.today())),
        )
        .join(Review, Recommendation.review_id == Review.id)
        .where(*scope_conditions(scope))
    ).one()
    return Headline(*(int(n) for n in row))
