"""The version of the data that caches are kept by: one row of the settings table, renewed by every commit that
wrote a watched table.

The data version is given a fresh token when a transaction that wrote a table of WATCHED (by a flush or a bulk
statement: SQLAlchemy session events) commits, so every process (the server, the workers, a command) sees a change
once it is committed, on SQLite and PostgreSQL alike, and reading it is one lookup by primary key. Writes made on a
bare connection, outside the session, are not seen: the app makes none, and a change made by hand in the database
shows once the next watched change is saved through the app. What is kept by it (the dashboard's chart images, the
list's filter choices) lives in a bounded LRU in each process's memory (`Memo`).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable

from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from uprtrack.models import Setting
from uprtrack.models.base import utcnow

VERSION_KEY = "dashboard-data-version"
# The tables whose rows the dashboard's figures and the list's filter choices read (records, their links and
# the names they show).
WATCHED = frozenset(
    {
        "recommendation",
        "review",
        "status_change",
        "assessment",
        "assistance",
        "assistance_recommendation",
        "organisation",
        "recommendation_theme",
        "theme",
        "state",
        "state_name",
        "recommendation_recommending_state",
        "assignment",
        "cycle",
        "upr_session",
        "mechanism",
        "group_of_persons",
        "sdg",
    }
)


def data_version(session: Session) -> str:
    """The current version of the watched data ("0" before anything was ever written)."""
    return session.scalar(select(Setting.value).where(Setting.key == VERSION_KEY)) or "0"


def bump(connection) -> None:
    """Give the data a new version, in the writer's transaction (rolled back with it)."""
    values = {"key": VERSION_KEY, "value": uuid.uuid4().hex, "updated_at": utcnow()}
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(Setting.__table__).values(**values)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["key"],
            set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
        )
    )


def _watched(instance) -> bool:
    table = getattr(type(instance), "__table__", None)
    return table is not None and table.name in WATCHED


CHANGED = "watched-data-changed"


@event.listens_for(Session, "before_flush")
def _note_changes(session, _flush_context, _instances) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(_watched(item) for item in changed):
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    """Bulk statements (an import's inserts, a test's delete) bypass the flush: watch them too."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in WATCHED:
            state.session.info[CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_on_commit(session) -> None:
    """Renew the version as the last write of the transaction: the settings row is locked only while it commits,
    after every other row, so two writers cannot wait on each other."""
    session.flush()  # the changes not yet flushed are noted now
    if session.info.pop(CHANGED, False):
        bump(session.connection())


@event.listens_for(Session, "after_rollback")
def _forget_changes(session) -> None:
    session.info.pop(CHANGED, None)


class Memo:
    """A bounded, thread-safe LRU of what was computed, by its key (which holds the data version)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_draw(self, key: Hashable, draw: Callable[[], object]):
        """Return what is kept under the key, or compute it (draw), keep it and return it."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = draw()  # outside the lock: another may be computed meanwhile
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def at_version(self, session: Session, key: tuple, compute: Callable[[], object]):
        """What compute() gives, kept under the data's current version and key. Before anything was written
        through the app there is no version to tell one database's data from another's: computed each time."""
        version = data_version(session)
        if version == "0":
            return compute()
        return self.get_or_draw((version, *key), compute)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
