"""Exports: the progress matrix and the item 10 report in the formats diplomats and OHCHR use.

A format's module is imported when first used: WeasyPrint and odfpy are slow to import and most requests need neither.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import BinaryIO

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Format:
    name: str
    label: object
    mimetype: str
    module: str  # in uprtrack.exports
    writer: str
    streamer: str | None = (
        None  # a function yielding the file in pieces, for a response that streams
    )

    def write(self, content, out: BinaryIO) -> None:
        getattr(self._module(), self.writer)(content, out)

    def pieces(self, content) -> Iterator[bytes]:
        return getattr(self._module(), self.streamer)(content)

    @property
    def max_rows(self) -> int | None:
        """The most rows the format's writer takes while staying quick and bounded in memory (None: no bound)."""
        return getattr(self._module(), "MAX_ROWS", None)

    def _module(self):
        return import_module(f"uprtrack.reporting.formats.{self.module}")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The progress matrix's formats: each writer takes a uprtrack.matrix.Matrix and a binary file.
FORMATS = {
    f.name: f
    for f in (
        Format("xlsx", _l("Excel (XLSX)"), XLSX_TYPE, "matrix_xlsx", "write_xlsx"),
        Format(
            "csv", _l("CSV"), "text/csv; charset=utf-8", "matrix_csv", "write_csv", "csv_chunks"
        ),
        Format(
            "ods",
            _l("OpenDocument (ODS)"),
            "application/vnd.oasis.opendocument.spreadsheet",
            "matrix_ods",
            "write_ods",
        ),
        Format("docx", _l("Word (DOCX)"), DOCX_TYPE, "matrix_docx", "write_docx"),
        Format("pdf", _l("PDF"), "application/pdf", "matrix_pdf", "write_pdf_matrix"),
    )
}
# The item 10 report's formats: each writer takes a uprtrack.item10.Item10Report and a binary file.
REPORT_FORMATS = {
    f.name: f
    for f in (
        Format("xlsx", _l("Excel (XLSX)"), XLSX_TYPE, "item10_xlsx", "write_xlsx"),
        Format("docx", _l("Word (DOCX)"), DOCX_TYPE, "item10_docx", "write_docx"),
        Format("pdf", _l("PDF"), "application/pdf", "item10_pdf", "write_item10_pdf"),
    )
}
