"""What a file really is, told from its first bytes and, for ZIP and OLE files, their structure (never its name)."""

from __future__ import annotations

import zipfile
from typing import BinaryIO

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE compound file's directory (UTF-16LE) tell a Word document from an Excel workbook.
OLE_STREAMS = {"doc": ("WordDocument",), "xls": ("Workbook", "Book")}


def sniff(head: bytes, stream: BinaryIO) -> str | None:
    """Return the kind of file its first bytes (and, for ZIP and OLE files, its structure) show."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(OLE):
        stream.seek(0)
        content = stream.read()
        for kind, names in OLE_STREAMS.items():
            if any(name.encode("utf-16-le") in content for name in names):
                return kind
        return None
    if head.startswith(b"PK\x03\x04"):
        return _office_zip(stream)
    return None


def _office_zip(stream: BinaryIO) -> str | None:
    """Tell a .docx from an .xlsx by the parts of the ZIP package; a damaged ZIP is no document."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None
