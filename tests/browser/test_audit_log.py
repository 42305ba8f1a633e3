"""In Chromium: the administrator reads the audit log, filters it by record and follows an entry to its record;
the page passes axe-core at laptop and phone widths."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import axe_violations
from uprtrack.models import Recommendation, Review, State
from uprtrack.recommendations import operations

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def history(ctx, make_user):
    admin = make_user("admin@example.org", role="admin", org="Government Office for Human Rights")
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    rec = Recommendation(
        review=Review(state=state, cycle=4, session=48),
        paragraph="115.30",
        text="Ensure inclusive education",
        text_key="x",
    )
    ctx.add(rec)
    ctx.flush()
    operations.change_status(ctx, rec, "planned", date(2025, 3, 1), "Budget adopted", admin)
    operations.change_status(ctx, rec, "in_progress", date(2025, 6, 1), "Started", admin)
    ctx.commit()
    return rec.id


@pytest.mark.parametrize("width", [1280, 390])
def test_the_audit_log_names_records_and_filters(page, live_server, sign_in_as, history, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("admin@example.org", PASSWORD)
    page.goto(f"{live_server}/admin/audit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    assert axe_violations(page) == []
    page.get_by_label("Kind of record").select_option(label="Recommendation")
    page.get_by_label("Record", exact=True).fill("Slovenia, cycle 4, 115.30")
    page.get_by_role("button", name="Show entries").click()
    expect(page.get_by_role("table")).to_contain_text("Planned → In progress")
    expect(page.locator("caption")).to_have_text("2 entries")
    assert axe_violations(page) == []
    page.screenshot(path=f"/tmp/audit-log-{width}.png", full_page=True)
    page.get_by_role("link", name="Slovenia, cycle 4, 115.30").first.click()
    expect(page).to_have_url(f"{live_server}/recommendations/{history}")


def test_the_csv_link_keeps_the_filter(page, live_server, sign_in_as, history):
    sign_in_as("admin@example.org", PASSWORD)
    page.goto(f"{live_server}/admin/audit?action=change-status")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these entries as CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert content.count("Changed the status") == 2 and "Signed in" not in content
