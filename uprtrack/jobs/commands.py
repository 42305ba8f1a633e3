"""`flask --app uprtrack worker`: do the queued jobs (`make run` starts one beside the server)."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from uprtrack.core.database import needs_database
from uprtrack.jobs import jobs_of


@click.command("worker")
@click.option(
    "--workers", type=click.IntRange(1, 32), default=1, show_default=True, help="Jobs done at once."
)
@with_appcontext
@needs_database
def worker_command(workers: int) -> None:
    """Do the jobs on the queue as they come, until stopped (Ctrl-C or SIGTERM ends it after the running job)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    queue = jobs_of(current_app)["queue"]
    click.echo(f"uprtrack worker: {workers} at once, queue {queue.storage.__class__.__name__}")
    queue.create_consumer(workers=workers, worker_type="thread").run()


COMMANDS = (worker_command,)
