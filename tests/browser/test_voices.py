"""In Chromium: the NHRI and civil society assess a recommendation, the coordinator moderates, the public reads both
beside the government's status; moderation, "my work" and the users page pass axe-core.

The NHRI's assessment is public at once (it is independent of the government); the civil society organisation's
waits for the coordinator's moderation.
"""

from datetime import date, timedelta

import pytest
from flask import url_for
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import CYCLE4_PATH, axe_violations
from uprtrack.models import Assignment, Organisation, Recommendation

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def journey(app, import_files, ctx, make_user):
    """Cycle 4 of Slovenia, one account per role, and the ministry's assignments with the government's status."""
    import_files(CYCLE4_PATH)
    make_user("ombudsman@example.org", role="nhri", org="Human Rights Ombudsman")
    make_user("coalition@example.org", role="cso", org="Coalition for the Right to Education")
    make_user("nmrf@example.org", role="coordinator", org="Government Office for Human Rights")
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    make_user("admin@example.org", role="admin", org="Government Office for Human Rights")
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == "Ministry of Education"))
    recs = ctx.scalars(
        select(Recommendation)
        .where(Recommendation.education.is_(True))
        .order_by(Recommendation.id)
        .limit(5)
    ).all()
    for n, rec in enumerate(recs):  # the first one overdue, the others due every two months
        due = date.today() + timedelta(days=60 * n - 30)
        ctx.add(Assignment(recommendation=rec, organisation=ministry, due_date=due))
    recs[0].status, recs[0].status_date = "in_progress", date(2025, 3, 1)
    ctx.commit()
    return recs[0].id


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_assessments_beside_the_government_status(app, page, live_server, sign_in_as, journey):
    with app.test_request_context():
        rec_page = url_for("recommendations.show", rec_id=journey)
    sign_in_as("ombudsman@example.org", PASSWORD)
    page.goto(f"{live_server}{rec_page}")
    page.get_by_text("Give your organisation's assessment").click()  # the form is behind a button
    page.get_by_label("Your rating of implementation").select_option(label="Some progress")
    page.get_by_label("Your assessment", exact=True).fill(
        "The new curriculum reaches Roma children in two regions."
    )
    page.get_by_label("Sources").fill(
        "https://www.varuh-rs.si/en/annual-report-2024\nAnnual report 2024, p. 112"
    )
    page.get_by_label("Groups affected").fill("Roma children, girls")
    page.get_by_role("button", name="Save assessment").click()
    assert "Your assessment is published." in page.locator(".flashes").inner_text()
    sign_out(page)

    sign_in_as("coalition@example.org", PASSWORD)
    page.goto(f"{live_server}{rec_page}")
    page.get_by_text("Give your organisation's assessment").click()
    page.get_by_label("Your rating of implementation").select_option(label="Limited progress")
    page.get_by_label("Your assessment", exact=True).fill(
        "Transport to school is still missing in rural areas."
    )
    page.get_by_label("Sources").fill("https://example.org/survey-2025")
    page.get_by_role("button", name="Save assessment").click()
    assert "Awaiting moderation" in page.locator("#voices").inner_text()
    sign_out(page)

    sign_in_as("nmrf@example.org", PASSWORD)
    page.goto(f"{live_server}/moderation")
    expect(page.locator("main h1")).to_have_count(1)
    assert axe_violations(page) == []
    row = page.locator("tr", has_text="Coalition for the Right to Education")
    row.get_by_role("button", name="Publish").click()
    assert (
        "Published: Coalition for the Right to Education." in page.locator(".flashes").inner_text()
    )
    sign_out(page)

    page.goto(f"{live_server}{rec_page}")
    cards = page.locator(".voice-card")
    expect(cards).to_have_count(3)
    assert "In progress" in cards.nth(0).inner_text()
    assert (
        "Human Rights Ombudsman" in cards.nth(1).inner_text()
        and "Some progress" in cards.nth(1).inner_text()
    )
    assert "Limited progress" in cards.nth(2).inner_text()
    link = cards.nth(1).get_by_role("link", name="https://www.varuh-rs.si/en/annual-report-2024")
    assert link.get_attribute("href") == "https://www.varuh-rs.si/en/annual-report-2024"
    expect(page.locator("#voices form")).to_have_count(0)
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "email, path, lang",
    [
        ("focal@example.org", "/my-work", "en"),
        ("focal@example.org", "/my-work", "zh"),
        ("nmrf@example.org", "/my-work", "en"),
        ("nmrf@example.org", "/moderation", "en"),
        ("nmrf@example.org", "/moderation", "zh"),
        ("admin@example.org", "/admin/users", "en"),
        ("admin@example.org", "/admin/users", "zh"),
        ("admin@example.org", "/admin/users/new", "en"),
        ("admin@example.org", "/admin/organisations", "en"),
        ("admin@example.org", "/admin/audit", "en"),
    ],
)
def test_pages_have_no_accessibility_violations(
    page, live_server, sign_in_as, journey, email, path, lang
):
    sign_in_as(email, PASSWORD)
    page.goto(f"{live_server}/language/{lang}")
    page.goto(f"{live_server}{path}")
    expect(page.locator("main h1")).to_have_count(1)
    assert axe_violations(page) == []


def test_bad_user_form_by_keyboard(page, live_server, sign_in_as, journey):
    sign_in_as("admin@example.org", PASSWORD)
    page.goto(f"{live_server}/admin/users/new")
    page.get_by_label("E-mail").fill("new.focal@example.org")
    page.get_by_label("Role").select_option("focal_point")
    page.get_by_label("Initial password").fill("short")
    page.get_by_label("Initial password").press("Enter")
    assert "Use at least 12 characters." in page.locator("#password-error").inner_text()
    assert page.get_by_label("E-mail").input_value() == "new.focal@example.org"
    assert axe_violations(page) == []
