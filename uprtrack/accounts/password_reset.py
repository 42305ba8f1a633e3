"""Setting a forgotten password by a link sent by e-mail.

The link carries a signed, timed token (itsdangerous) naming the account and a fingerprint of its current
password hash and session version: once the password is set, or the account signed out everywhere, the
fingerprint no longer matches, so a link works once and stops working with any newer one. It expires after an
hour. Asking for a link does the same work and answers the same whether or not the address has an account.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uprtrack.accounts.users import set_password
from uprtrack.core import audit, mail
from uprtrack.models import AuditEntry, User
from uprtrack.models.base import utcnow
from uprtrack.notifications.mailing import external_url, language_of

MAX_AGE = 3600  # seconds a link works
LINKS_PER_HOUR = 5  # asked for one address: more would let anyone flood someone's inbox
_SALT = "uprtrack.password-reset"


def _nobody() -> User:
    """An account that is not stored, to do for an unknown address the work done for a known one."""
    return User(id=0, email="", password_hash="$argon2id$v=19$m=65536,t=3,p=4$", session_version=1)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.password_hash}:{user.session_version}".encode()).hexdigest()[:32]


def make_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user)})


def user_of_token(session: Session, token: str) -> User | None:
    """Return the active account a link is for, if the link is genuine, younger than an hour and still unused."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = session.get(User, data["u"])
    if user is None or not user.active or data.get("f") != _fingerprint(user):
        return None
    return user


def reset_mail(user: User) -> mail.Mail:
    """The message with the link, plain text, in the account's language."""
    link = external_url("password_reset.choose", token=make_token(user))
    with force_locale(language_of(user)):
        return mail.Mail(
            to=user.email,
            subject=_("Set a new password for uprtrack"),
            text=render_template("auth/reset_mail.txt", link=link, hours=MAX_AGE // 3600),
        )


def send_in_background(mails: list[mail.Mail]) -> None:
    """Send after the response: the time of an answer must not tell whether a message left."""
    app = current_app._get_current_object()

    def run():
        with app.app_context():
            mail.send(mails)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    if app.config.get("TESTING"):
        thread.join()  # tests read the server's inbox right after the request


def request_link(session: Session, email: str, address: str) -> list[mail.Mail]:
    """Prepare the message with a link for the account of this e-mail address, if there is one; an address
    without an account is prepared the same way and sends nothing. Audited either way."""
    email = email.strip().lower()[:254]
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    asked = session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.action == "ask-password-reset",
            AuditEntry.actor == email,
            AuditEntry.at > utcnow() - timedelta(seconds=MAX_AGE),
        )
    )
    found = user is not None and user.active and asked < LINKS_PER_HOUR
    message = reset_mail(user if found else _nobody())
    if user is not None:
        audit.record(session, "ask-password-reset", "user", user.id, user=user, address=address)
    else:
        audit.record(session, "ask-password-reset", "user", None, actor=email, address=address)
    session.flush()
    return [message] if found else []


def send_link(session: Session, user: User, acting: User) -> mail.Mail:
    """An administrator sends the account's owner a link to set a new password."""
    message = reset_mail(user)
    audit.record(session, "send-password-reset", "user", user.id, user=acting, email=user.email)
    session.flush()
    return message


def reset(session: Session, user: User, password: str) -> None:
    """Set the new password: the link stops working, every session ends, a lock from wrong guesses is lifted
    (the owner proved the address)."""
    set_password(user, password)
    user.failed_logins, user.locked_until = 0, None
    audit.record(session, "reset-password", "user", user.id, user=user, by="e-mail link")
    session.flush()
