"""The State's documents in one shape, written as DOCX and as PDF by the same two writers.

A report (the mid-term report, the item 10 statement, OHCHR's matrix with column 4 filled, the progress matrix) is
built once as a `Document`: its page, what it holds (internal or public data), and its blocks (headings, numbered
paragraphs, key figures, tables). `word.write_docx` writes it with python-docx; `typeset.write_pdf` with Typst.
"""

from uprtrack.reporting.documents.model import (
    Block,
    Cell,
    Document,
    Figures,
    Heading,
    Paragraph,
    Part,
    Quote,
    Row,
    Table,
)

__all__ = [
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
