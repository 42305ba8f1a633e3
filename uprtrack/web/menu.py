"""The main menu: each entry with the roles that see it; entries whose screen is not there yet are left out."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from uprtrack.web.permissions import MANAGERS, PUBLIC

MENU = (
    ("public.index", _l("Overview"), (PUBLIC,)),
    ("recommendations.index", _l("Recommendations"), (PUBLIC,)),
    ("dashboard.index", _l("Dashboard"), (PUBLIC,)),
    ("reports.item10", _l("Item 10 report"), (PUBLIC,)),
    ("follow_up.pledges", _l("Pledges"), (PUBLIC,)),
    ("follow_up.assistance", _l("Technical assistance"), (PUBLIC,)),
    ("follow_up.evidence", _l("Evidence"), (PUBLIC,)),
    ("work.index", _l("My work"), ("focal_point", "coordinator")),
    ("imports.index", _l("Import"), MANAGERS),
    ("voices.moderation", _l("Moderation"), MANAGERS),
    ("admin.users", _l("Administration"), ("admin",)),
)


def main_menu() -> list[tuple[str, str, tuple]]:
    """Return the entries the current person may use."""
    role = current_user.role if current_user.is_authenticated else None
    return [
        (endpoint, label, roles)
        for endpoint, label, roles in MENU
        if endpoint in current_app.view_functions and (PUBLIC in roles or role in roles)
    ]


def register_menu(app: Flask) -> None:
    app.jinja_env.globals["main_menu"] = main_menu
