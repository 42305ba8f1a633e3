"""Languages of the interface: English and Chinese (simplified); the choice is kept in the session."""
from __future__ import annotations

from flask import request, session

LANGUAGES = {"en": "English", "zh": "中文"}
HTML_LANG = {"en": "en", "zh": "zh-Hans"}


def select_locale() -> str:
    """Return the language the person chose, else the best match of their browser, else English."""
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"
