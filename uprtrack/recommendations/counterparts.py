"""Earlier-cycle counterparts: the recommendation of the previous cycle that a new one repeats or follows up.

States receive the same recommendation cycle after cycle, in other words and from other States, so the link is a
person's judgement; uprtrack offers the previous cycle's recommendations of the same State, the most alike first.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.models import Recommendation, Review
from uprtrack.recommendations.filters import paragraph_order

SUGGESTED = 5
_WORD = re.compile(r"\w{4,}")  # short words ("the", "and", "des") say nothing about the subject


def words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def likeness(a: str, b: str) -> float:
    """How alike two texts are: the share of their words they have in common (Jaccard), from 0 to 1."""
    first, second = words(a), words(b)
    return len(first & second) / len(first | second) if first and second else 0.0


def previous_cycle(session: Session, rec: Recommendation) -> list[Recommendation]:
    """The recommendations of the same State's review in the cycle before, in the order of their paragraphs.

    Only a UPR review has a cycle before; another mechanism's record has none.
    """
    if rec.review.cycle is None:
        return []
    return list(
        session.scalars(
            select(Recommendation)
            .join(Review)
            .where(Review.state_id == rec.review.state_id, Review.cycle == rec.review.cycle - 1)
            .order_by(*paragraph_order(), Recommendation.id)
        )
    )


def suggestions(rec: Recommendation, candidates: list[Recommendation]) -> list[Recommendation]:
    """The candidates most alike the recommendation, best first; none that shares almost nothing."""
    scored = sorted(
        ((likeness(rec.text, other.text), other) for other in candidates), key=lambda s: -s[0]
    )
    return [other for score, other in scored[:SUGGESTED] if score >= 0.1]
