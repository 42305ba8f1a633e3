"""Read an uploaded CSV, XLS or XLSX file into one plain table of stripped strings.

Every failure is an `ImportFileError` with one sentence a person can act on; no library exception escapes.

CSV encodings, in order: a UTF-8 or UTF-16 byte order mark decides; else strict UTF-8; else a legacy 8-bit
encoding. The legacy choice is Mac Roman when the header line ends in a bare CR (Excel for Mac's "CSV" writes Mac Roman
with CR line ends; no Windows tool writes bare CRs) or when the bytes hold one that cp1252 leaves undefined
(0x81 0x8D 0x8F 0x90 0x9D); otherwise cp1252, the encoding of Excel for Windows in Western locales.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import BinaryIO

import xlrd

from uprtrack.imports.rows import ImportFileError

# A file read whole (a workbook, an upload) larger than this is refused.
MAX_BYTES = 100 * 1024 * 1024
BLOCK = 1024 * 1024  # bytes read at a time from a CSV file left on disk
MAX_UNZIPPED_BYTES = (
    600 * 1024 * 1024
)  # an .xlsx that inflates past this is refused (zip bomb guard)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), also password-protected .xlsx
_ZIP = b"PK\x03\x04"
_NOT_TEXT = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"PK\x05\x06": "an empty ZIP archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
_NOT_TABLE = {
    b"<html": "a web page (HTML)",
    b"<!doctype html": "a web page (HTML)",
    b"<?xml": "an XML file",
    b"{\\rtf": "a Rich Text document",
}
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_EXTENSIONS = {".csv", ".txt", ".tsv", ".xls", ".xlsx", ".xlsm"}


@dataclass
class Table:
    header: list[str]
    # (row number as the file shows it, cells): a list, or the rows of a CSV file left on disk (`open_table`)
    rows: list[tuple[int, list[str]]] | Rows = field(default_factory=list)
    sheet: str | None = None  # worksheet name; None for CSV
    filename: str | None = None  # base name only
    header_row: int = 1


def read_table(source: str | os.PathLike | BinaryIO, filename: str | None = None) -> Table:
    """Read the first table of a CSV, XLS or XLSX file; raise ImportFileError when there is none."""
    name = filename or _name_of(source)
    label = f"'{os.path.basename(name)}'" if name else "The file"
    _check_extension(name, label)
    data = read_bytes(source, label)
    if not data or data.isspace():
        raise ImportFileError(f"{label} is empty.")
    if data.startswith(_OLE2):
        table = _read_xls(data, label)
    elif data.startswith(_ZIP):
        table = _read_xlsx(data, label)
    else:
        text = data.decode(_codec([data], label))
        del data  # the rows are read from the text: a large file is not held twice
        _check_table(text, label)
        lines = (m.group() for m in _LINE.finditer(text))
        table = _collect(_csv_rows(lines, _delimiter(text), label))
    return _named(table, name, label)


def open_table(path: str | os.PathLike, filename: str | None = None) -> Table:
    """Read a table as `read_table` does, but leave a CSV file's rows on disk, whatever its size.

    The encoding is chosen by one pass over the bytes; `rows` then reads the file again, a row at a time, on
    each pass. A workbook is read whole (and refused over MAX_BYTES), as `read_table` reads it.
    """
    name = filename or os.fspath(path)
    label = f"'{os.path.basename(name)}'"
    _check_extension(name, label)
    try:
        with open(path, "rb") as file:
            head = file.read(len(_OLE2))
            if not head or head.startswith((_OLE2, _ZIP)):
                return read_table(path, filename)
            file.seek(0)
            codec = _codec(iter(lambda: file.read(BLOCK), b""), label)
    except OSError as exc:
        raise ImportFileError(f"{label} could not be read ({exc.strerror or exc}).") from exc
    lines = CsvLines(path, codec)
    start = "".join(islice(lines, 64))  # the file's first lines: enough for the checks on its start
    if not start.strip() and all(line.isspace() for line in lines):
        raise ImportFileError(f"{label} is empty.")
    _check_table(start, label)
    delimiter = _delimiter(start)

    def records() -> Iterator[tuple[int, list[str]]]:
        return _csv_rows(lines, delimiter, label)

    header = next(((n, cells) for n, cells in records() if any(cells)), None)
    table = None if header is None else Table(_trim(header[1]), header_row=header[0])
    if table is not None:
        table.rows = Rows(records, table.header_row, len(table.header))
    return _named(table, name, label)


class CsvLines:
    """The lines of a CSV file on disk, read again on each pass; they end at CR, LF or CRLF, as `_LINE`'s."""

    def __init__(self, path: str | os.PathLike, codec: str) -> None:
        self.path, self.codec = path, codec

    def __iter__(self) -> Iterator[str]:
        # newline="": every line end is seen and none is changed, and U+2028 and friends do not end a line.
        with open(self.path, encoding=self.codec, newline="") as file:
            yield from file


class Rows:
    """The rows under a table's header, read from their source again on each pass, as `_collect` keeps them."""

    def __init__(
        self, records: Callable[[], Iterable[tuple[int, list[str]]]], header_row: int, width: int
    ) -> None:
        self.records, self.header_row, self.width = records, header_row, width

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for number, cells in self.records():
            if number > self.header_row and any(cells):
                yield number, _fit(cells, self.width)


def _named(table: Table | None, name: str | None, label: str) -> Table:
    if table is None:
        raise ImportFileError(f"{label} has no header row: every row is empty.")
    table.filename = (
        os.path.basename(name) if name else None
    )  # the name a person knows, not a server path
    return table


def _name_of(source) -> str | None:
    """Return the file name a path or file object carries, if any."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def _check_extension(name: str | None, label: str) -> None:
    """Refuse file types uprtrack does not read, so a PDF gets a clear answer rather than a parse error."""
    ext = os.path.splitext(name or "")[1].lower()
    if ext and ext not in _EXTENSIONS:
        raise ImportFileError(
            f"{label} is a {ext} file; uprtrack imports .csv, .xlsx and .xls files."
        )


def read_bytes(source, label: str) -> bytes:
    """Return the file's bytes, refusing anything over MAX_BYTES."""
    try:
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        else:
            data = source.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportFileError(f"{label} could not be read ({exc.strerror or exc}).") from exc
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"{label} is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files."
        )
    return bytes(data)


@contextmanager
def _library_errors(message: str):
    """Turn whatever a parsing library raises on damaged input into one ImportFileError."""
    try:
        yield
    except ImportFileError:
        raise
    # Damaged files make xlrd, openpyxl and zipfile raise almost anything (struct.error, KeyError, AssertionError...).
    except Exception as exc:
        raise ImportFileError(message) from exc


def _collect(numbered_rows: Iterable[tuple[int, list[str]]]) -> Table | None:
    """Take the first non-empty row as the header and keep every later non-empty row, padded to its width."""
    table = None
    for number, cells in numbered_rows:
        if not any(cells):
            continue
        if table is None:
            header = _trim(cells)
            table = Table(header=header, header_row=number)
            continue
        table.rows.append((number, _fit(cells, len(table.header))))
    return table


def _fit(cells: list[str], width: int) -> list[str]:
    """Pad a row to the header's width, or drop its trailing empty cells past it."""
    return cells + [""] * (width - len(cells)) if len(cells) < width else _trim(cells, width)


def _trim(cells: list[str], keep: int = 0) -> list[str]:
    """Drop trailing empty cells past the first `keep` cells."""
    end = len(cells)
    while end > keep and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _cell_text(value) -> str:
    """Return a spreadsheet value as the text a person sees: 5 not 5.0, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _read_xls(data: bytes, label: str) -> Table | None:
    """Return the first sheet with a header of an Excel 97-2003 workbook."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ImportFileError(
            f"{label} is protected by a password; remove the password in Excel and save it again."
        )
    with _library_errors(f"{label} is damaged or is not a real Excel 97-2003 (.xls) workbook."):
        # The 2015 UPR Info export is a PHPExcel file that fails xlrd's corruption check but reads correctly.
        book = xlrd.open_workbook(
            file_contents=data, ignore_workbook_corruption=True, logfile=io.StringIO()
        )
    for sheet in book.sheets():
        table = _collect(
            (rowx + 1, [_xls_cell(c, book.datemode) for c in sheet.row(rowx)])
            for rowx in range(sheet.nrows)
        )
        if table is not None:
            table.sheet = sheet.name
            return table
    return None


def _xls_cell(cell, datemode: int) -> str:
    """Return one xlrd cell as text."""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _cell_text(xlrd.xldate_as_datetime(cell.value, datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return _cell_text(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return _cell_text(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return _cell_text(cell.value)


def _read_xlsx(data: bytes, label: str) -> Table | None:
    """Return the first worksheet with a header of an .xlsx workbook."""
    _check_workbook_zip(data, label)
    damaged = f"{label} is a damaged Excel (.xlsx) workbook."
    with _library_errors(damaged), warnings.catch_warnings():
        # openpyxl warns about parts it drops (data validation, slicers); they do not matter for reading values.
        warnings.simplefilter("ignore")
        import openpyxl  # here: it brings numpy, a third of a second that only workbooks need

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            if not hasattr(sheet, "iter_rows"):  # a chart sheet
                continue
            # Some writers store a wrong dimension, and read-only mode would stop reading at it.
            sheet.reset_dimensions()
            with _library_errors(damaged):
                table = _collect(
                    (n, [_cell_text(v) for v in values])
                    for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                )
            if table is not None:
                table.sheet = sheet.title
                return table
        return None
    finally:
        book.close()


def _check_workbook_zip(data: bytes, label: str) -> None:
    """Refuse a ZIP that is not an Excel workbook, or that would inflate past MAX_UNZIPPED_BYTES."""
    with (
        _library_errors(f"{label} is a damaged ZIP file, not a readable Excel (.xlsx) workbook."),
        zipfile.ZipFile(io.BytesIO(data)) as archive,
    ):
        names = archive.namelist()
        inflated = sum(info.file_size for info in archive.infolist())
        mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    if not any(n.startswith("xl/") for n in names):
        if b"opendocument.spreadsheet" in mimetype:
            raise ImportFileError(
                f"{label} is an OpenDocument spreadsheet; save it as .xlsx or .csv and try again."
            )
        kind = (
            "a Word document"
            if any(n.startswith("word/") for n in names)
            else "a PowerPoint file"
            if any(n.startswith("ppt/") for n in names)
            else "a ZIP archive"
        )
        raise ImportFileError(f"{label} is {kind}, not an Excel workbook.")
    if inflated > MAX_UNZIPPED_BYTES:
        raise ImportFileError(
            f"{label} unpacks to more than {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB; "
            "split it into smaller files."
        )


def _check_table(start: str, label: str) -> None:
    """Refuse a web page, XML or RTF saved with a .csv name, by its first characters."""
    start = start[:512].lstrip().lower().encode()
    for signature, kind in _NOT_TABLE.items():
        if start.startswith(signature):
            raise ImportFileError(
                f"{label} is {kind}, not a CSV table; open it in Excel and save it as .xlsx or .csv."
            )


def _csv_rows(lines: Iterable[str], delimiter: str, label: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (record number, stripped cells) from a CSV file's lines; the csv module joins a quoted cell's lines."""
    # strict: a quote left open would otherwise swallow the rest of the file into one cell without a word.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        for number, cells in enumerate(reader, start=1):
            # Exports repeat State names, groups and responses on every row: share one copy of each short value.
            yield number, [sys.intern(c.strip()) if len(c) < 40 else c.strip() for c in cells]
    except csv.Error as exc:
        raise ImportFileError(
            f"{label} cannot be read as CSV near line {reader.line_num}: a quote mark is never "
            "closed or is followed by more text in the same cell."
        ) from exc


def _codec(blocks: Iterable[bytes], label: str) -> str:
    """Choose the encoding of CSV bytes, read block by block, by the rule in the module docstring.

    Refuses bytes that say they are UTF-8 or UTF-16 and are not, and bytes that are not text.
    """
    blocks = iter(blocks)
    head = next(blocks, b"")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            if not _decodes(chain([head], blocks), codec):
                raise ImportFileError(
                    f"{label} says it is {codec.upper().removesuffix('-SIG')} text but cannot be "
                    "decoded as such; save it again as CSV UTF-8."
                )
            return codec
    for signature, kind in _NOT_TEXT.items():
        if head.startswith(signature):
            raise ImportFileError(f"{label} is {kind}, not a table.")
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8, undefined, nul = True, False, False
    for block in chain([head], blocks):
        if is_utf8:
            try:
                utf8.decode(block)
            except UnicodeDecodeError:
                is_utf8 = False
        undefined = undefined or _CP1252_UNDEFINED.search(block) is not None
        nul = nul or b"\x00" in block
    codec = "utf-8" if is_utf8 and _decodes([], "utf-8", utf8) else _legacy_codec(head, undefined)
    # Both legacy candidates decode every byte the rule lets through; a block may end inside a character.
    sample = head[: 4 * 65536].decode(codec, errors="ignore")[:65536]
    if nul or len(_CONTROL.findall(sample)) > len(sample) // 100:
        raise ImportFileError(f"{label} is not a text file, so it cannot be read as CSV.")
    return codec


def _decodes(blocks: Iterable[bytes], codec: str, decoder=None) -> bool:
    """Return whether the blocks, after what `decoder` has already taken, decode to the end."""
    decoder = decoder or codecs.getincrementaldecoder(codec)()
    try:
        for block in blocks:
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _legacy_codec(head: bytes, undefined: bool) -> str:
    """Choose Mac Roman or cp1252 for bytes that are not UTF-8 (`undefined`: a byte cp1252 leaves undefined)."""
    first_end = re.search(rb"\r\n?|\n", head)
    bare_cr = first_end is not None and first_end.group() == b"\r"
    return "mac_roman" if bare_cr or undefined else "cp1252"


def _delimiter(text: str) -> str:
    """Pick ',' ';' or tab by what the header line holds most of."""
    # Excel in decimal-comma locales (Slovenia, most of Europe) saves "CSV" with ';', and "Unicode Text" with tabs.
    first_line = re.match(r"[^\r\n]*", text).group()
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","
