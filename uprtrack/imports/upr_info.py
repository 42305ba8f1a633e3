"""Parse UPR Info database exports: recommendations and voluntary pledges, one row per recommending State.

The export's header is `SuR, Rgrp, Org, Recommendation, RS, Rgrp, Org, Response, Action, Issue, Session`; one
researcher's copy renames it `To, To-Rgrp, To-Org, Text, From, ...`. `Rgrp` and `Org` appear twice, so columns
are found by the names that are unique, never through a name-keyed dict of the whole row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from uprtrack.core.vocabulary import Position, cycle_of_session, normalise_position
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.rows import (
    ImportFileError,
    Parsed,
    PledgeRow,
    RecommendationRow,
    Rejection,
    RowStream,
)
from uprtrack.imports.tables import Table

PLEDGE = "Voluntary Pledge"
PLEDGE_SOURCE = "UPR Info database"
UNKNOWN_STATE = "(Unknown)"  # UPR Info's placeholder for a recommending State it could not name

# Column role -> the header names that carry it, lower-cased (original export first, renamed copy second).
_COLUMNS = {
    "state": ("sur", "to"),
    "text": ("recommendation", "text"),
    "recommending": ("rs", "from"),
    "response": ("response",),
    "action": ("action",),
    "issue": ("issue",),
    "session": ("session",),
}
_REQUIRED = ("state", "text", "recommending", "response", "session")
# Only entities closed by ";": html.unescape alone also expands legacy bare forms, turning "&notes" into "¬es".
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def looks_like_upr_info(header: list[str]) -> bool:
    """Return whether a header is a UPR Info database export's."""
    return _column_index(header) is not None


def looks_like_pledges(table: Table) -> bool:
    """Return whether a UPR Info table holds voluntary pledges only."""
    columns = _column_index(table.header)
    if columns is None:
        return False
    pledges = False
    # A file of recommendations is told at its first: a stream is not read to its end for it.
    for _, cells in table.rows:
        response = _cell(cells, columns["response"]).lower()
        if response and response != PLEDGE.lower():
            return False
        pledges = pledges or bool(response)
    return pledges


def parse_recommendations(table: Table) -> Parsed:
    """Turn a UPR Info recommendations export into RecommendationRows and rejections.

    A table left on disk (`tables.open_table`) gives a stream of them, read as the import goes.
    """
    parsed = Parsed(kind=ImportKind.UPR_INFO)
    columns = _require_columns(table)
    if not isinstance(table.rows, list):
        parsed.rows = RowStream(lambda: _results(table, columns, _recommendation), table.rows)
        return parsed
    return _parse(table, columns, parsed, _recommendation)


def parse_pledges(table: Table) -> Parsed:
    """Turn a UPR Info voluntary pledges export into PledgeRows and rejections."""
    return _parse(table, _require_columns(table), Parsed(kind=ImportKind.PLEDGES), _pledge)


def _parse(table: Table, columns: dict, parsed: Parsed, build) -> Parsed:
    """Put each table row's row or rejection into `parsed`."""
    for result in _results(table, columns, build):
        (parsed.rejected if isinstance(result, Rejection) else parsed.rows).append(result)
    return parsed


def _results(
    table: Table, columns: dict, build
) -> Iterator[RecommendationRow | PledgeRow | Rejection]:
    """Build one row or one rejection per table row."""
    for number, cells in table.rows:
        values = {role: _cell(cells, index) for role, index in columns.items()}
        result = build(number, values)
        if isinstance(result, RecommendationRow):
            result.source_file = table.filename
        yield result


def _column_index(header: list[str]) -> dict[str, int | None] | None:
    """Map each column role to its first position in the header, or return None when a required one is missing."""
    names = [name.strip().lower() for name in header]
    index = {}
    for role, candidates in _COLUMNS.items():
        index[role] = next((names.index(c) for c in candidates if c in names), None)
    return index if all(index[role] is not None for role in _REQUIRED) else None


def _require_columns(table: Table) -> dict[str, int | None]:
    """Return the column index of a UPR Info table, or raise ImportFileError naming what is missing."""
    columns = _column_index(table.header)
    if columns is None:
        raise ImportFileError(
            "The header is not a UPR Info database export's: it needs SuR, Recommendation, RS, "
            "Response and Session columns."
        )
    return columns


def _cell(cells: list[str], index: int | None) -> str | None:
    """Return the unescaped cell at index, or None when the file has no such column."""
    if index is None:
        return None
    text = cells[index] if index < len(cells) else ""
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return text.strip()


def _common(
    number: int, values: dict[str, str | None]
) -> tuple[str, str, int, list[str]] | Rejection:
    """Check what recommendations and pledges share: state, text, session and issues."""
    if not values["state"]:
        return Rejection(number, "The State under review (SuR) is empty.")
    if not values["text"]:
        return Rejection(number, "The text (Recommendation column) is empty.")
    session = values["session"]
    if not session.isdecimal():
        return Rejection(
            number, f"Session '{session}' is not a number." if session else "The session is empty."
        )
    if int(session) < 1:
        return Rejection(number, f"Session {session} does not exist: UPR sessions start at 1.")
    # The export separates issues with a bare ","; no issue name contains one.
    issues = [issue.strip() for issue in (values["issue"] or "").split(",") if issue.strip()]
    return values["state"], values["text"], int(session), issues


def _recommendation(number: int, values: dict[str, str | None]) -> RecommendationRow | Rejection:
    """Build one RecommendationRow, or say why the row cannot be one."""
    common = _common(number, values)
    if isinstance(common, Rejection):
        return common
    state, text, session, issues = common
    response = values["response"]
    if response.lower() == PLEDGE.lower():
        return Rejection(
            number, "This row is a voluntary pledge, not a recommendation; import it as pledges."
        )
    if normalise_position(response) is None:
        return Rejection(
            number, f"Response '{response}' is not a position (expected Accepted or Noted)."
        )
    action = values["action"]  # None when the file has no Action column
    if action == "":
        return Rejection(number, "The action category is empty; it must be 1, 2, 3, 4 or 5.")
    if action is not None and action not in {"1", "2", "3", "4", "5"}:
        return Rejection(number, f"Action category '{action}' is not one of 1, 2, 3, 4 or 5.")
    # UPR Info writes "(Unknown)" when it could not name the recommending State: the recommendation is still
    # real, so keep it with no recommending State rather than invent a State called "(Unknown)".
    recommending = values["recommending"]
    states = [] if recommending in ("", UNKNOWN_STATE) else [recommending]
    return RecommendationRow(
        row=number,
        state=state,
        text=text,
        recommending_states=states,
        position=response or Position.PENDING,
        paragraph=None,
        session=session,
        cycle=cycle_of_session(session),
        issues=issues,
        action_category=int(action) if action else None,
    )


def _pledge(number: int, values: dict[str, str | None]) -> PledgeRow | Rejection:
    """Build one PledgeRow, or say why the row cannot be one."""
    common = _common(number, values)
    if isinstance(common, Rejection):
        return common
    state, text, session, issues = common
    if values["response"].lower() != PLEDGE.lower():
        return Rejection(
            number,
            f"Response '{values['response']}' is not '{PLEDGE}': this row is a recommendation.",
        )
    return PledgeRow(
        row=number,
        state=state,
        text=text,
        session=session,
        cycle=cycle_of_session(session),
        issues=issues,
        source=PLEDGE_SOURCE,
    )
