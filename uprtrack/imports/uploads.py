"""Uploaded import files kept between the preview and the confirmation.

An upload is stored as UPLOAD_FOLDER/imports/<key><suffix> (the suffix tells the parsers the type; a .json file
as <key>.upload.json) beside a JSON sidecar <key>.json holding what the person gave (the original name in any
script, kind, State), who uploaded it and when, the job that checks or imports it, and the preview. The worker
checks the file (`imports.jobs.run_check`, a dry run whose report is the preview); confirming has it imported
(`run_import`), which deletes the file and keeps the final report in the sidecar. Uploads older than a day are
removed when the next one starts.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from uprtrack.core import audit
from uprtrack.extensions import db
from uprtrack.imports import pipeline
from uprtrack.imports.new_recommendations import NewRecommendation
from uprtrack.imports.pipeline import ImportFileError, ImportReport, Parsed
from uprtrack.models import Evidence, Job, Pledge, TechnicalAssistance
from uprtrack.web.languages import review_label

KEY = re.compile(r"[0-9a-f]{32}")
SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
MAX_AGE_SECONDS = 24 * 60 * 60
SAMPLE_SIZE = 10
RECORDS = {  # new recommendations come as the values they will be written with, not as objects
    NewRecommendation: "recommendation",
    Pledge: "pledge",
    TechnicalAssistance: "assistance",
    Evidence: "evidence",
}


class UploadClaimed(Exception):
    """Another request is importing or cancelling this upload, or already has."""


@dataclass
class ImportUpload:
    key: str
    folder: Path
    meta: dict

    @property
    def path(self) -> Path:
        suffix = self.meta["suffix"]
        # UHRI search results (.json) would overwrite the sidecar <key>.json: they wait as <key>.upload.json.
        return self.folder / (
            f"{self.key}.upload{suffix}" if suffix == ".json" else f"{self.key}{suffix}"
        )

    @property
    def sidecar(self) -> Path:
        return self.folder / f"{self.key}.json"

    @property
    def done(self) -> bool:
        return self.meta.get("done", False)

    @property
    def uploaded_at(self) -> datetime:
        return datetime.fromisoformat(self.meta["uploaded_at"])

    @property
    def audited_name(self) -> str:
        return self.meta["original_name"][:64]  # the audit log's object id holds 64 characters

    def may_open(self, user) -> bool:
        """Only the person who uploaded the file, or an admin, sees and confirms it."""
        return user.role == "admin" or user.id == self.meta["user_id"]

    def write(self) -> None:
        """Write the sidecar in one step, so that a reader never sees half of it."""
        partial = self.sidecar.with_suffix(".json.partial")
        partial.write_text(json.dumps(self.meta, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.sidecar)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
        self.sidecar.unlink(missing_ok=True)


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def original_name(file: FileStorage) -> str:
    """Return the name the person's computer gave the file, without any folder, in whatever script it is written."""
    name = re.split(r"[/\\]", file.filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[-255:] or "upload"


def suffix_of(name: str) -> str:
    """Return the file's type suffix in lower case (".csv", even for a file named only ".CSV"), or ""."""
    suffix = "." + name.rpartition(".")[2].lower()
    return suffix if "." in name and SUFFIX.fullmatch(suffix) else ""


def receive(
    session: Session,
    file: FileStorage,
    *,
    kind: str,
    state: str | None,
    state_name: str | None,
    user,
    force: bool = False,
    review: dict[str, int] | None = None,
) -> ImportUpload:
    """Keep an uploaded file and audit the upload; raise ImportFileError, keeping nothing, if the file cannot be
    read or names another State. A table is read to its header here, a Word file whole; the check of every row
    is the worker's."""
    folder = upload_folder()
    remove_stale(folder)
    name = original_name(file)
    upload = ImportUpload(
        secrets.token_hex(16),
        folder,
        {
            "original_name": name,
            "suffix": suffix_of(name),
            "kind": kind,
            "state": state,
            "state_name": state_name,
            "force": force,
            "review": review or {},
            "user_id": user.id,
            "uploaded_by": user.email,
            "uploaded_at": datetime.now(UTC).isoformat(),
        },
    )
    file.save(upload.path)
    try:
        # The matrix of another State than the one chosen is refused here, with the box to confirm it.
        pipeline.check_state(session, parse(upload), state, force)
    except BaseException:
        upload.discard()
        raise
    upload.write()
    audit.record(
        session,
        "import-upload",
        "file",
        upload.audited_name,
        user=user,
        upload=upload.key,
        file_name=name,
        kind=kind,
        state=state,
    )
    return upload


def find(key: str) -> ImportUpload | None:
    """Return the upload with this key, or None for a key that is malformed, unknown or removed."""
    if not KEY.fullmatch(key):
        return None
    sidecar = upload_folder() / f"{key}.json"
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return ImportUpload(key, sidecar.parent, meta)


def parse(upload: ImportUpload) -> Parsed:
    """Parse the stored file; messages and the rows' source name carry the original name, not the stored one."""
    try:
        parsed = pipeline.parse_file(
            upload.path,
            upload.meta["kind"],
            state=upload.meta["state"],
            filename=upload.meta["original_name"],
            **upload.meta.get("review", {}),
        )
    except ImportFileError as error:
        raise ImportFileError(
            str(error).replace(upload.path.name, upload.meta["original_name"])
        ) from None
    if isinstance(parsed.rows, list):  # a stream's rows carry the name it was opened under
        for row in parsed.rows:
            if getattr(row, "source_file", None):
                row.source_file = upload.meta["original_name"]
    return parsed


def dry_run(
    session: Session,
    parsed: Parsed,
    state: str | None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> tuple[ImportReport, list[dict]]:
    """Store the rows and roll back; return the report and the first records it would create."""
    created = []

    def collect(record) -> None:
        if type(record) in RECORDS and len(created) < SAMPLE_SIZE:
            created.append(record)

    def pending(_session, record) -> None:
        collect(record)

    target = (
        session() if callable(session) else session
    )  # listen on the request's own session, not all of them
    event.listen(target, "transient_to_pending", pending)
    try:
        report = pipeline.store(
            session,
            parsed,
            state=state,
            dry_run=True,
            force=force,
            created=collect,
            progress=progress,
        )
    finally:
        event.remove(target, "transient_to_pending", pending)
    # Rolled-back records keep what was set on them; the States they name load again from the database.
    return report, [describe(record) for record in created]


def describe(record) -> dict:
    """Return what the preview shows of a record to be created."""
    if isinstance(record, NewRecommendation):
        return {
            "record": "recommendation",
            "state": record.review.state.name,
            "cycle": record.review.cycle,
            # A treaty body's or special procedure's review has no cycle: its mechanism and document name it.
            "review": "" if record.review.cycle else review_label(record.review),
            "paragraph": record.paragraph or "",
            "text": record.text,
            "position": record.position,
            "recommending_states": [s.name for s in record.recommending_states],
        }
    return {
        "record": RECORDS[type(record)],
        "state": record.state.name,
        "cycle": record.cycle,
        "paragraph": "",
        "text": record.text if isinstance(record, Pledge) else record.title,
        "position": None,
        "recommending_states": [],
    }


def import_for_real(
    session: Session,
    upload: ImportUpload,
    user,
    parsed: Parsed,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Store the rows of the stored file (as `parse` reads it) and audit the import; the caller commits."""
    report = pipeline.store(
        session,
        parsed,
        state=upload.meta["state"],
        force=upload.meta.get("force", False),
        progress=progress,
    )
    audit.record(
        session,
        "import",
        "file",
        upload.audited_name,
        user=user,
        **report.as_dict(),
        file_name=upload.meta["original_name"],
    )
    return report


def cancel(session: Session, upload: ImportUpload, user) -> None:
    """Delete an upload nobody will import, and audit it; the caller commits."""
    upload.discard()
    audit.record(
        session,
        "import-cancel",
        "file",
        upload.audited_name,
        user=user,
        upload=upload.key,
        file_name=upload.meta["original_name"],
    )


def finish(upload: ImportUpload, report: ImportReport) -> None:
    """Delete the imported file and keep the final report for the report page."""
    upload.path.unlink(missing_ok=True)
    upload.meta.update(done=True, report=report.as_dict(), sample=[])
    upload.write()


@contextmanager
def claim(upload: ImportUpload):
    """Let one request at a time confirm or cancel an upload: a second click must not import the file twice, nor
    a file being imported be cancelled."""
    lock = upload.folder / f"{upload.key}.lock"
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        raise UploadClaimed from None
    try:
        if not upload.sidecar.exists():
            raise UploadClaimed
        meta = json.loads(upload.sidecar.read_text(encoding="utf-8"))
        if meta.get("done") or importing(meta):
            raise UploadClaimed
        yield upload
    finally:
        lock.unlink(missing_ok=True)


def importing(meta: dict) -> Job | None:
    """The job importing the upload, while it waits or runs (one that failed has left the upload as it was)."""
    job = db.session.get(Job, meta["importing"]) if meta.get("importing") else None
    return job if job is not None and job.waiting else None


def remove_stale(folder: Path) -> None:
    """Remove uploads, reports and locks older than a day: an upload nobody confirmed is not kept."""
    limit = time.time() - MAX_AGE_SECONDS
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue  # another request removed it first
