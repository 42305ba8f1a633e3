"""Behind trusted proxies (UPRTRACK_PROXIES) the client's address is the one they forward; by default no forwarded
header is believed, so nobody can choose the address the sign-in throttling counts."""

from sqlalchemy import select

from uprtrack import create_app
from uprtrack.extensions import db
from uprtrack.models import LoginAttempt

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def _failed_sign_in(app, ctx) -> str:
    client = app.test_client()
    client.post(
        "/sign-in", data={"email": "nobody@example.org", "password": "wrong"}, headers=FORWARDED
    )
    return ctx.scalars(select(LoginAttempt.address).order_by(LoginAttempt.id.desc())).first()


def test_forwarded_headers_count_only_behind_trusted_proxies(app, ctx):
    assert _failed_sign_in(app, ctx) == "127.0.0.1"  # the default trusts no forwarded header
    behind = create_app({**app.config, "PROXIES": 1})
    try:
        assert _failed_sign_in(behind, ctx) == "203.0.113.7"
    finally:
        with behind.app_context():
            db.session.remove()
            db.engine.dispose()  # its pool is its own: close it before it is collected
