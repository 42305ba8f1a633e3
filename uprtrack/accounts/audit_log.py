"""Read the audit log a page at a time, newest first, and as CSV rows.

Pages are read by key (the entries older or newer than an id), never by OFFSET, and the entries are counted
only up to a cap: on a log of hundreds of thousands of rows, counting all of them on every request is what
costs most (engineering.md, note 13).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from uprtrack.accounts.audit_detail import describe
from uprtrack.accounts.audit_names import Names
from uprtrack.core import paging
from uprtrack.core.vocabulary import AuditAction, AuditObject
from uprtrack.models import AuditEntry

PAGE_SIZE = 50
COUNT_CAP = paging.COUNT_CAP  # past this, the page says "more than 1,000 entries"
CSV_CHUNK = 500  # entries named and written together: one query per kind of record for each chunk


@dataclass
class Row:
    """An entry as the page and the CSV show it."""

    entry: AuditEntry
    action: str
    kind: str
    record: object  # audit_names.Named
    lines: list  # audit_detail.Line


@dataclass
class Page:
    rows: list[Row]
    counted: int  # the entries that match, counted up to COUNT_CAP + 1
    newer: int | None  # the id to read the newer page after, when there is one
    older: int | None  # the id to read the older page before, when there is one

    @property
    def more_than_cap(self) -> bool:
        return self.counted > COUNT_CAP


def rows_of(session: Session, entries: list[AuditEntry]) -> list[Row]:
    """The entries with their records named and their detail in words, one query per kind of record."""
    names = Names(session, entries)
    return [
        Row(
            entry,
            AuditAction.label_of(entry.action),
            AuditObject.label_of(entry.object_type),
            names.of(entry),
            describe(entry, names),
        )
        for entry in entries
    ]


def read_page(
    session: Session,
    where: list[ColumnElement[bool]],
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """The page of entries older than `before`, or newer than `after`, or the newest ones."""
    query = select(AuditEntry).where(*where)
    if after is not None:
        found = session.scalars(
            query.where(AuditEntry.id > after).order_by(AuditEntry.id.asc()).limit(size)
        ).all()
        entries = list(reversed(found))
    else:
        if before is not None:
            query = query.where(AuditEntry.id < before)
        entries = session.scalars(query.order_by(AuditEntry.id.desc()).limit(size)).all()
    newer = older = None
    if entries:
        top, bottom = entries[0].id, entries[-1].id
        newer = top if _exists(session, where, AuditEntry.id > top) else None
        older = bottom if _exists(session, where, AuditEntry.id < bottom) else None
    return Page(rows_of(session, entries), count_capped(session, where), newer, older)


def _exists(session: Session, where, beyond: ColumnElement[bool]) -> bool:
    return session.scalar(select(AuditEntry.id).where(*where, beyond).limit(1)) is not None


def count_capped(session: Session, where: list[ColumnElement[bool]]) -> int:
    """How many entries match, counting no further than COUNT_CAP + 1."""
    return paging.count_capped(session, select(AuditEntry.id).where(*where), COUNT_CAP)


def csv_header() -> list[str]:
    return [
        _("When (UTC)"),
        _("Who"),
        _("Action"),
        _("Kind of record"),
        _("Record number"),
        _("Record"),
        _("Detail"),
        _("Action code"),
    ]


def csv_rows(session: Session, where: list[ColumnElement[bool]]) -> Iterator[list[str]]:
    """Every entry that matches, newest first, read and named a chunk at a time."""
    before = None
    while True:
        query = select(AuditEntry).where(*where)
        if before is not None:
            query = query.where(AuditEntry.id < before)
        entries = session.scalars(query.order_by(AuditEntry.id.desc()).limit(CSV_CHUNK)).all()
        if not entries:
            return
        for row in rows_of(session, entries):
            entry = row.entry
            at = entry.at if entry.at.tzinfo is None else entry.at.astimezone(UTC)
            yield [
                at.strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor,
                row.action,
                row.kind,
                entry.object_id or "",
                row.record.text,
                "; ".join(f"{line.label}: {line.text}" for line in row.lines),
                entry.action,
            ]
        before = entries[-1].id
        for entry in entries:
            session.expunge(entry)  # a long log is written in constant memory
