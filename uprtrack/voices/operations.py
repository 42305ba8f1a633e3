"""What the NHRI and civil society say about a recommendation: comments, assessments and their moderation.

Moderation rule: the NHRI's comments and assessments are published at once. An NHRI is independent of the
government (Paris Principles); if the national mechanism could hold its assessment back, the "independent
assessment beside the government's" would no longer be independent. The mechanism may still hide an NHRI item
afterwards (personal data posted by mistake, for instance), and that is audited like every moderation decision.
Civil society's comments and assessments wait for the mechanism's moderation: many organisations post, and a
government site must not publish abuse or personal data unread.

Each function that changes something takes the person acting, writes its own audit entry and flushes; the views
commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from uprtrack.core import audit
from uprtrack.core.vocabulary import Moderation, OrganisationKind, Role
from uprtrack.models import Assessment, Comment, Organisation, Recommendation, Review, User
from uprtrack.notifications import announce

# What a moderator decides, and the audit action of each decision ("publish-comment", "hide-assessment").
DECISIONS = {Moderation.PUBLISHED: "publish", Moderation.HIDDEN: "hide"}


def publishes_at_once(user: User) -> bool:
    """Tell whether what this user posts is public at once: the NHRI's word is, civil society's waits."""
    return (
        user.role == Role.NHRI
        and user.organisation is not None
        and user.organisation.kind == OrganisationKind.NHRI
    )


def first_moderation(user: User) -> Moderation:
    """Where what this user posts starts: published at once for the NHRI, awaiting moderation otherwise."""
    return Moderation.PUBLISHED if publishes_at_once(user) else Moderation.PENDING


def object_type(item: Comment | Assessment) -> str:
    """The audit log's name of a comment or an assessment."""
    return "comment" if isinstance(item, Comment) else "assessment"


def add_comment(session: Session, rec: Recommendation, user: User, body: str) -> Comment:
    """Add a comment for the user's own organisation, never another's."""
    comment = Comment(
        recommendation=rec,
        organisation_id=user.organisation_id,
        author=user,
        body=body.strip(),
        moderation=first_moderation(user),
    )
    session.add(comment)
    session.flush()
    audit.record(
        session,
        "add-comment",
        "comment",
        comment.id,
        user=user,
        recommendation=rec.id,
        organisation=comment.organisation_id,
        moderation=comment.moderation,
    )
    session.flush()
    announce.spoken(session, comment, user)
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
        moderation=first_moderation(user),
    )
    session.add(assessment)
    session.flush()
    audit.record(
        session,
        "add-assessment",
        "assessment",
        assessment.id,
        user=user,
        recommendation=rec.id,
        organisation=assessment.organisation_id,
        rating=assessment.rating,
        moderation=assessment.moderation,
    )
    session.flush()
    announce.spoken(session, assessment, user)
    return assessment


def latest_of_organisation(
    session: Session, rec: Recommendation, org_id: int | None
) -> Assessment | None:
    """The organisation's latest assessment of the recommendation, whatever its moderation: its current view."""
    if org_id is None:
        return None
    return session.scalar(
        select(Assessment)
        .where(Assessment.recommendation_id == rec.id, Assessment.organisation_id == org_id)
        .order_by(Assessment.id.desc())
        .limit(1)
    )


def history_of_organisation(
    session: Session, rec: Recommendation, org_id: int | None
) -> list[Assessment]:
    """Every assessment the organisation posted on the recommendation, newest first, whatever its moderation."""
    if org_id is None:
        return []
    return session.scalars(
        select(Assessment)
        .where(Assessment.recommendation_id == rec.id, Assessment.organisation_id == org_id)
        .order_by(Assessment.id.desc())
    ).all()


def revision_of(assessment: Assessment | None) -> dict:
    """The values a revision starts from: the previous rating, text, sources and groups, dated today."""
    if assessment is None:
        return {}
    return {
        "rating": assessment.rating,
        "text": assessment.text,
        "sources": assessment.sources,
        "groups_affected": assessment.groups_affected,
    }


def moderate(session: Session, item: Comment | Assessment, decision: str, acting: User) -> str:
    """Publish or hide a comment or an assessment; return the state it had before."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    before = item.moderation
    item.moderation = decision
    kind = object_type(item)
    audit.record(
        session,
        f"{DECISIONS[decision]}-{kind}",
        kind,
        item.id,
        user=acting,
        recommendation=item.recommendation_id,
        organisation=item.organisation_id,
        before=before,
    )
    session.flush()
    announce.moderated(session, item, before, acting)
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
    return (org.kind != OrganisationKind.NHRI, org.name.casefold())


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
        if item.moderation != Moderation.PUBLISHED:
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
        if org_id is not None
        and item.organisation_id == org_id
        and item.moderation != Moderation.PUBLISHED
    ]
    pending = (
        sum(1 for item in [*assessments, *comments] if item.moderation == Moderation.PENDING)
        if moderator
        else 0
    )
    return Voices(
        assessments=sorted(
            by_org.values(), key=lambda group: _voice_order(group.latest.organisation)
        ),
        comments=[c for c in comments if c.moderation == Moderation.PUBLISHED],
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
            select(func.count()).select_from(model).where(model.moderation == Moderation.PENDING)
        )
        for kind, model in (("assessments", Assessment), ("comments", Comment))
    }
