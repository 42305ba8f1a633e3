"""Who follows a recommendation: whoever pressed "Follow", and the members of each institution assigned to it
(they follow their own recommendations without pressing it). Followers hear of each new published assessment."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core import audit
from uprtrack.models import Follow, Recommendation, User
from uprtrack.notifications.events import members


class Following(StrEnum):
    NO = "no"
    CHOSEN = "chosen"  # the user pressed "Follow"
    RESPONSIBLE = "responsible"  # the user's institution is assigned the recommendation


def following(session: Session, user: User, rec: Recommendation) -> Following:
    if user.organisation_id is not None and any(
        a.organisation_id == user.organisation_id for a in rec.assignments
    ):
        return Following.RESPONSIBLE
    if session.get(Follow, (user.id, rec.id)) is not None:
        return Following.CHOSEN
    return Following.NO


def follow(session: Session, user: User, rec: Recommendation) -> bool:
    """Follow the recommendation; return whether that changed anything."""
    if session.get(Follow, (user.id, rec.id)) is not None:
        return False
    session.add(Follow(user_id=user.id, recommendation_id=rec.id))
    audit.record(session, "follow", "recommendation", rec.id, user=user)
    session.flush()
    return True


def stop_following(session: Session, user: User, rec: Recommendation) -> bool:
    """Stop following; return whether the user followed it."""
    row = session.get(Follow, (user.id, rec.id))
    if row is None:
        return False
    session.delete(row)
    audit.record(session, "stop-following", "recommendation", rec.id, user=user)
    session.flush()
    return True


def followers(session: Session, rec: Recommendation) -> list[User]:
    """The active users who follow the recommendation, by choice or as members of an assigned institution."""
    chosen = session.scalars(
        select(User)
        .join(Follow, Follow.user_id == User.id)
        .where(Follow.recommendation_id == rec.id, User.active.is_(True))
    )
    people = {user.id: user for user in chosen}
    for user in members(session, [a.organisation_id for a in rec.assignments]):
        people.setdefault(user.id, user)
    return [people[user_id] for user_id in sorted(people)]
