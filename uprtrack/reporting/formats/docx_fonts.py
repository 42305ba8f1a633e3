"""Fonts of the Word exports: Noto for Latin, East Asian (Chinese) and complex script (Arabic) text, named so that
Word and LibreOffice use them rather than the template's theme fonts."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

LATIN_FONT, CJK_FONT, ARABIC_FONT = "Noto Sans", "Noto Sans CJK SC", "Noto Naskh Arabic"
# The order of a run's properties in the schema (ECMA-376 CT_RPr), where each new one must go.
RUN_PROPERTIES = tuple(
    f"w:{name}"
    for name in [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
)


def put_run_property(rPr, tag: str, **attrs: str) -> None:
    """Set a run property element, in the place the schema orders it (Word refuses misordered properties)."""
    rPr.remove_all(tag)
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    successors = RUN_PROPERTIES[RUN_PROPERTIES.index(tag) + 1 :]
    rPr.insert_element_before(element, *successors)


def name_fonts(rPr, size_pt: float | None = None) -> None:
    """Name the Noto fonts for every script (theme fonts go: Word prefers them over named fonts) and, when given,
    the size of both Latin and complex script text."""
    put_run_property(
        rPr, "w:rFonts", ascii=LATIN_FONT, hAnsi=LATIN_FONT, eastAsia=CJK_FONT, cs=ARABIC_FONT
    )
    if size_pt is not None:
        put_run_property(rPr, "w:sz", val=str(int(size_pt * 2)))
        put_run_property(rPr, "w:szCs", val=str(int(size_pt * 2)))
