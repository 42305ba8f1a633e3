"""`flask --app uprtrack backup PATH` and `flask --app uprtrack restore PATH [--replace]`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from uprtrack import backups
from uprtrack.core.data_version import bump
from uprtrack.core.database import needs_database
from uprtrack.core.storage import StorageError, storage
from uprtrack.extensions import db


def _said(summary: backups.Summary) -> str:
    m = summary.manifest
    return (
        f"{m.engine} database at revision {m.revision}: {summary.rows:,} rows in {len(m.tables)} tables, "
        f"{len(m.files):,} files ({summary.bytes:,} bytes)"
    )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
@needs_database
def backup_command(path: Path) -> None:
    """Write the database and the uploaded files to a new archive at PATH, consistently."""
    try:
        summary = backups.backup(db.engine, storage(), path)
    except (backups.BackupError, StorageError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {path}: {_said(summary)}.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a database that already holds records.")
@with_appcontext
def restore_command(path: Path, replace: bool) -> None:
    """Put back the database and the uploaded files from an archive that `backup` wrote."""
    try:
        summary = backups.restore(db.engine, storage(), path, replace=replace)
    except (backups.BackupError, StorageError) as error:
        raise click.ClickException(str(error)) from error
    # The charts cached by running servers show the data before the restore: give it a new version.
    with db.engine.begin() as connection:
        bump(connection)
    click.echo(f"Restored from {path} (taken {summary.manifest.created}): {_said(summary)}.")


COMMANDS = (backup_command, restore_command)
