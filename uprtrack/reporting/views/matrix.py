"""Download the progress matrix of the recommendations list's current selection, in any export format."""

from __future__ import annotations

from tempfile import SpooledTemporaryFile

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from uprtrack.core.storage import content_disposition
from uprtrack.core.visibility import published_only
from uprtrack.extensions import db
from uprtrack.recommendations.filters import Filters
from uprtrack.reporting.documents.model import paper_from_args
from uprtrack.reporting.formats import FORMATS, THEMATIC_LISTS, Format
from uprtrack.reporting.matrix.export import TooManyRows, file_name, prepare
from uprtrack.web.permissions import PUBLIC, allow

bp = Blueprint("exports", __name__)
IN_MEMORY = 16 * 1024 * 1024  # a larger file goes to a temporary file while it is written


@bp.app_context_processor
def export_formats() -> dict:
    """Give the recommendations list the formats its selection downloads in (the list does not import reporting)."""
    return {"export_formats": FORMATS.values(), "thematic_lists": THEMATIC_LISTS}


def site_urls() -> dict:
    """Links from the file back to the site: each recommendation's page and each evidence file."""
    return {
        "url_for_rec": lambda rec_id: url_for(
            "recommendations.show", rec_id=rec_id, _external=True
        ),
        "url_for_file": lambda item: url_for(
            "follow_up.evidence_file", evidence_id=item.id, _external=True
        ),
    }


@bp.get("/recommendations/export.<fmt>")
@allow(PUBLIC)
def matrix(fmt: str):
    return _send(FORMATS.get(fmt) or abort(404), "uprtrack-matrix")


@bp.get("/recommendations/<any('ohchr-matrix', 'three-voices'):document>.<fmt>")
@allow(PUBLIC)
def thematic_list(document: str, fmt: str):
    """OHCHR's thematic list of the selection with column 4 filled, or its three voices version."""
    return _send(THEMATIC_LISTS.get((document, fmt)) or abort(404), f"uprtrack-{document}")


def _send(chosen: Format, stem: str) -> Response:
    """The list's selection as the reader may see it, in the chosen format and paper; a selection larger than the
    format takes goes back to the list with a message."""
    filters = Filters.from_args(request.args)
    public = published_only(current_user)
    try:
        prepared = prepare(db.session, filters, chosen, published_only=public, **site_urls())
    except TooManyRows as error:
        flash(str(error), "error")
        return redirect(url_for("recommendations.index", **filters.selection_args()))
    prepared.meta.paper = paper_from_args(request.args)
    return download(chosen, prepared, file_name(filters, chosen, stem=stem), public)


def download(fmt: Format, content, name: str, public: bool) -> Response:
    """Send the content written in a format as an attachment: streamed when the format streams, else written to
    memory (up to IN_MEMORY) or to a temporary file that the response sends and closes."""
    if fmt.streams:
        response = Response(stream_with_context(fmt.pieces(content)), mimetype=fmt.mimetype)
    else:
        out = SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115  closed by the response
        fmt.write(content, out)
        # the spooled file moves to disk once it grows past IN_MEMORY
        in_memory = out.tell() <= IN_MEMORY
        out.seek(0)
        if in_memory:
            with out:
                response = Response(out.read(), mimetype=fmt.mimetype)
        else:
            response = send_file(out, mimetype=fmt.mimetype, max_age=0)
    response.headers["Content-Disposition"] = content_disposition(name)
    # What a government user downloads may hold unpublished work: no shared cache may keep it.
    response.headers["Cache-Control"] = "public, max-age=0" if public else "private, no-store"
    return response
