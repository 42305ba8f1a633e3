"""A page of a long list, read without counting the whole list and without reading the rows before it.

Counting every match on every request costs more than reading the page itself once a list holds hundreds of
thousands of rows (the count is the whole query, the page is 25 rows of it), so matches are counted only up to
a cap (COUNT_CAP unless the list gives its own): past it the page says "more than" the cap. A document with a
limit of its own is offered when the count does not show the selection is past it, and says so itself when
asked for more.

A list whose order is one increasing key (the recommendations in the order of their matrix: the id) is read by
key: the next page is the rows after the last key shown, the previous one the rows before the first, however
far into the list. Any other order is read by OFFSET, which costs the rows skipped: it is offered up to the cap,
and a page past it asks for a narrower filter or the keyed order rather than reading the rows before it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Select, func, literal_column, select
from sqlalchemy.orm import Session

COUNT_CAP = 1000


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    counted: int  # the matches, counted up to cap + 1
    has_next: bool
    past_cap: bool = False  # a page by OFFSET past the cap: not read
    cap: int = COUNT_CAP

    @property
    def more_than_cap(self) -> bool:
        return self.counted > self.cap

    def may_fit(self, most: int) -> bool:
        """Tell whether the matches may be no more than `most`: known to be, or not counted that far."""
        return self.counted <= most or (self.more_than_cap and most > self.cap)

    @property
    def total(self) -> int | None:
        """Every match, when there are no more than the cap."""
        return None if self.more_than_cap else self.counted

    @property
    def pages(self) -> int:
        """The pages of the matches counted (the pages up to the cap when there are more)."""
        return max(1, math.ceil(min(self.counted, self.cap) / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    @property
    def first_key(self):
        return self.items[0].id if self.items else None

    @property
    def last_key(self):
        return self.items[-1].id if self.items else None


def count_capped(session: Session, query: Select, cap: int = COUNT_CAP) -> int:
    """How many rows the query gives, counting no further than cap + 1."""
    ones = query.with_only_columns(literal_column("1"), maintain_column_froms=True)
    capped = ones.order_by(None).limit(cap + 1).subquery()
    return session.scalar(select(func.count()).select_from(capped))


def read_page(
    session: Session,
    query: Select,
    *,
    page: int,
    per_page: int,
    key=None,
    after: int | None = None,
    before: int | None = None,
    options: tuple = (),
    cap: int = COUNT_CAP,
    count=count_capped,
) -> Page:
    """Read one page of `query` (ordered, its order ending with a unique column).

    `key` is the column the order is by when it is by that one increasing column alone; then `after` or
    `before` (a key the reader saw) read the page that follows or precedes it. `options` are the loader
    options of the page's rows, left out of the count; `cap` how far to count (a list that offers a step on
    every match counts as far as the step goes); `count(session, query, cap)` counts as `count_capped` does (a
    list may keep its counts).
    """
    keyed = key is not None and (after is not None or before is not None)
    offset = (page - 1) * per_page
    if not keyed and offset >= cap:  # no such page, or one past the cap: nothing read
        counted = count(session, query, cap)
        return Page([], page, per_page, counted, has_next=False, past_cap=counted > cap, cap=cap)
    rows = query.options(*options)
    if keyed and before is not None:
        rows = rows.where(key < before).order_by(None).order_by(key.desc())
    elif keyed:
        rows = rows.where(key > after)
    else:
        rows = rows.offset(offset)
    items = list(session.scalars(rows.limit(per_page + 1)).unique())
    has_next = len(items) > per_page
    if keyed and before is not None:
        items, has_next = list(reversed(items[:per_page])), True
    items = items[:per_page]
    if not keyed and not has_next and (items or page == 1):
        counted = offset + len(items)  # the last page by OFFSET: every match is before or on it
    else:
        counted = count(session, query, cap)
    return Page(items, page, per_page, counted, has_next=has_next, cap=cap)
