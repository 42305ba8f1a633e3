"""The base of every vocabulary: a word stored as its code, shown by its translated label."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum, nonmember

# The labels already looked up, while `labels_kept` holds: an export of many rows translates each label once.
_kept: ContextVar[dict | None] = ContextVar("kept_labels", default=None)


@contextmanager
def labels_kept() -> Iterator[None]:
    """Keep each label looked up by `label_of` in the block, which must not change the language."""
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def new_member(cls, code: str, label):
    member = str.__new__(cls, code)
    member._value_ = code
    member.label = label if label is not None else code
    return member


class Term(StrEnum):
    """A word of a controlled vocabulary: stored as its code, shown by its translated label."""

    def __new__(cls, code: str, label=None):
        return new_member(cls, code, label)

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """The codes in the vocabulary's own order, as the database's CHECK constraint lists them."""
        return tuple(member.value for member in cls)

    @classmethod
    def labels(cls) -> dict[str, object]:
        """Each code with its label, for a template or a table that looks labels up by code."""
        return {member.value: member.label for member in cls}

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """The label of a code; an unknown or empty code is shown as it is."""
        if code is None:
            return ""
        kept = _kept.get()
        if kept is None:
            return cls._label(code)
        label = kept.get((cls, code))
        if label is None:
            label = kept[cls, code] = cls._label(code)
        return label

    @classmethod
    def _label(cls, code: str) -> str:
        try:
            return str(cls(code).label)
        except ValueError:
            return str(code)

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """(code, label) pairs for a select, in the vocabulary's order."""
        return [(member.value, member.label) for member in cls]

    @property
    def css(self) -> str:
        """The CSS class of the badge that shows this word (`status-planned`, `rating-no_progress`)."""
        return f"{self.css_prefix}-{self.value}"

    css_prefix = nonmember("term")
