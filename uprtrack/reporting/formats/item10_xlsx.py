"""Write the item 10 report as an XLSX workbook: a summary sheet with the key figures and native charts, then one
sheet per table."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter
from flask_babel import gettext as _

from uprtrack.core.vocabulary import Status
from uprtrack.reporting import amounts
from uprtrack.reporting.figures import Table
from uprtrack.reporting.formats.print_layout import public_note, xlsx_page
from uprtrack.reporting.item10 import Item10Report, subtitle, summary_lines, title

FONT = "Noto Sans"  # a font with Chinese and Arabic glyphs where it is installed; Excel falls back otherwise
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW = 2  # caption in row 0, whether the file may be shared, then the header


def _sheet_names(report: Item10Report) -> list[tuple[str, Table]]:
    """Short, translated, unique sheet names for the tables."""
    names = [
        _("By theme"),
        _("By SDG target"),
        _("Since previous cycle"),
        _("Previous cycle list"),
        _("Good practices"),
        _("Pledges"),
        _("Assistance by provider"),
        _("Assistance by fund"),
        _("Assistance received"),
        _("Assistance needed"),
    ]
    used: set[str] = set()
    named = []
    for name, table in zip(names, report.tables, strict=False):
        name = _SHEET_FORBIDDEN.sub(" ", name)[:SHEET_NAME_MAX].strip("' ")
        while name.casefold() in used:
            name = name[: SHEET_NAME_MAX - 2] + "_2"
        used.add(name.casefold())
        named.append((name, table))
    return named


def _cell(value):
    """Numbers stay numbers (amounts as floats for Excel), everything else is text."""
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else value


def _write_table(sheet, table: Table, formats: dict, report: Item10Report) -> None:
    """Write a table under its caption and whether it may be shared, with a styled header, sensible widths, frozen
    header and the print layout."""
    public = report.scope.published_only
    sheet.write(0, 0, table.caption, formats["caption"])
    sheet.write_string(1, 0, public_note(public), formats["note"])
    xlsx_page(sheet, title(report), public, HEADER_ROW)
    sheet.write_row(HEADER_ROW, 0, table.header, formats["header"])
    widths = [len(h) for h in table.header]
    for n, (label, values) in enumerate(table.rows, start=HEADER_ROW + 1):
        sheet.write_string(n, 0, str(label), formats["text"])
        widths[0] = max(widths[0], len(str(label)))
        for col, (key, value) in enumerate(zip(table.keys, values, strict=False), start=1):
            value = _cell(value)
            if value == "":
                sheet.write_blank(n, col, None, formats["text"])
            elif isinstance(value, (int, float)):
                sheet.write_number(
                    n, col, value, formats["amount" if key.startswith("amount:") else "count"]
                )
            else:
                sheet.write_string(n, col, value, formats["text"])
            widths[col] = max(widths[col], len(str(value)))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, 10), 60))
    sheet.set_row(HEADER_ROW, 30)
    sheet.freeze_panes(HEADER_ROW + 1, 1)
    if not table.rows:
        sheet.write(HEADER_ROW + 1, 0, _("Nothing to report."), formats["note"])


def _status_chart(book, sheet_name: str, table: Table):
    """A stacked bar per row of a status table, one series per status in its colour."""
    chart = book.add_chart({"type": "bar", "subtype": "stacked"})
    first, last = HEADER_ROW + 1, HEADER_ROW + len(table.rows)
    colours = Status.chart_colours()
    for col, key in enumerate(table.keys, start=1):
        if key not in colours:
            continue
        chart.add_series(
            {
                "name": [sheet_name, HEADER_ROW, col],
                "categories": [sheet_name, first, 0, last, 0],
                "values": [sheet_name, first, col, last, col],
                "fill": {"color": colours[key]},
                "border": {"none": True},
            }
        )
    chart.set_title({"name": table.caption, "name_font": {"name": FONT, "size": 11}})
    chart.set_y_axis(
        {"reverse": True, "num_font": {"name": FONT}, "interval_unit": 1}
    )  # every theme named
    chart.set_x_axis(
        {
            "name": _("Recommendations"),
            "num_font": {"name": FONT},
            "major_gridlines": {"visible": True},
        }
    )
    chart.set_legend({"position": "bottom", "font": {"name": FONT}})
    chart.set_size({"width": 720, "height": max(260, 60 + 32 * len(table.rows))})
    return chart


def _provider_chart(book, sheet_name: str, table: Table):
    """A column per provider: the number of projects received (amounts in different currencies do not add up)."""
    chart = book.add_chart({"type": "column"})
    first, last = HEADER_ROW + 1, HEADER_ROW + len(table.rows)
    chart.add_series(
        {
            "name": [sheet_name, HEADER_ROW, 1],
            "categories": [sheet_name, first, 0, last, 0],
            "values": [sheet_name, first, 1, last, 1],
            "fill": {"color": "#4E8FD0"},
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": table.caption, "name_font": {"name": FONT, "size": 11}})
    chart.set_x_axis({"num_font": {"name": FONT}})
    chart.set_y_axis({"name": _("Projects"), "major_unit": 1, "min": 0})
    chart.set_legend({"none": True})
    chart.set_size({"width": 720, "height": 300})
    return chart


def write_xlsx(report: Item10Report, out: BinaryIO) -> None:
    """Write the report as an XLSX workbook."""
    book = xlsxwriter.Workbook(
        out,
        {
            "in_memory": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties(
        {
            "title": title(report),
            "subject": subtitle(report),
            "author": "uprtrack",
            "keywords": f"UPR, item 10, {report.state.iso3}, cycle {report.cycle.number}",
            "comments": report.on.isoformat(),
        }
    )
    base = {"font_name": FONT, "valign": "top"}
    formats = {
        "title": book.add_format({**base, "bold": True, "font_size": 14}),
        "caption": book.add_format({**base, "bold": True, "font_size": 12}),
        "header": book.add_format(
            {**base, "bold": True, "bg_color": "#E7EDF3", "border": 1, "text_wrap": True}
        ),
        "text": book.add_format({**base, "text_wrap": True, "border": 1}),
        "count": book.add_format({**base, "num_format": "0", "border": 1}),
        "amount": book.add_format({**base, "num_format": amounts.PATTERN, "border": 1}),
        "note": book.add_format({**base, "italic": True, "font_color": "#4A5866"}),
        "plain": book.add_format(base),
    }
    summary = book.add_worksheet(_SHEET_FORBIDDEN.sub(" ", _("Summary"))[:SHEET_NAME_MAX])
    named = _sheet_names(report)
    for name, table in named:
        _write_table(book.add_worksheet(name), table, formats, report)

    summary.set_column(0, 0, 48)
    summary.set_column(1, 1, 14)
    summary.write(0, 0, title(report), formats["title"])
    summary.write(1, 0, subtitle(report), formats["plain"])
    summary.write_string(2, 0, public_note(report.scope.published_only), formats["note"])
    xlsx_page(summary, title(report), report.scope.published_only, None)
    row = 4
    for line in summary_lines(report):
        summary.write_string(row, 0, line, formats["plain"])
        row += 1
    key_figures = report.headline.table()
    row += 1
    summary.write(row, 0, key_figures.caption, formats["caption"])
    summary.write_row(row + 1, 0, key_figures.header, formats["header"])
    for n, (label, values) in enumerate(key_figures.rows, start=row + 2):
        summary.write_string(n, 0, label, formats["text"])
        summary.write_number(n, 1, values[0], formats["count"])
    row += 3 + len(key_figures.rows)
    charts = ((named[0], _status_chart), (named[6], _provider_chart))
    for (name, table), draw in charts:
        if table.rows:
            summary.insert_chart(row, 0, draw(book, name, table))
            row += 2 + max(15, (60 + 32 * len(table.rows)) // 20)
    book.close()
