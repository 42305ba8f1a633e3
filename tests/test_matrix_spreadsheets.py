"""The matrix as XLSX, CSV and ODS, opened by real consumers (openpyxl, pandas, LibreOffice) and compared with the
database: Slovenia's cycle-4 matrix with follow-up records, formula-looking text, Chinese and Arabic, hidden records."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import UTC, date, datetime

import openpyxl
import pandas as pd
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.matrix_data import ARABIC, CHINESE, FORMULA, SLOVENIA_C4, matrix_data, paragraph  # noqa: F401
from uprtrack.core.vocabulary import Status
from uprtrack.models import Evidence, Recommendation, Review, State
from uprtrack.reporting.formats import matrix_xlsx
from uprtrack.reporting.formats.matrix_csv import FORMULA_START, csv_chunks, write_csv
from uprtrack.reporting.formats.matrix_ods import write_ods
from uprtrack.reporting.formats.matrix_xlsx import sheet_name, write_xlsx
from uprtrack.reporting.matrix.columns import COLUMNS, LINKED_TITLES, MatrixMeta, MatrixRow
from uprtrack.reporting.matrix.meta import matrix_meta
from uprtrack.reporting.matrix.rows import Matrix, build_matrix

SITE = "https://uprtrack.example/recommendations/"
RECORDS_HEADER_ROW = (
    4  # the summary's and the record sheets' header: after their title, note and a blank line
)
HEADER_ROW = (
    5  # 1-based: title, subtitle, "public data only" (or not), a blank line, then the header
)
HIDDEN_EVIDENCE = "Internal draft evaluation"
LABELS = [str(c.label) for c in COLUMNS]


def export(ctx, writer, *, public: bool = True) -> bytes:
    """Write the Slovenia cycle-4 matrix with a writer; call inside a request context."""
    matrix = build_matrix(
        ctx,
        SLOVENIA_C4,
        published_only=public,
        meta=matrix_meta(ctx, SLOVENIA_C4, public=public),
        url_for_rec=lambda rec_id: f"{SITE}{rec_id}",
    )
    out = io.BytesIO()
    writer(matrix, out)
    return out.getvalue()


def selection(ctx, public: bool = True) -> list[Recommendation]:
    """The recommendations the matrix must hold, read straight from the tables."""
    query = (
        select(Recommendation)
        .join(Review)
        .join(State)
        .where(State.iso3 == "SVN", Review.cycle == 4, Recommendation.education.is_(True))
    )
    if public:
        query = query.where(Recommendation.published.is_(True))
    return ctx.scalars(query).all()


def cluster_of(rec: Recommendation) -> str:
    return rec.theme_heading or min((t.name for t in rec.themes), default="No theme")


def status_counts(ctx) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for rec in selection(ctx):
        counts.setdefault(cluster_of(rec), Counter())[rec.status] += 1
    return counts


def expected_cells(ctx) -> dict:
    """140.31's cells as the database holds them."""
    rec = paragraph(ctx, "140.31")
    return {
        "rec": rec,
        "text": rec.text,
        "status": str(Status(rec.status).label),
        "status_date": rec.status_date,
        "justification": rec.status_changes[-1].note,
        "recommending": {s.name for s in rec.recommending_states},
        "actions": [a.description for a in sorted(rec.actions, key=lambda a: a.taken_on)],
    }


def data_rows(sheet, header_row: int) -> dict[str, tuple]:
    """The recommendation rows of the matrix sheet by id; heading rows (merged across) are left out."""
    merged = {r.min_row for r in sheet.merged_cells.ranges}
    rows = {}
    for number, row in enumerate(sheet.iter_rows(min_row=header_row + 1), start=header_row + 1):
        if number not in merged and row[0].value:
            rows[row[0].value] = row
    return rows


# --- XLSX ------------------------------------------------------------------------------------------------------


def test_xlsx_matrix_sheet_matches_the_database(app, matrix_data):
    ctx = matrix_data
    with app.test_request_context():
        book = openpyxl.load_workbook(io.BytesIO(export(ctx, write_xlsx)))
        meta = matrix_meta(ctx, SLOVENIA_C4, public=True)
    assert book.sheetnames == ["Matrix", "Summary", "Pledges", "Technical assistance", "Evidence"]
    sheet = book["Matrix"]
    assert sheet["A1"].value == meta.title and sheet["A3"].value == "Public data only"
    assert [c.value for c in sheet[HEADER_ROW]] == LABELS
    assert sheet[HEADER_ROW][0].font.b and sheet[HEADER_ROW][0].fill.fgColor.rgb.endswith("DCE6F0")
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:U{sheet.max_row}"
    assert sheet.column_dimensions["E"].width == pytest.approx(60, abs=1)

    rows = data_rows(sheet, HEADER_ROW)
    recs = selection(ctx)
    assert set(rows) == {r.paragraph for r in recs}
    # A heading row, merged across the table, stands above each cluster's first row.
    headings = {sheet.cell(r.min_row, 1).value: r for r in sheet.merged_cells.ranges}
    assert set(headings) == {cluster_of(r) for r in recs}
    assert all(r.min_col == 1 and r.max_col == len(COLUMNS) for r in headings.values())
    assert sheet.cell(next(iter(headings.values())).min_row, 1).font.b

    want = expected_cells(ctx)
    cell = dict(zip([c.key for c in COLUMNS], rows["140.31"], strict=False))
    assert cell["text"].value == want["text"]
    assert set(cell["recommending"].value.split("\n")) == want["recommending"]
    assert cell["status"].value == want["status"]
    assert cell["status"].fill.fgColor.rgb.endswith(Status(want["rec"].status).fill[1:])
    assert cell["status_date"].is_date and cell["status_date"].value.date() == want["status_date"]
    assert cell["status_date"].number_format == "yyyy-mm-dd"
    assert cell["justification"].value == want["justification"] == FORMULA
    assert cell["justification"].data_type == "s"
    actions = cell["actions"].value.split("\n")
    assert (
        [a.split(": ", 1)[1] for a in actions] == want["actions"]
        and CHINESE in actions[0]
        and ARABIC in actions[1]
    )
    assert cell["id"].hyperlink.target == f"{SITE}{want['rec'].id}"
    assert cell["text"].alignment.wrap_text
    # No cell anywhere holds a formula.
    assert not any(c.data_type == "f" for ws in book for row in ws.iter_rows() for c in row)
    # The heading row above 140.31 is its cluster.
    above = rows["140.31"][0].row - 1
    while above not in {r.min_row for r in sheet.merged_cells.ranges}:
        above -= 1
    assert sheet.cell(above, 1).value == cluster_of(want["rec"])


def test_xlsx_summary_and_properties_match_the_database(app, matrix_data):
    ctx = matrix_data
    with app.test_request_context():
        book = openpyxl.load_workbook(io.BytesIO(export(ctx, write_xlsx)))
        labels = ["Theme cluster", *(str(s.label) for s in Status), "Total"]
    opening = [row[0] for row in book["Summary"].iter_rows(max_row=3, values_only=True)]
    assert opening == [f"Summary: {book.properties.title}", "Public data only", None]
    summary = list(book["Summary"].iter_rows(min_row=RECORDS_HEADER_ROW, values_only=True))
    assert list(summary[0]) == labels
    counts = status_counts(ctx)
    codes = list(Status.codes())
    by_cluster = {row[0]: row[1:] for row in summary[1:-1]}
    assert by_cluster == {
        c: (*(n.get(code, 0) for code in codes), sum(n.values())) for c, n in counts.items()
    }
    assert summary[-1] == (
        "Total",
        *(sum(n.get(code, 0) for n in counts.values()) for code in codes),
        len(selection(ctx)),
    )
    assert all(isinstance(v, int) for v in summary[-1][1:])

    props = book.properties
    assert props.title == "UPR progress matrix: Slovenia, Cycle 4"
    assert (
        "Slovenia" in props.subject
        and "Cycle 4" in props.subject
        and "Right to education only" in props.subject
    )
    assert props.description == "Public data only"
    assert "Slovenia" in props.keywords
    assert abs(props.created - datetime.now(UTC).replace(tzinfo=None)).total_seconds() < 600


def test_xlsx_read_by_pandas_and_record_sheets(app, matrix_data):
    ctx = matrix_data
    with app.test_request_context():
        content = export(ctx, write_xlsx)
    frame = pd.read_excel(
        io.BytesIO(content), sheet_name="Matrix", header=HEADER_ROW - 1, dtype=str
    )
    frame = frame[frame["Document"].notna()]  # heading rows only fill the first column
    assert list(frame.columns) == LABELS
    assert sorted(frame["Id"]) == sorted(r.paragraph for r in selection(ctx))
    row = frame[frame["Id"] == "140.31"].iloc[0]
    assert row["Last justification"] == FORMULA
    assert row["Recommendation"] == paragraph(ctx, "140.31").text

    rec = paragraph(ctx, "140.31")
    assistance = pd.read_excel(
        io.BytesIO(content), sheet_name="Technical assistance", header=RECORDS_HEADER_ROW - 1
    )
    published = {a.title: a for r in selection(ctx) for a in r.assistance if a.published}
    assert set(assistance["Title"]) == set(published)
    for _, item in assistance.iterrows():
        amount = published[item["Title"]].amount
        assert (
            pd.isna(item["Amount"])
            if amount is None
            else item["Amount"] == pytest.approx(float(amount))
        )
    assert pd.api.types.is_numeric_dtype(assistance["Amount"])
    pledges = pd.read_excel(
        io.BytesIO(content), sheet_name="Pledges", header=RECORDS_HEADER_ROW - 1
    )
    assert {p.text for p in rec.pledges if p.published} <= set(pledges["Pledge"])
    linked = pledges[pledges["Pledge"].isin({p.text for p in rec.pledges})]
    assert all("140.31" in ids.split(", ") for ids in linked["Recommendations"])


def test_public_export_hides_what_staff_see(app, matrix_data):
    ctx = matrix_data
    with app.test_request_context():
        public, staff = export(ctx, write_xlsx), export(ctx, write_xlsx, public=False)
    hidden = ctx.scalar(select(Evidence).where(Evidence.title == HIDDEN_EVIDENCE))
    assert hidden is not None and not hidden.published and not paragraph(ctx, "140.121").published
    for content, shown in ((public, False), (staff, True)):
        book = openpyxl.load_workbook(io.BytesIO(content))
        rows = data_rows(book["Matrix"], HEADER_ROW)
        assert ("140.121" in rows) is shown
        assert (HIDDEN_EVIDENCE in (rows["140.31"][COLUMN_INDEX["evidence"]].value or "")) is shown
        assert (
            HIDDEN_EVIDENCE in [r[0] for r in book["Evidence"].iter_rows(values_only=True)]
        ) is shown
        assert len(rows) == len(selection(ctx, public=not shown))
        note = "Internal: includes unpublished or proposed records" if shown else "Public data only"
        assert book.properties.description == book["Matrix"]["A3"].value == note
        assert all(
            sheet["A2"].value == note for sheet in book.worksheets[1:]
        )  # every sheet says it


COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}


def test_xlsx_links_only_safe_urls_and_at_most_excels_limit(app, monkeypatch):
    long_url = "https://example.org/" + "a" * 2100
    rows = [
        MatrixRow(i, "Cluster", "planned", url, {"id": f"1.{i}", "text": "x"})
        for i, url in enumerate(
            (f"{SITE}1", "javascript:alert(1)", long_url, f"{SITE}4", f"{SITE}5")
        )
    ]
    monkeypatch.setattr(matrix_xlsx, "MAX_LINKS", 2)
    with app.test_request_context():
        out = io.BytesIO()
        write_xlsx(Matrix.from_rows(meta(), rows), out)
    rows = data_rows(openpyxl.load_workbook(out)["Matrix"], HEADER_ROW)
    assert list(rows) == [f"1.{i}" for i in range(5)]
    assert [r[0].hyperlink.target if r[0].hyperlink else None for r in rows.values()] == [
        f"{SITE}1",
        None,
        None,
        f"{SITE}4",
        None,
    ]


def test_sheet_names_are_ones_excel_accepts():
    taken: set[str] = set()
    assert sheet_name("Pledges [2025]: a/b?*\\", taken) == "Pledges  2025   a b"
    assert sheet_name("x" * 40, taken) == "x" * 31
    assert sheet_name("X" * 40, taken) == "X" * 29 + " 2"


def meta(public: bool = True) -> MatrixMeta:
    return MatrixMeta(
        title="T",
        state="S",
        cycles="4",
        selection="all",
        created=datetime(2026, 1, 2, 3, 4, 5),
        public=public,
        rows=0,
    )


# --- CSV -------------------------------------------------------------------------------------------------------


def test_csv_matches_the_database_and_is_formula_safe(app, matrix_data):
    ctx = matrix_data
    with app.test_request_context():
        content = export(ctx, write_csv)
        matrix = build_matrix(
            ctx, SLOVENIA_C4, published_only=True, meta=matrix_meta(ctx, SLOVENIA_C4, public=True)
        )
        pieces = list(csv_chunks(matrix))
    assert (
        content.startswith(b"\xef\xbb\xbf")
        and pieces[0] == b"\xef\xbb\xbf"
        and b"".join(pieces) == content
    )
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["Theme cluster", *LABELS]
    assert sorted(frame["Id"]) == sorted(r.paragraph for r in selection(ctx))
    want = expected_cells(ctx)
    row = frame[frame["Id"] == "140.31"].iloc[0]
    assert row["Theme cluster"] == cluster_of(want["rec"])
    assert row["Last justification"] == "'" + want["justification"]
    assert row["Status date"] == want["status_date"].isoformat()
    assert row["Recommendation"] == want["text"]
    assert [a.split(": ", 1)[1] for a in row["Actions taken"].split("\n")] == want["actions"]
    assert set(row["Recommending States"].split("\n")) == want["recommending"]
    assert not any(v.startswith(FORMULA_START) for v in frame.to_numpy().ravel())
    assert "140.121" not in set(frame["Id"]) and HIDDEN_EVIDENCE not in content.decode("utf-8")


def test_csv_prefixes_every_formula_start(app):
    rows = [
        MatrixRow(
            1,
            "=cluster",
            "planned",
            None,
            {"id": "1.1", "text": text, "actions": [text, "ok"], "status_date": date(2026, 1, 2)},
        )
        for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")
    ]
    out = io.BytesIO()
    with app.test_request_context():
        write_csv(Matrix.from_rows(meta(), rows), out)
    read = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))[1:]
    assert [r[5] for r in read] == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx"]
    assert all(
        r[0] == "'=cluster" and r[13] == "2026-01-02" and r[15].endswith("\nok") for r in read
    )


# --- ODS -------------------------------------------------------------------------------------------------------


def test_ods_matches_the_database(app, matrix_data):
    ctx = matrix_data
    with app.test_request_context():
        content = export(ctx, write_ods)
    frames = pd.read_excel(
        io.BytesIO(content), engine="odf", sheet_name=None, header=None, dtype=str
    )
    assert list(frames) == ["Matrix", "Summary", "Pledges", "Technical assistance", "Evidence"]
    assert all(frames[name].iloc[1, 0] == "Public data only" for name in list(frames)[1:])
    matrix = frames["Matrix"]
    assert list(matrix.iloc[HEADER_ROW - 1]) == LABELS
    body = matrix.iloc[HEADER_ROW:]
    recs = body[body[1].notna()]  # heading rows span the row from the first column
    headings = body[body[1].isna()][0]
    assert sorted(recs[0]) == sorted(r.paragraph for r in selection(ctx))
    assert set(headings) == {cluster_of(r) for r in selection(ctx)}
    want = expected_cells(ctx)
    row = dict(zip([c.key for c in COLUMNS], recs[recs[0] == "140.31"].iloc[0], strict=False))
    assert row["justification"] == FORMULA and row["text"] == want["text"]
    assert (
        pd.Timestamp(row["status_date"]).date() == want["status_date"]
    )  # a date cell, read as a date
    # pandas joins a cell's paragraphs with nothing between them; the XML below shows one text:p per action.
    assert all(action in row["actions"] for action in want["actions"])
    summary = frames["Summary"]
    assert summary.iloc[-1, 0] == "Total" and int(summary.iloc[-1, -1]) == len(selection(ctx))
    assert HIDDEN_EVIDENCE not in set(frames["Evidence"][0])

    xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml").decode("utf-8")
    assert "table:formula" not in xml
    cell = re.search(r"<table:table-cell [^>]*><text:p>" + re.escape(FORMULA), xml)
    assert cell and 'office:value-type="string"' in cell.group(0)
    assert (
        'office:value-type="date" office:date-value="{}"'.format(want["status_date"].isoformat())
        in xml
    )
    actions = sorted(want["rec"].actions, key=lambda a: a.taken_on)
    assert (
        "".join(f"<text:p>{a.taken_on.isoformat()}: {a.description}</text:p>" for a in actions)
        in xml
    )


# --- Chinese ---------------------------------------------------------------------------------------------------


def test_chinese_exports_have_chinese_headers(app, matrix_data):
    ctx = matrix_data
    with app.test_request_context(), force_locale("zh"):
        labels = [str(c.label) for c in COLUMNS]
        xlsx, ods, text = export(ctx, write_xlsx), export(ctx, write_ods), export(ctx, write_csv)
        evidence = str(LINKED_TITLES["evidence"])
    if labels == LABELS:
        pytest.fail("the Chinese catalogue is not compiled: run `make translations`")
    assert "建议" in labels and "受审议国" in labels and evidence == "证据"
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert evidence in book.sheetnames
    assert [c.value for c in book.worksheets[0][HEADER_ROW]] == labels
    assert (
        list(
            pd.read_excel(io.BytesIO(ods), engine="odf", header=None, dtype=str).iloc[
                HEADER_ROW - 1
            ]
        )
        == labels
    )
    assert (
        pd.read_csv(io.BytesIO(text), encoding="utf-8-sig", nrows=0).columns[1:].tolist() == labels
    )


# --- LibreOffice -----------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: `make test` installs Debian's libreoffice-calc",
)
@pytest.mark.parametrize("writer, suffix", [(write_xlsx, "xlsx"), (write_ods, "ods")])
def test_libreoffice_reads_the_export(app, matrix_data, tmp_path, writer, suffix):
    ctx = matrix_data
    with app.test_request_context():
        source = tmp_path / f"matrix.{suffix}"
        source.write_bytes(export(ctx, writer))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(
        csv.reader(io.StringIO((tmp_path / "out" / "matrix.csv").read_text(encoding="utf-8")))
    )
    assert rows[HEADER_ROW - 1] == LABELS
    recs = {r[0]: r for r in rows[HEADER_ROW:] if r[1]}
    assert sorted(recs) == sorted(r.paragraph for r in selection(ctx))
    want = expected_cells(ctx)
    row = dict(zip([c.key for c in COLUMNS], recs["140.31"], strict=False))
    assert CHINESE in row["actions"] and ARABIC in row["actions"]
    assert (
        row["justification"] == FORMULA
    )  # shown as text: a formula would show its result, "click"
    assert row["text"] == want["text"] and row["status_date"] == want["status_date"].isoformat()


def test_xlsx_rows_are_tall_enough_for_their_wrapped_text(app, matrix_data):
    """LibreOffice does not fit rows to wrapped text on opening a file: each row carries the height it needs."""
    with app.test_request_context():
        sheet = openpyxl.load_workbook(io.BytesIO(export(matrix_data, write_xlsx))).worksheets[0]
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Id")
    rows = data_rows(sheet, header_row)
    # 140.31 holds two actions, assessments and assistance: many lines in its widest cells.
    tall = sheet.row_dimensions[rows["140.31"][0].row].height
    assert tall >= 4 * matrix_xlsx.LINE_HEIGHT
    assert tall == matrix_xlsx.row_height(
        {c.key: rows["140.31"][i].value for i, c in enumerate(COLUMNS) if c.key != "status_date"}
    )
    assert matrix_xlsx.row_height({"text": "x" * 10_000}) == matrix_xlsx.MAX_HEIGHT
    assert (
        matrix_xlsx.row_height({"text": "教" * 30}) == 2 * matrix_xlsx.LINE_HEIGHT
    )  # 60 columns wide in 59
