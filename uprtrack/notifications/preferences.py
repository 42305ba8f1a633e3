"""What each user hears of and how: the kinds that concern a role, the user's choices, their language.

A kind is offered only to the roles it can reach (a civil society organisation never validates, a focal point
never moderates), so that the settings page lists what the person will really receive.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core import audit
from uprtrack.core.vocabulary import Delivery, NoticeKind, Role
from uprtrack.models import NotificationPreference, User

_INSTITUTION = (
    NoticeKind.ASSIGNED,
    NoticeKind.DUE_SOON,
    NoticeKind.OVERDUE,
    NoticeKind.VALIDATED,
    NoticeKind.RETURNED,
)
_VOICE = (NoticeKind.PUBLISHED, NoticeKind.REFUSED, NoticeKind.NEW_STATUS)

# The kinds each role can receive; anyone signed in may follow a recommendation and hear of its assessments, and
# hear that a file they asked for is ready.
KINDS_BY_ROLE: dict[str, tuple[NoticeKind, ...]] = {
    Role.ADMIN: (NoticeKind.IMPORTED,),
    Role.COORDINATOR: (
        NoticeKind.AWAITING_VALIDATION,
        NoticeKind.AWAITING_MODERATION,
        NoticeKind.IMPORTED,
    ),
    Role.FOCAL_POINT: _INSTITUTION,
    Role.NHRI: _VOICE,
    Role.CSO: _VOICE,
}


def kinds_for(user: User) -> list[NoticeKind]:
    """The kinds that concern the user's role, in the vocabulary's order."""
    mine = {*KINDS_BY_ROLE.get(user.role, ()), NoticeKind.NEW_ASSESSMENT, NoticeKind.FILE_READY}
    return [kind for kind in NoticeKind if kind in mine]


def deliveries(session: Session, user: User) -> dict[NoticeKind, str]:
    """The user's delivery of each kind that concerns them: their choice, else the kind's default."""
    chosen = dict(
        session.execute(
            select(NotificationPreference.kind, NotificationPreference.delivery).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {kind: chosen.get(kind.value, kind.default_delivery) for kind in kinds_for(user)}


def _set(session: Session, user: User, kind: NoticeKind, delivery: str) -> None:
    row = session.get(NotificationPreference, (user.id, kind.value))
    if row is None:
        session.add(NotificationPreference(user_id=user.id, kind=kind.value, delivery=delivery))
    else:
        row.delivery = delivery


def save_settings(
    session: Session, user: User, chosen: Mapping[str, str], language: str | None
) -> dict[str, tuple[object, object]]:
    """Keep the user's delivery per kind (only the kinds that concern them) and their language; return the
    changes, which the audit log keeps."""
    before = deliveries(session, user)
    changes: dict[str, tuple[object, object]] = {}
    for kind in kinds_for(user):
        delivery = chosen.get(kind.value)
        if delivery is None or delivery not in Delivery.codes():
            continue
        if delivery != before[kind]:
            changes[kind.value] = (before[kind], delivery)
        _set(session, user, kind, delivery)
    if language and language != user.language:
        changes["language"] = (user.language, language)
        user.language = language
    if changes:
        audit.record(
            session,
            "change-notification-settings",
            "user",
            user.id,
            user=user,
            changes={name: list(pair) for name, pair in changes.items()},
        )
    session.flush()
    return changes


def remember_language(session: Session, user: User, language: str) -> bool:
    """Keep the interface language the user switched to, so that notices and e-mail are written in it.

    Not audited: it is how the person reads, like the session's language, not a record of the follow-up."""
    if user.language == language:
        return False
    user.language = language
    session.flush()
    return True


def receives_digests(session: Session, user: User) -> bool:
    return Delivery.DAILY in deliveries(session, user).values()


def unsubscribe_daily(session: Session, user: User) -> list[str]:
    """Turn off every kind the user receives in the daily digest; return those kinds."""
    daily = [
        kind for kind, delivery in deliveries(session, user).items() if delivery == Delivery.DAILY
    ]
    for kind in daily:
        _set(session, user, kind, Delivery.OFF)
    if daily:
        audit.record(
            session,
            "unsubscribe-digest",
            "user",
            user.id,
            user=user,
            kinds=[kind.value for kind in daily],
        )
    session.flush()
    return [kind.value for kind in daily]
