"""The dashboard's own figures: statuses over time, and the national mechanism's status against the NHRI's and
civil society's ratings; computed in SQL for one scope, with what the reader may see."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import Date, func, literal, select, union_all
from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import Moderation, OrganisationKind, Rating, Status
from uprtrack.models import Assessment, Organisation, Recommendation, StatusChange
from uprtrack.reporting.figures import Scope, Table
from uprtrack.reporting.figures.scope import scope_recommendation_ids

# The column of the recommendations no one has rated yet: not a rating of the scale, the absence of one.
NOT_ASSESSED = "not_assessed"
MONTHLY_UNDER = (
    12  # months: a shorter history is shown month by month, a longer one quarter by quarter
)


def status_over_time(session: Session, scope: Scope, today: date | None = None) -> Table:
    """Count the recommendations in each status at the end of each quarter (or month), from the first change to today.

    A recommendation's status at a date is that of its latest change on or before it (a later-entered change with
    the same date wins); a recommendation with no change by then is counted as not started, its status at creation.
    """
    today = today or date.today()
    ids = scope_recommendation_ids(scope)
    first = session.scalar(
        select(func.min(StatusChange.changed_on)).where(
            StatusChange.recommendation_id.in_(ids),
            StatusChange.is_validated,
        )
    )
    monthly = first is not None and _months_between(first, today) < MONTHLY_UNDER
    table = Table(
        caption=_("Recommendations in each status at the end of each month")
        if monthly
        else _("Recommendations in each status at the end of each quarter"),
        header=[_("Period"), *(str(s.label) for s in Status)],
        keys=list(Status.codes()),
    )
    if first is None or first > today:
        return table
    ends = _period_ends(first, today, monthly)
    periods = union_all(*(select(literal(end, Date).label("ends_on")) for end in ends)).subquery(
        "periods"
    )
    ranked = (
        select(
            periods.c.ends_on,
            StatusChange.status,
            func.row_number()
            .over(
                partition_by=(periods.c.ends_on, StatusChange.recommendation_id),
                order_by=(StatusChange.changed_on.desc(), StatusChange.id.desc()),
            )
            .label("rank"),
        )
        .join(periods, StatusChange.changed_on <= periods.c.ends_on)
        .where(
            StatusChange.recommendation_id.in_(ids),
            # Only validated changes made a status, as Recommendation.status says.
            StatusChange.is_validated,
        )
        .subquery("ranked")
    )
    counts: dict[tuple[date, str], int] = {}
    for ends_on, status, count in session.execute(
        select(ranked.c.ends_on, ranked.c.status, func.count())
        .where(ranked.c.rank == 1)
        .group_by(ranked.c.ends_on, ranked.c.status)
    ):
        counts[(_as_date(ends_on), status)] = count
    total = session.scalar(select(func.count()).select_from(ids.subquery()))
    skeleton = "yMMM" if monthly else "yQQQ"
    for end in ends:
        changed = [counts.get((end, s), 0) for s in Status.codes()[1:]]
        table.rows.append(
            (
                format_skeleton(skeleton, end, locale=get_locale() or "en"),
                [total - sum(changed), *changed],
            )
        )
    return table


def status_against_assessments(session: Session, scope: Scope) -> tuple[Table, Table]:
    """Cross the national mechanism's current status with the latest published NHRI rating, then with civil
    society's, of each recommendation; return the NHRI's table and civil society's.

    A table has no rows while none of the scope's recommendations has a published rating of that kind.
    """
    return (
        _against(
            session,
            scope,
            OrganisationKind.NHRI,
            _("National mechanism's status against the NHRI's latest rating"),
            _("NHRI's rating"),
        ),
        _against(
            session,
            scope,
            OrganisationKind.CSO,
            _("National mechanism's status against civil society's latest rating"),
            _("Civil society's rating"),
        ),
    )


def _against(session: Session, scope: Scope, kind: str, caption: str, rating_header: str) -> Table:
    # The latest posted is the organisation's current view (as on the recommendation's page), whatever its date.
    latest = (
        select(Assessment.recommendation_id, func.max(Assessment.id).label("id"))
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .where(Assessment.moderation == Moderation.PUBLISHED, Organisation.kind == kind)
        .group_by(Assessment.recommendation_id)
        .subquery("latest")
    )
    rated = (
        select(latest.c.recommendation_id, Assessment.rating)
        .join(Assessment, Assessment.id == latest.c.id)
        .subquery("rated")
    )
    query = (
        select(Recommendation.status, rated.c.rating, func.count())
        .outerjoin(rated, rated.c.recommendation_id == Recommendation.id)
        .where(Recommendation.id.in_(scope_recommendation_ids(scope)))
        .group_by(Recommendation.status, rated.c.rating)
    )
    counts = {
        (status, rating or NOT_ASSESSED): count for status, rating, count in session.execute(query)
    }
    keys = [*Rating.codes(), NOT_ASSESSED]
    table = Table(
        caption=caption,
        keys=keys,
        header=[
            _("National mechanism's status"),
            *(str(rating.label) for rating in Rating),
            _("Not assessed"),
        ],
    )
    if any(
        rating != NOT_ASSESSED for _status, rating in counts
    ):  # nothing rated yet: nothing to cross
        table.rows = [(str(s.label), [counts.get((s, k), 0) for k in keys]) for s in Status]
    return table


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _period_ends(first: date, today: date, monthly: bool) -> list[date]:
    """Return the last day of each month (or quarter) from the one holding `first` to today, today ending the last."""
    step = 1 if monthly else 3
    year, month = first.year, first.month if monthly else (first.month - 1) // 3 * 3 + 1
    ends = []
    while date(year, month, 1) <= today:
        next_year, next_month = (
            (year + 1, month + step - 12) if month + step > 12 else (year, month + step)
        )
        ends.append(min(date(next_year, next_month, 1) - timedelta(days=1), today))
        year, month = next_year, next_month
    return ends


def _as_date(value) -> date:
    """SQLite hands a date selected from a literal back as text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
