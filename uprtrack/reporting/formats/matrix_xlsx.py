"""Write the progress matrix as an XLSX workbook with XlsxWriter, row by row, so 100,000 rows stay bounded in memory.

Sheets, in tab order: the matrix (written while the rows stream), the summary and the pledge, assistance and evidence
sheets (written after the pass, when the matrix knows them). In constant_memory mode each sheet must be written in row
order, which this order of work respects: every sheet is filled top to bottom in one go.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter
from flask_babel import gettext as _

from uprtrack.core.vocabulary import Status
from uprtrack.reporting import amounts
from uprtrack.reporting.formats import print_layout
from uprtrack.reporting.matrix.columns import (
    COLUMNS,
    DATE,
    LINKED_COLUMNS,
    LINKED_TITLES,
    LIST,
    STATUS,
)
from uprtrack.reporting.matrix.rows import Matrix

MAX_URL = 2079  # Excel's longest hyperlink, in UTF-16 units
MAX_LINKS = 65_530  # Excel's most hyperlinks in one sheet; later links are written as text
HEADER_FILL, HEADING_FILL = "#DCE6F0", "#F2F2F2"
OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def sheet_name(label, taken: set[str]) -> str:
    """A translated sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique in the workbook."""
    name = re.sub(r"[\[\]:*?/\\]", " ", str(label)).strip().strip("'")[:31] or "Sheet"
    base, n = name, 2
    while name.casefold() in taken:
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
        n += 1
    taken.add(name.casefold())
    return name


def public_note(meta) -> str:
    """Say whether the file may be shared: staff files also carry what is not yet published."""
    return print_layout.public_note(meta.public)


def secondary_banner(name: str, meta) -> list[str]:
    """The opening lines of a sheet beside the matrix: what it is, of which matrix, and what it holds."""
    return [f"{name}: {meta.title}", public_note(meta)]


def linkable(url: str | None) -> bool:
    return (
        bool(url)
        and url.startswith(("http://", "https://"))
        and len(url.encode("utf-16-le")) // 2 <= MAX_URL
    )


class _Formats:
    """The workbook's cell formats, made once each (Excel keeps a table of them)."""

    def __init__(self, book: xlsxwriter.Workbook):
        cell = {"text_wrap": True, "valign": "top"}
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.note = book.add_format({"italic": True})
        self.header = book.add_format({**cell, "bold": True, "bg_color": HEADER_FILL, "border": 1})
        self.heading = book.add_format(
            {"bold": True, "bg_color": HEADING_FILL, "valign": "top", "top": 1}
        )
        self.wrap = book.add_format(cell)
        self.date = book.add_format({**cell, "num_format": "yyyy-mm-dd"})
        self.amount = book.add_format({**cell, "num_format": amounts.PATTERN})
        self.link = book.add_format({**cell, "font_color": "#0563C1", "underline": 1})
        self.bold = book.add_format({"bold": True})
        self.status = {
            code: book.add_format({**cell, "bg_color": fill})
            for code, fill in Status.fills().items()
        }


class _Sheet:
    """One sheet filled strictly top to bottom, with hyperlinks up to Excel's limit."""

    def __init__(self, book, name: str, formats: _Formats, meta):
        self.ws, self.f, self.row, self.links = book.add_worksheet(name), formats, 0, 0
        self.meta = meta

    def banner(self, lines: list[str]) -> None:
        """The sheet's opening lines, the first as its title and the last the note of what it holds, then a blank
        line: every sheet says on screen, not only in print, whether it holds unpublished records."""
        for row, line in enumerate(lines):
            if row == 0:
                self.ws.write_string(row, 0, line, self.f.title)
            elif row == len(lines) - 1:
                self.ws.write_string(row, 0, line, self.f.note)
            else:
                self.ws.write_string(row, 0, line)
        self.row = len(lines) + 1

    def text(self, col: int, value, fmt=None) -> None:
        if value is None or value == "":
            self.ws.write_blank(self.row, col, None, fmt or self.f.wrap)
        else:
            self.ws.write_string(self.row, col, str(value), fmt or self.f.wrap)

    def link(self, col: int, url: str | None, text: str) -> None:
        if linkable(url) and self.links < MAX_LINKS:
            self.links += 1
            self.ws.write_url(self.row, col, url, self.f.link, string=text)
        else:
            self.text(col, text)

    def value(self, col: int, value) -> None:
        """A date as a date, an amount as a number, a list one item a line, anything else as text."""
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            self.ws.write_datetime(self.row, col, value, self.f.date)
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            self.ws.write_number(self.row, col, float(value), self.f.amount)
        elif isinstance(value, (list, tuple)):
            self.text(col, "\n".join(str(v) for v in value))
        else:
            self.text(col, value)

    def header(self, labels: list[str], widths: list[int] | None = None) -> None:
        for col, label in enumerate(labels):
            self.ws.write_string(self.row, col, label, self.f.header)
            if widths:
                self.ws.set_column(col, col, widths[col])
        self.ws.freeze_panes(self.row + 1, 0)
        # Printed, the table runs across landscape A4 pages, one page wide, with its header on every page.
        print_layout.xlsx_page(self.ws, self.meta.title, self.meta.public, self.row)
        self.header_row = self.row
        self.row += 1

    def close_table(self, columns: int) -> None:
        """Put filters on the table, from its header to its last row."""
        self.ws.autofilter(self.header_row, 0, max(self.row - 1, self.header_row), columns - 1)


LINE_HEIGHT = 15  # points, for the 10-point font
MAX_HEIGHT = 409  # Excel's tallest row
# A character past U+2E80 (CJK and after) takes two columns.
_WIDE = re.compile("[\u2e81-\U0010ffff]")


def _columns(text: str) -> int:
    """The columns a line of text takes, a wide character counting two."""
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


def row_height(cells: dict) -> float:
    """The height a row needs for its longest wrapped cell. Excel fits a row with wrapped text by itself, LibreOffice
    does not on opening a file: so the writer sets it, counting a wide (CJK) character as two."""

    def lines(text: str, width: int) -> int:
        return sum(max(1, -(-_columns(part) // width)) for part in text.split("\n"))

    most = 1
    for column in COLUMNS:
        value = cells.get(column.key)
        if isinstance(value, (list, tuple)):
            if len(value) <= most and all(
                len(str(v)) * 2 < column.width and "\n" not in str(v) for v in value
            ):
                continue  # an item a line, each fitting its line: no taller than the row already is
            value = "\n".join(map(str, value))
        if isinstance(value, str) and value:
            width = max(column.width - 1, 1)
            if len(value) * 2 <= width and "\n" not in value:
                continue  # one line, whatever its script
            most = max(most, lines(value, width))
    return min(MAX_HEIGHT, most * LINE_HEIGHT)


def _matrix_sheet(book, name: str, formats: _Formats, matrix: Matrix) -> None:
    sheet, meta, last = _Sheet(book, name, formats, matrix.meta), matrix.meta, len(COLUMNS) - 1
    sheet.banner([meta.title, meta.subtitle, public_note(meta)])
    sheet.header([str(c.label) for c in COLUMNS], [c.width for c in COLUMNS])
    cluster = None
    for row in matrix.rows():
        if row.cluster != cluster:
            cluster = row.cluster
            # merge_range would write() the heading: merge blank, then write the text as a string.
            sheet.ws.merge_range(sheet.row, 0, sheet.row, last, "", formats.heading)
            # XlsxWriter keeps every merged cell to refuse overlapping merges, which a sheet written top to bottom
            # cannot make: at the scale of the whole index (a heading for each State, review and theme) that was
            # most of an export's memory. The ranges themselves (`ws.merge`) are kept, and written.
            sheet.ws.merged_cells.clear()
            sheet.ws.write_string(sheet.row, 0, cluster or "", formats.heading)
            sheet.row += 1
        sheet.ws.set_row(sheet.row, row_height(row.cells))
        for col, column in enumerate(COLUMNS):
            value = row.cells.get(column.key)
            if column.key == "id":
                sheet.link(col, row.url, value or "")
            elif column.kind == STATUS:
                sheet.text(col, value, formats.status.get(row.status, formats.wrap))
            elif column.kind in (LIST, DATE):
                sheet.value(col, value)
            else:
                sheet.text(col, value)
        sheet.row += 1
    sheet.close_table(len(COLUMNS))


def _summary_sheet(book, name: str, formats: _Formats, matrix: Matrix) -> None:
    """Count the rows of each cluster by status, with totals; written after the pass that counted them."""
    sheet = _Sheet(book, name, formats, matrix.meta)
    sheet.banner(secondary_banner(name, matrix.meta))
    codes = matrix.summary_statuses()
    labels = [_("Theme cluster"), *(Status.label_of(c) for c in codes), _("Total")]
    sheet.header(labels, [40] + [14] * (len(labels) - 1))
    totals = [0] * (len(codes) + 1)
    for cluster, counts in matrix.summary.items():
        sheet.text(0, cluster)
        numbers = [counts.get(c, 0) for c in codes] + [sum(counts.values())]
        for col, number in enumerate(numbers, start=1):
            sheet.ws.write_number(sheet.row, col, number)
            totals[col - 1] += number
        sheet.row += 1
    sheet.ws.write_string(sheet.row, 0, _("Total"), formats.bold)
    for col, number in enumerate(totals, start=1):
        sheet.ws.write_number(sheet.row, col, number, formats.bold)
    sheet.row += 1


def _records_sheet(book, name: str, formats: _Formats, matrix: Matrix, kind: str) -> None:
    sheet, columns = _Sheet(book, name, formats, matrix.meta), LINKED_COLUMNS[kind]
    sheet.banner(secondary_banner(name, matrix.meta))
    labels = [str(label) for _key, label in columns] + [_("Recommendations")]
    sheet.header(
        labels,
        [40 if key in ("text", "title", "follow_up", "outcome") else 16 for key, _l in columns]
        + [20],
    )
    for record in matrix.linked_records(kind):
        for col, (key, _label) in enumerate(columns):
            value = record.cells.get(key)
            if key == "link":
                sheet.link(col, value, value or "")
            else:
                sheet.value(col, value)
        sheet.text(len(columns), ", ".join(record.recommendations))
        sheet.row += 1
    sheet.close_table(len(labels))


def write_xlsx(matrix: Matrix, out: BinaryIO) -> None:
    """Write the matrix, its summary and its pledge, assistance and evidence sheets as an XLSX workbook."""
    meta = matrix.meta
    with tempfile.TemporaryDirectory(prefix="uprtrack-xlsx-") as tmpdir:
        book = xlsxwriter.Workbook(out, {**OPTIONS, "tmpdir": tmpdir})
        formats, taken = _Formats(book), set()
        _matrix_sheet(book, sheet_name(_("Matrix"), taken), formats, matrix)
        _summary_sheet(book, sheet_name(_("Summary"), taken), formats, matrix)
        for kind in ("pledge", "assistance", "evidence"):
            _records_sheet(book, sheet_name(LINKED_TITLES[kind], taken), formats, matrix, kind)
        book.set_properties(
            {
                "title": meta.title,
                "subject": "; ".join((meta.state, meta.cycles, meta.selection)),
                "created": meta.created,
                "comments": public_note(meta),
                "keywords": ", ".join(
                    (_("UPR"), _("right to education"), _("progress matrix"), meta.state)
                ),
            }
        )
        book.close()
