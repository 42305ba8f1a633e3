"""What the NHRI and civil society say about a recommendation: comments, assessments and their moderation.

Moderation rule: the NHRI's comments and assessments are published at once. An NHRI is independent of the
government (Paris Principles); if the national mechanism could hold its assessment back, the "independent
assessment beside the government's" would no longer be independent. The mechanism may still hide an NHRI item
afterwards (personal data posted by mistake, for instance), and that is audited like every moderation decision.
Civil society's comments and assessments wait for the mechanism's moderation: many organisations post, and a
government site must not publish abuse or personal data unread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from uprtrack.core.vocabulary import Moderation, Rating
from uprtrack.models import Assessment, Comment, Organisation, Recommendation, Review, User

PENDING, PUBLISHED, HIDDEN = Moderation.PENDING, Moderation.PUBLISHED, Moderation.HIDDEN
RATING_LABELS = Rating.labels()
MODERATION_LABELS = Moderation.labels()


def publishes_at_once(user: User) -> bool:
    """Tell whether what this user posts is public at once: the NHRI's word is, civil society's waits."""
    return (
        user.role == "nhri" and user.organisation is not None and user.organisation.kind == "nhri"
    )


def add_comment(session: Session, rec: Recommendation, user: User, body: str) -> Comment:
    """Add a comment for the user's own organisation, never another's."""
    comment = Comment(
        recommendation=rec,
        organisation_id=user.organisation_id,
        author=user,
        body=body.strip(),
        moderation=PUBLISHED if publishes_at_once(user) else PENDING,
    )
    session.add(comment)
    session.flush()
    return comment


def add_assessment(
    session: Session,
    rec: Recommendation,
    user: User,
    *,
    rating: str,
    text: str,
    sources: str,
    groups_affected: str,
    assessed_on: date,
) -> Assessment:
    """Add the organisation's assessment; earlier ones stay as its history, the latest published one shows."""
    assessment = Assessment(
        recommendation=rec,
        organisation_id=user.organisation_id,
        author=user,
        rating=rating,
        text=text.strip(),
        sources=sources.strip(),
        groups_affected=groups_affected.strip(),
        assessed_on=assessed_on,
        moderation=PUBLISHED if publishes_at_once(user) else PENDING,
    )
    session.add(assessment)
    session.flush()
    return assessment


def moderate(session: Session, item: Comment | Assessment, decision: str) -> str:
    """Publish or hide a comment or an assessment; return the state it had before."""
    if decision not in (PUBLISHED, HIDDEN):
        raise ValueError(decision)
    before = item.moderation
    item.moderation = decision
    session.flush()
    return before


@dataclass
class OrganisationAssessments:
    """One organisation's latest published assessment, with its earlier published ones."""

    latest: Assessment
    earlier: list[Assessment] = field(default_factory=list)


@dataclass
class Voices:
    """Everything the NHRI and civil society said about one recommendation that this person may see."""

    assessments: list[OrganisationAssessments]
    comments: list[Comment]
    own: list[Comment | Assessment]  # the person's organisation's items not (or no longer) public
    pending: int  # items awaiting moderation, counted for moderators only


def _voice_order(org: Organisation) -> tuple:
    return (org.kind != "nhri", org.name.casefold())


def on_recommendation(
    session: Session, rec: Recommendation, user, moderator: bool = False
) -> Voices:
    """Collect the published assessments (NHRI first), published comments and the person's own unpublished items."""
    assessments = session.scalars(
        select(Assessment)
        .where(Assessment.recommendation_id == rec.id)
        .options(selectinload(Assessment.organisation))
        .order_by(Assessment.id)
    ).all()
    comments = session.scalars(
        select(Comment)
        .where(Comment.recommendation_id == rec.id)
        .options(selectinload(Comment.organisation))
        .order_by(Comment.id)
    ).all()
    # The latest posted is the organisation's current view, whatever date it gives its assessment.
    by_org: dict[int, OrganisationAssessments] = {}
    for item in assessments:
        if item.moderation != PUBLISHED:
            continue
        if item.organisation_id in by_org:
            previous = by_org[item.organisation_id]
            by_org[item.organisation_id] = OrganisationAssessments(
                item, [previous.latest, *previous.earlier]
            )
        else:
            by_org[item.organisation_id] = OrganisationAssessments(item)
    org_id = getattr(user, "organisation_id", None) if user.is_authenticated else None
    own = [
        item
        for item in [*assessments, *comments]
        if org_id is not None and item.organisation_id == org_id and item.moderation != PUBLISHED
    ]
    pending = (
        sum(1 for item in [*assessments, *comments] if item.moderation == PENDING)
        if moderator
        else 0
    )
    return Voices(
        assessments=sorted(
            by_org.values(), key=lambda group: _voice_order(group.latest.organisation)
        ),
        comments=[c for c in comments if c.moderation == PUBLISHED],
        own=own,
        pending=pending,
    )


def queue(model: type[Comment] | type[Assessment], state: str):
    """Select the comments or assessments in one moderation state, oldest first, with what a moderator reads."""
    return (
        select(model)
        .where(model.moderation == state)
        .options(
            selectinload(model.organisation),
            selectinload(model.author),
            selectinload(model.recommendation)
            .selectinload(Recommendation.review)
            .selectinload(Review.state),
        )
        .order_by(model.created_at, model.id)
    )


def pending_counts(session: Session) -> dict[str, int]:
    """Count what awaits moderation, by kind."""
    return {
        kind: session.scalar(
            select(func.count()).select_from(model).where(model.moderation == PENDING)
        )
        for kind, model in (("assessments", Assessment), ("comments", Comment))
    }
