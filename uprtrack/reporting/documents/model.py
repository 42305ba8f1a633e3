"""What a document holds: its page and marks, then blocks in reading order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from uprtrack.reporting.formats.matrix_layout import Part
from uprtrack.reporting.marks import file_mark

PAPERS = {
    "a4": (210, 297),
    "us-letter": (215.9, 279.4),
}  # name: (width, height) in millimetres, portrait


def paper_from_args(args) -> str:
    """The paper a download asks for (?paper=us-letter); A4 otherwise."""
    return "us-letter" if args.get("paper") == "us-letter" else "a4"


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: a section, 2: a subsection, 3: a cluster


@dataclass
class Paragraph:
    """A paragraph; numbered paragraphs count 1, 2, 3... through the document, as UN documents number theirs."""

    text: str
    numbered: bool = False
    note: bool = False  # a smaller note (sources, an explanation of a figure)


@dataclass
class Quote:
    """Words of someone other than the government (the NHRI, civil society), with whose they are."""

    text: str
    source: str


@dataclass
class Figures:
    """Key figures in a row of boxes: (label, value) pairs."""

    items: list[tuple[str, str]]


# A table cell: plain text, or labelled parts ("Status: In progress"; "Actions taken:" over a list).
Cell = str | list[Part]


@dataclass
class Row:
    cells: list[Cell]
    heading: str | None = None  # a theme heading row printed before this row, spanning the table
    fills: dict[int, str] = field(default_factory=dict)  # column -> background colour "#RRGGBB"
    url: str | None = None  # the first cell's first value links there
    marked: bool = False  # a row to mark (voices that disagree): bold border in PDF, shaded in DOCX


@dataclass
class Table:
    header: list[str]
    shares: list[int]  # the columns' shares of the text width
    rows: Iterable[Row]  # may be a generator: the writers read it once
    caption: str | None = None
    empty: str | None = None  # said in place of the table when it has no row
    size: float | None = None  # points, for a dense table (the matrix); the body's size otherwise


Block = Heading | Paragraph | Quote | Figures | Table


@dataclass
class Document:
    title: str
    subtitle: str  # the selection and the date, under the title and in the footer
    blocks: list[Block]
    internal: bool  # holds unpublished or proposed records: every page says so
    language: str = "en"
    paper: str = "a4"  # or "us-letter"
    landscape: bool = False
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    symbol: str | None = None  # a document symbol printed top right, when it has one
    keywords: list[str] = field(default_factory=list)

    @property
    def mark(self) -> str:
        """What every page and the document's properties say of the data it holds."""
        return file_mark(not self.internal)

    @property
    def rtl(self) -> bool:
        return self.language.split("_")[0] in ("ar", "he", "fa", "ur")


__all__ = [
    "PAPERS",
    "Block",
    "Cell",
    "Document",
    "Figures",
    "Heading",
    "Paragraph",
    "Part",
    "Quote",
    "Row",
    "Table",
]
