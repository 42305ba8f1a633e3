"""The focal point's work page filter: status, due soon, overdue and theme, and its order; read from a query string
as the recommendations list reads its own (a value it cannot use is dropped, never an error)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import Select, case

from uprtrack.core.vocabulary import Status
from uprtrack.models import Assignment, Recommendation, Review, Theme
from uprtrack.recommendations.filters import paragraph_order

DUE_SOON = timedelta(days=30)
DUE_CHOICES = ("soon", "overdue")
SORTS = ("due", "status", "paragraph")


@dataclass(frozen=True)
class WorkFilters:
    status: str | None = None
    due: str | None = None  # "soon": due within 30 days and not done; "overdue"
    theme: int | None = None
    sort: str = "due"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> WorkFilters:
        def text(name: str) -> str:
            value = args.get(name)
            return value.strip() if isinstance(value, str) else ""

        theme, page = text("theme"), text("page")
        return cls(
            status=text("status") if text("status") in Status.codes() else None,
            due=text("due") if text("due") in DUE_CHOICES else None,
            theme=int(theme) if theme.isdigit() else None,
            sort=text("sort") if text("sort") in SORTS else "due",
            page=int(page) if page.isdigit() and int(page) > 0 else 1,
        )

    def to_args(self, **changes) -> dict[str, str | int]:
        """The query string of these filters, defaults left out."""
        values = {**asdict(self), **changes}
        defaults = asdict(WorkFilters())
        return {k: v for k, v in values.items() if v is not None and v != defaults[k]}

    @property
    def narrowed(self) -> bool:
        return any((self.status, self.due, self.theme))


def apply(query: Select, filters: WorkFilters, today: date) -> Select:
    """Add the filter's conditions to a query of Assignment joined to its Recommendation."""
    if filters.status:
        query = query.where(Recommendation.status == filters.status)
    if filters.due == "overdue":
        query = query.where(Assignment.is_overdue(today))
    elif filters.due == "soon":
        query = query.where(
            Assignment.due_date >= today,
            Assignment.due_date <= today + DUE_SOON,
            Recommendation.status != Status.FULLY_IMPLEMENTED,
        )
    if filters.theme:
        query = query.where(Recommendation.themes.any(Theme.id == filters.theme))
    return query


def order(query: Select, sort: str, today: date) -> Select:
    """Order the assignments; each order ends with the recommendation's id, so that pages never overlap."""
    if sort == "status":
        rank = case({c: n for n, c in enumerate(Status.codes())}, value=Recommendation.status)
        return query.order_by(rank, Recommendation.id)
    if sort == "paragraph":
        return query.join(Recommendation.review).order_by(
            Review.cycle, *paragraph_order(), Recommendation.id
        )
    # By due date: overdue first, then by due date, undated last.
    return query.order_by(
        case((Assignment.is_overdue(today), 0), else_=1),
        case((Assignment.due_date.is_(None), 1), else_=0),
        Assignment.due_date,
        Recommendation.id,
    )
