"""Create, edit, link and publish pledges, technical assistance and evidence; each writes its own audit entries.

Domain functions only flush: the views and commands commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from uprtrack.core import audit
from uprtrack.core.changes import Changes, apply_changes
from uprtrack.core.locking import pin_version
from uprtrack.core.validation import entry_state_for
from uprtrack.core.vocabulary import AssistanceDirection, AssistanceState, EntryState, NoticeKind
from uprtrack.follow_up.kinds import FollowUpKind, kind_of
from uprtrack.follow_up.providers import provider
from uprtrack.models import (
    Evidence,
    Pledge,
    Recommendation,
    Review,
    TechnicalAssistance,
    User,
)
from uprtrack.models.base import utcnow
from uprtrack.notifications.events import coordinators, notify

FollowUpRecord = Pledge | TechnicalAssistance | Evidence
FILE_COLUMNS = ("file_key", "file_name", "file_type", "file_size")
_PARAGRAPHS = re.compile(r"[\s,;]+")


class DuplicateRecord(ValueError):
    """The State already has this record (the same pledge text, or the same title)."""


def duplicate_of(
    session: Session,
    kind: FollowUpKind,
    state_id: int,
    values: dict,
    exclude_id: int | None = None,
):
    """Return the record of the same State that an import would take for the same one, if there is one."""
    model = kind.model
    query = select(model).where(model.state_id == state_id, kind.same(values))
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return session.scalars(query.limit(1)).first()


def _apply(session: Session, kind: FollowUpKind, record: FollowUpRecord, values: dict) -> Changes:
    """Set the given columns, a new provider first; return what changed as {column: (before, after)}."""
    values = kind.normalised(values)
    new_provider = values.pop("new_provider", None)
    new_provider_kind = values.pop("new_provider_kind", None)
    if new_provider:
        org = provider(session, new_provider, new_provider_kind or "other")
        session.flush()
        values["provider_id"] = org.id
    return apply_changes(record, values)


def add_record(
    session: Session,
    kind: FollowUpKind,
    values: dict,
    recommendations: Iterable[Recommendation] = (),
) -> FollowUpRecord:
    """Create a record linked to the given recommendations, unaudited: for loaders that audit their whole run."""
    if duplicate_of(session, kind, values["state_id"], values) is not None:
        raise DuplicateRecord(kind.model.__name__)
    record = kind.model()
    _apply(session, kind, record, values)
    record.recommendations.extend(recommendations)
    session.add(record)
    session.flush()
    return record


def create_record(
    session: Session,
    kind: FollowUpKind,
    values: dict,
    recommendations: Iterable[Recommendation] = (),
    *,
    user: User,
    file: dict | None = None,
) -> FollowUpRecord:
    """Create a record, with its file and links to the given recommendations, and audit all three."""
    recommendations = list(recommendations)
    record = add_record(session, kind, {**values, **(file or {})}, recommendations)
    if isinstance(record, Evidence):
        propose_evidence(session, record, recommendations, user)
    # The organisation is kept with the creation: the records have no creator column, and a focal point may
    # edit what its organisation created (see uprtrack/follow_up/access.py).
    _audit(
        session,
        "create",
        record,
        user,
        organisation_id=user.organisation_id,
        state=record.state_id,
        published=record.published,
    )
    if file:
        _audit_file(session, record, user, file)
    for rec in recommendations:
        _audit_link(session, "link", record, rec, user)
    return record


def propose_evidence(
    session: Session, evidence: Evidence, recommendations: list[Recommendation], user: User
) -> None:
    """Keep who recorded the evidence; a focal point's is proposed, and the coordinators are told."""
    evidence.author_id = user.id
    evidence.entry_state = entry_state_for(user)
    if evidence.entry_state == EntryState.VALIDATED:
        evidence.decided_by_id, evidence.decided_at = user.id, utcnow()
        session.flush()
        return
    session.flush()
    organisation = user.organisation.name if user.organisation else user.email
    notify(
        session,
        NoticeKind.AWAITING_VALIDATION,
        coordinators(session),
        recommendation=recommendations[0] if recommendations else None,
        actor=user,
        organisation=organisation,
        entry="evidence",
    )


def update_record(
    session: Session,
    record: FollowUpRecord,
    values: dict,
    seen_version: int | str | None,
    *,
    user: User,
) -> Changes:
    """Save an edit unless someone saved the record since the form was shown; audit and return what changed."""
    kind = kind_of(record)
    pin_version(record, seen_version)
    identity = {name: getattr(record, name) for name in kind.identity}
    state_id = values.get("state_id", record.state_id)
    if duplicate_of(session, kind, state_id, {**identity, **values}, exclude_id=record.id):
        raise DuplicateRecord(kind.model.__name__)
    changes = _apply(session, kind, record, values)
    session.flush()
    fields = sorted(set(changes) - {"published", kind.label_key})
    if fields:
        _audit(session, "edit", record, user, fields=fields)
    if "published" in changes:  # a change of publication is its own entry, as from its button
        _audit(session, "publish" if record.published else "withdraw", record, user)
    return changes


def replace_file(session: Session, evidence: Evidence, columns: dict, *, user: User) -> str | None:
    """Point the evidence at a newly stored file; return the key of the file it had before."""
    old = evidence.file_key
    for name in FILE_COLUMNS:
        setattr(evidence, name, columns[name])
    session.flush()
    _audit_file(session, evidence, user, columns, replaced=old)
    return old


def set_published(session: Session, record: FollowUpRecord, published: bool, *, user: User) -> bool:
    """Publish or withdraw a record; return whether that changed anything."""
    if record.published == published:
        return False
    record.published = published
    session.flush()
    _audit(session, "publish" if published else "withdraw", record, user)
    return True


def split_paragraphs(text: str | None) -> list[str]:
    """Read "140.31; 140.215" or "140.31, 140.215" as paragraph ids, kept as text."""
    return list(dict.fromkeys(p.rstrip(".") for p in _PARAGRAPHS.split(text or "") if p.strip(".")))


def find_recommendations(
    session: Session, state_id: int, cycle: int, paragraphs: list[str]
) -> tuple[list[Recommendation], list[str]]:
    """Find a State's recommendations of one cycle by paragraph; return those found and the ids not found."""
    if not paragraphs:
        return [], []
    found = session.scalars(
        select(Recommendation)
        .join(Review)
        .where(
            Review.state_id == state_id,
            Review.cycle == cycle,
            Recommendation.paragraph.in_(paragraphs),
        )
    ).all()
    by_paragraph = {rec.paragraph: rec for rec in found}
    return (
        [by_paragraph[p] for p in paragraphs if p in by_paragraph],
        [p for p in paragraphs if p not in by_paragraph],
    )


def link(
    session: Session, record: FollowUpRecord, recs: Iterable[Recommendation], *, user: User
) -> list[Recommendation]:
    """Link the record to recommendations of its own State; audit and return the links that are new."""
    added = [rec for rec in dict.fromkeys(recs) if rec not in record.recommendations]
    if any(rec.review.state_id != record.state_id for rec in added):
        raise ValueError("a record is linked only to recommendations of its own State")
    record.recommendations.extend(added)
    session.flush()
    for rec in added:
        _audit_link(session, "link", record, rec, user)
    return added


def unlink(session: Session, record: FollowUpRecord, rec: Recommendation, *, user: User) -> bool:
    """Remove a link; return whether there was one."""
    if rec not in record.recommendations:
        return False
    record.recommendations.remove(rec)
    session.flush()
    _audit_link(session, "unlink", record, rec, user)
    return True


def _audit(session: Session, action: str, record: FollowUpRecord, user: User, **detail) -> None:
    audit.record(session, action, kind_of(record).name, record.id, user=user, **detail)


def _audit_file(
    session: Session, record: Evidence, user: User, columns: dict, replaced: str | None = None
) -> None:
    _audit(
        session,
        "attach-file",
        record,
        user,
        name=columns["file_name"],
        type=columns["file_type"],
        size=columns["file_size"],
        key=columns["file_key"],
        replaced=replaced,
    )


def _audit_link(
    session: Session, action: str, record: FollowUpRecord, rec: Recommendation, user: User
) -> None:
    _audit(
        session,
        action,
        record,
        user,
        recommendation=rec.id,
        paragraph=rec.paragraph,
        cycle=rec.review.cycle,
    )


# Technical assistance counts as received once it is under way or delivered, or when it was recorded as received;
# anything else (requested, agreed, declined) is assistance the State still needs.
RECEIVED_STATES = (AssistanceState.UNDER_WAY.value, AssistanceState.DELIVERED.value)


def is_received(assistance: TechnicalAssistance) -> bool:
    """Whether the State has received this assistance (the rule of `received_clause`)."""
    return (
        assistance.direction == AssistanceDirection.RECEIVED or assistance.status in RECEIVED_STATES
    )


def received_clause():
    """The SQL condition of `is_received`."""
    return or_(
        TechnicalAssistance.direction == AssistanceDirection.RECEIVED.value,
        TechnicalAssistance.status.in_(RECEIVED_STATES),
    )
