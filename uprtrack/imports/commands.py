"""`flask --app uprtrack import`: import a file from the command line, as the import page does."""

from __future__ import annotations

import json
import sys
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
    "--cycle", type=click.IntRange(1, 99), help="UPR cycle of a matrix, when its header lacks it."
)
@click.option(
    "--session",
    type=click.IntRange(1, 99),
    help="Working Group session of a matrix, when its header lacks it (it gives the cycle too).",
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
    with click.progressbar(
        length=len(parsed.rows), label=f"Importing {path.name}", file=sys.stderr
    ) as bar:
        try:
            report = pipeline.store(
                db.session, parsed, state=state, dry_run=dry_run, progress=bar.update, force=force
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
    click.echo(report.summary())
    rejected = sorted(report.rejected, key=lambda r: r.row)
    for rejection in rejected[:REJECTIONS_SHOWN]:
        click.echo(f"  row {rejection.row}: {rejection.reason}")
    if len(rejected) > REJECTIONS_SHOWN:
        click.echo(
            f"  ... and {len(rejected) - REJECTIONS_SHOWN} more rejected rows (see --report)"
        )
    if report_path:
        report_path.write_text(
            json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
        )


COMMANDS = (import_command,)
