"""`flask --app uprtrack refresh-education`: derive every stored education flag again with the current rule."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from uprtrack.core.database import needs_database
from uprtrack.extensions import db
from uprtrack.recommendations.education_flags import refresh_all


@click.command("refresh-education")
@with_appcontext
@needs_database
def refresh_education_command() -> None:
    """Derive the education flag of every recommendation again (flags set by hand are kept)."""
    result = refresh_all(db.session)
    db.session.commit()
    click.echo(
        f"{result.checked} recommendations checked: {len(result.now_education)} now on education, "
        f"{len(result.no_longer)} no longer; flags set by hand are kept."
    )


COMMANDS = (refresh_education_command,)
