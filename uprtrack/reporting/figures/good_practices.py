"""Good practices: what the State can show as done, and others confirm.

A good practice is a fully implemented recommendation with validated evidence the reader may see, whose
implementation the NHRI agrees with: its latest published assessment puts the recommendation where the government's
status does on the progress scale (core/vocabulary/implementation.disagree).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from uprtrack.core.visibility import visible
from uprtrack.core.vocabulary import Moderation, OrganisationKind, Status
from uprtrack.core.vocabulary.implementation import RATING_PROGRESS, disagree
from uprtrack.models import Assessment, Evidence, Organisation, Recommendation, Review
from uprtrack.models.follow_up import evidence_recommendations
from uprtrack.recommendations.filters import paragraph_order
from uprtrack.reporting.figures.scope import Scope, Table, scope_conditions
from uprtrack.reporting.figures.status import excerpt

# The NHRI ratings that agree with "fully implemented" (the progress scale's rule, read once).
AGREEING = tuple(r.value for r in RATING_PROGRESS if not disagree(Status.FULLY_IMPLEMENTED, r))


def rule() -> str:
    """The rule in one sentence, for the page and the files."""
    return _(
        "A good practice is a fully implemented recommendation with validated evidence whose implementation the "
        "national human rights institution confirms in its latest published assessment."
    )


def _validated_evidence(scope: Scope):
    return (
        select(func.count(Evidence.id))
        .join(evidence_recommendations, evidence_recommendations.c.evidence_id == Evidence.id)
        .where(
            evidence_recommendations.c.recommendation_id == Recommendation.id,
            Evidence.is_validated,
            *visible(Evidence, scope.published_only),
        )
        .correlate(Recommendation)
        .scalar_subquery()
    )


def _nhri_agrees():
    """An NHRI's latest published assessment of the recommendation rates it as implemented."""
    later = aliased(Assessment)
    return (
        select(Assessment.id)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .where(
            Assessment.recommendation_id == Recommendation.id,
            Organisation.kind == OrganisationKind.NHRI,
            Assessment.moderation == Moderation.PUBLISHED,
            Assessment.rating.in_(AGREEING),
            ~select(later.id)
            .where(
                later.recommendation_id == Assessment.recommendation_id,
                later.organisation_id == Assessment.organisation_id,
                later.moderation == Moderation.PUBLISHED,
                later.id > Assessment.id,
            )
            .exists(),
        )
        .correlate(Recommendation)
        .exists()
    )


def good_practices(session: Session, scope: Scope, limit: int | None = None) -> Table:
    """List the scope's good practices, those with the most evidence first, then in paragraph order."""
    evidence = _validated_evidence(scope)
    query = (
        select(Recommendation.paragraph, Recommendation.text, evidence)
        .join(Review, Recommendation.review_id == Review.id)
        .where(
            *scope_conditions(scope),
            Recommendation.status == Status.FULLY_IMPLEMENTED,
            evidence > 0,
            _nhri_agrees(),
        )
        .order_by(evidence.desc(), *paragraph_order(), Recommendation.id)
    )
    if limit:
        query = query.limit(limit)
    return Table(
        caption=_("Good practices"),
        header=[_("Paragraph"), _("Recommendation"), _("Validated evidence records")],
        rows=[(p or "-", [excerpt(text), count]) for p, text, count in session.execute(query)],
        keys=["text", "evidence"],
    )
