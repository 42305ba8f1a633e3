"""Load the reference data from the seed folder: cycles, sessions, States, SDG 4, themes, groups, funds, providers
and the UN mechanisms.

Every table is upserted on its natural key, so the load can be run again safely.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import StateStatus
from uprtrack.models import (
    Cycle,
    Fund,
    GroupOfPersons,
    Mechanism,
    Organisation,
    Sdg,
    State,
    StateName,
    Theme,
    UprSession,
    name_key,
)


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a seed CSV file as rows of stripped text."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def load_reference(session: Session, folder: Path) -> dict[str, int]:
    """Upsert every reference table from its CSV file; return the rows read per file."""
    loaders: tuple[tuple[str, Callable[[Session, dict], None]], ...] = (
        ("cycles.csv", _cycle),
        ("sessions.csv", _session),
        ("states.csv", _state),
        ("sdg_goals.csv", _sdg_goal),
        ("sdg4_targets.csv", _sdg_target),
        ("themes.csv", _theme),
        ("groups_of_persons.csv", _group),
        ("funds.csv", _fund),
        ("providers.csv", _provider),
        ("mechanisms.csv", _mechanism),
    )
    counts = {}
    for name, load in loaders:
        rows = read_csv(folder / name)
        for row in rows:
            load(session, row)
        session.flush()
        counts[name] = len(rows)
    return counts


def upsert(session: Session, model, key: dict, values: dict) -> object:
    """Find the record by its natural key and set its values, or create it: a second load changes nothing."""
    item = session.scalar(select(model).filter_by(**key))
    if item is None:
        item = model(**key, **values)
        session.add(item)
    else:
        for name, value in values.items():
            if getattr(item, name) != value:
                setattr(item, name, value)
    return item


def _optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _cycle(session: Session, row: dict) -> None:
    upsert(
        session,
        Cycle,
        {"number": int(row["cycle"])},
        {
            "first_session": int(row["first_session"]),
            "last_session": int(row["last_session"]),
            "start_year": int(row["start_year"]),
            "end_year": int(row["end_year"]),
        },
    )


def _session(session: Session, row: dict) -> None:
    upsert(
        session,
        UprSession,
        {"number": int(row["session"])},
        {
            "cycle_number": int(row["cycle"]),
            "start_date": _optional_date(row["start_date"]),
            "end_date": _optional_date(row["end_date"]),
        },
    )


def _state(session: Session, row: dict) -> None:
    state = upsert(
        session,
        State,
        {"iso3": row["iso3"]},
        {
            "iso2": row["iso2"] or None,
            "name": row["name"],
            "official_name": row["official_name"] or None,
            "regional_group": row["regional_group"] or None,
            "status": row["status"] or StateStatus.MEMBER,
        },
    )
    known = {n.key for n in state.names}
    for spelling in [
        row["name"],
        row["official_name"],
        row["iso2"],
        *row["other_names"].split("|"),
    ]:
        key = name_key(spelling) if spelling else ""
        if key and key not in known:
            state.names.append(StateName(name=spelling, key=key))
            known.add(key)


def _sdg_goal(session: Session, row: dict) -> None:
    upsert(session, Sdg, {"code": row["goal"]}, {"goal": int(row["goal"]), "title": row["title"]})


def _sdg_target(session: Session, row: dict) -> None:
    upsert(
        session,
        Sdg,
        {"code": row["target"]},
        {
            "goal": int(row["goal"]),
            "title": row["short_title"],
            "official_text": row["official_text"],
        },
    )


def _theme(session: Session, row: dict) -> None:
    upsert(
        session,
        Theme,
        {"name": row["name"]},
        {"code": row["code"] or None, "group": row["group"] or None},
    )


def _group(session: Session, row: dict) -> None:
    upsert(session, GroupOfPersons, {"name": row["name"]}, {})


def _fund(session: Session, row: dict) -> None:
    upsert(
        session,
        Fund,
        {"code": row["code"]},
        {
            "name": row["name"],
            "short_name": row["short_name"] or None,
            "purpose": row["purpose"] or None,
        },
    )


def _provider(session: Session, row: dict) -> None:
    upsert(
        session,
        Organisation,
        {"name": row["name"]},
        {"acronym": row["short_name"] or None, "kind": row["kind"]},
    )


def _mechanism(session: Session, row: dict) -> None:
    upsert(session, Mechanism, {"code": row["code"]}, {"name": row["name"], "kind": row["kind"]})
