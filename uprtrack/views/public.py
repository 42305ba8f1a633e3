"""The public overview: reviews and their recommendations."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import case, func, select

from uprtrack.extensions import db
from uprtrack.models import Recommendation, Review, State
from uprtrack.permissions import PUBLIC, allow

bp = Blueprint("public", __name__)
PAGE_SIZE = 50


@bp.get("/")
@allow(PUBLIC)
def index():
    counts = (
        select(
            Review.id,
            func.count(Recommendation.id).label("total"),
            func.sum(case((Recommendation.position == "Supported", 1), else_=0)).label("supported"),
            func.sum(case((Recommendation.position == "Noted", 1), else_=0)).label("noted"),
            func.sum(case((Recommendation.education.is_(True), 1), else_=0)).label("education"),
        )
        .join(Recommendation, Recommendation.review_id == Review.id)
        .where(Recommendation.published.is_(True))
        .group_by(Review.id)
        .subquery()
    )
    rows = db.session.execute(
        select(Review, State, counts)
        .join(State, Review.state_id == State.id)
        .join(counts, counts.c.id == Review.id)
        .order_by(State.name, Review.cycle)
    ).all()
    return render_template("index.html", rows=rows)


@bp.get("/reviews/<int:review_id>")
@allow(PUBLIC)
def review(review_id: int):
    item = db.get_or_404(Review, review_id)
    education_only = request.args.get("education", "1") != "0"
    query = select(Recommendation).where(Recommendation.review_id == item.id, Recommendation.published.is_(True))
    if education_only:
        query = query.where(Recommendation.education.is_(True))
    page = db.paginate(query.order_by(Recommendation.id), per_page=PAGE_SIZE, error_out=False)
    return render_template("review.html", review=item, page=page, education_only=education_only)
