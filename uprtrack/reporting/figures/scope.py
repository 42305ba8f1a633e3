"""What a report or a chart covers (a State, a cycle, education only, what the reader may see), as SQL conditions,
and the table every figure is given as."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Number

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core.data_version import Memo
from uprtrack.core.visibility import visible
from uprtrack.models import Recommendation, Review, State

TOTAL = "total"
REVIEWED = Memo(
    16
)  # the reviewed cycles of each State, by data version and what the reader may see


@dataclass(frozen=True)
class Scope:
    """What a report covers: one State, one cycle, education only or not, and what the reader may see."""

    state_id: int
    cycle: int
    education: bool = True
    published_only: bool = True


@dataclass
class Table:
    """A table of figures, ready for a page, a spreadsheet or a chart; `keys` are the codes of the value columns."""

    caption: str
    header: list[str]  # the row-label column's header, then one per value column
    rows: list[tuple[str, list]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def numeric(self, column: int) -> bool:
        """Whether a value column holds numbers (as its first row says), so that it aligns to the end."""
        return bool(self.rows) and isinstance(self.rows[0][1][column], Number)


def reviewed_states(session: Session, published_only: bool) -> list[tuple[State, list[int]]]:
    """The States with recommendations the reader may see, each with its reviewed cycles, newest first.

    Which reviews have such recommendations is asked of every review (thousands in the whole index), so it is kept
    per version of the data; the States themselves are then read in one query.
    """
    cycles = REVIEWED.at_version(
        session, (published_only,), lambda: _reviewed_cycles(session, published_only)
    )
    states = session.scalars(select(State).where(State.id.in_(list(cycles))).order_by(State.name))
    return [(state, list(cycles[state.id])) for state in states]


def _reviewed_cycles(session: Session, published_only: bool) -> dict[int, tuple[int, ...]]:
    query = (
        select(Review.state_id, Review.cycle)
        .where(
            Review.cycle.is_not(None),  # the dashboard and item 10 speak of UPR cycles
            select(Recommendation.id)
            .where(Recommendation.review_id == Review.id, *visible(Recommendation, published_only))
            .exists(),
        )
        .order_by(Review.state_id, Review.cycle.desc())
    )
    grouped: dict[int, list[int]] = {}
    for state_id, cycle in session.execute(query):
        grouped.setdefault(state_id, []).append(cycle)
    return {state_id: tuple(cycles) for state_id, cycles in grouped.items()}


def scope_from_args(
    session: Session, args: Mapping[str, str], published_only: bool
) -> Scope | None:
    """Read the State (ISO3) and cycle from a query string; default to the first State and its latest cycle.

    Returns None when there is nothing the reader may see.
    """
    return chosen_scope(session, args, published_only)[0]


def chosen_scope(
    session: Session, args: Mapping[str, str], published_only: bool, states=None
) -> tuple[Scope | None, bool]:
    """The scope a query string asks for, and whether it asked for one that does not exist.

    A State or cycle the address names but that has no review the reader may see is not replaced silently: the
    first State (or the State's latest cycle) is returned as a default, with True, for the page to say so.
    """
    states = reviewed_states(session, published_only) if states is None else states
    if not states:
        return None, False
    wanted = (args.get("state") or "").strip().upper()
    found = next(((s, c) for s, c in states if s.iso3 == wanted), None)
    state, cycles = found or states[0]
    cycle = (args.get("cycle") or "").strip()
    known_cycle = cycle.isdigit() and int(cycle) in cycles
    scope = Scope(
        state_id=state.id,
        cycle=int(cycle) if known_cycle else cycles[0],
        education=args.get("education") != "0",
        published_only=published_only,
    )
    return scope, bool((wanted and not found) or (cycle and not known_cycle))


def has_recommendations(session: Session, scope: Scope) -> bool:
    """Whether the scope holds any recommendation the reader may see."""
    return bool(session.scalar(scope_recommendation_ids(scope).exists().select()))


# ---- The scope's records, as SQL conditions -------------------------------------------------------------------


def scope_conditions(scope: Scope) -> list:
    """Conditions on Recommendation joined to Review that keep the recommendations of the scope."""
    conditions = [
        Review.state_id == scope.state_id,
        Review.cycle == scope.cycle,
        *visible(Recommendation, scope.published_only),
    ]
    if scope.education:
        conditions.append(Recommendation.education.is_(True))
    return conditions


def scope_recommendation_ids(scope: Scope):
    """The ids of the scope's recommendations, as a subquery."""
    return (
        select(Recommendation.id)
        .join(Review, Recommendation.review_id == Review.id)
        .where(*scope_conditions(scope))
    )
