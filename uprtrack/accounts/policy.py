"""The administrator's security settings, kept in the setting table: whether staff must use two-factor sign-in."""

from __future__ import annotations

from sqlalchemy.orm import Session

from uprtrack.core import audit
from uprtrack.core.vocabulary import GOVERNMENT_ROLES
from uprtrack.models import Setting, User

TWO_FACTOR_REQUIRED = "two_factor_required"
# Staff see unpublished records and change what the public reads: the accounts worth the most to take over.
STAFF_ROLES = GOVERNMENT_ROLES


def _read(session: Session, key: str) -> str | None:
    setting = session.get(Setting, key)
    return setting.value if setting is not None else None


def two_factor_required(session: Session) -> bool:
    return _read(session, TWO_FACTOR_REQUIRED) == "1"


def must_set_up_two_factor(session: Session, user: User) -> bool:
    """Tell whether this signed-in user must turn two-factor sign-in on before doing anything else."""
    return user.role in STAFF_ROLES and not user.two_factor and two_factor_required(session)


def set_two_factor_required(session: Session, required: bool, acting: User | None) -> bool:
    """Make two-factor sign-in compulsory for staff, or not; return whether it changed. Audited."""
    before = two_factor_required(session)
    if before == required:
        return False
    setting = session.get(Setting, TWO_FACTOR_REQUIRED)
    if setting is None:
        setting = Setting(key=TWO_FACTOR_REQUIRED, value="0")
        session.add(setting)
    setting.value = "1" if required else "0"
    audit.record(
        session,
        "change-setting",
        "setting",
        TWO_FACTOR_REQUIRED,
        user=acting,
        before=before,
        after=required,
    )
    session.flush()
    return True
