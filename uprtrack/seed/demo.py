"""Load the demo data set: Slovenia's three OHCHR matrices through the importer, the education work handed out,
the illustrative follow-up, and one account per role. Every step finds what an earlier run made."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uprtrack.accounts.users import create_user
from uprtrack.core.vocabulary import OrganisationKind, Position, Role
from uprtrack.imports import pipeline
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.report import ImportReport
from uprtrack.models import Assignment, Organisation, Recommendation, Review, State, User
from uprtrack.seed.demo_follow_up import FOLLOW_UP_FILE, load_follow_up
from uprtrack.seed.reference import upsert

DEMO_STATE = "SVN"
DEMO_DUE_DATE = date(2027, 6, 30)  # about half-way to the next review: the mid-term report
DEMO_FILES = (  # the three real OHCHR matrices of Slovenia, cycles 2 to 4 (see seed/demo/SOURCES.md)
    "UPR20__Slovenia_ThematicListRecommendations_E.docx",
    "UPR34_Slovenia_Thematic_list_of_Recommendations.docx",
    "upr48-slovenia-thematic-list-of-recommendatio.docx",
)
DEMO_ORGANISATIONS = (
    ("Government Office for Human Rights Follow-up (demo NMRF)", OrganisationKind.NMRF),
    ("Ministry of Education (demo)", OrganisationKind.MINISTRY),
    ("Human Rights Ombudsman (demo NHRI)", OrganisationKind.NHRI),
    ("Coalition for the Right to Education (demo CSO)", OrganisationKind.CSO),
)
DEMO_USERS = (  # (e-mail, role, organisation index)
    ("admin@demo.uprtrack.org", Role.ADMIN, 0),
    ("coordinator@demo.uprtrack.org", Role.COORDINATOR, 0),
    ("focal.education@demo.uprtrack.org", Role.FOCAL_POINT, 1),
    ("nhri@demo.uprtrack.org", Role.NHRI, 2),
    ("cso@demo.uprtrack.org", Role.CSO, 3),
)


def load_demo(session: Session, folder: Path) -> list[ImportReport]:
    """Import the demo matrices through the importer, as a coordinator would, hand out the education work and add
    the illustrative follow-up (statuses, actions, pledges, assistance, evidence, assessments)."""
    reports = []
    for name in DEMO_FILES:
        parsed = pipeline.parse_file(folder / "demo" / name, ImportKind.OHCHR_MATRIX)
        reports.append(pipeline.store(session, parsed))
    organisations = [
        upsert(session, Organisation, {"name": name}, {"kind": kind})
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
            Recommendation.position == Position.SUPPORTED,
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
