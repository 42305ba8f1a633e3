"""Write the progress matrix as a Word document in the shape of OHCHR's matrices, ready to annex to a statement."""

from __future__ import annotations

import re
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap, qn
from docx.shared import Length, Mm, Pt, RGBColor
from flask_babel import gettext as _
from lxml.etree import SubElement

from uprtrack.core.vocabulary import Status
from uprtrack.reporting.documents.model import PAPERS
from uprtrack.reporting.formats.docx_fonts import name_fonts, put_run_property
from uprtrack.reporting.formats.matrix_layout import (
    GROUPS,
    STATUS_GROUP,
    Part,
    is_rtl,
    linked_header,
    linked_values,
    parts,
)
from uprtrack.reporting.formats.matrix_layout import subtitle as subtitle_line
from uprtrack.reporting.matrix.columns import LINKED_COLUMNS, LINKED_TITLES, MatrixMeta
from uprtrack.reporting.matrix.rows import Matrix

# python-docx holds the whole document in memory as an lxml tree and serialises it at the end. Measured on this 2-core
# machine with rows like 140.31 of the tests (Chinese and Arabic actions, every column filled), rows written with lxml
# directly: 1,000 rows 0.9 s / +70 MB peak, 5,000 rows 6.1 s / +324 MB, 10,000 rows 11.6 s / +642 MB. (Through
# python-docx's own paragraph and run objects 1,000 rows took 11 s.) 5,000 rows stay well under 15 s and a third of a
# GB; a State's matrix has a few hundred rows.
MAX_ROWS = 5000

# Widths of the annex's columns, in shares of the page: long text wide, a date or an amount on one line (others 3).
ANNEX_SHARES = {
    "text": 8,
    "title": 6,
    "follow_up": 5,
    "outcome": 5,
    "provider": 4,
    "fund": 4,
    "link": 4,
}
HEADER_FILL, THEME_FILL, LINK_COLOUR = "E7EDF3", "D5DDE5", "1D4F7A"
MARGIN = Mm(12)
W, XML_SPACE = "{{{}}}".format(nsmap["w"]), "{http://www.w3.org/XML/1998/namespace}space"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def _styles(document, language: str) -> None:
    """Set the document's default font, size and languages, and plain Noto headings."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    name_fonts(rPr, 8)
    put_run_property(rPr, "w:lang", val=language, eastAsia="zh-CN", bidi="ar-SA")
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(1.5), 1.0
    for name, size in (("Heading 1", 14), ("Heading 2", 11)):
        style = document.styles[name]
        name_fonts(style.element.get_or_add_rPr(), size)
        style.font.color.rgb = RGBColor(0x1B, 0x27, 0x33)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(8), Pt(3)


def _el(parent, tag: str, **attrs: str):
    """Append a w: element; lxml directly, since python-docx's element helpers cost about 40 µs each."""
    element = SubElement(parent, W + tag)
    for name, value in attrs.items():
        element.set(W + name, value)
    return element


def _run(paragraph, text: str, bold: bool = False, link: bool = False) -> None:
    """Add a run; a run whose letters are mostly Arabic or Hebrew is marked right to left, so Word orders it so."""
    run = _el(paragraph, "r")
    rtl = is_rtl(text)
    if bold or rtl or link:
        properties = _el(run, "rPr")  # children in the schema's order: b, color, u, rtl
        if bold:
            _el(properties, "b")
        if link:
            _el(properties, "color", val=LINK_COLOUR)
            _el(properties, "u", val="single")
        if rtl:
            _el(properties, "rtl")
    lines = NOT_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines):
        if number:
            _el(run, "br")
        _el(run, "t").text = line
        run[-1].set(XML_SPACE, "preserve")


def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (page number, hyperlink) that Word and LibreOffice update as they lay the page out."""
    _run(_el(paragraph, "fldSimple", instr=instruction), shown)


class Links:
    """The document's external hyperlinks, numbered here: python-docx's `relate_to` scans all the links it holds
    for each new one, which grows with the square of the rows."""

    def __init__(self, part):
        self.part, self.count = part, 0

    def add(self, paragraph, url: str, shown: str) -> None:
        self.count += 1
        rel_id = f"rIdLink{self.count}"
        self.part.rels.add_relationship(RT.HYPERLINK, url, rel_id, is_external=True)
        link = _el(paragraph, "hyperlink")
        link.set(qn("r:id"), rel_id)
        _run(link, shown, link=True)


def _paragraph(cell, *, rtl: bool = False, indent: bool = False, keep: bool = False):
    paragraph = _el(cell, "p")
    if rtl or indent or keep:
        properties = _el(paragraph, "pPr")  # children in the schema's order: keepNext, bidi, ind
        if keep:
            _el(properties, "keepNext")
        if rtl:
            _el(properties, "bidi")
        if indent:
            _el(properties, "ind", left=str(Mm(2).twips))
    return paragraph


def _row(table, header: bool = False):
    """A table row kept on one page (Word still splits a row taller than a page); a header row repeats."""
    row = _el(table, "tr")
    properties = _el(row, "trPr")
    _el(properties, "cantSplit")
    if header:
        _el(properties, "tblHeader")
    return row


def _cell(row, width: Length, fill: str | None = None, span: int = 1):
    cell = _el(row, "tc")
    properties = _el(cell, "tcPr")
    _el(properties, "tcW", w=str(width.twips), type="dxa")
    if span > 1:
        _el(properties, "gridSpan", val=str(span))
    if fill:
        _el(properties, "shd", val="clear", color="auto", fill=fill.lstrip("#"))
    return cell


def _fill(cell, found: list[Part], links: Links, url: str | None = None) -> None:
    """Write each part as "Label: value", or the label over one paragraph per value when there are several."""
    for number, part in enumerate(found):
        paragraph = _paragraph(cell)
        _run(paragraph, f"{part.label}:" + (" " if len(part.values) == 1 else ""), bold=True)
        if len(part.values) == 1:
            if url and number == 0:
                links.add(paragraph, url, part.values[0])
            else:
                _run(paragraph, part.values[0])
            continue
        for value in part.values:
            item = _paragraph(cell, rtl=is_rtl(value), indent=True)
            _run(item, "– ")
            _run(item, value)
    if not found:
        _paragraph(cell)  # a cell holds at least one paragraph


def _table(
    document, shares: list[int], header: list[str], width: Length
) -> tuple[object, list[Length]]:
    """A fixed-width table across the page whose header row repeats on every page; return it and its widths."""
    table = document.add_table(rows=0, cols=len(shares))
    table.style = document.styles["Table Grid"]
    table.autofit = False  # a fixed layout: the widths below hold whatever the text
    widths = [Length(int(width * share / sum(shares))) for share in shares]
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    row = _row(table._tbl, header=True)
    for label, width in zip(header, widths, strict=False):
        _run(_paragraph(_cell(row, width, HEADER_FILL)), label, bold=True)
    return table._tbl, widths


def _page(document, meta: MatrixMeta) -> Length:
    """Landscape A4 (or Letter) with the title and what the file holds in the page header (as OHCHR's matrices name
    theirs) and "page / pages" in the footer; return the width between the margins."""
    section = document.sections[0]
    short, long = (Mm(side) for side in PAPERS.get(meta.paper, PAPERS["a4"]))
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = long, short
    section.left_margin = section.right_margin = MARGIN
    section.top_margin, section.bottom_margin = Mm(14), Mm(14)
    section.header_distance = section.footer_distance = Mm(6)
    header = section.header.paragraphs[0]
    header.add_run(meta.title + "  ·  ").font.color.rgb = RGBColor(0x4A, 0x58, 0x66)
    mark = header.add_run(meta.mark)
    mark.bold = True
    mark.font.color.rgb = RGBColor(0x4A, 0x58, 0x66) if meta.public else RGBColor(0x8A, 0x1C, 0x1C)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _field(footer._p, "PAGE", "1")
    _run(footer._p, " / ")
    _field(footer._p, "NUMPAGES", "1")
    return Length(long - 2 * MARGIN)


def _matrix_table(document, matrix: Matrix, links: Links, width: Length) -> int:
    table, widths = _table(
        document, [g.share for g in GROUPS], [str(g.label) for g in GROUPS], width
    )
    cluster, count, fills = None, 0, Status.fills()
    for row in matrix.rows():
        if row.cluster != cluster:
            cluster = row.cluster
            heading = _cell(_row(table), width, THEME_FILL, span=len(GROUPS))
            # keepNext: Word keeps the heading row with the recommendation after it.
            _run(_paragraph(heading, keep=True), cluster, bold=True)
        tr = _row(table)
        for number, (group, width) in enumerate(zip(GROUPS, widths, strict=False)):
            fill = fills.get(row.status) if number == STATUS_GROUP else None
            _fill(
                _cell(tr, width, fill), parts(row, group), links, row.url if number == 0 else None
            )
        count += 1
    return count


def _annex(document, matrix: Matrix, links: Links, width: Length) -> None:
    heading = document.add_heading(_("Annex: pledges, technical assistance and evidence"), level=1)
    heading.paragraph_format.page_break_before = True
    for kind in ("pledge", "assistance", "evidence"):
        document.add_heading(str(LINKED_TITLES[kind]), level=2)
        records = matrix.linked_records(kind)
        if not records:
            document.add_paragraph(_("None."))
            continue
        keys = [key for key, _label in LINKED_COLUMNS[kind]]
        shares = [ANNEX_SHARES.get(key, 3) for key in keys] + [4]
        table, widths = _table(document, shares, linked_header(kind), width)
        for record in records:
            tr = _row(table)
            for key, width, value in zip(
                [*keys, None], widths, linked_values(record), strict=False
            ):
                paragraph = _paragraph(_cell(tr, width))
                if key == "link" and value.startswith(("http://", "https://")):
                    links.add(paragraph, value, value)
                elif value:
                    _run(paragraph, value)


def write_docx(matrix: Matrix, out: BinaryIO) -> None:
    """Write the title block, the matrix clustered under theme heading rows, and an annex of the linked records."""
    document = Document()
    meta = matrix.meta
    _styles(document, meta.language)
    width = _page(document, meta)
    document.core_properties.title = meta.title
    document.core_properties.subject = subtitle_line(meta)
    document.core_properties.comments = meta.mark
    document.core_properties.author = "uprtrack"
    document.core_properties.language = meta.language
    document.core_properties.created = meta.created.replace(tzinfo=None)
    document.add_heading(meta.title, level=1)
    document.add_paragraph(subtitle_line(meta))
    links = Links(document.part)
    if not _matrix_table(document, matrix, links, width):
        document.add_paragraph(_("No recommendation matches the selection."))
    _annex(document, matrix, links, width)
    document.save(out)
