"""Write the progress matrix as a PDF in the shape of OHCHR's matrices, through HTML and WeasyPrint."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from flask import render_template

from uprtrack.core.vocabulary import Status
from uprtrack.reporting.formats.matrix_layout import (
    GROUPS,
    STATUS_GROUP,
    Part,
    is_rtl,
    linked_header,
    linked_values,
    parts,
)
from uprtrack.reporting.formats.matrix_layout import subtitle as subtitle_line
from uprtrack.reporting.formats.pdf import write_pdf
from uprtrack.reporting.matrix.columns import LINKED_COLUMNS, LINKED_TITLES
from uprtrack.reporting.matrix.rows import Matrix

# WeasyPrint lays out every page in memory before it writes the file, at about 3 rows a page. Measured on this 2-core
# machine with rows like 140.31 of the tests (every column filled, Chinese and Arabic actions): 150 rows 12 s / +264 MB
# peak, 500 rows 47 s / +682 MB, 2,000 rows 340 s / +2.6 GB (worse than linear). Neither markup nor font changes moved
# it much. 150 rows keep a download under about 15 s: one cycle of a State's education selection (Slovenia's has 44);
# larger selections go to DOCX (5,000 rows), XLSX or CSV.
MAX_ROWS = 150


@dataclass
class Line:
    """A recommendation with its cells' parts, and the theme heading row before it when it opens a cluster (the
    two share a row group that does not break, so that a heading never ends a page)."""

    cells: list[list[Part]]
    status: Status
    url: str | None
    heading: str | None = None


def lines(matrix: Matrix) -> Iterator[Line]:
    cluster = None
    for row in matrix.rows():
        heading = row.cluster if row.cluster != cluster else None
        cluster = row.cluster
        yield Line([parts(row, group) for group in GROUPS], Status(row.status), row.url, heading)


@dataclass
class AnnexCell:
    """A value of the annex, with the address it links to when it is a web link."""

    text: str
    url: str | None = None


def annex(matrix: Matrix) -> list[dict]:
    """The linked records, once the rows have been read (the template calls this after the matrix table)."""
    found = []
    for kind in ("pledge", "assistance", "evidence"):
        keys = [*(key for key, _label in LINKED_COLUMNS[kind]), None]
        found.append(
            {
                "title": str(LINKED_TITLES[kind]),
                "header": linked_header(kind),
                "records": [
                    [
                        _annex_cell(key, value)
                        for key, value in zip(keys, linked_values(r), strict=True)
                    ]
                    for r in matrix.linked_records(kind)
                ],
            }
        )
    return found


def _annex_cell(key: str | None, value: str) -> AnnexCell:
    is_link = key == "link" and value.startswith(("http://", "https://"))
    return AnnexCell(value, value if is_link else None)


def direction(text: str) -> str:
    """The dir attribute of a value: right to left for Arabic or Hebrew, else as the browser finds it."""
    return "rtl" if is_rtl(text) else "auto"


def write_pdf_matrix(matrix: Matrix, out: BinaryIO) -> None:
    """Render templates/exports/matrix.html for the matrix and print it to PDF; nothing is fetched."""
    html = render_template(
        "exports/matrix.html",
        meta=matrix.meta,
        subtitle=subtitle_line(matrix.meta),
        groups=GROUPS,
        status_group=STATUS_GROUP,
        lines=lines(matrix),
        annex=lambda: annex(matrix),
        direction=direction,
    )
    write_pdf(html, out)
