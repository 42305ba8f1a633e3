"""Write the progress matrix as a PDF in the shape of OHCHR's matrices, through HTML and WeasyPrint."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from flask import render_template

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
    status: str
    url: str | None
    heading: str | None = None


def lines(matrix: Matrix) -> Iterator[Line]:
    cluster = None
    for row in matrix.rows():
        heading = row.cluster if row.cluster != cluster else None
        cluster = row.cluster
        yield Line([parts(row, group) for group in GROUPS], row.status, row.url, heading)


def annex(matrix: Matrix) -> list[dict]:
    """The linked records, once the rows have been read (the template calls this after the matrix table)."""
    found = []
    for kind in ("pledge", "assistance", "evidence"):
        keys = [key for key, _label in LINKED_COLUMNS[kind]]
        found.append(
            {
                "title": str(LINKED_TITLES[kind]),
                "header": linked_header(kind),
                "records": [linked_values(r) for r in matrix.linked_records(kind)],
                "link_column": keys.index("link") if "link" in keys else None,
            }
        )
    return found


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
        is_rtl=is_rtl,
    )
    write_pdf(html, out)
