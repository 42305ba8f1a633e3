"""Configuration: defaults, then instance/config.py, then UPRTRACK_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "UPRTRACK_"


class Defaults:
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    UPLOAD_FOLDER = None  # set to instance/uploads by the factory when left empty
    SEED_FOLDER = str(PROJECT_ROOT / "seed")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"


def env_overrides(environ: dict[str, str] | None = None) -> dict[str, object]:
    """Return the settings given as UPRTRACK_* variables; UPRTRACK_DATABASE_URL sets the SQLAlchemy URL."""
    environ = os.environ if environ is None else environ
    settings: dict[str, object] = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX) :]
        if name == "DATABASE_URL":
            settings["SQLALCHEMY_DATABASE_URI"] = database_url(value)
        elif name in ("TEST_DATABASE_URL", "INSTANCE_PATH"):
            continue  # read by the test suite and by the factory itself
        else:
            settings[name] = value
    return settings


def database_url(url: str) -> str:
    """Point postgres:// and postgresql:// URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
