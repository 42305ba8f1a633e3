"""Read the State, cycle and session of an OHCHR matrix from its page header and its document symbols.

Headers differ across the years: "UPR of Slovenia (2nd Cycle – 20th session)", "Universal Periodic Review of
Ghana – Third cycle", "UPR of Chile (Thirty-fourth session)"; ordinals in digits or words, tabs and dashes
between the parts, and page-number fields whose stale text ("Page 66 of ") is mixed into the same paragraph.
A header without a cycle takes it from the session; one without a session may find it in a Working Group
document symbol the file cites ("A/HRC/WG.6/20/SVN/1" is session 20).
"""

from __future__ import annotations

import re

_UNITS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_ORDINALS = {word: number for number, word in enumerate(_UNITS, start=1)}
_ORDINALS.update({"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60})
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}

_OPENING = re.compile(r"\b(?:UPR|Universal\s+Periodic\s+Review)\s+of\s+", re.I)
# Where the State's name ends: a bracket naming the cycle or session, a dash before them, a tab or a new line.
_STATE_END = re.compile(
    r"\s*(?:\((?=[^()]*(?:cycle|session))|[–—-]\s*(?=[\w-]+\s+(?:cycle|session)|(?:cycle|session)\b)"
    r"|[\t\n]|\s+Thematic\b|$)",
    re.I,
)
_PAGE_FIELD = re.compile(r"Page\s+\d*\s*(?:of\s*\d*)?", re.I)
_WG_SYMBOL = re.compile(r"A/HRC/WG\.6/(\d{1,2})/([A-Z]{3})/\d")
_ORDINAL = r"(\d+(?:st|nd|rd|th)?|[a-z]+(?:[-\s][a-z]+)?)"


def read_header(text: str) -> dict:
    """Return {"state", "cycle", "session"} named by a page header's text; None for what it does not name."""
    text = _PAGE_FIELD.sub("\t", text.replace("\u00a0", " "))
    opening = _OPENING.search(text)
    if not opening:
        return {"state": None, "cycle": None, "session": None}
    rest = text[opening.end() :]
    end = _STATE_END.search(rest)
    state = " ".join(rest[: end.start()].split()).strip(" –—-") or None
    tail = rest[end.start() :].split("\n")[0]
    return {"state": state, "cycle": _ordinal(tail, "cycle"), "session": _ordinal(tail, "session")}


def session_from_symbols(text: str) -> tuple[int, str] | None:
    """The session and ISO code of the first Working Group document symbol cited ('A/HRC/WG.6/20/SVN/1')."""
    found = _WG_SYMBOL.search(text)
    return (int(found.group(1)), found.group(2)) if found else None


def _ordinal(text: str, word: str) -> int | None:
    """Read the ordinal next to a word: '2nd Cycle', 'Second cycle', 'Thirty-fourth session', 'Cycle 3'."""
    before = re.search(rf"{_ORDINAL}\s+{word}\b", text, re.I)
    if before and (number := ordinal_value(before.group(1))):
        return number
    after = re.search(rf"\b{word}\s+(\d+)\b", text, re.I)
    return int(after.group(1)) if after else None


def ordinal_value(token: str) -> int | None:
    """'34th' -> 34, 'forty-eighth' / 'forty eighth' -> 48, 'Third' -> 3; None when it is no ordinal."""
    token = token.lower()
    if digits := re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", token):
        return int(digits.group(1))
    words = re.split(r"[-\s]", token)
    if len(words) == 2 and words[0] in _TENS and _ORDINALS.get(words[1], 10) < 10:
        return _TENS[words[0]] + _ORDINALS[words[1]]
    return _ORDINALS.get(words[-1])
