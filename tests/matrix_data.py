"""A matrix worth exporting: Slovenia's cycle 4 matrix with the import template's follow-up records, a status history,
the NHRI's and a CSO's assessments, text in Chinese and Arabic, user text that looks like a formula, and records the
public must not see. Test modules import the `matrix_data` fixture from here."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import CYCLE4_PATH, DATA
from uprtrack.models import Assessment, Evidence, Organisation, Recommendation, Review, State, User
from uprtrack.recommendations import operations as status
from uprtrack.recommendations.filters import Filters
from uprtrack.validation import operations as validation

TEMPLATE = DATA / "template"
FORMULA = '=HYPERLINK("http://evil.example","click")'
CHINESE = "教育部发布了全纳教育指南"
ARABIC = "نشرت الوزارة دليل التعليم الشامل"
SLOVENIA_C4 = Filters(state="SVN", cycle=4)


@pytest.fixture
def matrix_data(import_files, ctx, make_user):
    """Return the session after loading the data; the recommendation 140.31 carries most of the links."""
    import_files(  # OHCHR and UNICEF, which the template names, are seeded providers
        CYCLE4_PATH,
        *(
            TEMPLATE / n
            for n in ("recommendations.csv", "pledges.csv", "assistance.csv", "evidence.csv")
        ),
    )
    officer = make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    rec = paragraph(ctx, "140.31")
    coordinator = make_user("nmrf@example.org", role="coordinator")
    # The focal point's entries are proposed; the national mechanism validates them, so that they count.
    for entry in (
        status.change_status(ctx, rec, "planned", date(2025, 3, 1), "Plan adopted.", officer),
        status.change_status(ctx, rec, "in_progress", date(2026, 2, 1), FORMULA, officer),
        status.record_action(ctx, rec, date(2026, 1, 15), CHINESE, officer),
        status.record_action(ctx, rec, date(2026, 2, 15), ARABIC, officer),
    ):
        validation.validate(ctx, entry, coordinator)
    nhri = Organisation(name="Human Rights Ombudsman", kind="nhri")
    cso = Organisation(name="Roma Education Network", kind="cso")
    ctx.add_all([nhri, cso])
    ctx.add_all(
        [
            Assessment(
                recommendation=rec,
                organisation=nhri,
                rating="limited_progress",
                text="Segregated classes remain.",
                sources="Annual report 2025",
                assessed_on=date(2026, 3, 1),
                moderation="published",
            ),
            Assessment(
                recommendation=rec,
                organisation=cso,
                rating="no_progress",
                text="Nothing changed in Maribor.",
                assessed_on=date(2026, 3, 2),
                moderation="published",
            ),
            Assessment(
                recommendation=rec,
                organisation=cso,
                rating="some_progress",
                text="Draft awaiting moderation.",
                assessed_on=date(2026, 3, 5),
                moderation="pending",
            ),
        ]
    )
    slovenia = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    ctx.add(
        Evidence(
            state=slovenia,
            title="Internal draft evaluation",
            kind="report",
            published=False,
            recommendations=[rec],
            cycle=4,
        )
    )
    hidden = paragraph(ctx, "140.121")
    hidden.published = False
    ctx.commit()
    return ctx


def paragraph(ctx, number: str, cycle: int = 4) -> Recommendation:
    return ctx.scalar(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == cycle, Recommendation.paragraph == number)
    )


def author(ctx) -> User:
    return ctx.scalar(select(User).where(User.email == "focal@example.org"))
