"""`flask --app uprtrack create-user`: make an account from the command line (the first administrator's)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from uprtrack.accounts.users import AccountError, create_user
from uprtrack.core import audit
from uprtrack.core.database import needs_database
from uprtrack.core.vocabulary import Role
from uprtrack.extensions import db


@click.command("create-user")
@click.argument("email")
@click.option("--role", required=True, help=f"One of: {', '.join(Role.codes())}.")
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


COMMANDS = (create_user_command,)
