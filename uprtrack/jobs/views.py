"""The pages of a user's jobs: ask for a file to be prepared in the background, follow it, download it. A job is
its owner's alone: anyone else is told it does not exist."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired

from uprtrack import jobs
from uprtrack.core.storage import storage
from uprtrack.core.vocabulary import JobKind, JobState
from uprtrack.extensions import db
from uprtrack.jobs.exports import DOCUMENTS, chosen_format, download_name, export_params, file_key
from uprtrack.models import Job
from uprtrack.recommendations.filters import Filters
from uprtrack.reporting.documents.model import paper_from_args
from uprtrack.reporting.formats import FORMATS
from uprtrack.web.choices import SelectField
from uprtrack.web.permissions import SIGNED_IN, allow

bp = Blueprint("jobs", __name__)
LISTED = 50  # the latest jobs a user's page lists


@bp.app_context_processor
def job_words() -> dict:
    return {"job_states": JobState.labels()}


class ExportForm(FlaskForm):
    document = HiddenField(validators=[AnyOf(DOCUMENTS)], default="matrix")
    format = SelectField(validators=[DataRequired()])
    paper = HiddenField(default="a4")


def owned(job_id: str) -> Job:
    """The user's export job (an import's job is followed on its upload's page)."""
    job = db.session.get(Job, job_id)
    if job is None or job.owner_id != current_user.id or job.kind != JobKind.EXPORT:
        abort(404)
    return job


@bp.post("/jobs/export")
@allow(SIGNED_IN)
def export():
    """Prepare the selection's file in the background (the selection comes in the query string, as downloads do)."""
    form = ExportForm()
    form.format.choices = [(name, name) for name in FORMATS]
    filters = Filters.from_args(request.args)
    if not form.validate_on_submit() or chosen_format(form.document.data, form.format.data) is None:
        flash(_("This file cannot be prepared: choose one of the formats offered."), "error")
        return redirect(url_for("recommendations.index", **filters.selection_args()))
    params = export_params(
        filters, form.document.data, form.format.data, paper_from_args(form.data)
    )
    job = jobs.submit(db.session, current_user, JobKind.EXPORT, params, download_name(params))
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.get("/jobs")
@allow(SIGNED_IN)
def index():
    mine = db.session.scalars(
        select(Job)
        .where(Job.owner_id == current_user.id, Job.kind == JobKind.EXPORT)
        .order_by(Job.created_at.desc())
        .limit(LISTED)
    ).all()
    return render_template("jobs/index.html", jobs=mine)


@bp.get("/jobs/<job_id>")
@allow(SIGNED_IN)
def show(job_id: str):
    job = owned(job_id)
    return render_template("jobs/show.html", job=job, waiting=job.waiting)


@bp.get("/jobs/<job_id>/file")
@allow(SIGNED_IN)
def download(job_id: str):
    job = owned(job_id)
    if job.state != JobState.DONE:
        abort(404)
    chosen = chosen_format(job.params["document"], job.params["format"])
    try:
        return storage().send(file_key(job), mimetype=chosen.mimetype, download_name=job.file_name)
    except FileNotFoundError:
        abort(404)
