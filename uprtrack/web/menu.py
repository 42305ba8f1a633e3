"""The main menu: each entry shown to the people its view lets in."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from uprtrack.web.permissions import admits

MENU = (
    ("public.index", _l("Overview")),
    ("recommendations.index", _l("Recommendations")),
    ("dashboard.index", _l("Dashboard")),
    ("reports.item10", _l("Item 10 report")),
    ("midterm.choose", _l("Mid-term report")),
    ("follow_up.pledges", _l("Pledges")),
    ("follow_up.assistance", _l("Technical assistance")),
    ("follow_up.evidence", _l("Evidence")),
    ("work.index", _l("My work")),
    ("jobs.index", _l("Prepared files")),
    ("imports.index", _l("Import")),
    ("validation.index", _l("Validation")),
    ("voices.moderation", _l("Moderation")),
    ("admin.users", _l("Administration")),
)


def main_menu() -> list[tuple[str, str]]:
    """Return the entries the current person may use: those whose view's `allow(...)` admits them."""
    views = current_app.view_functions
    return [
        (endpoint, label)
        for endpoint, label in MENU
        if admits(views[endpoint].allowed_roles, current_user)
    ]


def register_menu(app: Flask) -> None:
    app.jinja_env.globals["main_menu"] = main_menu
