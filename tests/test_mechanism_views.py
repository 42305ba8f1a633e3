"""Records of other UN mechanisms on the screens: the list's mechanism filter (the UPR by default), a treaty
body's record and its page, sources and texts in the reader's language, and the exports with a CRC record."""

import csv
import io
import re
from dataclasses import replace

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from tests.conftest import people_login
from tests.test_import_command import CYCLE4
from tests.test_recommendations_views import count_line, education_recs, shown_ids, text
from tests.test_upsert_mechanisms import CRC_ROW, FRENCH, UHRI_FILE, uhri, uhri_copy
from uprtrack.imports import ohchr_matrix
from uprtrack.imports.pipeline import store
from uprtrack.models import Mechanism, Recommendation, RecommendationSource, Review


@pytest.fixture
def data(import_files, ctx):
    """Slovenia's cycle 4 matrix; its first education recommendation again from UHRI in French; a CRC record."""
    import_files(CYCLE4)
    first = education_recs(ctx)[0]
    row = next(r for r in ohchr_matrix.parse(CYCLE4).rows if r.paragraph == first.paragraph)
    store(ctx, uhri(uhri_copy(row), CRC_ROW))
    ctx.commit()
    return ctx


def crc_record(ctx) -> Recommendation:
    return ctx.scalar(
        select(Recommendation).join(Review).where(Review.document_symbol == CRC_ROW.document_symbol)
    )


def test_the_list_shows_the_upr_by_default_and_a_treaty_body_when_chosen(client, data):
    crc = crc_record(data)
    default = text(client.get("/recommendations?state=SVN"))
    upr_ids = shown_ids(default)
    assert crc.id not in upr_ids and len(upr_ids) == 25
    upr_education = data.scalar(
        select(func.count())
        .select_from(Recommendation)
        .join(Review)
        .join(Mechanism)
        .where(Recommendation.education.is_(True), Mechanism.code == "UPR")
    )
    # The education recommendations of the matrix, as before mechanisms existed.
    assert f"{upr_education} recommendations" in count_line(default)

    page = text(client.get("/recommendations?state=SVN&mechanism=CRC"))
    assert shown_ids(page) == [crc.id]
    assert (
        '<option selected value="CRC">Committee on the Rights of the Child (CRC)</option>' in page
    )
    everything = text(client.get("/recommendations?state=SVN&mechanism=all&per_page=100"))
    assert crc.id in shown_ids(everything)
    assert f"{upr_education + 1} recommendations" in count_line(everything)
    # A mechanism that made no recommendation lists nothing.
    assert shown_ids(text(client.get("/recommendations?mechanism=CEDAW"))) == []


def test_a_treaty_body_record_has_its_page_without_a_cycle(client, data):
    crc = crc_record(data)
    page = text(client.get(f"/recommendations/{crc.id}"))
    assert "CRC, CRC/C/SVN/CO/3-4" in page
    assert "Committee on the Rights of the Child" in page
    assert "cycle" not in page.split("<main", 1)[-1].split("</h1>")[0].lower()
    assert "/recommendations?state=SVN&amp;mechanism=CRC" in page


def test_the_page_lists_the_sources_and_shows_the_text_in_the_readers_language(
    client, data, login, make_user
):
    rec = education_recs(data)[0]
    french = text(client.get(f"/recommendations/{rec.id}", headers={"Accept-Language": "fr"}))
    assert f'lang="fr" id="text-translated">{escape(FRENCH)}</blockquote>' in french
    assert "Original text" in french and rec.text.split()[0] in french
    english = text(client.get(f"/recommendations/{rec.id}", headers={"Accept-Language": "en"}))
    assert 'id="text-translated"' not in english

    sources = english.split('<dt id="sources">')[1].split("</dd>")[0]
    assert "OHCHR matrix: thematic list of recommendations (Word)" in sources
    assert "Universal Human Rights Index" in sources and "record 5f0c1b2e-upr48-svn-1" in sources
    assert (
        CYCLE4.name not in sources and UHRI_FILE not in sources
    )  # file names are for the government

    people_login(client, login, make_user, data, {"coord@example.org": ("coordinator", "GOHR")})(
        "coord@example.org"
    )
    staff = text(client.get(f"/recommendations/{rec.id}"))
    staff_sources = staff.split('<dt id="sources">')[1].split("</dd>")[0]
    assert CYCLE4.name in staff_sources and UHRI_FILE in staff_sources


def test_a_draft_report_source_is_not_shown_to_the_public(client, data):
    rec = education_recs(data)[0]
    rec.sources.append(
        RecommendationSource(kind="draft-report", file_name="Slovenia - Draft report.docx", row=3)
    )
    data.commit()
    page = text(client.get(f"/recommendations/{rec.id}"))
    assert "Draft report of the UPR Working Group" not in page


@pytest.mark.parametrize(
    "query", ["state=SVN", "state=SVN&mechanism=CRC", "mechanism=all&education=0"]
)
def test_the_matrix_exports_with_a_crc_record_present(client, data, query):
    crc = crc_record(data)
    assert client.get(f"/recommendations/export.xlsx?{query}").status_code == 200
    response = client.get(f"/recommendations/export.csv?{query}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    texts = [cell for row in rows for cell in row]
    assert (crc.text in texts) == ("mechanism=" in query)


def test_a_treaty_body_export_says_so_in_its_name(client, data):
    response = client.get("/recommendations/export.csv?state=SVN&mechanism=CRC")
    disposition = response.headers["Content-Disposition"]
    response.close()
    assert "uprtrack-matrix-SVN-CRC-" in disposition


def test_a_coordinator_updates_and_edits_a_treaty_body_record(client, data, login, make_user):
    """A record without a cycle has no previous cycle to link; its status and text are followed up the same way."""
    people_login(client, login, make_user, data, {"coord@example.org": ("coordinator", "GOHR")})(
        "coord@example.org"
    )
    crc = crc_record(data)
    for page in ("status", "edit"):
        assert "CRC, CRC/C/SVN/CO/3-4" in text(client.get(f"/recommendations/{crc.id}/{page}"))
    edit = text(client.get(f"/recommendations/{crc.id}/edit"))
    assert 'name="previous"' not in edit
    version = re.search(r'name="version" type="hidden" value="(\d+)"', edit).group(1)
    form = {"text": crc.text, "position": "Supported", "education": "yes", "version": version}
    assert client.post(f"/recommendations/{crc.id}/edit", data=form).status_code == 302
    data.expire_all()
    assert (crc.position, crc.previous_id, crc.review.cycle) == ("Supported", None, None)


def test_a_chinese_reader_reads_the_chinese_text_when_one_is_stored(client, data):
    rec = crc_record(data)
    chinese = "委员会建议缔约国采取措施。"  # a text in zh, as UHRI would add it
    store(data, uhri(replace(CRC_ROW, texts={**CRC_ROW.texts, "zh": chinese})))
    data.commit()
    client.get("/language/zh")
    page = text(client.get(f"/recommendations/{rec.id}", headers={"Accept-Language": "fr"}))
    assert f'lang="zh" id="text-translated">{chinese}</blockquote>' in page
    client.get("/language/en")
    page = text(client.get(f"/recommendations/{rec.id}", headers={"Accept-Language": "ru, fr"}))
    assert 'lang="fr" id="text-translated">' in page
