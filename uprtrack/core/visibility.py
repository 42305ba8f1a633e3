"""What a reader may see: published records are public; unpublished ones exist only for government users.

Every page, file, chart and export asks here, so that nothing unpublished reaches the public by another road.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from uprtrack.core.vocabulary import GOVERNMENT_ROLES


def sees_unpublished(user) -> bool:
    """Government users see records before they are published; everyone else sees published ones only."""
    return bool(user.is_authenticated and user.role in GOVERNMENT_ROLES)


def published_only(user) -> bool:
    """Whether this reader is limited to published records."""
    return not sees_unpublished(user)


def visible(model, published_only: bool) -> tuple[ColumnElement[bool], ...]:
    """The SQL conditions of the model's rows the reader may see (none for government users)."""
    return (model.published.is_(True),) if published_only else ()


def is_visible(record, published_only: bool) -> bool:
    """The Python twin of `visible` for a record already loaded."""
    return bool(record.published) or not published_only


# Kinds of import (imports/kinds.ImportKind codes) whose files are public UN or UPR Info documents. A draft
# Working Group report is not public before adoption, and a template is the government's own working file.
PUBLIC_SOURCE_KINDS = frozenset({"ohchr-matrix", "upr-info", "pledges", "uhri"})


def visible_sources(sources, published_only: bool) -> list:
    """The sources of a record the reader may see: all for government users; for everyone else only those from
    public documents, and never a file's name (an uploaded file's name can tell what is not published)."""
    if not published_only:
        return list(sources)
    return [s for s in sources if s.kind in PUBLIC_SOURCE_KINDS]
