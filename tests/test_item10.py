"""The item 10 report's figures on a small dataset, and its XLSX, DOCX and PDF files opened by real consumers."""

import csv
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from flask_babel import force_locale

from tests.item10_data import GIRLS_THEME, build
from uprtrack.core.vocabulary import Status
from uprtrack.reporting import figures
from uprtrack.reporting.figures import Scope
from uprtrack.reporting.formats.item10_xlsx import write_xlsx
from uprtrack.reporting.item10 import build_report
from uprtrack.reporting.item10_document import write_docx, write_pdf

ON = date(2026, 11, 27)


@pytest.fixture
def data(ctx):
    records = build(ctx)
    ctx.commit()
    with force_locale("en"):
        yield records


def scope(data, published_only=True, cycle=4, education=True):
    return Scope(
        state_id=data["state"].id, cycle=cycle, education=education, published_only=published_only
    )


def written(write, report) -> BytesIO:
    """Write a report into memory and rewind it, as the download view does into a temporary file."""
    out = BytesIO()
    write(report, out)
    out.seek(0)
    return out


def rows(table):
    return dict(table.rows)


def test_status_by_theme_counts_each_theme_and_hides_unpublished(ctx, data):
    public = figures.status_by_theme(ctx, scope(data))
    assert public.keys == [
        "not_started",
        "planned",
        "in_progress",
        "partially_implemented",
        "fully_implemented",
        "total",
    ]
    assert public.header[0] == "Theme" and public.header[-1] == "Total"
    assert public.rows == [
        ("Right to education", [0, 0, 0, 1, 1, 2]),
        (GIRLS_THEME, [0, 0, 0, 1, 0, 1]),
        ("No theme", [1, 0, 0, 0, 0, 1]),
    ]
    government = rows(figures.status_by_theme(ctx, scope(data, published_only=False)))
    assert government["Right to education"] == [
        0,
        0,
        1,
        1,
        1,
        3,
    ]  # 140.4, unpublished, is in progress
    every = rows(figures.status_by_theme(ctx, scope(data, published_only=False, education=False)))
    assert every["Right to health"] == [0, 1, 0, 0, 0, 1]


def test_status_by_sdg_target(ctx, data):
    table = figures.status_by_sdg_target(ctx, scope(data))
    assert [label.split()[0] for label, _ in table.rows] == ["4.1", "4.5", "4.a"]
    assert table.rows[0][0] == "4.1 Free, equitable, quality primary and secondary education"
    assert rows(figures.status_by_sdg_target(ctx, scope(data, published_only=False)))[
        "4.5 Gender parity and equal access for the vulnerable"
    ] == [0, 0, 1, 1, 0, 2]


def test_progress_since_previous_cycle(ctx, data):
    cross, listing = figures.progress_since_previous_cycle(ctx, scope(data))
    assert cross.rows == [("Not started", [0, 0, 0, 1, 0, 1]), ("In progress", [0, 0, 0, 0, 1, 1])]
    assert [(p, v[1], v[2]) for p, v in listing.rows] == [
        ("140.1", "In progress", "Fully implemented"),
        ("140.2", "Not started", "Partially implemented"),
    ]
    data["old"][0].published = False
    ctx.commit()
    cross, listing = figures.progress_since_previous_cycle(ctx, scope(data))
    assert [p for p, _ in listing.rows] == [
        "140.2"
    ]  # a withdrawn earlier recommendation is not shown either


def test_assistance_by_provider_never_adds_currencies(ctx, data):
    public = figures.assistance_by_provider(ctx, scope(data))
    assert public.keys == ["projects", "amount:EUR", "amount:USD", "recommendations"]
    assert public.header == [
        "Provider",
        "Projects",
        "Amount (EUR)",
        "Amount (USD)",
        "Recommendations served",
    ]
    # OHCHR's project serves only an unpublished recommendation and UNICEF's is unpublished: neither is public.
    assert public.rows == [("UNESCO", [2, Decimal("5000"), Decimal("10000"), 2])]
    government = rows(figures.assistance_by_provider(ctx, scope(data, published_only=False)))
    assert government == {
        "OHCHR": [1, Decimal("2000"), None, 1],
        "UNESCO": [2, Decimal("5000"), Decimal("10000"), 2],
        "UNICEF": [1, None, Decimal("999"), 0],
    }
    assert figures.assistance_by_provider(ctx, scope(data, cycle=3)).rows == []


def test_assistance_by_fund(ctx, data):
    assert rows(figures.assistance_by_fund(ctx, scope(data))) == {
        "VFTC": [1, None, Decimal("10000"), 2],
        "No UN fund": [1, Decimal("5000"), None, 0],
    }


def test_assistance_still_needed(ctx, data):
    assert figures.assistance_still_needed(ctx, scope(data)).rows == [
        ("Teacher training on inclusive education", ["Training", "Requested", "OHCHR", "140.3"])
    ]
    government = rows(figures.assistance_still_needed(ctx, scope(data, published_only=False)))
    assert government["Statistics on school drop-out (not yet public)"] == [
        "Data",
        "Agreed",
        "UNICEF",
        "",
    ]
    assert "Another cycle's request" not in government


def test_pledges_follow_up(ctx, data):
    assert figures.pledges_follow_up(ctx, scope(data)).rows == [
        (
            "Free textbooks for every pupil by 2025",
            [
                "Textbooks free since September 2024",
                "140.1: Fully implemented; 140.2: Partially implemented",
            ],
        )
    ]
    government = rows(figures.pledges_follow_up(ctx, scope(data, published_only=False)))
    assert set(government) == {"Free textbooks for every pupil by 2025", "A hidden pledge"}


def test_good_practices_need_all_three_conditions(ctx, data):
    # 140.1: fully implemented, two validated evidence records, the NHRI's published assessment agrees.
    # 140.2: partially implemented, so never a good practice whatever its evidence.
    assert figures.good_practices(ctx, scope(data)).rows[0][0] == "140.1"
    assert [p for p, _ in figures.good_practices(ctx, scope(data)).rows] == ["140.1"]
    government = figures.good_practices(ctx, scope(data, published_only=False))
    assert [(p, v[1]) for p, v in government.rows] == [("140.1", 2)]


def test_headline(ctx, data):
    assert figures.headline(ctx, scope(data), today=ON) == figures.Headline(
        recommendations=3,
        supported=2,
        supported_in_part=0,
        noted=1,
        fully_implemented=1,
        partially_implemented=1,
        with_assistance=2,
        overdue=1,
    )  # 140.1 is past its due date too, but fully implemented
    government = figures.headline(ctx, scope(data, published_only=False), today=ON)
    assert (government.recommendations, government.supported, government.with_assistance) == (
        4,
        3,
        3,
    )


@pytest.fixture
def report(ctx, data):
    return build_report(ctx, scope(data), on=ON)


def test_xlsx_holds_the_figures_and_native_charts(report, tmp_path):
    content = written(write_xlsx, report).read()
    book = openpyxl.load_workbook(BytesIO(content))
    assert book.sheetnames == [
        "Summary",
        "By theme",
        "By SDG target",
        "Since previous cycle",
        "Previous cycle list",
        "Good practices",
        "Pledges",
        "Assistance by provider",
        "Assistance by fund",
        "Assistance received",
        "Assistance needed",
    ]
    assert book.properties.title == "Item 10 report: Slovenia, UPR cycle 4"
    assert "Nov 27, 2026" in book.properties.subject  # the language's one date format
    theme = book["By theme"]
    assert theme["A1"].value == report.status_by_theme.caption
    assert [c.value for c in theme[3]] == report.status_by_theme.header
    assert [[c.value for c in row] for row in theme.iter_rows(min_row=4)] == [
        [label, *values] for label, values in report.status_by_theme.rows
    ]
    provider = book["Assistance by provider"]
    assert [c.value for c in provider[4]] == ["UNESCO", 2, 5000, 10000, 2]
    assert provider["C4"].number_format == "#,##0.00"
    summary = book["Summary"]
    figures_found = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0]}
    assert figures_found["Recommendations"] == 3
    assert figures_found["Overdue (past the due date, not fully implemented)"] == 1
    assert len(summary._charts) == 2
    with zipfile.ZipFile(BytesIO(content)) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert '<c:grouping val="stacked"/>' in chart
    assert all(colour.lstrip("#").upper() in chart for colour in Status.chart_colours().values())
    assert "'By theme'!$A$4:$A$6" in chart


def test_xlsx_opens_in_libreoffice(report, tmp_path):
    path = tmp_path / "item10.xlsx"
    path.write_bytes(written(write_xlsx, report).read())
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    with (tmp_path / "item10.csv").open(encoding="utf-8") as handle:
        summary = list(csv.reader(handle))
    assert summary[0][0] == "Item 10 report: Slovenia, UPR cycle 4"
    assert summary[[r[0] for r in summary].index("Recommendations")][:2] == ["Recommendations", "3"]


def test_docx_holds_the_figures_tables_and_mark(report):
    document = docx.Document(written(write_docx, report))
    assert document.paragraphs[0].text == "Item 10 report: Slovenia, UPR cycle 4"
    assert document.core_properties.title == "Item 10 report: Slovenia, UPR cycle 4"
    assert "Public data only" in document.sections[0].header.paragraphs[0].text
    texts = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    # Page 1: the statement's figures first (2 of 2 supported implemented; 0 of 2 in cycle 3)
    assert texts[0][1] == ["100%", "+100 points", "–", "1 / 1"]
    assert any(["Recommendations", "3"] in t for t in texts)
    theme = next(t for t in texts if t[0] == report.status_by_theme.header)
    assert theme[1:] == [
        [label, *map(str, values)] for label, values in report.status_by_theme.rows
    ]
    provider = next(t for t in texts if t[0][0] == "Provider")
    assert provider[1] == ["UNESCO", "2", "5,000.00", "10,000.00", "2"]
    header_row = document.tables[texts.index(theme)].rows[0]._tr
    assert header_row.trPr is not None and header_row.trPr.xpath("./w:tblHeader")
    section = document.sections[0]
    assert section.orientation == 0 and round(section.page_width.mm) == 210  # A4 portrait
    fonts = document.styles["Heading 1"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC"


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "item10.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_renders_the_figures_and_chinese_theme(report, tmp_path):
    text = pdf_text(written(write_pdf, report).read(), tmp_path)
    assert "Item 10 report: Slovenia, UPR cycle 4" in text
    assert GIRLS_THEME in text
    assert "Teacher training on inclusive education" in text
    assert "10,000.00" in text and "5,000.00" in text
    assert "A hidden pledge" not in text


def test_assistance_received_names_what_each_project_served(ctx, data):
    public = figures.assistance_received(ctx, scope(data))
    assert public.header == [
        "Assistance",
        "Provider",
        "Fund",
        "Kind",
        "Amount",
        "Period",
        "Recommendations served",
    ]
    assert rows(public) == {
        "School meals programme": [
            "UNESCO",
            "VFTC",
            "Training",
            "10,000.00 USD",
            "",
            "140.1, 140.2",
        ],
        "Curriculum review": ["UNESCO", "", "Training", "5,000.00 EUR", "", ""],
    }
    government = rows(figures.assistance_received(ctx, scope(data, published_only=False)))
    assert government["Inclusive schools drafting"][2:5] == ["Legal drafting", "2,000.00 EUR", ""]
    assert "Hidden data project" in government
