"""Who may do what: one decorator per view for the role rule, and the object-level rules the views share.

Every view declares its audience with `allow(...)`; the route-by-role test reads `view.allowed_roles` for every
endpoint of the URL map, so a view without a declaration fails the suite.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from uprtrack.core.vocabulary import GOVERNMENT_ROLES, MANAGER_ROLES, VOICE_ROLES, Role
from uprtrack.models import Recommendation, User

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed_in"  # any active account
STAFF = GOVERNMENT_ROLES  # government users, who see unpublished records
VOICES = VOICE_ROLES  # the NHRI and civil society, who comment and assess
MANAGERS = MANAGER_ROLES


def admits(roles, user) -> bool:
    """Tell whether a view allowed to these roles (or PUBLIC, or SIGNED_IN) lets this person in."""
    if PUBLIC in roles:
        return True
    return bool(user.is_authenticated and (SIGNED_IN in roles or user.role in roles))


def allow(*roles: str):
    """Let only these roles (or PUBLIC, or SIGNED_IN) call the view; others get the sign-in page or a 403 page."""

    def decorator(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if not admits(roles, current_user):
                if not current_user.is_authenticated:
                    from uprtrack.extensions import login_manager

                    return login_manager.unauthorized()
                abort(403)
            return view(*args, **kwargs)

        checked.allowed_roles = roles
        return checked

    return decorator


def manages(user) -> bool:
    """The national mechanism (its coordinators and the administrators) manages every record."""
    return bool(user.is_authenticated and user.role in MANAGERS)


def can_update(user: User, rec: Recommendation) -> bool:
    """A focal point updates only what is assigned to its institution; the NMRF updates everything."""
    if not user.is_authenticated:
        return False
    if manages(user):
        return True
    return (
        user.role == Role.FOCAL_POINT
        and user.organisation_id is not None
        and any(a.organisation_id == user.organisation_id for a in rec.assignments)
    )


def can_speak(user) -> bool:
    """The NHRI and civil society comment and assess, for their organisation."""
    return bool(user.is_authenticated and user.role in VOICES and user.organisation_id)
