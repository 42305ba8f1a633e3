"""A small dataset for the item 10 report: Slovenia's cycles 3 and 4, with what the public may and may not see."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from uprtrack.models import (
    Assessment,
    Assignment,
    Evidence,
    Fund,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    Sdg,
    State,
    StatusChange,
    TechnicalAssistance,
    Theme,
)

GIRLS_THEME = "女童教育"  # a Chinese theme name: the PDF must render it


def _get(session, model, name: str, **values):
    """Find a reference row by name (the seed may have loaded it) or create it."""
    found = session.scalars(select(model).where(model.name == name)).first()
    if found is None:
        found = model(name=name, **values)
        session.add(found)
    else:
        for key, value in values.items():
            setattr(found, key, value)
    return found


def build(session) -> dict:
    """Create the dataset and return its records by name."""
    svn = session.scalars(select(State).where(State.iso3 == "SVN")).one()
    sdg = {s.code: s for s in session.scalars(select(Sdg).where(Sdg.goal == 4))}
    vftc = session.scalars(select(Fund).where(Fund.code == "VFTC")).one()
    education = _get(session, Theme, name="Right to education")
    girls = _get(session, Theme, name=GIRLS_THEME)
    health = _get(session, Theme, name="Right to health")
    unesco = _get(
        session,
        Organisation,
        name="United Nations Educational, Scientific and Cultural Organization",
        acronym="UNESCO",
        kind="un_entity",
    )
    ohchr = _get(
        session,
        Organisation,
        name="Office of the United Nations High Commissioner for Human Rights",
        acronym="OHCHR",
        kind="un_entity",
    )
    unicef = _get(
        session,
        Organisation,
        name="United Nations Children's Fund",
        acronym="UNICEF",
        kind="un_entity",
    )
    nhri = _get(session, Organisation, name="Human Rights Ombudsman", kind="nhri")
    cso = _get(session, Organisation, name="Education Watch", kind="cso")
    ministry = _get(session, Organisation, name="Ministry of Education", kind="ministry")
    cycle3 = Review(state=svn, cycle=3, session=34)
    cycle4 = Review(state=svn, cycle=4, session=48)

    def rec(
        review,
        paragraph,
        text,
        status,
        position="Supported",
        themes=(),
        sdgs=(),
        published=True,
        previous=None,
    ):
        item = Recommendation(
            review=review,
            paragraph=paragraph,
            text=text,
            text_key=paragraph,
            position=position,
            status=status,
            themes=list(themes),
            sdgs=[sdg[c] for c in sdgs],
            published=published,
            previous=previous,
        )
        item.refresh_education()
        session.add(item)
        return item

    old1 = rec(
        cycle3, "115.3", "Improve access to primary education", "in_progress", themes=[education]
    )
    old2 = rec(
        cycle3, "115.30", "Promote girls' education", "not_started", themes=[girls], sdgs=["4.5"]
    )
    r1 = rec(
        cycle4,
        "140.1",
        "Ensure free primary education for all children, including Roma children",
        "fully_implemented",
        themes=[education],
        sdgs=["4.1"],
        previous=old1,
    )
    r2 = rec(
        cycle4,
        "140.2",
        "Ensure girls' equal access to education",
        "partially_implemented",
        themes=[education, girls],
        sdgs=["4.5"],
        previous=old2,
    )
    r3 = rec(
        cycle4,
        "140.3",
        "Ratify the Convention against Discrimination in Education",
        "not_started",
        position="Noted",
        sdgs=["4.a"],
    )
    r4 = rec(
        cycle4,
        "140.4",
        "Draft a law on inclusive schools (not yet public)",
        "in_progress",
        themes=[education],
        sdgs=["4.5"],
        published=False,
    )
    r5 = rec(cycle4, "140.5", "Improve access to health care", "planned", themes=[health])
    session.flush()
    session.add(
        Assignment(
            recommendation=r3, organisation=ministry, due_date=date.today() - timedelta(days=30)
        )
    )
    session.add(
        Assignment(
            recommendation=r1, organisation=ministry, due_date=date.today() - timedelta(days=30)
        )
    )
    for item, status, on in (
        (r1, "planned", date(2023, 3, 1)),
        (r1, "fully_implemented", date(2024, 6, 1)),
        (r2, "in_progress", date(2023, 5, 1)),
        (r2, "partially_implemented", date(2024, 9, 1)),
    ):
        session.add(
            StatusChange(recommendation=item, status=status, changed_on=on, note="Recorded")
        )

    def assistance(
        title,
        direction,
        status,
        provider,
        amount,
        currency,
        recs=(),
        cycle=None,
        published=True,
        kind="training",
        fund=None,
    ):
        record = TechnicalAssistance(
            state=svn,
            title=title,
            direction=direction,
            status=status,
            provider=provider,
            amount=Decimal(amount) if amount else None,
            currency=currency,
            recommendations=list(recs),
            cycle=cycle,
            published=published,
            kind=kind,
            fund=fund,
        )
        session.add(record)
        return record

    received = [
        assistance(
            "School meals programme",
            "received",
            "delivered",
            unesco,
            "10000",
            "USD",
            [r1, r2],
            fund=vftc,
        ),
        assistance("Curriculum review", "requested", "delivered", unesco, "5000", "EUR", cycle=4),
        assistance(
            "Inclusive schools drafting",
            "received",
            "under_way",
            ohchr,
            "2000",
            "EUR",
            [r4],
            kind="legal_drafting",
        ),
        assistance(
            "Hidden data project",
            "received",
            "delivered",
            unicef,
            "999",
            "USD",
            cycle=4,
            published=False,
        ),
    ]
    needed = [
        assistance(
            "Teacher training on inclusive education",
            "requested",
            "requested",
            ohchr,
            None,
            None,
            [r3],
        ),
        assistance(
            "Statistics on school drop-out (not yet public)",
            "requested",
            "agreed",
            unicef,
            None,
            None,
            cycle=4,
            published=False,
            kind="data",
        ),
        assistance("Another cycle's request", "requested", "requested", ohchr, None, None, cycle=3),
    ]
    pledges = [
        Pledge(
            state=svn,
            text="Free textbooks for every pupil by 2025",
            text_key="p1",
            cycle=4,
            follow_up="Textbooks free since September 2024",
            recommendations=[r1, r2],
        ),
        Pledge(state=svn, text="A hidden pledge", text_key="p2", cycle=4, published=False),
        Pledge(state=svn, text="An older pledge", text_key="p3", cycle=3),
    ]
    evidence = [
        Evidence(
            state=svn, title="Primary Schools Act amendment", kind="law", recommendations=[r1]
        ),
        Evidence(
            state=svn, title="Budget line for free meals", kind="budget_line", recommendations=[r1]
        ),
        Evidence(
            state=svn, title="Enrolment statistics of girls", kind="statistic", recommendations=[r2]
        ),
        Evidence(
            state=svn,
            title="Draft report (not public)",
            kind="report",
            recommendations=[r2],
            published=False,
        ),
        Evidence(
            state=svn,
            title="Another draft (not public)",
            kind="report",
            recommendations=[r2],
            published=False,
        ),
    ]
    session.add_all(pledges + evidence)
    session.add(
        Assessment(
            recommendation=r1,
            organisation=nhri,
            rating="fully_implemented",
            text="Confirmed",
            assessed_on=date(2024, 7, 1),
            moderation="published",
        )
    )
    session.add(
        Assessment(
            recommendation=r2,
            organisation=cso,
            rating="fully_implemented",
            text="Pending review",
            assessed_on=date(2024, 7, 1),
            moderation="pending",
        )
    )
    session.flush()
    return {
        "state": svn,
        "recs": [r1, r2, r3, r4, r5],
        "old": [old1, old2],
        "received": received,
        "needed": needed,
        "pledges": pledges,
        "evidence": evidence,
    }
