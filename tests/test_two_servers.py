"""Two app servers, two processes of their own, on one database (PostgreSQL in the PostgreSQL run): a session signed
in on one is good on the other, failed sign-ins count across both, a stale form saved on the second after a save on
the first is refused, and a change saved through one is seen by the other's cached dashboard charts and notices.

Nothing is shared but what a deployment shares (docs/deployment.md): the database, the secret key, the upload folder.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from datetime import date

import pytest
import requests
from sqlalchemy import select

from uprtrack.core.vocabulary import Position
from uprtrack.models import Assessment, Notification, Recommendation, Review, State

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
# The update page holds several forms, each with its prefix.
VERSION = re.compile(r'name="status-version" type="hidden" value="(\d+)"')
STATUS_CSRF = re.compile(r'name="status-csrf_token" type="hidden" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def servers(app, tmp_path):
    """Start two servers on free ports of 127.0.0.1 with the test database; yield their base URLs."""
    env = {
        **os.environ,
        "UPRTRACK_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "UPRTRACK_SECRET_KEY": "the same key on every server",
        "UPRTRACK_UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        "UPRTRACK_INSTANCE_PATH": str(tmp_path / "instance"),
        "UPRTRACK_VALIDATION_REQUIRED": "false",
    }
    processes, urls, logs = [], [], []
    for number in range(2):
        port = _free_port()
        command = [sys.executable, "-m", "flask", "--app", "uprtrack", "run", "--port", str(port)]
        logs.append(tmp_path / f"server-{number}.log")
        with logs[-1].open("wb") as log:
            processes.append(
                subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process, log in zip(urls, processes, logs, strict=True):
            for _ in range(150):
                try:
                    if requests.get(f"{url}/health", timeout=2).status_code == 200:
                        break
                except requests.ConnectionError:
                    assert process.poll() is None, log.read_text()
                time.sleep(0.1)
            else:
                pytest.fail(f"{url} did not answer")
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def _form(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    return CSRF.search(page.text).group(1)


def _sign_in(session: requests.Session, base: str, email: str, password: str = PASSWORD):
    token = _form(session, f"{base}/sign-in")
    return session.post(
        f"{base}/sign-in",
        data={"csrf_token": token, "email": email, "password": password},
        allow_redirects=False,
        timeout=10,
    )


@pytest.fixture
def records(ctx, make_user):
    svn = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    review = Review(state=svn, cycle=4, session=48)
    rec = Recommendation(
        review=review,
        paragraph="140.1",
        text="Ensure inclusive education for Roma children",
        text_key="two-servers",
        position=Position.SUPPORTED,
        education=True,
        published=True,
    )
    ctx.add(rec)
    make_user("coordinator@example.org", role="coordinator", org="Government Office")
    nhri = make_user("nhri@example.org", role="nhri", org="Ombudsman")
    make_user("locked@example.org", role="focal_point", org="Ministry of Education")
    ctx.add(
        Assessment(
            recommendation=rec,
            organisation=nhri.organisation,
            author=nhri,
            rating="some_progress",
            assessed_on=date(2026, 1, 5),
            moderation="published",
        )
    )
    ctx.commit()
    return {"rec": rec.id, "nhri": nhri.id}


def test_two_servers_share_sessions_throttling_locking_notices_and_chart_versions(
    servers, records, ctx
):
    a, b = servers
    officer = requests.Session()
    assert _sign_in(officer, a, "coordinator@example.org").status_code == 302
    mine = officer.get(f"{b}/recommendations/{records['rec']}/status", allow_redirects=False)
    assert mine.status_code == 200  # the session signed in on A is good on B

    # Failed sign-ins count in the database: three on A and two on B lock the account on both.
    intruder = requests.Session()
    for base in (a, a, a, b, b):
        assert _sign_in(intruder, base, "locked@example.org", "wrong password").status_code == 200
    refused = _sign_in(requests.Session(), a, "locked@example.org")
    assert refused.status_code != 302 and "Too many failed sign-ins" in refused.text

    chart = "/dashboard/charts/status-by-theme.svg?state=SVN&cycle=4&lang=en"
    before = requests.get(f"{b}{chart}", timeout=60)
    assert before.status_code == 200 and before.headers["ETag"]

    # The same form, opened on both servers; saved on A first, the copy saved on B is refused.
    forms = {
        base: officer.get(f"{base}/recommendations/{records['rec']}/status").text for base in (a, b)
    }
    version = {}
    for base, page in forms.items():
        found = VERSION.search(page)
        assert found, page[:2000]
        version[base] = found.group(1)
    assert version[a] == version[b]
    for base, expected in ((a, 302), (b, 409)):
        saved = officer.post(
            f"{base}/recommendations/{records['rec']}/status",
            data={
                "status-csrf_token": STATUS_CSRF.search(forms[base]).group(1),
                "status-status": "partially_implemented",
                "status-changed_on": "2026-11-30",
                "status-note": f"Saved on {base}",
                "status-version": version[base],
            },
            allow_redirects=False,
        )
        assert saved.status_code == expected, saved.text[:300]
    ctx.expire_all()
    rec = ctx.get(Recommendation, records["rec"])
    assert rec.status == "partially_implemented"
    assert [c.note for c in rec.status_changes] == [f"Saved on {a}"]

    # B's charts follow the change saved through A: a new version, a new image.
    after = requests.get(
        f"{b}{chart}", headers={"If-None-Match": before.headers["ETag"]}, timeout=60
    )
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]

    # The NHRI, which assessed the recommendation, hears of the new status on the other server.
    notices = ctx.scalars(select(Notification).where(Notification.user_id == records["nhri"])).all()
    assert notices
    ombudsman = requests.Session()
    assert _sign_in(ombudsman, b, "nhri@example.org").status_code == 302
    page = ombudsman.get(f"{b}/notifications/", timeout=10)
    assert page.status_code == 200 and "140.1" in page.text
