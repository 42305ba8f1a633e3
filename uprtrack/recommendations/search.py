"""Full-text search of the recommendations' texts by the database's own engine, with the same meaning on both: each
word of the search matches the words of a text that begin with it, whatever their case (on SQLite whatever their
accents too; PostgreSQL's 'simple' configuration keeps them).

- SQLite: an FTS5 index (`recommendation_fts`, external content: the rows of `recommendation`, kept in step by
  triggers), tokenizer unicode61 without diacritics; a word is searched as the prefix query `"word"*`.
- PostgreSQL: a GIN index on `to_tsvector('simple', text)` (no stemming, so no language is assumed); a word is
  searched as `'word':*`, a term of several words ("140.31") as the phrase `'140' <-> '31':*`.

A word in a script written without spaces (Chinese, Japanese) is matched inside the text with LIKE instead: neither
tokenizer splits such a text into words. The triggers are part of the schema: a SQLite batch migration that rebuilds
`recommendation` must create them again (`SQLITE_TRIGGERS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Boolean, ColumnElement, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import ClauseElement, bindparam

from uprtrack.core.database import contains
from uprtrack.models import Recommendation

FTS_TABLE = "recommendation_fts"
PG_INDEX = "ix_recommendation_text_search"
WORD = re.compile(r"\w")
WORDS = re.compile(r"\w+")
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")

SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='recommendation', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')"
)
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER recommendation_fts_insert AFTER INSERT ON recommendation BEGIN
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END""",
    f"""CREATE TRIGGER recommendation_fts_delete AFTER DELETE ON recommendation BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text); END""",
    f"""CREATE TRIGGER recommendation_fts_update AFTER UPDATE OF text ON recommendation BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END""",
)
SQLITE_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"
SQLITE_INDEX_IDS = f"INSERT INTO {FTS_TABLE}(rowid, text) SELECT id, text FROM recommendation WHERE id BETWEEN :first AND :last"
PG_CREATE = f"CREATE INDEX {PG_INDEX} ON recommendation USING gin (to_tsvector('simple', text))"


@contextmanager
def indexed_by_batch(session: Session) -> Iterator[Callable[[list[int]], None]]:
    """Index the recommendations a bulk insert writes once a batch, not once a row; yield `index(ids)`.

    FTS5 writes its pending words out at every statement a trigger runs in, so an executemany of 5,000 rows
    through the insert trigger costs five times the insert itself. On SQLite the trigger is dropped for the
    block and created again after it, in the same transaction (SQLite's DDL is transactional: a rollback
    restores it, and no other connection writes meanwhile), and `index` adds each batch, whose ids run from
    the first to the last, in one statement. PostgreSQL's expression index needs nothing.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield lambda _ids: None
        return

    def index(ids: list[int]) -> None:
        if ids:
            session.execute(text(SQLITE_INDEX_IDS), {"first": ids[0], "last": ids[-1]})

    session.execute(text("DROP TRIGGER recommendation_fts_insert"))
    try:
        yield index
    finally:
        session.execute(text(SQLITE_TRIGGERS[0]))


def is_search_object(name: str | None) -> bool:
    """Whether a table or index is the search's own (not in the models: the migrations and the drift test skip it)."""
    return bool(name) and (name == PG_INDEX or name.startswith(FTS_TABLE))


class _TextIds(ClauseElement):
    """The ids of the recommendations whose text holds a word beginning with the term, by the full-text index."""

    inherit_cache = False

    def __init__(self, term: str):
        self.term = term


@compiles(_TextIds, "sqlite")
def _text_ids_sqlite(element, compiler, **kw):
    query = '"' + element.term.replace('"', '""') + '"*'
    param = compiler.process(bindparam(None, query, unique=True), **kw)
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {param}"


@compiles(_TextIds, "postgresql")
def _text_ids_postgresql(element, compiler, **kw):
    # The term's words as a phrase, the last one a prefix: what FTS5 makes of "ro%a"* ("ro" then a word in a...).
    words = WORDS.findall(element.term.lower())
    query = " <-> ".join(f"'{word}'" for word in words) + ":*"
    param = compiler.process(bindparam(None, query, unique=True), **kw)
    return (
        "SELECT matched.id FROM recommendation AS matched "
        f"WHERE to_tsvector('simple', matched.text) @@ to_tsquery('simple', {param})"
    )


def text_ids(term: str):
    """The ids of the recommendations whose text holds a word beginning with the term (None: no word in it)."""
    if UNSPACED.search(term):
        matched = aliased(Recommendation)
        return select(matched.id).where(contains(matched.text, term))
    if not WORD.search(term):
        return None  # no word to look for ("%", "-")
    return _TextIds(term)


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
