"""In Chromium: the mechanism filter, a treaty body's record and a record with its sources and a French text pass
axe-core, for the public and the national mechanism."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import CYCLE4_PATH, axe_violations
from tests.test_upsert_mechanisms import CRC_ROW, uhri, uhri_copy
from uprtrack.imports import ohchr_matrix
from uprtrack.imports.pipeline import store
from uprtrack.models import Recommendation

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def records(import_files, ctx, make_user):
    """Slovenia's cycle 4 matrix, its first recommendation again from UHRI in French, and a CRC record."""
    import_files(CYCLE4_PATH)
    make_user("nmrf@example.org", role="coordinator", org="Government Office for Human Rights")
    row = ohchr_matrix.parse(CYCLE4_PATH).rows[0]
    store(ctx, uhri(uhri_copy(row), CRC_ROW))
    ctx.commit()
    first = ctx.scalar(select(Recommendation).where(Recommendation.paragraph == row.paragraph))
    crc = ctx.scalar(select(Recommendation).where(Recommendation.paragraph == CRC_ROW.paragraph))
    return first, crc


def paths(first, crc) -> tuple[str, ...]:
    return (
        "/recommendations?mechanism=CRC",
        "/recommendations?mechanism=all&education=0",
        f"/recommendations/{first.id}",
        f"/recommendations/{crc.id}",
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_public_pages_of_other_mechanisms_pass_axe(browser, live_server, records, lang):
    context = browser.new_context(locale="fr-FR", extra_http_headers={"Accept-Language": "fr"})
    page = context.new_page()
    page.goto(f"{live_server}/language/{lang}")
    for path in paths(*records):
        page.goto(f"{live_server}{path}")
        expect(page.locator("main h1"), message=str(path)).to_have_count(1)
        assert axe_violations(page) == [], path
    page.goto(f"{live_server}/recommendations/{records[0].id}")
    assert page.locator("#text-translated").get_attribute("lang") == "fr"
    context.close()


def test_national_mechanism_pages_of_other_mechanisms_pass_axe(
    page, live_server, sign_in_as, records
):
    sign_in_as("nmrf@example.org", PASSWORD)
    first, crc = records
    for path in (*paths(first, crc), f"/recommendations/{crc.id}/edit"):
        page.goto(f"{live_server}{path}")
        expect(page.locator("main h1"), message=str(path)).to_have_count(1)
        assert axe_violations(page) == [], path
    assert "CRC, CRC/C/SVN/CO/3-4" in page.locator("main h1").inner_text()
