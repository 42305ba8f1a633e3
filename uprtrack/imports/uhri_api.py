"""Read the search API JSON of the Universal Human Rights Index (UHRI) into recommendation rows.

The API gives a record's metadata only as UUIDs (`countryIds`, `bodyId`, `uprSessionIds`...). Those that
seed/uhri_ids.csv maps are resolved; every other one is kept in `row.unresolved` as "<key>:<uuid>", and nothing is
guessed. A State that only an unmapped id names comes from the State chosen for the import, or the record is refused;
so is a record whose body nothing names. The text comes in up to six languages: `text` is the English one when there
is one, else the first given, and `texts` the others.
"""

from __future__ import annotations

import csv
import json
from functools import cache, partial
from pathlib import Path

from uprtrack.config import PROJECT_ROOT
from uprtrack.core.vocabulary import Position, cycle_of_session
from uprtrack.imports.rows import ImportFileError, Parsed, RecommendationRow
from uprtrack.imports.tables import read_bytes
from uprtrack.imports.uhri_records import (
    UPR,
    Refused,
    collect,
    iso_date,
    place,
    session_number,
    split_paragraphs,
)

IDS_FILE = PROJECT_ROOT / "seed" / "uhri_ids.csv"
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
LAYOUT = "UHRI search API JSON"
UUID_KEYS = (
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

# The row field each key's names fill: an empty field whose key has unresolved ids is unknown, not empty.
FIELD_OF_KEY = {
    "countryIds": "state",
    "themesIds": "themes",
    "sdgsIds": "sdgs",
    "affectedPersonIds": "groups",
    "uprPositionIds": "position",
    "uprSessionIds": "session",
    "uprRecommendingCountryIds": "recommending_states",
    "bodyId": "mechanism",
}


def parse_json(path: str | Path, *, state: str | None = None, ids_file: Path = IDS_FILE) -> Parsed:
    """Turn UHRI search API JSON (an object, a list, {"results"|"value": [...]} or JSON Lines) into rows."""
    path = Path(path)
    records = _records(_read_text(path), path.name)
    ids = load_ids(Path(ids_file))
    return collect(records, partial(_json_row, ids=ids), state, path.name, LAYOUT)


def _read_text(path: Path) -> str:
    """Return the file as text, refusing what is too large or not UTF-8."""
    data = read_bytes(path, path.name)
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


def _json_row(number: int, record: dict, state: str | None, *, ids: dict) -> RecommendationRow:
    """Build one row from an API record."""
    texts = {
        lang: value.strip()
        for lang in LANGUAGES
        if isinstance(value := record.get(lang), str) and value.strip()
    }
    if not texts:
        raise Refused("The record has no text in any of en, fr, es, ar, ru, zh.")
    unresolved: list[str] = []
    names = {key: _resolve(record, key, ids, unresolved) for key in UUID_KEYS}
    for key, what in (
        ("bodyId", "bodies"),
        ("uprPositionIds", "positions"),
        ("uprSessionIds", "sessions"),
    ):
        if len(names[key]) > 1:
            raise Refused(
                f"The record names {len(names[key])} {what} ({'; '.join(names[key])}); it takes one."
            )
    # Only the UPR has sessions, positions and recommending States: a record with any of them is a UPR one.
    is_upr = UPR in names["bodyId"] or any(
        record.get(key)
        for key in ("uprPositionIds", "uprSessionIds", "uprRecommendingCountryIds", "uprCycle")
    )
    if not names["bodyId"] and not is_upr:
        raise Refused(
            f"The body that made it (bodyId {record.get('bodyId') or 'empty'}) is not one "
            "seed/uhri_ids.csv maps, and nothing else in the record says which mechanism it is."
        )
    language = "en" if "en" in texts else next(iter(texts))
    paragraph = None
    if is_upr:
        paragraph, texts = split_paragraphs(texts, language)
    if paragraph is None and str(record.get("numberInDocument") or "").strip():
        paragraph = str(record["numberInDocument"]).strip()
    session = session_number(names["uprSessionIds"][0]) if names["uprSessionIds"] else None
    cycle = str(record.get("uprCycle") or "").strip()
    return RecommendationRow(
        row=number,
        state=_json_state(record, names["countryIds"], state),
        text=texts.pop(language),
        texts=texts,
        recommending_states=names["uprRecommendingCountryIds"],
        position=(names["uprPositionIds"] or [Position.PENDING])[0],
        paragraph=paragraph,
        session=session,
        cycle=int(cycle) if cycle.isdecimal() else (cycle_of_session(session) if session else None),
        themes=names["themesIds"],
        groups=names["affectedPersonIds"],
        sdgs=names["sdgsIds"],
        mechanism=names["bodyId"][0] if names["bodyId"] else UPR,
        document_symbol=str(record.get("symbol") or "").strip() or None,
        document_date=iso_date(record.get("publicationDate"), "publicationDate"),
        reference=str(record["annotationId"]).strip() or None,
        unresolved=unresolved,
    )


def _json_state(record: dict, countries: list[str], state: str | None) -> str:
    """Return the State a record concerns: its mapped country, or the State chosen for an id nothing maps."""
    given = _as_list(record.get("countryIds"))
    if len(countries) == len(given):
        return place(countries, state, "countryIds")
    if len(given) == 1 and state:
        return state  # the person said whose recommendations these are
    raise Refused(
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


def unknown_fields(row: RecommendationRow) -> set[str]:
    """Name the fields of a row that the file gives only as ids nothing maps (so a store should leave them)."""
    return {
        FIELD_OF_KEY[key]
        for key, _, _ in (u.partition(":") for u in row.unresolved)
        if key in FIELD_OF_KEY
    }
