"""CSV files that a spreadsheet opens safely: UTF-8 with a BOM (so Excel reads it as UTF-8), and no cell that a
spreadsheet would run as a formula (engineering.md, field note 1). Every CSV download writes through here."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

BOM = "\ufeff".encode()
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    """Keep spreadsheets from running the cell as a formula: a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_pieces(
    header: Iterable[str], rows: Iterable[Iterable[str]], flush_rows: int = 200
) -> Iterator[bytes]:
    """Yield a CSV file in encoded pieces, the BOM first, every cell made safe, so a response can stream it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")

    def drain() -> bytes:
        piece = buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        return piece

    yield BOM
    writer.writerow([safe(str(cell)) for cell in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe(str(cell)) for cell in row])
        if count % flush_rows == 0:
            yield drain()
    yield drain()
