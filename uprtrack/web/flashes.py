"""Messages that several features flash for the same event."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _


def flash_publication(published: bool) -> None:
    """Tell who can now read a record that was published or withdrawn."""
    flash(
        _("Published: everyone can read it.")
        if published
        else _("Withdrawn: only government users can read it."),
        "success",
    )
