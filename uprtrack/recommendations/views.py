"""The recommendations list, a recommendation's page, its status, actions, assignment, editing and publication."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from uprtrack.core.locking import EditConflict, StaleDataError, pin_version
from uprtrack.core.visibility import is_visible, published_only
from uprtrack.core.vocabulary import EntryState, Role, Status
from uprtrack.extensions import db
from uprtrack.models import Organisation, Recommendation
from uprtrack.recommendations import counterparts, operations, pages
from uprtrack.recommendations.forms import OVERRIDE_KEYS, OVERRIDES, ActionForm, EditForm
from uprtrack.web.confirm import confirm_first
from uprtrack.web.flashes import flash_publication
from uprtrack.web.languages import recommendation_name
from uprtrack.web.permissions import MANAGERS, PUBLIC, allow, can_update, manages

bp = Blueprint("recommendations", __name__)
UPDATERS = (Role.FOCAL_POINT, Role.COORDINATOR, Role.ADMIN)


@bp.context_processor
def page_context() -> dict:
    return {"today": date.today(), "manages": manages(current_user)}


def visible(rec_id: int, *options) -> Recommendation:
    """Load a recommendation; an unpublished one does not exist for those who may not see it."""
    rec = db.get_or_404(Recommendation, rec_id, options=list(options))
    if not is_visible(rec, published_only(current_user)):
        abort(404)
    return rec


def updatable(rec_id: int, *options) -> Recommendation:
    rec = visible(rec_id, *options)
    if not can_update(current_user, rec):
        abort(403)
    return rec


def show_url(rec: Recommendation, anchor: str | None = None) -> str:
    return url_for("recommendations.show", rec_id=rec.id, _anchor=anchor)


# --- The list --------------------------------------------------------------------------------------------------


@bp.get("/recommendations")
@allow(PUBLIC)
def index():
    return pages.list_page(request.args)


# --- A recommendation's page -----------------------------------------------------------------------------------


@bp.get("/recommendations/<int:rec_id>")
@allow(PUBLIC)
def show(rec_id: int):
    return pages.show_page(visible(rec_id, *pages.PAGE_LOADS))


# --- Status and actions: the responsible institution or the national mechanism --------------------------------


@bp.route("/recommendations/<int:rec_id>/status", methods=["GET", "POST"])
@allow(*UPDATERS)
def update_status(rec_id: int):
    rec = updatable(rec_id)
    form = pages.new_status_form(rec, bound=request.method == "POST")
    if form.validate_on_submit():
        try:
            pin_version(rec, form.version.data)
            change = operations.change_status(
                db.session,
                rec,
                form.status.data,
                form.changed_on.data,
                form.note.data.strip(),
                current_user,
            )
            db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            rec = updatable(rec_id)
            rows = pages.status_conflict_rows(form, rec)
            # Saving again now adds this status after the other, knowingly.
            form.version.data = rec.version
            form.current_date, form.current_status = rec.status_date, rec.status
            return pages.update_page(rec, status_form=form, conflict_rows=rows), 409
        if change.entry_state == EntryState.PROPOSED:
            flash(
                _(
                    "Proposed: %(status)s. It becomes the status, and public, once the national "
                    "mechanism validates it.",
                    status=Status.label_of(change.status),
                ),
                "success",
            )
        else:
            flash(_("Status saved: %(status)s.", status=Status.label_of(rec.status)), "success")
        return redirect(show_url(rec, "status"))
    return pages.update_page(rec, status_form=form)


@bp.post("/recommendations/<int:rec_id>/actions")
@allow(*UPDATERS)
def add_action(rec_id: int):
    rec = updatable(rec_id)
    form = ActionForm(prefix="action")
    if form.validate_on_submit():
        action = operations.record_action(
            db.session, rec, form.taken_on.data, form.description.data.strip(), current_user
        )
        db.session.commit()
        flash(
            _("Action proposed: it is public once the national mechanism validates it.")
            if action.entry_state == EntryState.PROPOSED
            else _("Action recorded."),
            "success",
        )
        return redirect(show_url(rec, "actions"))
    return pages.update_page(rec, action_form=form)


# --- The national mechanism: responsible institutions, content, publication ------------------------------------


@bp.post("/recommendations/<int:rec_id>/assignments")
@allow(*MANAGERS)
def add_assignment(rec_id: int):
    rec = visible(rec_id)
    form = pages.new_assignment_form()
    if form.validate_on_submit():
        org = db.session.get(Organisation, form.organisation.data)
        operations.assign(db.session, rec, org, form.due_date.data, current_user)
        db.session.commit()
        flash(_("%(org)s is responsible for this recommendation.", org=org.name), "success")
        return redirect(show_url(rec, "institutions"))
    return pages.show_page(visible(rec_id, *pages.PAGE_LOADS), assignment_form=form)


def _unassign_question(rec_id: int, org_id: int) -> str:
    rec, org = visible(rec_id), db.get_or_404(Organisation, org_id)
    return _(
        "Remove %(org)s from %(recommendation)s? It will no longer be responsible for it.",
        org=org.name,
        recommendation=recommendation_name(rec),
    )


@bp.post("/recommendations/<int:rec_id>/assignments/<int:org_id>/delete")
@allow(*MANAGERS)
@confirm_first(_unassign_question, button=lambda **_ids: _("Yes, remove"))
def remove_assignment(rec_id: int, org_id: int):
    rec = visible(rec_id)
    org = db.get_or_404(Organisation, org_id)
    if operations.unassign(db.session, rec, org, current_user) is None:
        abort(404)
    db.session.commit()
    flash(_("%(org)s is no longer responsible for this recommendation.", org=org.name), "success")
    return redirect(show_url(rec, "institutions"))


@bp.route("/recommendations/<int:rec_id>/edit", methods=["GET", "POST"])
@allow(*MANAGERS)
def edit(rec_id: int):
    rec = visible(rec_id, *pages.PAGE_LOADS)
    form = EditForm(
        data=None
        if request.method == "POST"
        else {
            "text": rec.text,
            "position": rec.position,
            "education": OVERRIDE_KEYS[rec.education_override],
            "previous": rec.previous_id or "",
            "version": rec.version,
        }
    )
    candidates = counterparts.previous_cycle(db.session, rec)
    form.offer_previous(counterparts.suggestions(rec, candidates), candidates)
    if form.validate_on_submit():
        try:
            pin_version(rec, form.version.data)
            changes = operations.edit(
                db.session,
                rec,
                current_user,
                text=form.text.data.strip(),
                position=form.position.data,
                education_override=OVERRIDES[form.education.data],
                previous_id=form.previous.data or None,
            )
            db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            rec = visible(rec_id, *pages.PAGE_LOADS)
            rows = pages.edit_conflict_rows(form, rec)
            form.version.data = rec.version  # saving again now overwrites, knowingly
            return render_template(
                "recommendations/edit.html", rec=rec, form=form, conflict_rows=rows
            ), 409
        flash(_("Recommendation saved.") if changes else _("Nothing changed."), "success")
        return redirect(show_url(rec))
    return render_template("recommendations/edit.html", rec=rec, form=form)


def set_published(rec_id: int, published: bool):
    rec = visible(rec_id)
    operations.set_published(db.session, rec, published, current_user)
    db.session.commit()
    flash_publication(published)
    return redirect(show_url(rec))


@bp.post("/recommendations/<int:rec_id>/publish")
@allow(*MANAGERS)
def publish(rec_id: int):
    return set_published(rec_id, True)


def _withdraw_question(rec_id: int) -> str:
    return _(
        "Withdraw %(recommendation)s from public view?",
        recommendation=recommendation_name(visible(rec_id)),
    )


@bp.post("/recommendations/<int:rec_id>/withdraw")
@allow(*MANAGERS)
@confirm_first(_withdraw_question, button=lambda **_ids: _("Yes, withdraw"))
def withdraw(rec_id: int):
    return set_published(rec_id, False)
