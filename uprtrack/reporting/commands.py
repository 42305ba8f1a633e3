"""`flask --app uprtrack export`: write the progress matrix of a selection to a file, as the list page does."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import click
from flask import current_app, url_for
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from uprtrack.core.database import needs_database
from uprtrack.extensions import db
from uprtrack.models import State
from uprtrack.recommendations.filters import Filters
from uprtrack.reporting.formats import FORMATS
from uprtrack.reporting.matrix.export import TooManyRows, prepare, write_file
from uprtrack.web.languages import LANGUAGES


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    help="File format; by default the extension of PATH says it.",
)
@click.option(
    "--state", metavar="ISO3", help="Only this State's recommendations (default: every State)."
)
@click.option("--cycle", type=click.IntRange(1, 99), help="Only this cycle (default: every cycle).")
@click.option(
    "--all", "all_themes", is_flag=True, help="Every recommendation, not only those on education."
)
@click.option(
    "--public", is_flag=True, help="Only what the public sees: published records and assessments."
)
@click.option(
    "--lang",
    type=click.Choice(list(LANGUAGES)),
    default="en",
    show_default=True,
    help="Language of the headers and labels.",
)
@click.option(
    "--site",
    metavar="URL",
    help="The site's address, to link each row to its recommendation's page.",
)
@with_appcontext
@needs_database
def export_command(
    path: Path,
    fmt: str | None,
    state: str | None,
    cycle: int | None,
    all_themes: bool,
    public: bool,
    lang: str,
    site: str | None,
) -> None:
    """Export the progress matrix of a selection to PATH (XLSX, CSV, ODS, DOCX or PDF)."""
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise click.UsageError(
            f"Say --format ({', '.join(FORMATS)}): the extension of {path.name} does not."
        )
    iso3 = state.upper() if state else None
    if iso3 and db.session.scalar(select(State.id).where(State.iso3 == iso3)) is None:
        raise click.UsageError(f"No State has the ISO code {state}.")
    filters = Filters(state=iso3, cycle=cycle, education=not all_themes)
    with (
        force_locale(lang),
        current_app.test_request_context(base_url=site) if site else nullcontext(),
    ):
        urls = (
            {
                "url_for_rec": lambda rec_id: url_for(
                    "recommendations.show", rec_id=rec_id, _external=True
                )
            }
            if site
            else {}
        )
        try:
            matrix = prepare(db.session, filters, FORMATS[fmt], published_only=public, **urls)
        except TooManyRows as error:
            raise click.ClickException(str(error)) from None
        write_file(FORMATS[fmt], matrix, path)
    click.echo(
        f"Wrote {matrix.meta.rows} recommendations to {path} ({fmt}"
        + (", public data only)" if public else ")")
    )


COMMANDS = (export_command,)
