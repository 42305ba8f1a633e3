"""Evidence files: check what a file really is, keep its name as data, keep it in the app's storage under a generated key.

A file is accepted only when its content is a PDF, a Word or Excel document or an image, and its extension says
the same thing; the name a person gave (in any script) is kept in the database and never used as a path.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from uprtrack.core.file_types import sniff
from uprtrack.core.storage import storage

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_NAME_LENGTH = 200
# What each accepted kind of file is called, its MIME type and the extensions that may name it.
KINDS = {
    "pdf": ("application/pdf", (".pdf",)),
    "doc": ("application/msword", (".doc",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xls": ("application/vnd.ms-excel", (".xls",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "gif": ("image/gif", (".gif",)),
    "webp": ("image/webp", (".webp",)),
}
# Format names shown in messages (proper names, the same in every language).
FORMAT_NAMES = {
    "pdf": "PDF",
    "doc": "Word (.doc)",
    "docx": "Word (.docx)",
    "xls": "Excel (.xls)",
    "xlsx": "Excel (.xlsx)",
    "png": "PNG",
    "jpeg": "JPEG",
    "gif": "GIF",
    "webp": "WebP",
}
ACCEPT = ",".join(ext for _mime, exts in KINDS.values() for ext in exts)
# Bidirectional controls can make "exe.pdf" display as "fdp.exe": they are dropped from names with control characters.
BIDI_CONTROLS = {
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
}


class UploadRefused(ValueError):
    """A file that is not accepted; the message tells the person why."""


@dataclass(frozen=True)
class CheckedFile:
    """A file whose content was checked: its cleaned name, MIME type and size."""

    name: str
    mime: str
    size: int


def clean_name(raw: str | None) -> str:
    """Keep a file name in any script: drop path parts and control characters, cap the length."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name if unicodedata.category(ch) != "Cc" and ch not in BIDI_CONTROLS
    )
    name = name.strip().strip(".").strip()
    if len(name) > MAX_NAME_LENGTH:
        _stem, dot, ext = name.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 10 else ""
        name = name[: MAX_NAME_LENGTH - len(ext)].rstrip() + ext
    return name


def check(
    stream: BinaryIO, filename: str | None, max_bytes: int = DEFAULT_MAX_BYTES
) -> CheckedFile:
    """Check a file's size, content and extension; raise UploadRefused with the reason when it is not accepted."""
    name = clean_name(filename)
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    if size > max_bytes:
        raise UploadRefused(
            _("The file is larger than the limit of %(limit)s.", limit=size_label(max_bytes))
        )
    kind = sniff(stream.read(16), stream)
    stream.seek(0)
    if kind is None:
        raise UploadRefused(
            _(
                "Only PDF, Word, Excel and image files (PNG, JPEG, GIF, WebP) are accepted: the "
                "content of this file is none of these."
            )
        )
    mime, extensions = KINDS[kind]
    extension = os.path.splitext(name)[1].lower()
    if extension not in extensions:
        raise UploadRefused(
            _(
                "The content of the file is %(kind)s but its name ends in “%(extension)s”: "
                "give it the extension %(expected)s.",
                kind=FORMAT_NAMES[kind],
                extension=extension or _("no extension"),
                expected=" or ".join(extensions),
            )
        )
    return CheckedFile(name=name, mime=mime, size=size)


def size_label(size: int) -> str:
    """Write a size in MB, or in KB below one MB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{max(size // 1024, 1)} KB"


def store(stream: BinaryIO) -> str:
    """Keep the file under a new random key in the app's storage; return the key."""
    key = secrets.token_hex(16)
    storage().save(key, stream)
    return key


def remove(key: str | None) -> None:
    """Delete a stored file, if it is there."""
    if key:
        storage().delete(key)


@contextmanager
def kept(upload: tuple[FileStorage, CheckedFile] | None) -> Iterator[dict | None]:
    """Store a checked upload for the block that records it; remove it again if the block fails."""
    if upload is None:
        yield None
        return
    file, checked = upload
    key = store(file.stream)
    try:
        yield {
            "file_key": key,
            "file_name": checked.name,
            "file_type": checked.mime,
            "file_size": checked.size,
        }
    except BaseException:
        remove(key)
        raise
