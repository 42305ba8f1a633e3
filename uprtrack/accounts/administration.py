"""Administration: users, their roles and organisations, activation.

Each function takes the administrator acting, writes its own audit entries and flushes; the views commit.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uprtrack.accounts import signin
from uprtrack.accounts import users as accounts
from uprtrack.core import audit
from uprtrack.core.changes import Changes, apply_changes
from uprtrack.core.vocabulary import Role
from uprtrack.models import Organisation, State, User

# Roles that act for an organisation: a focal point for its institution, the NHRI and a CSO for themselves.
ROLES_WITH_ORGANISATION = (Role.FOCAL_POINT, Role.NHRI, Role.CSO)


class AdministrationError(ValueError):
    """A change an administrator asked for is refused; `field` names the form field it concerns."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


def find_organisation(session: Session, name: str) -> Organisation | None:
    """Return the organisation of that name, whatever its case."""
    return session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    )


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(
    session: Session,
    email: str,
    role: str,
    password: str,
    organisation: Organisation | None,
    new_organisation: str | None,
    acting: User,
) -> User:
    """Create an account for an existing organisation or a new one (of the kind the role acts for)."""
    if find_user(session, email) is not None:
        raise AdministrationError("email", "duplicate")
    name = (
        organisation.name if organisation is not None else (new_organisation or "").strip() or None
    )
    user = accounts.create_user(session, email, role, password, name)
    audit.record(
        session,
        "create-user",
        "user",
        user.id,
        user=acting,
        email=user.email,
        role=user.role,
        organisation=user.organisation.name if user.organisation else None,
    )
    session.flush()
    return user


def change_user(
    session: Session,
    user: User,
    role: str,
    organisation: Organisation | None,
    new_organisation: str | None,
    acting: User,
) -> Changes:
    """Set a user's role and organisation; return {field: (before, after)} for what changed."""
    if new_organisation:
        organisation = find_organisation(session, new_organisation)
        if organisation is None:
            organisation = Organisation(
                name=new_organisation.strip(), kind=accounts.ROLE_ORGANISATION_KIND[role]
            )
            session.add(organisation)
    changes = apply_changes(user, {"role": role})
    before = user.organisation.name if user.organisation else None
    after = organisation.name if organisation else None
    if before != after:
        changes["organisation"] = (before, after)
        user.organisation = organisation
    for name, (old, new) in changes.items():
        audit.record(
            session,
            f"change-{name}",
            "user",
            user.id,
            user=acting,
            email=user.email,
            before=old,
            after=new,
        )
    session.flush()
    return changes


def set_active(session: Session, user: User, active: bool, acting: User) -> bool:
    """Activate or deactivate an account; deactivation ends its sessions at once. Return whether it changed."""
    if not active and user.id == acting.id:
        raise AdministrationError("active", "self")
    if user.active == active:
        return False
    user.active = active
    if not active:
        signin.end_sessions(user)
    audit.record(
        session,
        "activate-user" if active else "deactivate-user",
        "user",
        user.id,
        user=acting,
        email=user.email,
    )
    session.flush()
    return True


def save_organisation(
    session: Session,
    org: Organisation | None,
    *,
    name: str,
    acronym: str | None,
    kind: str,
    state: State | None,
    acting: User,
) -> tuple[Organisation, Changes]:
    """Create an organisation or change one; return it with {field: (before, after)} for what changed."""
    other = find_organisation(session, name)
    if other is not None and other is not org:
        raise AdministrationError("name", "duplicate")
    created = org is None
    if org is None:
        org = Organisation()  # empty, so that every value it is given shows as a change
        session.add(org)
    changes = apply_changes(
        org, {"name": name.strip(), "acronym": (acronym or "").strip() or None, "kind": kind}
    )
    before_state = org.state.iso3 if org.state else None
    after_state = state.iso3 if state else None
    if before_state != after_state:
        changes["state"] = (before_state, after_state)
        org.state = state
    session.flush()
    if changes:
        audit.record(
            session,
            "create-organisation" if created else "edit-organisation",
            "organisation",
            org.id,
            user=acting,
            **{name: list(values) for name, values in changes.items()},
        )
        session.flush()
    return org, changes
