"""Fixtures: an app on a database of its own (SQLite, or PostgreSQL when UPRTRACK_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import psycopg
import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import delete, func, insert, literal, select, text
from sqlalchemy.engine import make_url

from uprtrack import create_app
from uprtrack.accounts.users import create_user
from uprtrack.config import PROJECT_ROOT, database_url
from uprtrack.extensions import db
from uprtrack.models import User
from uprtrack.seed import reference as seed

DATA = Path(__file__).parent / "data"
CYCLE4_PATH = DATA / "ohchr" / "upr48-slovenia-thematic-list-of-recommendatio.docx"
SEED = PROJECT_ROOT / "seed"
# Reference tables loaded once per run and never changed by a test; every other table is put back after each test
# as the reference load left it (themes, groups of persons, providers), see DatabaseState.
KEPT_TABLES = {"state", "state_name", "cycle", "upr_session", "sdg", "fund", "alembic_version"}


def pytest_report_header(config):
    return f"uprtrack database: {'PostgreSQL' if os.environ.get('UPRTRACK_TEST_DATABASE_URL') else 'SQLite'}"


@contextmanager
def new_database(folder: Path, prefix: str):
    """A database of its own: a SQLite file in the folder, or a new PostgreSQL database on the server of
    UPRTRACK_TEST_DATABASE_URL, dropped at the end; yields its URL."""
    base = os.environ.get("UPRTRACK_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{folder / f'{prefix}.sqlite'}"
        return
    url = make_url(database_url(base))
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory):
    """Create a database for this run and drop it at the end, so that runs never collide."""
    with new_database(tmp_path_factory.mktemp("db"), "uprtrack_test") as uri:
        yield uri


class IsolatedClient(FlaskClient):
    """Run each request in an app context of its own, as a server does (its own `g` and database session)."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


class DatabaseState:
    """The rows of every table but the kept ones, put back with a few Core statements: much cheaper than loading
    the reference data or importing a Word matrix again."""

    def __init__(self, session):
        self.tables = [t for t in db.metadata.sorted_tables if t.name not in KEPT_TABLES]
        self.rows = {table: self._read(session, table) for table in self.tables}
        self.count = sum(len(rows) for rows in self.rows.values())
        kept = [t for t in db.metadata.sorted_tables if t.name in KEPT_TABLES]
        self.kept_count_query = _count_rows(kept)
        self.kept_count = session.scalar(self.kept_count_query)

    @staticmethod
    def _read(session, table) -> list[dict]:
        return [
            dict(r._mapping) for r in session.execute(select(table).order_by(*table.primary_key))
        ]

    def restore(self, session) -> None:
        """Delete the rows this state does not hold, from the tables that have any; when a row it holds is missing
        or changed, empty the tables and insert every row again (parents first, in the order of their keys).
        Most tests leave the seeded rows alone and write to a few tables: counting every table in one query and
        reading the seeded rows back costs less than a statement per table and writing the rows again."""
        session.rollback()
        counts = session.execute(select(*(_count(t) for t in self.tables))).one()
        for table, count in reversed(list(zip(self.tables, counts, strict=True))):
            held, keys = self.rows[table], list(table.primary_key.columns)
            if count > len(held):
                statement = delete(table)
                if held and len(keys) == 1:
                    statement = statement.where(keys[0].not_in([row[keys[0].name] for row in held]))
                session.execute(statement)
        if any(rows and self._read(session, table) != rows for table, rows in self.rows.items()):
            for table in reversed(self.tables):
                session.execute(delete(table))
            if session.get_bind().dialect.name == "sqlite":  # a row may name one inserted after it
                session.execute(text("PRAGMA defer_foreign_keys = ON"))  # until the commit
            for table in self.tables:
                if self.rows[table]:
                    session.execute(insert(table), self.rows[table])
        session.commit()

    def matches(self, session) -> bool:
        """Whether the tables hold as many rows as this state (one query: a test changed nothing yet)."""
        return session.scalar(_count_rows(self.tables)) == self.count

    def reference_unchanged(self, session) -> bool:
        """Whether the kept reference tables hold as many rows as when the state was taken."""
        return session.scalar(self.kept_count_query) == self.kept_count


def _count(table):
    return select(func.count()).select_from(table).scalar_subquery()


def _count_rows(tables):
    """One query that counts the rows of all these tables."""
    return select(sum((_count(t) for t in tables), literal(0)))


@pytest.fixture(scope="session")
def app(database_uri, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "JOBS_QUEUE": str(tmp_path_factory.mktemp("jobs") / "queue.sqlite3"),
            # Jobs asked for by a request run in it (an upload's check and import); test_jobs runs the worker.
            "JOBS_IMMEDIATE": True,
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        seed.load_reference(db.session, SEED)
        db.session.commit()
        app.extensions["seeded_state"] = DatabaseState(db.session)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections before the database is dropped


@pytest.fixture(scope="session")
def seeded(app) -> DatabaseState:
    """The database as the reference load leaves it, which every test starts from."""
    return app.extensions["seeded_state"]


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Put the database back as the reference load left it, after a test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    seeded = app.extensions["seeded_state"]
    with app.app_context():
        seeded.restore(db.session)
        assert seeded.reference_unchanged(db.session), (
            f"{KEPT_TABLES} are loaded once: leave them be"
        )


@pytest.fixture(scope="session")
def _built_states() -> dict[tuple[str, ...], DatabaseState]:
    return {}


@pytest.fixture
def build_once(ctx, seeded, _built_states):
    """Run build() on the seeded database the first time the session asks for `key`, and keep the rows it leaves;
    give them back with a few inserts the next times (a Word matrix takes about half a second to read and store,
    the demo data set several seconds)."""

    def go(key: tuple[str, ...], build: Callable[[], object]) -> None:
        assert seeded.matches(ctx), "build the data before the test adds rows of its own"
        if key in _built_states:
            _built_states[key].restore(ctx)
            return
        build()
        ctx.commit()
        _built_states[key] = DatabaseState(ctx)

    return go


@pytest.fixture
def import_files(runner, build_once):
    """Import files with `flask import`, in order, into the seeded database (once per session, see build_once)."""

    def go(*paths: Path) -> None:
        def build():
            for path in paths:
                result = runner.invoke(args=["import", str(path)])
                assert result.exit_code == 0, result.output

        build_once(("import", *(str(path) for path in paths)), build)

    return go


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
    def factory(
        email="officer@example.org", role="coordinator", password="correct horse battery", org=None
    ):
        user = create_user(ctx, email, role, password, org)
        ctx.commit()
        return user

    return factory


class Inbox:
    """What a real SMTP server on 127.0.0.1 received: each message parsed (email.message.EmailMessage)."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]


@pytest.fixture
def smtp_server(app):
    """Run aiosmtpd on a free port of 127.0.0.1 and point the app's mail at it for the test."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    before = {name: app.config[name] for name in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield inbox
    app.config.update(before)
    controller.stop()


# --- Browser layer: Debian's Chromium driven by pytest-playwright (never `playwright install`). ---
CHROMIUM = "/usr/bin/chromium"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _closing(app):
    """The app, its responses closed however the request ends.

    Werkzeug's development server closes a response only after it has drained the socket; when the browser has
    already dropped the connection (a page left mid-load), that read raises and a static file stays open, which the
    suite's warnings-as-errors turns into a failure of whichever test runs next. Each response here is iterated by
    a generator whose `finally` closes it, when it ends or when the server drops it.
    """

    def serve(environ, start_response):
        response = app(environ, start_response)
        try:
            yield from response
        finally:
            if hasattr(response, "close"):
                response.close()

    return serve


@pytest.fixture(scope="session")
def live_server(app):
    """Serve the test app on a free port of 127.0.0.1 in a thread; yield its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, _closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page for WCAG 2.2 A and AA; return the violations (page.evaluate passes the CSP)."""
    # A page just loaded or resized may still be laying out: axe measures (target sizes, contrast) after the
    # browser has drawn two frames, so a resize a moment before is not taken for the page's layout.
    page.wait_for_load_state()
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    return result


@pytest.fixture
def sign_in_as(page, live_server):
    """Sign a browser page in with the given e-mail and password."""

    def go(email: str, password: str):
        page.goto(f"{live_server}/sign-in")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        # Wait for the page the sign-in leads to: the next goto must not overtake the POST that sets the session.
        page.wait_for_url(lambda url: "/sign-in" not in url)

    return go


@pytest.fixture
def login(client):
    """Sign the test client in as a user made with make_user."""

    def go(email: str, password: str = "correct horse battery"):
        response = client.post("/sign-in", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return go


def people_login(client, login, make_user, session, people: dict[str, tuple[str, str]]):
    """Sign in as one of `people` (e-mail -> role, organisation), made when first needed, signing out whoever was
    signed in before; for the modules that walk several roles through the same data."""

    def go(email):
        client.post("/sign-out")
        if session.scalar(select(User).where(User.email == email)) is None:
            make_user(email, role=people[email][0], org=people[email][1])
        return login(email)

    return go
