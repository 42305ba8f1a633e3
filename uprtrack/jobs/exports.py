"""The export job: the progress matrix (or OHCHR's thematic list) of a selection, written by the worker to a file in
the app's storage, as the list page's download would write it for the job's owner."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from sqlalchemy.orm import Session

from uprtrack.core.storage import storage
from uprtrack.core.visibility import published_only
from uprtrack.models import Job
from uprtrack.recommendations.filters import Filters
from uprtrack.reporting.formats import FORMATS, THEMATIC_LISTS, Format
from uprtrack.reporting.matrix.export import TooManyRows, file_name, prepare
from uprtrack.reporting.views.matrix import site_urls

MATRIX = "matrix"
DOCUMENTS = (MATRIX, "ohchr-matrix", "three-voices")
FOLDER = "jobs"  # in the app's storage: shared by every server, and in every backup


class JobError(Exception):
    """A job that cannot be done; its message, in the owner's language, says why."""


def chosen_format(document: str, fmt: str) -> Format | None:
    if document == MATRIX:
        return FORMATS.get(fmt)
    return THEMATIC_LISTS.get((document, fmt))


def export_params(filters: Filters, document: str, fmt: str, paper: str) -> dict:
    """What an export job keeps of the request: the selection, the document, its format and paper."""
    args = {name: str(value) for name, value in filters.selection_args().items()}
    return {"args": args, "document": document, "format": fmt, "paper": paper}


def file_key(job: Job) -> str:
    """The key of the job's file in the app's storage."""
    return f"{FOLDER}/{job.id}.{job.params['format']}"


def download_name(params: dict) -> str:
    """The name the file is downloaded under: what it holds and the day it was asked for."""
    chosen = chosen_format(params["document"], params["format"])
    # "uprtrack-matrix", "uprtrack-ohchr-matrix": the stems the list's downloads give the same documents
    return file_name(
        Filters.from_args(params["args"]), chosen, stem=f"uprtrack-{params['document']}"
    )


def run_export(session: Session, job: Job, progress: Callable[[int, int | None], None]) -> None:
    """Write the job's file."""
    params = job.params
    chosen = chosen_format(params["document"], params["format"])
    if chosen is None:
        raise JobError(f"No such export: {params['document']} as {params['format']}.")
    filters = Filters.from_args(params["args"])
    # The owner sees what the owner may see now (a role may have changed since the job was asked for).
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        try:
            matrix = prepare(
                session, filters, chosen, published_only=published_only(job.owner), **site_urls()
            )
        except TooManyRows as error:
            raise JobError(str(error)) from None
        matrix.meta.paper = params.get("paper", "a4")
        progress(0, matrix.meta.rows)
        matrix.progress = lambda done: progress(done, matrix.meta.rows)
        with storage().writing(file_key(job)) as path, path.open("wb") as out:
            chosen.write(matrix, out)
