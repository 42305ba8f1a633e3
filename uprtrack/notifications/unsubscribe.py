"""The signed link of a digest that turns its daily notices off, without signing in.

The token names the user and is signed with the application's SECRET_KEY (itsdangerous); it does not expire,
since a digest read weeks later must still let its reader stop them. Changing SECRET_KEY voids every link.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from uprtrack.models import User
from uprtrack.notifications.mailing import external_url

SALT = "uprtrack.notifications.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(user: User) -> str:
    return _serializer().dumps({"user": user.id})


def user_of(session: Session, token: str) -> User | None:
    """The active user a token was made for; None for a bad, tampered or foreign token."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    if not isinstance(user_id, int):
        return None
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def unsubscribe_url(user: User) -> str:
    return external_url("notifications.unsubscribe", token=token_for(user))
