"""How the document exports (DOCX, PDF) fold the matrix's many columns into a few readable columns on a landscape page.

Twenty-one columns side by side are unreadable on A4; OHCHR's own matrices have four. Each document column holds
several of the matrix's columns, each part labelled with its column's label, so nothing is lost.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from uprtrack.reporting.amounts import amount
from uprtrack.reporting.matrix.columns import COLUMNS, LINKED_COLUMNS, MatrixMeta, MatrixRow


@dataclass(frozen=True)
class Group:
    label: object  # a lazy translation
    keys: tuple[str, ...]  # keys of COLUMNS, in the order the cell shows them
    share: int  # per cent of the table's width


# The one statement of the grouping; both writers read it. "status" shows its date too, so "status_date" has no part.
GROUPS = (
    Group(_l("Recommendation"), ("id", "document", "text", "recommending", "position"), 28),
    Group(_l("Themes and targets"), ("themes", "groups", "sdgs"), 18),
    Group(_l("Implementation"), ("institutions", "status", "justification", "actions"), 21),
    Group(
        _l("Commitments and support"),
        ("pledges", "assistance_received", "assistance_needed", "evidence"),
        19,
    ),
    Group(_l("Independent assessments"), ("nhri", "cso"), 14),
)
STATUS_GROUP = next(i for i, group in enumerate(GROUPS) if "status" in group.keys)
LABELS = {column.key: column.label for column in COLUMNS}


@dataclass(frozen=True)
class Part:
    """One labelled part of a cell: a single value shows on the label's line, several as a list under it."""

    label: str
    values: list[str]


def text_of(value) -> str:
    """A cell value as the documents print it."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        return amount(value)
    return str(value)


def parts(row: MatrixRow, group: Group) -> list[Part]:
    """The non-empty parts of a row's cell in this group, each with its column's label in the current language."""
    found = []
    for key in group.keys:
        value = row.cells.get(key)
        if key == "status" and value and row.cells.get("status_date"):
            value = f"{value} ({text_of(row.cells['status_date'])})"
        values = [text_of(v) for v in value] if isinstance(value, list) else [text_of(value)]
        values = [v for v in values if v.strip()]
        if values:
            found.append(Part(str(LABELS[key]), values))
    return found


def linked_header(kind: str) -> list[str]:
    return [str(label) for key, label in LINKED_COLUMNS[kind]] + [_("Recommendations")]


def linked_values(record) -> list[str]:
    return [text_of(record.cells.get(key)) for key, label in LINKED_COLUMNS[record.kind]] + [
        ", ".join(record.recommendations)
    ]


def document_subtitle(meta: MatrixMeta) -> str:
    """The selection and when the file was made (a document's footer repeats it on every page)."""
    created = _("Created %(date)s", date=format_datetime(meta.created))
    return f"{meta.subtitle} · {created}"


def subtitle(meta: MatrixMeta) -> str:
    """The line under the title: the selection, when the file was made, and whether it holds public data only or
    internal records too."""
    return f"{document_subtitle(meta)} · {meta.mark}"


def is_rtl(text: str) -> bool:
    """Whether most letters of the text are Arabic or Hebrew (so that it reads right to left)."""
    letters = [c for c in text if c.isalpha()]
    rtl = sum(1 for c in letters if unicodedata.bidirectional(c) in ("R", "AL"))
    return bool(letters) and rtl * 2 > len(letters)
