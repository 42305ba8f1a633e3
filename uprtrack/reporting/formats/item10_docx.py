"""Write the item 10 report as a Word document: title and key figures, then every table with its header row
repeated on each page, in landscape."""

from __future__ import annotations

from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from flask_babel import gettext as _

from uprtrack.reporting.figures import Table
from uprtrack.reporting.formats.docx_fonts import name_fonts
from uprtrack.reporting.item10 import Item10Report, cell_text, subtitle, summary_lines, title


def _fonts(document) -> None:
    """Name Noto fonts for every script, so that Chinese and Arabic text render where Word has them."""
    for style in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        name_fonts(document.styles[style].element.get_or_add_rPr())
    document.styles["Normal"].font.size = Pt(9)


def _landscape(section) -> None:
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width


def _repeat_header(row) -> None:
    """Mark a table row as a header row, repeated at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, table: Table) -> None:
    """Add a table under its caption; an empty table says so instead."""
    document.add_heading(table.caption, level=2)
    if not table.rows:
        document.add_paragraph(_("Nothing to report."))
        return
    grid = document.add_table(rows=1, cols=len(table.header), style="Table Grid")
    for cell, text in zip(grid.rows[0].cells, table.header, strict=False):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(grid.rows[0])
    for label, values in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, [label, *values], strict=False):
            cell.text = cell_text(value)


def write_docx(report: Item10Report, out: BinaryIO) -> None:
    """Write the report as a DOCX document."""
    document = Document()
    _fonts(document)
    properties = document.core_properties
    properties.title, properties.subject, properties.author = (
        title(report),
        subtitle(report),
        "uprtrack",
    )
    document.add_heading(title(report), level=0)
    document.add_paragraph(subtitle(report))
    for line in summary_lines(report):
        document.add_paragraph(line, style="List Bullet")
    _table(document, report.headline.table())
    # The status tables have seven columns: they read well only across a landscape page.
    _landscape(document.add_section(WD_SECTION.NEW_PAGE))
    for heading, tables in report.sections:
        document.add_heading(heading, level=1)
        for table in tables:
            _table(document, table)
    document.save(out)
