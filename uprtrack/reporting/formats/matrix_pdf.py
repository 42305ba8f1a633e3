"""Write the progress matrix as a PDF in the shape of OHCHR's matrices: the grouped columns of the DOCX, theme
heading rows, then an annex of the linked records; set by Typst through uprtrack.reporting.documents."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from uprtrack.core.vocabulary import Status
from uprtrack.reporting.documents import Document, Heading, Row, Table
from uprtrack.reporting.documents.typeset import write_pdf
from uprtrack.reporting.formats.matrix_layout import (
    GROUPS,
    STATUS_GROUP,
    document_subtitle,
    linked_header,
    linked_values,
    parts,
)
from uprtrack.reporting.matrix.columns import LINKED_COLUMNS, LINKED_TITLES
from uprtrack.reporting.matrix.rows import Matrix

# Measured on this 2-core machine (benchmarks/pdf_engines.py): Slovenia's whole matrix (632 rows) is built and
# written in about 1.7 s; 5,000 rows twice as long as real ones take about 45 s and 5.6 GB. The bound is the DOCX's.
MAX_ROWS = 5000
SIZE = 7.5  # points: five dense columns across a landscape page
ANNEX_SHARES = {
    "text": 8,
    "title": 6,
    "follow_up": 5,
    "outcome": 5,
    "provider": 4,
    "fund": 4,
    "link": 4,
}
NONE = _l("None.")


def matrix_rows(matrix: Matrix) -> Iterator[Row]:
    """The matrix's rows, read once: each under its theme heading when it opens a cluster, its status cell coloured."""
    cluster, fills = None, Status.fills()
    for row in matrix.rows():
        heading = row.cluster if row.cluster != cluster else None
        cluster = row.cluster
        fill = fills.get(row.status)
        yield Row(
            [parts(row, group) for group in GROUPS],
            heading=heading,
            fills={STATUS_GROUP: fill} if fill else {},
            url=row.url,
        )


def annex_rows(matrix: Matrix, kind: str) -> Iterator[Row]:
    """The linked records of a kind; read only once the matrix's rows have been (a generator function: lazy)."""
    for record in matrix.linked_records(kind):
        yield Row(linked_values(record))


def matrix_document(matrix: Matrix, paper: str = "a4") -> Document:
    meta = matrix.meta
    blocks = [
        Table(
            [str(g.label) for g in GROUPS],
            [g.share for g in GROUPS],
            matrix_rows(matrix),
            empty=_("No recommendation matches the selection."),
            size=SIZE,
        ),
        Heading(_("Annex: pledges, technical assistance and evidence")),
    ]
    for kind in ("pledge", "assistance", "evidence"):
        keys = [key for key, _label in LINKED_COLUMNS[kind]]
        blocks.append(
            Table(
                linked_header(kind),
                [ANNEX_SHARES.get(key, 3) for key in keys] + [4],
                annex_rows(matrix, kind),
                caption=str(LINKED_TITLES[kind]),
                empty=f"{LINKED_TITLES[kind]}: {NONE}",
                size=SIZE,
            )
        )
    return Document(
        meta.title,
        document_subtitle(meta),
        blocks,
        internal=not meta.public,
        language=meta.language,
        paper=paper,
        landscape=True,
        created=meta.created,
        keywords=[meta.state, meta.cycles],
    )


def write_pdf_matrix(matrix: Matrix, out: BinaryIO) -> None:
    """Write the matrix as a landscape PDF whose every page names what it holds."""
    write_pdf(matrix_document(matrix, matrix.meta.paper), out)
