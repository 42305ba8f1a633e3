"""Voluntary pledges, technical assistance and implementation evidence."""

from __future__ import annotations

import os

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from uprtrack.core import audit
from uprtrack.core.visibility import sees_unpublished
from uprtrack.extensions import db
from uprtrack.follow_up import access, lists
from uprtrack.follow_up import evidence_files as uploads
from uprtrack.follow_up import operations as follow_up
from uprtrack.follow_up.forms import LABELS, AssistanceForm, EvidenceForm, LinkForm, cycle_options
from uprtrack.follow_up.records import (
    KINDS,
    attach,
    create,
    edit,
    link_form_for,
    links_context,
    recommendation_url,
    show_url,
)
from uprtrack.models import Evidence, Pledge, Recommendation, TechnicalAssistance
from uprtrack.web.languages import state_name
from uprtrack.web.permissions import MANAGERS, PUBLIC, STAFF, allow, can_update

bp = Blueprint("follow_up", __name__)
PAGE_SIZE = 25


@bp.app_context_processor
def follow_up_helpers() -> dict:
    """Give every template what follow_up/_on_recommendation.html needs, whichever view includes it."""

    def follow_up_on(rec: Recommendation) -> dict:
        return lists.on_recommendation(db.session, rec, sees_unpublished(current_user))

    def follow_up_forms(rec: Recommendation) -> dict | None:
        """Fresh forms to attach evidence and record assistance, for those who may update the recommendation."""
        if not (
            current_user.is_authenticated
            and current_user.role in STAFF
            and can_update(current_user, rec)
        ):
            return None
        publishes = access.manages(current_user)
        return {
            "evidence": EvidenceForm(
                prefix="evidence", formdata=None, on_recommendation=True, publishes=publishes
            ),
            "assistance": AssistanceForm(
                prefix="assistance", formdata=None, on_recommendation=True, publishes=publishes
            ),
        }

    return {
        "follow_up_on": follow_up_on,
        "follow_up_forms": follow_up_forms,
        "follow_up_labels": LABELS,
        "follow_up_rec_url": recommendation_url,
    }


def visible_or_404(model: type, record_id: int):
    """Load a record; an unpublished one does not exist for those who may not see it."""
    record = db.get_or_404(model, record_id)
    if not access.may_see(current_user, record):
        abort(404)
    return record


def editable_or_403(model: type, record_id: int):
    record = db.get_or_404(model, record_id)
    if not access.may_edit(db.session, current_user, record):
        abort(403)
    return record


# --- Lists ---------------------------------------------------------------------------------------------------


def _list(model: type):
    kind = KINDS[model]
    staff = sees_unpublished(current_user)
    form = kind.filter(request.args)
    form.state.choices = [
        SelectChoice("", _l("Any")),
        *lists.state_choices(db.session, model, staff),
    ]
    form.cycle.choices = cycle_options(_l("Any"))
    if model is Pledge:
        form.source.choices = [
            SelectChoice("", _l("Any")),
            *lists.source_choices(db.session, staff),
        ]
        form.issue.choices = [SelectChoice("", _l("Any")), *lists.issue_choices(db.session, staff)]
    elif model is TechnicalAssistance:
        form.provider.choices = [
            SelectChoice("", _l("Any")),
            *lists.provider_choices(db.session, staff),
        ]
        form.fund.choices = [SelectChoice("", _l("Any")), *lists.fund_choices(db.session)]
    filters = form.filters()
    page = db.paginate(lists.filtered(model, filters, staff), per_page=PAGE_SIZE, error_out=False)
    counts = lists.linked_counts(db.session, model, [item.id for item in page.items], staff)
    return render_template(
        f"follow_up/{kind.name}_list.html",
        kind=kind,
        form=form,
        page=page,
        counts=counts,
        filtered=bool(filters),
        may_create=access.may_create(current_user, model),
    )


@bp.get("/pledges")
@allow(PUBLIC)
def pledges():
    return _list(Pledge)


@bp.get("/assistance")
@allow(PUBLIC)
def assistance():
    return _list(TechnicalAssistance)


@bp.get("/evidence")
@allow(PUBLIC)
def evidence():
    return _list(Evidence)


# --- Detail pages, with the links to recommendations -----------------------------------------------------------


def _show(model: type, record_id: int, link_form: LinkForm | None = None):
    record = visible_or_404(model, record_id)
    return render_template(
        f"follow_up/{KINDS[model].name}.html",
        kind=KINDS[model],
        record=record,
        may_edit=access.may_edit(db.session, current_user, record),
        manages=access.manages(current_user),
        staff=sees_unpublished(current_user),
        **links_context(record, link_form),
    )


@bp.get("/pledges/<int:pledge_id>")
@allow(PUBLIC)
def show_pledge(pledge_id: int):
    return _show(Pledge, pledge_id)


@bp.get("/assistance/<int:assistance_id>")
@allow(PUBLIC)
def show_assistance(assistance_id: int):
    return _show(TechnicalAssistance, assistance_id)


@bp.get("/evidence/<int:evidence_id>")
@allow(PUBLIC)
def show_evidence(evidence_id: int):
    return _show(Evidence, evidence_id)


def _link(model: type, record_id: int):
    record = editable_or_403(model, record_id)
    kind = KINDS[model]
    form = link_form_for(record, formdata=request.form)
    if form.validate_on_submit():
        paragraphs = follow_up.split_paragraphs(form.paragraphs.data)
        found, missing = follow_up.find_recommendations(
            db.session, record.state_id, form.cycle.data or 0, paragraphs
        )
        recs = found + [form.candidates[rec_id] for rec_id in form.recommendations.data or []]
        refused = [
            rec.paragraph or str(rec.id)
            for rec in recs
            if not access.may_link(db.session, current_user, record, rec)
        ]
        if missing:
            form.paragraphs.errors.append(
                _(
                    "Not found for %(state)s in cycle %(cycle)s: %(paragraphs)s.",
                    state=state_name(record.state),
                    cycle=form.cycle.data,
                    paragraphs=", ".join(missing),
                )
            )
        elif refused:
            form.paragraphs.errors.append(
                _(
                    "Not assigned to your institution: %(paragraphs)s.",
                    paragraphs=", ".join(refused),
                )
            )
        elif not recs:
            form.paragraphs.errors.append(
                _("Give at least one paragraph number or choose a recommendation.")
            )
        else:
            added = follow_up.link(db.session, record, recs)
            for rec in added:
                audit.record(
                    db.session,
                    "link",
                    kind.name,
                    record.id,
                    user=current_user,
                    recommendation=rec.id,
                    paragraph=rec.paragraph,
                    cycle=rec.review.cycle,
                )
            db.session.commit()
            flash(
                ngettext(
                    "%(num)d recommendation linked.", "%(num)d recommendations linked.", len(added)
                )
                if added
                else _("These recommendations were already linked."),
                "success",
            )
            return redirect(show_url(record, _anchor="links"))
    return _show(model, record_id, link_form=form)


def _unlink(model: type, record_id: int, rec_id: int):
    record = db.get_or_404(model, record_id)
    rec = db.get_or_404(Recommendation, rec_id)
    if not access.may_link(db.session, current_user, record, rec):
        abort(403)
    if follow_up.unlink(db.session, record, rec):
        audit.record(
            db.session,
            "unlink",
            KINDS[model].name,
            record.id,
            user=current_user,
            recommendation=rec.id,
            paragraph=rec.paragraph,
            cycle=rec.review.cycle,
        )
        db.session.commit()
        flash(
            _(
                "Recommendation %(paragraph)s is no longer linked.",
                paragraph=rec.paragraph or rec.id,
            ),
            "success",
        )
    return redirect(show_url(record, _anchor="links"))


@bp.post("/pledges/<int:pledge_id>/link")
@allow(*MANAGERS)
def link_pledge(pledge_id: int):
    return _link(Pledge, pledge_id)


@bp.post("/assistance/<int:assistance_id>/link")
@allow(*STAFF)
def link_assistance(assistance_id: int):
    return _link(TechnicalAssistance, assistance_id)


@bp.post("/evidence/<int:evidence_id>/link")
@allow(*STAFF)
def link_evidence(evidence_id: int):
    return _link(Evidence, evidence_id)


@bp.post("/pledges/<int:pledge_id>/unlink/<int:rec_id>")
@allow(*MANAGERS)
def unlink_pledge(pledge_id: int, rec_id: int):
    return _unlink(Pledge, pledge_id, rec_id)


@bp.post("/assistance/<int:assistance_id>/unlink/<int:rec_id>")
@allow(*STAFF)
def unlink_assistance(assistance_id: int, rec_id: int):
    return _unlink(TechnicalAssistance, assistance_id, rec_id)


@bp.post("/evidence/<int:evidence_id>/unlink/<int:rec_id>")
@allow(*STAFF)
def unlink_evidence(evidence_id: int, rec_id: int):
    return _unlink(Evidence, evidence_id, rec_id)


# --- Publication -----------------------------------------------------------------------------------------------


def _publish(model: type, record_id: int, published: bool):
    record = db.get_or_404(model, record_id)
    if follow_up.set_published(db.session, record, published):
        audit.record(
            db.session,
            "publish" if published else "withdraw",
            KINDS[model].name,
            record.id,
            user=current_user,
        )
        db.session.commit()
    flash(
        _("Published: everyone can read it.")
        if published
        else _("Withdrawn: only government users can read it."),
        "success",
    )
    return redirect(show_url(record))


@bp.post("/pledges/<int:pledge_id>/publish")
@allow(*MANAGERS)
def publish_pledge(pledge_id: int):
    return _publish(Pledge, pledge_id, True)


@bp.post("/pledges/<int:pledge_id>/withdraw")
@allow(*MANAGERS)
def withdraw_pledge(pledge_id: int):
    return _publish(Pledge, pledge_id, False)


@bp.post("/assistance/<int:assistance_id>/publish")
@allow(*MANAGERS)
def publish_assistance(assistance_id: int):
    return _publish(TechnicalAssistance, assistance_id, True)


@bp.post("/assistance/<int:assistance_id>/withdraw")
@allow(*MANAGERS)
def withdraw_assistance(assistance_id: int):
    return _publish(TechnicalAssistance, assistance_id, False)


@bp.post("/evidence/<int:evidence_id>/publish")
@allow(*MANAGERS)
def publish_evidence(evidence_id: int):
    return _publish(Evidence, evidence_id, True)


@bp.post("/evidence/<int:evidence_id>/withdraw")
@allow(*MANAGERS)
def withdraw_evidence(evidence_id: int):
    return _publish(Evidence, evidence_id, False)


# --- Create and edit --------------------------------------------------------------------------------------------


@bp.route("/pledges/new", methods=["GET", "POST"])
@allow(*MANAGERS)
def new_pledge():
    return create(Pledge)


@bp.route("/assistance/new", methods=["GET", "POST"])
@allow(*STAFF)
def new_assistance():
    return create(TechnicalAssistance)


@bp.route("/evidence/new", methods=["GET", "POST"])
@allow(*STAFF)
def new_evidence():
    return create(Evidence)


@bp.route("/pledges/<int:pledge_id>/edit", methods=["GET", "POST"])
@allow(*MANAGERS)
def edit_pledge(pledge_id: int):
    return edit(Pledge, editable_or_403(Pledge, pledge_id))


@bp.route("/assistance/<int:assistance_id>/edit", methods=["GET", "POST"])
@allow(*STAFF)
def edit_assistance(assistance_id: int):
    return edit(TechnicalAssistance, editable_or_403(TechnicalAssistance, assistance_id))


@bp.route("/evidence/<int:evidence_id>/edit", methods=["GET", "POST"])
@allow(*STAFF)
def edit_evidence(evidence_id: int):
    return edit(Evidence, editable_or_403(Evidence, evidence_id))


def updatable_or_403(rec_id: int) -> Recommendation:
    """Load a recommendation the person may update: a focal point only those assigned to its institution."""
    rec = db.get_or_404(Recommendation, rec_id)
    if not can_update(current_user, rec):
        abort(403)
    return rec


@bp.post("/recommendations/<int:rec_id>/evidence")
@allow(*STAFF)
def attach_evidence(rec_id: int):
    return attach(Evidence, updatable_or_403(rec_id))


@bp.post("/recommendations/<int:rec_id>/assistance")
@allow(*STAFF)
def attach_assistance(rec_id: int):
    return attach(TechnicalAssistance, updatable_or_403(rec_id))


# --- The evidence file -----------------------------------------------------------------------------------------


@bp.get("/evidence/<int:evidence_id>/file")
@allow(PUBLIC)
def evidence_file(evidence_id: int):
    item = visible_or_404(Evidence, evidence_id)
    if not item.file_key:
        abort(404)
    path = uploads.path_of(current_app.config["UPLOAD_FOLDER"], item.file_key)
    if not os.path.isfile(path):
        abort(404)
    response = send_file(path, mimetype=item.file_type or "application/octet-stream", max_age=0)
    response.headers["Content-Disposition"] = uploads.content_disposition(
        item.file_name or "evidence"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not item.published:
        response.headers["Cache-Control"] = "private, no-store"
    return response
