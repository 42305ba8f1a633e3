"""The numbers Word draws before list paragraphs, counted as Word counts them.

A draft Working Group report may type its ids ("6.1<tab>") or let Word's automatic numbering draw them: then the
id is in no text, only in `w:numPr` (numId, ilvl) and numbering.xml, whose abstract list gives each level a
`lvlText` such as "6.%1" or "%1.%2", a `start`, and whose `w:num` may override a level's start. Each paragraph
with a numId at a level increments that level's counter and resets the deeper ones; a paragraph without numPr of
its own takes its style's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn

_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass
class _Level:
    start: int = 1
    text: str = ""
    fmt: str = "decimal"


@dataclass
class _List:
    levels: dict[int, _Level] = field(default_factory=dict)
    counters: dict[int, int] = field(default_factory=dict)


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return None if child is None else child.get(qn("w:val"))


class Numbering:
    """Label each paragraph of one document in order: `label(paragraph)` gives "6.12", or None."""

    def __init__(self, document) -> None:
        self._lists: dict[str, _List] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return  # a document without numbering.xml draws no numbers
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            levels = {}
            for lvl in abstract.get(_val(num, "w:abstractNumId"), root).findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl")))] = _Level(
                    start=int(_val(lvl, "w:start") or 1),
                    text=_val(lvl, "w:lvlText") or "",
                    fmt=_val(lvl, "w:numFmt") or "decimal",
                )
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                level = levels.setdefault(int(override.get(qn("w:ilvl"))), _Level())
                if start is not None:
                    level.start = int(start)
            self._lists[num.get(qn("w:numId"))] = _List(levels)

    def label(self, paragraph) -> str | None:
        """Count the paragraph in its list and return the number Word shows before it."""
        num_id, ilvl = _num_pr(paragraph)
        numbered = self._lists.get(num_id) if num_id not in (None, "0") else None
        if numbered is None:
            return None
        counters = numbered.counters
        level = numbered.levels.get(ilvl, _Level())
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt != "decimal":
            return None  # bullets and letters are not UPR paragraph ids

        def number(match: re.Match) -> str:
            shown = int(match.group(1)) - 1
            default = numbered.levels.get(shown, _Level()).start
            return str(counters.get(shown, default))

        return _PLACEHOLDER.sub(number, level.text).strip() or None


def _num_pr(paragraph) -> tuple[str | None, int]:
    """The paragraph's (numId, ilvl): its own numPr, and what it lacks from its style or the styles below it."""
    num_id = ilvl = None
    p_pr = paragraph._p.pPr
    sources = [p_pr.numPr if p_pr is not None else None]
    style = paragraph.style
    while style is not None:
        style_pr = style.element.pPr
        sources.append(style_pr.numPr if style_pr is not None else None)
        style = style.base_style
    for num_pr in (s for s in sources if s is not None):
        if num_id is None and num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
        if ilvl is None and num_pr.ilvl is not None:
            ilvl = num_pr.ilvl.val
    return num_id, ilvl or 0
