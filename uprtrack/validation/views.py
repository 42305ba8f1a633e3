"""Routes of validation: the coordinator's queue and its decisions, and the withdrawal of an entry made in error."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from uprtrack.core.validation import may_withdraw
from uprtrack.extensions import db
from uprtrack.validation import operations, queue
from uprtrack.validation.forms import QueueForm, ReturnForm, WithdrawForm
from uprtrack.web.confirm import confirm_first
from uprtrack.web.permissions import MANAGERS, STAFF, allow
from uprtrack.web.redirects import safe_next

bp = Blueprint("validation", __name__)


def entry_or_404(entry_kind: str, entry_id: int):
    model = operations.ENTRY_KINDS.get(entry_kind)
    if model is None:
        abort(404)
    return db.get_or_404(model, entry_id)


def entry_url(entry) -> str:
    """Where an entry is shown: its recommendation's history or actions, or the evidence's page."""
    kind = operations.kind_name(entry)
    if kind == "evidence":
        return url_for("follow_up.show_evidence", evidence_id=entry.id)
    anchor = "status" if kind == "status" else "actions"
    return url_for("recommendations.show", rec_id=entry.recommendation_id, _anchor=anchor)


def queue_url() -> str:
    return url_for("validation.index")


def flash_validated(count: int) -> None:
    flash(
        ngettext("%(num)d entry validated.", "%(num)d entries validated.", count)
        if count
        else _("Nothing was validated: these entries were decided already."),
        "success" if count else "warning",
    )


@bp.get("/validation")
@allow(*MANAGERS)
def index():
    filters = queue.QueueFilters.from_args(request.args)
    entries = queue.proposed(db.session, filters)
    return render_template(
        "validation/queue.html",
        entries=entries,
        filters=filters,
        batches=queue.batches(entries),
        institutions=queue.institutions(db.session),
        reviews=queue.reviews(db.session),
        token=queue.token,
        kind_name=operations.kind_name,
    )


@bp.post("/validation/validate")
@allow(*MANAGERS)
def validate():
    form = QueueForm()
    back = safe_next(form.next.data, queue_url())
    entries = queue.find(db.session, form.chosen()) if form.validate_on_submit() else []
    if not entries:
        flash(_("Tick at least one entry."), "error")
        return redirect(back)
    count = operations.validate_all(db.session, entries, current_user)
    db.session.commit()
    flash_validated(count)
    return redirect(back)


@bp.post("/validation/return")
@allow(*MANAGERS)
@confirm_first(_l("Return the ticked entries to their authors?"))
def return_ticked():
    form = QueueForm()
    back = safe_next(form.next.data, queue_url())
    entries = queue.find(db.session, form.chosen()) if form.validate_on_submit() else []
    reason = (form.reason.data or "").strip()
    if not entries or not reason:
        flash(
            _("Tick at least one entry.")
            if not entries
            else _("Give the reason for returning them, so that their authors can correct them."),
            "error",
        )
        return redirect(back)
    count = operations.return_all(db.session, entries, current_user, reason)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d entry returned to its author.",
            "%(num)d entries returned to their authors.",
            count,
        ),
        "success",
    )
    return redirect(back)


@bp.post("/validation/batches/<batch>/validate")
@allow(*MANAGERS)
def validate_batch(batch: str):
    count = operations.validate_all(
        db.session, operations.batch_entries(db.session, batch), current_user
    )
    db.session.commit()
    flash_validated(count)
    return redirect(safe_next(request.form.get("next"), queue_url()))


@bp.route("/validation/<entry_kind>/<int:entry_id>/return", methods=["GET", "POST"])
@allow(*MANAGERS)
@confirm_first(_l("Return this entry to its author?"))
def return_one(entry_kind: str, entry_id: int):
    entry = entry_or_404(entry_kind, entry_id)
    if not entry.is_proposed:
        flash(_("This entry was decided already."), "warning")
        return redirect(queue_url())
    form = ReturnForm()
    if form.validate_on_submit():
        operations.return_to_author(db.session, entry, current_user, form.reason.data.strip())
        db.session.commit()
        flash(_("Returned to its author, with your reason."), "success")
        return redirect(queue_url())
    return render_template(
        "validation/reason.html",
        entry=entry,
        form=form,
        kind=entry_kind,
        heading=_("Return this entry to its author"),
        back=queue_url(),
    )


@bp.route("/entries/<entry_kind>/<int:entry_id>/withdraw", methods=["GET", "POST"])
@allow(*STAFF)
@confirm_first(_l("Withdraw this entry? It stays in the history, struck through."))
def withdraw(entry_kind: str, entry_id: int):
    entry = entry_or_404(entry_kind, entry_id)
    if entry.is_withdrawn:
        flash(_("This entry was withdrawn already."), "warning")
        return redirect(entry_url(entry))
    if not may_withdraw(current_user, entry):
        abort(403)
    form = WithdrawForm()
    if form.validate_on_submit():
        operations.withdraw(db.session, entry, current_user, form.reason.data.strip())
        db.session.commit()
        flash(_("Withdrawn. It stays in the history, struck through, with your reason."), "success")
        return redirect(entry_url(entry))
    return render_template(
        "validation/reason.html",
        entry=entry,
        form=form,
        kind=entry_kind,
        heading=_("Withdraw an entry made in error"),
        back=entry_url(entry),
    )


@bp.app_context_processor
def withdrawal_rule() -> dict:
    """The pages that show entries offer a withdrawal to those who may make it."""
    return {"may_withdraw": may_withdraw}
