"""The coordinator's validation queue: the proposed entries, filtered by institution, kind and review."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from uprtrack.core.vocabulary import EntryState
from uprtrack.models import (
    Evidence,
    ImplementationAction,
    Organisation,
    Recommendation,
    Review,
    StatusChange,
    User,
)
from uprtrack.validation.operations import ENTRY_KINDS, Entry

REC_LOADS = (
    selectinload(Recommendation.review).selectinload(Review.state),
    selectinload(Recommendation.actions),
    selectinload(Recommendation.evidence),
)


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@dataclass(frozen=True)
class QueueFilters:
    institution: int | None = None
    kind: str | None = None
    review: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueFilters:
        kind = args.get("kind") or None
        return cls(
            institution=_int(args.get("institution")),
            kind=kind if kind in ENTRY_KINDS else None,
            review=_int(args.get("review")),
        )


def _by_institution(query, model, institution: int | None):
    """An entry's institution is its author's (an action also keeps the one it was recorded for)."""
    if institution is None:
        return query
    authored = model.author_id.in_(select(User.id).where(User.organisation_id == institution))
    if model is ImplementationAction:
        return query.where(or_(authored, ImplementationAction.organisation_id == institution))
    return query.where(authored)


def proposed(session: Session, filters: QueueFilters) -> list[Entry]:
    """The proposed entries the filters select, the oldest first (the first proposed is the first decided)."""
    entries: list[Entry] = []
    for name, model in ENTRY_KINDS.items():
        if filters.kind and filters.kind != name:
            continue
        query = select(model).where(model.entry_state == EntryState.PROPOSED)
        query = _by_institution(query, model, filters.institution)
        author_loads = selectinload(model.author).selectinload(User.organisation)
        if model is Evidence:
            query = query.options(
                author_loads, selectinload(Evidence.recommendations).options(*REC_LOADS)
            )
            if filters.review is not None:
                query = query.where(
                    Evidence.recommendations.any(Recommendation.review_id == filters.review)
                )
        else:
            query = query.join(model.recommendation).options(
                author_loads, selectinload(model.recommendation).options(*REC_LOADS)
            )
            if filters.review is not None:
                query = query.where(Recommendation.review_id == filters.review)
        entries.extend(session.scalars(query))
    return sorted(entries, key=lambda e: (e.created_at, e.id))


def batches(entries: list[Entry]) -> dict[str, int]:
    """The bulk steps among the entries, with how many of their changes await validation."""
    counts: dict[str, int] = {}
    for entry in entries:
        batch = getattr(entry, "batch", None)
        if batch:
            counts[batch] = counts.get(batch, 0) + 1
    return counts


def institutions(session: Session) -> list[Organisation]:
    """The institutions whose people have proposed something, for the filter."""
    ids = set()
    for model in ENTRY_KINDS.values():
        ids.update(
            session.scalars(
                select(User.organisation_id)
                .join(model, model.author_id == User.id)
                .where(model.entry_state == EntryState.PROPOSED, User.organisation_id.is_not(None))
                .distinct()
            )
        )
    if not ids:
        return []
    return list(
        session.scalars(
            select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        )
    )


def reviews(session: Session) -> list[Review]:
    """The reviews with a proposed status change or action, for the filter."""
    ids = set()
    for model in (StatusChange, ImplementationAction):
        ids.update(
            session.scalars(
                select(Recommendation.review_id)
                .join(model, model.recommendation_id == Recommendation.id)
                .where(model.entry_state == EntryState.PROPOSED)
                .distinct()
            )
        )
    if not ids:
        return []
    return list(
        session.scalars(
            select(Review)
            .where(Review.id.in_(ids))
            .options(selectinload(Review.state))
            .order_by(Review.id)
        )
    )


def find(session: Session, tokens: list[str]) -> list[Entry]:
    """The entries that ticked boxes name ("status-12", "action-3", "evidence-5"); unknown ones are ignored."""
    found = []
    for token in dict.fromkeys(tokens):
        name, _, number = token.partition("-")
        model = ENTRY_KINDS.get(name)
        if model is not None and number.isdigit():
            entry = session.get(model, int(number))
            if entry is not None:
                found.append(entry)
    return found


def token(entry: Entry) -> str:
    """What a ticked box sends for the entry."""
    name = next(n for n, model in ENTRY_KINDS.items() if isinstance(entry, model))
    return f"{name}-{entry.id}"
