"""Write the progress matrix as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), one row per recommendation.

The theme heading rows of the other formats become a first column, so the CSV loses nothing and sorts cleanly.
A cell that a spreadsheet would take for a formula gets a leading apostrophe (engineering.md, field note 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import BinaryIO

from flask_babel import gettext as _

from uprtrack.core.csv_cells import BOM, FORMULA_START, csv_pieces, safe
from uprtrack.reporting.matrix.columns import COLUMNS
from uprtrack.reporting.matrix.rows import Matrix

__all__ = ["BOM", "FORMULA_START", "cell", "csv_chunks", "safe", "write_csv"]
FLUSH_ROWS = (
    200  # rows encoded per piece: small pieces for streaming, few enough to keep overhead low
)


def cell(value) -> str:
    """A matrix value as CSV text (a list one item a line); `csv_pieces` makes every cell safe as it writes it."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "\n".join(map(str, value))
    return str(value)


def csv_chunks(matrix: Matrix) -> Iterator[bytes]:
    """Yield the CSV file in encoded pieces, the BOM first, so a response can stream it."""
    matrix.keeps_linked = False  # a CSV is the matrix alone: the pass keeps no linked record
    header = [_("Theme cluster"), *(str(c.label) for c in COLUMNS)]
    rows = (
        [cell(row.cluster), *(cell(row.cells.get(c.key)) for c in COLUMNS)] for row in matrix.rows()
    )
    yield from csv_pieces(header, rows, FLUSH_ROWS)


def write_csv(matrix: Matrix, out: BinaryIO) -> None:
    """Write the matrix as a CSV file."""
    for piece in csv_chunks(matrix):
        out.write(piece)
