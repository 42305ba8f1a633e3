"""Fixtures: an app on a database of its own (SQLite, or PostgreSQL when UPRTRACK_TEST_DATABASE_URL is set)."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest
from flask_migrate import upgrade
from sqlalchemy import delete
from sqlalchemy.engine import make_url

from uprtrack import create_app, seed
from uprtrack.accounts import create_user
from uprtrack.config import PROJECT_ROOT, database_url
from uprtrack.extensions import db

DATA = Path(__file__).parent / "data"
SEED = PROJECT_ROOT / "seed"
# Reference tables loaded once per run; every other table is emptied after each test.
KEPT_TABLES = {"state", "state_name", "cycle", "upr_session", "sdg", "fund", "alembic_version"}


def pytest_report_header(config):
    return f"uprtrack database: {'PostgreSQL' if os.environ.get('UPRTRACK_TEST_DATABASE_URL') else 'SQLite'}"


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory):
    """Create a database for this run and drop it at the end, so that runs never collide."""
    base = os.environ.get("UPRTRACK_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'uprtrack.sqlite'}"
        return
    url = make_url(database_url(base))
    name = f"uprtrack_test_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def app(database_uri, tmp_path_factory):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "test",
                      "WTF_CSRF_ENABLED": False, "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads"))})
    with app.app_context():
        upgrade()
        seed.load_reference(db.session, SEED)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections before the database is dropped


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Empty every table but the reference ones after a test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                db.session.execute(delete(table))
        db.session.commit()


@pytest.fixture
def ctx(app):
    """An application context with the session rolled back at the end."""
    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(ctx):
    def factory(email="officer@example.org", role="coordinator", password="correct horse battery", org=None):
        user = create_user(ctx, email, role, password, org)
        ctx.commit()
        return user

    return factory
