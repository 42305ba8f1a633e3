"""Make notifications: the one call every feature uses when something happens that someone should hear of.

`notify` writes one row per recipient who wants this kind (not the actor, not a deactivated account, not one
who turned the kind off), in the session, without committing; the caller commits with its own change. A reminder
passes a `key`: a recipient who already has that kind with that key gets nothing new, so running the reminders
again sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import Delivery, NoticeKind, Role
from uprtrack.models import Notification, NotificationPreference, Recommendation, User

# Session.info key under which the notices made in this transaction wait to be e-mailed after the commit.
OUTBOX = "uprtrack.notifications.outbox"


def notify(
    session: Session,
    kind: NoticeKind,
    recipients: Iterable[User],
    *,
    recommendation: Recommendation | None = None,
    actor: User | None = None,
    key: str | None = None,
    **params: object,
) -> list[Notification]:
    """Notify each recipient (once each) of `kind`; `params` are the words' values (plain JSON: text, numbers)."""
    people = {user.id: user for user in recipients if user.active and user != actor}
    if not people:
        return []
    deliveries = deliveries_of(session, kind, people)
    if key is not None:
        already = set(
            session.scalars(
                select(Notification.user_id).where(
                    Notification.kind == kind,
                    Notification.key == key,
                    Notification.user_id.in_(people),
                )
            )
        )
    else:
        already = set()
    made = []
    for user_id, user in people.items():
        delivery = deliveries[user_id]
        if delivery == Delivery.OFF or user_id in already:
            continue
        notice = Notification(
            user=user,
            kind=kind,
            recommendation=recommendation,
            actor=actor,
            key=key,
            params=params,
            delivery=delivery,
        )
        session.add(notice)
        made.append(notice)
    session.flush()
    session.info.setdefault(OUTBOX, []).extend(
        notice.id for notice in made if notice.delivery == Delivery.IMMEDIATELY
    )
    return made


def deliveries_of(session: Session, kind: NoticeKind, people: dict[int, User]) -> dict[int, str]:
    """Each person's delivery for the kind: their choice, else the kind's default."""
    chosen = dict(
        session.execute(
            select(NotificationPreference.user_id, NotificationPreference.delivery).where(
                NotificationPreference.kind == kind,
                NotificationPreference.user_id.in_(people),
            )
        ).all()
    )
    return {user_id: chosen.get(user_id, kind.default_delivery) for user_id in people}


def coordinators(session: Session) -> list[User]:
    """The national mechanism's coordinators (administrators manage accounts, not the follow-up)."""
    return list(
        session.scalars(select(User).where(User.role == Role.COORDINATOR, User.active.is_(True)))
    )


def members(session: Session, organisation_ids: Iterable[int]) -> list[User]:
    """The active users of these organisations."""
    ids = list(organisation_ids)
    if not ids:
        return []
    return list(
        session.scalars(
            select(User)
            .where(User.organisation_id.in_(ids), User.active.is_(True))
            .order_by(User.id)
        )
    )


__all__ = ["OUTBOX", "coordinators", "members", "notify"]
