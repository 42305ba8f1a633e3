"""Where files are kept: the upload folder, or S3-compatible storage. The same checks run on both; on S3 against
moto's S3 server, a real HTTP endpoint boto3 talks to as it talks to AWS or MinIO. Then the features that keep
files run on a bucket: evidence, an upload waiting for its import, an export job's file and a backup."""

import io
import os
import threading
import uuid
from pathlib import Path
from urllib.parse import quote

import boto3
import openpyxl
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import func, select

from tests.conftest import CYCLE4_PATH
from tests.test_backups import (  # noqa: F401  (own_app and own_database are fixtures)
    VERSION_KEY,
    everything,
    own_app,
    own_database,
    wipe,
)
from tests.test_follow_up_views import data  # noqa: F401  (a fixture)
from tests.test_imports_views import coordinator, counts, key_of, upload  # noqa: F401
from tests.test_uploads import CHINESE, make_pdf, post_published_pdf
from uprtrack.core.storage import (
    FolderStorage,
    S3Storage,
    StorageError,
    checked,
    content_disposition,
    from_config,
)
from uprtrack.models import Recommendation, Review, State

BUCKET_PREFIX = "uprtrack-test-"


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3 server on 127.0.0.1, with the fixed credentials it accepts."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", "uprtrack")
        env.setenv("AWS_SECRET_ACCESS_KEY", "uprtrack-secret")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint) -> S3Storage:
    """A new bucket for each test, kept under a prefix as a deployment sharing a bucket would."""
    bucket = BUCKET_PREFIX + uuid.uuid4().hex[:12]
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=bucket)
    return S3Storage(bucket, "uprtrack/", endpoint_url=s3_endpoint)


@pytest.fixture(params=["folder", "s3"])
def store(request, tmp_path):
    if request.param == "folder":
        return FolderStorage(tmp_path / "files")
    return request.getfixturevalue("s3")


@pytest.fixture
def on_s3(app, s3, monkeypatch) -> S3Storage:
    """The test app keeping its files in the bucket for this test."""
    monkeypatch.setitem(app.extensions, "uprtrack.storage", s3)
    return s3


def objects(s3: S3Storage) -> dict[str, bytes]:
    """What the bucket holds, read with boto3 itself: every object under the prefix, by its full name."""
    client = boto3.client("s3", endpoint_url=s3.client.meta.endpoint_url)
    found = client.list_objects_v2(Bucket=s3.bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=s3.bucket, Key=item["Key"])["Body"].read()
        for item in found
    }


# --- The interface, on both ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["../secret_key", "/etc/passwd", "a/../../b", "a\\b", "", "a//b"])
def test_keys_never_leave_the_storage(store, key):
    with pytest.raises(ValueError):
        store.write_bytes(key, b"x")
    with pytest.raises(ValueError):
        checked(key)


def test_files_are_kept_read_listed_and_deleted(store, tmp_path):
    pdf = make_pdf()
    store.save("3f2a9c", io.BytesIO(pdf))
    store.write_bytes("imports/5b1e.json", '{"name": "斯洛文尼亚"}'.encode())
    source = tmp_path / "matrix.csv"
    source.write_bytes(b"Id,Document\n1,A/HRC/58/15\n")
    store.put_file("jobs/0a1b.csv", source)
    assert not source.exists()  # moved in, not copied

    assert store.read_bytes("3f2a9c") == pdf and store.exists("jobs/0a1b.csv")
    listed = list(store.listing())
    assert [(f.key, f.size) for f in listed] == [
        ("3f2a9c", len(pdf)),
        ("imports/5b1e.json", len('{"name": "斯洛文尼亚"}'.encode())),
        ("jobs/0a1b.csv", 26),
    ]
    assert [f.key for f in store.listing("imports/")] == ["imports/5b1e.json"]
    with store.local("jobs/0a1b.csv") as path:
        assert path.read_bytes() == b"Id,Document\n1,A/HRC/58/15\n"

    store.delete("3f2a9c")
    store.delete("3f2a9c")  # already gone: nothing to do
    assert not store.exists("3f2a9c")
    with pytest.raises(FileNotFoundError):
        store.read_bytes("3f2a9c")
    with pytest.raises(FileNotFoundError), store.local("3f2a9c"):
        pass


def test_a_failed_write_keeps_nothing(store):
    def half_written():
        with store.writing("jobs/half.xlsx") as path:
            path.write_bytes(b"PK\x03\x04 half a workbook")
            raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError):
        half_written()
    assert list(store.listing()) == []
    with store.writing("jobs/whole.xlsx") as path:
        path.write_bytes(b"PK\x03\x04 a workbook")
    assert [f.key for f in store.listing()] == ["jobs/whole.xlsx"]


def test_of_two_claims_one_wins(store):
    results = []
    barrier = threading.Barrier(8)

    def claim():
        barrier.wait()
        results.append(store.claim("imports/5b1e.lock"))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]
    store.delete("imports/5b1e.lock")
    assert store.claim("imports/5b1e.lock")


def test_a_file_is_sent_under_its_name_in_any_script(app, store):
    store.write_bytes("3f2a9c", b"%PDF-1.4 report")
    with app.test_request_context():
        response = store.send("3f2a9c", mimetype="application/pdf", download_name=CHINESE)
        response.direct_passthrough = False
        assert response.get_data() == b"%PDF-1.4 report"
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == content_disposition(CHINESE)
        response.close()
        with pytest.raises(FileNotFoundError):
            store.send("gone", mimetype="application/pdf")


def test_content_disposition_keeps_the_name():
    assert content_disposition(CHINESE) == (
        f"attachment; filename=\"______ 2025.pdf\"; filename*=UTF-8''{quote(CHINESE, safe='')}"
    )


def test_the_bucket_holds_the_keys_under_the_prefix(s3):
    s3.write_bytes("jobs/0a1b.csv", b"Id\n")
    assert objects(s3) == {"uprtrack/jobs/0a1b.csv": b"Id\n"}


def test_a_bucket_that_cannot_be_reached_says_so(s3_endpoint):
    missing = S3Storage("uprtrack-no-such-bucket", endpoint_url=s3_endpoint)
    with pytest.raises(StorageError, match="uprtrack-no-such-bucket"):
        missing.write_bytes("3f2a9c", b"x")


def test_the_setting_names_the_storage(tmp_path):
    assert isinstance(from_config({"UPLOAD_FOLDER": str(tmp_path)}), FolderStorage)
    s3 = from_config(
        {
            "UPLOAD_FOLDER": str(tmp_path),
            "FILE_STORAGE": "s3://uprtrack-files/ohchr",
            "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
            "S3_REGION": "eu-central-1",
        }
    )
    assert (s3.bucket, s3.prefix, s3.client.meta.endpoint_url) == (
        "uprtrack-files",
        "ohchr/",
        "http://127.0.0.1:9000",
    )
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        from_config({"UPLOAD_FOLDER": str(tmp_path), "FILE_STORAGE": "/srv/files"})


def test_check_passes_where_files_can_be_kept(store):
    store.check()
    store.write_bytes("a/b", b"kept")
    assert store.read_bytes("a/b") == b"kept"


def test_check_fails_where_files_cannot_be_kept(tmp_path, s3_endpoint):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(StorageError, match="cannot be made"):
        FolderStorage(tmp_path / "a-file" / "uploads").check()
    with pytest.raises(StorageError, match="s3://uprtrack-no-such-bucket/ does not exist"):
        S3Storage("uprtrack-no-such-bucket", endpoint_url=s3_endpoint).check()


def test_health_says_unavailable_while_the_files_cannot_be_kept(app, client, tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setitem(
        app.extensions, "uprtrack.storage", FolderStorage(tmp_path / "a-file" / "uploads")
    )
    answer = client.get("/health")
    assert answer.status_code == 503 and answer.json["status"] == "unavailable"
    assert "file storage" in answer.json["reason"] and "a-file" not in answer.get_data(as_text=True)


def test_health_asks_the_bucket(app, client, s3, s3_endpoint, monkeypatch):
    monkeypatch.setitem(app.extensions, "uprtrack.storage", s3)
    assert client.get("/health").json["storage"] == "ok"
    missing = S3Storage("uprtrack-no-such-bucket", endpoint_url=s3_endpoint)
    monkeypatch.setitem(app.extensions, "uprtrack.storage", missing)
    answer = client.get("/health")
    assert answer.status_code == 503 and "no-such-bucket" not in answer.get_data(as_text=True)


# --- The features, on a bucket --------------------------------------------------------------------------------


def test_evidence_is_kept_in_the_bucket_and_downloaded_from_it(
    app, client, data, make_user, login, on_s3
):
    make_user("coord@example.org", role="coordinator", org="National mechanism")
    login("coord@example.org")
    before = set(Path(app.config["UPLOAD_FOLDER"]).rglob("*"))
    pdf, item = post_published_pdf(client, data)
    assert objects(on_s3) == {f"uprtrack/{item.file_key}": pdf}
    assert set(Path(app.config["UPLOAD_FOLDER"]).rglob("*")) == before  # nothing on the disk
    client.post("/sign-out")
    with client.get(f"/evidence/{item.id}/file") as download:
        assert download.status_code == 200 and download.data == pdf
        assert download.headers["Content-Disposition"] == content_disposition(CHINESE)
        assert download.headers["X-Content-Type-Options"] == "nosniff"
    on_s3.delete(item.file_key)
    assert client.get(f"/evidence/{item.id}/file").status_code == 404


def test_an_upload_waits_in_the_bucket_and_is_imported_from_it(coordinator, ctx, on_s3):
    key = key_of(upload(coordinator, CYCLE4_PATH))
    assert sorted(objects(on_s3)) == [
        f"uprtrack/imports/{key}.docx",
        f"uprtrack/imports/{key}.json",
    ]
    page = coordinator.get(f"/import/{key}").get_data(as_text=True)
    assert counts(page) == {"created": 254, "updated": 0, "unchanged": 0, "rejected": 0}
    assert coordinator.post(f"/import/{key}/confirm").status_code == 302
    assert ctx.scalar(select(func.count(Recommendation.id))) == 254
    assert sorted(objects(on_s3)) == [f"uprtrack/imports/{key}.json"]  # the report, not the file
    assert coordinator.post(f"/import/{key}/confirm").status_code == 302  # a second click
    assert ctx.scalar(select(func.count(Recommendation.id))) == 254


def test_an_export_job_writes_its_file_to_the_bucket(
    client, ctx, import_files, make_user, login, on_s3
):
    import_files(CYCLE4_PATH)
    make_user("coord@example.org", role="coordinator", org="Government Office")
    login("coord@example.org")
    asked = client.post("/jobs/export?state=SVN&cycle=4&education=0", data={"format": "xlsx"})
    job_id = asked.headers["Location"].rsplit("/", 1)[1]
    assert list(objects(on_s3)) == [f"uprtrack/jobs/{job_id}.xlsx"]
    file = client.get(f"/jobs/{job_id}/file")
    content = file.data
    file.close()
    assert file.status_code == 200 and content == objects(on_s3)[f"uprtrack/jobs/{job_id}.xlsx"]
    svn = ctx.scalar(select(State.id).where(State.iso3 == "SVN"))
    count = ctx.scalar(
        select(func.count(Recommendation.id))
        .join(Review)
        .where(Review.state_id == svn, Review.cycle == 4)
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Matrix"]
    ids = [row[0] for row in sheet.iter_rows(min_row=6, values_only=True) if row[0] and row[1]]
    assert len(ids) == count > 200


def test_a_backup_of_a_bucket_restores_every_object_and_row(own_app, s3, tmp_path):
    own_app.extensions["uprtrack.storage"] = s3
    files = {
        "3f2a9c": b"%PDF-1.7\n" + os.urandom(50_000),
        "imports/5b1e.json": '{"rows": ["Slovenia", "斯洛文尼亚"]}'.encode(),
        "jobs/0a1b.csv": b"Id,Document\n",
    }
    for key, content in files.items():
        s3.write_bytes(key, content)
    before = everything(own_app)
    archive = tmp_path / "backup.tar.gz"
    result = own_app.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "3 files" in result.output

    wipe(own_app)
    for key in files:
        s3.delete(key)
    s3.write_bytes("stray", b"written after the backup")
    result = own_app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert objects(s3) == {f"uprtrack/{key}": content for key, content in files.items()}
    after = everything(own_app)

    def unversioned(
        tables,
    ):  # the restore gives the data a new version, for the charts cached before it
        return {**tables, "setting": [r for r in tables["setting"] if r[0] != VERSION_KEY]}

    assert unversioned(after) == unversioned(before) and before["audit_entry"]


def test_a_backup_of_a_bucket_that_cannot_be_reached_says_so(own_app, s3_endpoint, tmp_path):
    own_app.extensions["uprtrack.storage"] = S3Storage(
        "uprtrack-no-such-bucket", endpoint_url=s3_endpoint
    )
    archive = tmp_path / "backup.tar.gz"
    result = own_app.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 1 and "uprtrack-no-such-bucket" in result.output
    assert "Traceback" not in result.output and not archive.exists()
