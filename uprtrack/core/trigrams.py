"""How alike two names are, by their trigrams, exactly as PostgreSQL's pg_trgm counts them, so that SQLite (which
runs it as a function of every connection) and PostgreSQL (which runs its own) suggest the same names.

pg_trgm lowers the text, cuts it into words of letters and digits, pads each word with two spaces before and one
after, and takes the set of its three-character pieces; two texts are as alike as the share of their pieces they
have in common (the pieces of both over the pieces of either). 0.3 is its threshold of "alike".
"""

from __future__ import annotations

import re
from functools import lru_cache

THRESHOLD = 0.3  # pg_trgm.similarity_threshold's default
_WORDS = re.compile(r"[^\W_]+")  # letters and digits, as pg_trgm's words


@lru_cache(maxsize=4096)
def trigrams(text: str) -> frozenset[str]:
    """The set of trigrams of a text, as pg_trgm's show_trgm gives them."""
    found = set()
    for word in _WORDS.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def similarity(left: str | None, right: str | None) -> float | None:
    """pg_trgm's similarity(): 0 (nothing in common) to 1 (the same trigrams); None when either is NULL."""
    if left is None or right is None:
        return None
    a, b = trigrams(left), trigrams(right)
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)
