"""The factory reads defaults, then instance/config.py, then UPRTRACK_* variables, then the test mapping."""

import pytest

from uprtrack import create_app
from uprtrack.config import database_url, env_overrides


def test_environment_overrides_and_database_url():
    settings = env_overrides(
        {
            "UPRTRACK_DATABASE_URL": "postgresql://u@h/db",
            "UPRTRACK_SECRET_KEY": "s",
            "UPRTRACK_TEST_DATABASE_URL": "ignored",
            "OTHER": "x",
        }
    )
    assert settings == {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@h/db", "SECRET_KEY": "s"}
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_environment_beats_defaults_and_test_mapping_beats_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("UPRTRACK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("UPRTRACK_MAX_ITEMS", "7")
    app = create_app({"SECRET_KEY": "from-test"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")
    assert app.config["MAX_ITEMS"] == "7"
    assert app.config["SECRET_KEY"] == "from-test"


def test_sqlite_runs_with_wal_and_foreign_keys(ctx):
    from uprtrack.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_instance_config_is_read_between_defaults_and_environment(monkeypatch, tmp_path):
    (tmp_path / "config.py").write_text("MAX_ITEMS = 3\nSEED_FOLDER = '/srv/seed'\n")
    monkeypatch.setenv("UPRTRACK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("UPRTRACK_MAX_ITEMS", "9")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SEED_FOLDER"] == "/srv/seed"
    assert app.config["MAX_ITEMS"] == "9"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'uprtrack.sqlite'}"
