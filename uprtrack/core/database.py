"""Database details that every engine and command needs: SQLite pragmas and functions, and a check that the schema
exists."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps

import click
from sqlalchemy import ColumnElement, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from uprtrack.core import trigrams
from uprtrack.extensions import db

_configured = False
BUSY_TIMEOUT_MS = 5000  # how long a SQLite statement waits for another transaction's write lock


def configure_sqlite() -> None:
    """Turn on foreign keys and WAL for every SQLite connection (once per process)."""
    global _configured
    if _configured:
        return
    event.listen(Engine, "connect", _sqlite_pragmas)
    _configured = True


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()
    # pg_trgm's similarity(), which PostgreSQL has from the migrations: the same SQL suggests names on both.
    dbapi_connection.create_function("similarity", 2, trigrams.similarity, deterministic=True)


@contextmanager
def not_waiting(connection) -> Iterator[None]:
    """On SQLite, let the connection's statements fail at once where another transaction holds the write lock,
    rather than wait BUSY_TIMEOUT_MS for it; nothing changes on other engines."""
    raw = connection.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        yield
        return
    raw.execute("PRAGMA busy_timeout=0")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def needs_database(command):
    """Stop a command with a clear message when the database has not been upgraded yet."""

    @wraps(command)
    def checked(*args, **kwargs):
        if not inspect(db.engine).has_table("alembic_version"):
            raise click.ClickException(
                "The database is not set up yet: run `flask --app uprtrack db upgrade` first."
            )
        return command(*args, **kwargs)

    return checked


def like_escape(text: str) -> str:
    """The text with LIKE's wildcards (and the escape character, a backslash) taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, text: str) -> ColumnElement[bool]:
    """The condition of a column that holds the text anywhere, whatever its case; wildcards are taken literally."""
    return column.ilike(f"%{like_escape(text)}%", escape="\\")


class unindexed(FunctionElement):
    """A column whose index the query must not use: `+column` on SQLite, the column itself elsewhere.

    SQLite keeps no statistics, so it takes any index on an equality, even one where the value is nearly every
    row (an entry "validated", as nearly all are): it then reads the whole table through that index rather than
    through the one that narrows the query. The unary + is SQLite's own way to rule an index out of a term
    (https://sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_); PostgreSQL has the
    statistics to choose and is given the plain column.
    """

    inherit_cache = True

    def __init__(self, column):
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _unindexed(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw):
    return f"+{compiler.process(element.clauses, **kw)}"
