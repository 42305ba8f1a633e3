"""The daily digest: one message per user with every daily notice not yet e-mailed, once in 24 hours at most.

When the last digest left is kept per user (Digest); a digest that the mail server does not take leaves its
notices unsent and the time unchanged, so the next run tries again. Every digest carries a signed link that
turns the daily notices off, in its text and in a List-Unsubscribe header.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from flask import render_template
from flask_babel import force_locale, ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from uprtrack.core import mail
from uprtrack.core.vocabulary import Delivery, NoticeKind
from uprtrack.models import Digest, Notification, User
from uprtrack.notifications.mailing import external_url, language_of, notice_link
from uprtrack.notifications.preferences import deliveries
from uprtrack.notifications.unsubscribe import unsubscribe_url
from uprtrack.notifications.words import notice_text

INTERVAL = timedelta(hours=24)


def waiting(session: Session, now: datetime) -> dict[User, list[Notification]]:
    """Each active user whose last digest is 24 hours old (or who never had one), with their unsent daily
    notices, oldest first; a kind the user turned off since is left out."""
    recent = select(Digest.user_id).where(Digest.sent_at > now - INTERVAL)
    notices = session.scalars(
        select(Notification)
        .join(Notification.user)
        .where(
            Notification.delivery == Delivery.DAILY,
            Notification.emailed_at.is_(None),
            User.active.is_(True),
            Notification.user_id.not_in(recent),
        )
        .options(joinedload(Notification.user), joinedload(Notification.recommendation))
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    )
    by_user: dict[User, list[Notification]] = defaultdict(list)
    for notice in notices:
        by_user[notice.user].append(notice)
    for user in list(by_user):
        off = {k for k, d in deliveries(session, user).items() if d == Delivery.OFF}
        by_user[user] = [n for n in by_user[user] if NoticeKind(n.kind) not in off]
        if not by_user[user]:
            del by_user[user]
    return dict(by_user)


def digest_for(user: User, notices: list[Notification]) -> mail.Mail:
    """One user's digest, in their language: each notice with its link, then how to stop them."""
    with force_locale(language_of(user)):
        items = [(notice_text(notice), notice_link(notice)) for notice in notices]
        values = {
            "items": items,
            "unsubscribe": unsubscribe_url(user),
            "settings": external_url("notifications.settings"),
        }
        subject = ngettext(
            "uprtrack: %(num)d notification of the day",
            "uprtrack: %(num)d notifications of the day",
            len(items),
        )
        return mail.Mail(
            to=user.email,
            subject=subject,
            text=render_template("notifications/digest.txt", **values),
            html=render_template("notifications/digest.html", **values),
            headers={"List-Unsubscribe": f"<{values['unsubscribe']}>"},
        )


def send_digests(session: Session, now: datetime) -> int:
    """Send every digest that is due; mark its notices e-mailed and keep when it left. Return how many left."""
    due = waiting(session, now)
    users = list(due)
    sent = mail.send([digest_for(user, due[user]) for user in users])
    for user, went in zip(users, sent, strict=True):
        if not went:
            continue
        for notice in due[user]:
            notice.emailed_at = now
        digest = session.get(Digest, user.id)
        if digest is None:
            session.add(Digest(user_id=user.id, sent_at=now))
        else:
            digest.sent_at = now
    session.flush()
    return sum(sent)
