"""Write the item 10 report as a PDF: the print template rendered to HTML, laid out by WeasyPrint."""

from __future__ import annotations

from typing import BinaryIO

from flask import render_template
from flask_babel import get_locale

from uprtrack.reporting.formats.pdf import write_pdf
from uprtrack.reporting.item10 import Item10Report, cell_text, subtitle, summary_lines, title
from uprtrack.web.languages import HTML_LANG


def render_html(report: Item10Report) -> str:
    """Render the report's printable HTML in the current language."""
    locale = get_locale()
    return render_template(
        "reports/item10_print.html",
        report=report,
        title=title(report),
        subtitle=subtitle(report),
        summary=summary_lines(report),
        cell_text=cell_text,
        language=HTML_LANG.get(locale.language if locale else "en", "en"),
    )


def write_item10_pdf(report: Item10Report, out: BinaryIO) -> None:
    """Write the report as a PDF."""
    write_pdf(render_html(report), out)
