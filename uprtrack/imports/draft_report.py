"""Draft reports of the UPR Working Group (.docx): section II's recommendations with the position of their block.

A State receives the draft weeks before OHCHR's matrix, so follow-up can start from it. Section II lists every
recommendation as a paragraph "6.1", "7.3", "8.12" under three introductory paragraphs: those that "enjoy the
support" of the State, those it "will examine" (the position is still to come) and those it "noted". When an
extract cut those paragraphs, the numbering itself is the block (6 supported, 7 examined, 8 noted). Ids are
typed ("6.1<tab>...") or drawn by Word's list numbering (`word_numbering`). A row's number is the paragraph's
place in the document (the first paragraph is 1); its reason names the paragraph's id. Pure: no database.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from uprtrack.core.vocabulary import Position, cycle_of_session
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.rows import ImportFileError, Parsed, RecommendationRow, Rejection
from uprtrack.imports.state_groups import (
    clause_states,
    split_names,
    split_top_level,
    trailing_groups,
)
from uprtrack.imports.word_document import open_docx
from uprtrack.imports.word_numbering import Numbering

TITLE = "Report of the Working Group on the Universal Periodic Review"
# The introductory paragraph of each block, and the block a paragraph number means when they were cut.
BLOCK_WORDS = (
    ("enjoy the support", Position.SUPPORTED.value),
    ("will be examined", Position.PENDING.value),
    ("will examine", Position.PENDING.value),
    ("noted", Position.NOTED.value),
)
BLOCK_NUMBERS = {
    "6": Position.SUPPORTED.value,
    "7": Position.PENDING.value,
    "8": Position.NOTED.value,
}

_TYPED_ID = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\t")
_RECOMMENDATION_ID = re.compile(r"^\d+\.\d+$")
_BLOCK_ID = re.compile(r"^(\d+)\.?$")
_SYMBOL = re.compile(r"\bA/HRC/\d+/\d+(?:/Add\.\d+)?")
_UPR_SESSION = re.compile(r"A\s*/\s*HRC\s*/\s*WG\.6\s*/\s*(\d+)")
# OHCHR circulates drafts as "<State> - Draft report ...": the State, when the extract lost its masthead.
_NAMED = re.compile(r"^([^-\u2013_]+?)\s*[-\u2013_]\s*draft report\b", re.I)
_DATE = re.compile(
    r"\b(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4})\b"
)
_SECTION_II = re.compile(r"^\s*II\.\s")


def looks_like_draft(path: str | Path) -> bool:
    """Say whether a .docx reads as a draft Working Group report: its text holds the report's title."""
    try:
        document = open_docx(Path(path))
    except ImportFileError:
        return False
    return any(TITLE in p.text for p in document.paragraphs)


def parse(
    path: str | Path,
    *,
    state: str | None = None,
    cycle: int | None = None,
    session: int | None = None,
    filename: str | None = None,
) -> Parsed:
    """Read section II of a draft report; arguments override what the masthead says."""
    path = Path(path)
    name = filename or path.name
    document = open_docx(path)
    masthead = _masthead(document, name)
    session = session or masthead["session"]
    cycle = cycle or (cycle_of_session(session) if session else None)
    parsed = Parsed(
        kind=ImportKind.DRAFT_REPORT,
        state=state or masthead["state"],
        cycle=cycle,
        session=session,
        named_state=masthead["state"],
    )
    symbol = masthead["symbol"]
    base = {
        "state": parsed.state,
        "cycle": cycle,
        "session": session,
        "position_source": symbol or name,
        "position_document": symbol,
        "document_symbol": symbol,
        "position_date": masthead["date"],
        "source_file": name,
    }
    headings = _read_section(document, parsed, base)
    if not parsed.rows and not parsed.rejected:
        raise ImportFileError(
            f"{name} holds no recommendations: expected numbered paragraphs such as '6.1' in "
            "section II (Conclusions and/or recommendations) of a draft Working Group report."
        )
    parsed.layout = "Draft Working Group report, " + (
        "positions from the headings of paragraphs 6, 7 and 8"
        if headings
        else "no block headings: positions from the numbering (6 supported, 7 examined, 8 noted)"
    )
    return parsed


def _read_section(document, parsed: Parsed, base: dict) -> bool:
    """Collect section II's recommendations into `parsed`; return whether block headings gave the positions."""
    numbering = Numbering(document)
    paragraphs = [(p, numbering.label(p)) for p in document.paragraphs]
    has_section = any(_SECTION_II.match(p.text) for p, _ in paragraphs)
    has_title = any(TITLE in p.text for p, _ in paragraphs)
    if has_title and not has_section:
        raise ImportFileError(
            "This draft Working Group report has no section II (Conclusions and/or recommendations), "
            "so it holds no recommendations to import."
        )
    blocks = [_block_of(_split_id(p.text, label)) for p, label in paragraphs]
    headings = any(block is not None for block in blocks)
    in_section, position = not has_section, None
    for number, ((paragraph, label), block) in enumerate(
        zip(paragraphs, blocks, strict=True), start=1
    ):
        if has_section and _SECTION_II.match(paragraph.text):
            in_section = True
            continue
        if not in_section:
            continue
        ident, text = _split_id(paragraph.text, label)
        if block is not None or (ident and _BLOCK_ID.match(ident)):
            position = block  # a numbered paragraph that opens no block (9., 10.) ends the last one
            continue
        if not ident or not _RECOMMENDATION_ID.match(ident):
            if text and (
                position or not headings
            ):  # inside a block, text without an id is not lost
                parsed.rejected.append(Rejection(number, _no_id(text)))
            continue
        found = position if headings else BLOCK_NUMBERS.get(ident.split(".")[0])
        if found is None:
            parsed.rejected.append(Rejection(number, _no_block(ident, headings)))
            continue
        body, states = split_states(text)
        if not body:
            parsed.rejected.append(Rejection(number, f"paragraph {ident} has no text"))
            continue
        parsed.rows.append(
            RecommendationRow(
                row=number,
                text=body,
                recommending_states=states,
                position=found,
                paragraph=ident,
                position_paragraph=ident.split(".")[0],
                **base,
            )
        )
    return headings


def _no_id(text: str) -> str:
    start = text if len(text) <= 60 else text[:60].rsplit(" ", 1)[0] + " ..."
    return f"the paragraph '{start}' has no recommendation number such as 6.1, so it was not read"


def _no_block(ident: str, headings: bool) -> str:
    if headings:
        return f"paragraph {ident} stands under no paragraph saying the State supports, examines or noted it"
    return f"paragraph {ident} is in no block 6, 7 or 8, so its position is not known"


def _split_id(text: str, label: str | None) -> tuple[str | None, str]:
    """The paragraph's id (drawn by Word or typed before a tab) and its text without it."""
    if label:
        return label.rstrip("."), text.strip()
    typed = _TYPED_ID.match(text)
    if typed:
        return typed.group(1), text[typed.end() :].strip()
    return None, text.strip()


def _block_of(split: tuple[str | None, str]) -> str | None:
    """The position a block's introductory paragraph ("6. The recommendations ... enjoy the support") gives."""
    ident, text = split
    if not ident or not _BLOCK_ID.match(ident) or not text.rstrip().endswith(":"):
        return None
    lowered = text.lower()
    return next((position for words, position in BLOCK_WORDS if words in lowered), None)


def split_states(text: str) -> tuple[str, list[str]]:
    """Peel the final '(State); (State)' groups off a recommendation; return its words and every State named.

    A clause inside the recommendation may carry its own group ("... (Chad); and ... (Peru)"): its States
    count too, but its words stay in the text.
    """
    body, final = trailing_groups(text, joined_by_semicolons=True)
    earlier = split_top_level(body, ";")[
        :-1
    ]  # the last clause's brackets are words of the final run
    states = clause_states(";".join(earlier), joined_by_semicolons=True)
    states += [name for group in final for name in split_names(group)]
    return body, list(dict.fromkeys(states))


def _masthead(document, name: str) -> dict:
    """The State, symbol, UPR session and date the masthead (or page header, for an extract) gives."""
    cells = [cell.text for table in document.tables[:1] for row in table.rows for cell in row.cells]
    headers = [_part_text(document, "/header")]
    symbol = next((m.group(0) for t in cells + headers if (m := _SYMBOL.search(t))), None)
    body = (p.text for p in document.paragraphs)
    everything = "\n".join([*cells, *body, _part_text(document, "/footnotes")])
    upr_session = _UPR_SESSION.search(everything)
    dated = _DATE.search(name) or next((m for t in cells if (m := _DATE.search(t))), None)
    return {
        "state": _state(document) or _state_in_name(name),
        "symbol": symbol,
        "session": int(upr_session.group(1)) if upr_session else None,
        "date": datetime.strptime(dated.group(1), "%d %B %Y").date().isoformat() if dated else None,
    }


def _state_in_name(name: str) -> str | None:
    """The State a circulated draft's file name starts with: "Namibia - Draft report circulated on 6 May 2026"."""
    found = _NAMED.match(name)
    return found.group(1).strip() if found else None


def _state(document) -> str | None:
    """The State under review: "Report of the Working Group ...* - Somalia", or the heading after the title."""
    texts = [p.text.strip() for p in document.paragraphs]
    for index, text in enumerate(texts):
        if TITLE not in text:
            continue
        after = text.split(TITLE, 1)[1].lstrip("*").strip(" -\u2013\u2014:\t")
        if after:
            return after
        return next((t for t in texts[index + 1 :] if t), None)
    return None


def _part_text(document, relation: str) -> str:
    """The text of the parts the document relates to (its page headers, its footnotes), runs joined.

    An extract keeps its symbol only in the page header; the masthead cites the UPR session's documents
    (A/HRC/WG.6/52/SOM/1) in footnotes.
    """
    texts = []
    for rel in document.part.rels.values():
        if rel.reltype.endswith(relation) and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            texts.append("".join(t.text or "" for t in root.iter(qn("w:t"))))
    return "\n".join(texts)
