"""The mid-term report's sections, and the data each starts from, read once for one review as the reader may see it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from uprtrack import narratives
from uprtrack.core.visibility import is_visible, visible
from uprtrack.core.vocabulary import OrganisationKind, Position
from uprtrack.core.vocabulary.implementation import disagree
from uprtrack.follow_up.operations import is_received
from uprtrack.models import (
    Assessment,
    Assignment,
    Pledge,
    Recommendation,
    Review,
    State,
    TechnicalAssistance,
)
from uprtrack.recommendations.current_status import latest_validated
from uprtrack.recommendations.filters import Filters
from uprtrack.reporting.matrix.cells import latest_per_organisation
from uprtrack.reporting.matrix.rows import ordered_ids

DOCUMENT = narratives.MIDTERM  # the narratives' document key
WORD_LIMIT = 10_700  # the words a State's mid-term report may hold, its annex aside

# What the report reads of each recommendation of one review (a few hundred, so ORM objects serve).
LOADS = (
    selectinload(Recommendation.review).selectinload(Review.state),
    selectinload(Recommendation.recommending_states),
    selectinload(Recommendation.themes),
    selectinload(Recommendation.groups),
    selectinload(Recommendation.sdgs),
    selectinload(Recommendation.assignments).selectinload(Assignment.organisation),
    selectinload(Recommendation.status_changes),
    selectinload(Recommendation.actions),
    selectinload(Recommendation.pledges),
    selectinload(Recommendation.assistance).selectinload(TechnicalAssistance.provider),
    selectinload(Recommendation.assistance).selectinload(TechnicalAssistance.fund),
    selectinload(Recommendation.evidence),
    selectinload(Recommendation.assessments).selectinload(Assessment.organisation),
)


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # a lazy translation
    narrated: bool = True  # the coordinator writes a narrative for it, counted in the words


SECTIONS = (
    Section("introduction", _l("Introduction")),
    Section("methodology", _l("Methodology and consultation with the NHRI and civil society")),
    Section("progress", _l("Progress by theme")),
    Section("pledges", _l("Voluntary pledges")),
    Section("challenges", _l("Challenges and technical assistance needed")),
    Section("annex", _l("Annex: the progress matrix"), narrated=False),
)
BY_KEY = {s.key: s for s in SECTIONS}
NARRATED = tuple(s for s in SECTIONS if s.narrated)


@dataclass
class Cited:
    """One recommendation as the report cites it."""

    rec: Recommendation
    cluster: str
    symbol: str
    justification: str
    voices: list[Assessment]  # each organisation's latest published assessment
    differing: list[Assessment]  # those whose rating disagrees with the government's status
    evidence: list = field(default_factory=list)  # the key evidence the reader may see

    @property
    def citation(self) -> str:
        number = self.rec.paragraph or f"#{self.rec.id}"
        return f"{number} ({self.symbol})" if self.symbol else number


@dataclass
class Facts:
    """What the report's sections start from."""

    review: Review
    cited: list[Cited]
    pledges: list[Pledge]
    received: list[TechnicalAssistance]
    needed: list[TechnicalAssistance]
    positions: dict[str, int] = field(default_factory=dict)
    internal: bool = False  # an unpublished record is in it

    @property
    def clusters(self) -> list[tuple[str, list[Cited]]]:
        grouped: dict[str, list[Cited]] = {}
        for item in self.cited:
            grouped.setdefault(item.cluster, []).append(item)
        return list(grouped.items())

    @property
    def assessments(self) -> list[Assessment]:
        return [a for c in self.cited for a in c.voices]

    def organisations(self, nhri: bool) -> list[str]:
        names = {
            a.organisation.name
            for a in self.assessments
            if (a.organisation.kind == OrganisationKind.NHRI) == nhri
        }
        return sorted(names, key=str.casefold)


def amounts(items: list[TechnicalAssistance]) -> dict[str, Decimal]:
    """The amounts summed per currency, currencies in alphabetical order."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        if item.amount is not None:
            totals[item.currency or ""] += item.amount
    return dict(sorted(totals.items()))


def upr_reviews(session: Session, published_only: bool) -> list[Review]:
    """The UPR reviews with recommendations the reader may see, by State and newest cycle first."""
    has = (
        select(Recommendation.id)
        .where(Recommendation.review_id == Review.id, *visible(Recommendation, published_only))
        .exists()
    )
    return list(
        session.scalars(
            select(Review)
            .join(Review.state)
            .where(Review.cycle.is_not(None), has)
            .order_by(State.name, Review.cycle.desc())
        )
    )


def gather(session: Session, review: Review, published_only: bool) -> Facts:
    """Read the review's recommendations (in matrix order), its pledges and its assistance."""
    filters = Filters(state=review.state.iso3, cycle=review.cycle, education=False)
    order = [
        (rec_id, cluster)
        for rec_id, cluster, _s, _c in ordered_ids(session, filters, published_only)
    ]
    loaded = {
        r.id: r
        for r in session.scalars(
            select(Recommendation)
            .where(
                Recommendation.id.in_([i for i, _ in order]), Recommendation.review_id == review.id
            )
            .options(*LOADS)
        )
    }
    symbol = review.report_symbol or review.document_symbol or ""
    cited, positions, seen = [], defaultdict(int), []
    for rec_id, cluster in order:
        rec = loaded.get(rec_id)
        if rec is None:
            continue
        last = latest_validated(rec)
        voices = latest_per_organisation(rec.assessments)
        differing = [a for a in voices if disagree(rec.status, a.rating)]
        evidence = [e for e in rec.evidence if is_visible(e, published_only)]
        note = last.note if last else ""
        heading = cluster or str(_l("No theme"))
        cited.append(Cited(rec, heading, symbol, note, voices, differing, evidence))
        positions[rec.position] += 1
        seen += [rec, *evidence]
    pledges = [
        p
        for p in session.scalars(
            select(Pledge)
            .where(Pledge.state_id == review.state_id, Pledge.cycle == review.cycle)
            .order_by(Pledge.made_on, Pledge.id)
        )
        if is_visible(p, published_only)
    ]
    assistance = [
        a
        for a in session.scalars(
            select(TechnicalAssistance)
            .where(
                TechnicalAssistance.state_id == review.state_id,
                TechnicalAssistance.cycle == review.cycle,
            )
            .order_by(TechnicalAssistance.title, TechnicalAssistance.id)
        )
        if is_visible(a, published_only)
    ]
    seen += pledges + assistance
    return Facts(
        review=review,
        cited=cited,
        pledges=pledges,
        received=[a for a in assistance if is_received(a)],
        needed=[a for a in assistance if not is_received(a)],
        positions={code: positions.get(code, 0) for code in Position.codes()},
        internal=any(not is_visible(r, True) for r in seen),
    )
