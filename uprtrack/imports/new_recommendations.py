"""Write an import's new recommendations with their linked rows: Core inserts in batches, no ORM object per row.

A file of OHCHR's whole index brings hundreds of thousands of recommendations at once; the unit of work would
build, track and flush an object for each of them and each of their links. The upsert (`upsert.py`) still decides
row by row what a file creates, updates or leaves, and updates stored records through the ORM; what it creates
comes here as a `NewRecommendation`, and a `Writer` writes them BATCH at a time: the recommendations under ids
taken first, then their recommending States, themes, groups, issues, SDGs, responsible institutions, sources,
texts in other languages and first dated position, one executemany per table. The same values as the ORM would
write: the columns' Python defaults (timestamps, publication, version) apply to Core inserts too. The full-text
index is PostgreSQL's expression index, and on SQLite filled once a batch (`search.indexed_by_batch`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from uprtrack.models import (
    Assignment,
    GroupOfPersons,
    IssueTag,
    Organisation,
    PositionChange,
    Recommendation,
    Review,
    Sdg,
    State,
    Theme,
)
from uprtrack.models.mechanisms import RecommendationSource, RecommendationText
from uprtrack.models.recommendations import (
    derived_education,
    recommendation_groups,
    recommendation_issues,
    recommendation_sdgs,
    recommendation_themes,
    recommending_states,
)
from uprtrack.recommendations import search

BATCH = 5_000
SEQUENCE = func.pg_get_serial_sequence("recommendation", "id")


@dataclass(slots=True)
class NewRecommendation:
    """One recommendation a file creates, as it will be written (named as a Recommendation's attributes, so an
    import's preview describes it as it describes a stored record)."""

    review: Review
    values: dict
    recommending_states: list[State]
    themes: list[Theme]
    groups: list[GroupOfPersons]
    issues: list[IssueTag]
    sdgs: list[Sdg]
    organisations: list[Organisation]
    texts: dict[str, str]
    source: dict
    position_change: dict
    id: int | None = None  # once written

    @property
    def paragraph(self) -> str | None:
        return self.values["paragraph"]

    @property
    def text(self) -> str:
        return self.values["text"]

    @property
    def position(self) -> str:
        return self.values["position"]


def new_recommendation(
    review: Review,
    values: dict,
    *,
    recommending: list[State],
    themes: list[Theme],
    groups: list[GroupOfPersons],
    issues: list[IssueTag],
    sdgs: list[Sdg],
    organisations: list[Organisation],
    texts: dict[str, str],
    source: dict,
    position_change: dict,
) -> NewRecommendation:
    """A new recommendation with its links made unique and its education flag derived, as the ORM path does;
    `texts` are those `upsert_mechanisms.given_texts` keeps."""
    themes, sdgs, issues = _unique(themes), _unique(sdgs), _unique(issues)
    values["education_derived"] = values["education"] = derived_education(
        values["text"], themes, values.get("theme_heading"), sdgs, issues
    )
    return NewRecommendation(
        review=review,
        values=values,
        recommending_states=_unique(recommending),
        themes=themes,
        groups=_unique(groups),
        issues=issues,
        sdgs=sdgs,
        organisations=_unique(organisations),
        texts=texts,
        source=source,
        position_change=position_change,
    )


class Writer:
    """Takes the new records as the upsert makes them and writes them BATCH at a time, so that no more than a batch
    is held; a context manager, which writes the last batch when the block ends without an error. `write` writes
    what is pending at once; each record written is given its id.

    The reference rows the records name (States, themes, issues, organisations an import has just created) get
    their ids by a flush before each batch, as do the rows the ORM adds to stored records (their texts in other
    languages), which the full-text index's triggers index. The batch itself is indexed once
    (`search.indexed_by_batch`, around its inserts only).
    """

    def __init__(self, session: Session):
        self.session = session
        self.pending: list[NewRecommendation] = []

    def __enter__(self) -> Writer:
        return self

    def add(self, record: NewRecommendation) -> None:
        self.pending.append(record)
        if len(self.pending) >= BATCH:
            self.write()

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.write()

    def write(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        self.session.flush()  # with the index's triggers in place
        with search.indexed_by_batch(self.session) as index:
            ids = _insert_recommendations(self.session, batch)
            _insert_links(self.session, ids, batch)
            index(ids)  # the texts, and the texts in other languages
        for rec_id, record in zip(ids, batch, strict=True):
            record.id = rec_id


def _insert_links(session: Session, ids: list[int], batch: list[NewRecommendation]) -> None:
    """Insert what the batch's recommendations link to, one executemany a table."""
    pairs: dict = {table: [] for table, *_ in LINKS}
    sources, texts, positions, assigned = [], [], [], []
    for rec_id, record in zip(ids, batch, strict=True):
        for table, _column, attribute, key in LINKS:
            pairs[table].extend((rec_id, getattr(item, key)) for item in getattr(record, attribute))
        assigned.extend(
            {"recommendation_id": rec_id, "organisation_id": org.id} for org in record.organisations
        )
        sources.append({**record.source, "recommendation_id": rec_id})
        texts.extend(
            {"recommendation_id": rec_id, "language": lang, "text": text}
            for lang, text in record.texts.items()
        )
        positions.append({**record.position_change, "recommendation_id": rec_id})
    for table, column, *_ in LINKS:
        _insert_pairs(session, table, column, pairs[table])
    for table, values in (
        (Assignment.__table__, assigned),
        (RecommendationSource.__table__, sources),
        (RecommendationText.__table__, texts),
        (PositionChange.__table__, positions),
    ):
        if values:
            session.execute(insert(table), values)


def _insert_pairs(session: Session, table, column: str, pairs: list[tuple]) -> None:
    """Insert (recommendation id, other side) pairs into a link table in one executemany.

    On SQLite through the driver: SQLAlchemy's work on each row's parameters takes longer there than the insert
    itself (a link table has no default to apply). PostgreSQL's driver is given SQLAlchemy's batched insert.
    """
    if not pairs:
        return
    if session.get_bind().dialect.name == "sqlite":
        sql = f"INSERT INTO {table.name} (recommendation_id, {column}) VALUES (?, ?)"
        session.connection().exec_driver_sql(sql, pairs)
    else:
        session.execute(insert(table), [{"recommendation_id": a, column: b} for a, b in pairs])


def _insert_recommendations(session: Session, batch: list[NewRecommendation]) -> list[int]:
    """Insert the batch's recommendations in one executemany; return their ids, in the batch's order.

    RETURNING does not promise the order of a multi-row insert on SQLite, so the ids are taken first. On
    PostgreSQL they are drawn from the table's sequence, which no other writer can be given. On SQLite the
    first recommendation is inserted alone: from then on the transaction holds the database's write lock and
    a new rowid is the highest plus one, so the next ids are free until it commits.
    """
    table = Recommendation.__table__
    rows = [{**record.values, "review_id": record.review.id} for record in batch]
    if session.get_bind().dialect.name == "postgresql":
        ids = session.scalars(
            select(func.nextval(SEQUENCE)).select_from(func.generate_series(1, len(rows)))
        ).all()
        rest = rows
    else:
        first = session.scalar(insert(table).returning(table.c.id), rows[0])
        ids, rest = list(range(first, first + len(rows))), rows[1:]
    for rec_id, row in zip(ids[len(rows) - len(rest) :], rest, strict=True):
        row["id"] = rec_id
    if rest:
        session.execute(insert(table), rest)
    return ids


# (link table, its column of the other side, the record's attribute that lists them, their key)
LINKS = (
    (recommending_states, "state_id", "recommending_states", "id"),
    (recommendation_themes, "theme_id", "themes", "id"),
    (recommendation_groups, "group_of_persons_id", "groups", "id"),
    (recommendation_issues, "issue_tag_id", "issues", "id"),
    (recommendation_sdgs, "sdg_code", "sdgs", "code"),
)


def _unique(items: Iterable) -> list:
    return list(dict.fromkeys(items))


def position_change(position: str, day: str | None, source: str | None) -> dict:
    """The first dated position of a new record: the file's day, else today (the day uprtrack learnt it)."""
    return {
        "position": position,
        "changed_on": date.fromisoformat(day) if day else date.today(),
        "source": source,
    }
