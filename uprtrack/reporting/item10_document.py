"""The item 10 report and statement as Documents, written as DOCX and PDF by uprtrack/reporting/documents.

The first page holds the title, the key figures and the summary; every table fits a portrait page (the status
tables at a smaller size), so the whole report stays portrait.
"""

from __future__ import annotations

from typing import BinaryIO

from flask_babel import get_locale
from flask_babel import gettext as _

from uprtrack.reporting import documents
from uprtrack.reporting.documents.model import PAPERS
from uprtrack.reporting.figures import Table
from uprtrack.reporting.figures.good_practices import rule
from uprtrack.reporting.item10 import (
    Item10Report,
    cell_text,
    key_figures,
    share_tables,
    subtitle,
    summary_lines,
    title,
)
from uprtrack.web.languages import state_name

DENSE = 7.5  # points, for a table of six or more columns on a portrait page


def _language() -> str:
    locale = get_locale()
    return str(locale) if locale else "en"


def _shares(table: Table) -> list[int]:
    """Widths: a recommendation's text takes the most room, the row label next, figures the least."""
    columns = len(table.header)
    if len(table.keys) != columns - 1:
        return [3, *([1] * (columns - 1))]
    wide = "text" in table.keys
    return [1 if wide else 3, *(6 if key == "text" else 1 for key in table.keys)]


def _table(table: Table) -> documents.Table:
    columns = len(table.header)
    return documents.Table(
        header=list(table.header),
        shares=_shares(table),
        rows=[
            documents.Row(cells=[label, *(cell_text(v) for v in values)])
            for label, values in table.rows
        ],
        caption=table.caption,
        empty=_("Nothing to report."),
        size=DENSE if columns >= 6 else None,
    )


def _document(report: Item10Report, heading: str, blocks: list) -> documents.Document:
    return documents.Document(
        title=heading,
        subtitle=subtitle(report),
        blocks=blocks,
        internal=not report.scope.published_only,
        language=_language(),
        paper=report.paper if report.paper in PAPERS else "a4",
        keywords=[report.state.iso3, f"cycle {report.cycle.number}", "item 10"],
    )


def report_document(report: Item10Report) -> documents.Document:
    """The report: figures and summary on page 1, then the sections with their tables."""
    blocks: list = [documents.Figures(key_figures(report))]
    blocks += [documents.Paragraph(line) for line in summary_lines(report)]
    blocks += [_table(t) for t in share_tables(report)]
    blocks.append(_table(report.headline.table()))
    for heading, tables in report.sections:
        blocks.append(documents.Heading(heading))
        for table in tables:
            if table is report.good_practices:
                blocks.append(documents.Paragraph(rule(), note=True))
            blocks.append(_table(table))
    return _document(report, title(report), blocks)


def statement_document(report: Item10Report, text: str) -> documents.Document:
    """The statement: its paragraphs, then the figures it quotes."""
    blocks: list = [documents.Paragraph(p.strip()) for p in text.split("\n\n") if p.strip()]
    blocks += [
        documents.Heading(_("The figures quoted"), 2),
        documents.Figures(key_figures(report)),
    ]
    heading = _(
        "Statement to the item 10 general debate: %(state)s, UPR cycle %(cycle)s",
        state=state_name(report.state),
        cycle=report.cycle.number,
    )
    return _document(report, heading, blocks)


def write_docx(report: Item10Report, out: BinaryIO) -> None:
    from uprtrack.reporting.documents.word import write_docx as write

    write(report_document(report), out)


def write_pdf(report: Item10Report, out: BinaryIO) -> None:
    from uprtrack.reporting.documents.typeset import write_pdf as write

    write(report_document(report), out)
