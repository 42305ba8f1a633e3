"""Create, edit, link and publish pledges, technical assistance and evidence; domain functions only flush."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from uprtrack.core.locking import pin_version
from uprtrack.imports.lookup import text_key
from uprtrack.models import (
    Evidence,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    State,
    TechnicalAssistance,
    name_key,
)

FollowUpRecord = Pledge | TechnicalAssistance | Evidence
# The name of each record in the audit log and in URLs, and back.
OBJECT_TYPES = {Pledge: "pledge", TechnicalAssistance: "assistance", Evidence: "evidence"}
MODELS = {name: model for model, name in OBJECT_TYPES.items()}
PROVIDER_KINDS = ("un_entity", "donor", "other")
FILE_COLUMNS = ("file_key", "file_name", "file_type", "file_size")
_PARAGRAPHS = re.compile(r"[\s,;]+")


class DuplicateRecord(ValueError):
    """The State already has this record (the same pledge text, or the same title)."""


def object_type(record: FollowUpRecord) -> str:
    return OBJECT_TYPES[type(record)]


def duplicate_of(
    session: Session, model: type, state_id: int, values: dict, exclude_id: int | None = None
):
    """Return the record of the same State that an import would take for the same one, if there is one."""
    if model is Pledge:
        same = Pledge.text_key == text_key(values["text"])
    elif model is TechnicalAssistance:
        same = (func.lower(TechnicalAssistance.title) == values["title"].strip().lower()) & (
            TechnicalAssistance.direction == values["direction"]
        )
    else:
        same = func.lower(Evidence.title) == values["title"].strip().lower()
    query = select(model).where(model.state_id == state_id, same)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return session.scalars(query.limit(1)).first()


def provider(session: Session, name: str, kind: str = "other") -> Organisation:
    """Find a provider by its name or acronym, or create it as an organisation of the given kind."""
    key = name_key(name)
    found = session.scalars(
        select(Organisation)
        .where(or_(func.lower(Organisation.name) == key, func.lower(Organisation.acronym) == key))
        .limit(1)
    ).first()
    if found is not None:
        return found
    org = Organisation(
        name=re.sub(r"\s+", " ", name).strip(), kind=kind if kind in PROVIDER_KINDS else "other"
    )
    session.add(org)
    return org


def _apply(
    session: Session, record: FollowUpRecord, values: dict
) -> dict[str, tuple[object, object]]:
    """Set the given columns; return what changed as {column: (before, after)}."""
    values = dict(values)
    new_provider = values.pop("new_provider", None)
    if new_provider:
        org = provider(session, new_provider, values.pop("new_provider_kind", "other"))
        session.flush()
        values["provider_id"] = org.id
    values.pop("new_provider_kind", None)
    if isinstance(record, Pledge) and "text" in values:
        values["text"] = values["text"].strip()
        values["text_key"] = text_key(values["text"])
    for name in ("title",):
        if name in values and values[name] is not None:
            values[name] = values[name].strip()
    changes = {}
    for name, value in values.items():
        before = getattr(record, name)
        if before != value:
            changes[name] = (before, value)
            setattr(record, name, value)
    return changes


def create_record(
    session: Session, model: type, values: dict, recommendations: Iterable[Recommendation] = ()
) -> FollowUpRecord:
    """Create a pledge, assistance or evidence record, linked to the given recommendations."""
    state_id = values["state_id"]
    if duplicate_of(session, model, state_id, values) is not None:
        raise DuplicateRecord(model.__name__)
    record = model()
    _apply(session, record, values)
    record.recommendations.extend(recommendations)
    session.add(record)
    session.flush()
    return record


def update_record(
    session: Session, record: FollowUpRecord, values: dict, seen_version: int | str | None
) -> dict[str, tuple[object, object]]:
    """Save an edit unless someone saved the record since the form was shown; return what changed."""
    pin_version(record, seen_version)
    state_id = values.get("state_id", record.state_id)
    if duplicate_of(
        session, type(record), state_id, {**_identity(record), **values}, exclude_id=record.id
    ):
        raise DuplicateRecord(type(record).__name__)
    changes = _apply(session, record, values)
    session.flush()
    return changes


def _identity(record: FollowUpRecord) -> dict:
    if isinstance(record, Pledge):
        return {"text": record.text}
    if isinstance(record, TechnicalAssistance):
        return {"title": record.title, "direction": record.direction}
    return {"title": record.title}


def replace_file(session: Session, evidence: Evidence, columns: dict) -> str | None:
    """Point the evidence at a newly stored file; return the key of the file it had before."""
    old = evidence.file_key
    for name in FILE_COLUMNS:
        setattr(evidence, name, columns[name])
    session.flush()
    return old


def set_published(session: Session, record, published: bool) -> bool:
    """Publish or withdraw a record; return whether that changed anything."""
    if record.published == published:
        return False
    record.published = published
    session.flush()
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
    session: Session, record: FollowUpRecord, recs: Iterable[Recommendation]
) -> list[Recommendation]:
    """Link the record to recommendations of its own State; return the links that are new."""
    added = [rec for rec in dict.fromkeys(recs) if rec not in record.recommendations]
    if any(rec.review.state_id != record.state_id for rec in added):
        raise ValueError("a record is linked only to recommendations of its own State")
    record.recommendations.extend(added)
    session.flush()
    return added


def unlink(session: Session, record: FollowUpRecord, rec: Recommendation) -> bool:
    """Remove a link; return whether there was one."""
    if rec not in record.recommendations:
        return False
    record.recommendations.remove(rec)
    session.flush()
    return True


def states_with(session: Session, model: type) -> list[State]:
    """Return the States that have records of this kind, for the filter of a list."""
    return session.scalars(
        select(State).where(State.id.in_(select(model.state_id).distinct())).order_by(State.name)
    ).all()


# Technical assistance counts as received once it is under way or delivered, or when it was recorded as received;
# anything else (requested, agreed, declined) is assistance the State still needs.
RECEIVED_STATES = ("under_way", "delivered")


def is_received(assistance: TechnicalAssistance) -> bool:
    return assistance.direction == "received" or assistance.status in RECEIVED_STATES


def received_clause():
    """The SQL condition of `is_received`."""
    return or_(
        TechnicalAssistance.direction == "received", TechnicalAssistance.status.in_(RECEIVED_STATES)
    )
