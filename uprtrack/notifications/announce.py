"""The notices that the follow-up's operations send: an assignment, civil society's words awaiting moderation,
a moderation decision, a new published assessment. Each operation calls one function here after its change."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from uprtrack.core.visibility import is_visible, published_only
from uprtrack.core.vocabulary import Moderation, NoticeKind
from uprtrack.models import Assessment, Comment, Organisation, Recommendation, User
from uprtrack.notifications.events import coordinators, members, notify
from uprtrack.notifications.follows import followers


def _organisation_name(session: Session, organisation_id: int | None) -> str:
    org = session.get(Organisation, organisation_id) if organisation_id is not None else None
    return org.name if org is not None else ""


def assigned(
    session: Session, rec: Recommendation, org: Organisation, due: date | None, acting: User | None
) -> None:
    """Tell the institution's members that the recommendation is theirs, and by when."""
    notify(
        session,
        NoticeKind.ASSIGNED,
        members(session, [org.id]),
        recommendation=rec,
        actor=acting,
        organisation=org.name,
        due_date=due.isoformat() if due else None,
    )


def assigned_many(
    session: Session, org: Organisation, due: date | None, acting: User, count: int, key: str
) -> None:
    """Tell the institution's members once of a bulk step's assignments (not once per recommendation)."""
    notify(
        session,
        NoticeKind.ASSIGNED,
        members(session, [org.id]),
        actor=acting,
        key=key,
        organisation=org.name,
        due_date=due.isoformat() if due else None,
        count=count,
    )


def spoken(session: Session, item: Comment | Assessment, author: User) -> None:
    """A new comment or assessment: the coordinators moderate it, or (published at once) followers hear of it."""
    if item.moderation == Moderation.PENDING:
        notify(
            session,
            NoticeKind.AWAITING_MODERATION,
            coordinators(session),
            recommendation=item.recommendation,
            actor=author,
            organisation=_organisation_name(session, item.organisation_id),
        )
    elif item.moderation == Moderation.PUBLISHED and isinstance(item, Assessment):
        assessment_published(session, item, author)


def moderated(
    session: Session, item: Comment | Assessment, before: str, acting: User | None
) -> None:
    """Tell the author's organisation of the decision; a published assessment reaches the followers too."""
    if item.moderation == before:
        return
    kind = NoticeKind.PUBLISHED if item.moderation == Moderation.PUBLISHED else NoticeKind.REFUSED
    notify(
        session,
        kind,
        members(session, [item.organisation_id]),
        recommendation=item.recommendation,
        actor=acting,
        organisation=_organisation_name(session, item.organisation_id),
    )
    if kind == NoticeKind.PUBLISHED and isinstance(item, Assessment):
        assessment_published(session, item, acting)


def assessment_published(session: Session, item: Assessment, acting: User | None) -> None:
    """Tell those who follow the recommendation (and may see it) of the new assessment and its rating; the
    assessing organisation's own members know already."""
    rec = item.recommendation
    readers = [
        user
        for user in followers(session, rec)
        if user.organisation_id != item.organisation_id and is_visible(rec, published_only(user))
    ]
    notify(
        session,
        NoticeKind.NEW_ASSESSMENT,
        readers,
        recommendation=rec,
        actor=acting,
        organisation=_organisation_name(session, item.organisation_id),
        rating=item.rating,
    )
