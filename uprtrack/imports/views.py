"""Imports from the browser: upload, preview, confirm."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from uprtrack import jobs
from uprtrack.core.vocabulary import JobKind, JobState
from uprtrack.extensions import db
from uprtrack.imports import uploads as import_uploads
from uprtrack.imports.forms import ImportForm
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.pipeline import ImportFileError
from uprtrack.models import AuditEntry, Cycle, Job, State, UprSession
from uprtrack.web.confirm import confirm_first
from uprtrack.web.errors import size_in_words
from uprtrack.web.permissions import MANAGERS, allow

bp = Blueprint("imports", __name__)
RECENT_IMPORTS = 10
REJECTED_PER_PAGE = 100


@dataclass
class ListPage:
    """One page of a list kept in memory (the rejected rows of a report)."""

    rows: list
    page: int
    per_page: int

    def __post_init__(self):
        self.page = min(max(self.page, 1), self.pages)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def items(self) -> list:
        return self.rows[(self.page - 1) * self.per_page : self.page * self.per_page]

    @property
    def first(self) -> int:
        """The number of the page's first row, counting from 1."""
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        """The number of the page's last row."""
        return (self.page - 1) * self.per_page + len(self.items)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def import_form() -> ImportForm:
    form = ImportForm()
    form.offer_states(
        db.session.execute(select(State.iso3, State.name).order_by(State.name)).tuples()
    )
    form.offer_reviews(
        db.session.execute(
            select(Cycle.number, Cycle.start_year, Cycle.end_year).order_by(Cycle.number)
        ).tuples(),
        db.session.scalars(select(UprSession.number).order_by(UprSession.number)),
    )
    return form


def render_index(form: ImportForm):
    recent = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "import")
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(RECENT_IMPORTS)
    )
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    return render_template(
        "imports/index.html",
        form=form,
        recent=list(recent),
        kinds=ImportKind,
        max_size=size_in_words(limit) if limit else None,
    )


def load(import_key: str) -> import_uploads.ImportUpload:
    """Return the upload, or 404 when it does not exist or belongs to someone else (an admin sees every one)."""
    upload = import_uploads.find(import_key)
    if upload is None or not upload.may_open(current_user):
        abort(404)
    return upload


@bp.get("/import")
@allow(*MANAGERS)
def index():
    return render_index(import_form())


@bp.post("/import")
@allow(*MANAGERS)
def upload():
    form = import_form()
    if not form.validate_on_submit():
        return render_index(form)
    state = form.state.data or None
    try:
        received = import_uploads.receive(
            db.session,
            form.file.data,
            kind=form.kind.data,
            state=state,
            state_name=form.state_name(),
            user=current_user,
            force=form.force.data,
            review=form.review(),
        )
    except ImportFileError as error:
        form.file.errors.append(str(error))
        return render_index(form)
    _submit(received, JobKind.CHECK_IMPORT, "job")
    return redirect(url_for(".preview", import_key=received.key))


def _submit(upload: import_uploads.ImportUpload, kind: JobKind, field: str) -> Job:
    """Have the worker check or import the upload; the sidecar names the job before it can run."""
    job_id = jobs.new_id()
    upload.meta["job"] = upload.meta[field] = job_id
    upload.write()
    return jobs.submit(
        db.session, current_user, kind, {"upload": upload.key}, upload.meta["original_name"], job_id
    )


@bp.get("/import/<import_key>")
@allow(*MANAGERS)
def preview(import_key: str):
    """The upload's page: its check or import under way, the check's preview, or the import's report."""
    upload = load(import_key)
    job = db.session.get(Job, upload.meta["job"]) if upload.meta.get("job") else None
    report = upload.meta.get("report")
    if report is None or (job is not None and job.waiting):
        return render_template("imports/working.html", upload=upload, job=job, kinds=ImportKind)
    rejected = ListPage(
        report["rejected"], request.args.get("page", 1, type=int), REJECTED_PER_PAGE
    )
    return render_template(
        "imports/report.html",
        upload=upload,
        report=report,
        rejected=rejected,
        kinds=ImportKind,
        failed=job if job is not None and job.state == JobState.FAILED else None,
    )


@bp.post("/import/<import_key>/confirm")
@allow(*MANAGERS)
def confirm(import_key: str):
    upload = load(import_key)
    if "report" not in upload.meta:
        flash(_("This file is still being checked: import it once its preview is shown."), "info")
        return redirect(url_for(".preview", import_key=import_key))
    try:
        with import_uploads.claim(upload):
            job = _submit(upload, JobKind.IMPORT, "importing")
    except import_uploads.UploadClaimed:
        flash(_("This file is being imported or has already been imported."), "info")
    else:
        db.session.refresh(job)
        if job.state == JobState.DONE:  # a worker already done with it, or jobs run in the request
            flash(_("%(name)s is imported.", name=upload.meta["original_name"]), "success")
    return redirect(url_for(".preview", import_key=import_key))


def _cancel_question(import_key: str) -> str:
    return _(
        "Cancel the import of %(file)s? The uploaded file is deleted and nothing is imported.",
        file=load(import_key).meta["original_name"],
    )


@bp.post("/import/<import_key>/cancel")
@allow(*MANAGERS)
@confirm_first(_cancel_question, button=lambda **_ids: _("Yes, cancel the import"))
def cancel(import_key: str):
    upload = load(import_key)
    try:
        with import_uploads.claim(upload):
            import_uploads.cancel(db.session, upload, current_user)
    except import_uploads.UploadClaimed:
        flash(
            _(
                "This file is being imported or has already been imported, so it cannot be cancelled."
            ),
            "error",
        )
        return redirect(url_for(".preview", import_key=import_key))
    db.session.commit()
    flash(
        _(
            "The import of %(name)s is cancelled and the file is deleted.",
            name=upload.meta["original_name"],
        ),
        "info",
    )
    return redirect(url_for(".index"))
