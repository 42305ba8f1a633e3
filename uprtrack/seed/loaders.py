"""Load the reference data and the demo data set from the seed folder; both loads are idempotent."""

from __future__ import annotations

import csv
import secrets
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uprtrack.accounts.users import create_user
from uprtrack.imports import pipeline as importers
from uprtrack.imports.report import ImportReport
from uprtrack.models import (
    Assignment,
    Cycle,
    Fund,
    GroupOfPersons,
    Organisation,
    Recommendation,
    Review,
    Sdg,
    State,
    StateName,
    Theme,
    UprSession,
    User,
    name_key,
)
from uprtrack.seed.demo_follow_up import FOLLOW_UP_FILE, load_follow_up

DEMO_STATE = "SVN"
DEMO_DUE_DATE = date(2027, 6, 30)  # about half-way to the next review: the mid-term report
DEMO_FILES = (  # the three real OHCHR matrices of Slovenia, cycles 2 to 4 (see seed/demo/SOURCES.md)
    "UPR20__Slovenia_ThematicListRecommendations_E.docx",
    "UPR34_Slovenia_Thematic_list_of_Recommendations.docx",
    "upr48-slovenia-thematic-list-of-recommendatio.docx",
)
DEMO_ORGANISATIONS = (
    ("Government Office for Human Rights Follow-up (demo NMRF)", "nmrf"),
    ("Ministry of Education (demo)", "ministry"),
    ("Human Rights Ombudsman (demo NHRI)", "nhri"),
    ("Coalition for the Right to Education (demo CSO)", "cso"),
)
DEMO_USERS = (  # (e-mail, role, organisation index)
    ("admin@demo.uprtrack.org", "admin", 0),
    ("coordinator@demo.uprtrack.org", "coordinator", 0),
    ("focal.education@demo.uprtrack.org", "focal_point", 1),
    ("nhri@demo.uprtrack.org", "nhri", 2),
    ("cso@demo.uprtrack.org", "cso", 3),
)


def read_csv(path: Path) -> list[dict[str, str]]:
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
    )
    counts = {}
    for name, load in loaders:
        rows = read_csv(folder / name)
        for row in rows:
            load(session, row)
        session.flush()
        counts[name] = len(rows)
    return counts


def _upsert(session: Session, model, key: dict, values: dict) -> object:
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
    _upsert(
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
    _upsert(
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
    state = _upsert(
        session,
        State,
        {"iso3": row["iso3"]},
        {
            "iso2": row["iso2"] or None,
            "name": row["name"],
            "official_name": row["official_name"] or None,
            "regional_group": row["regional_group"] or None,
            "status": row["status"] or "member",
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
    _upsert(session, Sdg, {"code": row["goal"]}, {"goal": int(row["goal"]), "title": row["title"]})


def _sdg_target(session: Session, row: dict) -> None:
    _upsert(
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
    _upsert(
        session,
        Theme,
        {"name": row["name"]},
        {"code": row["code"] or None, "group": row["group"] or None},
    )


def _group(session: Session, row: dict) -> None:
    _upsert(session, GroupOfPersons, {"name": row["name"]}, {})


def _fund(session: Session, row: dict) -> None:
    _upsert(
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
    _upsert(
        session,
        Organisation,
        {"name": row["name"]},
        {"acronym": row["short_name"] or None, "kind": row["kind"]},
    )


def load_demo(session: Session, folder: Path) -> list[ImportReport]:
    """Import the demo matrices through the importer, as a coordinator would, hand out the education work and add
    the illustrative follow-up (statuses, actions, pledges, assistance, evidence, assessments)."""
    reports = []
    for name in DEMO_FILES:
        parsed = importers.parse_file(folder / "demo" / name, "ohchr-matrix")
        reports.append(importers.store(session, parsed))
    organisations = [
        _upsert(session, Organisation, {"name": name}, {"kind": kind})
        for name, kind in DEMO_ORGANISATIONS
    ]
    session.flush()
    _assign_demo_work(session, organisations[1])
    reports.append(load_follow_up(session, folder / "demo" / FOLLOW_UP_FILE))
    return reports


def _assign_demo_work(session: Session, ministry: Organisation) -> None:
    """Assign the latest cycle's supported education recommendations to the demo ministry, due at mid-term."""
    latest = (
        select(func.max(Review.cycle)).join(State).where(State.iso3 == DEMO_STATE).scalar_subquery()
    )
    recs = session.scalars(
        select(Recommendation)
        .join(Review)
        .join(State)
        .where(
            State.iso3 == DEMO_STATE,
            Review.cycle == latest,
            Recommendation.education.is_(True),
            Recommendation.position == "Supported",
        )
    )
    for rec in recs:
        if not any(a.organisation_id == ministry.id for a in rec.assignments):
            rec.assignments.append(Assignment(organisation=ministry, due_date=DEMO_DUE_DATE))
    session.flush()


def create_demo_users(session: Session) -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; return (e-mail, role, password) of the new ones."""
    created = []
    for email, role, org_index in DEMO_USERS:
        if session.scalar(select(User).where(User.email == email)) is not None:
            continue
        password = secrets.token_urlsafe(12)
        create_user(session, email, role, password, DEMO_ORGANISATIONS[org_index][0])
        created.append((email, role, password))
    return created
