"""Exports: the progress matrix and the item 10 report in the formats diplomats and OHCHR use.

A format's module is imported when first used: odfpy, python-docx and Typst take time to import and most requests
need none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, NamedTuple

from flask_babel import lazy_gettext as _l


class Writer(NamedTuple):
    """What a format's module offers: the function writing a file, and optionally its pieces and row bound."""

    write: Callable[[object, BinaryIO], None]
    pieces: Callable[[object], Iterator[bytes]] | None = (
        None  # the file in pieces, for a response that streams
    )
    max_rows: int | None = None  # the most rows it writes while staying quick and bounded in memory


@dataclass(frozen=True)
class Format:
    name: str
    label: object
    mimetype: str
    writer: Callable[[], Writer]  # imports the format's module when called
    paged: bool = False  # laid out on pages (A4 by default, US Letter on request)

    def write(self, content, out: BinaryIO) -> None:
        self.writer().write(content, out)

    @property
    def streams(self) -> bool:
        return self.writer().pieces is not None

    def pieces(self, content) -> Iterator[bytes]:
        return self.writer().pieces(content)

    @property
    def max_rows(self) -> int | None:
        """The most rows the format's writer takes (None: no bound)."""
        return self.writer().max_rows


# Each writer imports its module in the call, so that the module's bound is read as it is now.


def _matrix_xlsx() -> Writer:
    from uprtrack.reporting.formats import matrix_xlsx

    return Writer(matrix_xlsx.write_xlsx)


def _matrix_csv() -> Writer:
    from uprtrack.reporting.formats import matrix_csv

    return Writer(matrix_csv.write_csv, matrix_csv.csv_chunks)


def _matrix_ods() -> Writer:
    from uprtrack.reporting.formats import matrix_ods

    return Writer(matrix_ods.write_ods, max_rows=matrix_ods.MAX_ROWS)


def _matrix_docx() -> Writer:
    from uprtrack.reporting.formats import matrix_docx

    return Writer(matrix_docx.write_docx, max_rows=matrix_docx.MAX_ROWS)


def _matrix_pdf() -> Writer:
    from uprtrack.reporting.formats import matrix_pdf

    return Writer(matrix_pdf.write_pdf_matrix, max_rows=matrix_pdf.MAX_ROWS)


def _item10_xlsx() -> Writer:
    from uprtrack.reporting.formats import item10_xlsx

    return Writer(item10_xlsx.write_xlsx)


def _item10_docx() -> Writer:
    from uprtrack.reporting import item10_document

    return Writer(item10_document.write_docx)


def _item10_pdf() -> Writer:
    from uprtrack.reporting import item10_document

    return Writer(item10_document.write_pdf)


def _thematic_list(fmt: str, voices: bool) -> Callable[[], Writer]:
    def writer() -> Writer:
        from functools import partial

        from uprtrack.reporting import ohchr_matrix

        write = partial(ohchr_matrix.write, fmt=fmt, voices=voices)
        return Writer(write, max_rows=ohchr_matrix.MAX_ROWS)

    return writer


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"

# The progress matrix's formats: each writer takes a uprtrack.reporting.matrix.Matrix and a binary file.
FORMATS = {
    f.name: f
    for f in (
        Format("xlsx", _l("Excel (XLSX)"), XLSX_TYPE, _matrix_xlsx),
        Format("csv", _l("CSV"), "text/csv; charset=utf-8", _matrix_csv),
        Format("ods", _l("OpenDocument (ODS)"), ODS_TYPE, _matrix_ods),
        Format("docx", _l("Word (DOCX)"), DOCX_TYPE, _matrix_docx, paged=True),
        Format("pdf", _l("PDF"), "application/pdf", _matrix_pdf, paged=True),
    )
}
# The item 10 report's formats: each writer takes a uprtrack.reporting.item10.Item10Report and a binary file.
REPORT_FORMATS = {
    f.name: f
    for f in (
        Format("xlsx", _l("Excel (XLSX)"), XLSX_TYPE, _item10_xlsx),
        Format("docx", _l("Word (DOCX)"), DOCX_TYPE, _item10_docx),
        Format("pdf", _l("PDF"), "application/pdf", _item10_pdf),
    )
}

# OHCHR's thematic list with column 4 filled ("ohchr-matrix") and its three voices version ("three-voices"), each
# as DOCX and PDF; their writers take a Matrix as the progress matrix's do.
THEMATIC_LISTS = {
    (document, f.name): f
    for document, voices in (("ohchr-matrix", False), ("three-voices", True))
    for f in (
        Format("docx", _l("Word (DOCX)"), DOCX_TYPE, _thematic_list("docx", voices), paged=True),
        Format("pdf", _l("PDF"), "application/pdf", _thematic_list("pdf", voices), paged=True),
    )
}
