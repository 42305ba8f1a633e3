"""Write a Document as a PDF with Typst: the template templates/typst/document.typ reads the document as JSON data.

Typst (a compiled typesetting engine) lays out a State's whole matrix (650 rows) in about 2 s on this 2-core machine
where WeasyPrint took about a minute; it shapes Arabic with HarfBuzz's rules and orders it right to left, and embeds
only the glyphs used. The figures and the alternatives measured are in benchmarks/pdf_engines.py. User text reaches
Typst as JSON values, never as markup, so nothing a user writes can run as Typst code.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC
from pathlib import Path
from typing import BinaryIO

import typst

from uprtrack.config import PROJECT_ROOT
from uprtrack.reporting.documents.model import (
    Document,
    Figures,
    Heading,
    Paragraph,
    Quote,
    Row,
    Table,
)
from uprtrack.reporting.formats.matrix_layout import Part, is_rtl

TEMPLATE = PROJECT_ROOT / "templates" / "typst" / "document.typ"
# Debian's Noto fonts (fonts-noto-core, fonts-noto-cjk): Latin, Cyrillic, Greek, Arabic, Chinese. Only these are read,
# so a PDF looks the same on every machine that has them.
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto"),
]
# Tags (the PDF's structure for screen readers) make a table's file about seven times larger: a document of more
# table rows than this is written untagged (its XLSX is the accessible form of such a table).
TAGGED_UP_TO = 1000

_compiler: typst.Compiler | None = None
_lock = threading.Lock()  # one compiler per process, its fonts read once; one document at a time


def _text(value: str, rtl_document: bool):
    """A string, or {t, r} when it reads right to left inside a left-to-right document."""
    value = value or ""
    return {"t": value, "r": True} if not rtl_document and is_rtl(value) else value


def _cell(cell, rtl_document: bool):
    if isinstance(cell, str):
        return _text(cell, rtl_document)
    return [
        {"l": part.label, "v": [_text(v, rtl_document) for v in part.values]}
        for part in cell
        if isinstance(part, Part)
    ]


def _row(row: Row, rtl_document: bool) -> dict:
    return {
        "h": _text(row.heading, rtl_document) if row.heading else None,
        "c": [_cell(c, rtl_document) for c in row.cells],
        "f": {str(k): v for k, v in row.fills.items()},
        "u": row.url,
        "m": row.marked,
    }


def document_data(document: Document) -> tuple[dict, int]:
    """The document as the template's JSON data, and how many table rows it holds."""
    rtl = document.rtl
    blocks, rows, number = [], 0, 0
    for block in document.blocks:
        if isinstance(block, Heading):
            blocks.append({"k": "h", "t": _text(block.text, rtl), "l": block.level})
        elif isinstance(block, Paragraph):
            number += block.numbered
            blocks.append(
                {
                    "k": "p",
                    "t": _text(block.text, rtl),
                    "n": number if block.numbered else None,
                    "note": block.note,
                }
            )
        elif isinstance(block, Quote):
            blocks.append({"k": "q", "t": _text(block.text, rtl), "s": block.source})
        elif isinstance(block, Figures):
            blocks.append({"k": "f", "items": [[label, value] for label, value in block.items]})
        elif isinstance(block, Table):
            table_rows = [_row(r, rtl) for r in block.rows]
            rows += len(table_rows)
            blocks.append(
                {
                    "k": "t",
                    "header": block.header,
                    "shares": block.shares,
                    "rows": table_rows,
                    "caption": block.caption,
                    "empty": block.empty,
                    "size": block.size,
                }
            )
    data = {
        "title": document.title,
        "subtitle": document.subtitle,
        "mark": document.mark,
        "internal": document.internal,
        "description": f"{document.subtitle} · {document.mark}",
        "keywords": ["uprtrack", *document.keywords],
        "lang": document.language.split("_")[0],
        "rtl": rtl,
        "paper": document.paper,
        "landscape": document.landscape,
        "symbol": document.symbol,
        "blocks": blocks,
    }
    return data, rows


def _the_compiler() -> typst.Compiler:
    global _compiler
    if _compiler is None:
        _compiler = typst.Compiler(
            root=str(TEMPLATE.parent),
            font_paths=[str(d) for d in FONT_DIRS if d.is_dir()],
            ignore_system_fonts=True,
        )
    return _compiler


def pdf_bytes(document: Document) -> bytes:
    data, rows = document_data(document)
    created = document.created.astimezone(UTC)
    with _lock:
        return _the_compiler().compile(
            input=str(TEMPLATE),
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            timestamp=int(created.timestamp()),
            pdf_tags=rows <= TAGGED_UP_TO,
        )


def write_pdf(document: Document, out: BinaryIO) -> None:
    """Write the document as a PDF: A4 or Letter, its mark and title on every page, numbered pages."""
    out.write(pdf_bytes(document))
