"""What the worker does with a job's id: mark it running, do it with progress written as it goes, then mark it done
or failed (with the reason) and tell its owner. A job that is no longer waiting (done already, or being done by
another worker) is left alone; a job whose worker was killed while doing it stays "being prepared"."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from uprtrack.core.vocabulary import JobKind, JobState, NoticeKind
from uprtrack.extensions import db
from uprtrack.jobs.exports import JobError, file_path, run_export
from uprtrack.models import Job
from uprtrack.models.base import utcnow
from uprtrack.notifications.events import notify
from uprtrack.reporting.matrix.export import partial_path

KINDS = {JobKind.EXPORT: run_export}


def _progress(job_id: str):
    """Write the rows done on a connection of its own, committed at once, beside the job's reading session."""

    def tell(done: int, total: int | None) -> None:
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id == job_id).values(done=done, total=total))

    return tell


def run_job(job_id: str) -> None:
    session = db.session
    claimed = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.QUEUED)
        .values(state=JobState.RUNNING, started_at=utcnow())
    )
    session.commit()
    if claimed.rowcount != 1:
        return
    job = session.get(Job, job_id)
    with force_locale(job.owner.language or "en"):
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
        notify(
            session,
            NoticeKind.FILE_READY,
            [job.owner],
            key=job.id,
            name=job.file_name,
            failed=job.state == JobState.FAILED,
            reason=job.message,
        )
        session.commit()


def forget_old_jobs(days: int, now=None) -> int:
    """Delete the jobs finished more than `days` ago, and their files; return how many."""
    limit = (now or utcnow()) - timedelta(days=days)
    session = db.session
    old = session.scalars(select(Job).where(Job.finished_at < limit)).all()
    for job in old:
        path = file_path(job)
        for each in (path, partial_path(path)):
            each.unlink(missing_ok=True)
        session.delete(job)
    session.commit()
    return len(old)
