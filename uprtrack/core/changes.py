"""Apply a form's or a file's values to a record and say what changed, for the audit log and the messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Changes = dict[str, tuple[Any, Any]]


def apply_changes(record: object, values: Mapping[str, Any]) -> Changes:
    """Set each attribute whose value differs; return what changed as {name: (before, after)}."""
    changes: Changes = {}
    for name, value in values.items():
        before = getattr(record, name)
        if before != value:
            changes[name] = (before, value)
            setattr(record, name, value)
    return changes
