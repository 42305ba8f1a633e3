"""The narratives of the State's documents (the mid-term report, the item 10 statement): saved in versions, read as
the latest version of each section, counted in words as Word counts them."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uprtrack.core import audit
from uprtrack.models import Narrative, Review, User

MIDTERM, ITEM10 = "midterm", "item10"  # the documents whose sections hold narratives
MAX_LENGTH = 100_000  # characters in one section: far more than a report's word limit allows

# A word as Word counts it: a run of letters, digits and joining marks; each Chinese, Japanese or Korean character is
# a word of its own (Word's East Asian count).
EAST_ASIAN = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
WORD = re.compile(rf"[{EAST_ASIAN}]|[^\s{EAST_ASIAN}]+")
PUNCTUATION_ONLY = re.compile(r"^[^\w]+$")


def word_count(text: str) -> int:
    """The words of a text: runs of non-space characters, East Asian characters one each, punctuation alone not."""
    return sum(1 for m in WORD.finditer(text or "") if not PUNCTUATION_ONLY.match(m.group()))


def latest(session: Session, review: Review, document: str) -> dict[str, Narrative]:
    """The latest version of each section of the review's document, by section key."""
    newest = (
        select(Narrative.section, func.max(Narrative.version).label("version"))
        .where(Narrative.review_id == review.id, Narrative.document == document)
        .group_by(Narrative.section)
        .subquery()
    )
    rows = session.scalars(
        select(Narrative)
        .join(
            newest,
            (Narrative.section == newest.c.section) & (Narrative.version == newest.c.version),
        )
        .where(Narrative.review_id == review.id, Narrative.document == document)
    )
    return {n.section: n for n in rows}


def versions(session: Session, review: Review, document: str, section: str) -> list[Narrative]:
    """Every saved version of one section, newest first."""
    return list(
        session.scalars(
            select(Narrative)
            .where(
                Narrative.review_id == review.id,
                Narrative.document == document,
                Narrative.section == section,
            )
            .order_by(Narrative.version.desc())
        )
    )


def save(
    session: Session, review: Review, document: str, section: str, text: str, user: User | None
) -> Narrative | None:
    """Save the text as the section's next version; None when it is the same as the latest (nothing to keep)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_LENGTH:
        raise ValueError(f"A section holds at most {MAX_LENGTH:,} characters.")
    found = versions(session, review, document, section)
    if found and found[0].text == text:
        return None
    narrative = Narrative(
        review=review,
        document=document,
        section=section,
        version=(found[0].version + 1) if found else 1,
        text=text,
        author=user,
    )
    session.add(narrative)
    session.flush()
    audit.record(
        session,
        "save-narrative",
        "narrative",
        narrative.id,
        user=user,
        document=document,
        section=section,
        version=narrative.version,
        words=word_count(text),
    )
    return narrative
