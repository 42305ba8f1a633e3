"""The factory reads defaults, then instance/config.py, then UPRTRACK_* variables, then the test mapping."""

import io
import os

import pytest
from argon2 import PasswordHasher, Type, extract_parameters, profiles
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from uprtrack import create_app
from uprtrack.accounts.users import hash_password
from uprtrack.config import database_url
from uprtrack.web.errors import size_in_words


@pytest.fixture
def environ(monkeypatch):
    """An environment without UPRTRACK_* variables; returns monkeypatch.setenv to add some."""
    for key in list(os.environ):
        if key.startswith("UPRTRACK_"):
            monkeypatch.delenv(key)
    return monkeypatch.setenv


def test_environment_overrides_and_database_url(environ, tmp_path):
    environ("UPRTRACK_INSTANCE_PATH", str(tmp_path))
    environ("UPRTRACK_DATABASE_URL", "postgresql://u@h/db")
    environ("UPRTRACK_SECRET_KEY", "s")
    environ("UPRTRACK_TEST_DATABASE_URL", "ignored")
    environ("OTHER", "x")
    config = create_app().config
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert config["SECRET_KEY"] == "s"
    assert not {"DATABASE_URL", "TEST_DATABASE_URL", "INSTANCE_PATH", "OTHER"} & set(config)
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_environment_values_are_parsed_as_json(environ, tmp_path):
    environ("UPRTRACK_INSTANCE_PATH", str(tmp_path))
    environ("UPRTRACK_MAX_CONTENT_LENGTH", "1000")
    environ("UPRTRACK_SESSION_COOKIE_SECURE", "true")
    environ("UPRTRACK_WTF_CSRF_ENABLED", "false")
    environ("UPRTRACK_LANGUAGES", '["en", "zh"]')
    environ("UPRTRACK_SECRET_KEY", "12345")  # a key of digits stays text
    environ("UPRTRACK_SERVER_NAME", "uprtrack.example.org")
    config = create_app().config
    assert config["MAX_CONTENT_LENGTH"] == 1000
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["WTF_CSRF_ENABLED"] is False
    assert config["LANGUAGES"] == ["en", "zh"]
    assert config["SECRET_KEY"] == "12345"
    assert config["SERVER_NAME"] == "uprtrack.example.org"


def test_environment_beats_defaults_and_test_mapping_beats_environment(environ, tmp_path):
    environ("UPRTRACK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    environ("UPRTRACK_MAX_ITEMS", "7")
    app = create_app({"SECRET_KEY": "from-test"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")
    assert app.config["MAX_ITEMS"] == 7
    assert app.config["SECRET_KEY"] == "from-test"


def test_sqlite_runs_with_wal_and_foreign_keys(ctx):
    from uprtrack.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_instance_config_is_read_between_defaults_and_environment(environ, tmp_path):
    (tmp_path / "config.py").write_text("MAX_ITEMS = 3\nSEED_FOLDER = '/srv/seed'\n")
    environ("UPRTRACK_INSTANCE_PATH", str(tmp_path))
    environ("UPRTRACK_MAX_ITEMS", "9")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SEED_FOLDER"] == "/srv/seed"
    assert app.config["MAX_ITEMS"] == 9
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'uprtrack.sqlite'}"


@pytest.fixture
def small_limit_client(app, environ, tmp_path):
    """A client of an app started with UPRTRACK_MAX_CONTENT_LENGTH=1000 on the test database."""
    environ("UPRTRACK_INSTANCE_PATH", str(tmp_path))
    environ("UPRTRACK_MAX_CONTENT_LENGTH", "1000")
    limited = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    assert limited.config["MAX_CONTENT_LENGTH"] == 1000
    yield limited.test_client()
    with limited.app_context():
        from uprtrack.extensions import db

        db.engine.dispose()


def test_a_post_larger_than_max_content_length_gets_413_and_says_why(small_limit_client):
    response = small_limit_client.post(
        "/sign-in", data={"email": "someone@example.org", "password": "x" * 2000}
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "The file is too large" in page
    assert "A file you send may be at most 1,000 bytes" in page


def test_a_post_below_max_content_length_is_not_affected(small_limit_client):
    response = small_limit_client.post(
        "/sign-in", data={"email": "someone@example.org", "password": "not the password"}
    )
    assert response.status_code == 200
    assert "The e-mail or the password is wrong." in response.get_data(as_text=True)


def test_the_413_page_names_the_default_limit_in_english_and_chinese(client):
    # encoded here: the test client leaves a large multipart body open
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(b"x" * (25 * 1024 * 1024 + 1)), "big.csv")}
    )

    def post_too_big():
        return client.post(
            "/sign-in", data=body, content_type=f"multipart/form-data; boundary={boundary}"
        )

    response = post_too_big()
    assert response.status_code == 413
    assert "A file you send may be at most 25 MB" in response.get_data(as_text=True)
    client.get("/language/zh")
    response = post_too_big()
    assert response.status_code == 413
    assert "您发送的文件最大为 25 MB" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "size, words",
    [
        (25 * 1024 * 1024, "25 MB"),
        (1536 * 1024, "1.5 MB"),
        (2 * 1024 * 1024 - 1, "1.9 MB"),
        (800 * 1024, "800 KB"),
        (1000, "1,000 bytes"),
        (1, "1 byte"),
    ],
)
def test_sizes_in_words_never_exceed_the_limit(app, size, words):
    with app.test_request_context():
        assert size_in_words(size) == words


def test_production_hashes_passwords_with_argon2_defaults_and_tests_cheaply(app, environ, tmp_path):
    environ("UPRTRACK_INSTANCE_PATH", str(tmp_path))
    production = create_app({"SECRET_KEY": "x"})
    assert not production.testing and "ARGON2_PROFILE" not in production.config
    with production.app_context():
        hashed = hash_password("correct horse battery")
    parameters = extract_parameters(hashed)
    assert parameters == extract_parameters(PasswordHasher().hash("x"))
    # argon2-cffi's defaults (RFC 9106's low-memory choice) are above OWASP's argon2id minimum
    assert (parameters.type, parameters.time_cost, parameters.memory_cost) == (Type.ID, 3, 65536)
    with app.app_context():
        assert extract_parameters(hash_password("correct horse battery")) == profiles.CHEAPEST
