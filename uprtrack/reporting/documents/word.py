"""Write a Document as DOCX with python-docx: Word's own styles (Title, Heading 1-3, List Number, Quote), its page
with the mark and title in the header and "page / pages" in the footer, and its tables written with lxml directly
(python-docx's objects take about 10 ms a row; a State's matrix has hundreds)."""

from __future__ import annotations

from typing import BinaryIO

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor

from uprtrack.reporting.documents.model import (
    PAPERS,
    Document,
    Figures,
    Heading,
    Paragraph,
    Quote,
    Row,
    Table,
)
from uprtrack.reporting.formats.docx_fonts import name_fonts, put_run_property
from uprtrack.reporting.formats.matrix_docx import (
    HEADER_FILL,
    THEME_FILL,
    Links,
    _cell,
    _field,
    _fill,
    _paragraph,
    _row,
    _run,
)

MARKED_FILL = "FDF0E8"
GREY, INTERNAL = RGBColor(0x4A, 0x58, 0x66), RGBColor(0x8A, 0x1C, 0x1C)


def _styles(docx, document: Document) -> None:
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    name_fonts(rPr, 10)
    put_run_property(
        rPr, "w:lang", val=document.language.replace("_", "-"), eastAsia="zh-CN", bidi="ar-SA"
    )
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Quote", "List Number"):
        style = docx.styles[name]
        name_fonts(style.element.get_or_add_rPr())
        style.font.color.rgb = RGBColor(0x1B, 0x27, 0x33)
    docx.styles["Title"].font.size = Pt(18)
    normal = docx.styles["Normal"]
    normal.paragraph_format.space_after = Pt(4)
    if document.rtl:  # an Arabic document: paragraphs and sections run right to left
        normal.element.get_or_add_pPr().append(OxmlElement("w:bidi"))


def _page(docx, document: Document) -> Length:
    """Set the paper, the orientation and the margins; return the width between the margins."""
    section = docx.sections[0]
    short, long = (Mm(side) for side in PAPERS.get(document.paper, PAPERS["a4"]))
    if document.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long, short
        margin = Mm(14)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = short, long
        margin = Mm(22)
    section.left_margin = section.right_margin = margin
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    section.header_distance = section.footer_distance = Mm(8)
    header = section.header.paragraphs[0]
    header.add_run(document.symbol or document.title).font.color.rgb = GREY
    header.add_run("\t")
    mark = header.add_run(document.mark)
    mark.bold, mark.font.color.rgb = True, (INTERNAL if document.internal else GREY)
    footer = section.footer.paragraphs[0]
    footer.add_run(document.subtitle + "\t").font.color.rgb = GREY
    _field(footer._p, "PAGE", "1")
    _run(footer._p, " / ")
    _field(footer._p, "NUMPAGES", "1")
    for paragraph in (header, footer):
        for run in paragraph.runs:
            run.font.size = Pt(7.5)
    width = Length(section.page_width - 2 * margin)
    for paragraph in (
        header,
        footer,
    ):  # the right tab at the text's edge, where the mark and the page number go
        tabs = paragraph.paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(width, alignment=2)
    return width


def _properties(docx, document: Document) -> None:
    properties = docx.core_properties
    properties.title = document.title
    properties.subject = f"{document.subtitle} · {document.mark}"
    properties.author = properties.last_modified_by = "uprtrack"
    properties.keywords = ", ".join(["uprtrack", *document.keywords])
    properties.comments = document.mark
    properties.language = document.language.replace("_", "-")
    properties.created = properties.modified = document.created.replace(tzinfo=None)


def _figures(docx, block: Figures, width: Length) -> None:
    table = docx.add_table(rows=2, cols=len(block.items), style="Table Grid")
    for column, (label, value) in enumerate(block.items):
        above, below = table.cell(0, column), table.cell(1, column)
        above.text, below.text = label, value
        above.paragraphs[0].runs[0].font.size = Pt(7.5)
        above.paragraphs[0].runs[0].font.color.rgb = GREY
        run = below.paragraphs[0].runs[0]
        run.bold, run.font.size = True, Pt(13)
    docx.add_paragraph()


def _table(docx, block: Table, width: Length, links: Links) -> None:
    if block.caption:
        caption = docx.add_paragraph(style="Caption")
        caption.add_run(block.caption).bold = True
        caption.paragraph_format.keep_with_next = True
    rows = iter(block.rows)
    first = next(rows, None)
    if first is None:
        if block.empty:
            docx.add_paragraph(block.empty)
        return
    table = docx.add_table(rows=0, cols=len(block.header))
    table.style = docx.styles["Table Grid"]
    table.autofit = False
    widths = [Length(int(width * share / sum(block.shares))) for share in block.shares]
    for column, w in zip(table.columns, widths, strict=False):
        column.width = w
    tbl = table._tbl
    header = _row(tbl, header=True)
    for label, w in zip(block.header, widths, strict=False):
        _run(_paragraph(_cell(header, w, HEADER_FILL)), label, bold=True)
    for row in (first, *rows):
        _table_row(tbl, row, widths, links)
    if block.size:
        for run_properties in tbl.iter(qn("w:rPr")):
            put_run_property(run_properties, "w:sz", val=str(int(block.size * 2)))


def _table_row(tbl, row: Row, widths: list[Length], links: Links) -> None:
    if row.heading:
        heading = _cell(_row(tbl), Length(sum(widths)), THEME_FILL, span=len(widths))
        _run(_paragraph(heading, keep=True), row.heading, bold=True)
    tr = _row(tbl)
    for column, (cell, w) in enumerate(zip(row.cells, widths, strict=False)):
        fill = row.fills.get(column) or (MARKED_FILL if row.marked else None)
        target = _cell(tr, w, fill)
        if isinstance(cell, str):
            paragraph = _paragraph(target)
            if row.url and column == 0:
                links.add(paragraph, row.url, cell)
            elif is_web_address(cell):
                links.add(paragraph, cell, cell)
            else:
                _run(paragraph, cell)
        else:
            _fill(target, cell, links, row.url if column == 0 else None)


def is_web_address(text: str) -> bool:
    """A cell that is a web address is a link (the evidence's links in an annex)."""
    return text.startswith(("http://", "https://")) and " " not in text


def write_docx(document: Document, out: BinaryIO) -> None:
    """Write the document: title, the line under it, then each block in Word's styles."""
    docx = new_docx()
    _styles(docx, document)
    width = _page(docx, document)
    _properties(docx, document)
    docx.add_paragraph(document.title, style="Title")
    under = docx.add_paragraph()
    under.add_run(f"{document.subtitle} · {document.mark}").font.color.rgb = GREY
    links = Links(docx.part)
    for block in document.blocks:
        if isinstance(block, Heading):
            docx.add_heading(block.text, level=min(max(block.level, 1), 3))
        elif isinstance(block, Paragraph):
            if block.numbered:
                docx.add_paragraph(block.text, style="List Number")
            elif block.note:
                run = docx.add_paragraph().add_run(block.text)
                run.font.size, run.font.color.rgb = Pt(8.5), GREY
            else:
                docx.add_paragraph(block.text)
        elif isinstance(block, Quote):
            docx.add_paragraph(block.text, style="Quote")
            source = docx.add_paragraph()
            source.alignment = WD_ALIGN_PARAGRAPH.RIGHT if document.rtl else WD_ALIGN_PARAGRAPH.LEFT
            source.add_run("— " + block.source).font.color.rgb = GREY
        elif isinstance(block, Figures):
            _figures(docx, block, width)
        elif isinstance(block, Table):
            _table(docx, block, width, links)
    docx.save(out)
