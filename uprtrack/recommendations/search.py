"""Full-text search of the recommendations' texts by the database's own engine, with the same meaning on both: each
word of the search matches the words of a text that begin with it, whatever their case and their accents
("education" finds "éducation", "qualite" "qualité").

- SQLite: an FTS5 index (`recommendation_fts`, external content: the rows of `recommendation`, kept in step by
  triggers), tokenizer unicode61 without diacritics; a word is searched as the prefix query `"word"*`.
- PostgreSQL: a GIN index on `to_tsvector('uprtrack_words', text)`, a configuration of our own: the 'simple'
  one (no stemming, so no language is assumed) with unaccent before it (`PG_SETUP`); a word is searched as
  `'word':*`, a term of several words ("140.31") as the phrase `'140' <-> '31':*`. Paragraph ids ("140.31",
  "115.6") are found inside with LIKE, through a trigram index (pg_trgm) on PostgreSQL.

Each text is searched: the recommendation's own, and its texts in the other UN languages that UHRI gives
(`RecommendationText`), each table with an index of its own (`INDEXES`). A word in a script written without spaces
(Chinese, Japanese) is matched inside the texts with LIKE instead: neither tokenizer splits such a text into words.
The triggers are part of the schema: a SQLite batch migration that rebuilds an indexed table must create them again
(`TextIndex.sqlite_triggers`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Boolean, ColumnElement, Float, Integer, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import ClauseElement, bindparam

from uprtrack.core.database import contains
from uprtrack.models import Recommendation
from uprtrack.models.mechanisms import RecommendationText

WORD = re.compile(r"\w")
WORDS = re.compile(r"\w+")
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# PostgreSQL's text search configuration: 'simple' with accents set aside, as SQLite's tokenizer sets them aside.
PG_CONFIG = "uprtrack_words"
PG_SETUP = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} ALTER MAPPING FOR "
    "word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple",
)
# The trigram index that finds a paragraph id inside the paragraph ("140.3" in "140.31") on PostgreSQL.
PARAGRAPHS = "ix_recommendation_paragraph_trigrams"
PARAGRAPHS_CREATE = (
    f"CREATE INDEX {PARAGRAPHS} ON recommendation USING gin (paragraph gin_trgm_ops)"
)


@dataclass(frozen=True)
class TextIndex:
    """The full-text index of one table's `text` column, whose `record` column is the recommendation's id."""

    table: str
    record: str
    fts: str  # the FTS5 table on SQLite
    pg_index: str

    @property
    def sqlite_create(self) -> str:
        return (
            f"CREATE VIRTUAL TABLE {self.fts} USING fts5(text, content='{self.table}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )

    @property
    def sqlite_triggers(self) -> tuple[str, str, str]:
        """The triggers that keep the index in step: on insert (`sqlite_insert_trigger`), delete and update."""
        return (
            self.sqlite_insert_trigger,
            f"""CREATE TRIGGER {self.fts}_delete AFTER DELETE ON {self.table} BEGIN
        INSERT INTO {self.fts}({self.fts}, rowid, text) VALUES ('delete', old.id, old.text); END""",
            f"""CREATE TRIGGER {self.fts}_update AFTER UPDATE OF text ON {self.table} BEGIN
        INSERT INTO {self.fts}({self.fts}, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO {self.fts}(rowid, text) VALUES (new.id, new.text); END""",
        )

    @property
    def sqlite_insert_trigger(self) -> str:
        return f"""CREATE TRIGGER {self.fts}_insert AFTER INSERT ON {self.table} BEGIN
        INSERT INTO {self.fts}(rowid, text) VALUES (new.id, new.text); END"""

    @property
    def sqlite_rebuild(self) -> str:
        return f"INSERT INTO {self.fts}({self.fts}) VALUES ('rebuild')"

    @property
    def sqlite_index_records(self) -> str:
        """Index the rows of the recommendations whose ids run from :first to :last."""
        return (
            f"INSERT INTO {self.fts}(rowid, text) SELECT id, text FROM {self.table} "
            f"WHERE {self.record} BETWEEN :first AND :last"
        )

    def pg_create(self, config: str = PG_CONFIG) -> str:
        return f"CREATE INDEX {self.pg_index} ON {self.table} USING gin (to_tsvector('{config}', text))"

    def created(self, dialect: str, pg_config: str = PG_CONFIG) -> list[str]:
        """The statements of a migration that makes the index, and fills it with the rows already there (a
        migration written before PG_CONFIG names the configuration it used: 'simple')."""
        if dialect == "sqlite":
            return [self.sqlite_create, *self.sqlite_triggers, self.sqlite_rebuild]
        return [self.pg_create(pg_config)]

    def dropped(self, dialect: str) -> list[str]:
        """The statements of a migration that removes the index."""
        if dialect == "sqlite":
            triggers = [
                f"DROP TRIGGER IF EXISTS {self.fts}_{name}"
                for name in ("insert", "delete", "update")
            ]
            return [*triggers, f"DROP TABLE IF EXISTS {self.fts}"]
        return [f"DROP INDEX IF EXISTS {self.pg_index}"]


# The recommendation's text, and its texts in the other UN languages (`RecommendationText`, from UHRI).
RECOMMENDATIONS = TextIndex(
    "recommendation", "id", "recommendation_fts", "ix_recommendation_text_search"
)
TRANSLATIONS = TextIndex(
    "recommendation_text",
    "recommendation_id",
    "recommendation_text_fts",
    "ix_recommendation_text_text_search",
)
INDEXES = (RECOMMENDATIONS, TRANSLATIONS)


@contextmanager
def indexed_by_batch(session: Session) -> Iterator[Callable[[list[int]], None]]:
    """Index the recommendations a bulk insert writes once a batch, not once a row; yield `index(ids)`, to be
    called once a batch's recommendations and their texts in other languages are written. The block holds the
    batch's inserts only: a row written by other means meanwhile would be left out of the index, whose deletes
    would then fail ("database disk image is malformed").

    FTS5 writes its pending words out at every statement a trigger runs in, so an executemany of 5,000 rows
    through the insert trigger costs five times the insert itself. On SQLite the insert triggers are dropped for
    the block and created again after it, in the same transaction (SQLite's DDL is transactional: a rollback
    restores them, and no other connection writes meanwhile), and `index` adds each batch, whose ids run from
    the first to the last, in one statement a table. PostgreSQL's expression indexes need nothing.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield lambda _ids: None
        return

    def index(ids: list[int]) -> None:
        if ids:
            for each in INDEXES:
                session.execute(text(each.sqlite_index_records), {"first": ids[0], "last": ids[-1]})

    for each in INDEXES:
        session.execute(text(f"DROP TRIGGER {each.fts}_insert"))
    try:
        yield index
    finally:
        for each in INDEXES:
            session.execute(text(each.sqlite_insert_trigger))


def is_search_object(name: str | None) -> bool:
    """Whether a table or index is the search's own (not in the models: the migrations and the drift test skip it)."""
    return bool(name) and (
        name == PARAGRAPHS
        or any(name == each.pg_index or name.startswith(each.fts) for each in INDEXES)
    )


class _TextIds(ClauseElement):
    """The ids of the recommendations whose text in `index` holds a word beginning with the term."""

    inherit_cache = False

    def __init__(self, term: str, index: TextIndex):
        self.term, self.index = term, index


@compiles(_TextIds, "sqlite")
def _text_ids_sqlite(element, compiler, **kw):
    query = _fts5_term(element.term)
    param = compiler.process(bindparam(None, query, unique=True), **kw)
    index = element.index
    matched = f"SELECT rowid FROM {index.fts} WHERE {index.fts} MATCH {param}"
    if index.record == "id":
        return matched
    return f"SELECT {index.record} FROM {index.table} WHERE id IN ({matched})"


@compiles(_TextIds, "postgresql")
def _text_ids_postgresql(element, compiler, **kw):
    query = _ts_term(element.term)
    param = compiler.process(bindparam(None, query, unique=True), **kw)
    index = element.index
    return (
        f"SELECT matched.{index.record} FROM {index.table} AS matched "
        f"WHERE to_tsvector('{PG_CONFIG}', matched.text) @@ to_tsquery('{PG_CONFIG}', {param})"
    )


def text_ids(term: str) -> list:
    """The SELECTs of the ids of the recommendations with a word beginning with the term, in their text or in
    their text in another language (none: no word in the term)."""
    if UNSPACED.search(term):
        matched, other = aliased(Recommendation), aliased(RecommendationText)
        return [
            select(matched.id).where(contains(matched.text, term)),
            select(other.recommendation_id).where(contains(other.text, term)),
        ]
    if not WORD.search(term):
        return []  # no word to look for ("%", "-")
    return [_TextIds(term, index) for index in INDEXES]


def _fts5_term(term: str) -> str:
    """A term as an FTS5 query: a phrase of its words, the last a prefix."""
    return '"' + term.replace('"', '""') + '"*'


def _ts_term(term: str) -> str:
    """A term as a tsquery: its words as a phrase, the last one a prefix, what FTS5 makes of "ro%a"* ("ro" then
    a word in a...)."""
    return " <-> ".join(f"'{word}'" for word in WORDS.findall(term.lower())) + ":*"


def ranked(terms: list[str], dialect: str):
    """A subquery of (id, score) of the recommendations whose text, or a text of theirs in another language, holds
    every term: the lower the score, the better the match (FTS5's bm25 on SQLite, minus ts_rank on PostgreSQL),
    a recommendation's best across its languages. None when no term is one the full-text indexes hold.
    """
    terms = [term for term in terms if WORD.search(term) and not UNSPACED.search(term)]
    if not terms:
        return None
    if dialect == "sqlite":
        sql = (
            f"SELECT id, min(score) AS score FROM ("
            f"SELECT rowid AS id, bm25({RECOMMENDATIONS.fts}) AS score FROM {RECOMMENDATIONS.fts} "
            f"WHERE {RECOMMENDATIONS.fts} MATCH :ranked_query UNION ALL "
            f"SELECT t.recommendation_id, bm25({TRANSLATIONS.fts}) FROM {TRANSLATIONS.fts} "
            f"JOIN {TRANSLATIONS.table} AS t ON t.id = {TRANSLATIONS.fts}.rowid "
            f"WHERE {TRANSLATIONS.fts} MATCH :ranked_query) GROUP BY id"
        )
        query = " ".join(map(_fts5_term, terms))  # every term
    else:
        scored = " UNION ALL ".join(
            f"SELECT matched.{index.record} AS id, "
            f"-ts_rank(to_tsvector('{PG_CONFIG}', matched.text), found) AS score "
            f"FROM {index.table} AS matched, to_tsquery('{PG_CONFIG}', :ranked_query) AS found "
            f"WHERE to_tsvector('{PG_CONFIG}', matched.text) @@ found"
            for index in INDEXES
        )
        sql = f"SELECT id, min(score) AS score FROM ({scored}) AS scored GROUP BY id"
        query = " & ".join(f"({_ts_term(term)})" for term in terms)
    return (
        text(sql).bindparams(ranked_query=query).columns(id=Integer, score=Float).subquery("ranked")
    )


class any_of(ColumnElement):
    """The condition of a column whose value is among the ids one of several SELECTs gives.

    On SQLite an OR of IN: SQLite reads each IN from its own index and checks the rows in the list's order,
    stopping at the page. On PostgreSQL one IN of their UNION ALL: an OR of IN lists makes PostgreSQL collect every
    list before the first row, where one semi-join starts from the few ids a rare word gives.
    """

    type = Boolean()
    inherit_cache = False
    _is_implicitly_boolean = True

    def __init__(self, column, selects):
        self.column = column
        self.selects = list(selects)


@compiles(any_of)
def _any_of_sqlite(element, compiler, **kw):
    column = compiler.process(element.column, **kw)
    parts = [
        f"{column} IN ({compiler.process(part, asfrom=False, **kw)})" for part in element.selects
    ]
    return "(" + " OR ".join(parts) + ")"


@compiles(any_of, "postgresql")
def _any_of_postgresql(element, compiler, **kw):
    column = compiler.process(element.column, **kw)
    parts = " UNION ALL ".join(f"({compiler.process(part, **kw)})" for part in element.selects)
    return f"{column} IN ({parts})"
