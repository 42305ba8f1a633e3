"""Signing in: the password, then the second factor when the account has one, throttled (accounts/throttle.py).

Signing in and out is audited here; the views commit. A correct password of an account with two-factor sign-in
clears nothing: only the second factor completes the sign-in, so the password alone cannot reset the count of
wrong codes.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uprtrack.accounts import two_factor
from uprtrack.accounts.throttle import (  # noqa: F401  the limits are read from here by the sign-in's tests
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    SignInRefused,
    check,
    clear_failures,
    count_failure,
)
from uprtrack.accounts.users import check_password
from uprtrack.core import audit
from uprtrack.models import User
from uprtrack.models.base import utcnow


def sign_in(session: Session, email: str, password: str, address: str) -> User:
    """Return the user whose e-mail and password these are, or raise SignInRefused. When the user has two-factor
    sign-in, the sign-in is not complete: the caller asks for the code and calls second_factor."""
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    check(session, user, address)
    if user is None or not user.active or not check_password(user, password):
        count_failure(session, user, address, email)
        raise SignInRefused("wrong_credentials")
    if user.two_factor:
        return user
    return _complete(session, user, "password")


def second_factor(session: Session, user: User, code: str, address: str) -> User:
    """Complete the sign-in of a user who gave the right password with a code of their authenticator, or one of
    their recovery codes; a wrong code counts like a wrong password. Raise SignInRefused."""
    check(session, user, address)
    if not user.active:
        raise SignInRefused("wrong_code")
    if two_factor.accept_code(user, code):
        return _complete(session, user, "authenticator")
    if two_factor.use_recovery_code(session, user, code):
        return _complete(session, user, "recovery code")
    count_failure(session, user, address, user.email)
    raise SignInRefused("wrong_code")


def _complete(session: Session, user: User, method: str) -> User:
    clear_failures(session, user)
    user.last_seen_at = utcnow()
    audit.record(session, "sign-in", "user", user.id, user=user, method=method)
    session.flush()
    return user


def confirm_password(session: Session, user: User, password: str, address: str) -> bool:
    """Tell whether this is the signed-in user's password, throttled like a sign-in (a stolen session must not
    be a way to guess it). Raise SignInRefused when the account or the address waits."""
    check(session, user, address)
    if check_password(user, password):
        return True
    count_failure(session, user, address, user.email)
    return False


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
