"""What a reader may see: published records are public; unpublished ones exist only for government users.

Every page, file, chart and export asks here, so that nothing unpublished reaches the public by another road.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from uprtrack.core.vocabulary import GOVERNMENT_ROLES, EntryState


def sees_unpublished(user) -> bool:
    """Government users see records before they are published; everyone else sees published ones only."""
    return bool(user.is_authenticated and user.role in GOVERNMENT_ROLES)


def published_only(user) -> bool:
    """Whether this reader is limited to published records."""
    return not sees_unpublished(user)


def visible(model, published_only: bool) -> tuple[ColumnElement[bool], ...]:
    """The SQL conditions of the model's rows the reader may see (none for government users): published, and
    validated for an entry the national mechanism validates (evidence)."""
    if not published_only:
        return ()
    conditions = [model.published.is_(True)]
    if hasattr(model, "entry_state"):
        conditions.append(model.is_validated)
    return tuple(conditions)


def is_visible(record, published_only: bool) -> bool:
    """The Python twin of `visible` for a record already loaded."""
    if not published_only:
        return True
    return bool(record.published) and getattr(record, "entry_state", None) in (
        None,
        EntryState.VALIDATED,
    )


def visible_entries(entries, published_only: bool) -> list:
    """The status changes or actions of a record the reader may see: the validated ones for the public, every one
    (proposed, returned and withdrawn, marked as such) for government users."""
    if not published_only:
        return list(entries)
    return [entry for entry in entries if entry.entry_state == EntryState.VALIDATED]


# Kinds of import (imports/kinds.ImportKind codes) whose files are public UN or UPR Info documents. A draft
# Working Group report is not public before adoption, and a template is the government's own working file.
PUBLIC_SOURCE_KINDS = frozenset({"ohchr-matrix", "upr-info", "pledges", "uhri"})


def visible_sources(sources, published_only: bool) -> list:
    """The sources of a record the reader may see: all for government users; for everyone else only those from
    public documents, and never a file's name (an uploaded file's name can tell what is not published)."""
    if not published_only:
        return list(sources)
    return [s for s in sources if s.kind in PUBLIC_SOURCE_KINDS]
