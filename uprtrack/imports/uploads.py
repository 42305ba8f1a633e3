"""Uploaded import files kept between the preview and the confirmation.

An upload is kept in the app's storage as imports/<key><suffix> (the suffix tells the parsers the type; a .json
file as <key>.upload.json) beside a JSON sidecar imports/<key>.json holding what the person gave (the original
name in any script, kind, State), who uploaded it and when, the job that checks or imports it, and the preview.
The worker checks the file (`imports.jobs.run_check`, a dry run whose report is the preview); confirming has it
imported (`run_import`), which deletes the file and keeps the final report in the sidecar. Uploads older than a
day are removed when the next one starts.
"""

from __future__ import annotations

import json
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from uprtrack.core import audit
from uprtrack.core.storage import storage
from uprtrack.extensions import db
from uprtrack.imports import pipeline
from uprtrack.imports.new_recommendations import NewRecommendation
from uprtrack.imports.pipeline import ImportFileError, ImportReport, Parsed
from uprtrack.models import Evidence, Job, Pledge, TechnicalAssistance
from uprtrack.web.languages import review_label

FOLDER = "imports"
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
    meta: dict

    @property
    def file_key(self) -> str:
        suffix = self.meta["suffix"]
        # UHRI search results (.json) would overwrite the sidecar <key>.json: they wait as <key>.upload.json.
        name = f"{self.key}.upload{suffix}" if suffix == ".json" else f"{self.key}{suffix}"
        return f"{FOLDER}/{name}"

    @property
    def sidecar_key(self) -> str:
        return f"{FOLDER}/{self.key}.json"

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
        """Write the sidecar in one step (a storage's writes are whole): a reader never sees half of it."""
        storage().write_bytes(self.sidecar_key, json.dumps(self.meta, ensure_ascii=False).encode())

    def discard(self) -> None:
        storage().delete(self.file_key)
        storage().delete(self.sidecar_key)


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
    remove_stale()
    name = original_name(file)
    upload = ImportUpload(
        secrets.token_hex(16),
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
    with tempfile.TemporaryDirectory(prefix="uprtrack-upload-") as folder:
        path = Path(folder) / upload.file_key.rpartition("/")[2]
        file.save(path)
        # The matrix of another State than the one chosen is refused here, with the box to confirm it; nothing is
        # kept of a file refused.
        pipeline.check_state(session, parse(upload, path), state, force)
        storage().put_file(upload.file_key, path)
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
    try:
        meta = json.loads(storage().read_bytes(f"{FOLDER}/{key}.json"))
    except FileNotFoundError:
        return None
    return ImportUpload(key, meta)


@contextmanager
def opened(upload: ImportUpload) -> Iterator[Parsed]:
    """The kept file, parsed, for the block that reads its rows (a stream reads the file as it goes); raise
    FileNotFoundError when it is no longer kept."""
    with storage().local(upload.file_key) as path:
        yield parse(upload, path)


def parse(upload: ImportUpload, path: Path) -> Parsed:
    """Parse the upload's file at `path`; messages and the rows' source name carry the original name, not the
    stored one."""
    try:
        parsed = pipeline.parse_file(
            path,
            upload.meta["kind"],
            state=upload.meta["state"],
            filename=upload.meta["original_name"],
            **upload.meta.get("review", {}),
        )
    except ImportFileError as error:
        raise ImportFileError(str(error).replace(path.name, upload.meta["original_name"])) from None
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
    storage().delete(upload.file_key)
    upload.meta.update(done=True, report=report.as_dict(), sample=[])
    upload.write()


@contextmanager
def claim(upload: ImportUpload):
    """Let one request at a time confirm or cancel an upload: a second click must not import the file twice, nor
    a file being imported be cancelled."""
    lock = f"{FOLDER}/{upload.key}.lock"
    if not storage().claim(lock):
        raise UploadClaimed
    try:
        try:
            meta = json.loads(storage().read_bytes(upload.sidecar_key))
        except FileNotFoundError:
            raise UploadClaimed from None
        if meta.get("done") or importing(meta):
            raise UploadClaimed
        yield upload
    finally:
        storage().delete(lock)


def importing(meta: dict) -> Job | None:
    """The job importing the upload, while it waits or runs (one that failed has left the upload as it was)."""
    job = db.session.get(Job, meta["importing"]) if meta.get("importing") else None
    return job if job is not None and job.waiting else None


def remove_stale() -> None:
    """Remove uploads, reports and locks older than a day: an upload nobody confirmed is not kept."""
    limit = time.time() - MAX_AGE_SECONDS
    for stored in list(storage().listing(f"{FOLDER}/")):
        if stored.modified < limit:
            storage().delete(stored.key)  # a file another request removed first is no error
