"""Who may see, create, edit and link pledges, technical assistance and evidence.

The national mechanism (coordinator, admin) manages every record. A focal point creates technical assistance and
evidence for its State, and edits those that it or its organisation created: the records have no creator column,
so the audit log's "create" entry, which keeps the user and the organisation, says who. A focal point links records
only to recommendations it may update (those assigned to its organisation).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core.visibility import is_visible, published_only
from uprtrack.core.vocabulary import Role
from uprtrack.follow_up.kinds import FollowUpKind, kind_of
from uprtrack.follow_up.lists import paragraph_order
from uprtrack.follow_up.operations import FollowUpRecord
from uprtrack.models import Assignment, AuditEntry, Recommendation, Review, User
from uprtrack.web.permissions import MANAGERS, can_update


def may_see(user, record) -> bool:
    """Published records are public; unpublished ones exist only for government users."""
    return is_visible(record, published_only(user))


def manages(user) -> bool:
    return bool(user.is_authenticated and user.role in MANAGERS)


def is_focal_point(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.FOCAL_POINT and user.organisation_id)


def user_state_ids(session: Session, user: User) -> list[int]:
    """The States a focal point works for: its organisation's, else those of the recommendations assigned to it."""
    if not is_focal_point(user):
        return []
    if user.organisation.state_id:
        return [user.organisation.state_id]
    return list(
        session.scalars(
            select(Review.state_id)
            .join(Recommendation, Recommendation.review_id == Review.id)
            .join(Assignment, Assignment.recommendation_id == Recommendation.id)
            .where(Assignment.organisation_id == user.organisation_id)
            .distinct()
        )
    )


def may_create(user, kind: FollowUpKind) -> bool:
    return manages(user) or (is_focal_point(user) and kind.for_focal_points)


def created_by_organisation(session: Session, user: User, record: FollowUpRecord) -> bool:
    """Tell from the audit log whether the user or someone of their organisation created the record."""
    entries = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "create",
            AuditEntry.object_type == kind_of(record).name,
            AuditEntry.object_id == str(record.id),
        )
    )
    return any(
        e.user_id == user.id or (e.detail or {}).get("organisation_id") == user.organisation_id
        for e in entries
    )


def may_edit(session: Session, user, record: FollowUpRecord) -> bool:
    if manages(user):
        return True
    if not (is_focal_point(user) and kind_of(record).for_focal_points):
        return False
    if record.state_id not in user_state_ids(session, user):
        return False
    return created_by_organisation(session, user, record)


def may_link(session: Session, user, record: FollowUpRecord, rec: Recommendation) -> bool:
    """Link or unlink: the record and the recommendation must both be the person's to change."""
    return may_edit(session, user, record) and (manages(user) or can_update(user, rec))


def link_candidates(
    session: Session, user, record: FollowUpRecord, cycle: int | None
) -> list[Recommendation]:
    """Recommendations of the record's State (on education, of one cycle) that the person may link, not yet linked."""
    query = (
        select(Recommendation)
        .join(Review)
        .where(Review.state_id == record.state_id, Recommendation.education.is_(True))
    )
    if cycle:
        query = query.where(Review.cycle == cycle)
    if not manages(user):
        query = query.join(Assignment).where(Assignment.organisation_id == user.organisation_id)
    linked = {rec.id for rec in record.recommendations}
    recs = [rec for rec in session.scalars(query) if rec.id not in linked]
    return sorted(recs, key=paragraph_order)
