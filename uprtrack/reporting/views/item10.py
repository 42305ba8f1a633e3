"""The item 10 report: a summary of one review's implementation and technical assistance for the Human Rights
Council's debate on technical cooperation, as a page and as XLSX, DOCX and PDF files."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from uprtrack.core import visibility
from uprtrack.extensions import db
from uprtrack.reporting.figures import reviewed_states, scope_from_args
from uprtrack.reporting.figures.good_practices import rule
from uprtrack.reporting.formats import REPORT_FORMATS
from uprtrack.reporting.item10 import (
    build_report,
    cell_text,
    key_figures,
    share_tables,
    subtitle,
    summary_lines,
    title,
)
from uprtrack.reporting.views.matrix import download
from uprtrack.web.permissions import PUBLIC, allow

bp = Blueprint("reports", __name__)


def readers_report():
    """The report of the scope the query string names, as the current reader may see it; None when there is none."""
    published_only = visibility.published_only(current_user)
    scope = scope_from_args(db.session, request.args, published_only)
    return (build_report(db.session, scope) if scope else None), published_only


def scope_args_of(report) -> dict:
    return {
        "state": report.state.iso3,
        "cycle": report.cycle.number,
        "education": int(report.scope.education),
    }


@bp.get("/reports/item10")
@allow(PUBLIC)
def item10():
    report, published_only = readers_report()
    states = reviewed_states(db.session, published_only)
    cycles = next((c for s, c in states if report and s.id == report.state.id), [])
    return render_template(
        "reports/item10.html",
        report=report,
        states=states,
        cycles=cycles,
        formats=REPORT_FORMATS,
        title=title(report) if report else None,
        subtitle=subtitle(report) if report else None,
        summary=summary_lines(report) if report else [],
        statement_figures=key_figures(report) if report else [],
        share_tables=share_tables(report) if report else [],
        good_practice_rule=rule(),
        cell_text=cell_text,
        scope_args=scope_args_of(report) if report else {},
    )


@bp.get("/reports/item10.<fmt>")
@allow(PUBLIC)
def item10_file(fmt: str):
    chosen = REPORT_FORMATS.get(fmt) or abort(404)
    report, published_only = readers_report()
    if report is None:
        abort(404)
    report.paper = request.args.get("paper", "a4")
    return download(chosen, report, f"{report.file_stem}.{fmt}", published_only)
