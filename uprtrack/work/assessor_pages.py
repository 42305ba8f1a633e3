"""How the NHRI's and civil society's work page is drawn: one of its three lists, with the recommendations list's
filters and order, and how many recommendations each list holds with those filters."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from uprtrack.extensions import db
from uprtrack.models import Recommendation, Review
from uprtrack.recommendations import choices
from uprtrack.recommendations.filters import Filters
from uprtrack.work import assessor_lists as lists

LIST_TITLES = {
    lists.NOT_ASSESSED: _l("Not assessed yet"),
    lists.STATUS_CHANGED: _l("Government status changed since your assessment"),
    lists.DISAGREE: _l("Your rating and the government's status differ"),
}
LIST_HINTS = {
    lists.NOT_ASSESSED: _l("Published recommendations your organisation has not assessed."),
    lists.STATUS_CHANGED: _l(
        "The government recorded a status after your organisation's latest assessment."
    ),
    lists.DISAGREE: _l(
        "Your latest rating and the government's status stand at different places on one progress "
        "scale. A rating of “Cannot be assessed” never differs."
    ),
}
FILTER_FIELDS = ("q", "state", "cycle", "education", "status", "theme", "group", "sort", "per_page")


def work_page(args):
    """Render the list named by `list` (the first one by default) for the reader's organisation."""
    org_id = current_user.organisation_id
    chosen = args.get("list")
    chosen = chosen if chosen in lists.LISTS else lists.NOT_ASSESSED
    filters = Filters.from_args(args)
    counts = page = latest = None
    if org_id is not None:
        counts = lists.counts(db.session, org_id, filters)
        query = lists.listed(chosen, org_id, filters).options(
            selectinload(Recommendation.review).selectinload(Review.state)
        )
        page = db.paginate(query, page=filters.page, per_page=filters.per_page, error_out=False)
        latest = lists.latest_assessments(db.session, org_id, [r.id for r in page.items])
    form = choices.filter_form(db.session, filters)
    return render_template(
        "work/assessor.html",
        chosen=chosen,
        titles=LIST_TITLES,
        hints=LIST_HINTS,
        counts=counts,
        page=page,
        latest=latest or {},
        filters=filters,
        form=form,
        fields=FILTER_FIELDS,
    )
