"""The base of every vocabulary: a word stored as its code, shown by its translated label."""

from __future__ import annotations

from enum import StrEnum, nonmember


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
