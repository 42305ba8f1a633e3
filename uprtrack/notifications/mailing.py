"""Notifications by e-mail: the message of one notice, sending what is due, after the request or by the command.

A notice to be sent immediately leaves right after the transaction that made it commits (the view's response
waits for the local relay, bounded by MAIL_TIMEOUT); if the server does not take it, it stays unsent and the
`notify` command sends it on its next run. Each message is written in the recipient's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from flask import Flask, current_app, g, has_app_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from uprtrack.core import mail
from uprtrack.core.vocabulary import Delivery
from uprtrack.extensions import db
from uprtrack.models import Notification, User
from uprtrack.models.base import utcnow
from uprtrack.notifications.events import OUTBOX
from uprtrack.notifications.words import destination, notice_text


def language_of(user: User) -> str:
    from uprtrack.web.languages import LANGUAGES

    return user.language if user.language in LANGUAGES else "en"


def external_url(endpoint: str, **values: object) -> str:
    """A link for a message: under BASE_URL, whether or not there is a request."""
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)


def notice_link(notice: Notification) -> str:
    endpoint, values = destination(notice)
    return external_url(endpoint, **values)


def message_for(notice: Notification) -> mail.Mail:
    """One notice as one e-mail, in its recipient's language."""
    with force_locale(language_of(notice.user)):
        text = notice_text(notice)
        values = {
            "text": text,
            "link": notice_link(notice),
            "settings": external_url("notifications.settings"),
        }
        return mail.Mail(
            to=notice.user.email,
            subject=text,
            text=render_template("notifications/mail.txt", **values),
            html=render_template("notifications/mail.html", **values),
        )


def send_notices(notices: Sequence[Notification], now: datetime | None = None) -> int:
    """E-mail each notice on its own; mark those that left. Return how many left."""
    sent = mail.send([message_for(notice) for notice in notices])
    now = now or utcnow()
    for notice, went in zip(notices, sent, strict=True):
        if went:
            notice.emailed_at = now
    return sum(sent)


# A notice younger than this is still the request's to send (it mails after its commit); the command leaves it.
LEFT_TO_THE_REQUEST = timedelta(minutes=2)


def send_unsent(session: Session, now: datetime) -> int:
    """E-mail the immediate notices that did not leave (a mail server that was down); return how many left."""
    notices = list(
        session.scalars(
            select(Notification)
            .join(Notification.user)
            .where(
                Notification.delivery == Delivery.IMMEDIATELY,
                Notification.emailed_at.is_(None),
                Notification.created_at < now - LEFT_TO_THE_REQUEST,
                User.active.is_(True),
            )
            .order_by(Notification.id)
        )
    )
    count = send_notices(notices, now)
    session.flush()
    return count


def send_outbox(session: Session, ids: Sequence[int]) -> int:
    notices = list(
        session.scalars(
            select(Notification).where(Notification.id.in_(ids), Notification.emailed_at.is_(None))
        )
    )
    count = send_notices(notices)
    session.commit()
    return count


@event.listens_for(Session, "after_commit")
def _take_outbox(session: Session) -> None:
    """Move the immediate notices of a committed transaction to the request's outbox."""
    ids = session.info.pop(OUTBOX, None)
    if ids and has_app_context():
        g.setdefault("notice_outbox", []).extend(ids)


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session: Session) -> None:
    session.info.pop(OUTBOX, None)


def send_committed() -> int:
    """E-mail the immediate notices that this context's commits made (a view's, or a command's)."""
    ids = g.pop("notice_outbox", None)
    return send_outbox(db.session, ids) if ids else 0


def register_mailing(app: Flask) -> None:
    """After each request, e-mail the immediate notices its transaction made."""

    @app.after_request
    def _send_outbox(response):
        send_committed()
        return response


__all__ = [
    "external_url",
    "message_for",
    "register_mailing",
    "send_committed",
    "send_notices",
    "send_unsent",
]
