"""Write the progress matrix as an OpenDocument spreadsheet with odfpy, for LibreOffice users.

Every cell of user text is a string cell (office:value-type="string") with one text:p per line or list item, so no
text ever becomes a formula; dates are date cells and amounts numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO

from flask_babel import gettext as _
from odf.dc import Description, Subject, Title
from odf.element import Element
from odf.meta import CreationDate, Keyword
from odf.namespaces import OFFICENS, TABLENS
from odf.number import DateStyle, Day, Month, Year
from odf.number import Text as NumberText
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableCellProperties, TableColumnProperties, TextProperties
from odf.table import CoveredTableCell, Table, TableColumn, TableHeaderRows, TableRow
from odf.text import A, P

from uprtrack.core.vocabulary import Status
from uprtrack.reporting.formats.matrix_xlsx import public_note, secondary_banner, sheet_name
from uprtrack.reporting.formats.print_layout import ods_page
from uprtrack.reporting.matrix.columns import (
    COLUMNS,
    DATE,
    LINKED_COLUMNS,
    LINKED_TITLES,
    LIST,
    STATUS,
)
from uprtrack.reporting.matrix.rows import Matrix

# odfpy builds the whole document as Python objects before it writes it, so time and memory grow with the rows.
# Measured with benchmarks/export_matrix.py (synthetic rows of realistic length, on the 2-CPU test machine):
#   2,000 rows: 3.9 s, 235 MB peak RSS;  5,000: 10.3 s, 400 MB;  10,000: 27.9 s, 700 MB;  20,000: 42.6 s, 1.2 GB
# (XLSX: 20,000 rows in 5.9 s, 235 MB; 100,000 in 46 s). 4,000 rows stays near 8 s and ~350 MB; larger selections
# go to XLSX or CSV, which stream.
MAX_ROWS = 4_000
HEADER_FILL, HEADING_FILL = "#DCE6F0", "#F2F2F2"


class _Styles:
    """The automatic styles of the document, one per look, shared by every cell that has it."""

    def __init__(self, doc: OpenDocumentSpreadsheet):
        self.doc = doc
        date_style = DateStyle(name="isodate")
        for part in (
            Year(style="long"),
            NumberText(text="-"),
            Month(style="long"),
            NumberText(text="-"),
            Day(style="long"),
        ):
            date_style.addElement(part)
        doc.automaticstyles.addElement(date_style)
        self.wrap = self._cell("wrap")
        self.header = self._cell("header", HEADER_FILL, bold=True)
        self.heading = self._cell("heading", HEADING_FILL, bold=True)
        self.title = self._cell("title", bold=True, wrap=False)
        self.date = self._cell("date", datastylename="isodate")
        self.status = {
            code: self._cell(f"status-{code.replace('_', '-')}", fill)
            for code, fill in Status.fills().items()
        }
        self.columns: dict[int, Style] = {}
        self.printed: Style | None = (
            None  # the table style that prints on landscape A4 (print_layout)
        )

    def _cell(
        self, name: str, fill: str | None = None, bold: bool = False, wrap: bool = True, **extra
    ) -> Style:
        style = Style(name=name, family="table-cell", **extra)
        props = {"verticalalign": "top"}
        if wrap:
            props["wrapoption"] = "wrap"
        if fill:
            props["backgroundcolor"] = fill
        style.addElement(TableCellProperties(**props))
        if bold:
            style.addElement(TextProperties(fontweight="bold"))
        self.doc.automaticstyles.addElement(style)
        return style

    def column(self, chars: int) -> Style:
        """A column about `chars` characters wide."""
        if chars not in self.columns:
            style = Style(name=f"col{chars}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{chars * 0.21:.2f}cm"))
            self.doc.automaticstyles.addElement(style)
            self.columns[chars] = style
        return self.columns[chars]


def _cell(style: Style, value_type: str | None = None, **value) -> Element:
    """A bare table cell. odfpy's TableCell() checks every keyword against the schema, a third of the time spent per
    cell; qualified attributes of known names skip that."""
    attributes = {(TABLENS, "style-name"): style}
    if value_type:
        attributes[(OFFICENS, "value-type")] = value_type
    for name, text in value.items():
        attributes[(OFFICENS, name)] = text
    return Element(qname=(TABLENS, "table-cell"), qattributes=attributes, check_grammar=False)


def text_cell(value, style: Style, url: str | None = None) -> Element:
    """A string cell, one paragraph per line or list item; an empty cell when there is nothing to say."""
    lines = (
        [str(v) for v in value]
        if isinstance(value, (list, tuple))
        else str(value or "").split("\n")
    )
    if lines in ([], [""]):
        return _cell(style)
    cell = _cell(style, "string")
    for line in lines:
        if url and url.startswith(("http://", "https://")):
            paragraph = P()
            paragraph.addElement(A(href=url, type="simple", text=line), check_grammar=False)
        else:
            paragraph = P(text=line)
        cell.addElement(paragraph, check_grammar=False)
    return cell


def value_cell(value, styles: _Styles) -> Element:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        cell = _cell(styles.date, "date", **{"date-value": value.isoformat()})
        cell.addElement(P(text=value.isoformat()), check_grammar=False)
        return cell
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        cell = _cell(styles.wrap, "float", value=str(value))
        cell.addElement(P(text=str(value)), check_grammar=False)
        return cell
    return text_cell(value, styles.wrap)


def _table(doc, styles: _Styles, name: str, widths: list[int]) -> Table:
    """A sheet, added to the document when complete: odfpy walks every element added to a document's tree."""
    table = Table(name=name, stylename=styles.printed)
    for width in widths:
        table.addElement(TableColumn(stylename=styles.column(width)))
    doc.tables.append(table)
    return table


def _row(table: Table, cells: list[Element], header: bool = False) -> None:
    """Add a row; a header row is repeated at the top of every printed page."""
    row = TableRow()
    for cell in cells:
        row.addElement(cell, check_grammar=False)
    if header:
        repeated = TableHeaderRows()
        repeated.addElement(row, check_grammar=False)
        row = repeated
    table.addElement(row, check_grammar=False)


def _banner(table: Table, styles: _Styles, lines: list[str]) -> None:
    """The sheet's opening lines, then a blank line (see matrix_xlsx._Sheet.banner)."""
    for line in lines:
        _row(table, [text_cell(line, styles.title)])
    _row(table, [])


def _matrix_table(doc, styles: _Styles, matrix: Matrix, taken: set[str]) -> None:
    table, meta = (
        _table(doc, styles, sheet_name(_("Matrix"), taken), [c.width for c in COLUMNS]),
        matrix.meta,
    )
    _banner(table, styles, [meta.title, meta.subtitle, public_note(meta)])
    _row(table, [text_cell(str(c.label), styles.header) for c in COLUMNS], header=True)
    cluster = None
    for row in matrix.rows():
        if row.cluster != cluster:
            cluster = row.cluster
            heading = text_cell(cluster, styles.heading)
            heading.setAttribute("numbercolumnsspanned", len(COLUMNS))
            _row(table, [heading] + [CoveredTableCell() for _ in COLUMNS[1:]])
        cells = []
        for column in COLUMNS:
            value = row.cells.get(column.key)
            if column.key == "id":
                cells.append(text_cell(value, styles.wrap, row.url))
            elif column.kind == STATUS:
                cells.append(text_cell(value, styles.status.get(row.status, styles.wrap)))
            elif column.kind in (LIST, DATE):
                cells.append(value_cell(value, styles))
            else:
                cells.append(text_cell(value, styles.wrap))
        _row(table, cells)


def _summary_table(doc, styles: _Styles, matrix: Matrix, taken: set[str]) -> None:
    codes = matrix.summary_statuses()
    labels = [_("Theme cluster"), *(Status.label_of(c) for c in codes), _("Total")]
    name = sheet_name(_("Summary"), taken)
    table = _table(doc, styles, name, [40] + [14] * (len(labels) - 1))
    _banner(table, styles, secondary_banner(name, matrix.meta))
    _row(table, [text_cell(label, styles.header) for label in labels], header=True)
    totals = [0] * (len(codes) + 1)
    for cluster, counts in matrix.summary.items():
        numbers = [counts.get(c, 0) for c in codes] + [sum(counts.values())]
        totals = [a + b for a, b in zip(totals, numbers, strict=False)]
        _row(table, [text_cell(cluster, styles.wrap), *(value_cell(n, styles) for n in numbers)])
    _row(table, [text_cell(_("Total"), styles.header), *(value_cell(n, styles) for n in totals)])


def _records_table(doc, styles: _Styles, matrix: Matrix, taken: set[str], kind: str) -> None:
    columns = LINKED_COLUMNS[kind]
    widths = [
        40 if key in ("text", "title", "follow_up", "outcome") else 16 for key, _l in columns
    ] + [20]
    name = sheet_name(LINKED_TITLES[kind], taken)
    table = _table(doc, styles, name, widths)
    _banner(table, styles, secondary_banner(name, matrix.meta))
    _row(
        table,
        [text_cell(str(label), styles.header) for _key, label in columns]
        + [text_cell(_("Recommendations"), styles.header)],
        header=True,
    )
    for record in matrix.linked_records(kind):
        cells = [
            text_cell(record.cells.get(key), styles.wrap, record.cells.get(key))
            if key == "link"
            else value_cell(record.cells.get(key), styles)
            for key, _label in columns
        ]
        _row(table, [*cells, text_cell(", ".join(record.recommendations), styles.wrap)])


def write_ods(matrix: Matrix, out: BinaryIO) -> None:
    """Write the matrix, its summary and its pledge, assistance and evidence sheets as an ODS spreadsheet."""
    doc, meta = OpenDocumentSpreadsheet(), matrix.meta
    doc.tables = []
    doc.meta.addElement(Title(text=meta.title))
    doc.meta.addElement(Subject(text="; ".join((meta.state, meta.cycles, meta.selection))))
    doc.meta.addElement(Description(text=public_note(meta)))
    doc.meta.addElement(CreationDate(text=meta.created.strftime("%Y-%m-%dT%H:%M:%S")))
    for word in (_("UPR"), _("right to education"), _("progress matrix"), meta.state):
        doc.meta.addElement(Keyword(text=word))
    styles, taken = _Styles(doc), set()
    styles.printed = ods_page(doc, meta.title, meta.public)
    _matrix_table(doc, styles, matrix, taken)
    _summary_table(doc, styles, matrix, taken)
    for kind in ("pledge", "assistance", "evidence"):
        _records_table(doc, styles, matrix, taken, kind)
    for table in doc.tables:
        doc.spreadsheet.addElement(table)
    doc.save(out)
