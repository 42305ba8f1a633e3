"""The version of the data that caches are kept by: one row of the settings table, renewed by every commit that
wrote a watched table (every table but those of UNWATCHED).

The data version is given a fresh token when a transaction that wrote a watched table (by a flush or a bulk
statement: SQLAlchemy session events) commits, so every process (the server, the workers, a command) sees a change
once it is committed, on SQLite and PostgreSQL alike, and reading it is one lookup by primary key, once a
transaction. Writes made on a bare connection, outside the session, are not seen: the app makes none, and a change
made by hand in the database shows once the next watched change is saved through the app. What is kept by it (the
dashboard's figures and chart images, the item 10 report's figures, the list's filter choices, counts and filter
panel) lives in a bounded LRU in each process's memory (`Memo`).
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
# The tables whose rows no figure, list or report kept by the data version reads: who signed in and how, what was
# said to whom, the app's own bookkeeping. Every other table is watched, so that a table added later is watched
# unless it is named here.
UNWATCHED = frozenset(
    {
        "setting",
        "user_account",
        "login_attempt",
        "recovery_code",
        "saved_view",
        "audit_entry",
        "notification",
        "notification_preference",
        "notification_digest",
        "follow",
        "job",
        "comment",
        "narrative",
    }
)

SEEN = "data-version-seen"


def data_version(session: Session) -> str:
    """The current version of the watched data ("0" before anything was ever written): read once a transaction,
    as what one request draws (the list's count, its filter panel) is kept under one version."""
    if SEEN not in session.info:
        found = session.scalar(select(Setting.value).where(Setting.key == VERSION_KEY))
        session.info[SEEN] = found or "0"
    return session.info[SEEN]


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


def watched(table) -> bool:
    return getattr(table, "name", None) is not None and table.name not in UNWATCHED


def _watched(instance) -> bool:
    return watched(getattr(type(instance), "__table__", None))


CHANGED = "watched-data-changed"


@event.listens_for(Session, "before_flush")
def _note_changes(session, _flush_context, _instances) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(_watched(item) for item in changed):
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    """Bulk statements (an import's inserts, a test's delete) bypass the flush: watch them too."""
    writes = state.is_insert or state.is_update or state.is_delete
    if writes and watched(getattr(state.statement, "table", None)):
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


@event.listens_for(Session, "after_transaction_end")
def _forget_version(session, transaction) -> None:
    """The next transaction may see a version another process committed meanwhile."""
    if transaction.parent is None:
        session.info.pop(SEEN, None)


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
