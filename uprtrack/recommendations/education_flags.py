"""Derive again the education flag of every stored recommendation, after the education rule has changed.

The flag is derived when a recommendation is imported or edited (`Recommendation.refresh_education`); a
database filled under an earlier rule keeps that rule's flags until its files are imported again. This reads
every recommendation once, in chunks, and derives its flag with the current rule; a flag set by hand still wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from uprtrack.core import audit
from uprtrack.models import Recommendation

CHUNK = 500


@dataclass
class Refreshed:
    checked: int = 0
    now_education: list[int] = field(default_factory=list)  # ids whose flag became True
    no_longer: list[int] = field(default_factory=list)  # ids whose flag became False


def refresh_all(session: Session) -> Refreshed:
    """Derive the flag of every recommendation with the current rule, audit what changed, and flush."""
    result = Refreshed()
    last = 0
    while True:
        chunk = session.scalars(
            select(Recommendation)
            .where(Recommendation.id > last)
            .order_by(Recommendation.id)
            .limit(CHUNK)
            .options(
                selectinload(Recommendation.themes),
                selectinload(Recommendation.sdgs),
                selectinload(Recommendation.issues),
            )
        ).all()
        if not chunk:
            break
        for rec in chunk:
            before = rec.education
            rec.refresh_education()
            if rec.education != before:
                (result.now_education if rec.education else result.no_longer).append(rec.id)
        result.checked += len(chunk)
        last = chunk[-1].id
        session.flush()
    audit.record(
        session,
        "refresh-education",
        "recommendation",
        checked=result.checked,
        now_education=result.now_education,
        no_longer=result.no_longer,
    )
    session.flush()
    return result
