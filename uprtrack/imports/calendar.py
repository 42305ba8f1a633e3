"""The review calendar: which UPR Working Group session reviews a State in a cycle (seed/review_calendar.csv).

An OHCHR matrix's page header may name the State and the cycle but not the session ("UPR of Slovenia (Third
cycle)"), and a draft Working Group report names the Human Rights Council session, a different number. The
importer then takes the session from this calendar and says so, quoting the row's source. Pure: it reads the seed
files once and touches no database.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from uprtrack.config import PROJECT_ROOT
from uprtrack.imports.state_names import compact_key

SEED = PROJECT_ROOT / "seed"


class Review(NamedTuple):
    """One row of the calendar: the State's review in a cycle, and where that was read."""

    state_iso3: str
    cycle: int
    session: int
    source: str


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def _calendar() -> dict[tuple[str, int], Review]:
    reviews: dict[tuple[str, int], Review] = {}
    for row in _read(SEED / "review_calendar.csv"):
        review = Review(row["state_iso3"], int(row["cycle"]), int(row["session"]), row["source"])
        if reviews.setdefault((review.state_iso3, review.cycle), review) != review:
            raise ValueError(
                f"review_calendar.csv has two rows for {review.state_iso3} in cycle {review.cycle}"
            )
    return reviews


@lru_cache(maxsize=1)
def _iso3_by_key() -> dict[str, str]:
    """ISO3 code by the compact key of every name of seed/states.csv, and of the code itself."""
    keys: dict[str, str] = {}
    for row in _read(SEED / "states.csv"):
        for name in [
            row["iso3"],
            row["name"],
            row["official_name"],
            *row["other_names"].split("|"),
        ]:
            if name:
                keys.setdefault(compact_key(name), row["iso3"])
    return keys


@lru_cache(maxsize=1)
def _session_starts() -> list[tuple[date, int]]:
    """(first day, cycle) of every session whose dates are known, earliest first."""
    starts = [
        (date.fromisoformat(row["start_date"]), int(row["cycle"]))
        for row in _read(SEED / "sessions.csv")
        if row["start_date"]
    ]
    return sorted(starts)


@lru_cache(maxsize=1)
def known_sessions() -> frozenset[int]:
    """The sessions of seed/sessions.csv: the only ones a review can be filed under."""
    return frozenset(int(row["session"]) for row in _read(SEED / "sessions.csv"))


@lru_cache(maxsize=1)
def _cycle_years() -> list[tuple[int, int, int]]:
    return sorted(
        (int(row["cycle"]), int(row["start_year"]), int(row["end_year"]))
        for row in _read(SEED / "cycles.csv")
    )


def iso3_of(state_key: str) -> str | None:
    """The ISO3 code of a State given by code or by one of its names, whatever its spacing; else None.

    A name known only by likeness is not taken: the session would then rest on a guess.
    """
    return _iso3_by_key().get(compact_key(state_key or ""))


def session_of(state_key: str, cycle: int) -> Review | None:
    """The session that reviews the State in the cycle, with the calendar row's source; None if not known."""
    iso3 = iso3_of(state_key)
    return _calendar().get((iso3, cycle)) if iso3 else None


def cycle_on(day: date) -> int | None:
    """The cycle under way on a day: that of the last session begun by then (seed/sessions.csv).

    After the last session whose dates are known, the cycle whose years (seed/cycles.csv) hold the day's year.
    """
    starts = _session_starts()
    if not starts or day < starts[0][0]:
        return None
    cycle = next(cycle for start, cycle in reversed(starts) if start <= day)
    if day.year > starts[-1][0].year:  # past the dated sessions: the cycle the years say, if any
        later = [c for c, first, last in _cycle_years() if c >= cycle and first <= day.year <= last]
        return later[-1] if later else None
    return cycle


def review_on(state_key: str, day: date) -> Review | None:
    """The session that reviews the State in the cycle under way on that day; None if not known."""
    cycle = cycle_on(day)
    return session_of(state_key, cycle) if cycle else None
