"""Exports prepared in the background by a real worker (`flask worker`, a process of its own) through a real queue:
Huey's SQLite file, and Redis when `redis-server` is installed (Debian's package, started here on 127.0.0.1)."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import CYCLE4_PATH, DATA
from uprtrack.core.storage import storage
from uprtrack.core.vocabulary import JobKind, JobState, NoticeKind
from uprtrack.jobs import jobs_of
from uprtrack.jobs.exports import file_key
from uprtrack.jobs.runner import _heartbeat, fail_abandoned_jobs, forget_old_jobs
from uprtrack.models import Job, Notification, Recommendation, Review, State
from uprtrack.models.base import utcnow

UPR_INFO = DATA / "upr_info" / "upr-info_right-to-education_sessions01-20.csv"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait(check, seconds: float = 60, what: str = "the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"waited {seconds} s for {what}")


@pytest.fixture(scope="module")
def redis_url():
    """A Redis server of its own on a free port of 127.0.0.1, keeping nothing on disk; None when not installed."""
    server = shutil.which("redis-server")
    if server is None:
        yield None
        return
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(lambda: _listening(port), 10, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["sqlite", "redis"])
def queue(request, app, tmp_path, redis_url):
    """The app's queue for one test: a fresh SQLite file, or the Redis server."""
    if request.param == "redis":
        if redis_url is None:
            pytest.skip("redis-server is not installed (Debian: redis-server)")
        url = redis_url
    else:
        url = str(tmp_path / "queue.sqlite3")
    with _queue_at(app, url) as made:
        made.flush()
        yield url


@contextmanager
def _queue_at(app, url: str):
    """The app's queue made anew at `url` for the block; the app's own queue again after it."""
    before = app.config["JOBS_QUEUE"], app.extensions.pop("jobs", None)
    app.config.update(JOBS_QUEUE=url, JOBS_IMMEDIATE=False)
    try:
        yield jobs_of(app)["queue"]
    finally:
        app.config.update(JOBS_QUEUE=before[0], JOBS_IMMEDIATE=True)
        app.extensions.pop("jobs", None)
        if before[1] is not None:
            app.extensions["jobs"] = before[1]


class Worker:
    """`flask --app uprtrack worker` on the test database, queue and upload folder; started when asked."""

    def __init__(self, app, url: str, log):
        self.env = {
            **os.environ,
            "UPRTRACK_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "UPRTRACK_JOBS_QUEUE": url,
            "UPRTRACK_UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
            "UPRTRACK_INSTANCE_PATH": str(log.parent),
        }
        self.log, self.process = log, None

    def start(self):
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "uprtrack", "worker"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def worker(app, queue, tmp_path):
    running = Worker(app, queue, tmp_path / "worker.log")
    yield running
    running.stop()


def _job(ctx, job_id: str) -> Job:
    ctx.expire_all()
    return ctx.get(Job, job_id)


def _finished(ctx, job_id: str) -> Job | None:
    job = _job(ctx, job_id)
    return job if job.state in (JobState.DONE, JobState.FAILED) else None


def test_an_export_is_prepared_by_the_worker_for_its_owner_alone(
    client, ctx, import_files, make_user, login, worker
):
    import_files(CYCLE4_PATH)
    make_user("coord@example.org", role="coordinator", org="Government Office")
    make_user("other@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    worker.start()
    asked = client.post("/jobs/export?state=SVN&cycle=4&education=0", data={"format": "xlsx"})
    assert asked.status_code == 302
    job_id = asked.headers["Location"].rsplit("/", 1)[1]
    job = _wait(lambda: _finished(ctx, job_id), what="the export job")
    assert job.state == JobState.DONE, (job.message, worker.log.read_text())
    svn = ctx.scalar(select(State.id).where(State.iso3 == "SVN"))
    count = ctx.scalar(
        select(func.count(Recommendation.id))
        .join(Review)
        .where(Review.state_id == svn, Review.cycle == 4)
    )
    assert job.total == job.done == count > 200

    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Ready" in page and f"/jobs/{job_id}/file" in page and 'http-equiv="refresh"' not in page
    file = client.get(f"/jobs/{job_id}/file")
    assert file.status_code == 200 and job.file_name in file.headers["Content-Disposition"]
    content = file.data
    file.close()  # the test client leaves a sent file open until its response is closed
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Matrix"]
    ids = [row[0] for row in sheet.iter_rows(min_row=6, values_only=True) if row[0] and row[1]]
    assert len(ids) == count  # every recommendation, each once (heading rows have no document)
    notice = ctx.scalar(
        select(Notification).where(
            Notification.kind == NoticeKind.FILE_READY, Notification.key == job_id
        )
    )
    assert notice is not None and notice.user.email == "coord@example.org"
    assert "is ready to download" in client.get("/notifications/").get_data(as_text=True)

    client.post("/sign-out")
    assert client.get(f"/jobs/{job_id}").status_code in (302, 401)
    login("other@example.org")
    assert client.get(f"/jobs/{job_id}").status_code == 404
    assert client.get(f"/jobs/{job_id}/file").status_code == 404


def test_a_job_waits_on_the_queue_until_a_worker_starts(client, ctx, make_user, login, worker):
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    asked = client.post("/jobs/export?state=SVN", data={"format": "csv"})
    job_id = asked.headers["Location"].rsplit("/", 1)[1]
    time.sleep(1)
    assert _job(ctx, job_id).state == JobState.QUEUED
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and "Waiting for the worker" in page
    worker.start()  # the queue kept the job while no worker ran
    assert _wait(lambda: _finished(ctx, job_id)).state == JobState.DONE


def test_a_failed_job_says_why(app, client, ctx, make_user, login, worker):
    owner = make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    job = Job(
        id="f" * 32,
        kind=JobKind.EXPORT,
        owner=owner,
        params={"args": {}, "document": "matrix", "format": "nope"},
        file_name="uprtrack-matrix.nope",
    )
    ctx.add(job)
    ctx.commit()
    jobs_of(app)["run"](job.id)
    worker.start()
    failed = _wait(lambda: _finished(ctx, job.id))
    assert failed.state == JobState.FAILED and "No such export" in failed.message
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "No such export" in page and "Traceback" not in page
    assert client.get(f"/jobs/{job.id}/file").status_code == 404
    assert "could not be made" in client.get("/notifications/").get_data(as_text=True)


def test_a_queue_that_cannot_be_reached_fails_the_job_with_the_reason(
    app, client, ctx, make_user, login
):
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    with _queue_at(app, f"redis://127.0.0.1:{_free_port()}/0"):  # nothing listens there
        asked = client.post("/jobs/export?state=SVN", data={"format": "xlsx"})
    job_id = asked.headers["Location"].rsplit("/", 1)[1]
    job = _job(ctx, job_id)
    assert job.state == JobState.FAILED and "The job queue cannot be reached" in job.message
    assert "try again later" in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_a_bad_export_request_changes_nothing(client, ctx, make_user, login):
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    refused = client.post("/jobs/export?state=SVN", data={"format": "exe"})
    assert refused.status_code == 302 and "/recommendations" in refused.headers["Location"]
    assert ctx.scalar(select(func.count(Job.id))) == 0


def _csv_job(ctx, owner, name: str, **fields) -> Job:
    """A matrix CSV export job of `owner`'s, its id made of its name, added to the session."""
    job = Job(
        id=name.ljust(32, "0"),
        kind=JobKind.EXPORT,
        owner=owner,
        params={"args": {}, "document": "matrix", "format": "csv"},
        file_name=f"{name}.csv",
        **fields,
    )
    ctx.add(job)
    return job


def test_finished_jobs_are_forgotten_with_their_files_after_the_days_kept(app, ctx, make_user):
    owner = make_user("coord@example.org", role="coordinator", org="Government Office")
    now = utcnow()
    jobs = {}
    for name, age in (("old", 8), ("recent", 1)):
        jobs[name] = _csv_job(
            ctx, owner, name, state=JobState.DONE, finished_at=now - timedelta(days=age)
        )
    ctx.commit()
    keys = {name: file_key(job) for name, job in jobs.items()}
    for key in keys.values():
        storage().write_bytes(key, b"Id,Document\n")
    assert forget_old_jobs(app.config["JOBS_KEEP_DAYS"], now=now) == 1
    ctx.expire_all()
    assert ctx.get(Job, jobs["old"].id) is None and not storage().exists(keys["old"])
    assert ctx.get(Job, "recent".ljust(32, "0")) is not None and storage().exists(keys["recent"])


def _running(ctx, owner, name: str, heartbeat_age: timedelta | None, now) -> Job:
    return _csv_job(
        ctx,
        owner,
        name,
        state=JobState.RUNNING,
        started_at=now - timedelta(hours=1),
        heartbeat_at=None if heartbeat_age is None else now - heartbeat_age,
    )


def test_a_job_whose_worker_died_is_failed_and_its_owner_told(app, ctx, make_user):
    owner = make_user("coord@example.org", role="coordinator", org="Government Office")
    now = utcnow()
    stale = app.config["JOBS_STALE_SECONDS"]
    dead = _running(ctx, owner, "dead", timedelta(seconds=stale + 60), now)
    alive = _running(ctx, owner, "alive", timedelta(seconds=stale - 60), now)
    before = _running(ctx, owner, "before", None, now)  # started before heartbeats were written
    ctx.commit()
    assert fail_abandoned_jobs(now=now) == 2
    for job in (dead, before):
        job = _job(ctx, job.id)
        assert job.state == JobState.FAILED and "ask for the file again" in job.message
        assert job.finished_at is not None
    assert _job(ctx, alive.id).state == JobState.RUNNING
    notices = ctx.scalars(select(Notification).where(Notification.user_id == owner.id)).all()
    assert sorted(n.key for n in notices) == sorted([dead.id, before.id])
    assert all(n.kind == NoticeKind.FILE_READY and n.params["failed"] for n in notices)
    assert fail_abandoned_jobs(now=now) == 0  # failed once, told once


def test_a_running_job_renews_its_heartbeat(app, ctx, make_user, monkeypatch):
    owner = make_user("coord@example.org", role="coordinator", org="Government Office")
    job = _running(ctx, owner, "beating", timedelta(hours=1), utcnow())
    ctx.commit()
    first = _job(ctx, job.id).heartbeat_at
    with _heartbeat(job.id, 0.05):
        _wait(lambda: _job(ctx, job.id).heartbeat_at > first, seconds=10, what="a heartbeat")
    monkeypatch.setitem(app.config, "JOBS_STALE_SECONDS", 60)
    assert fail_abandoned_jobs() == 0 and _job(ctx, job.id).state == JobState.RUNNING


def _upload(client, path: Path, name: str | None = None) -> str:
    """Post a file to the Import page as a browser does; return the upload's key."""
    fields = {"file": FileStorage(io.BytesIO(path.read_bytes()), name or path.name), "kind": "auto"}
    boundary, body = encode_multipart(fields | {"state": ""})
    posted = client.post(
        "/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert posted.status_code == 302, posted.get_data(as_text=True)
    return posted.headers["Location"].rsplit("/", 1)[1]


def _page(client, key: str) -> str:
    return client.get(f"/import/{key}").get_data(as_text=True)


def test_an_upload_is_checked_and_imported_by_the_worker(client, ctx, make_user, login, worker):
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    key = _upload(client, UPR_INFO)
    page = _page(client, key)
    assert f"Checking {UPR_INFO.name}" in page and "Waiting for the worker" in page
    assert 'http-equiv="refresh"' in page
    early = client.post(f"/import/{key}/confirm", follow_redirects=True).get_data(as_text=True)
    assert "still being checked" in early and ctx.scalar(select(func.count(Recommendation.id))) == 0

    worker.start()
    checked = _wait(
        lambda: "Check before importing" in (p := _page(client, key)) and p, what="the check"
    )
    assert 'id="count-created">2033<' in checked and 'http-equiv="refresh"' not in checked
    assert ctx.scalar(select(func.count(Recommendation.id))) == 0  # a check writes nothing

    client.post(f"/import/{key}/confirm")
    again = client.post(f"/import/{key}/confirm", follow_redirects=True).get_data(as_text=True)
    assert "being imported or has already been imported" in again
    report = _wait(lambda: "Import report" in (p := _page(client, key)) and p, what="the import")
    assert 'id="count-created">2033<' in report
    ctx.expire_all()
    assert ctx.scalar(select(func.count(Recommendation.id))) == 2033  # imported once
    done = ctx.scalars(
        select(Job)
        .where(Job.kind.in_([JobKind.CHECK_IMPORT, JobKind.IMPORT]))
        .order_by(Job.created_at)
    ).all()
    assert [(job.kind, job.state) for job in done] == [
        (JobKind.CHECK_IMPORT, JobState.DONE),
        (JobKind.IMPORT, JobState.DONE),
    ]
    # On SQLite an import holds the one write lock to its end, and its progress is not written meanwhile.
    if ctx.get_bind().dialect.name == "postgresql":
        assert [(job.done, job.total) for job in done] == [(2044, 2044), (2044, 2044)]
    assert all(job.total == 2044 for job in done)
    notices = client.get("/notifications/").get_data(as_text=True)
    assert f"{UPR_INFO.name} is checked" in notices and f"{UPR_INFO.name} is imported." in notices
    imported = ctx.scalar(select(Notification).where(Notification.key == done[1].id))
    assert imported.kind == NoticeKind.IMPORTED
    opened = client.post(f"/notifications/{imported.id}/open")
    assert opened.headers["Location"] == f"/import/{key}"
    assert client.get(f"/jobs/{done[0].id}").status_code == 404  # followed on the upload's page


def test_a_file_that_fails_its_check_says_why_and_is_not_kept(
    client, ctx, app, make_user, login, worker
):
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    header, _, rest = UPR_INFO.read_bytes().partition(b"\n")
    broken = Path(app.config["UPLOAD_FOLDER"]) / "broken.csv"
    broken.write_bytes(
        header + b"\n" + rest[:5000] + b'\nSlovenia,WEOG,,"never closed\n' + rest[5000:9000]
    )
    key = _upload(client, broken)  # the header reads: the rows are the worker's
    worker.start()
    page = _wait(lambda: 'role="alert"' in (p := _page(client, key)) and p, what="the check")
    assert "cannot be read as CSV near line" in page and "Traceback" not in page
    assert "Import another file" in page and "Import these rows" not in page
    assert not any(Path(app.config["UPLOAD_FOLDER"], "imports").glob(f"{key}.csv"))
    assert ctx.scalar(select(func.count(Recommendation.id))) == 0
