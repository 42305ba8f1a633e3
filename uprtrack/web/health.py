"""`/health`: what a load balancer, a proxy or a monitor asks of each app server. 200 when the database answers and
its schema is the one this code expects (the latest migration), 503 otherwise, with the reason; it names no record,
no setting and no version of any library."""

from __future__ import annotations

from functools import cache

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

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
    response = jsonify(status="ok", database=found)
    response.headers["Cache-Control"] = "no-store"
    return response
