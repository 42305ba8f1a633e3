"""The mid-term report's pages: choose a review, the builder, one section's editor, and the DOCX and PDF files."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from uprtrack import narratives
from uprtrack.core import visibility
from uprtrack.extensions import db
from uprtrack.midterm import builder
from uprtrack.midterm.forms import NarrativeForm
from uprtrack.midterm.sections import BY_KEY, DOCUMENT, WORD_LIMIT, gather, upr_reviews
from uprtrack.models import Review
from uprtrack.reporting.documents.model import PAPERS
from uprtrack.reporting.documents.typeset import write_pdf
from uprtrack.reporting.documents.word import write_docx
from uprtrack.reporting.formats import REPORT_FORMATS
from uprtrack.reporting.views.matrix import download
from uprtrack.web.permissions import MANAGERS, STAFF, allow, manages

bp = Blueprint("midterm", __name__)
WRITERS = {"docx": write_docx, "pdf": write_pdf}


def _review(review_id: int) -> Review:
    review = db.get_or_404(Review, review_id)
    if review.cycle is None:
        abort(404)
    return review


def _facts(review: Review):
    return gather(db.session, review, visibility.published_only(current_user))


@bp.get("/midterm")
@allow(*STAFF)
def choose():
    reviews = upr_reviews(db.session, visibility.published_only(current_user))
    wanted = request.args.get("review", type=int)
    if wanted and any(r.id == wanted for r in reviews):
        return redirect(url_for("midterm.build", review_id=wanted))
    return render_template("midterm/choose.html", reviews=reviews)


@bp.get("/midterm/<int:review_id>")
@allow(*STAFF)
def build(review_id: int):
    review = _review(review_id)
    facts = _facts(review)
    latest = narratives.latest(db.session, review, DOCUMENT)
    words = builder.words(facts, latest)
    return render_template(
        "midterm/build.html",
        review=review,
        facts=facts,
        title=builder.title(facts),
        sections=builder.section_blocks(facts, latest),
        latest=latest,
        words=words,
        limit=WORD_LIMIT,
        may_edit=manages(current_user),
        formats=[f for f in REPORT_FORMATS.values() if f.name in WRITERS],
    )


@bp.route("/midterm/<int:review_id>/<section>", methods=["GET", "POST"])
@allow(*MANAGERS)
def edit(review_id: int, section: str):
    review = _review(review_id)
    chosen = BY_KEY.get(section)
    if chosen is None or not chosen.narrated:
        abort(404)
    latest = narratives.latest(db.session, review, DOCUMENT)
    form = NarrativeForm()
    if form.validate_on_submit():
        saved = narratives.save(db.session, review, DOCUMENT, section, form.text.data, current_user)
        db.session.commit()
        if saved:
            flash(_("Saved as version %(version)d.", version=saved.version), "success")
        else:
            flash(_("Nothing changed: the text is the same as the latest version."), "info")
        return redirect(url_for("midterm.edit", review_id=review.id, section=section))
    if request.method == "GET" and section in latest:
        form.text.data = latest[section].text
    facts = _facts(review)
    return render_template(
        "midterm/edit.html",
        review=review,
        section=chosen,
        form=form,
        generated=builder.GENERATED[section](facts),
        versions=narratives.versions(db.session, review, DOCUMENT, section),
        others=builder.words(facts, latest, leave_out=section),
        words=builder.words(facts, latest),
        limit=WORD_LIMIT,
        title=builder.title(facts),
    ), (400 if form.errors else 200)


@bp.get("/midterm/<int:review_id>.<fmt>")
@allow(*STAFF)
def download_file(review_id: int, fmt: str):
    chosen = REPORT_FORMATS.get(fmt) if fmt in WRITERS else None
    if chosen is None:
        abort(404)
    review = _review(review_id)
    facts = _facts(review)
    paper = request.args.get("paper", "a4")
    document = builder.build_document(
        facts,
        narratives.latest(db.session, review, DOCUMENT),
        language=str(get_locale() or "en"),
        paper=paper if paper in PAPERS else "a4",
    )
    out = BytesIO()
    WRITERS[fmt](document, out)
    stem = f"midterm-{review.state.iso3}-cycle{review.cycle}"
    return download(_Bytes(chosen.mimetype, out.getvalue()), None, f"{stem}.{fmt}", False)


class _Bytes:
    """A format that sends bytes already written (the documents engine wrote them)."""

    streams = False

    def __init__(self, mimetype: str, data: bytes):
        self.mimetype, self.data = mimetype, data

    def write(self, _content, out) -> None:
        out.write(self.data)
