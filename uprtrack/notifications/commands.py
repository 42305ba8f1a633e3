"""`flask --app uprtrack notify`: make the due-date reminders, e-mail what did not leave, send the daily digests.

Safe to run as often as one likes (cron every few minutes, or `--every 300` as a worker): a reminder is made
once per assignment and due date, a notice is e-mailed once, a user gets a digest once in 24 hours at most.
Run one worker per deployment: two at the same moment could both send the same digest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import click
from flask import g
from flask.cli import with_appcontext
from flask_babel import ngettext

from uprtrack.core.database import needs_database
from uprtrack.extensions import db
from uprtrack.models.base import utcnow
from uprtrack.notifications.digests import send_digests
from uprtrack.notifications.mailing import send_unsent
from uprtrack.notifications.reminders import make_reminders


@dataclass
class Run:
    due_soon: int
    overdue: int
    resent: int
    digests: int

    def report(self) -> str:
        made = self.due_soon + self.overdue
        return " ".join(
            (
                ngettext(
                    "%(num)d reminder made (%(soon)d due within 30 days, %(late)d overdue);",
                    "%(num)d reminders made (%(soon)d due within 30 days, %(late)d overdue);",
                    made,
                    soon=self.due_soon,
                    late=self.overdue,
                ),
                ngettext(
                    "%(num)d notice e-mailed that had not left;",
                    "%(num)d notices e-mailed that had not left;",
                    self.resent,
                ),
                ngettext("%(num)d daily digest sent.", "%(num)d daily digests sent.", self.digests),
            )
        )


def run_once(now: datetime | None = None) -> Run:
    """One pass: reminders (committed first, so they stand even if the mail server is down), then mail."""
    now = now or utcnow()
    session = db.session
    reminders = make_reminders(session, now.date())
    session.commit()
    # The reminders chosen "immediately" are sent below with the others, not by the request's outbox.
    g.pop("notice_outbox", None)
    resent = send_unsent(session, now)
    session.commit()
    digests = send_digests(session, now)
    session.commit()
    return Run(reminders.due_soon, reminders.overdue, resent, digests)


@click.command("notify")
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Run again every SECONDS until stopped (a worker), instead of once.",
)
@with_appcontext
@needs_database
def notify_command(every: int | None) -> None:
    """Make the due-date reminders, e-mail the notices that did not leave, and send the daily digests."""
    while True:
        try:
            click.echo(f"{utcnow():%Y-%m-%d %H:%M:%S} UTC: {run_once().report()}")
        except (
            Exception
        ) as error:  # a worker outlives one failed pass (the database restarting, say)
            db.session.rollback()
            if every is None:
                raise
            click.echo(f"notify failed, trying again in {every} s: {error}", err=True)
        if every is None:
            return
        db.session.remove()  # hand the connection back while the worker sleeps
        try:
            time.sleep(every)
        except KeyboardInterrupt:
            return


COMMANDS = (notify_command,)
