"""A focal point's work: what is assigned, overdue and changed since the last visit."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user

from uprtrack.core.vocabulary import Role
from uprtrack.extensions import db
from uprtrack.models import Organisation
from uprtrack.voices import operations as voices
from uprtrack.web.permissions import allow
from uprtrack.work import queries as my_work

bp = Blueprint("work", __name__)
PAGE_SIZE = 50
DUE_SOON = timedelta(days=30)


@bp.get("/my-work")
@allow(Role.FOCAL_POINT, Role.COORDINATOR)
def index():
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
    page = overdue = None
    if institution is not None:
        page = db.paginate(
            my_work.assignments(institution.id, today), per_page=PAGE_SIZE, error_out=False
        )
        overdue = my_work.overdue_count(db.session, institution.id, today)
    counts = (
        my_work.institution_counts(db.session, today) if coordinator and institution is None else []
    )
    awaiting = sum(voices.pending_counts(db.session).values()) if coordinator else 0
    # The one write of this GET: the time of the visit, the reader's bookmark for "changed since the last visit".
    # It changes no record, so it is neither audited nor a POST; it is taken after the changes are read, so this
    # visit still lists them and the next visit lists only newer ones. A coordinator looking into one institution
    # has not seen the other institutions' changes, so only the overview moves the bookmark.
    if not (coordinator and institution is not None):
        my_work.mark_seen(current_user)
        db.session.commit()
    return render_template(
        "work/index.html",
        coordinator=coordinator,
        institution=institution,
        page=page,
        overdue=overdue,
        counts=counts,
        awaiting=awaiting,
        changes=changes,
        since=since,
        first_visit=first_visit,
        today=today,
        due_soon=today + DUE_SOON,
        changed={c.rec.id for c in changes},
    )
