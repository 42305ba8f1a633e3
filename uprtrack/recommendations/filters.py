"""The filter of the recommendations list: read from a query string, applied in SQL, written back to a URL.

The list and the exports share it: `Filters.from_args(request.args)` never fails (a value it cannot use is
dropped), `apply_filters(query, filters)` adds the conditions, `ordered(query, sort, ...)` the order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date

from sqlalchemy import Select, case, exists, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Integer

from uprtrack.core.database import contains, like_escape
from uprtrack.core.visibility import visible
from uprtrack.core.vocabulary import Position, Status
from uprtrack.extensions import db
from uprtrack.models import (
    UPR_CODE,
    Assignment,
    Mechanism,
    Recommendation,
    Review,
    State,
    StateName,
)
from uprtrack.models.recommendations import (
    recommendation_groups,
    recommendation_sdgs,
    recommendation_themes,
    recommending_states,
)
from uprtrack.recommendations.search import any_of, ranked, text_ids
from uprtrack.web.languages import territories_named

SORTS = ("matrix", "relevance", "paragraph", "status", "position", "changed")
PAGE_SIZES = (25, 50, 100)
SDG4_CODES = ("4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.a", "4.b", "4.c")
MAX_TERMS = 10  # words of a search; more only slow the query down
ALL_MECHANISMS = "all"
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
# States in subqueries: the list joins the State under review, which must not be taken for a recommending State.
_State = aliased(State)


@dataclass(frozen=True)
class Filters:
    """What the list shows: every field None (or its default) means "no condition"."""

    state: str | None = None  # ISO3 of the State under review
    # The mechanism's code ("CRC", a special procedure's name) or "all"; the UPR unless the reader chooses.
    mechanism: str = UPR_CODE
    cycle: int | None = None
    session: int | None = None
    position: str | None = None
    status: str | None = None
    theme: int | None = None
    sdg: str | None = None  # "4" is the goal with all its targets, "4.1" one target
    group: int | None = None
    institution: int | None = None  # responsible organisation
    recommending: str | None = None  # ISO3 of a recommending State
    education: bool = True
    overdue: bool = False
    q: str = ""
    sort: str = "matrix"
    per_page: int = PAGE_SIZES[0]
    page: int = 1
    # The id after (or before) which the page starts, in the matrix's order: pages read by key (core.paging).
    after: int | None = None
    before: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        """Read the filters from a query string; a value that is not valid is ignored, never an error."""

        def text(name: str) -> str:
            value = args.get(name)
            return value.strip() if isinstance(value, str) else ""

        def number(name: str, low: int = 1, high: int = 10**9) -> int | None:
            value = text(name)
            return int(value) if value.isdigit() and low <= int(value) <= high else None

        def one_of(name: str, allowed) -> str | None:
            value = text(name)
            return value if value in allowed else None

        def iso3(name: str) -> str | None:
            value = text(name)
            return value.upper() if _ISO3.match(value) else None

        per_page = number("per_page")
        return cls(
            state=iso3("state"),
            mechanism=text("mechanism")[:255] or UPR_CODE,
            cycle=number("cycle", high=99),
            session=number("session", high=999),
            position=one_of("position", Position.codes()),
            status=one_of("status", Status.codes()),
            theme=number("theme"),
            sdg=one_of("sdg", SDG4_CODES),
            group=number("group"),
            institution=number("institution"),
            recommending=iso3("recommending"),
            education=text("education") != "0",
            overdue=text("overdue") in ("1", "y", "on"),
            q=" ".join(text("q").split())[:200],
            sort=one_of("sort", SORTS) or "matrix",
            per_page=per_page if per_page in PAGE_SIZES else PAGE_SIZES[0],
            page=number("page") or 1,
            after=number("after"),
            before=number("before"),
        )

    def to_args(self, **changes) -> dict[str, str | int]:
        """Return the query string of these filters (defaults left out), with some values changed."""
        current = replace(self, **changes)
        defaults = Filters()
        args: dict[str, str | int] = {}
        for name, value in asdict(current).items():
            if value == getattr(defaults, name) or value is None or value == "":
                continue
            args[name] = int(value) if isinstance(value, bool) else value
        return args

    def selection_args(self) -> dict[str, str | int]:
        """The query string of what is selected, without the page, its size or the order (exports use it)."""
        return self.to_args(sort="matrix", per_page=PAGE_SIZES[0], page=1, after=None, before=None)

    def page_args(self, number: int, *, after: int | None = None, before: int | None = None):
        """The query string of another page of the same list: by key when one is given, else by number."""
        return self.to_args(page=number, after=after, before=before)

    @property
    def terms(self) -> list[str]:
        """The words of the search, each a condition a recommendation meets."""
        return self.q.split()[:MAX_TERMS]

    @property
    def key(self):
        """The column the list's order is by when it is one increasing key (the matrix's order), else None."""
        return Recommendation.id if self.sort == "matrix" else None

    @property
    def narrowed(self) -> bool:
        """Tell whether anything but the defaults, the order and the page size narrows the list."""
        return bool(self.selection_args())


FILTER_NAMES = tuple(f.name for f in fields(Filters))


def linked(column, *conditions):
    """The condition of a recommendation with a row of a link table (or assignments) where the conditions hold.

    Uncorrelated (IN a subquery), not EXISTS per recommendation: the linked rows are found once through their
    index, then their recommendations by key, rather than a probe for each of 300,000 recommendations.
    """
    return Recommendation.id.in_(select(column).where(*conditions))


def overdue_condition(today: date):
    """The SQL condition of a recommendation with an overdue assignment (`Assignment.is_overdue`). EXISTS, probed
    by the assignment's key: the counts of one review ask it of a few hundred recommendations, where IN would
    first collect every assignment past due in the database."""
    return Recommendation.assignments.any(Assignment.is_overdue(today))


def apply_filters(query: Select, filters: Filters, today: date | None = None) -> Select:
    """Add the filters' conditions to a query of Recommendation joined to its Review."""
    f = filters
    if f.state:
        query = query.where(
            Review.state_id == select(_State.id).where(_State.iso3 == f.state).scalar_subquery()
        )
    if f.mechanism != ALL_MECHANISMS:
        query = query.where(
            Review.mechanism_id
            == select(Mechanism.id).where(Mechanism.code == f.mechanism).scalar_subquery()
        )
    if f.cycle:
        query = query.where(Review.cycle == f.cycle)
    if f.session:
        query = query.where(Review.session == f.session)
    if f.position:
        query = query.where(Recommendation.position == f.position)
    if f.status:
        query = query.where(Recommendation.status == f.status)
    if f.theme:
        themes = recommendation_themes.c
        query = query.where(linked(themes.recommendation_id, themes.theme_id == f.theme))
    if f.sdg:
        # The goal matches the recommendations linked to it or to any of its targets. EXISTS, unlike the other
        # links: on the right to education (the list's default) nearly every recommendation is linked to SDG 4,
        # so the first page is found in the first rows read, where IN would first collect every one of them.
        sdgs = recommendation_sdgs.c
        codes = SDG4_CODES if f.sdg == "4" else (f.sdg,)
        query = query.where(
            exists().where(sdgs.recommendation_id == Recommendation.id, sdgs.sdg_code.in_(codes))
        )
    if f.group:
        groups = recommendation_groups.c
        query = query.where(linked(groups.recommendation_id, groups.group_of_persons_id == f.group))
    if f.institution:
        # With "overdue", the institution's own assignment is the one overdue: what it has fallen behind on.
        query = query.where(
            linked(
                Assignment.recommendation_id,
                Assignment.organisation_id == f.institution,
                *((Assignment.past_due(today or date.today()),) if f.overdue else ()),
            )
        )
    if f.recommending:
        by = recommending_states.c
        state = select(_State.id).where(_State.iso3 == f.recommending).scalar_subquery()
        query = query.where(linked(by.recommendation_id, by.state_id == state))
    if f.education:
        query = query.where(Recommendation.education.is_(True))
    if f.overdue and f.institution:
        query = query.where(Recommendation.status != Status.FULLY_IMPLEMENTED)
    elif f.overdue:
        query = query.where(overdue_condition(today or date.today()))
    for term in f.terms:
        query = query.where(search_condition(term))
    return query


def search_condition(term: str):
    """The condition of a recommendation a word of the search finds: in the text (by the full-text index), in a
    recommending State's name, or in the paragraph id when the term has a digit (no paragraph is spelt without
    one): each a set of ids found through its own index (search.any_of), never a condition tried on every row."""
    found = [*text_ids(term), recommended_by_ids(term)]
    if any(char.isdigit() for char in term):
        numbered = aliased(Recommendation)
        found.append(select(numbered.id).where(contains(numbered.paragraph, term)))
    return any_of(Recommendation.id, found)


def _word_patterns(term: str) -> tuple[str, ...]:
    """LIKE patterns of a name that holds the term as a whole word (or is the term)."""
    word = like_escape(term)
    return (word, f"{word} %", f"% {word}", f"% {word} %")


def _holds_word(column, term: str):
    return or_(*(column.ilike(pattern, escape="\\") for pattern in _word_patterns(term)))


def recommended_by_ids(term: str):
    """The ids of the recommendations made by a State whose name holds the term as a word ("Costa" finds Costa
    Rica, "Roma" does not find Romania): the name we keep, a spelling found in files ("Turkey"), its ISO code,
    or its name in the reader's language. The few States named are found once, then their recommendations
    through the link's index."""
    named = [
        _holds_word(_State.name, term),
        _State.names.any(_holds_word(StateName.name, term)),
    ]
    if _ISO3.match(term):
        named.append(_State.iso3 == term.upper())
    codes = territories_named(term)
    if codes:
        named.append(_State.iso2.in_(codes))
    by = recommending_states.c
    return select(by.recommendation_id).where(by.state_id.in_(select(_State.id).where(or_(*named))))


class _dot_position(FunctionElement):
    """Where the first "." of a text is (1-based, 0 when there is none)."""

    type = Integer()
    inherit_cache = True


@compiles(_dot_position)
def _dot_position_sqlite(element, compiler, **kw):
    return f"instr({compiler.process(element.clauses, **kw)}, '.')"


@compiles(_dot_position, "postgresql")
def _dot_position_postgresql(element, compiler, **kw):
    return f"strpos({compiler.process(element.clauses, **kw)}, '.')"


def paragraph_order() -> tuple:
    """Order paragraph ids as numbers ("140.9" before "140.31", "115.3" before "115.30") in SQL.

    Numbers of equal length compare as text, so comparing the length of the part before the dot, that part, then
    the length of the whole id and the id gives the natural order without parsing.
    """
    paragraph = Recommendation.paragraph
    dot = _dot_position(paragraph)
    return (
        paragraph.is_(None),
        dot,
        func.substr(paragraph, 1, dot),
        func.length(paragraph),
        paragraph,
    )


def _rank(column, vocabulary: tuple[str, ...]):
    return case(
        {value: n for n, value in enumerate(vocabulary)}, value=column, else_=len(vocabulary)
    )


def ordered(query: Select, sort: str, terms: list[str] = ()) -> Select:
    """Order the list; every order ends with the id, so that pages never overlap.

    By relevance, the recommendations whose texts hold every term come first, best matched first (the session's
    database ranks them, `search.ranked`); then those found by a recommending State or a paragraph, in the
    matrix's order.
    """
    dialect = db.session.get_bind().dialect.name if sort == "relevance" else None
    if dialect and (scores := ranked(terms, dialect)) is not None:
        return query.outerjoin(scores, scores.c.id == Recommendation.id).order_by(
            scores.c.score.is_(None), scores.c.score, Recommendation.id
        )
    if sort == "paragraph":
        return query.order_by(State.name, Review.cycle, *paragraph_order(), Recommendation.id)
    if sort == "status":
        return query.order_by(_rank(Recommendation.status, Status.codes()), Recommendation.id)
    if sort == "position":
        return query.order_by(_rank(Recommendation.position, Position.codes()), Recommendation.id)
    if sort == "changed":
        return query.order_by(
            Recommendation.status_date.is_(None),
            Recommendation.status_date.desc(),
            Recommendation.id,
        )
    return query.order_by(Recommendation.id)


def list_query(filters: Filters, *, published_only: bool, today: date | None = None) -> Select:
    """Select the recommendations the filters and the reader's rights give, in the order asked for."""
    query = (
        select(Recommendation)
        .join(Recommendation.review)
        .join(Review.state)
        .where(*visible(Recommendation, published_only))
    )
    return ordered(apply_filters(query, filters, today), filters.sort, filters.terms)
