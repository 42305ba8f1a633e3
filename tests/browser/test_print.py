"""In Chromium, printed: the recommendations list and a recommendation's page lose their navigation, forms and
buttons, keep their content dark on white, and make a PDF."""

import pytest
from sqlalchemy import select

from tests.conftest import CYCLE4_PATH
from uprtrack.models import Recommendation

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def recommendation(import_files, ctx, make_user):
    import_files(CYCLE4_PATH)
    make_user("nmrf@example.org", role="coordinator", org="Government Office for Human Rights")
    return ctx.scalar(
        select(Recommendation).where(Recommendation.education.is_(True)).order_by(Recommendation.id)
    )


def shown(page, selector: str) -> list[bool]:
    return page.locator(selector).evaluate_all(
        "els => els.map(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0)"
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_print_without_navigation_or_forms(
    page, live_server, sign_in_as, recommendation, signed_in, tmp_path
):
    if signed_in:
        sign_in_as("nmrf@example.org", PASSWORD)
    for path in ("/recommendations?cycle=4", f"/recommendations/{recommendation.id}"):
        page.goto(f"{live_server}{path}")
        page.emulate_media(media="screen")
        assert any(shown(page, "header.site nav")), path  # the screen keeps its menu
        if signed_in or "?" in path:  # the list's filters; the sign-out form of a signed-in reader
            assert any(shown(page, "form")), path
        page.emulate_media(media="print")
        for selector in ("header.site nav", "nav", "form", "button", "a.skip", ".filters"):
            assert not any(shown(page, selector)), (path, selector)
        assert page.locator("main h1").is_visible()
        colours = page.evaluate(
            "() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
        )
        assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], path
        # An outside link shows its address after its text; the app's own links do not.
        after = page.evaluate("""() => {
            const outside = document.createElement('a'); outside.href = 'https://www.ohchr.org/';
            const inside = document.createElement('a'); inside.setAttribute('href', '/recommendations');
            document.querySelector('main').append(outside, inside);
            return [getComputedStyle(outside, '::after').content, getComputedStyle(inside, '::after').content];
        }""")
        assert after == ['" (https://www.ohchr.org/)"', "none"], path
        page.screenshot(path=str(tmp_path / f"print-{signed_in}-{len(path)}.png"), full_page=True)
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000, path
        (tmp_path / f"print-{signed_in}-{len(path)}.pdf").write_bytes(pdf)
        page.emulate_media(media="screen")
