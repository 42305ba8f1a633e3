"""The public overview: each review's progress at a glance (its recommendations counted by status, drawn as one
stacked bar), linked to the list."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import case, func, select

from uprtrack.core.visibility import visible
from uprtrack.core.vocabulary import Position, Status
from uprtrack.extensions import db
from uprtrack.models import Recommendation, Review, State
from uprtrack.web.permissions import PUBLIC, allow

bp = Blueprint("public", __name__)


def _counted(condition, name: str):
    return func.sum(case((condition, 1), else_=0)).label(name)


@dataclass(frozen=True)
class Segment:
    """One status in a review's bar: how many recommendations, their share, and where the bar's part starts."""

    status: Status
    count: int
    share: float  # percent of the review's recommendations
    start: float  # percent from the bar's left end


def segments(counts: dict[str, int], total: int) -> list[Segment]:
    """The review's bar: each status in the vocabulary's order, from not started to fully implemented."""
    parts, start = [], 0.0
    for status in Status:
        count = counts.get(status.value, 0) or 0
        share = 100.0 * count / total if total else 0.0
        parts.append(Segment(status, count, share, start))
        start += share
    return parts


@bp.get("/")
@allow(PUBLIC)
def index():
    counts = (
        select(
            Review.id,
            func.count(Recommendation.id).label("total"),
            _counted(Recommendation.position == Position.SUPPORTED, "supported"),
            _counted(Recommendation.position == Position.NOTED, "noted"),
            _counted(Recommendation.education.is_(True), "education"),
            *(_counted(Recommendation.status == status, status.value) for status in Status),
        )
        .join(Recommendation, Recommendation.review_id == Review.id)
        # The overview is the public's page: it counts the published recommendations, whoever reads it.
        .where(*visible(Recommendation, published_only=True))
        .group_by(Review.id)
        .subquery()
    )
    rows = db.session.execute(
        select(Review, State, counts)
        .join(State, Review.state_id == State.id)
        .join(counts, counts.c.id == Review.id)
        .where(Review.cycle.is_not(None))  # the overview lists the UPR reviews
        .order_by(State.name, Review.cycle.desc())  # the current cycle first
    ).all()
    reviews = [
        {
            "review": row.Review,
            "state": row.State,
            "total": row.total,
            "supported": row.supported,
            "noted": row.noted,
            "education": row.education,
            "bar": segments(row._mapping, row.total),
        }
        for row in rows
    ]
    return render_template("index.html", reviews=reviews)


@bp.get("/reviews/<int:review_id>")
@allow(PUBLIC)
def review(review_id: int):
    """Send an old link to a review on to the list of its recommendations, which filters the same way."""
    item = db.get_or_404(Review, review_id)
    args = {"state": item.state.iso3, "cycle": item.cycle}
    if item.cycle is None:  # another mechanism's review: its records, whatever the cycle
        args["mechanism"] = item.mechanism.code
    if request.args.get("education") == "0":
        args["education"] = 0
    return redirect(url_for("recommendations.index", **args))
