"""Tests of read_table on the real UPR Info files and on the damaged, mis-encoded and disguised files people upload."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from uprtrack.imports import tables
from uprtrack.imports.rows import ImportFileError
from uprtrack.imports.tables import Table, read_table

DATA = Path(__file__).parent / "data" / "upr_info"
EDUCATION = DATA / "upr-info_right-to-education_sessions01-20.csv"
PLEDGES_CSV = DATA / "upr-info_voluntary-pledges_sessions01-19.csv"
PLEDGES_XLS = DATA / "upr-info_voluntary-pledges_sessions01-19_original-export.xls"
MAC_SAMPLE = DATA / "upr-info_sessions01-05_excel-mac-resave_sample.csv"
UPR_HEADER = [
    "SuR",
    "Rgrp",
    "Org",
    "Recommendation",
    "RS",
    "Rgrp",
    "Org",
    "Response",
    "Action",
    "Issue",
    "Session",
]


def read_bytes(data: bytes, filename: str = "upload.csv") -> Table:
    """Read the bytes as an upload is read (whole) and as a file on disk (`open_table`): the two must agree."""
    try:
        whole = read_table(io.BytesIO(data), filename)
    except ImportFileError as error:
        refused = error
    else:
        assert open_bytes(data, filename) == whole
        return whole
    with pytest.raises(ImportFileError) as opened:
        open_bytes(data, filename)
    assert str(opened.value) == str(refused)
    raise refused


def open_bytes(data: bytes, filename: str) -> Table:
    """Write the bytes to a file, open it with open_table and read its rows to the end."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        table = tables.open_table(path)
        table.rows = list(table.rows)
    return table


def xlsx_bytes(*sheets: tuple[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


# Real files


def test_upr_info_csv_keeps_duplicate_header_names_and_numbers_rows_as_a_person_sees_them():
    table = read_table(EDUCATION)
    assert table.header == UPR_HEADER
    assert len(table.rows) == 2044
    assert table.rows[0][0] == 2 and table.rows[-1][0] == 2045
    assert table.sheet is None and table.filename == EDUCATION.name
    assert table.rows[0][1][:2] == ["Afghanistan", "Asia"]


def test_original_xls_reads_despite_phpexcel_corruption_and_gives_integers_as_text():
    table = read_table(PLEDGES_XLS)
    assert table.sheet == "UPR Info database export"
    assert table.header == UPR_HEADER
    assert len(table.rows) == 947
    first = table.rows[0][1]
    assert first[7:] == ["Voluntary Pledge", "5", "Minorities,National plan of action", "19"]


def test_xls_and_csv_of_the_pledges_give_equal_tables():
    from_xls, from_csv = read_table(PLEDGES_XLS), read_table(PLEDGES_CSV)
    assert from_xls.header == from_csv.header
    assert from_xls.rows == from_csv.rows


def test_excel_for_mac_sample_is_mac_roman_with_cr_line_ends():
    raw = MAC_SAMPLE.read_bytes()
    assert b"\n" not in raw and b"\x8e" in raw  # the premise: bare CRs, é as 0x8E
    table = read_table(MAC_SAMPLE)
    assert len(table.rows) == 131
    texts = [cells[3] for _, cells in table.rows]
    assert any("Instance Equité - Reconciliation" in text for text in texts)
    assert table.header[:5] == ["To", "To-Rgrp", "To-Org", "Text", "From"]


# Encodings and line ends


@pytest.mark.parametrize(
    "encoded, expected",
    [
        ("ID,Name\n1,Équipe Žiga\n".encode(), "Équipe Žiga"),
        (b"\xef\xbb\xbf" + "ID,Name\n1,Équipe Žiga\n".encode(), "Équipe Žiga"),
        ("ID\tName\r\n1\tÉquipe Žiga\r\n".encode("utf-16"), "Équipe Žiga"),  # Excel "Unicode Text"
        (b"\xfe\xff" + "ID,Name\n1,Équipe Žiga\n".encode("utf-16-be"), "Équipe Žiga"),
        ("ID,Name\r\n1,Equité\r\n".encode("cp1252"), "Equité"),  # Excel for Windows
        (
            "ID,Name\n1,Žiga\n".encode("cp1252"),
            "Žiga",
        ),  # 0x8E is Ž in cp1252 when line ends are not Mac
        ("ID,Name\r1,Equité\r".encode("mac_roman"), "Equité"),  # Excel for Mac: 0x8E is é
        ("ID,Name\n1,Français\n".encode("mac_roman"), "Français"),  # ç is 0x8D, undefined in cp1252
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-le-bom-tabs",
        "utf16-be-bom",
        "cp1252",
        "cp1252-0x8e",
        "mac-cr",
        "mac-lf-0x8d",
    ],
)
def test_encodings(encoded, expected):
    table = read_bytes(encoded)
    assert table.header == ["ID", "Name"]
    assert table.rows == [(2, ["1", expected])]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_ends_and_quoted_newlines(newline):
    text = newline.join(["a,b", '1,"two', 'lines"', "3,4", ""])
    table = read_bytes(text.encode())
    assert table.rows == [(2, ["1", f"two{newline}lines"]), (3, ["3", "4"])]


def test_semicolon_and_tab_delimiters_follow_the_header_line():
    assert read_bytes(b"state;title\nSlovenia;Training, 2025\n").rows == [
        (2, ["Slovenia", "Training, 2025"])
    ]
    assert read_bytes(b"state\ttitle\nSlovenia\tA, B\n").rows == [(2, ["Slovenia", "A, B"])]


def test_cells_are_stripped_empty_rows_skipped_short_rows_padded():
    table = read_bytes(b"\n  a , b ,c,,\n\n 1 ,2\n,,,\n4,5,6,,\n7,8,9,extra\n")
    assert table.header == ["a", "b", "c"] and table.header_row == 2
    assert table.rows == [(4, ["1", "2", ""]), (6, ["4", "5", "6"]), (7, ["7", "8", "9", "extra"])]


def test_unicode_line_separators_inside_a_cell_do_not_split_the_row():
    table = read_bytes("a,b\n1,x\u2028y\x85z\n".encode())
    assert table.rows == [(2, ["1", "x\u2028y\x85z"])]


# XLSX


def test_xlsx_values_become_the_text_a_person_sees():
    data = xlsx_bytes(
        (
            "Data",
            [
                ["n", "x", "day", "at", "flag", "none"],
                [5, 5.5, dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 10, 30), True, None],
                [None, None, None, None, None, None],
                [" padded ", 1e15, dt.datetime(2025, 1, 2), None, False, "text"],
            ],
        )
    )
    table = read_bytes(data, "values.xlsx")
    assert table.sheet == "Data" and table.filename == "values.xlsx"
    assert table.header == ["n", "x", "day", "at", "flag", "none"]
    assert table.rows == [
        (2, ["5", "5.5", "2024-03-01", "2024-03-01T10:30:00", "TRUE", ""]),
        (4, ["padded", "1000000000000000", "2025-01-02", "", "FALSE", "text"]),
    ]


def test_xlsx_gives_text_that_looks_like_a_formula_as_text_and_formulas_as_their_saved_value():
    book = openpyxl.Workbook()
    book.active.append(["text", "formula"])
    book.active.append(["=SUM(1,2)", "=SUM(1,2)"])
    book.active["A2"].data_type = "s"  # typed as text, as Excel stores '=SUM(1,2)
    out = io.BytesIO()
    book.save(out)
    # openpyxl saves no computed value for B2; Excel would, and that value is what we read.
    assert read_bytes(out.getvalue(), "f.xlsx").rows == [(2, ["=SUM(1,2)", ""])]


def test_xlsx_uses_the_first_sheet_with_a_header():
    data = xlsx_bytes(
        ("Cover", []),
        ("Blank rows", [[None], [None, None]]),
        ("Data", [[None], ["state"], ["Slovenia"]]),
    )
    table = read_bytes(data, "book.xlsx")
    assert table.sheet == "Data" and table.header_row == 2
    assert table.rows == [(3, ["Slovenia"])]


def test_xlsx_with_only_empty_sheets_has_no_header():
    with pytest.raises(ImportFileError, match=re.escape("'empty.xlsx' has no header row")):
        read_bytes(xlsx_bytes(("One", []), ("Two", [[None, " "]])), "empty.xlsx")


def test_open_file_handle_gives_its_name_and_times_read_as_iso():
    with PLEDGES_XLS.open("rb") as handle:
        assert read_table(handle).filename == PLEDGES_XLS.name
    table = read_bytes(xlsx_bytes(("T", [["at"], [dt.time(9, 30)]])), "times.xlsx")
    assert table.rows == [(2, ["09:30:00"])]


def test_xlsx_with_a_wrong_stored_dimension_is_read_to_the_end():
    data = xlsx_bytes(("Data", [["state"], ["Slovenia"], ["Croatia"]]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b'<dimension ref="A1:A3"/>' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b'<dimension ref="A1:A3"/>', b'<dimension ref="A1"/>'
    )
    assert [cells for _, cells in read_bytes(zip_bytes(parts), "dim.xlsx").rows] == [
        ["Slovenia"],
        ["Croatia"],
    ]


# Files that are not tables


@pytest.mark.parametrize(
    "data, filename, words",
    [
        (b"", "empty.csv", "is empty"),
        (b"  \r\n\r\n ", "blank.csv", "is empty"),
        (b",,\n,,\n", "commas.csv", "no header row"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "chart.csv", "PNG image"),
        (bytes((i * 7919) % 256 for i in range(5000)), "garbage.csv", "not a text file"),
        (b"col\n" + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "control.csv", "not a text file"),
        (b"\xff\xfe" + b"\x00\xd8a\x00", "broken.csv", "cannot be decoded"),
        (
            b"<!DOCTYPE html><html><table><tr><td>SuR</td></tr></table></html>",
            "export.xls",
            "web page",
        ),
        (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
            "a.xls",
            "XML file",
        ),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "report.csv", "PDF document"),
        (b"state\n", "report.pdf", "is a .pdf file"),
        (b'a,b\n1,"never closed\n2,3\n', "quote.csv", "quote mark"),
        (b'a,b\n1,"closed"then more\n', "quote2.csv", "quote mark"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "damaged.xls", "damaged"),
        (b"PK\x03\x04" + b"\x00" * 100, "damaged.xlsx", "damaged ZIP"),
    ],
    ids=[
        "empty",
        "blank",
        "only-commas",
        "png-as-csv",
        "binary",
        "control-chars",
        "bad-utf16",
        "html-as-xls",
        "xml-spreadsheet",
        "pdf-as-csv",
        "pdf-extension",
        "open-quote",
        "text-after-quote",
        "ole-garbage",
        "zip-garbage",
    ],
)
def test_unreadable_files_raise_one_clear_sentence(data, filename, words):
    with pytest.raises(ImportFileError) as caught:
        read_bytes(data, filename)
    message = str(caught.value)
    assert words in message
    assert message.endswith(".") and message.count(". ") == 0
    assert f"'{filename}'" in message


@pytest.mark.parametrize(
    "parts, words",
    [
        ({"notes.txt": b"hello"}, "is a ZIP archive, not an Excel workbook"),
        (
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},
            "is a Word document",
        ),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
            "OpenDocument",
        ),
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not really"}, "damaged Excel"),
    ],
    ids=["plain-zip", "docx", "ods", "broken-workbook"],
)
def test_xlsx_that_is_another_zip_is_refused(parts, words):
    with pytest.raises(ImportFileError, match=words):
        read_bytes(zip_bytes(parts), "recommendations.xlsx")


def test_truncated_xls_is_refused():
    data = PLEDGES_XLS.read_bytes()
    with pytest.raises(ImportFileError, match="damaged or is not a real Excel 97-2003"):
        read_bytes(data[: len(data) // 3], "voluntary.xls")


@pytest.mark.parametrize("source", [PLEDGES_XLS, "xlsx"])
def test_no_library_exception_escapes_on_any_truncation(source):
    data = (
        xlsx_bytes(("Data", [["state", "n"]] + [["Slovenia", i] for i in range(300)]))
        if source == "xlsx"
        else source.read_bytes()
    )
    for cut in range(64, len(data), max(len(data) // 40, 1)):
        try:
            table = read_bytes(data[:cut], "cut.xlsx" if source == "xlsx" else "cut.xls")
        except ImportFileError:
            continue
        assert isinstance(table, Table)


def test_password_protected_workbook_is_named_as_such():
    fake = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(ImportFileError, match="protected by a password"):
        read_bytes(fake, "secret.xlsx")


def test_oversized_upload_is_refused_before_parsing(monkeypatch, tmp_path):
    monkeypatch.setattr(tables, "MAX_BYTES", 1000)
    data = b"a,b\n" + b"1,2\n" * 1000
    with pytest.raises(ImportFileError, match="larger than"):
        read_table(io.BytesIO(data), "upload.csv")
    # A CSV file on disk is read a row at a time, whatever its size; a workbook is read whole.
    assert len(open_bytes(data, "big.csv").rows) == 1000
    with pytest.raises(ImportFileError, match="larger than"):
        open_bytes(xlsx_bytes(("Data", [["state"]] + [["Slovenia"]] * 200)), "big.xlsx")


def test_xlsx_that_inflates_too_far_is_refused(monkeypatch):
    monkeypatch.setattr(tables, "MAX_UNZIPPED_BYTES", 1000)
    data = xlsx_bytes(("Data", [["state"]] + [["Slovenia"]] * 200))
    with pytest.raises(ImportFileError, match="unpacks to more than"):
        read_bytes(data, "bomb.xlsx")


def test_missing_path_is_an_import_error(tmp_path):
    with pytest.raises(ImportFileError, match="could not be read"):
        read_table(tmp_path / "nowhere.csv")
    with pytest.raises(ImportFileError, match="could not be read"):
        tables.open_table(tmp_path / "nowhere.csv")


@pytest.mark.parametrize("path", [EDUCATION, PLEDGES_CSV, MAC_SAMPLE, PLEDGES_XLS])
def test_a_file_opened_on_disk_reads_as_the_whole_file(path):
    opened = tables.open_table(path)
    assert isinstance(opened.rows, list) == (path.suffix == ".xls")  # a workbook is read whole
    first, second = list(opened.rows), list(opened.rows)  # each pass reads the file again
    assert first == second
    opened.rows = first
    assert opened == read_table(path)


@pytest.mark.slow
def test_a_20_mb_csv_reads_in_reasonable_time_and_memory(tmp_path):
    header, body = EDUCATION.read_bytes().split(b"\n", 1)
    copies = 20 * 1024 * 1024 // len(body) + 1
    big = tmp_path / "big.csv"
    big.write_bytes(header + b"\n" + body * copies)
    assert big.stat().st_size > 20 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    try:
        table = read_table(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 60  # about 3 s under tracemalloc, 1 s without
    assert peak < 10 * big.stat().st_size  # about 5x: bytes, text and the cells themselves
    assert len(table.rows) == 2044 * copies
    assert table.rows[-1][0] == 2044 * copies + 1
    del table
    tracemalloc.start()
    try:
        opened = tables.open_table(big)
        last = max(number for number, _ in opened.rows)
        streamed = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert last == 2044 * copies + 1
    # A block, its text (up to 4 bytes a character) and a row, not the file's 21 MB: 4 MB on an ASCII file.
    assert streamed < 12 * tables.BLOCK
