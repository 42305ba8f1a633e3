"""`flask --app uprtrack seed`: load the reference data, and the demo data when asked."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from uprtrack.core import audit
from uprtrack.core.database import needs_database
from uprtrack.extensions import db
from uprtrack.models import State
from uprtrack.seed import demo, reference


@click.command("seed")
@click.option(
    "--demo",
    "with_demo",
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
def seed_command(with_demo: bool, if_empty: bool) -> None:
    """Load the reference data (States, cycles, SDG 4, themes, funds); both loads can be run again safely."""
    if if_empty and db.session.scalar(select(State.id).limit(1)) is not None:
        click.echo("The database already holds data: nothing seeded.")
        return
    folder = Path(current_app.config["SEED_FOLDER"])
    counts = reference.load_reference(db.session, folder)
    db.session.commit()
    click.echo(
        "Reference data: "
        + ", ".join(f"{n} {name.removesuffix('.csv')}" for name, n in counts.items())
    )
    if not with_demo:
        return
    for report in demo.load_demo(db.session, folder):
        click.echo("Demo data, " + report.summary())
    accounts = demo.create_demo_users(db.session)
    audit.record(db.session, "seed-demo", "database", accounts=[email for email, _, _ in accounts])
    db.session.commit()
    if accounts:
        click.echo("Demo accounts (the passwords are shown this once):")
        for email, role, password in accounts:
            click.echo(f"  {role:<12} {email:<36} {password}")


COMMANDS = (seed_command,)
