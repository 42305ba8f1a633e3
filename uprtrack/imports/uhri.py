"""Read the Universal Human Rights Index (UHRI): its "Export to Excel" workbook and its search API JSON.

UHRI holds the recommendations of the UPR, the treaty bodies and the special procedures; each record becomes one
RecommendationRow whose `mechanism` names its body and whose `reference` is the OHCHR annotation id.

- The workbook names things: cells start with "- " and lists hold one value a line. Its headers carry UHRI's own
  typos ("Reccomending Body"), so columns are found by their normalised words, with the correct spelling accepted too.
  Dates are Excel serial numbers (44235 is 2021-02-08).
- The JSON gives metadata only as UUIDs. Those that seed/uhri_ids.csv maps are resolved; every other one is kept in
  `row.unresolved` as "<key>:<uuid>" and nothing is guessed. The text comes in up to six languages.

A record that concerns several States is refused, not split: uprtrack files a recommendation under one State, and
which of them a person meant only the person can say (by choosing the State when importing).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

from uprtrack.config import PROJECT_ROOT
from uprtrack.core.vocabulary import cycle_of_session, normalise_position
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.rows import ImportFileError, Parsed, RecommendationRow, Rejection
from uprtrack.imports.tables import MAX_BYTES, Table
from uprtrack.models import name_key

IDS_FILE = PROJECT_ROOT / "seed" / "uhri_ids.csv"
UPR = "UPR"
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
EXCEL_LAYOUT = "UHRI Excel export"
JSON_LAYOUT = "UHRI search API JSON"

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
# A UPR paragraph at the start of a text: "140.31 Continue ...", "115.3. Ratify ...".
_PARAGRAPH = re.compile(r"^\s*(\d+\.\d+)\.?(?:\s+|$)")
_SESSION = re.compile(r"^(?:UPR\s*)?(\d{1,3})(?:\s*(?:st|nd|rd|th))?(?:\s*session)?$", re.I)
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel serial dates, for serials from 61 on
_UUID_KEYS = (
    "countryIds",
    "themesIds",
    "sdgsIds",
    "affectedPersonIds",
    "uprPositionIds",
    "uprSessionIds",
    "uprRecommendingCountryIds",
    "bodyId",
    "documentId",
    "annotationType",
)


class _Refused(Exception):
    """A record that cannot become a row; the message is the reason a person reads."""


# ---- the Excel export ------------------------------------------------------------------------------


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
    return _collect(records, _excel_row, state, table.filename, EXCEL_LAYOUT)


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
        raise _Refused(f"{label} holds {len(found)} values ({'; '.join(found)}); it takes one.")
    return found[0] if found else ""


def _excel_row(number: int, values: dict[str, str], state: str | None) -> RecommendationRow:
    """Build one row from an export line."""
    text = values["text"].strip()
    if not text:
        raise _Refused("The Text cell is empty.")
    body = _single(values, "body", "Reccomending Body")
    if not body:
        raise _Refused("The Reccomending Body cell is empty: it says which mechanism made it.")
    session = _session(_single(values, "session", "UPR Session"))
    position = _single(values, "position", "UPR Position")
    if normalise_position(position) is None:
        raise _Refused(
            f"UPR Position '{position}' is not a position (expected Supported or Noted)."
        )
    row = RecommendationRow(
        row=number,
        state=_place(_values(values["countries"]), state, "Countries Concerned"),
        text=text,
        recommending_states=_values(values.get("recommending", "")),
        position=position or RecommendationRow.position,
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
    if body == UPR:
        row.paragraph, row.text = _split_paragraph(text)
    return row


def _session(value: str) -> int | None:
    """Return the session number of "UPR 20", "20" or "20th session"; None when the cell is empty."""
    if not value:
        return None
    match = _SESSION.match(value.strip())
    if not match or int(match.group(1)) < 1:
        raise _Refused(f"UPR Session '{value}' is not a session number.")
    return int(match.group(1))


def _excel_date(value: str) -> str | None:
    """Return the ISO date of an Excel serial ("44235", "46125.4996"), or of a date already written as one."""
    if not value:
        return None
    try:
        serial = float(value)
    except ValueError:
        return _iso_date(value, "Document Publication Date")
    # From serial 61 (1900-03-01) on, counting from 1899-12-30 absorbs Excel's phantom 29 February 1900;
    # no UHRI document is older, and 2958465 is Excel's last day (9999-12-31).
    if not 61 <= serial < 2958466:
        raise _Refused(f"Document Publication Date {value} is not the Excel date of a document.")
    return (_EXCEL_EPOCH + dt.timedelta(days=int(serial))).isoformat()


# ---- the search API JSON ---------------------------------------------------------------------------


def parse_json(path: str | Path, *, state: str | None = None, ids_file: Path = IDS_FILE) -> Parsed:
    """Turn UHRI search API JSON (an object, a list, {"results"|"value": [...]} or JSON Lines) into rows."""
    path = Path(path)
    records = _records(_read_text(path), path.name)
    ids = load_ids(Path(ids_file))
    build = lambda number, record, given: _json_row(number, record, given, ids)  # noqa: E731
    return _collect(records, build, state, path.name, JSON_LAYOUT)


def _read_text(path: Path) -> str:
    """Return the file as text, refusing what is too large or not UTF-8."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportFileError(f"{path.name} could not be read ({exc.strerror or exc}).") from exc
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{path.name} is not UTF-8 text, so it is not UHRI JSON.") from exc


def _records(text: str, name: str) -> list[tuple[int, dict]]:
    """Return (record number, object) for every annotation record: its place in a list, or its line in JSON Lines."""
    if not text.strip():
        raise ImportFileError(f"{name} is empty.")
    try:
        numbered = list(enumerate(_listed(json.loads(text)), start=1))
    except json.JSONDecodeError:
        try:
            numbered = [
                (n, json.loads(line))
                for n, line in enumerate(text.splitlines(), start=1)
                if line.strip()
            ]
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                f"{name} is not JSON: it cannot be read at line {exc.lineno}, column {exc.colno}."
            ) from exc
    records = [(n, r) for n, r in numbered if isinstance(r, dict) and "annotationId" in r]
    if not records:
        raise ImportFileError(
            f"{name} is JSON but holds no UHRI records: expected objects with an annotationId."
        )
    return records


def _listed(document) -> list:
    """Return the records of a decoded JSON document, whichever of UHRI's shapes it has."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in ("results", "value"):
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    return []


def _json_row(number: int, record: dict, state: str | None, ids: dict) -> RecommendationRow:
    """Build one row from an API record."""
    texts = {
        lang: value.strip()
        for lang in LANGUAGES
        if isinstance(value := record.get(lang), str) and value.strip()
    }
    if not texts:
        raise _Refused("The record has no text in any of en, fr, es, ar, ru, zh.")
    unresolved: list[str] = []
    names = {key: _resolve(record, key, ids, unresolved) for key in _UUID_KEYS}
    # Only the UPR has sessions, positions and recommending States: a record with any of them is a UPR one.
    is_upr = UPR in names["bodyId"] or any(
        record.get(key)
        for key in ("uprPositionIds", "uprSessionIds", "uprRecommendingCountryIds", "uprCycle")
    )
    if not names["bodyId"] and not is_upr:
        raise _Refused(
            f"The body that made it (bodyId {record.get('bodyId') or 'empty'}) is not one "
            "seed/uhri_ids.csv maps, and nothing else in the record says which mechanism it is."
        )
    language = "en" if "en" in texts else next(iter(texts))
    paragraph = None
    if is_upr:
        paragraph, texts = _split_paragraphs(texts, language)
    if paragraph is None and str(record.get("numberInDocument") or "").strip():
        paragraph = str(record["numberInDocument"]).strip()
    sessions = {s for s in map(_session_of_name, names["uprSessionIds"]) if s}
    session = sessions.pop() if len(sessions) == 1 else None
    cycle = str(record.get("uprCycle") or "").strip()
    positions = names["uprPositionIds"]
    return RecommendationRow(
        row=number,
        state=_json_state(record, names["countryIds"], state),
        text=texts.pop(language),
        texts=texts,
        recommending_states=names["uprRecommendingCountryIds"],
        position=positions[0] if len(positions) == 1 else RecommendationRow.position,
        paragraph=paragraph,
        session=session,
        cycle=int(cycle) if cycle.isdecimal() else (cycle_of_session(session) if session else None),
        themes=names["themesIds"],
        groups=names["affectedPersonIds"],
        sdgs=names["sdgsIds"],
        mechanism=names["bodyId"][0] if names["bodyId"] else UPR,
        document_symbol=str(record.get("symbol") or "").strip() or None,
        document_date=_iso_date(record.get("publicationDate"), "publicationDate"),
        reference=str(record["annotationId"]).strip() or None,
        unresolved=unresolved,
    )


def _json_state(record: dict, countries: list[str], state: str | None) -> str:
    """Return the State a record concerns: its mapped country, or the State chosen for an id nothing maps."""
    given = _as_list(record.get("countryIds"))
    if len(countries) == len(given):
        return _place(countries, state, "countryIds")
    if len(given) == 1 and state:
        return state  # the person said whose recommendations these are
    raise _Refused(
        f"The country concerned is given only as UHRI id {', '.join(map(str, given))}, which "
        "seed/uhri_ids.csv does not map: choose the State when you import."
        if len(given) == 1
        else f"It concerns {len(given)} States, given as UHRI ids that seed/uhri_ids.csv does not "
        "all map, and uprtrack files a recommendation under one State."
    )


def _as_list(value) -> list:
    """Return a JSON value that may be one id, a list of ids or nothing as a list."""
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list) else [value]


def _resolve(record: dict, key: str, ids: dict, unresolved: list[str]) -> list[str]:
    """Return the names the shipped mapping gives for a record's ids; list the others as "key:uuid"."""
    names = []
    for value in _as_list(record.get(key)):
        name = ids.get((key, str(value).strip().lower()))
        if name is None:
            unresolved.append(f"{key}:{value}")
        elif name not in names:
            names.append(name)
    return names


def _session_of_name(name: str) -> int | None:
    """Return the session number a mapped session name ("UPR 20", "20") says."""
    match = _SESSION.match(name.strip())
    return int(match.group(1)) if match else None


@cache
def load_ids(path: Path = IDS_FILE) -> dict[tuple[str, str], str]:
    """Read seed/uhri_ids.csv: (JSON key, lower-case uuid) -> the name UHRI gives it."""
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            (row["kind"].strip(), row["uuid"].strip().lower()): row["name"].strip()
            for row in csv.DictReader(fh)
            if row.get("uuid") and row.get("name")
        }


# ---- shared by both forms ----------------------------------------------------------------------------


def _collect(records, build, state: str | None, filename: str | None, layout: str) -> Parsed:
    """Build a row or a rejection of every record; a second record with an annotation id already read is refused."""
    parsed = Parsed(kind=ImportKind.UHRI, layout=layout)
    seen: dict[str, int] = {}
    for number, record in records:
        try:
            row = build(number, record, state)
        except _Refused as refused:
            parsed.rejected.append(Rejection(number, str(refused)))
            continue
        if row.reference and seen.setdefault(row.reference, number) != number:
            reason = f"Annotation {row.reference} is the same record as row {seen[row.reference]}."
            parsed.rejected.append(Rejection(number, reason))
            continue
        row.source_file = filename
        parsed.rows.append(row)
    # The State the file itself names: rows placed by the State chosen say nothing about the file.
    states = {name_key(r.state): r.state for r in parsed.rows if r.state != state}
    parsed.named_state = next(iter(states.values())) if len(states) == 1 else None
    return parsed


def _place(countries: list[str], state: str | None, label: str) -> str:
    """Return the one State a record concerns (or the State chosen, when it names none)."""
    if len(countries) == 1:
        return countries[0]
    if not countries:
        if state:
            return state
        raise _Refused(
            f"No country concerned ({label} is empty): choose the State when you import."
        )
    raise _Refused(
        f"It concerns {len(countries)} States ({'; '.join(countries)}), and uprtrack files each "
        "recommendation under one State under review: add it by hand under the State it is meant for."
    )


def _split_paragraph(text: str) -> tuple[str | None, str]:
    """Split "140.31 Continue ..." into ("140.31", "Continue ..."); (None, text) when it has no paragraph."""
    match = _PARAGRAPH.match(text)
    if not match or not text[match.end() :].strip():
        return None, text
    return match.group(1), text[match.end() :].strip()


def _split_paragraphs(texts: dict[str, str], language: str) -> tuple[str | None, dict[str, str]]:
    """Take the main text's paragraph, and drop that paragraph from every language whose text starts with it."""
    paragraph, _ = _split_paragraph(texts[language])
    if paragraph is None:
        return None, texts
    kept = {}
    for lang, text in texts.items():
        found, rest = _split_paragraph(text)
        kept[lang] = rest if found == paragraph else text
    return paragraph, kept


def _iso_date(value, label: str) -> str | None:
    """Return the ISO date of "2021-02-08" or "2021-02-08T00:00:00[Z]"; None when there is none."""
    text = str(value or "").strip()
    if not text:
        return None
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$", text)
    try:
        if match:
            return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        pass
    raise _Refused(f"{label} '{text}' is not a date.")
