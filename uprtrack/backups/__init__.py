"""Backups: the database and the uploaded files in one archive, taken consistently and restored whole.

An archive is a gzipped tar file holding `manifest.json` (what the archive holds: the engine, the schema's revision,
the rows of every table and the size and SHA-256 of every file), the database as its engine copies it (SQLite's
online backup API, or `pg_dump` in custom format) and `files/`, every stored file under its key.

Taking it is consistent: SQLite's backup copies one state of the database; on PostgreSQL the rows are counted in a
repeatable-read transaction whose snapshot `pg_dump` takes up (`--snapshot`), so the manifest counts exactly what the
dump holds. The files come from the app's storage, a folder or an S3 bucket (`core/storage.py`). Restoring checks
the whole archive (its manifest, every file's checksum, the engine) before it changes anything, refuses a database
that already holds records unless told to replace it, restores the database in one step (the backup API, or
`pg_restore --single-transaction`), swaps the upload folder (or writes every file to the bucket, then deletes the
objects the archive does not hold), and counts every table again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, inspect, select, table, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from uprtrack.core.storage import FolderStorage, Storage

FORMAT = 1
MANIFEST, SQLITE_COPY, PG_DUMP, FILES = (
    "manifest.json",
    "database.sqlite3",
    "database.dump",
    "files",
)
CHUNK = 1024 * 1024
# The tables whose rows make a database "hold records": the reference data that `flask seed` loads into a new
# installation (States, cycles, themes, providers) does not, so a restore goes into it without --replace.
RECORD_TABLES = (
    "user_account",
    "review",
    "recommendation",
    "pledge",
    "assistance",
    "evidence",
    "audit_entry",
)


class BackupError(Exception):
    """A backup or a restore that cannot go on; its message says why, and nothing was changed."""


@dataclass
class Manifest:
    engine: str
    revision: str | None
    tables: dict[str, int]
    files: list[dict] = field(default_factory=list)
    created: str = ""
    format: int = FORMAT

    def as_json(self) -> bytes:
        return json.dumps({"app": "uprtrack", **self.__dict__}, indent=1, sort_keys=True).encode()

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BackupError(f"The archive's manifest cannot be read: {error}") from error
        if not isinstance(data, dict) or data.get("app") != "uprtrack":
            raise BackupError("This archive is not a uprtrack backup.")
        if data.get("format") != FORMAT:
            raise BackupError(
                f"This backup is in format {data.get('format')!r}; this version of uprtrack reads format {FORMAT}."
            )
        try:
            return cls(
                engine=str(data["engine"]),
                revision=data.get("revision"),
                tables={str(k): int(v) for k, v in data["tables"].items()},
                files=[
                    {"path": str(f["path"]), "size": int(f["size"]), "sha256": str(f["sha256"])}
                    for f in data["files"]
                ],
                created=str(data.get("created", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BackupError(f"The archive's manifest is incomplete: {error}") from error


@dataclass
class Summary:
    """What a backup holds or a restore put back, for the command to print."""

    manifest: Manifest
    path: Path

    @property
    def rows(self) -> int:
        return sum(self.manifest.tables.values())

    @property
    def bytes(self) -> int:
        return sum(f["size"] for f in self.manifest.files)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                yield Path(root) / name


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL the PostgreSQL tools take, and the environment that carries its password (never in argv)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False
    ), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client of the server's major version "
            "(Debian: postgresql-client)."
        )
    return found


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            f"{Path(argv[0]).name} failed: {result.stderr.strip() or result.returncode}"
        )


def _counts(connection, names: list[str]) -> dict[str, int]:
    return {
        name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
        for name in names
    }


def _revision_and_counts(connection) -> tuple[str | None, dict[str, int]]:
    """The schema's revision (None before `flask db upgrade`) and the rows of every table."""
    names = sorted(inspect(connection).get_table_names())
    revision = (
        connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if "alembic_version" in names
        else None
    )
    return revision, _counts(connection, names)


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy one consistent state of a SQLite database with its online backup API (writers may go on meanwhile)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _snapshot_sqlite(engine: Engine, work: Path) -> tuple[str | None, dict[str, int]]:
    copy = work / SQLITE_COPY
    _copy_sqlite(_sqlite_path(engine), copy)
    copied = create_engine(f"sqlite:///{copy}", poolclass=NullPool)  # counts what the archive holds
    try:
        with copied.connect() as connection:
            return _revision_and_counts(connection)
    finally:
        copied.dispose()


def _snapshot_postgresql(engine: Engine, work: Path) -> tuple[str | None, dict[str, int]]:
    url, env = _libpq(engine.url)
    pg_dump = _tool("pg_dump")
    with (
        engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection,
        connection.begin(),
    ):
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        revision, counts = _revision_and_counts(connection)
        # pg_dump reads the same snapshot while this transaction holds it open
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={work / PG_DUMP}",
                url,
            ],
            env,
        )
    return revision, counts


def backup(engine: Engine, files: Storage, path: Path) -> Summary:
    """Write the database and the stored files to a new archive at `path`."""
    if path.exists():
        raise BackupError(f"{path} exists already: give the name of a new file.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    engines = {"sqlite": _snapshot_sqlite, "postgresql": _snapshot_postgresql}
    if engine.dialect.name not in engines:
        raise BackupError(
            f"Backups are made of SQLite and PostgreSQL databases, not {engine.dialect.name}."
        )
    with tempfile.TemporaryDirectory(prefix="uprtrack-backup-", dir=path.parent) as tmp:
        work = Path(tmp)
        revision, counts = engines[engine.dialect.name](engine, work)
        if revision is None:
            raise BackupError("The database is not set up: there is nothing to back up.")
        manifest = Manifest(
            engine=engine.dialect.name,
            revision=revision,
            tables=counts,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            database = SQLITE_COPY if manifest.engine == "sqlite" else PG_DUMP
            archive.add(work / database, arcname=database)
            for stored in list(files.listing()):
                try:
                    with files.local(stored.key) as file:
                        entry = {
                            "path": stored.key,
                            "size": file.stat().st_size,
                            "sha256": _sha256(file),
                        }
                        archive.add(file, arcname=f"{FILES}/{stored.key}", recursive=False)
                except FileNotFoundError:
                    continue  # deleted since it was listed (an upload imported meanwhile)
                manifest.files.append(entry)
            info = tarfile.TarInfo(MANIFEST)
            body = manifest.as_json()
            info.size, info.mtime = len(body), int(datetime.now(UTC).timestamp())
            with tempfile.TemporaryFile() as buffer:
                buffer.write(body)
                buffer.seek(0)
                archive.addfile(info, buffer)
        partial.replace(path)  # the archive appears whole or not at all
    return Summary(manifest, path)


def _unpack(path: Path, work: Path, engine: str) -> Manifest:
    """Unpack the archive and check all of it: the manifest, the database copy, every file's size and checksum."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    try:
        with tarfile.open(path, "r:*") as archive:
            archive.extractall(work, filter="data")  # no absolute paths, no links out, no devices
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is not a readable backup archive: {error}") from error
    manifest = Manifest.read(work / MANIFEST)
    if manifest.engine != engine:
        raise BackupError(
            f"This backup is of a {manifest.engine} database and the app is configured for {engine}: "
            "restore it into the engine it was taken from."
        )
    database = work / (SQLITE_COPY if manifest.engine == "sqlite" else PG_DUMP)
    if not database.is_file():
        raise BackupError("The archive holds no copy of the database.")
    listed = set()
    for entry in manifest.files:
        file = work / FILES / entry["path"]
        listed.add(file)
        if (
            not file.is_file()
            or file.stat().st_size != entry["size"]
            or _sha256(file) != entry["sha256"]
        ):
            raise BackupError(f"The file {entry['path']} in the archive is missing or damaged.")
    unlisted = [f for f in _files(work / FILES) if f not in listed]
    if unlisted:
        raise BackupError(
            f"The archive holds files its manifest does not list: {unlisted[0].relative_to(work)}."
        )
    return manifest


def holds_records(engine: Engine) -> bool:
    """Whether the database holds any account or record (reference data aside)."""
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        return any(_counts(connection, [n for n in RECORD_TABLES if n in present]).values())


def _restore_sqlite(engine: Engine, work: Path) -> None:
    engine.dispose()  # no pooled connection holds the old database open
    _copy_sqlite(work / SQLITE_COPY, _sqlite_path(engine))


def _restore_postgresql(engine: Engine, work: Path) -> None:
    url, env = _libpq(engine.url)
    engine.dispose()
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url}",
            str(work / PG_DUMP),
        ],
        env,
    )


def _put_back(restored: Path, files: Storage) -> None:
    """Make the storage hold the restored files and nothing else."""
    if isinstance(files, FolderStorage):
        _swap_folder(restored, files.root)
        return
    keys = set()
    for file in _files(restored):
        key = file.relative_to(restored).as_posix()
        files.put_file(key, file)
        keys.add(key)
    for stored in list(files.listing()):
        if stored.key not in keys:
            files.delete(stored.key)


def _swap_folder(restored: Path, folder: Path) -> None:
    """Put the restored upload folder in place of the current one; the current one is removed only after."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    old = folder.with_name(folder.name + ".before-restore")
    if old.exists():
        shutil.rmtree(old)
    if folder.exists():
        folder.replace(old)
    shutil.move(str(restored), str(folder))
    if old.exists():
        shutil.rmtree(old)


def restore(engine: Engine, files: Storage, path: Path, replace: bool = False) -> Summary:
    """Put back the database and the stored files from an archive `backup` wrote."""
    if engine.dialect.name not in ("sqlite", "postgresql"):
        raise BackupError(
            f"Backups are restored into SQLite and PostgreSQL databases, not {engine.dialect.name}."
        )
    # Unpacked beside the folder, the files move into it by renaming.
    folder = files.root if isinstance(files, FolderStorage) else None
    work_parent = folder.parent if folder is not None and folder.parent.is_dir() else None
    with tempfile.TemporaryDirectory(prefix="uprtrack-restore-", dir=work_parent) as tmp:
        work = Path(tmp)
        manifest = _unpack(path, work, engine.dialect.name)
        if not replace and holds_records(engine):
            raise BackupError(
                "The database already holds records: restoring would replace them. Run the command again with "
                "--replace to do so."
            )
        (_restore_sqlite if manifest.engine == "sqlite" else _restore_postgresql)(engine, work)
        restored = work / FILES
        restored.mkdir(exist_ok=True)
        _put_back(restored, files)
    with engine.connect() as connection:
        found = _counts(connection, list(manifest.tables))
    if found != manifest.tables:
        differ = sorted(
            name for name in manifest.tables if found.get(name) != manifest.tables[name]
        )
        raise BackupError(
            f"The restored database does not hold what the backup counted: {', '.join(differ)}."
        )
    return Summary(manifest, path)
