"""The choices of a form's select, built one way for every form."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import SelectChoice


def select_choices(pairs: Iterable[tuple], blank=None) -> list[SelectChoice]:
    """A select's choices from (value, label) pairs, after a blank choice when one is given."""
    return ([SelectChoice("", blank)] if blank is not None else []) + [
        SelectChoice(value, label) for value, label in pairs
    ]
