"""Follow-up screens in Chromium: a coordinator records assistance and links it; axe-core finds no violation."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import CYCLE4_PATH, DATA, axe_violations
from uprtrack.models import TechnicalAssistance

pytestmark = pytest.mark.browser
UPR_IMPLEMENTATION = (
    "Voluntary Fund for Financial and Technical Assistance in the Implementation of the Universal "
    "Periodic Review"
)


@pytest.fixture
def slovenia(import_files):
    """Slovenia's cycle 4 recommendations, the template's follow-up records, OHCHR as a (seeded) provider."""
    import_files(
        CYCLE4_PATH,
        *(DATA / "template" / f"{name}.csv" for name in ("pledges", "assistance", "evidence")),
    )


def test_coordinator_records_assistance_and_links_two_recommendations(
    page, live_server, sign_in_as, make_user, slovenia, ctx
):
    make_user("coord@example.org", role="coordinator", org="National mechanism")
    sign_in_as("coord@example.org", "correct horse battery")
    page.goto(f"{live_server}/assistance")
    page.get_by_role("link", name="Add technical assistance").click()
    assert page.locator("main h1").inner_text() == "New technical assistance"
    assert axe_violations(page) == []
    page.get_by_label("State", exact=True).select_option(label="Slovenia")
    page.get_by_label("Title").fill("Inclusive education plans for Roma children")
    page.get_by_label("Requested or received").select_option(label="Received")
    page.get_by_label("Provider", exact=True).select_option(
        label="Office of the United Nations High Commissioner for Human Rights (OHCHR)"
    )
    page.get_by_label("UN fund").select_option(label=UPR_IMPLEMENTATION)
    page.get_by_label("Kind of assistance").select_option(label="Advisory services")
    page.get_by_label("Amount").fill("-1")
    page.get_by_label("Currency").fill("CHF")
    page.get_by_role("button", name="Save technical assistance").click()
    assert page.locator("#amount-error").inner_text() == "The amount must be 0 or more."
    assert page.get_by_label("Title").input_value() == "Inclusive education plans for Roma children"
    assert axe_violations(page) == []
    page.get_by_label("Amount").fill("60000")
    page.get_by_label("Start").fill("2025-11-01")
    page.get_by_label("End").fill("2026-10-31")
    page.get_by_label("Status").select_option(label="Under way")
    page.get_by_label("UPR cycle").select_option(value="4")
    page.get_by_role("button", name="Save technical assistance").click()
    assert page.locator(".flash").inner_text() == "The technical assistance is saved."
    assert (
        page.locator("main h1")
        .inner_text()
        .startswith("Inclusive education plans for Roma children")
    )

    page.get_by_label("Paragraph numbers").fill("140.31; 140.215")
    page.get_by_role("button", name="Link recommendations").click()
    assert page.locator(".flash").inner_text() == "2 recommendations linked."
    links = page.locator("#links tbody tr")
    assert (
        links.count() == 2
        and "140.31" in links.nth(0).inner_text()
        and "140.215" in links.nth(1).inner_text()
    )
    assert axe_violations(page) == []
    ctx.expire_all()
    item = ctx.scalar(
        select(TechnicalAssistance).where(
            TechnicalAssistance.title.like("Inclusive education plans%")
        )
    )
    assert item.fund.code == "UPR-IMPLEMENTATION" and sorted(
        r.paragraph for r in item.recommendations
    ) == ["140.215", "140.31"]

    page.get_by_role("button", name="Publish").click()
    page.goto(f"{live_server}/assistance?fund={item.fund_id}")
    assert "Inclusive education plans for Roma children" in page.locator("main table").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Inclusive education plans for Roma children").click()
    page.get_by_role("link", name="Edit").click()
    assert page.locator("main h1").inner_text() == "Edit technical assistance"
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/pledges", "/evidence", "/assistance"])
def test_public_lists_and_details_have_no_violations(page, live_server, slovenia, path):
    page.goto(f"{live_server}{path}")
    assert page.locator("main h1").count() == 1 and page.locator("main table caption").count() == 1
    assert axe_violations(page) == []
    page.locator("main table tbody tr a").first.click()
    expect(page.locator("main h1")).to_have_count(1)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/pledges/new", "/evidence/new"])
def test_forms_have_no_violations(page, live_server, sign_in_as, make_user, slovenia, path):
    make_user("coord@example.org", role="coordinator", org="National mechanism")
    sign_in_as("coord@example.org", "correct horse battery")
    page.goto(f"{live_server}{path}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_have_count(1)  # waits for the page the button loads
    assert axe_violations(page) == []


def test_focal_point_attaches_a_file_on_the_recommendation_page(
    app, page, live_server, sign_in_as, make_user, runner, slovenia, ctx
):
    if "recommendations.show" not in app.view_functions:
        pytest.skip("the recommendation page is not there")
    from tests.test_follow_up_views import rec
    from tests.test_uploads import make_pdf

    result = runner.invoke(args=["import", str(DATA / "template" / "recommendations.csv")])
    assert result.exit_code == 0, result.output
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    sign_in_as("focal@example.org", "correct horse battery")
    page.goto(f"{live_server}/recommendations/{rec(ctx, '140.31').id}")
    page.get_by_text("Attach evidence to this recommendation").click()
    page.get_by_label("Title").first.fill("Roma teaching assistants: evaluation 2025")
    page.get_by_label("Kind of evidence").select_option(label="Report")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "罗姆助教评估.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}
    )
    page.get_by_role("button", name="Save evidence").click()
    assert (
        "Proposed: it is public once the national mechanism validates it."
        in page.locator(".flash").inner_text()
    )
    section = page.locator("#follow-up")
    assert "Roma teaching assistants: evaluation 2025" in section.inner_text()
    assert (
        "Download 罗姆助教评估.pdf" in section.inner_text()
        and "Unpublished" in section.inner_text()
    )
    assert axe_violations(page) == []
