"""The upsert's side for mechanisms beyond the UPR, and for what every import adds to a record: its sources
and its texts in the six UN languages.

A UHRI row of a treaty body or a special procedure belongs to the review of (State, mechanism, document symbol),
which has no UPR cycle. A UHRI row that another file already brought in (an OHCHR matrix) is matched, not
duplicated: by its UHRI reference when a source carries it, else as a UPR row by (State, cycle, paragraph).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.config import PROJECT_ROOT
from uprtrack.core.vocabulary import UN_LANGUAGES, MechanismKind
from uprtrack.imports.rows import RecommendationRow
from uprtrack.models import (
    UPR_CODE,
    Mechanism,
    Recommendation,
    RecommendationSource,
    RecommendationText,
    Review,
    State,
    name_key,
)
from uprtrack.models.base import utcnow

SEED_FILE = PROJECT_ROOT / "seed" / "mechanisms.csv"
REFERENCE_CHUNK = 1000


UPR_NAMES = {name_key(UPR_CODE), name_key("Universal Periodic Review")}


def is_upr(row: RecommendationRow) -> bool:
    """Tell whether a row is a UPR recommendation (no mechanism named, or the UPR by code or name)."""
    return not row.mechanism or name_key(row.mechanism) in UPR_NAMES


class Mechanisms:
    """The mechanisms of one import by code and name; one the database lacks is created with the seed's kind,
    or as a special procedure, which UHRI names by its title."""

    def __init__(self, session: Session):
        self.session = session
        self.known: dict[str, Mechanism] = {}
        for mechanism in session.scalars(select(Mechanism)):
            self._remember(mechanism)
        self._seed: dict[str, dict] | None = None

    def _remember(self, mechanism: Mechanism) -> None:
        self.known.setdefault(name_key(mechanism.code), mechanism)
        self.known.setdefault(name_key(mechanism.name), mechanism)

    def seeded(self) -> dict[str, dict]:
        if self._seed is None:
            from uprtrack.seed.reference import read_csv

            rows = read_csv(SEED_FILE) if SEED_FILE.is_file() else []
            self._seed = {name_key(r[k]): r for r in rows for k in ("code", "name")}
        return self._seed

    def get(self, name: str) -> Mechanism:
        name = " ".join(name.split())
        found = self.known.get(name_key(name))
        if found is None:
            seed = self.seeded().get(name_key(name))
            found = (
                Mechanism(code=seed["code"], name=seed["name"], kind=seed["kind"])
                if seed
                else Mechanism(code=name, name=name, kind=MechanismKind.SPECIAL_PROCEDURE)
            )
            self.session.add(found)
            self._remember(found)
        return found


def mechanism_review(
    session: Session, mechanisms: Mechanisms, state: State, row: RecommendationRow, reviews: dict
) -> tuple[str | None, Review | None]:
    """Find or create the review of (State, mechanism, document symbol) a non-UPR row belongs to; `reviews`
    holds the stored ones and those the import has opened."""
    symbol = (row.document_symbol or "").strip()
    if not symbol:
        return f"the recommendation of {row.mechanism} names no document symbol", None
    try:
        document_date = date.fromisoformat(row.document_date) if row.document_date else None
    except ValueError:
        return f"'{row.document_date}' is not a date of the document (expected YYYY-MM-DD)", None
    mechanism = mechanisms.get(row.mechanism)
    if mechanism.id is None:
        session.flush()  # a mechanism met for the first time needs its id for the review's key
    key = (state.id, mechanism.id, symbol)
    review = reviews.get(key)  # every stored review is there (upsert._known_reviews)
    if review is None:
        review = reviews[key] = Review(state=state, mechanism=mechanism, document_symbol=symbol)
        session.add(review)
    if review.document_date is None and document_date:
        review.document_date = document_date
    return None, review


def uhri_fields_problem(row: RecommendationRow) -> str | None:
    """Say why a row's UHRI fields cannot be stored: a text in a language that is not one of the six UN
    languages, or an identifier longer than its column."""
    for value, what, length in (
        (row.reference, "record id", 120),
        (row.mechanism, "mechanism's name", 255),
        (row.document_symbol, "document symbol", 60),
    ):
        if value and len(value) > length:
            return f"the {what} '{value[:40]}...' is longer than {length} characters"
    other = sorted(set(row.texts) - set(UN_LANGUAGES))
    if other:
        return (
            f"the text in '{', '.join(other)}' is not in one of the six UN languages "
            f"({', '.join(UN_LANGUAGES)})"
        )
    return None


def by_reference(
    session: Session, kind: str, rows: Iterable[RecommendationRow]
) -> dict[str, Recommendation]:
    """The recommendations already imported from these source references (UHRI annotation ids)."""
    references = sorted({r.reference for r in rows if r.reference})
    found: dict[str, Recommendation] = {}
    # In chunks: a UHRI export holds far more ids than a database takes parameters in one statement.
    for start in range(0, len(references), REFERENCE_CHUNK):
        chunk = references[start : start + REFERENCE_CHUNK]
        query = (
            select(RecommendationSource.reference, Recommendation)
            .join(Recommendation, Recommendation.id == RecommendationSource.recommendation_id)
            .where(RecommendationSource.kind == kind, RecommendationSource.reference.in_(chunk))
        )
        found.update(session.execute(query).tuples().all())
    return found


def store_texts(rec: Recommendation, texts: dict[str, str]) -> bool:
    """Add or update the record's text in each language the row gives; return whether any changed."""
    stored = {t.language: t for t in rec.texts}
    changed = False
    for language, text in given_texts(texts).items():
        current = stored.get(language)
        if current is None:
            rec.texts.append(RecommendationText(language=language, text=text))
            changed = True
        elif current.text != text:
            current.text, changed = text, True
    return changed


def given_texts(texts: dict[str, str]) -> dict[str, str]:
    """The texts a row gives in other languages, stripped, the empty ones left out, by language."""
    return {language: text.strip() for language, text in sorted(texts.items()) if text.strip()}


def record_source(rec: Recommendation, kind: str, row: RecommendationRow) -> bool:
    """List the file (and UHRI record) the recommendation came in; return whether it is a new source.

    Seeing the same file again only moves its `last_seen`: a second import of a file changes nothing.
    """
    values = new_source(kind, row)
    for source in rec.sources:
        if (source.kind, source.file_name, source.reference) == (
            kind,
            values["file_name"],
            values["reference"],
        ):
            source.last_seen = utcnow()
            if source.identifiers != values["identifiers"]:
                source.identifiers = values["identifiers"]
                return True
            return False
    rec.sources.append(RecommendationSource(**values))
    return True


def new_source(kind: str, row: RecommendationRow) -> dict:
    """The source a row gives its record: the file, the UHRI record, the first row and unmapped identifiers."""
    return {
        "kind": kind,
        "file_name": row.source_file or "",
        "reference": row.reference or "",
        "row": row.row,
        "identifiers": list(dict.fromkeys(row.unresolved)),
    }
