"""uprtrack: follow-up of UPR recommendations on the right to education."""

from __future__ import annotations

import os
from collections.abc import Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from uprtrack.config import PROJECT_ROOT, Defaults, load_environment


def create_app(test_config: Mapping[str, object] | None = None) -> Flask:
    """Build the application: defaults, instance config, UPRTRACK_* environment, then the test mapping."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("UPRTRACK_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        f"sqlite:///{os.path.join(app.instance_path, 'uprtrack.sqlite')}"
    )
    app.config["SECRET_KEY"] = None
    app.config.from_pyfile("config.py", silent=True)
    load_environment(app.config)
    if test_config is not None:
        app.config.from_mapping(test_config)
    if app.config["TESTING"]:
        app.config.setdefault("ARGON2_PROFILE", "CHEAPEST")  # production keeps argon2's defaults
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret_key(app.instance_path)
    if proxies := int(app.config["PROXIES"]):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    from uprtrack.core import database, storage
    from uprtrack.extensions import babel, csrf, db, login_manager, migrate

    database.configure_sqlite()
    storage.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    _init_accounts(app, login_manager)
    _init_languages(app, babel)

    from uprtrack import models  # noqa: F401  registers the tables with the metadata
    from uprtrack.accounts import commands as account_commands
    from uprtrack.backups import commands as backup_commands
    from uprtrack.blueprints import BLUEPRINTS
    from uprtrack.imports import commands as import_commands
    from uprtrack.jobs import commands as job_commands
    from uprtrack.notifications import commands as notification_commands
    from uprtrack.notifications.mailing import register_mailing
    from uprtrack.recommendations import commands as recommendation_commands
    from uprtrack.reporting import commands as report_commands
    from uprtrack.seed import commands as seed_commands
    from uprtrack.web.errors import register_error_pages
    from uprtrack.web.headers import register_headers
    from uprtrack.web.menu import register_menu

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    for feature in (
        import_commands,
        seed_commands,
        account_commands,
        report_commands,
        recommendation_commands,
        notification_commands,
        backup_commands,
        job_commands,
    ):
        for command in feature.COMMANDS:
            app.cli.add_command(command)
    register_error_pages(app)
    register_headers(app)
    register_menu(app)
    register_mailing(app)
    return app


def _init_accounts(app: Flask, login_manager) -> None:
    from flask_babel import lazy_gettext

    from uprtrack.accounts import signin
    from uprtrack.extensions import db

    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(lambda session_id: signin.load_user(db.session, session_id))


def _init_languages(app: Flask, babel) -> None:
    from flask_babel import get_locale

    from uprtrack.core import vocabulary
    from uprtrack.web.languages import (
        HTML_LANG,
        LANGUAGES,
        review_label,
        select_locale,
        state_name,
    )

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PROJECT_ROOT / "translations"))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        HTML_LANG=HTML_LANG,
        get_locale=get_locale,
        # Each vocabulary by its name: templates write `Status.label_of(rec.status)`.
        **{term.__name__: term for term in vocabulary.Term.__subclasses__()},
    )
    app.jinja_env.filters["state_name"] = state_name
    app.jinja_env.filters["review_label"] = review_label


def _instance_secret_key(instance_path: str) -> str:
    """Return the secret key kept in the instance folder, making one on first start."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        import secrets

        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path) as handle:
        return handle.read().strip()
