"""Where uploaded and generated files are kept: a folder (a shared volume when there are several servers), or a
bucket of S3-compatible storage (AWS S3, MinIO, Ceph, Garage...) through boto3.

Every file is named by a key of our own making ("<hex>" for evidence, "jobs/<id>.xlsx" for an export,
"imports/<hex>.csv" for an upload waiting for its import): the names people give files are data, never keys. The
folder keeps a key as the same path under it; a bucket as an object under a prefix. Callers see one interface:
`save`, `put_file`, `write_bytes`, `read_bytes`, `writing`, `local`, `delete`, `exists`, `listing`, `claim`,
`send` and `check`, so that no feature knows which storage it runs on.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlsplit

from flask import Flask, Response, current_app, send_file

KEY = re.compile(r"[0-9A-Za-z_-][0-9A-Za-z._-]*(/[0-9A-Za-z_-][0-9A-Za-z._-]*)*")
CHUNK = 1024 * 1024
# What S3 answers a conditional write whose key exists already (or is being written by another request).
CLAIMED = ("PreconditionFailed", "ConditionalRequestConflict", "412", "409")


class StorageError(Exception):
    """The storage cannot be reached or refused a request; its message says which and why."""


@dataclass(frozen=True)
class Stored:
    """A kept file: its key, size in bytes and when it was last written (seconds since the epoch)."""

    key: str
    size: int
    modified: float


def checked(key: str) -> str:
    """Refuse a key that is not one of ours (an absolute path, "..", a backslash): it could leave the storage."""
    if not KEY.fullmatch(key) or ".." in key.split("/"):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class FolderStorage:
    """Files under one folder; every write appears whole or not at all (written aside, then renamed)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"the folder {self.root}"

    def path(self, key: str) -> Path:
        return self.root / checked(key)

    @contextmanager
    def writing(self, key: str) -> Iterator[Path]:
        """A path to write the file at; it is kept under `key` when the block ends without an error."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = self._partial(target)
        try:
            yield partial
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)

    def save(self, key: str, stream: BinaryIO) -> None:
        stream.seek(0)
        with self.writing(key) as path, path.open("wb") as target:
            shutil.copyfileobj(stream, target, CHUNK)

    def put_file(self, key: str, source: Path) -> None:
        """Keep a local file under `key`, moving it (the source is gone after)."""
        with self.writing(key) as path:
            shutil.move(source, path)

    def write_bytes(self, key: str, data: bytes) -> None:
        with self.writing(key) as path:
            path.write_bytes(data)

    def read_bytes(self, key: str) -> bytes:
        """The file's content; FileNotFoundError when there is none."""
        return self.path(key).read_bytes()

    @contextmanager
    def local(self, key: str) -> Iterator[Path]:
        """A local path holding the file while the block runs; FileNotFoundError when there is none."""
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        yield path

    def delete(self, key: str) -> None:
        """Delete the file, and what a writer killed on the way may have left of it."""
        path = self.path(key)
        path.unlink(missing_ok=True)
        self._partial(path).unlink(missing_ok=True)

    @staticmethod
    def _partial(path: Path) -> Path:
        return path.with_name(f".{path.name}.partial")

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def listing(self, prefix: str = "") -> Iterator[Stored]:
        """Every kept file whose key starts with `prefix`, in key order (files being written are not listed)."""
        base = self.root / prefix.rstrip("/") if prefix else self.root
        if not base.is_dir():
            return
        for folder, dirs, names in os.walk(base):
            dirs.sort()
            for name in sorted(names):
                if name.startswith("."):
                    continue
                path = Path(folder) / name
                with suppress(FileNotFoundError):  # removed by another request meanwhile
                    stat = path.stat()
                    yield Stored(
                        path.relative_to(self.root).as_posix(), stat.st_size, stat.st_mtime
                    )

    def claim(self, key: str) -> bool:
        """Create an empty file under `key` unless one exists; True when this call created it."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def send(self, key: str, *, mimetype: str, download_name: str | None = None) -> Response:
        """The file as a response; FileNotFoundError when there is none."""
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        return _named(send_file(path, mimetype=mimetype, max_age=0), download_name)

    def check(self) -> None:
        """Raise StorageError unless files can be kept here: the folder is there (or can be made) and writable."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"{self!r} cannot be made: {error.strerror}") from error
        if not self.root.is_dir() or not os.access(self.root, os.W_OK | os.X_OK):
            raise StorageError(f"{self!r} is not a folder this server may write in")


class S3Storage:
    """Objects in a bucket of S3-compatible storage, under a prefix. The credentials are boto3's: the
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables, a shared credentials file or the machine's role."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str = "", region: str = ""):
        import boto3  # only a deployment on S3 needs it loaded
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            config=Config(retries={"mode": "standard", "max_attempts": 5}),
        )

    def __repr__(self) -> str:
        return f"the bucket s3://{self.bucket}/{self.prefix}"

    def object(self, key: str) -> str:
        return self.prefix + checked(key)

    @contextmanager
    def _reaching(self, key: str) -> Iterator[None]:
        """Turn the client's errors into FileNotFoundError (no such object) or StorageError (anything else)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            yield
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(key) from None
            raise StorageError(f"{self!r} refused {key}: {code or error}") from error
        except BotoCoreError as error:
            raise StorageError(f"{self!r} cannot be reached: {error}") from error

    @contextmanager
    def writing(self, key: str) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="uprtrack-") as folder:
            path = Path(folder) / "file"
            yield path
            self.put_file(key, path)

    def save(self, key: str, stream: BinaryIO) -> None:
        stream.seek(0)
        with self._reaching(key):
            self.client.upload_fileobj(stream, self.bucket, self.object(key))

    def put_file(self, key: str, source: Path) -> None:
        with self._reaching(key):
            self.client.upload_file(str(source), self.bucket, self.object(key))
        Path(source).unlink(missing_ok=True)

    def write_bytes(self, key: str, data: bytes) -> None:
        with self._reaching(key):
            self.client.put_object(Bucket=self.bucket, Key=self.object(key), Body=data)

    def read_bytes(self, key: str) -> bytes:
        with self._reaching(key):
            return self.client.get_object(Bucket=self.bucket, Key=self.object(key))["Body"].read()

    @contextmanager
    def local(self, key: str) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="uprtrack-") as folder:
            path = Path(folder) / Path(key).name
            with self._reaching(key):
                self.client.download_file(self.bucket, self.object(key), str(path))
            yield path

    def delete(self, key: str) -> None:
        with self._reaching(key):
            self.client.delete_object(Bucket=self.bucket, Key=self.object(key))

    def exists(self, key: str) -> bool:
        try:
            with self._reaching(key):
                self.client.head_object(Bucket=self.bucket, Key=self.object(key))
        except FileNotFoundError:
            return False
        return True

    def listing(self, prefix: str = "") -> Iterator[Stored]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + prefix
        )
        with self._reaching(prefix or "/"):
            for page in pages:
                for item in page.get("Contents", ()):
                    yield Stored(
                        item["Key"].removeprefix(self.prefix),
                        item["Size"],
                        item["LastModified"].timestamp(),
                    )

    def claim(self, key: str) -> bool:
        """A conditional write (If-None-Match: *): of two servers claiming the same key, one wins."""
        from botocore.exceptions import ClientError

        with self._reaching(key):
            try:
                self.client.put_object(
                    Bucket=self.bucket, Key=self.object(key), Body=b"", IfNoneMatch="*"
                )
            except ClientError as error:
                if error.response["Error"]["Code"] in CLAIMED:
                    return False
                raise
        return True

    def send(self, key: str, *, mimetype: str, download_name: str | None = None) -> Response:
        """The object streamed through the app, so that the app's access rules stay the only way to it."""
        with self._reaching(key):
            found = self.client.get_object(Bucket=self.bucket, Key=self.object(key))
        body = found["Body"]

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK)
            finally:
                body.close()

        response = Response(chunks(), mimetype=mimetype, direct_passthrough=True)
        response.content_length = found["ContentLength"]
        response.headers["Cache-Control"] = "no-cache"
        return _named(response, download_name)

    def check(self) -> None:
        """Raise StorageError unless the bucket answers and lets these credentials in."""
        try:
            with self._reaching(self.bucket):
                self.client.head_bucket(Bucket=self.bucket)
        except FileNotFoundError:
            raise StorageError(f"{self!r} does not exist") from None


def content_disposition(name: str) -> str:
    """An attachment header that keeps a name in any script (RFC 6266 with RFC 5987's filename*)."""
    fallback = (
        "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\%' else "_" for ch in name) or "file"
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _named(response: Response, download_name: str | None) -> Response:
    if download_name is not None:
        response.headers["Content-Disposition"] = content_disposition(download_name)
    return response


Storage = FolderStorage | S3Storage


def from_config(config) -> Storage:
    """The storage the settings name: FILE_STORAGE s3://bucket/prefix, or the upload folder when it is empty."""
    url = config.get("FILE_STORAGE") or ""
    if not url:
        return FolderStorage(config["UPLOAD_FOLDER"])
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"FILE_STORAGE must be empty or s3://bucket/prefix, not {url!r}")
    return S3Storage(
        parts.netloc,
        parts.path,
        endpoint_url=config.get("S3_ENDPOINT_URL") or "",
        region=config.get("S3_REGION") or "",
    )


def init_app(app: Flask) -> None:
    app.extensions["uprtrack.storage"] = from_config(app.config)


def storage() -> Storage:
    """The app's storage."""
    return current_app.extensions["uprtrack.storage"]
