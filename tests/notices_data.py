"""Records the notification tests share: a recommendation of Slovenia's fourth cycle and the people around it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from uprtrack.core.vocabulary import Role
from uprtrack.models import Assignment, Recommendation, Review, State

MINISTRY = "Ministry of Education"


def recommendation(ctx, paragraph: str = "140.1", published: bool = True) -> Recommendation:
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    review = ctx.scalar(select(Review).where(Review.state == state, Review.cycle == 4))
    if review is None:
        review = Review(state=state, cycle=4, session=48)
    rec = Recommendation(
        review=review,
        paragraph=paragraph,
        text=f"Ensure inclusive education ({paragraph})",
        text_key=f"inclusive-{paragraph}",
        published=published,
    )
    ctx.add(rec)
    ctx.flush()
    return rec


def assign(ctx, rec: Recommendation, organisation, due: date | None) -> Assignment:
    assignment = Assignment(recommendation=rec, organisation=organisation, due_date=due)
    ctx.add(assignment)
    ctx.flush()
    return assignment


def cast(make_user):
    """A coordinator, two focal points of the ministry, the NHRI and a civil society organisation."""
    return {
        "coordinator": make_user("nmrf@example.org", role=Role.COORDINATOR, org="NMRF"),
        "focal": make_user("focal@example.org", role=Role.FOCAL_POINT, org=MINISTRY),
        "focal2": make_user("focal2@example.org", role=Role.FOCAL_POINT, org=MINISTRY),
        "nhri": make_user("ombudsman@example.org", role=Role.NHRI, org="Human Rights Ombudsman"),
        "cso": make_user("coalition@example.org", role=Role.CSO, org="Education Coalition"),
    }
