"""Command-line interface: `flask --app uprtrack import | seed | create-user | export`."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from functools import wraps
from pathlib import Path

import click
from flask import Flask, current_app, url_for
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import inspect, select

from uprtrack.accounts.users import AccountError, create_user
from uprtrack.core import audit
from uprtrack.core.vocabulary import ROLES
from uprtrack.extensions import db
from uprtrack.imports import pipeline as importers
from uprtrack.imports.pipeline import ImportFileError
from uprtrack.models import State
from uprtrack.recommendations.filters import Filters
from uprtrack.reporting.formats import FORMATS
from uprtrack.reporting.matrix.export import TooManyRows, prepare
from uprtrack.web.languages import LANGUAGES


def needs_database(command):
    """Stop a command with a clear message when the database has not been upgraded yet."""

    @wraps(command)
    def checked(*args, **kwargs):
        if not inspect(db.engine).has_table("alembic_version"):
            raise click.ClickException(
                "The database is not set up yet: run `flask --app uprtrack db upgrade` first."
            )
        return command(*args, **kwargs)

    return checked


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(importers.KINDS),
    default="auto",
    show_default=True,
    help="What the file is; auto recognises it from its type and header.",
)
@click.option("--state", metavar="ISO3", help="State under review, when the file does not name it.")
@click.option("--dry-run", is_flag=True, help="Read and check everything, write nothing.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write what happened to each row to this JSON file.",
)
@with_appcontext
@needs_database
def import_command(
    path: Path, kind: str, state: str | None, dry_run: bool, report_path: Path | None
) -> None:
    """Import recommendations, pledges, assistance or evidence from PATH."""
    try:
        parsed = importers.parse_file(path, kind, state=state)
    except ImportFileError as error:
        raise click.ClickException(str(error)) from None
    with click.progressbar(
        length=len(parsed.rows), label=f"Importing {path.name}", file=sys.stderr
    ) as bar:
        try:
            report = importers.store(
                db.session, parsed, state=state, dry_run=dry_run, progress=bar.update
            )
        except Exception:
            db.session.rollback()
            raise
    if not dry_run:
        audit.record(db.session, "import", "file", path.name, **report.as_dict())
        db.session.commit()
    click.echo(report.summary())
    for rejection in sorted(report.rejected, key=lambda r: r.row)[:20]:
        click.echo(f"  row {rejection.row}: {rejection.reason}")
    if len(report.rejected) > 20:
        click.echo(f"  ... and {len(report.rejected) - 20} more rejected rows (see --report)")
    if report_path:
        report_path.write_text(
            json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
        )


@click.command("seed")
@click.option(
    "--demo",
    is_flag=True,
    help="Also load the demo data: Slovenia's three OHCHR matrices and accounts.",
)
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing when the database already holds States (first run only).",
)
@with_appcontext
@needs_database
def seed_command(demo: bool, if_empty: bool) -> None:
    """Load the reference data (States, cycles, SDG 4, themes, funds); both loads can be run again safely."""
    from uprtrack.seed import loaders as seed

    if if_empty and db.session.scalar(select(State.id).limit(1)) is not None:
        click.echo("The database already holds data: nothing seeded.")
        return
    folder = Path(current_app.config["SEED_FOLDER"])
    counts = seed.load_reference(db.session, folder)
    db.session.commit()
    click.echo(
        "Reference data: "
        + ", ".join(f"{n} {name.removesuffix('.csv')}" for name, n in counts.items())
    )
    if not demo:
        return
    for report in seed.load_demo(db.session, folder):
        click.echo("Demo data, " + report.summary())
    accounts = seed.create_demo_users(db.session)
    audit.record(db.session, "seed-demo", "database", accounts=[email for email, _, _ in accounts])
    db.session.commit()
    if accounts:
        click.echo("Demo accounts (the passwords are shown this once):")
        for email, role, password in accounts:
            click.echo(f"  {role:<12} {email:<36} {password}")


@click.command("create-user")
@click.argument("email")
@click.option("--role", required=True, help=f"One of: {', '.join(ROLES)}.")
@click.option(
    "--org",
    "organisation",
    metavar="NAME",
    help="Organisation; created when it does not exist yet.",
)
@click.option(
    "--password-stdin", is_flag=True, required=True, help="Read the password from standard input."
)
@with_appcontext
@needs_database
def create_user_command(
    email: str, role: str, organisation: str | None, password_stdin: bool
) -> None:
    """Create a user account."""
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(db.session, email, role, password, organisation)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    audit.record(db.session, "create-user", "user", user.id, email=user.email, role=role)
    db.session.commit()
    click.echo(
        f"Created {role} {user.email}"
        + (f" of {user.organisation.name}" if user.organisation else "")
    )


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
        partial = path.with_name(path.name + ".partial")
        try:
            with partial.open("wb") as out:
                FORMATS[fmt].write(matrix, out)
        except BaseException:
            partial.unlink(missing_ok=True)  # a failed export leaves no half-written file behind
            raise
        partial.replace(path)
    click.echo(
        f"Wrote {matrix.meta.rows} recommendations to {path} ({fmt}"
        + (", public data only)" if public else ")")
    )


def register_commands(app: Flask) -> None:
    for command in (import_command, seed_command, create_user_command, export_command):
        app.cli.add_command(command)
