"""`create-user` and `reset-password`: accounts from the command line (the first administrator's)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from uprtrack.accounts.users import AccountError, create_user, set_password
from uprtrack.core import audit
from uprtrack.core.database import needs_database
from uprtrack.core.vocabulary import Role
from uprtrack.extensions import db
from uprtrack.models import User


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


@click.command("reset-password")
@click.argument("email")
@click.option(
    "--password-stdin",
    is_flag=True,
    required=True,
    help="Read the new password from standard input.",
)
@with_appcontext
@needs_database
def reset_password_command(email: str, password_stdin: bool) -> None:
    """Give an account a new password (the first administrator's, when it is lost); its sessions end."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account has the e-mail {email}.")
    try:
        set_password(user, sys.stdin.readline().rstrip("\r\n"))
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    audit.record(db.session, "reset-password", "user", user.id, email=user.email)
    db.session.commit()
    click.echo(f"The password of {user.email} is changed; its sessions have ended.")


COMMANDS = (create_user_command, reset_password_command)
