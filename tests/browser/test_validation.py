"""In Chromium: a focal point proposes a status, the coordinator finds it in the validation queue (on a laptop and on
a phone, with axe-core) and validates it, the public then sees it; an entry made in error is withdrawn after a
confirmation and the public status returns to the previous one."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import axe_violations
from uprtrack.models import Assignment, Organisation, Recommendation, Review, State

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def rec(ctx, make_user):
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    make_user("nmrf@example.org", role="coordinator", org="Government Office for Human Rights")
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == "Ministry of Education"))
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    rec = Recommendation(
        review=Review(state=state, cycle=4, session=48),
        paragraph="140.1",
        text="Ensure inclusive education for Roma children",
        text_key="x",
        education=True,
    )
    ctx.add_all([rec, Assignment(recommendation=rec, organisation=ministry)])
    ctx.commit()
    return rec


def save_status(page, live_server, rec, label, on, justification):
    page.goto(f"{live_server}/recommendations/{rec.id}")
    page.get_by_role(
        "link", name="Update the status"
    ).first.click()  # the form has a page of its own
    page.get_by_label("New status").select_option(label=label)
    page.get_by_label("Date of the status").fill(on)
    page.get_by_label("Justification").fill(justification)
    page.get_by_role("button", name="Save status").click()


def public_status(browser, live_server, rec) -> str:
    visitor = browser.new_page()
    visitor.goto(f"{live_server}/recommendations/{rec.id}")
    text = visitor.locator("#status").inner_text()
    visitor.close()
    return text


def test_a_proposal_is_validated_from_the_queue_and_a_wrong_entry_withdrawn(
    page, browser, live_server, sign_in_as, rec
):
    sign_in_as("focal@example.org", PASSWORD)
    save_status(page, live_server, rec, "Planned", "2025-01-10", "The action plan is adopted.")
    assert "Proposed: Planned." in page.locator(".flashes").inner_text()
    assert "proposed: Planned" in page.locator(".status-fact").inner_text()
    assert "The action plan is adopted." not in public_status(browser, live_server, rec)
    page.get_by_role("button", name="Sign out").click()

    sign_in_as("nmrf@example.org", PASSWORD)
    page.get_by_role("link", name="Validation").first.click()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        expect(page.get_by_role("heading", name="1 entry awaits validation")).to_be_visible()
        assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    row = page.locator("table tbody tr").first
    assert "The action plan is adopted." in row.inner_text()
    assert "Ministry of Education" in row.inner_text()
    row.get_by_role("button", name="Validate").click()
    assert "1 entry validated." in page.locator(".flashes").inner_text()
    assert "Nothing awaits validation." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    shown = public_status(browser, live_server, rec)
    assert "Planned" in shown and "The action plan is adopted." in shown

    save_status(page, live_server, rec, "Fully implemented", "2025-02-01", "Typed by mistake.")
    assert "Fully implemented" in public_status(browser, live_server, rec)
    page.locator("ol.status-history li").first.get_by_role(
        "link", name="Withdraw"
    ).click()  # newest first
    page.get_by_label("Why it is withdrawn").fill("Typed on the wrong recommendation.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Withdraw this entry").click()
    history = page.locator("ol.status-history li").first
    expect(history.locator("del").first).to_be_visible()
    assert "Typed on the wrong recommendation." in history.inner_text()
    assert axe_violations(page) == []
    shown = public_status(browser, live_server, rec)
    assert "Planned" in shown and "Typed by mistake." not in shown
