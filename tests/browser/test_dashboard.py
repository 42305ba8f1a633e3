"""The dashboard in Chromium, on a laptop and on a phone, in English and Chinese: every chart image loads, the
figures open as a table, and axe-core finds no WCAG 2.2 A/AA violation."""

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations
from tests.test_dashboard import dataset  # noqa: F401  (the small dataset of the dashboard's tests)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, width", [("en", 1280), ("zh", 390)])
def test_dashboard_loads_its_charts_without_accessibility_violations(
    page, live_server, dataset, lang, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/language/{lang}")
    page.goto(f"{live_server}/dashboard?state=SVN&cycle=4")
    page.wait_for_load_state("networkidle")
    images = page.locator(".dashboard-chart img")
    expect(images).to_have_count(5)
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), image.get_attribute(
            "src"
        )
        assert image.get_attribute("alt")
    # On a phone the narrow drawing is chosen, so that the chart's text is not shrunk.
    chosen = images.first.evaluate("img => img.currentSrc")
    assert ("size=narrow" in chosen) == (width < 640)
    assert f"lang={lang}" in chosen
    summaries = page.locator("details.chart-figures summary")
    for index in range(summaries.count()):
        summaries.nth(index).click()
    expect(page.locator("details.chart-figures table")).to_have_count(5)
    assert page.locator("details.chart-figures table").last.is_visible()
    assert axe_violations(page) == []
