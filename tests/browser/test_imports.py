"""A coordinator imports the cycle 4 matrix in Chromium: upload, preview, confirm; every page passes axe-core."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import CYCLE4_PATH, axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(make_user, sign_in_as, app):
    make_user("coordinator@example.org", role="coordinator", org="National mechanism")
    sign_in_as("coordinator@example.org", "correct horse battery")
    yield
    folder = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    for path in folder.glob("*"):
        path.unlink()


def test_coordinator_imports_the_cycle_4_matrix(page, live_server, coordinator):
    page.get_by_role("link", name="Import", exact=True).click()
    assert page.locator("main h1").inner_text() == "Import a file"
    assert axe_violations(page) == []

    page.get_by_label("File to import").set_input_files(CYCLE4_PATH)
    page.get_by_role("button", name="Upload and preview").click()
    assert page.locator("main h1").inner_text() == f"Check before importing: {CYCLE4_PATH.name}"
    assert page.locator("#count-created").inner_text() == "254"
    assert page.get_by_role("table", name="The first 10 of the 254 records to create").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Import these rows").click()
    assert page.locator("main h1").inner_text() == f"Import report: {CYCLE4_PATH.name}"
    assert page.locator(".flash.success").inner_text() == f"{CYCLE4_PATH.name} is imported."
    assert axe_violations(page) == []

    page.get_by_role("link", name="Overview").click()
    review = page.locator("section.review-progress").filter(
        has=page.get_by_role("heading", name="Slovenia, cycle 4")
    )
    assert review.locator(".figure").first.inner_text() == "254 recommendations"


def test_unreadable_file_and_cancel(page, live_server, coordinator, tmp_path):
    broken = tmp_path / "matrix.docx"
    broken.write_bytes(CYCLE4_PATH.read_bytes()[:20000])
    page.goto(f"{live_server}/language/zh")
    page.goto(f"{live_server}/import")
    page.locator("#file").set_input_files(broken)
    page.locator("#submit").click()
    assert "damaged" in page.locator("#file-error").inner_text()
    assert page.locator("#file").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []

    page.goto(f"{live_server}/language/en")
    page.goto(f"{live_server}/import")
    page.get_by_label("File to import").set_input_files(CYCLE4_PATH)
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Cancel").click()  # the file is deleted: asked first
    assert "Nothing has changed yet." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Yes").click()
    assert page.locator("main h1").inner_text() == "Import a file"
    assert "is cancelled and the file is deleted" in page.locator(".flash").inner_text()


VARIANTS = Path(__file__).resolve().parents[1] / "data" / "ohchr" / "variants"


def test_the_preview_names_the_layout_and_every_name_matched_by_likeness(
    page, live_server, coordinator
):
    page.goto(f"{live_server}/import")
    page.get_by_label("File to import").set_input_files(VARIANTS / "typing.docx")
    page.get_by_role("button", name="Upload and preview").click()
    assert page.locator("#detected-layout").inner_text().startswith("OHCHR matrix")
    likeness = page.get_by_role("table", name="names matched by likeness", exact=False)
    assert "Czech Republc" in likeness.inner_text() and "Czechia" in likeness.inner_text()
    assert axe_violations(page) == []


def test_a_draft_report_extract_is_imported_with_the_session_chosen(page, live_server, coordinator):
    draft = Path(__file__).resolve().parents[1] / "data" / "draft_reports"
    page.goto(f"{live_server}/import")
    page.get_by_label("File to import").set_input_files(
        draft / "Belgium - Draft report after adoption.docx"
    )
    page.get_by_label("State under review").select_option("BEL")
    page.get_by_label("Working Group session").select_option("52")
    page.get_by_role("button", name="Upload and preview").click()
    assert page.locator("#detected-session").inner_text() == "52"
    assert page.locator("#count-created").inner_text() == "300"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import these rows").click()
    expect(page.locator(".flash.success")).to_be_visible()
