"""Open a Word .docx file for a parser: every way it can fail becomes one sentence for a person."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

import docx

from uprtrack.imports.rows import ImportFileError


def open_docx(source: str | Path | BinaryIO) -> docx.document.Document:
    """Open the Word document, turning every way it can fail into one sentence for a person."""
    try:
        data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    except OSError as exc:
        raise ImportFileError(f"This file could not be read: {exc.strerror or exc}.") from exc
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data.startswith(b"PK"):
            raise ImportFileError(
                "This Word file is damaged (it may be cut short); save it again and re-upload it."
            )
        raise ImportFileError(
            "This file is not a Word .docx document; if it is a .doc or a PDF, "
            "open it in Word and save it as .docx."
        )
    try:
        return docx.Document(io.BytesIO(data))
    except (
        Exception
    ) as exc:  # python-docx, zipfile and lxml raise many kinds for one cause: a bad package
        raise ImportFileError(
            "This file is damaged or is not a Word .docx document, so it cannot be opened."
        ) from exc
