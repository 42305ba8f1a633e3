"""The recommending States a recommendation names in brackets at its end: "... (Portugal, Slovakia);".

OHCHR's matrices and the Working Group's draft reports both end a recommendation with its States in
parentheses; a clause inside it may carry its own group. A bracket may also hold words of the text (a treaty,
principles, a year), so a group counts as States only when it reads like State names.
"""

from __future__ import annotations

import re

# Words that make a bracket part of the text, not a group of States: "(Paris Principles)", "(the Convention)".
_NOT_STATES = re.compile(
    r"\b(?:principles?|conventions?|covenant|protocols?|rules|guidelines|declaration|agenda|goals?|"
    r"programme|plan|strategy|act|law|standards?)\b",
    re.I,
)
_SPACE = " \t\u00a0"


def split_top_level(text: str, separator: str) -> list[str]:
    """Split text on a separator that is outside brackets, so "Iran (Islamic Republic of)" stays whole."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == separator and depth <= 0:
            parts.append(text[start:index])
            start = index + 1
    return [*parts, text[start:]]


def split_names(group: str) -> list[str]:
    """Split 'Portugal, Slovakia' into names, keeping 'Iran (Islamic Republic of)' whole."""
    return [" ".join(part.split()) for part in split_top_level(group, ",") if part.strip()]


def is_state_like(inner: str) -> bool:
    """Say whether a bracketed group reads like State names rather than a number, year, acronym or treaty.

    The test is by the form of the words, not by looking the names up: a State name the file mistypes
    ("Slove nia") must stay a State, to be matched or refused by name with the row, and not slip silently
    into the recommendation's text. Names in capitals are States ("REPUBLIC OF MOLDOVA"); a lone word in
    capitals is an acronym ("(ICRMW)", "(OPCAT)"); treaty and principle words mark a text ("(Paris Principles)").
    """
    names = split_names(inner)
    return (
        bool(names)
        and not re.search(r"\d", inner)
        and not any(name.isupper() and " " not in name for name in names)
        and (inner[0].isupper() or inner.startswith("the "))
        and not _NOT_STATES.search(inner)
    )


def trailing_groups(clause: str, *, joined_by_semicolons: bool = False) -> tuple[str, list[str]]:
    """Peel the State groups off the end of a clause; return the rest and the groups in order.

    Matrices put the groups side by side ("... (Chile) (Peru);"). Draft reports join them with ';'
    ("... (Chile); (Peru)."), and there a group joined by a space only ("... Human Rights (Paris Principles)
    (Qatar)") ends the peeling: it belongs to the words.
    """
    rest, groups = clause.strip().rstrip(";" + _SPACE), []
    if joined_by_semicolons or rest.endswith(")."):
        rest = rest.rstrip("." + _SPACE)
    while rest.endswith(")"):
        depth, start = 0, len(rest) - 1
        for start in range(len(rest) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(rest[start], 0)
            if depth == 0:
                break
        inner = rest[start + 1 : -1].strip()
        if depth or not is_state_like(inner):
            break  # "(No. 29)", "(ICRMW)", "(2009-2014)" belong to the text
        groups.insert(0, inner)
        rest = rest[:start].rstrip(_SPACE)
        if joined_by_semicolons:
            if not rest.endswith(";"):
                break
            rest = rest.rstrip(";" + _SPACE)
    if joined_by_semicolons and not groups:
        return clause.strip(), groups
    return rest, groups


def clause_states(body: str, *, joined_by_semicolons: bool = False) -> list[str]:
    """Every State named by the groups after each ';'-separated clause of a recommendation, in order, once."""
    states = [
        name
        for clause in split_top_level(body, ";")
        for group in trailing_groups(clause, joined_by_semicolons=joined_by_semicolons)[1]
        for name in split_names(group)
    ]
    return list(dict.fromkeys(states))
