"""The main pages in Chromium: axe-core finds no WCAG 2.2 A/AA violation, in English and Chinese."""

import pytest
from playwright.sync_api import expect

from tests.conftest import CYCLE4_PATH, axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_review(import_files):
    import_files(CYCLE4_PATH)


@pytest.mark.parametrize("path", ["/", "/sign-in", "/does-not-exist", "/reports/item10"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pages_have_no_accessibility_violations(page, live_server, demo_review, path, lang):
    page.goto(f"{live_server}/language/{lang}")
    page.goto(f"{live_server}{path}")
    expect(page.locator("main h1")).to_have_count(1)
    assert axe_violations(page) == []


def test_sign_in_by_keyboard_and_wrong_password(page, live_server, make_user):
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    page.goto(f"{live_server}/sign-in")
    page.keyboard.press("Tab")  # the skip link comes first
    page.get_by_label("E-mail").fill("focal@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_label("Password").press("Enter")
    assert page.locator("#password-error").inner_text() == "The e-mail or the password is wrong."
    assert page.get_by_label("E-mail").input_value() == "focal@example.org"
    assert axe_violations(page) == []
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    assert "focal@example.org" in page.locator(".account").inner_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_changing_ones_password_in_the_browser(page, live_server, make_user, sign_in_as, lang):
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    sign_in_as("focal@example.org", "correct horse battery")
    page.goto(f"{live_server}/language/{lang}")
    page.locator(".account a[href='/account/password']").click()
    page.locator("#current").fill("correct horse battery")
    page.locator("#new").fill("a longer passphrase of 2026")
    page.locator("#confirm").fill("a longer passphrase of 2026!")
    page.locator("#submit").click()
    expect(page.locator("#confirm")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []
    page.locator("#current").fill("correct horse battery")
    page.locator("#new").fill("a longer passphrase of 2026")
    page.locator("#confirm").fill("a longer passphrase of 2026")
    page.locator("#submit").click()
    expect(page.locator(".flash.success")).to_have_count(1)
    assert "focal@example.org" in page.locator(".account").inner_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_on_a_phone(page, live_server, demo_review, lang):
    page.goto(f"{live_server}/language/{lang}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/")
    expect(page.locator("svg.progress-bar")).to_have_count(1)
    expect(page.locator("table.progress-figures tbody tr")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
