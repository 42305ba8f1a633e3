"""OHCHR's thematic list with column 4 filled, and its three voices version, read back with python-docx, pdftotext
and LibreOffice, and compared with the database."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from tests.matrix_data import SLOVENIA_C4, matrix_data, paragraph  # noqa: F401
from uprtrack.reporting.matrix.meta import matrix_meta
from uprtrack.reporting.matrix.rows import build_matrix
from uprtrack.reporting.ohchr_matrix import ohchr_document

OHCHR_COLUMNS = [
    "Recommendation",
    "Position",
    "Full list of themes",
    "Assessment/comments on level of implementation",
]


def table_of(data: bytes):
    document = docx.Document(io.BytesIO(data))
    return document, document.tables[0]


def row_of(table, paragraph_id: str):
    return next(r for r in table.rows if r.cells[0].text.startswith(paragraph_id + " "))


def test_column_4_holds_status_justification_evidence_and_nhri(
    client, login, make_user, matrix_data
):
    make_user("coord@example.org", role="coordinator")
    login("coord@example.org")
    response = client.get("/recommendations/ohchr-matrix.docx?state=SVN&cycle=4")
    assert response.status_code == 200
    assert "uprtrack-ohchr-matrix-SVN-cycle4" in response.headers["Content-Disposition"]
    document, table = table_of(response.data)
    assert [c.text for c in table.rows[0].cells] == OHCHR_COLUMNS
    assert any(r.cells[0].text.startswith("Theme: ") for r in table.rows[1:])
    rec = paragraph(matrix_data, "140.31")
    row = row_of(table, "140.31")
    assert rec.text.strip()[:40] in row.cells[0].text
    assert row.cells[0].text.endswith(
        ");"
    )  # the recommending States in parentheses, as OHCHR writes them
    assert row.cells[1].text == "Supported"
    assert all(f"- {t.name}" in row.cells[2].text for t in rec.themes)
    column4 = row.cells[3].text
    assert "Status: In progress (2026-02-01)" in column4
    assert '=HYPERLINK("http://evil.example","click")' in column4  # the justification, as text
    assert (
        "Human Rights Ombudsman: Limited progress" in column4
        and "Segregated classes remain." in column4
    )
    assert "Draft awaiting moderation." not in column4  # never an unpublished assessment
    header = document.sections[0].header.paragraphs[0].text
    assert "Internal: includes unpublished or proposed records" in header
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape


def test_public_file_holds_published_data_only(client, matrix_data, tmp_path):
    response = client.get("/recommendations/ohchr-matrix.pdf?state=SVN&cycle=4")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "public.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert pages and all("Public data only" in p for p in pages)
    assert "Internal draft evaluation" not in text and "140.121" not in text
    assert "Assessment/comments on level of implementation" in text
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    assert "Noto" in fonts.stdout and " yes " in fonts.stdout  # embedded


def test_internal_pdf_says_so_on_every_page(client, login, make_user, matrix_data, tmp_path):
    make_user("coord@example.org", role="coordinator")
    login("coord@example.org")
    path = tmp_path / "internal.pdf"
    path.write_bytes(client.get("/recommendations/three-voices.pdf?state=SVN&cycle=4").data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 1
    assert all("Internal: includes unpublished or proposed records" in p for p in pages)


def test_three_voices_marks_the_rows_where_readings_differ(
    app, client, login, make_user, matrix_data
):
    make_user("coord@example.org", role="coordinator")
    login("coord@example.org")
    _document, table = table_of(
        client.get("/recommendations/three-voices.docx?state=SVN&cycle=4").data
    )
    assert [c.text for c in table.rows[0].cells] == [
        *OHCHR_COLUMNS[:3],
        "Government",
        "National human rights institution",
        "Civil society",
    ]
    row = row_of(table, "140.31")
    government, nhri, cso = (c.text for c in row.cells[3:])
    assert "Status: In progress (2026-02-01)" in government
    assert "Human Rights Ombudsman" in nhri and "Roma Education Network: No progress" in cso
    # In progress is "some progress" on the scale; the NHRI's "limited progress" agrees, the CSO's "no progress" not.
    assert (
        government.startswith("Readings differ:") and "Civil society" in government.split("\n")[0]
    )
    assert "National human rights institution" not in government.split("\n")[0]
    shading = row.cells[0]._tc.xpath(".//w:shd/@w:fill")
    assert shading == ["FDF0E8"]
    # A row where no voice differs is not marked.
    with app.test_request_context():
        matrix = build_matrix(
            matrix_data,
            SLOVENIA_C4,
            published_only=False,
            meta=matrix_meta(matrix_data, SLOVENIA_C4, public=False),
        )
        rows = list(ohchr_document(matrix, voices=True).blocks[0].rows)
    marked = {r.cells[0].split(" ")[0] for r in rows if r.marked}
    assert "140.31" in marked and len(marked) < len(rows)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_thematic_list(client, matrix_data, tmp_path):
    source = tmp_path / "list.docx"
    source.write_bytes(client.get("/recommendations/ohchr-matrix.docx?state=SVN&cycle=4").data)
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
    )
    assert done.returncode == 0 and Path(tmp_path / "list.pdf").stat().st_size > 10_000


def test_unknown_format_is_not_found(client, matrix_data):
    assert client.get("/recommendations/ohchr-matrix.xlsx?state=SVN").status_code == 404
    assert client.get("/recommendations/four-voices.docx?state=SVN").status_code == 404


def test_list_page_links_the_thematic_lists(client, matrix_data):
    page = client.get("/recommendations?state=SVN&cycle=4").get_data(True)
    links = re.findall(r'href="/recommendations/(ohchr-matrix|three-voices)\.(docx|pdf)\?', page)
    assert sorted(links) == sorted(
        (d, f) for d in ("ohchr-matrix", "three-voices") for f in ("docx", "pdf")
    )
