"""Match a State's name as a file types it onto a known State: by a spacing-blind key, then by likeness.

OHCHR's matrices are typed by hand and converted between formats: words come split by spaces, also inside a
State's name ("Slove nia", "Bosnia and Herze govina"), or joined ("Republicof Korea"), and hyphens may be the
non-breaking U+2011. A key without spaces, hyphens or case makes all of these one name. What still differs
(a dropped or doubled letter) is matched by likeness above FUZZY_THRESHOLD, and every such match is reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

T = TypeVar("T")

# The highest likeness between two names of different States in seed/states.csv is 93.3 ("Republic of
# Malawi" / "Republic of Mali"); tests/test_state_names.py checks that no two seed States reach this threshold.
FUZZY_THRESHOLD = 94.0

_SPACING = re.compile(r"[\s\-\u00ad\u2010\u2011\u2012\u2013\u2014]+")


def compact_key(name: str) -> str:
    """Key a name whatever its spaces, hyphens (U+2011 too), apostrophes and case: 'Slove nia' = 'Slovenia'."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return _SPACING.sub("", text).casefold()


@dataclass
class Match(Generic[T]):
    item: T
    score: float | None  # None for a match by key; the likeness 0-100 for a match by likeness


class NameIndex(Generic[T]):
    """Items (States) by the compact key of each of their names, with a likeness search as the last resort."""

    def __init__(self, names: dict[str, T]):
        self.by_key: dict[str, T] = {}
        for name, item in names.items():
            self.by_key.setdefault(compact_key(name), item)
        self._keys = list(self.by_key)

    def find(self, name: str) -> Match[T] | None:
        """Return the item whose name has the same key, else the one clearly most like it, else None.

        A name as like two different items as the threshold is no match: it is left for a person to decide.
        """
        key = compact_key(name)
        if not key:
            return None
        if key in self.by_key:
            return Match(self.by_key[key], None)
        found = process.extract(
            key, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None
        )
        items: dict[int, tuple[T, float]] = {}
        for k, score, _ in found:  # best first: each item keeps its best score
            items.setdefault(id(self.by_key[k]), (self.by_key[k], score))
        if len(items) != 1:
            return None
        item, score = next(iter(items.values()))
        return Match(item, round(score, 1))
