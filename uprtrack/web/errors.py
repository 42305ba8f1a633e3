"""Error pages: a person sees a plain page, never a stack trace."""

from __future__ import annotations

import math

from flask import Flask, current_app, render_template
from flask_babel import format_decimal, ngettext
from werkzeug.exceptions import HTTPException

from uprtrack.extensions import db


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_template(
            "errors/error.html", error=error, max_size=_max_size(error.code)
        ), error.code

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_template("errors/error.html", error=None), 500


def _max_size(code: int | None) -> str | None:
    """The largest request the app takes, in words, for the page that refuses a larger one."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if code != 413 or not isinstance(limit, int) or limit <= 0:
        return None
    return size_in_words(limit)


def size_in_words(size: int) -> str:
    """Write a size as people read it, rounded down so that it is never more than the limit: 25 MB, 1.5 MB,
    800 KB, 1,000 bytes."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{format_decimal(math.floor(size * 10 / factor) / 10)} {unit}"
    return ngettext("%(size)s byte", "%(size)s bytes", size, size=format_decimal(size))
