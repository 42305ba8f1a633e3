"""Two-factor sign-in: time-based codes (TOTP, RFC 6238) from an authenticator app, and recovery codes.

A code is accepted once: the time step it belongs to is kept, and a code of that step or an earlier one is
refused afterwards. A recovery code is random, shown once, kept as its SHA-256 and used up by signing in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core import audit
from uprtrack.models import RecoveryCode, User
from uprtrack.models.base import utcnow

ISSUER = "uprtrack"
RECOVERY_CODES = 10
# Letters and digits that cannot be mistaken for one another when copied by hand; 16 of them carry 80 bits.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 16
_DRIFT = 1  # time steps either side of now accepted, for a phone's clock that is a little off


class TwoFactorError(ValueError):
    """Two-factor sign-in cannot be turned on or off as asked; the code says why."""


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code(secret: str, email: str) -> str:
    """The authenticator's set-up link as a QR code, an SVG data URI (the CSP lets images come from data:)."""
    return segno.make(provisioning_uri(secret, email), error="m").svg_data_uri(
        scale=5, dark="#000", light="#fff"
    )


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """Return the time step whose code this is (now, or one step either side), or None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(int(now if now is not None else time.time()))
    for step in range(current - _DRIFT, current + _DRIFT + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_code(user: User, code: str) -> bool:
    """Accept a code of the user's authenticator that was never accepted before, and remember its step."""
    step = matching_step(user.totp_secret or "", code) if user.totp_secret else None
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def _digest(code: str) -> str:
    return hashlib.sha256(normalise_recovery(code).encode()).hexdigest()


def normalise_recovery(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _RECOVERY_LENGTH, 4))


def use_recovery_code(session: Session, user: User, code: str) -> bool:
    """Use up one of the user's recovery codes, if this is one that is left."""
    if len(normalise_recovery(code)) != _RECOVERY_LENGTH:
        return False
    found = session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _digest(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    found.used_at = utcnow()
    return True


def recovery_codes_left(session: Session, user: User) -> int:
    return len(
        session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def _replace_recovery_codes(session: Session, user: User) -> list[str]:
    for old in list(user.recovery_codes):
        session.delete(old)
    session.flush()
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user=user, code_hash=_digest(code)) for code in codes)
    return codes


def turn_on(session: Session, user: User, secret: str, code: str) -> list[str]:
    """Turn two-factor sign-in on with the secret the user's app was given, once a code of it proves the app has
    it; return the ten recovery codes, which are shown once and never again. Raise TwoFactorError("wrong_code")."""
    step = matching_step(secret, code)
    if step is None:
        raise TwoFactorError("wrong_code")
    user.totp_secret, user.totp_last_step = secret, step
    codes = _replace_recovery_codes(session, user)
    audit.record(session, "turn-on-two-factor", "user", user.id, user=user)
    session.flush()
    return codes


def new_recovery_codes(session: Session, user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones (the old ones stop working)."""
    if not user.two_factor:
        raise TwoFactorError("not_on")
    codes = _replace_recovery_codes(session, user)
    audit.record(session, "renew-recovery-codes", "user", user.id, user=user)
    session.flush()
    return codes


def turn_off(session: Session, user: User, acting: User) -> None:
    """Turn two-factor sign-in off; the recovery codes go with it."""
    user.totp_secret, user.totp_last_step = None, None
    for old in list(user.recovery_codes):
        session.delete(old)
    audit.record(session, "turn-off-two-factor", "user", user.id, user=acting)
    session.flush()
