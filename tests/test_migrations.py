"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import re

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import CheckConstraint, inspect, text

from uprtrack import create_app
from uprtrack.config import PROJECT_ROOT
from uprtrack.extensions import db
from uprtrack.recommendations.search import is_search_object


def test_one_head():
    script = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    assert len(script.get_heads()) == 1


def test_upgraded_database_matches_the_models(ctx):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _not_search}
        )
        assert compare_metadata(context, db.metadata) == []


def _not_search(obj, name, type_, reflected, compare_to):
    """The full-text search's own tables and index are not in the models (uprtrack/recommendations/search.py)."""
    return not (reflected and compare_to is None and is_search_object(name))


QUOTED = re.compile(r"'((?:[^']|'')*)'")
COLUMN = re.compile(r'^[\s(]*(?:"?\w+"?\.)?"?(\w+)"?')


def check_shape(sqltext: str) -> tuple[str, frozenset[str]]:
    """The column a CHECK constraint reads and the quoted values it allows, however the database writes it
    (SQLite keeps `kind IN ('a', 'b')`, PostgreSQL answers `kind::text = ANY (ARRAY['a'::character varying, ...])`)."""
    values = frozenset(value.replace("''", "'") for value in QUOTED.findall(sqltext))
    return COLUMN.match(sqltext)[1], values


def test_upgraded_database_has_the_check_constraints_of_the_models(ctx):
    """compare_metadata does not see CHECK constraints: a value added to a vocabulary (text_enum) without a
    migration would pass it, then fail on the first row that uses the value."""
    dialect = db.engine.dialect
    expected = {
        (table.name, constraint.name): check_shape(
            str(constraint.sqltext.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        )
        for table in db.metadata.sorted_tables
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }
    inspector = inspect(db.engine)
    found = {
        (table, constraint["name"]): check_shape(constraint["sqltext"])
        for table in inspector.get_table_names()
        for constraint in inspector.get_check_constraints(table)
    }
    assert len(expected) >= 14 and all(values for _column, values in expected.values())
    assert found == expected


def test_fresh_database_upgrades_and_downgrades(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite'}",
        }
    )
    with app.app_context():
        upgrade()
        assert {"recommendation", "pledge", "assistance", "evidence", "audit_entry"} <= set(
            inspect(db.engine).get_table_names()
        )
        downgrade(revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        db.engine.dispose()


def test_reviews_stored_before_mechanisms_become_upr_reviews(tmp_path):
    """The migration that adds mechanisms files every review already stored under the UPR, keeping its cycle."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}",
        }
    )
    with app.app_context():
        upgrade(revision="0002")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO cycle (number, first_session, last_session, start_year, end_year) "
                    "VALUES (4, 41, 54, 2022, 2027)"
                )
            )
            connection.execute(
                text("INSERT INTO state (iso3, name, status) VALUES ('SVN', 'Slovenia', 'member')")
            )
            connection.execute(text("INSERT INTO review (state_id, cycle) VALUES (1, 4)"))
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT review.cycle, mechanism.code, mechanism.kind FROM review "
                    "JOIN mechanism ON mechanism.id = review.mechanism_id"
                )
            ).all()
        assert [tuple(r) for r in rows] == [(4, "UPR", "upr")]
        downgrade(revision="0002")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT cycle FROM review")).scalars().all() == [4]
        db.engine.dispose()
