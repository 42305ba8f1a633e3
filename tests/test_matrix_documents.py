"""The matrix as documents (DOCX and PDF) in the shape of OHCHR's matrices, read back by python-docx, LibreOffice and
poppler, and compared with the database."""

from __future__ import annotations

import io
import re
import shutil
import socket
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.matrix_data import ARABIC, CHINESE, FORMULA, SLOVENIA_C4, matrix_data, paragraph  # noqa: F401
from uprtrack.core.vocabulary import Moderation, Status
from uprtrack.models import (
    Assessment,
    Evidence,
    ImplementationAction,
    Pledge,
    Recommendation,
    Review,
    State,
    StatusChange,
    TechnicalAssistance,
)
from uprtrack.reporting.formats import matrix_pdf
from uprtrack.reporting.formats.matrix_docx import write_docx
from uprtrack.reporting.formats.matrix_layout import GROUPS, is_rtl
from uprtrack.reporting.formats.matrix_pdf import write_pdf_matrix
from uprtrack.reporting.matrix.columns import COLUMN_KEYS, MatrixMeta, MatrixRow
from uprtrack.reporting.matrix.meta import matrix_meta
from uprtrack.reporting.matrix.rows import Matrix, build_matrix


def export(
    app, ctx, writer, *, public: bool = True, locale: str | None = None, url_for_rec=None
) -> tuple[bytes, Matrix]:
    """Write the Slovenia cycle 4 matrix; return the file and the matrix written."""
    with app.test_request_context():
        matrix = build_matrix(
            ctx,
            SLOVENIA_C4,
            published_only=public,
            url_for_rec=url_for_rec,
            meta=matrix_meta(ctx, SLOVENIA_C4, public=public),
        )
        out = io.BytesIO()
        if locale:
            with force_locale(locale):
                writer(matrix, out)
        else:
            writer(matrix, out)
    return out.getvalue(), matrix


def clusters(matrix: Matrix) -> list[str]:
    """The theme headings in matrix order (the summary keeps them in the order the pass met them)."""
    return list(matrix.summary)


def education_count(ctx, public: bool) -> int:
    query = (
        select(func.count(Recommendation.id))
        .join(Review)
        .join(State)
        .where(State.iso3 == "SVN", Review.cycle == 4, Recommendation.education.is_(True))
    )
    return ctx.scalar(query.where(Recommendation.published.is_(True)) if public else query)


def expected_140_31(ctx) -> dict:
    """What the database says of 140.31, read directly from its tables."""
    rec = paragraph(ctx, "140.31")
    last = ctx.scalars(
        select(StatusChange)
        .where(StatusChange.recommendation_id == rec.id)
        .order_by(StatusChange.changed_on.desc(), StatusChange.id.desc())
    ).first()
    assessments = ctx.scalars(
        select(Assessment).where(Assessment.recommendation_id == rec.id)
    ).all()
    return {
        "rec": rec,
        "status": f"{Status(rec.status).label} ({rec.status_date.isoformat()})",
        "justification": last.note,
        "actions": [
            a.description
            for a in ctx.scalars(
                select(ImplementationAction).where(ImplementationAction.recommendation_id == rec.id)
            )
        ],
        "published_voices": [a.text for a in assessments if a.moderation == Moderation.PUBLISHED],
        "pending_voices": [a.text for a in assessments if a.moderation != Moderation.PUBLISHED],
        "assistance": [
            a.title
            for a in ctx.scalars(
                select(TechnicalAssistance).where(
                    TechnicalAssistance.recommendations.any(id=rec.id),
                    TechnicalAssistance.published.is_(True),
                )
            )
        ],
        "pledges": [
            p.text
            for p in ctx.scalars(
                select(Pledge).where(
                    Pledge.recommendations.any(id=rec.id), Pledge.published.is_(True)
                )
            )
        ],
        "urls": [
            e.url
            for e in ctx.scalars(
                select(Evidence).where(  # of public evidence in the matrix
                    Evidence.url.is_not(None),
                    Evidence.published.is_(True),
                    Evidence.recommendations.any(
                        Recommendation.education.is_(True) & Recommendation.published.is_(True)
                    ),
                )
            )
        ],
    }


# ----- DOCX -----


def open_docx(data: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(data))


def matrix_rows(document) -> tuple[list, list[str]]:
    """The matrix table's recommendation rows (as lists of cell texts) and its theme heading rows' texts."""
    rows, headings = [], []
    for row in document.tables[0].rows[1:]:
        tcs = row._tr.tc_lst
        if len(tcs) == 1:
            headings.append(row.cells[0].text)
        else:
            rows.append(row)
    return rows, headings


def row_of(document, rec_id: str):
    rows, _ = matrix_rows(document)
    found = [r for r in rows if f"Id: {rec_id}" in [p.text for p in r.cells[0].paragraphs]]
    assert len(found) == 1, rec_id
    return found[0]


def test_docx_has_ohchr_shape(app, matrix_data):
    data, matrix = export(app, matrix_data, write_docx)
    document, meta = open_docx(data), matrix.meta
    section = document.sections[0]
    assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert document.paragraphs[0].text == meta.title
    assert (
        "Slovenia" in document.paragraphs[0].text and meta.subtitle in document.paragraphs[1].text
    )
    assert "Public data only" in document.paragraphs[1].text
    header = document.tables[0].rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == [str(g.label) for g in GROUPS]
    rows, headings = matrix_rows(document)
    assert headings == clusters(matrix) and len(headings) > 3
    ids = [r.cells[0].paragraphs[0].text for r in rows]
    assert len(rows) == len(set(ids)) == education_count(matrix_data, public=True) > 10
    theme_row = document.tables[0].rows[1]
    assert theme_row._tr.tc_lst[0].grid_span == len(GROUPS)
    # East Asian and complex script text are given fonts that have their letters.
    fonts = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert "CJK" in fonts.get(qn("w:eastAsia")) and "Arabic" in fonts.get(qn("w:cs"))


def test_docx_row_holds_the_database_values(app, matrix_data):
    expected = expected_140_31(matrix_data)
    document = open_docx(export(app, matrix_data, write_docx)[0])
    cells = [c.text for c in row_of(document, "140.31").cells]
    assert expected["rec"].text in cells[0]
    implementation = [p.text for p in row_of(document, "140.31").cells[2].paragraphs]
    assert f"Status: {expected['status']}" in implementation
    assert f"Last justification: {expected['justification']}" in implementation
    assert expected["justification"] == FORMULA
    assert set(expected["actions"]) == {CHINESE, ARABIC}
    for action in expected["actions"]:
        assert any(line.endswith(action) for line in implementation)
    assert expected["assistance"] and all(title in cells[3] for title in expected["assistance"])
    assert expected["pledges"] and all(text in cells[3] for text in expected["pledges"])
    assert len(expected["published_voices"]) == 2
    assert all(text in cells[4] for text in expected["published_voices"])
    assert not any(text in cells[4] for text in expected["pending_voices"])
    # The status cell is shaded with the status's colour.
    shading = row_of(document, "140.31").cells[2]._tc.tcPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")) == "FFF4DD"
    # The Arabic run reads right to left; the Chinese one does not.
    runs = [run for p in row_of(document, "140.31").cells[2].paragraphs for run in p.runs]
    arabic = next(run for run in runs if ARABIC in run.text)
    chinese = next(run for run in runs if CHINESE in run.text)
    assert arabic._r.rPr.find(qn("w:rtl")) is not None
    assert chinese._r.rPr is None or chinese._r.rPr.find(qn("w:rtl")) is None
    # The annex lists each pledge once, with the recommendations it is linked to.
    pledge_table = document.tables[1]
    pledge_rows = [[c.text for c in row.cells] for row in pledge_table.rows[1:]]
    for text in expected["pledges"]:
        assert any(r[0] == text and "140.31" in r[-1].split(", ") for r in pledge_rows)
    evidence_table = document.tables[3]
    assert evidence_table.rows[0].cells[0].text == "Title"
    links = [
        link.url
        for row in evidence_table.rows
        for cell in row.cells
        for p in cell.paragraphs
        for link in p.hyperlinks
    ]
    assert expected["urls"] and sorted(links) == sorted(expected["urls"])


def test_docx_public_and_staff_exports(app, matrix_data):
    public = open_docx(export(app, matrix_data, write_docx, public=True)[0])
    staff = open_docx(
        export(
            app,
            matrix_data,
            write_docx,
            public=False,
            url_for_rec=lambda rec_id: f"https://nmrf.example/r/{rec_id}",
        )[0]
    )

    def everything(document):
        return "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)

    assert "Id: 140.121" not in everything(
        public
    ) and "Internal draft evaluation" not in everything(public)
    assert row_of(staff, "140.121") is not None and "Internal draft evaluation" in everything(staff)
    assert "Public data only" not in staff.paragraphs[1].text
    # The id links to the recommendation's page when the export knows the site's address.
    rec = paragraph(matrix_data, "140.121")
    links = row_of(staff, "140.121").cells[0].paragraphs[0].hyperlinks
    assert [(link.text, link.url) for link in links] == [
        ("140.121", f"https://nmrf.example/r/{rec.id}")
    ]


def test_docx_of_odd_text_and_no_rows(app):
    """Control characters that XML cannot hold are dropped, line breaks kept; an empty selection says so."""
    cells = dict.fromkeys(COLUMN_KEYS) | {
        "id": "1.1",
        "text": "Line one\r\nline\x0btwo",
        "actions": [],
    }
    with app.test_request_context():
        meta = MatrixMeta("Title", "State", "Cycle 4", "All themes", datetime.now(UTC), False, 1)
        for rows in ([MatrixRow(1, "Theme", "not_started", None, cells)], []):
            out = io.BytesIO()
            write_docx(Matrix.from_rows(meta, rows), out)
            document = open_docx(out.getvalue())
            if rows:
                assert row_of(document, "1.1").cells[0].text.splitlines()[1:3] == [
                    "Recommendation: Line one",
                    "linetwo",
                ]
            else:
                assert "No recommendation matches the selection." in [
                    p.text for p in document.paragraphs
                ]


def test_docx_in_chinese(app, matrix_data):
    document = open_docx(export(app, matrix_data, write_docx, locale="zh")[0])
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header[0] == "建议"
    with app.test_request_context(), force_locale("zh"):
        assert header == [str(g.label) for g in GROUPS]
    rows, _ = matrix_rows(document)
    row = next(r for r in rows if "140.31" in r.cells[0].text)
    assert any(p.text.startswith("状态: ") for p in row.cells[2].paragraphs)


def test_rtl_rule():
    assert is_rtl(ARABIC) and is_rtl("2026-02-15: " + ARABIC)
    assert not is_rtl(CHINESE) and not is_rtl("Roma pupils") and not is_rtl("2026")


@pytest.mark.slow
def test_libreoffice_opens_the_docx(app, matrix_data, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = tmp_path / "matrix.docx"
    path.write_bytes(export(app, matrix_data, write_docx)[0])
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = squash(pdf_text(tmp_path / "matrix.pdf"))
    assert "Id:140.31" in text and CHINESE in text and "HumanRightsOmbudsman" in text
    fonts = pdf_fonts(tmp_path / "matrix.pdf")
    assert re.search(r"Noto-?Sans-?CJK", fonts) and re.search(r"Noto-?Naskh-?Arabic", fonts), fonts


# ----- PDF -----


def pdf_text(path: Path) -> str:
    """The PDF's text in the order it was drawn (-raw): each table cell's lines together, as the writer put them."""
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def squash(text: str) -> str:
    """The text without white space, so that a value the page wrapped over lines still matches."""
    return re.sub(r"\s+", "", text)


def pdf_fonts(path: Path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to open a network connection while the PDF is made."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access during export: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_pdf_content_and_fonts(app, matrix_data, tmp_path, no_network):
    expected = expected_140_31(matrix_data)
    data, matrix = export(app, matrix_data, write_pdf_matrix)
    path = tmp_path / "matrix.pdf"
    path.write_bytes(data)
    raw = pdf_text(path)
    text = squash(raw)
    assert squash(matrix.meta.title) in text and squash("Public data only") in text
    position = 0
    for heading in clusters(matrix):  # each heading, in matrix order
        position = text.find(squash(heading), position)
        assert position >= 0, heading
    row = text[
        text.index("Id:140.31Document") : text.index("Id:", text.index("Id:140.31Document") + 1)
    ]
    assert squash(expected["rec"].text) in row
    assert (
        squash(f"Status: {expected['status']}") in row
        and squash(f"Last justification: {FORMULA}") in row
    )
    assert CHINESE in row
    # pdftotext may give Arabic in logical or in visual order: each word must be there one way or the other.
    for word in ARABIC.split():
        assert word in row or word[::-1] in row, word
    assert all(squash(voice) in row for voice in expected["published_voices"])
    assert all(squash(title) in row for title in expected["assistance"] + expected["pledges"])
    assert not any(squash(voice) in text for voice in expected["pending_voices"])
    assert squash("Internal draft evaluation") not in text and "Id:140.121" not in text
    fonts = pdf_fonts(path)
    assert re.search(r"Noto-?Sans-?CJK", fonts) and re.search(
        r"Noto-?(Naskh|Sans)-?Arabic", fonts
    ), fonts
    # Evidence links are links in the file (never fetched: the network is refused above).
    links = subprocess.run(
        ["pdfinfo", "-url", str(path)], check=True, capture_output=True, text=True
    ).stdout
    assert expected["urls"] and sorted(expected["urls"]) == sorted(
        line.split()[-1] for line in links.splitlines()[1:]
    )


def test_pdf_staff_and_chinese(app, matrix_data, tmp_path):
    staff = tmp_path / "staff.pdf"
    staff.write_bytes(export(app, matrix_data, write_pdf_matrix, public=False)[0])
    text = squash(pdf_text(staff))
    assert (
        "Id:140.121" in text and "Internaldraftevaluation" in text and "Publicdataonly" not in text
    )
    chinese = tmp_path / "zh.pdf"
    chinese.write_bytes(export(app, matrix_data, write_pdf_matrix, locale="zh")[0])
    text = squash(pdf_text(chinese))
    assert "建议" in text and "状态:" in text and "Status:" not in text


def test_pdf_document_shape(app, matrix_data):
    """The data Typst sets the PDF from: language, theme rows, status colours, Arabic items marked right to left,
    user text as values (never markup), the mark of an internal file."""
    from uprtrack.core.vocabulary import Status
    from uprtrack.reporting.documents.typeset import document_data

    captured = {}

    def keep(matrix, out):
        captured["data"] = document_data(matrix_pdf.matrix_document(matrix))[0]

    matrix = export(app, matrix_data, keep)[1]
    data = captured["data"]
    table = data["blocks"][0]
    headings = [row["h"] for row in table["rows"] if row["h"] is not None]
    assert headings == clusters(matrix)
    assert data["lang"] == "en" and data["landscape"] and data["paper"] == "a4"
    assert data["mark"] == "Public data only" and not data["internal"]
    fills = {row["f"].get("2") for row in table["rows"]}
    assert Status.fills()["in_progress"] in fills
    values = [v for row in table["rows"] for cell in row["c"] for part in cell for v in part["v"]]
    assert {"t": f"2026-02-15: {ARABIC}", "r": True} in values
    assert f"2026-01-15: {CHINESE}" in values


def _pages(path: Path) -> list[str]:
    """Each page's text, as pdftotext reads it (a form feed ends each page)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_internal_pdf_and_docx_say_so_on_every_page(app, matrix_data, tmp_path):
    """A government user's matrix holds unpublished records: each PDF page's header says so, as the DOCX's does;
    the public file says it holds published data only."""
    internal = tmp_path / "internal.pdf"
    internal.write_bytes(export(app, matrix_data, write_pdf_matrix, public=False)[0])
    pages = _pages(internal)
    assert len(pages) > 2
    assert all("Internal: includes unpublished or proposed records" in page for page in pages)
    public = tmp_path / "public.pdf"
    public.write_bytes(export(app, matrix_data, write_pdf_matrix)[0])
    assert all("Public data only" in page and "Internal" not in page for page in _pages(public))
    info = subprocess.run(["pdfinfo", str(internal)], check=True, capture_output=True, text=True)
    assert re.search(r"Page size:\s+841\.89 x 595\.276", info.stdout)  # A4, landscape
    assert "Author:          uprtrack" in info.stdout
    document = docx.Document(io.BytesIO(export(app, matrix_data, write_docx, public=False)[0]))
    header = document.sections[0].header.paragraphs[0].text
    assert "Internal: includes unpublished or proposed records" in header
    assert document.core_properties.author == "uprtrack"
    assert "Internal" in document.core_properties.subject


def test_us_letter_on_request(client, matrix_data, tmp_path):
    pdf = client.get("/recommendations/export.pdf?state=SVN&cycle=4&paper=us-letter")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf.data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    assert re.search(r"Page size:\s+792 x 612 pts \(letter\)", info.stdout), info.stdout
    word = client.get("/recommendations/export.docx?state=SVN&cycle=4&paper=us-letter")
    section = docx.Document(io.BytesIO(word.data)).sections[0]
    assert round(section.page_width.mm, 1) == 279.4 and round(section.page_height.mm, 1) == 215.9
