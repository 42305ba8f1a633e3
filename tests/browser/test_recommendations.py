"""In Chromium: a focal point finds its recommendation in the list, updates the status with a justification and sees
it in the timeline; the list and the recommendation pages pass axe-core for the public and the national mechanism."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import CYCLE4_PATH, axe_violations
from uprtrack.models import Assignment, Organisation, Recommendation

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def assigned(import_files, ctx, make_user):
    """Cycle 4 of Slovenia; its first recommendation on education assigned to the Ministry of Education."""
    import_files(CYCLE4_PATH)
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    make_user("nmrf@example.org", role="coordinator", org="Government Office for Human Rights")
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == "Ministry of Education"))
    rec = ctx.scalar(
        select(Recommendation).where(Recommendation.education.is_(True)).order_by(Recommendation.id)
    )
    ctx.add(
        Assignment(
            recommendation=rec, organisation=ministry, due_date=date.today() + timedelta(days=60)
        )
    )
    ctx.commit()
    return rec


def test_focal_point_updates_a_status_and_sees_the_timeline(
    page, live_server, sign_in_as, assigned
):
    sign_in_as("focal@example.org", PASSWORD)
    page.goto(f"{live_server}/recommendations")
    page.get_by_text("More filters").click()
    page.get_by_label("Responsible institution").select_option(label="Ministry of Education")
    page.get_by_role("button", name="Show matching recommendations").click()
    assert (
        "1 recommendation on the right to education matches."
        in page.locator("#result-count").inner_text()
    )
    assert "institution=" in page.url  # the filter is in the address, to share or bookmark
    page.get_by_role("link", name=assigned.paragraph, exact=True).click()
    assert page.locator("main h1").inner_text().startswith(f"Recommendation {assigned.paragraph}")
    # The status leads the page; its form is one button away, on a page of its own.
    assert "Not started" in page.locator(".status-fact").inner_text()
    page.get_by_role("link", name="Update the status").first.click()
    assert page.locator("main h1").inner_text().startswith("Update recommendation")

    page.get_by_label("New status").select_option(label="In progress")
    page.get_by_label("Date of the status").fill("2025-03-01")
    page.get_by_label("Justification").fill(
        "The new curriculum on inclusive education is taught in 120 schools."
    )
    page.get_by_role("button", name="Save status").click()
    # A focal point's status is proposed until the national mechanism validates it.
    assert "Proposed: In progress." in page.locator(".flashes").inner_text()
    timeline = page.locator("ol.status-history li")
    expect(timeline).to_have_count(1)
    entry = timeline.first.inner_text()
    assert "In progress" in entry and "120 schools" in entry and "Ministry of Education" in entry
    assert "Proposed, awaiting validation" in entry
    assert "2025" in entry
    assert "In progress" in page.locator(".status-fact").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Update the status").first.click()
    page.get_by_label("New status").select_option(label="Partially implemented")
    page.get_by_label("Justification").fill("")
    page.get_by_role("button", name="Save status").click()
    assert "Say why the status is what it is" in page.locator("#status-note-error").inner_text()
    expect(page.locator("ol.status-history li")).to_have_count(1)
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_public_pages_have_no_accessibility_violations(page, live_server, assigned, lang):
    page.goto(f"{live_server}/language/{lang}")
    for path in (
        "/recommendations",
        "/recommendations?education=0&per_page=100&sort=paragraph&overdue=1",
        "/recommendations?education=0&q=Roma",
        "/recommendations?state=SVN&cycle=4&education=0",
        f"/recommendations/{assigned.id}",
    ):
        page.goto(f"{live_server}{path}")
        expect(page.locator("main h1"), message=str(path)).to_have_count(1)
        assert axe_violations(page) == [], path


def test_national_mechanism_pages_have_no_accessibility_violations(
    page, live_server, sign_in_as, assigned
):
    sign_in_as("nmrf@example.org", PASSWORD)
    for path in (
        "/recommendations?cycle=4",
        f"/recommendations/{assigned.id}",
        f"/recommendations/{assigned.id}/status",
        f"/recommendations/{assigned.id}/edit",
        f"/recommendations/{assigned.id}/evidence",
        f"/recommendations/{assigned.id}/assistance",
    ):
        page.goto(f"{live_server}{path}")
        expect(page.locator("main h1"), message=str(path)).to_have_count(1)
        assert axe_violations(page) == [], path
    page.goto(f"{live_server}/recommendations?cycle=4")
    page.get_by_text("Change several recommendations at once").click()
    page.get_by_label("Assign to").select_option(index=1)
    page.get_by_role("button", name="Assign…").click()  # nothing ticked
    assert "Tick at least one recommendation" in page.locator("main").inner_text()
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_the_results_come_before_the_filters(page, live_server, assigned, lang):
    page.goto(f"{live_server}/language/{lang}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/recommendations?state=SVN&cycle=4&education=0")
    search = page.locator("#q")
    expect(search).to_be_hidden()  # folded behind one button
    first_row = page.locator("table.rec-list tbody tr:not(.theme-row)").first
    assert first_row.bounding_box()["y"] < 900  # the results start on the first screen
    page.locator("details.filter-panel > summary").click()
    expect(search).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/recommendations?state=SVN&cycle=4&education=0")
    expect(page.locator("#q")).to_be_visible()  # open on a laptop, without a click
    # No column header breaks a word one character a line: each header is one line high.
    heights = page.eval_on_selector_all(
        "table.rec-list thead th", "cells => cells.map(c => c.getBoundingClientRect().height)"
    )
    assert max(heights) < 2 * min(heights)
    assert page.locator("table.rec-list tr.theme-row").count() > 3
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_recommendation_page_leads_with_what_matters(page, live_server, assigned, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/recommendations/{assigned.id}")
    order = page.eval_on_selector_all(
        "blockquote.quote, .key-facts, nav.contents, #voices, #status, #about",
        "nodes => nodes.map(n => n.id || n.className)",
    )
    assert order == ["quote lead prewrap", "key-facts", "contents", "voices", "status", "about"]
    assert page.locator(".key-facts").bounding_box()["y"] < 900
    page.get_by_role("link", name="About this recommendation: other cycles, sources").click()
    assert page.url.endswith("#about")
    expect(page.locator("main form")).to_have_count(0)  # the public has no form here
    assert axe_violations(page) == []
