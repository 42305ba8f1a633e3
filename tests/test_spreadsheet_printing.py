"""The matrix and item 10 spreadsheets print as a reader expects: landscape A4, one page wide, the header row on
every page, a header and footer that say the title, the pages and whether the file may be shared."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pytest

from tests.matrix_data import SLOVENIA_C4, matrix_data  # noqa: F401  (the fixture)
from tests.test_item10_views import data  # noqa: F401  (the fixture)
from tests.test_matrix_spreadsheets import LABELS, export, meta
from uprtrack.reporting.formats.matrix_ods import write_ods
from uprtrack.reporting.formats.matrix_xlsx import write_xlsx
from uprtrack.reporting.matrix.columns import MatrixRow
from uprtrack.reporting.matrix.meta import matrix_meta
from uprtrack.reporting.matrix.rows import Matrix

TEXT = (
    "Ensure inclusive and equitable quality education for all children, including Roma children. "
    * 3
)
INTERNAL = "Internal: includes unpublished or proposed records"
NS = {
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
}


def assert_prints(sheet, title: str, note: str, header_row: int | None) -> None:
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    # One page wide (1 is OOXML's default, which XlsxWriter leaves implicit), any number of pages high.
    assert (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0, sheet.title
    if header_row is not None:
        assert sheet.print_title_rows == f"${header_row}:${header_row}", sheet.title
    assert note in sheet.oddHeader.left.text and title in sheet.oddHeader.right.text
    assert sheet.oddFooter.right.text == "Page &P of &N" and title in sheet.oddFooter.left.text


@pytest.mark.parametrize("public", [True, False])
def test_matrix_xlsx_prints_landscape_one_page_wide(app, matrix_data, public):
    with app.test_request_context():
        book = openpyxl.load_workbook(io.BytesIO(export(matrix_data, write_xlsx, public=public)))
        meta = matrix_meta(matrix_data, SLOVENIA_C4, public=public)
    note = "Public data only" if public else INTERNAL
    assert book["Matrix"]["A3"].value == note  # in the sheet's first rows too
    for sheet in book:
        assert_prints(sheet, meta.title, note, 5 if sheet.title == "Matrix" else 4)
        assert sheet["A3" if sheet.title == "Matrix" else "A2"].value == note


def test_item10_xlsx_prints_landscape_one_page_wide(client, data, make_user, login):
    public = openpyxl.load_workbook(
        io.BytesIO(client.get("/reports/item10.xlsx?state=SVN&cycle=4").data)
    )
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    internal = openpyxl.load_workbook(
        io.BytesIO(client.get("/reports/item10.xlsx?state=SVN&cycle=4").data)
    )
    for book, note in ((public, "Public data only"), (internal, INTERNAL)):
        title = book["Summary"]["A1"].value
        assert book["Summary"]["A3"].value == note
        for sheet in book.worksheets[1:]:
            assert sheet["A2"].value == note
            assert_prints(sheet, title, note, 3)
        assert_prints(book["Summary"], title, note, None)


def ods_xml(content: bytes, part: str) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return ET.fromstring(archive.read(part))


@pytest.mark.parametrize("public", [True, False])
def test_ods_declares_a_landscape_page_and_repeated_header_rows(app, matrix_data, public):
    with app.test_request_context():
        content = export(matrix_data, write_ods, public=public)
        meta = matrix_meta(matrix_data, SLOVENIA_C4, public=public)
    content_xml, styles_xml = ods_xml(content, "content.xml"), ods_xml(content, "styles.xml")
    layouts = {
        layout.get(f"{{{NS['style']}}}name"): layout.find("style:page-layout-properties", NS)
        for root in (content_xml, styles_xml)
        for layout in root.iter(f"{{{NS['style']}}}page-layout")
    }
    master = next(
        m
        for m in styles_xml.iter(f"{{{NS['style']}}}master-page")
        if m.get(f"{{{NS['style']}}}name") == "Landscape"
    )
    props = layouts[master.get(f"{{{NS['style']}}}page-layout-name")]
    assert props.get(f"{{{NS['style']}}}print-orientation") == "landscape"
    assert props.get(f"{{{NS['fo']}}}page-width") == "29.7cm"
    assert props.get(f"{{{NS['fo']}}}page-height") == "21cm"
    assert props.get(f"{{{NS['loext']}}}scale-to-X") == "1"
    header = "".join(master.find("style:header", NS).itertext())
    assert ("Public data only" if public else INTERNAL) in header and meta.title in header
    footer = master.find("style:footer", NS)
    assert footer.find(".//text:page-number", NS) is not None
    assert footer.find(".//text:page-count", NS) is not None
    printed = {
        s.get(f"{{{NS['style']}}}name")
        for s in content_xml.iter(f"{{{NS['style']}}}style")
        if s.get(f"{{{NS['style']}}}master-page-name") == "Landscape"
    }
    tables = list(content_xml.iter(f"{{{NS['table']}}}table"))
    assert len(tables) == 5
    for table in tables:
        assert table.get(f"{{{NS['table']}}}style-name") in printed
        rows = table.findall("table:table-header-rows/table:table-row", NS)
        assert len(rows) == 1
    matrix_header = tables[0].find("table:table-header-rows/table:table-row", NS)
    cells = ["".join(c.itertext()) for c in matrix_header.findall("table:table-cell", NS)]
    assert cells == LABELS


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_ods_prints_landscape_with_the_header_on_every_page(app, tmp_path):
    """A long matrix (120 recommendations of several lines) runs over several pages, each with its header row."""
    rows = [
        MatrixRow(i, f"Cluster {i // 40}", "planned", None, {"id": f"1.{i}", "text": TEXT})
        for i in range(120)
    ]
    with app.test_request_context():
        source = tmp_path / "matrix.ods"
        out = io.BytesIO()
        write_ods(Matrix.from_rows(meta(public=False), rows), out)
        source.write_bytes(out.getvalue())
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "matrix.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 2
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in sizes.splitlines():
        if line.startswith("Page") and " size:" in line:
            width, height = (float(x) for x in line.split(":")[1].split("pts")[0].split(" x "))
            assert width > height, line  # landscape
    page2 = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "1.60" in page2 or "1.50" in page2  # the matrix goes on past the first page
    # The header row, repeated (its longer labels wrap onto a second line).
    first_line = next(line for line in page2.splitlines() if LABELS[0] in line.split())
    assert all(label in first_line for label in (LABELS[1], "Recommendation", "Evidence"))
    assert INTERNAL in page2 and "Page 2 of" in page2
