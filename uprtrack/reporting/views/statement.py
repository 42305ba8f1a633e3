"""The draft statement to the item 10 debate: shown to every reader, edited and saved by the national mechanism,
and downloaded as DOCX or PDF."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from uprtrack import narratives
from uprtrack.extensions import db
from uprtrack.reporting import statement
from uprtrack.reporting.formats import REPORT_FORMATS
from uprtrack.reporting.item10 import key_figures
from uprtrack.reporting.item10_document import statement_document
from uprtrack.reporting.views.item10 import readers_report, scope_args_of
from uprtrack.reporting.views.matrix import download
from uprtrack.web.permissions import MANAGERS, PUBLIC, allow

bp = Blueprint("statement", __name__)


class StatementForm(FlaskForm):
    text = TextAreaField(
        _l("Statement"), validators=[DataRequired(), Length(max=narratives.MAX_LENGTH)]
    )


def _may_edit() -> bool:
    return current_user.is_authenticated and current_user.role in MANAGERS


def _loaded():
    report, published_only = readers_report()
    if report is None:
        abort(404)
    return report, published_only


@bp.get("/reports/item10/statement")
@allow(PUBLIC)
def item10_statement():
    report, _published_only = _loaded()
    text, saved = statement.current_text(db.session, report)
    form = StatementForm(text=text) if _may_edit() else None
    return _page(report, text, saved, form)


def _page(report, text, saved, form, status=200):
    review = statement.review_of(db.session, report)
    history = (
        narratives.versions(db.session, review, statement.DOCUMENT, statement.SECTION)
        if review and _may_edit()
        else []
    )
    return (
        render_template(
            "reports/item10_statement.html",
            report=report,
            text=text,
            paragraphs=[p for p in text.split("\n\n") if p.strip()],
            saved=saved,
            form=form,
            words=narratives.word_count(text),
            minutes=statement.spoken_minutes(text),
            figures=key_figures(report),
            history=history,
            scope_args=scope_args_of(report),
        ),
        status,
    )


@bp.post("/reports/item10/statement")
@allow(*MANAGERS)
def item10_statement_save():
    report, _published_only = _loaded()
    review = statement.review_of(db.session, report) or abort(404)
    form = StatementForm()
    if not form.validate_on_submit():
        text, saved = statement.current_text(db.session, report)
        return _page(report, form.text.data or text, saved, form, status=400)
    saved = narratives.save(
        db.session, review, statement.DOCUMENT, statement.SECTION, form.text.data, current_user
    )
    db.session.commit()
    flash(
        _("The statement is saved.") if saved else _("Nothing changed: the statement is as saved.")
    )
    return redirect(url_for("statement.item10_statement", **scope_args_of(report)))


@bp.get("/reports/item10/statement.<fmt>")
@allow(PUBLIC)
def item10_statement_file(fmt: str):
    if fmt not in ("docx", "pdf"):
        abort(404)
    report, published_only = _loaded()
    report.paper = request.args.get("paper", "a4")
    text, _saved = statement.current_text(db.session, report)
    chosen = REPORT_FORMATS[fmt]
    return download(
        _StatementFormat(chosen, text),
        report,
        f"{report.file_stem}-statement.{fmt}",
        published_only,
    )


class _StatementFormat:
    """A report format that writes the statement's document instead of the report's."""

    def __init__(self, fmt, text: str):
        self.mimetype, self.streams, self.text, self.name = fmt.mimetype, False, text, fmt.name

    def write(self, report, out) -> None:
        document = statement_document(report, self.text)
        if self.name == "docx":
            from uprtrack.reporting.documents.word import write_docx

            write_docx(document, out)
        else:
            from uprtrack.reporting.documents.typeset import write_pdf

            write_pdf(document, out)
