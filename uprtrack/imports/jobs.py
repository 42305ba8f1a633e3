"""An upload's two jobs, done by the worker so that a file of the whole index holds no web request: the check
(a dry run, whose report is the preview) and, once the person confirms, the import. The upload's page follows
them; what each finds is written to the upload's sidecar."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from uprtrack.core.storage import storage
from uprtrack.imports import pipeline, uploads
from uprtrack.imports.rows import ImportFileError
from uprtrack.jobs.exports import JobError
from uprtrack.models import Job

Progress = Callable[[int, int | None], None]


def run_check(session: Session, job: Job, progress: Progress) -> None:
    """Store the file's rows and roll back: the report and the first records it would create are the preview."""
    upload = _upload(job)
    try:
        with uploads.opened(upload) as parsed:
            report, sample = uploads.dry_run(
                session,
                parsed,
                upload.meta["state"],
                upload.meta.get("force", False),
                progress=_counted(progress, pipeline.row_count(parsed)),
            )
    except ImportFileError as error:
        storage().delete(upload.file_key)  # a file that cannot be read is not kept
        raise JobError(str(error)) from None
    except FileNotFoundError:  # cancelled, or gone with the day's old uploads, since the job began
        raise _gone() from None
    upload.meta.update(report=report.as_dict(), sample=sample)
    upload.write()


def run_import(session: Session, job: Job, progress: Progress) -> None:
    """Import the confirmed file and commit; the upload then keeps the report, not the file.

    An import that fails changes nothing, and the upload may be imported again or cancelled
    (`uploads.importing`).
    """
    upload = _upload(job)
    try:
        with uploads.opened(upload) as parsed:
            report = uploads.import_for_real(
                session, upload, job.owner, parsed, _counted(progress, pipeline.row_count(parsed))
            )
    except ImportFileError as error:
        raise JobError(str(error)) from None
    except FileNotFoundError:
        raise _gone() from None
    session.commit()
    uploads.finish(upload, report)


def _upload(job: Job) -> uploads.ImportUpload:
    upload = uploads.find(job.params["upload"])
    if upload is None:  # a file gone since is found so by `uploads.opened`
        raise _gone()
    return upload


def _gone() -> JobError:
    return JobError(_("The uploaded file is no longer kept: upload it again."))


def _counted(progress: Progress, total: int) -> Callable[[int], None]:
    """The import's progress (rows done since the last call) as the job's: rows done of all, a hundred times at most."""
    done = last = 0
    progress(0, total)

    def step(rows: int) -> None:
        nonlocal done, last
        done += rows
        if done - last >= max(1, total // 100) or done >= total:
            progress(done, total)
            last = done

    return step
