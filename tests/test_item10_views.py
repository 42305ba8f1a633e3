"""The item 10 report's page and downloads: scope, visibility, file names, formats and the Chinese interface."""

import subprocess
from datetime import date
from io import BytesIO

import docx
import openpyxl
import pytest

from tests.item10_data import GIRLS_THEME, build

HIDDEN = (
    "A hidden pledge",
    "Statistics on school drop-out (not yet public)",
    "Hidden data project",
)
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@pytest.fixture
def data(ctx):
    records = build(ctx)
    ctx.commit()
    return records


def xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(BytesIO(content))
    return "\n".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
    )


def docx_text(content: bytes) -> str:
    document = docx.Document(BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def read(fmt: str, content: bytes, tmp_path) -> str:
    return (
        {"xlsx": xlsx_text, "docx": docx_text}[fmt](content)
        if fmt != "pdf"
        else pdf_text(content, tmp_path)
    )


def test_public_page_shows_key_figures_tables_and_links(client, data):
    page = client.get("/reports/item10?state=SVN&cycle=4").get_data(as_text=True)
    assert "Item 10 report: Slovenia, UPR cycle 4" in page
    assert "Teacher training on inclusive education" in page and GIRLS_THEME in page
    assert '<caption dir="auto">Status of the recommendations by theme</caption>' in page
    for fmt in MIME:
        assert f'href="/reports/item10.{fmt}?state=SVN&amp;cycle=4&amp;education=1"' in page
    for hidden in HIDDEN:
        assert hidden not in page
    assert '<a href="/reports/item10"' in page  # the menu entry
    assert "Figures for the statement" in page and "<dd>100%</dd>" in page
    assert "A good practice is a fully implemented recommendation with validated evidence" in page
    assert 'href="/reports/item10/statement?state=SVN&amp;cycle=4&amp;education=1"' in page


def test_the_report_counts_once_per_version_of_the_data(client, ctx, data, monkeypatch):
    """The page and its files share one count of the figures; a change to any record the report reads (here a
    pledge, which is neither a recommendation nor one of its links) is counted anew once committed."""
    from uprtrack.reporting import item10

    item10.FIGURES.clear()
    counted = []
    real = item10._figures
    monkeypatch.setattr(item10, "_figures", lambda *a: counted.append(1) or real(*a))
    page = "/reports/item10?state=SVN&cycle=4"
    first = client.get(page).get_data(as_text=True)
    assert client.get(page).get_data(as_text=True) == first
    assert client.get("/reports/item10.xlsx?state=SVN&cycle=4&education=1").status_code == 200
    assert len(counted) == 1

    hidden = next(p for p in data["pledges"] if p.text == "A hidden pledge")
    hidden.published = True
    ctx.commit()
    after = client.get(page).get_data(as_text=True)
    assert "A hidden pledge" in after and "A hidden pledge" not in first and len(counted) == 2


def test_files_take_the_paper_asked_for(client, data, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(client.get("/reports/item10.pdf?state=SVN&cycle=4&paper=us-letter").data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info
    path.write_bytes(client.get("/reports/item10.pdf?state=SVN&cycle=4&paper=xx").data)
    assert "(A4)" in subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout


@pytest.mark.parametrize("fmt", list(MIME))
def test_public_downloads_exclude_unpublished_records(client, data, fmt, tmp_path):
    response = client.get(f"/reports/item10.{fmt}?state=SVN&cycle=4")
    assert response.status_code == 200 and response.mimetype == MIME[fmt]
    name = f"item10-SVN-cycle4-{date.today().isoformat()}.{fmt}"
    assert (
        response.headers["Content-Disposition"]
        == f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    )
    assert response.headers["Cache-Control"] == "public, max-age=0"
    text = read(fmt, response.data, tmp_path)
    assert "Teacher training on inclusive education" in text
    for hidden in HIDDEN:
        assert hidden not in text


def test_government_users_see_unpublished_records(client, data, make_user, login, tmp_path):
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    page = client.get("/reports/item10?state=SVN&cycle=4").get_data(as_text=True)
    assert "A hidden pledge" in page and "Includes unpublished records" in page
    response = client.get("/reports/item10.xlsx?state=SVN&cycle=4")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Statistics on school drop-out (not yet public)" in xlsx_text(response.data)


def test_other_formats_and_an_empty_database(client, data):
    assert client.get("/reports/item10.csv?state=SVN&cycle=4").status_code == 404
    assert client.get("/reports/item10.xlsx?state=SVN&cycle=3&education=0").status_code == 200


def test_no_data_is_said_kindly(client):
    response = client.get("/reports/item10")
    assert response.status_code == 200
    assert "There is nothing to report yet" in response.get_data(as_text=True)
    assert client.get("/reports/item10.pdf").status_code == 404


def test_chinese_interface_gives_chinese_files(client, data, tmp_path):
    client.get("/language/zh")
    document = docx.Document(BytesIO(client.get("/reports/item10.docx?state=SVN&cycle=4").data))
    theme_table = next(
        t for t in document.tables if t.rows[0].cells[0].text == "主题" and len(t.columns) > 4
    )
    assert [c.text for c in theme_table.rows[0].cells][:6] == [
        "主题",
        "未开始",
        "已计划",
        "进行中",
        "部分执行",
        "已全面执行",
    ]
    text = pdf_text(client.get("/reports/item10.pdf?state=SVN&cycle=4").data, tmp_path)
    assert "主题" in text and "已全面执行" in text and GIRLS_THEME in text
    # The date in Chinese (Typst spaces Latin digits from Chinese characters, which pdftotext reads as a space).
    assert f"{date.today().year}年" in text.replace(" ", "")
