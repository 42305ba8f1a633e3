"""Read OHCHR "Thematic list of recommendations" Word matrices into recommendation rows.

The State, cycle and session are only in the page header (read by matrix_header); theme headings are
merged rows; the first cell holds "<para> <text> (<State>) (<State>);" and a "Source of position:" line.
Matrices since 2012 differ in their column headers (a States column, a themes or a rights column, an SDG
column), so columns are found by header words, never by position; `Parsed.layout` names what was found.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from uprtrack.core.vocabulary import cycle_of_session, normalise_position
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.matrix_header import read_header, session_from_symbols
from uprtrack.imports.rows import ImportFileError, Parsed, RecommendationRow, Rejection
from uprtrack.imports.state_groups import clause_states, split_names, trailing_groups
from uprtrack.imports.word_document import open_docx

NO_TABLE = (
    "This Word file has no table of recommendations: expected a header such as "
    "'Recommendation' and 'Position'."
)

_ID = re.compile(r"^(\d+(?:\.\d+)+)\.?(?=\s|$)")
_SOURCE = re.compile(r"source of position\s*:?\s*(.*)", re.I)
_THEME_ROW = re.compile(r"^(?:themes?|rights?\s+or\s+areas?)\s*[:\-–]\s*", re.I)
_GROUPS_MARK = re.compile(r"^(?:affected persons|groups? of persons|groups)\s*:\s*", re.I)
_SDGS_MARK = re.compile(r"^sdgs?\s*:\s*", re.I)
_BULLET = re.compile(r"^[-•▪·]\s*")
# An SDG written by its code inside the themes cell: "SDG 4.1", "SDGs 4", "Goal 4: Quality education".
_SDG_CODED = re.compile(
    r"^(?:SDGs?|Goal|Target)\s*(\d{1,2}(?:\.[0-9a-z]{1,2})?)\b\s*[-–:]?\s*(.*)$", re.I
)
# Words of a bracket that names a treaty, principles or a plan rather than States ("(the Paris Principles)").
_DOCUMENT = re.compile(r"[A-Z]+/[\w./-]*\w")
_PARA = re.compile(r"para\.?\s*(\d+)", re.I)
# Order matters: "Recommendation and recommending State" is the text column, "Recommending State/s" the States.
_COLUMN_WORDS = (
    ("source", "source of position"),
    ("text", "recommendation"),
    ("states", "recommending"),
    ("position", "position"),
    ("position", "response"),
    ("themes", "theme"),
    ("themes", "right"),  # "Rights/affected persons": rights, then an "Affected persons:" block
    ("sdgs", "sdg"),
    ("sdgs", "sustainable development"),
    ("groups", "affected"),
    ("groups", "group"),
)


def parse(
    source: str | Path | BinaryIO,
    *,
    state: str | None = None,
    cycle: int | None = None,
    session: int | None = None,
) -> Parsed:
    """Parse an OHCHR matrix into rows and rejections; arguments override the page header."""
    document = open_docx(source)
    tables = [(table, found) for table in document.tables if (found := _find_header(table))]
    if not tables:
        raise ImportFileError(NO_TABLE)
    named = _read_page_header(document)
    if named["session"] is None and (cited := session_from_symbols(_all_text(document))):
        named["session"] = cited[0]
    state = state or named["state"]
    if not state:
        raise ImportFileError(
            "The page header of this Word file does not name the State under review "
            "(expected 'UPR of <State> (...)'); choose the State when you import it."
        )
    cycle = cycle or named["cycle"]
    session = session or named["session"]
    if cycle is None and session is not None:
        cycle = cycle_of_session(session)
    parsed = Parsed(kind=ImportKind.OHCHR_MATRIX, state=state, cycle=cycle, session=session)
    parsed.named_state = named["state"]
    parsed.layout = _layout(tables[0][0].rows[tables[0][1][0]], tables[0][1][1])
    base = {
        "state": state,
        "cycle": cycle,
        "session": session,
        "source_file": Path(source).name if isinstance(source, (str, Path)) else None,
    }
    theme = None  # a split table continues under the theme of the previous one
    for number, (table, (header_at, columns)) in enumerate(tables, start=1):
        prefix = f"Table {number}: " if len(tables) > 1 else ""
        theme = _read_table(table, header_at, columns, base, theme, prefix, parsed)
    return parsed


def looks_like_matrix(source: str | Path | BinaryIO) -> bool:
    """Say whether the source is a .docx with a recommendation table, leaving a stream where it was."""
    start = source.tell() if hasattr(source, "tell") else None
    try:
        return any(_find_header(table) for table in open_docx(source).tables)
    except (ImportFileError, OSError):
        return False
    finally:
        if start is not None:
            source.seek(start)


def _find_header(table) -> tuple[int, dict[str, int]] | None:
    """Return the header row index and the column of each field, or None if the table is no matrix."""
    for index, row in enumerate(table.rows[:3]):
        columns = _columns([cell.text for cell in row.cells])
        if "text" in columns and "position" in columns:
            return index, columns
    return None


def _columns(headers: list[str]) -> dict[str, int]:
    """Map field names to column indexes from header words; the first column that matches a field wins."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(headers):
        header = " ".join(raw.lower().split())
        field = next((field for field, word in _COLUMN_WORDS if word in header), None)
        if field:
            columns.setdefault(field, index)
    return columns


def _read_table(table, header_at, columns, base, theme, prefix, parsed) -> str | None:
    """Append the table's rows and rejections to parsed; return the theme heading in force at its end."""
    header = None
    for index, row in enumerate(table.rows):
        cells = [cell.text for cell in row.cells]
        if index < header_at or not any(text.strip() for text in cells):
            continue
        if index == header_at or cells == header:
            header = cells  # Word may repeat the header row where the table crosses a page
            continue
        heading = _theme_heading(cells)
        if heading is not None:
            theme = heading
            continue
        result = _read_row(index + 1, cells, columns, base, theme)
        if isinstance(result, str):
            parsed.rejected.append(Rejection(index + 1, prefix + result))
        else:
            parsed.rows.append(result)
    return theme


def _theme_heading(cells: list[str]) -> str | None:
    """Return the heading of a theme row (merged or 'Theme: ...'), or None for other rows."""
    first = _squeeze(cells[0])
    # A merged row is a heading whatever it starts with: older schemes number rights ("21.1 Right to ...").
    merged = len(cells) > 1 and len(set(cells)) == 1
    if _THEME_ROW.match(first) or merged:
        return _THEME_ROW.sub("", first)
    return None


def _read_row(
    number: int, cells: list[str], columns: dict[str, int], base: dict, theme: str | None
) -> RecommendationRow | str:
    """Build one recommendation row, or return the reason it cannot be read."""

    def cell(field: str) -> str:
        return cells[columns[field]] if field in columns and columns[field] < len(cells) else ""

    body, source = _split_source(cell("text"))
    if "source" in columns:
        source = _squeeze(cell("source")) or source
    found = _ID.match(body)
    if not body:
        return "The row has no recommendation text."
    if not found:
        return f"The recommendation '{body[:60]}' has no paragraph number (such as '115.3') at its start."
    text, states = _split_states(body[found.end() :])
    if not text:
        return f"Recommendation {found.group(1)} has a paragraph number but no text."
    position = _squeeze(cell("position"))
    if normalise_position(position) is None:
        return (
            f"The position '{position}' is not a known answer; expected 'Supported', 'Noted' "
            "or 'Supported/Noted'."
        )
    if "states" in columns and cell("states").strip():
        states = split_names(cell("states").replace("\n", ",").replace(";", ","))
    themes, groups, sdgs = _split_themes(cell("themes"))
    if "groups" in columns:
        groups += _lines(cell("groups"))
    if "sdgs" in columns:
        sdgs += _sdg_lines(cell("sdgs"))
    document = _DOCUMENT.search(source or "")
    paragraph = _PARA.findall(source or "")
    return RecommendationRow(
        row=number,
        text=text,
        recommending_states=states,
        position=position,
        paragraph=found.group(1),
        position_source=source,
        position_document=document.group(0) if document else None,
        position_paragraph=paragraph[-1] if paragraph else None,
        theme_heading=theme,
        themes=themes,
        groups=groups,
        sdgs=sdgs,
        **base,
    )


def _split_source(text: str) -> tuple[str, str | None]:
    """Split the first cell into the recommendation and its 'Source of position' line."""
    found = _SOURCE.search(text)
    if not found:
        return _squeeze(text), None
    return _squeeze(text[: found.start()]), _squeeze(found.group(1)) or None


def _split_states(body: str) -> tuple[str, list[str]]:
    """Return the text without its trailing State groups, and the States of every clause.

    A paragraph of several clauses ("... (Ukraine); Increase efforts ... (Slovakia);") is one recommendation:
    its text keeps every clause with the group that follows it, as the matrices print it, and only the groups
    ending the paragraph are taken off; every group's States are recommending States.
    """
    return trailing_groups(body)[0], clause_states(body)


def _split_themes(cell: str) -> tuple[list[str], list[str], list[str]]:
    """Split the themes cell into themes, groups of persons and SDGs by its block labels."""
    blocks: dict[str, list[str]] = {"themes": [], "groups": [], "sdgs": []}
    current = "themes"
    for line in cell.splitlines():
        line = line.strip()
        for mark, block in ((_GROUPS_MARK, "groups"), (_SDGS_MARK, "sdgs")):
            if mark.match(line):
                current, line = block, mark.sub("", line)
        if coded := _SDG_CODED.match(line):
            blocks["sdgs"].append(_sdg_label(coded))
            continue
        blocks[current] += _lines(line)
    return blocks["themes"], blocks["groups"], blocks["sdgs"]


def _sdg_label(coded: re.Match) -> str:
    """Write a coded SDG line the way lookup.split_sdg reads it: "Goal 4: Quality education" -> "4 - ..."."""
    code, title = coded.group(1), _squeeze(coded.group(2))
    return f"{code} - {title}" if title else code


def _sdg_lines(cell: str) -> list[str]:
    """The SDGs of an SDG column: "- 4 - QUALITY EDUCATION" lines, or coded ones ("SDG 4.1")."""
    lines = _lines(_SDGS_MARK.sub("", cell.strip()))
    return [_sdg_label(coded) if (coded := _SDG_CODED.match(line)) else line for line in lines]


def _lines(text: str) -> list[str]:
    """Return the non-empty lines of a cell without their bullets."""
    return [item for line in text.splitlines() if (item := _squeeze(_BULLET.sub("", line.strip())))]


def _read_page_header(document) -> dict:
    """Find the State, cycle and session in the first page header that names a State (matrix_header)."""
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous:
                continue  # reading an undefined header would make python-docx add one
            texts = [p.text for p in header.paragraphs]
            texts += [
                cell.text for table in header.tables for row in table.rows for cell in row.cells
            ]
            named = read_header("\n".join(texts))
            if named["state"]:
                return named
    return {"state": None, "cycle": None, "session": None}


def _all_text(document) -> str:
    """The text of the document's body and page footers, where document symbols are cited."""
    texts = ["".join(document.element.body.itertext())]
    texts += [p.text for section in document.sections for p in section.footer.paragraphs]
    return "\n".join(texts)


_LAYOUT_NAMES = {
    "text": "recommendation with States",
    "states": "recommending States",
    "position": "position",
    "source": "source of position",
    "themes": "themes",
    "groups": "affected persons",
    "sdgs": "SDGs",
}


def _layout(header_row, columns: dict[str, int]) -> str:
    """Describe the columns recognised, for the report: 'OHCHR matrix: 4 columns (recommendation, ...)'."""
    headers = [_squeeze(cell.text) for cell in header_row.cells]
    by_index = {index: field for field, index in columns.items()}
    parts = []
    for index, header in enumerate(headers):
        field = by_index.get(index)
        if field is None:
            parts.append(header.lower() or "unnamed")
        elif field == "text" and "states" in columns:
            parts.append("recommendation")
        elif field == "themes" and re.search(r"group|affected", header, re.I):
            parts.append("themes and groups")
        else:
            parts.append(_LAYOUT_NAMES[field])
    return f"OHCHR matrix: {len(headers)} columns ({', '.join(parts)})"


def _squeeze(text: str) -> str:
    """Collapse runs of whitespace into one space and trim."""
    return " ".join(text.split())
