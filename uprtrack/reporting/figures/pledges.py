"""The State's voluntary pledges of the scope, with their follow-up and the status of what they answer."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from uprtrack.core.visibility import visible
from uprtrack.core.vocabulary import Status
from uprtrack.models import Pledge
from uprtrack.models.follow_up import pledge_recommendations
from uprtrack.reporting.figures.follow_up import paragraphs_by
from uprtrack.reporting.figures.scope import Scope, Table, scope_recommendation_ids


def pledges_in_scope(scope: Scope):
    """The ids of the State's pledges of the cycle or linked to the scope's recommendations the reader may see."""
    linked = select(pledge_recommendations.c.pledge_id).where(
        pledge_recommendations.c.recommendation_id.in_(scope_recommendation_ids(scope))
    )
    return select(Pledge.id).where(
        Pledge.state_id == scope.state_id,
        or_(Pledge.cycle == scope.cycle, Pledge.id.in_(linked)),
        *visible(Pledge, scope.published_only),
    )


def pledges_follow_up(session: Session, scope: Scope) -> Table:
    """List the State's pledges of the cycle or linked to its recommendations, with their follow-up and the status
    of the recommendations they answer."""
    pledges = session.execute(
        select(Pledge.id, Pledge.text, Pledge.follow_up)
        .where(Pledge.id.in_(pledges_in_scope(scope)))
        .order_by(Pledge.made_on.is_(None), Pledge.made_on, Pledge.id)
    ).all()
    statuses = paragraphs_by(
        session,
        scope,
        pledge_recommendations.c.pledge_id,
        pledge_recommendations.c.recommendation_id,
        [p[0] for p in pledges],
    )
    rows = [
        (
            text,
            [
                follow_up or "",
                "; ".join(f"{p}: {Status.label_of(s)}" for p, s in statuses.get(pid, [])),
            ],
        )
        for pid, text, follow_up in pledges
    ]
    return Table(
        caption=_("Voluntary pledges and commitments"),
        header=[_("Pledge"), _("Follow-up"), _("Status of the linked recommendations")],
        rows=rows,
        keys=["follow_up", "recommendations"],
    )
