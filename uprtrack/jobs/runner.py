"""What the worker does with a job's id: mark it running, do it with progress written as it goes, then mark it done
or failed (with the reason) and tell its owner. A job that is no longer waiting (done already, or being done by
another worker) is left alone. While a job runs its heartbeat is renewed every JOBS_HEARTBEAT_SECONDS; a running
job whose heartbeat has stopped for JOBS_STALE_SECONDS was left by a worker that died, and `fail_abandoned_jobs`
fails it and tells its owner to ask again."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import OperationalError

from uprtrack.core.database import not_waiting
from uprtrack.core.storage import storage
from uprtrack.core.vocabulary import JobKind, JobState, NoticeKind
from uprtrack.extensions import db
from uprtrack.imports.jobs import run_check, run_import
from uprtrack.jobs.exports import JobError, file_key, run_export
from uprtrack.models import Job
from uprtrack.models.base import utcnow
from uprtrack.notifications.events import notify

KINDS = {JobKind.EXPORT: run_export, JobKind.CHECK_IMPORT: run_check, JobKind.IMPORT: run_import}


def _write_at_once(engine, statement) -> None:
    """Write beside the job's own session, on a connection of its own, committed at once.

    On SQLite an import holds the database's one write lock to its end: a progress or a heartbeat written
    meanwhile is skipped at once, not waited for. The next one, after the import, is written.
    """
    with engine.connect() as connection, not_waiting(connection):
        try:
            with connection.begin():
                connection.execute(statement)
        except OperationalError:
            if connection.dialect.name != "sqlite":
                raise


def _progress(job_id: str):
    """Write the rows done, and the heartbeat with them."""

    def tell(done: int, total: int | None) -> None:
        _write_at_once(
            db.engine,
            update(Job)
            .where(Job.id == job_id)
            .values(done=done, total=total, heartbeat_at=utcnow()),
        )

    return tell


@contextmanager
def _heartbeat(job_id: str, seconds: float):
    """Renew the job's heartbeat every `seconds` from a thread of its own while the block runs (a PDF being laid
    out says nothing of its progress for minutes)."""
    engine, stop, logger = db.engine, threading.Event(), current_app.logger

    def beat() -> None:
        while not stop.wait(seconds):
            try:
                _write_at_once(
                    engine,
                    update(Job)
                    .where(Job.id == job_id, Job.state == JobState.RUNNING)
                    .values(heartbeat_at=utcnow()),
                )
            except Exception:  # a database that is away a moment: the next beat tries again
                logger.exception("The heartbeat of job %s was not written", job_id)

    thread = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_job(job_id: str) -> None:
    session = db.session
    claimed = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.QUEUED)
        .values(state=JobState.RUNNING, started_at=utcnow(), heartbeat_at=utcnow())
    )
    session.commit()
    if claimed.rowcount != 1:
        return
    job = session.get(Job, job_id)
    beating = _heartbeat(job_id, current_app.config["JOBS_HEARTBEAT_SECONDS"])
    with force_locale(job.owner.language or "en"), beating:
        try:
            KINDS[JobKind(job.kind)](session, job, _progress(job_id))
        except JobError as error:
            session.rollback()
            job.state, job.message = JobState.FAILED, str(error)
        except Exception:
            session.rollback()
            current_app.logger.exception("Job %s failed", job_id)
            job.state = JobState.FAILED
            job.message = _("An unexpected error stopped it; the worker's log says more.")
        else:
            job.state = JobState.DONE
        job.finished_at = utcnow()
        _tell_owner(session, job, job.state == JobState.FAILED, job.message)
        session.commit()


def _tell_owner(session, job: Job, failed: bool, reason: str) -> None:
    """The notice that the job's file is ready (or the upload checked or imported), or why it is not."""
    if job.kind == JobKind.EXPORT:
        kind, params = NoticeKind.FILE_READY, {}
    else:
        step = "check" if job.kind == JobKind.CHECK_IMPORT else "import"
        kind, params = NoticeKind.IMPORTED, {"upload": job.params["upload"], "step": step}
    notify(
        session,
        kind,
        [job.owner],
        key=job.id,
        name=job.file_name,
        failed=failed,
        reason=reason,
        **params,
    )


def fail_abandoned_jobs(now=None) -> int:
    """Fail the running jobs whose heartbeat stopped JOBS_STALE_SECONDS ago, and tell their owners; return how many.

    Each is failed by an update that asks again that it is running and stale, so a job whose worker beat again
    meanwhile is kept.
    """
    now = now or utcnow()
    limit = now - timedelta(seconds=current_app.config["JOBS_STALE_SECONDS"])
    session = db.session
    stale = or_(Job.heartbeat_at < limit, and_(Job.heartbeat_at.is_(None), Job.started_at < limit))
    failed = 0
    for job in session.scalars(select(Job).where(Job.state == JobState.RUNNING, stale)).all():
        with force_locale(job.owner.language or "en"):
            message = (
                _("The worker preparing it stopped before it was done: ask for the file again.")
                if job.kind == JobKind.EXPORT
                else _("The worker stopped before it was done: nothing was imported; try again.")
            )
            taken = session.execute(
                update(Job)
                .where(Job.id == job.id, Job.state == JobState.RUNNING, stale)
                .values(state=JobState.FAILED, message=message, finished_at=now)
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount != 1:
                continue
            _tell_owner(session, job, True, message)
            failed += 1
    session.commit()
    return failed


def forget_old_jobs(days: int, now=None) -> int:
    """Delete the jobs finished more than `days` ago, and their files; return how many."""
    limit = (now or utcnow()) - timedelta(days=days)
    session = db.session
    old = session.scalars(select(Job).where(Job.finished_at < limit)).all()
    for job in old:
        if job.kind == JobKind.EXPORT:  # an import's file is its upload's, which goes after a day
            storage().delete(file_key(job))
        session.delete(job)
    session.commit()
    return len(old)
