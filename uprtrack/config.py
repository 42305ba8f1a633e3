"""Configuration: defaults, then instance/config.py, then UPRTRACK_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "UPRTRACK"
# Variables that are not settings of the app: the factory reads the instance folder itself, the test suite its
# database, and UPRTRACK_DATABASE_URL becomes SQLALCHEMY_DATABASE_URI.
NOT_SETTINGS = ("INSTANCE_PATH", "TEST_DATABASE_URL", "DATABASE_URL")
# Settings that stay text even when they read as JSON (a secret key of digits is still a key).
TEXT_SETTINGS = ("SECRET_KEY", "MAIL_PASSWORD", "MAIL_USERNAME")


class Defaults:
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    UPLOAD_FOLDER = None  # set to instance/uploads by the factory when left empty
    # Where evidence, exports and uploads waiting for import are kept (core/storage.py): empty for UPLOAD_FOLDER, or
    # s3://bucket/prefix for S3-compatible storage, with S3_ENDPOINT_URL for one that is not AWS (MinIO, Ceph...);
    # boto3 takes the credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or the machine's role.
    FILE_STORAGE = ""
    S3_ENDPOINT_URL = ""
    S3_REGION = ""
    SEED_FOLDER = str(PROJECT_ROOT / "seed")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # The address links in e-mail start with (a command has no request to take it from).
    BASE_URL = "http://127.0.0.1:5000"
    # E-mail (core/mail.py): without MAIL_SERVER, messages are written to the log.
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS on MAIL_PORT
    MAIL_USE_SSL = False  # TLS from the start (usually port 465)
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_SENDER = "uprtrack@localhost"
    MAIL_SENDER_NAME = "uprtrack"
    MAIL_TIMEOUT = 10
    # The job queue (uprtrack/jobs): empty for a SQLite file in the instance folder, or redis://host:6379/0.
    JOBS_QUEUE = ""
    # Run each job in the process that asks for it, as it is asked (Huey's immediate mode): for the tests, whose
    # views then see their jobs done; a deployment leaves it off and runs `flask --app uprtrack worker`.
    JOBS_IMMEDIATE = False
    JOBS_KEEP_DAYS = 7  # a finished job, and its file, is forgotten after this many days
    # A worker renews its running job's heartbeat this often; a job whose heartbeat is older than JOBS_STALE_SECONDS
    # was left by a worker that died (killed, its machine gone) and is failed, its owner told, every 5 minutes.
    JOBS_HEARTBEAT_SECONDS = 30
    JOBS_STALE_SECONDS = 300
    # The proxies in front of the app (nginx, a load balancer), each adding X-Forwarded-For, -Proto and -Host: the
    # sign-in throttling counts the client's address only when they are trusted; 0 trusts none of these headers.
    PROXIES = 0
    # A focal point's status change, action or evidence is proposed until a coordinator validates it.
    VALIDATION_REQUIRED = True


def load_environment(config: Config) -> None:
    """Apply the UPRTRACK_* variables, their values read as JSON where they parse (numbers, true/false, lists),
    as text otherwise; UPRTRACK_DATABASE_URL sets the SQLAlchemy URL."""
    kept = {name: config[name] for name in NOT_SETTINGS if name in config}
    config.from_prefixed_env(ENV_PREFIX)
    for name in NOT_SETTINGS:
        config.pop(name, None)
    config.update(kept)
    for name in TEXT_SETTINGS:
        if f"{ENV_PREFIX}_{name}" in os.environ:
            config[name] = os.environ[f"{ENV_PREFIX}_{name}"]
    url = os.environ.get(f"{ENV_PREFIX}_DATABASE_URL")
    if url:
        config["SQLALCHEMY_DATABASE_URI"] = database_url(url)


def database_url(url: str) -> str:
    """Point postgres:// and postgresql:// URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
