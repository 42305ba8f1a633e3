"""Read the Universal Human Rights Index (UHRI): its "Export to Excel" workbook, and (through uhri_api) its JSON.

UHRI holds the recommendations of the UPR, the treaty bodies and the special procedures; each record becomes one
RecommendationRow whose `mechanism` names its body and whose `reference` is the OHCHR annotation id.

The workbook names things: cells start with "- " and lists hold one value a line. Its headers carry UHRI's own
typos ("Reccomending Body"), so columns are found by their normalised words, with the correct spelling accepted
too. Dates are Excel serial numbers (44235 is 2021-02-08). UPR texts start with their paragraph ("140.31 Continue
..."), which becomes the row's paragraph. `Type`, `Regions Concerned`, `Recommending Regions` and `Date of
publication on UHRI` are recognised and not carried: no row field holds them.
"""

from __future__ import annotations

import datetime as dt
import re

from uprtrack.core.vocabulary import Position, cycle_of_session, normalise_position
from uprtrack.imports.rows import ImportFileError, Parsed, RecommendationRow
from uprtrack.imports.tables import Table
from uprtrack.imports.uhri_api import IDS_FILE, load_ids, parse_json, unknown_fields
from uprtrack.imports.uhri_records import (
    UPR,
    Refused,
    collect,
    iso_date,
    place,
    session_number,
    split_paragraph,
)

__all__ = [
    "IDS_FILE",
    "load_ids",
    "looks_like_uhri",
    "parse_json",
    "parse_table",
    "unknown_fields",
]
EXCEL_LAYOUT = "UHRI Excel export"

# Header words (normalised by _header_key) -> column role. Both UHRI's spelling and the correct one are listed.
_HEADERS = {
    "text": "text",
    "countries concerned": "countries",
    "recommending body": "body",
    "upr session": "session",
    "document symbol": "symbol",
    "upr recommending states": "recommending",
    "upr position": "position",
    "themes": "themes",
    "affected persons": "groups",
    "sdgs": "sdgs",
    "document publication date": "date",
    "ohchr annotation id": "reference",
    "type": "type",
    "regions concerned": "regions",
    "recommending regions": "recommending_regions",
    "date of publication on uhri": "published_on_uhri",
}
# The columns every export has: role -> the header as UHRI writes it.
_REQUIRED = {
    "text": "Text",
    "countries": "Countries Concerned",
    "body": "Reccomending Body",
    "reference": "OHCHR Annotation Id",
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel serial dates, for serials from 61 on


def looks_like_uhri(header: list[str]) -> bool:
    """Return whether a table header is a UHRI Excel export's."""
    roles = _column_index(header)
    return all(role in roles for role in _REQUIRED)


def parse_table(table: Table, *, state: str | None = None) -> Parsed:
    """Turn a UHRI Excel export into one RecommendationRow per record, or a rejection with its reason."""
    columns = _column_index(table.header)
    missing = [name for role, name in _REQUIRED.items() if role not in columns]
    if missing:
        raise ImportFileError(
            f"{table.filename or 'This table'} is not a UHRI Excel export: it has no "
            f"{', '.join(missing)} column."
        )
    records = (
        (number, {role: cells[i] if i < len(cells) else "" for role, i in columns.items()})
        for number, cells in table.rows
    )
    return collect(records, _excel_row, state, table.filename, EXCEL_LAYOUT)


def _header_key(name: str) -> str:
    """Lower-case a header to its words, with UHRI's "reccomending" read as "recommending"."""
    words = re.sub(r"[^0-9a-z]+", " ", name.lower()).split()
    return " ".join("recommending" if w == "reccomending" else w for w in words)


def _column_index(header: list[str]) -> dict[str, int]:
    """Map each known column role to its first position in the header."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        role = _HEADERS.get(_header_key(name))
        if role:
            index.setdefault(role, position)
    return index


def _values(cell: str) -> list[str]:
    """Split a UHRI list cell ("- Slovenia\\n- Croatia") into its values."""
    return [v for line in cell.splitlines() if (v := re.sub(r"^\s*-\s*", "", line).strip())]


def _single(values: dict[str, str], role: str, label: str) -> str:
    """Return the one value of a single-valued cell, "" when it is empty or the export has no such column."""
    found = _values(values.get(role, ""))
    if len(found) > 1:
        raise Refused(f"{label} holds {len(found)} values ({'; '.join(found)}); it takes one.")
    return found[0] if found else ""


def _excel_row(number: int, values: dict[str, str], state: str | None) -> RecommendationRow:
    """Build one row from an export line."""
    text = values["text"].strip()
    if not text:
        raise Refused("The Text cell is empty.")
    body = _single(values, "body", "Reccomending Body")
    if not body:
        raise Refused("The Reccomending Body cell is empty: it says which mechanism made it.")
    session = _session(_single(values, "session", "UPR Session"))
    position = _single(values, "position", "UPR Position")
    if normalise_position(position) is None:
        raise Refused(f"UPR Position '{position}' is not a position (expected Supported or Noted).")
    row = RecommendationRow(
        row=number,
        state=place(_values(values["countries"]), state, "Countries Concerned"),
        text=text,
        recommending_states=_values(values.get("recommending", "")),
        position=position or Position.PENDING,
        session=session,
        cycle=cycle_of_session(session) if session else None,
        themes=_values(values.get("themes", "")),
        groups=_values(values.get("groups", "")),
        sdgs=_values(values.get("sdgs", "")),
        mechanism=body,
        document_symbol=_single(values, "symbol", "Document Symbol") or None,
        document_date=_excel_date(_single(values, "date", "Document Publication Date")),
        reference=_single(values, "reference", "OHCHR Annotation Id") or None,
    )
    if body.upper() == UPR:
        row.mechanism = UPR
        row.paragraph, row.text = split_paragraph(text)
    return row


def _session(value: str) -> int | None:
    """Return the session number of "UPR 20", "20" or "20th session"; None when the cell is empty."""
    if not value:
        return None
    number = session_number(value)
    if number is None:
        raise Refused(f"UPR Session '{value}' is not a session number.")
    return number


def _excel_date(value: str) -> str | None:
    """Return the ISO date of an Excel serial ("44235", "46125.4996"), or of a date already written as one."""
    if not value:
        return None
    try:
        serial = float(value)
    except ValueError:
        return iso_date(value, "Document Publication Date")
    # From serial 61 (1900-03-01) on, counting from 1899-12-30 absorbs Excel's phantom 29 February 1900;
    # no UHRI document is older, and 2958465 is Excel's last day (9999-12-31).
    if not 61 <= serial < 2958466:
        raise Refused(f"Document Publication Date {value} is not the Excel date of a document.")
    return (_EXCEL_EPOCH + dt.timedelta(days=int(serial))).isoformat()
