"""What files say: the languages of a text, the words of positions, the sessions of each cycle."""

from __future__ import annotations

import re
from functools import lru_cache

from uprtrack.core.vocabulary.implementation import Position

# The languages a recommendation's text is stored in: the six official languages of the UN.
UN_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


# What real files write, lower-cased with spaces squeezed, onto the four positions.
_POSITION_WORDS = {
    "supported": Position.SUPPORTED,
    "accepted": Position.SUPPORTED,
    "support": Position.SUPPORTED,
    "accept": Position.SUPPORTED,
    "noted": Position.NOTED,
    "rejected": Position.NOTED,
    "not supported": Position.NOTED,
    "not accepted": Position.NOTED,
    "supported/noted": Position.SUPPORTED_IN_PART,
    "supported / noted": Position.SUPPORTED_IN_PART,
    "supported in part": Position.SUPPORTED_IN_PART,
    "supported-in-part": Position.SUPPORTED_IN_PART,
    "partially supported": Position.SUPPORTED_IN_PART,
    "partially accepted": Position.SUPPORTED_IN_PART,
    "accepted in part": Position.SUPPORTED_IN_PART,
    "": Position.PENDING,
    "pending": Position.PENDING,
    "no response": Position.PENDING,
    "no clear position": Position.PENDING,
    "awaiting response": Position.PENDING,
}


@lru_cache(maxsize=1024)  # a file writes its few words on every row
def normalise_position(raw: str | None) -> str | None:
    """Return the position a file's word means, or None when the word is not a position."""
    # Typed cells hold stray spaces and new lines, also around the slash of "Supported / Noted".
    key = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", (raw or "").strip().rstrip("."))).lower()
    position = _POSITION_WORDS.get(key)
    return None if position is None else position.value


# First Working Group session of each cycle (domain.md); seed/cycles.csv holds the same ranges with their years.
CYCLE_FIRST_SESSIONS = ((41, 4), (27, 3), (13, 2), (1, 1))


def cycle_of_session(session: int) -> int:
    """Return the UPR cycle a Working Group session belongs to."""
    return next(cycle for first, cycle in CYCLE_FIRST_SESSIONS if session >= first)
