"""In Chromium: the NHRI opens its work page and revises an assessment from the previous text; the coordinator
updates 20 recommendations in one bulk step; the focal point filters its work and marks changes as read; a saved
view. axe-core runs on each of these pages, at 1280 and 390 pixels wide."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.conftest import CYCLE4_PATH, axe_violations
from uprtrack.models import (
    Assessment,
    Assignment,
    AuditEntry,
    Organisation,
    Recommendation,
    StatusChange,
)
from uprtrack.models.base import utcnow

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
PREVIOUS = "Roma children still attend segregated classes in two regions."


@pytest.fixture
def journey(app, import_files, ctx, make_user):
    """Cycle 4 of Slovenia; the NHRI assessed the first education recommendation a week ago, and the government
    has recorded a status since; the ministry is responsible for three recommendations."""
    import_files(CYCLE4_PATH)
    make_user("ombudsman@example.org", role="nhri", org="Human Rights Ombudsman")
    make_user("nmrf@example.org", role="coordinator", org="Government Office for Human Rights")
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    ombudsman = ctx.scalar(
        select(Organisation).where(Organisation.name == "Human Rights Ombudsman")
    )
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == "Ministry of Education"))
    recs = ctx.scalars(
        select(Recommendation).where(Recommendation.education.is_(True)).order_by(Recommendation.id)
    ).all()
    week_ago = utcnow() - timedelta(days=7)
    ctx.add(
        Assessment(
            recommendation=recs[0],
            organisation=ombudsman,
            rating="limited_progress",
            text=PREVIOUS,
            sources="https://www.varuh-rs.si/annual-report-2024",
            groups_affected="Roma children",
            assessed_on=date.today() - timedelta(days=7),
            moderation="published",
            created_at=week_ago,
            updated_at=week_ago,
        )
    )
    ctx.add(StatusChange(recommendation=recs[0], status="in_progress", changed_on=date.today()))
    ctx.add(StatusChange(recommendation=recs[1], status="not_started", changed_on=date.today()))
    recs[0].status, recs[0].status_date = "in_progress", date.today()
    for n, rec in enumerate(recs[1:4]):
        ctx.add(
            Assignment(
                recommendation=rec,
                organisation=ministry,
                due_date=date.today() + timedelta(days=40 * n - 10),
            )
        )
    ctx.commit()
    return recs[0]


def no_violations_at_both_widths(page):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        expect(page.locator("main h1")).to_have_count(1)
        assert axe_violations(page) == []
        # Nothing wider than the screen but the tables, which scroll in their own box.
        wider = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > innerWidth + 1)
                .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
        )
        assert wider == [], (width, wider)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_nhri_revises_an_assessment_from_its_work_page(page, live_server, sign_in_as, journey, ctx):
    sign_in_as("ombudsman@example.org", PASSWORD)
    page.get_by_role("link", name="My work").click()
    assert page.locator("main h1").inner_text() == "My work: Human Rights Ombudsman"
    no_violations_at_both_widths(page)
    page.get_by_role("link", name="Government status changed since your assessment").click()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    assert journey.paragraph in row.inner_text()
    no_violations_at_both_widths(page)
    row.get_by_role("link", name="Revise your assessment").click()

    assert page.locator("main h1").inner_text() == "Revise your assessment"
    text = page.get_by_label("Your assessment", exact=True)
    assert text.input_value() == PREVIOUS
    assert page.get_by_label("Your rating of implementation").input_value() == "limited_progress"
    assert page.get_by_label("Groups affected").input_value() == "Roma children"
    no_violations_at_both_widths(page)
    text.fill(PREVIOUS + " Since March, one region has closed them.")
    page.get_by_label("Your rating of implementation").select_option(label="Some progress")
    page.get_by_role("button", name="Save assessment").click()
    assert "Your assessment is published." in page.locator(".flashes").inner_text()
    voices = page.locator("#voices")
    assert "Some progress" in voices.inner_text()
    voices.get_by_text("Earlier assessment by this organisation (1)").click()
    assert PREVIOUS in voices.locator(".earlier").inner_text()

    page.goto(f"{live_server}/my-work?list=status_changed")
    assert "Nothing in this list with these filters." in page.locator("main").inner_text()


def test_coordinator_updates_twenty_recommendations_in_one_step(
    page, live_server, sign_in_as, journey, ctx
):
    sign_in_as("nmrf@example.org", PASSWORD)
    page.goto(f"{live_server}/recommendations?cycle=4")
    no_violations_at_both_widths(page)
    boxes = page.locator('input[name="bulk-recs"]')
    for n in range(20):
        boxes.nth(n).check()
    page.get_by_text("Change several recommendations at once").click()
    assert (
        page.get_by_label("Select all 36 recommendations of this filter, on every page").count()
        == 1
    )
    no_violations_at_both_widths(page)
    page.get_by_label("New status").select_option(label="Planned")
    page.get_by_label("Justification, the same for all").fill(
        "The action plan for inclusive education 2026-2030 covers these recommendations."
    )
    page.get_by_role("button", name="Update status…").click()

    assert (
        page.locator("main h1").inner_text() == "Set the status of 20 recommendations to Planned?"
    )
    assert "The first 10 of 20 recommendations" in page.locator("main").inner_text()
    no_violations_at_both_widths(page)
    assert ctx.scalar(select(func.count()).select_from(StatusChange)) == 2  # the fixture's only
    page.get_by_role("button", name="Yes, update them").click()
    assert "Status of 20 recommendations set to Planned." in page.locator(".flashes").inner_text()
    ctx.expire_all()
    assert (
        ctx.scalar(
            select(func.count()).select_from(StatusChange).where(StatusChange.status == "planned")
        )
        == 20
    )
    step = ctx.scalar(select(AuditEntry).where(AuditEntry.action == "bulk-change-status"))
    assert step.detail["count"] == 20


def test_focal_point_filters_its_work_and_marks_it_read(page, live_server, sign_in_as, journey):
    sign_in_as("focal@example.org", PASSWORD)
    page.goto(f"{live_server}/my-work")
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(3)
    page.get_by_label("Due", exact=True).select_option(label="Overdue")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(1)
    no_violations_at_both_widths(page)
    page.goto(f"{live_server}/my-work")
    assert "Status set to Not started" in page.locator("main").inner_text()
    page.reload()  # opening the page again keeps the changes
    page.get_by_role("button", name="Mark as read").click()
    assert "Marked as read" in page.locator(".flashes").inner_text()
    assert "Nothing has changed." in page.locator("main").inner_text()


def test_a_saved_view_from_the_list(page, live_server, sign_in_as, journey):
    sign_in_as("nmrf@example.org", PASSWORD)
    page.goto(f"{live_server}/recommendations?cycle=4&status=not_started")
    page.get_by_text("Saved views (0)").click()
    page.get_by_label("Name of this view").fill("Cycle 4, not started")
    page.get_by_label("Share with my colleagues").check()
    page.get_by_role("button", name="Save this view").click()
    assert "shared with your colleagues" in page.locator(".flashes").inner_text()
    page.goto(f"{live_server}/recommendations")
    page.get_by_role("link", name="Cycle 4, not started").click()
    assert "status=not_started" in page.url
    no_violations_at_both_widths(page)


@pytest.mark.parametrize(
    "email, path",
    [
        ("ombudsman@example.org", "/my-work?list=status_changed"),
        ("ombudsman@example.org", "/my-work?list=disagree"),
        ("nmrf@example.org", "/recommendations?cycle=4"),
        ("focal@example.org", "/my-work?due=soon"),
    ],
)
def test_new_pages_in_chinese(page, live_server, sign_in_as, journey, email, path):
    sign_in_as(email, PASSWORD)
    page.goto(f"{live_server}/language/zh")
    page.goto(f"{live_server}{path}")
    for summary in page.locator("main details > summary").all():
        if summary.is_visible():  # on a laptop the filters are open, their button hidden
            summary.click()  # the folded panels too
    no_violations_at_both_widths(page)
