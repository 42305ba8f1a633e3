"""The public overview: each review with the counts of its recommendations, linked to the list."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import case, func, select

from uprtrack.core.visibility import visible
from uprtrack.core.vocabulary import Position
from uprtrack.extensions import db
from uprtrack.models import Recommendation, Review, State
from uprtrack.web.permissions import PUBLIC, allow

bp = Blueprint("public", __name__)


def _counted(condition, name: str):
    return func.sum(case((condition, 1), else_=0)).label(name)


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
        .order_by(State.name, Review.cycle)
    ).all()
    return render_template("index.html", rows=rows)


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
