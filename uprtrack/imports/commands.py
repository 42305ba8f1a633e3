"""`flask --app uprtrack import`: import a file from the command line, as the import page does."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

import click
from flask.cli import with_appcontext

from uprtrack.core import audit
from uprtrack.core.database import needs_database
from uprtrack.extensions import db
from uprtrack.imports import pipeline
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.pipeline import ImportFileError

REJECTIONS_SHOWN = 20  # the rest are in the --report file


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(ImportKind.codes()),
    default=ImportKind.AUTO.value,
    show_default=True,
    help="What the file is; auto recognises it from its type and header.",
)
@click.option("--state", metavar="ISO3", help="State under review, when the file does not name it.")
@click.option(
    "--cycle",
    type=click.IntRange(1, 99),
    help="UPR cycle of a matrix or draft report, when the file lacks it.",
)
@click.option(
    "--session",
    type=click.IntRange(1, 99),
    help="Working Group session of a matrix or draft report, when the file lacks it (it gives the cycle too).",
)
@click.option("--dry-run", is_flag=True, help="Read and check everything, write nothing.")
@click.option(
    "--force",
    is_flag=True,
    help="Import for --state even when the file names another State under review.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write what happened to each row to this JSON file.",
)
@with_appcontext
@needs_database
def import_command(
    path: Path,
    kind: str,
    state: str | None,
    cycle: int | None,
    session: int | None,
    dry_run: bool,
    force: bool,
    report_path: Path | None,
) -> None:
    """Import recommendations, pledges, assistance or evidence from PATH."""
    try:
        parsed = pipeline.parse_file(path, kind, state=state, cycle=cycle, session=session)
    except ImportFileError as error:
        raise click.ClickException(str(error)) from None
    label = f"Importing {path.name}"
    # A bar needs the rows counted, a pass over the file: drawn only where someone watches (a terminal).
    bar, progress = nullcontext(), None
    if sys.stderr.isatty():
        bar = click.progressbar(length=pipeline.row_count(parsed), label=label, file=sys.stderr)
        progress = bar.update
    else:
        click.echo(label, err=True)
    with bar:
        try:
            report = pipeline.store(
                db.session,
                parsed,
                state=state,
                dry_run=dry_run,
                progress=progress,
                force=force,
            )
        except ImportFileError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from None
        except Exception:
            db.session.rollback()
            raise
    if not dry_run:
        audit.record(db.session, "import", "file", path.name, **report.as_dict())
        db.session.commit()
    if read_as := report.read_as():
        click.echo(read_as)
    click.echo(report.summary())
    rejected = sorted(report.rejected, key=lambda r: r.row)
    _echo_some("rejected rows", [f"row {r.row}: {r.reason}" for r in rejected])
    _echo_some("joined rows", report.joined_lines())
    _echo_some(
        "notes", [f"row {n.row}: {n.reason}" for n in sorted(report.notes, key=lambda n: n.row)]
    )
    if report.unresolved:
        click.echo(
            f"Identifiers nothing here maps, kept on the records ({len(report.unresolved)}):"
        )
        _echo_some(
            "identifiers",
            [f"{key} (in {rows} rows)" for key, rows in report.unresolved.most_common()],
        )
    if report.fuzzy:  # every match by likeness is named: none may pass unseen
        click.echo("Names matched by likeness, not exactly:")
        for line in report.fuzzy_lines():
            click.echo(f"  {line}")
    if report_path:
        report_path.write_text(
            json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
        )


def _echo_some(what: str, lines: list[str]) -> None:
    """Print the first lines of a long list; the rest are in the --report file."""
    for line in lines[:REJECTIONS_SHOWN]:
        click.echo(f"  {line}")
    if len(lines) > REJECTIONS_SHOWN:
        click.echo(f"  ... and {len(lines) - REJECTIONS_SHOWN} more {what} (see --report)")


COMMANDS = (import_command,)
