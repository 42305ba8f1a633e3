"""Signing in: password check with throttling per account and per address, kept in the database.

The counts live in the database, not in process memory, so that every worker process sees the same ones.
Signing in and out is audited here; the views commit.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from uprtrack.accounts.users import check_password
from uprtrack.core import audit
from uprtrack.models import LoginAttempt, User
from uprtrack.models.base import utcnow

ACCOUNT_LIMIT = 5  # failed sign-ins in a row before the account waits
ACCOUNT_LOCK = timedelta(minutes=15)
ADDRESS_LIMIT = 20  # failed sign-ins from one address within the window
ADDRESS_WINDOW = timedelta(minutes=15)


class SignInRefused(Exception):
    """Signing in is refused; the message is safe to show (it never says whether the e-mail exists)."""

    def __init__(self, message: str, minutes: int = 0):
        super().__init__(message)
        self.minutes = minutes


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sign_in(session: Session, email: str, password: str, address: str) -> User:
    """Return the user whose e-mail and password these are, or raise SignInRefused."""
    now = utcnow()
    recent = session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.address == address, LoginAttempt.at > now - ADDRESS_WINDOW)
    )
    if recent >= ADDRESS_LIMIT:
        raise SignInRefused("too_many_from_address", int(ADDRESS_WINDOW.total_seconds() // 60))
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is not None and user.locked_until and _aware(user.locked_until) > now:
        minutes = int((_aware(user.locked_until) - now).total_seconds() // 60) + 1
        raise SignInRefused("account_locked", minutes)
    if user is None or not user.active or not check_password(user, password):
        session.add(LoginAttempt(address=address, email=email.strip().lower()[:254], at=now))
        if user is not None:
            user.failed_logins += 1
            if user.failed_logins >= ACCOUNT_LIMIT:
                user.locked_until = now + ACCOUNT_LOCK
                user.failed_logins = 0
        raise SignInRefused("wrong_credentials")
    user.failed_logins = 0
    user.locked_until = None
    user.last_seen_at = now
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - ADDRESS_WINDOW))
    audit.record(session, "sign-in", "user", user.id, user=user)
    session.flush()
    return user


def sign_out(session: Session, user: User) -> None:
    """Sign the user out everywhere, and audit it."""
    end_sessions(user)
    audit.record(session, "sign-out", "user", user.id, user=user)
    session.flush()


def end_sessions(user: User) -> None:
    """End every session of the user, on every device: the version in their cookies no longer matches."""
    user.session_version += 1


def load_user(session: Session, session_id: str) -> User | None:
    """Return the user a session cookie names, if its version still matches and the account is active."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
