"""Languages of the interface: English and Chinese (simplified); the choice is kept in the session."""

from __future__ import annotations

from flask import has_request_context, request, session
from flask_babel import get_locale, gettext

LANGUAGES = {"en": "English", "zh": "中文"}
HTML_LANG = {"en": "en", "zh": "zh-Hans"}


def select_locale() -> str:
    """Return the language the person chose, else the best match of their browser, else English."""
    if not has_request_context():  # a command: its --lang option forces the language it wants
        return "en"
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def interface_language() -> str:
    """The language the interface speaks now ("en", "zh"): what is kept per language is kept under it."""
    locale = get_locale()
    return locale.language if locale else "en"


def state_name(state) -> str:
    """A State's name in the reader's language (CLDR's, by its ISO code); in English, the UN's short name we keep."""
    locale = get_locale()
    if locale is None or locale.language == "en":
        return state.name
    return locale.territories.get(state.iso2 or "", state.name)


def territories_named(term: str) -> list[str]:
    """The ISO 3166 alpha-2 codes whose name in the reader's language is the term or holds it as a word ("法国"
    finds FR); none in English, where the names we keep are searched in the database."""
    locale = get_locale()
    if locale is None or locale.language == "en" or not term:
        return []
    folded = term.casefold()
    return [
        code
        for code, name in locale.territories.items()
        if folded == name.casefold() or folded in name.casefold().split()
    ]


def review_label(review) -> str:
    """Name a review after the State: "cycle 4" for the UPR, else the mechanism and its document
    ("CRC, CRC/C/SVN/CO/3-4"), since a treaty body's or special procedure's review has no cycle."""
    if review.cycle is not None:
        return gettext("cycle %(number)d", number=review.cycle)
    return ", ".join(part for part in (review.mechanism.code, review.document_symbol) if part)


def recommendation_name(rec) -> str:
    """Name a recommendation in words, as a question or the audit log does: "Slovenia, cycle 4, 115.30"."""
    review = rec.review
    parts = [state_name(review.state), review_label(review), rec.paragraph or f"#{rec.id}"]
    return ", ".join(part for part in parts if part)


def reading_language(available) -> str | None:
    """The language to show a text in, among the languages it is stored in: the interface language, else the
    reader's browser's best match (a French reader of the English interface reads the French text), else None."""
    available = list(available)
    locale = get_locale()
    if locale is not None and locale.language in available:
        return locale.language
    if has_request_context():
        return request.accept_languages.best_match(available)
    return None
