"""`flask backup` and `flask restore` on a database of their own (SQLite, or PostgreSQL in the PostgreSQL run):
backup, wipe, restore, and every table (the audit log included) and every file is as it was."""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import MetaData, inspect, select, text

from tests.conftest import SEED, new_database
from uprtrack import create_app
from uprtrack.accounts.users import create_user
from uprtrack.core.data_version import VERSION_KEY
from uprtrack.extensions import db
from uprtrack.models import Setting
from uprtrack.seed import reference as seed

FILES = {
    "evidence/3f/3f2a9c.pdf": b"%PDF-1.7\n" + os.urandom(50_000),
    "imports/5b1e.json": json.dumps({"rows": ["Slovenia", "Slovénie", "斯洛文尼亚"]}).encode(),
}


@pytest.fixture
def own_database(tmp_path):
    """A database for these tests alone: they wipe it."""
    with new_database(tmp_path, "uprtrack_backup") as uri:
        yield uri


@pytest.fixture
def own_app(own_database, tmp_path):
    uploads = tmp_path / "instance" / "uploads"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": own_database,
            "SECRET_KEY": "test",
            "UPLOAD_FOLDER": str(uploads),
        }
    )
    with app.app_context():
        upgrade()
        seed.load_reference(db.session, SEED)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    for name, content in FILES.items():
        (uploads / name).parent.mkdir(parents=True, exist_ok=True)
        (uploads / name).write_bytes(content)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def everything(app) -> dict[str, list[tuple]]:
    """Every row of every table in the database, the schema's revision and the audit log included."""
    with app.app_context(), db.engine.connect() as connection:
        tables = MetaData()
        tables.reflect(connection)
        return {
            name: sorted((tuple(row) for row in connection.execute(select(t))), key=repr)
            for name, t in sorted(tables.tables.items())
        }


def files(app) -> dict[str, bytes]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def wipe(app) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            tables = MetaData()
            tables.reflect(connection)
            tables.drop_all(connection)
        assert inspect(db.engine).get_table_names() == []
    for path in sorted(Path(app.config["UPLOAD_FOLDER"]).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_backup_wipe_restore_gives_back_every_row_and_file(own_app, tmp_path):
    before, kept = everything(own_app), files(own_app)
    assert (
        len(before["recommendation"]) == 632 and before["audit_entry"] and before["alembic_version"]
    )
    archive = tmp_path / "uprtrack.tar.gz"
    result = cli(own_app, "backup", str(archive))
    assert result.exit_code == 0, result.output
    assert (
        f"{len(kept)} files" in result.output and "632" not in result.output
    )  # rows are counted, not listed
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["tables"]["recommendation"] == 632 and len(manifest["files"]) == len(kept)

    wipe(own_app)
    assert everything(own_app) == {} and files(own_app) == {}
    result = cli(own_app, "restore", str(archive))
    assert result.exit_code == 0, result.output

    after = everything(own_app)
    version_before = [r for r in before["setting"] if r[0] == VERSION_KEY]
    version_after = [r for r in after["setting"] if r[0] == VERSION_KEY]
    assert (
        version_after != version_before
    )  # the charts cached before the restore are not shown again
    strip = {**after, "setting": [r for r in after["setting"] if r[0] != VERSION_KEY]}
    assert strip == {**before, "setting": [r for r in before["setting"] if r[0] != VERSION_KEY]}
    assert files(own_app) == kept
    with own_app.app_context():  # the keys go on where they were: a new row takes the next one
        user = create_user(
            db.session, "after.restore@example.org", "coordinator", "a long passphrase 1"
        )
        db.session.commit()
        assert user.id > max(row[0] for row in before["user_account"])


def test_restore_refuses_a_database_with_records_and_damaged_archives(own_app, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    assert cli(own_app, "backup", str(archive)).exit_code == 0
    again = cli(own_app, "backup", str(archive))
    assert again.exit_code != 0 and "exists already" in again.output

    with own_app.app_context():
        db.session.add(Setting(key="marker", value="after the backup"))
        db.session.commit()
    before, kept = everything(own_app), files(own_app)
    refused = cli(own_app, "restore", str(archive))
    assert (
        refused.exit_code != 0
        and "--replace" in refused.output
        and "Traceback" not in refused.output
    )

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "files/evidence/3f/3f2a9c.pdf":
                content = content[:-1] + bytes([content[-1] ^ 1])
            target.addfile(member, io.BytesIO(content))
    other_engine = tmp_path / "other-engine.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(other_engine, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                data = json.loads(content)
                data["engine"] = "sqlite" if data["engine"] == "postgresql" else "postgresql"
                content = json.dumps(data).encode()
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("not a backup")
    for path, message in (
        (damaged, "evidence/3f/3f2a9c.pdf in the archive is missing or damaged"),
        (other_engine, "restore it into the engine it was taken from"),
        (not_an_archive, "is not a readable backup archive"),
        (tmp_path / "missing.tar.gz", "is not a file"),
    ):
        result = cli(own_app, "restore", str(path), "--replace")
        assert result.exit_code != 0 and message in result.output, result.output
        assert everything(own_app) == before and files(own_app) == kept  # nothing changed

    replaced = cli(own_app, "restore", str(archive), "--replace")
    assert replaced.exit_code == 0, replaced.output
    with own_app.app_context():
        assert db.session.get(Setting, "marker") is None
        assert db.session.scalar(text("SELECT count(*) FROM recommendation")) == 632
