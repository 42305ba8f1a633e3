"""User accounts: creation rules and password hashing (argon2, above OWASP's minimum)."""

from __future__ import annotations

import re

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import OrganisationKind, Role
from uprtrack.models import Organisation, User

MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DEFAULT_HASHER = PasswordHasher()

# The kind of organisation a role acts for, used when the organisation does not exist yet.
ROLE_ORGANISATION_KIND = {
    Role.ADMIN: OrganisationKind.NMRF,
    Role.COORDINATOR: OrganisationKind.NMRF,
    Role.FOCAL_POINT: OrganisationKind.MINISTRY,
    Role.NHRI: OrganisationKind.NHRI,
    Role.CSO: OrganisationKind.CSO,
}


def is_email(text: str) -> bool:
    """Tell whether the text looks like one e-mail address (the rule the forms and the command line share)."""
    return bool(_EMAIL.match(text))


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why."""


def password_hasher() -> PasswordHasher:
    """Return argon2's default hasher, or the one of the argon2.profiles named by ARGON2_PROFILE (the test suite
    takes CHEAPEST: a production cost on every user it makes would be a third of its time)."""
    profile = current_app.config.get("ARGON2_PROFILE") if has_app_context() else None
    if not profile:
        return _DEFAULT_HASHER
    return PasswordHasher.from_parameters(getattr(profiles, profile))


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def check_password(user: User, password: str) -> bool:
    try:
        # verify() reads the cost from the stored hash, whichever hasher made it
        return password_hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_length(password: str) -> None:
    """Refuse a password shorter than MIN_PASSWORD_LENGTH, the one rule of every way to set one."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"The password is too short: use at least {MIN_PASSWORD_LENGTH} characters."
        )


def set_password(user: User, password: str) -> None:
    """Give the user a new password; refuse one that is too short. Every session of the user ends."""
    check_length(password)
    user.password_hash = hash_password(password)
    user.session_version += 1  # a password that leaked must not leave a session open anywhere


def create_user(
    session: Session, email: str, role: str, password: str, organisation: str | None = None
) -> User:
    """Create a user, and its organisation when it does not exist yet; refuse a bad role, e-mail or password."""
    email = email.strip().lower()
    if role not in Role.codes():
        raise AccountError(f"Unknown role '{role}': use one of {', '.join(Role.codes())}.")
    if not is_email(email):
        raise AccountError(f"'{email}' is not an e-mail address.")
    if session.scalar(select(User).where(func.lower(User.email) == email)) is not None:
        raise AccountError(f"A user with the e-mail {email} already exists.")
    check_length(password)
    org = None
    if organisation:
        org = session.scalar(
            select(Organisation).where(
                func.lower(Organisation.name) == organisation.strip().lower()
            )
        )
        if org is None:
            org = Organisation(name=organisation.strip(), kind=ROLE_ORGANISATION_KIND[role])
            session.add(org)
    user = User(email=email, role=role, organisation=org, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user
