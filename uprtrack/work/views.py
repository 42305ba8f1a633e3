"""The work pages: a focal point's assignments and what changed, the coordinator's overview of the institutions,
and the NHRI's and civil society's lists of what to assess."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from uprtrack.core.vocabulary import VOICE_ROLES, Role
from uprtrack.extensions import db
from uprtrack.models import Organisation
from uprtrack.recommendations import choices
from uprtrack.voices import operations as voices
from uprtrack.web.permissions import allow
from uprtrack.web.redirects import safe_next
from uprtrack.work import assessor_pages
from uprtrack.work import queries as my_work
from uprtrack.work.filters import DUE_SOON, WorkFilters
from uprtrack.work.forms import SORT_LABELS, MarkReadForm, WorkFilterForm

bp = Blueprint("work", __name__)
PAGE_SIZE = 50


@bp.get("/my-work")
@allow(Role.FOCAL_POINT, Role.COORDINATOR, *VOICE_ROLES)
def index():
    if current_user.role in VOICE_ROLES:
        return assessor_pages.work_page(request.args)
    today = date.today()
    coordinator = current_user.role == Role.COORDINATOR
    # A coordinator may open any institution's list; a focal point sees only its own institution's.
    institution = current_user.organisation
    if coordinator:
        chosen = request.args.get("institution", type=int)
        institution = db.get_or_404(Organisation, chosen) if chosen else None
    since = my_work.since(current_user)
    first_visit = current_user.work_seen_at is None
    changes = my_work.changes_since(
        db.session, since, current_user, org_id=institution.id if institution else None
    )
    filters = WorkFilters.from_args(request.args)
    page = overdue = None
    if institution is not None:
        page = db.paginate(
            my_work.assignments(institution.id, today, filters),
            page=filters.page,
            per_page=PAGE_SIZE,
            error_out=False,
        )
        overdue = my_work.overdue_count(db.session, institution.id, today)
    counts = (
        my_work.institution_counts(db.session, today) if coordinator and institution is None else []
    )
    awaiting = sum(voices.pending_counts(db.session).values()) if coordinator else 0
    # Opening the page changes nothing: "changed since" stays until the reader presses "Mark as read".
    return render_template(
        "work/index.html",
        coordinator=coordinator,
        institution=institution,
        page=page,
        filters=filters,
        sort_labels=SORT_LABELS,
        filter_form=WorkFilterForm.showing(filters, choices.filter_choices(db.session)["theme"]),
        overdue=overdue,
        counts=counts,
        awaiting=awaiting,
        changes=changes,
        since=since,
        first_visit=first_visit,
        read_form=MarkReadForm(formdata=None, data={"next": request.full_path}),
        today=today,
        due_soon=today + DUE_SOON,
        changed={c.rec.id for c in changes},
    )


@bp.post("/my-work/read")
@allow(Role.FOCAL_POINT, Role.COORDINATOR)
def mark_read():
    form = MarkReadForm()
    back = safe_next(form.next.data, url_for("work.index"))
    if form.validate_on_submit():
        my_work.mark_read(db.session, current_user)
        db.session.commit()
        flash(_("Marked as read: the page now lists only what changes from now on."), "success")
    return redirect(back)
