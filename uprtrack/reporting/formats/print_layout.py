"""How the spreadsheets print: landscape A4, one page wide, the header row on every page, a header that says
whether the file may be shared and a footer with the title and page numbers (XLSX and ODS alike)."""

from __future__ import annotations

from flask_babel import gettext as _
from odf.style import (
    Footer,
    FooterStyle,
    Header,
    HeaderFooterProperties,
    HeaderStyle,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    Style,
    TableProperties,
)
from odf.text import P, PageCount, PageNumber

from uprtrack.reporting.marks import file_mark

A4 = 9  # XlsxWriter's paper code
HEADER_MAX = 255  # Excel's longest header or footer


def public_note(public: bool) -> str:
    """Say whether the file may be shared: staff files also carry what is not yet published or validated."""
    return file_mark(public)


def _xlsx_escape(text: str, room: int) -> str:
    return str(text).replace("&", "&&")[:room]


def xlsx_page(ws, title: str, public: bool, header_row: int | None) -> None:
    """Print a worksheet landscape on A4, one page wide, its header row repeated, with a header and a footer."""
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    if header_row is not None:
        ws.repeat_rows(header_row)
    note = _xlsx_escape(public_note(public), 120)
    ws.set_header(f"&L&B{note}&B&R{_xlsx_escape(title, HEADER_MAX - len(note) - 12)}")
    page = _xlsx_escape(_("Page %(page)s of %(pages)s", page="&P", pages="&N"), 60)
    page = page.replace("&&P", "&P").replace("&&N", "&N")
    ws.set_footer(f"&L{_xlsx_escape(title, HEADER_MAX - len(page) - 6)}&R{page}")


def ods_page(doc, title: str, public: bool) -> Style:
    """Add the landscape A4 page, its header and footer to the document; return the table style that prints on it."""
    layout = PageLayout(name="landscape-a4")
    layout.addElement(
        PageLayoutProperties(
            printorientation="landscape",
            pagewidth="29.7cm",
            pageheight="21cm",
            margin="1.5cm",
            scaletox="1",  # one page wide: LibreOffice's scale-to-X
            scaletoy="0",  # any number of pages high
        )
    )
    # LibreOffice prints a master page's header and footer only when the layout gives them room.
    for kind in (HeaderStyle, FooterStyle):
        room = kind()
        room.addElement(HeaderFooterProperties(minheight="0.6cm", margin="0.2cm"))
        layout.addElement(room)
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Landscape", pagelayoutname=layout)
    header = Header()
    header.addElement(P(text=f"{public_note(public)} · {title}"))
    master.addElement(header)
    footer = Footer()
    words = _("Page %(page)s of %(pages)s", page="\x00", pages="\x01")
    line = P(text=f"{title} · ")
    before, rest = words.split("\x00", 1)
    between, after = rest.split("\x01", 1) if "\x01" in rest else (rest, "")
    line.addText(before)
    line.addElement(PageNumber(selectpage="current"))
    line.addText(between)
    line.addElement(PageCount())
    line.addText(after)
    footer.addElement(line)
    master.addElement(footer)
    doc.masterstyles.addElement(master)
    style = Style(name="printed-sheet", family="table", masterpagename=master)
    style.addElement(TableProperties(display="true"))
    doc.automaticstyles.addElement(style)
    return style
