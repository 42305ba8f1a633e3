"""Slowing down guessing: failed attempts counted per account and per address, kept in the database.

The counts live in the database, not in process memory, so that every worker process sees the same ones. A
wrong password at sign-in, a wrong second-factor code and a wrong current password on the account's own pages
all count the same way: five in a row lock the account for a quarter of an hour, twenty from one address within
a quarter of an hour stop that address.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from uprtrack.models import LoginAttempt, User
from uprtrack.models.base import utcnow

ACCOUNT_LIMIT = 5  # failed attempts in a row before the account waits
ACCOUNT_LOCK = timedelta(minutes=15)
ADDRESS_LIMIT = 20  # failed attempts from one address within the window
ADDRESS_WINDOW = timedelta(minutes=15)


class SignInRefused(Exception):
    """Signing in is refused; the message is safe to show (it never says whether the e-mail exists)."""

    def __init__(self, message: str, minutes: int = 0):
        super().__init__(message)
        self.minutes = minutes


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_address(session: Session, address: str) -> None:
    """Refuse an address that failed too often lately."""
    recent = session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.address == address, LoginAttempt.at > utcnow() - ADDRESS_WINDOW)
    )
    if recent >= ADDRESS_LIMIT:
        raise SignInRefused("too_many_from_address", int(ADDRESS_WINDOW.total_seconds() // 60))


def check_account(user: User | None) -> None:
    """Refuse an account that is waiting after too many failures in a row."""
    now = utcnow()
    if user is not None and user.locked_until and _aware(user.locked_until) > now:
        minutes = int((_aware(user.locked_until) - now).total_seconds() // 60) + 1
        raise SignInRefused("account_locked", minutes)


def check(session: Session, user: User | None, address: str) -> None:
    check_address(session, address)
    check_account(user)


def count_failure(session: Session, user: User | None, address: str, email: str) -> None:
    """Count one failed attempt against the address and, when it names one, the account."""
    now = utcnow()
    session.add(LoginAttempt(address=address[:64], email=email.strip().lower()[:254], at=now))
    if user is not None:
        user.failed_logins += 1
        if user.failed_logins >= ACCOUNT_LIMIT:
            user.locked_until = now + ACCOUNT_LOCK
            user.failed_logins = 0


def clear_failures(session: Session, user: User) -> None:
    """The account proved itself: its count starts again, and attempts older than the window go."""
    user.failed_logins = 0
    user.locked_until = None
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - ADDRESS_WINDOW))
