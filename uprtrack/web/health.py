"""`/health`: what a load balancer, a proxy or a monitor asks of each app server. 200 when the database answers, its
schema is the one this code expects (the latest migration) and the file storage can be written (the folder, or the
bucket answers); 503 otherwise, with the reason. It names no record, no setting, no path or bucket and no version
of any library: the server's log has the storage's own answer."""

from __future__ import annotations

from functools import cache

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from uprtrack.core.storage import StorageError, storage
from uprtrack.extensions import db
from uprtrack.web.permissions import PUBLIC, allow

bp = Blueprint("health", __name__)


@cache
def expected_revision(directory: str) -> str | None:
    """The latest migration of the code (read once per process: the code does not change under it)."""
    return ScriptDirectory(directory).get_current_head()


@bp.get("/health")
@allow(PUBLIC)
def health():
    expected = expected_revision(current_app.extensions["migrate"].directory)
    try:
        found = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(
            status="unavailable",
            reason="the database does not answer, or is not set up: run `flask db upgrade`",
        ), 503
    if found != expected:
        return jsonify(
            status="unavailable",
            reason="the database schema is not the one this code expects: run `flask db upgrade`",
            database=found,
            expected=expected,
        ), 503
    try:
        storage().check()
    except StorageError as error:
        current_app.logger.error("health: %s", error)
        return jsonify(
            status="unavailable",
            reason="the file storage cannot be written: see the server's log",
            database=found,
        ), 503
    response = jsonify(status="ok", database=found, storage="ok")
    response.headers["Cache-Control"] = "no-store"
    return response
