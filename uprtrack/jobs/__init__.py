"""The job worker: work that must not hold a web request (exports of tens of thousands of rows) is recorded as a Job
row, its id put on a queue, and done by `flask --app uprtrack worker`, which `make run` starts beside the server.

The queue is Huey's: a SQLite file in the instance folder by default (nothing to install, it survives a restart of
either process), or Redis when `UPRTRACK_JOBS_QUEUE=redis://host:6379/0` (several app servers, one or more workers).
What a job did and where it is lives in the database (the Job row), so every app server shows the same state. Every
five minutes the worker fails the jobs another worker was doing when it died (their heartbeat stopped), and every
hour it forgets the jobs finished more than JOBS_KEEP_DAYS ago, with their files.
"""

from __future__ import annotations

import os
import secrets
import threading
from typing import TYPE_CHECKING

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import JobState
from uprtrack.models import Job, User

if TYPE_CHECKING:
    from huey.api import Huey

_MAKING = threading.Lock()


def jobs_of(app: Flask) -> dict:
    """The app's queue and its task, made when first needed: Huey brings the clients of Redis and PostgreSQL
    (a third of a second, 30 MB), which a process that never queues a job (a command, most requests) does without."""
    if "jobs" not in app.extensions:
        # The task keeps the app itself, not the proxy: the worker's threads run it outside any context.
        app = getattr(app, "_get_current_object", lambda: app)()
        with _MAKING:
            if "jobs" not in app.extensions:
                make_queue(app)
    return app.extensions["jobs"]


def make_queue(app: Flask) -> Huey:
    """The app's queue, with the one task the worker runs: do the job whose id it carries."""
    from huey import RedisHuey, SqliteHuey, crontab

    url = app.config.get("JOBS_QUEUE") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        queue = RedisHuey("uprtrack", url=url)
    else:
        path = url.removeprefix("sqlite:///") or os.path.join(app.instance_path, "jobs.sqlite3")
        queue = SqliteHuey("uprtrack", filename=path)
    queue.immediate = bool(app.config.get("JOBS_IMMEDIATE"))

    @queue.task(name="uprtrack.job")
    def run(job_id: str) -> None:
        from uprtrack.jobs.runner import run_job

        with app.app_context():
            run_job(job_id)

    @queue.periodic_task(crontab(minute="*/5"), name="uprtrack.fail-abandoned-jobs")
    def fail_abandoned() -> None:
        from uprtrack.jobs.runner import fail_abandoned_jobs

        with app.app_context():
            fail_abandoned_jobs()

    @queue.periodic_task(crontab(minute="17"), name="uprtrack.forget-old-jobs")
    def forget() -> None:
        from uprtrack.jobs.runner import forget_old_jobs

        with app.app_context():
            forget_old_jobs(app.config["JOBS_KEEP_DAYS"])

    app.extensions["jobs"] = {"queue": queue, "run": run}
    return queue


def new_id() -> str:
    return secrets.token_hex(16)


def submit(
    session: Session,
    owner: User,
    kind: str,
    params: dict,
    file_name: str,
    job_id: str | None = None,
) -> Job:
    """Record a job and put it on the queue; a queue that cannot be reached fails the job with the reason.

    `job_id` is an id from `new_id`, for a caller that names the job before it can run.
    """
    job = Job(
        id=job_id or new_id(),
        kind=kind,
        owner=owner,
        params=params,
        state=JobState.QUEUED,
        file_name=file_name,
    )
    session.add(job)
    session.commit()
    try:
        jobs_of(current_app)["run"](job.id)
    except Exception as error:  # the broker is down: the job says so, the request goes on
        current_app.logger.exception("The job queue cannot be reached")
        job.state = JobState.FAILED
        job.message = _(
            "The job queue cannot be reached (%(error)s): try again later.",
            error=type(error).__name__,
        )
        session.commit()
    return job
