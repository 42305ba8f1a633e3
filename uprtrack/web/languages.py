"""Languages of the interface: English and Chinese (simplified); the choice is kept in the session."""

from __future__ import annotations

from flask import has_request_context, request, session
from flask_babel import get_locale

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


def state_name(state) -> str:
    """A State's name in the reader's language (CLDR's, by its ISO code); in English, the UN's short name we keep."""
    locale = get_locale()
    if locale is None or locale.language == "en":
        return state.name
    return locale.territories.get(state.iso2 or "", state.name)
