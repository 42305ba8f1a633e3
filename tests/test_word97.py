"""Word 97-2003 (.doc) matrices import like their .docx, through LibreOffice (Debian's, installed by `make test`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import DATA
from uprtrack.imports import word97
from uprtrack.imports.pipeline import parse_file
from uprtrack.imports.rows import ImportFileError
from uprtrack.models import Recommendation, Review, State

CYCLE2_DOCX = DATA / "ohchr" / "UPR20__Slovenia_ThematicListRecommendations_E.docx"


@pytest.fixture(scope="module")
def cycle2_doc(tmp_path_factory) -> Path:
    """OHCHR's cycle 2 matrix of Slovenia saved as Word 97-2003 by LibreOffice, as older matrices were published."""
    program = word97.converter()
    if program is None:
        pytest.fail("LibreOffice is missing: `make test` installs Debian's libreoffice-writer")
    folder = tmp_path_factory.mktemp("doc")
    subprocess.run(
        [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(folder), str(CYCLE2_DOCX)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    doc = folder / "UPR20__Slovenia_ThematicListRecommendations_E.doc"
    assert doc.read_bytes().startswith(
        b"\xd0\xcf\x11\xe0"
    )  # an OLE compound file, not a renamed .docx
    return doc


def test_a_doc_matrix_gives_the_same_rows_as_its_docx(cycle2_doc):
    from_docx, from_doc = parse_file(CYCLE2_DOCX), parse_file(cycle2_doc)
    assert (from_doc.state, from_doc.cycle, from_doc.session) == ("Slovenia", 2, 20)
    assert len(from_doc.rows) == len(from_docx.rows) == 163 and from_doc.rejected == []
    assert {row.source_file for row in from_doc.rows} == {cycle2_doc.name}
    for mine, theirs in zip(from_doc.rows, from_docx.rows, strict=True):
        assert {**asdict(mine), "source_file": None} == {**asdict(theirs), "source_file": None}


def test_the_import_command_takes_a_doc_matrix(cycle2_doc, runner, ctx):
    result = runner.invoke(args=["import", str(cycle2_doc)])
    assert result.exit_code == 0, result.output
    count = ctx.scalar(
        select(func.count())
        .select_from(Recommendation)
        .join(Review)
        .join(State)
        .where(State.iso3 == "SVN", Review.cycle == 2)
    )
    assert count == 163


def test_without_libreoffice_a_doc_gets_one_clear_line(cycle2_doc, monkeypatch):
    monkeypatch.setattr(word97.shutil, "which", lambda _name: None)
    with pytest.raises(
        ImportFileError, match=r"LibreOffice is not installed here: install LibreOffice"
    ):
        parse_file(cycle2_doc)


def test_a_file_named_doc_that_is_no_word_97_document_is_refused(tmp_path):
    fake = tmp_path / "matrix.doc"
    shutil.copyfile(CYCLE2_DOCX, fake)  # a .docx renamed .doc
    with pytest.raises(ImportFileError, match=r"matrix\.doc is not a Word 97-2003 document"):
        parse_file(fake)


def test_a_damaged_doc_is_refused_and_nothing_is_left_behind(tmp_path, monkeypatch):
    # A temporary folder of the test's own: the suite on the other database converts .doc files meanwhile.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    damaged = tmp_path / "damaged.doc"
    # An OLE header and a directory naming a WordDocument stream, and nothing a converter can read.
    damaged.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le")
    )
    with pytest.raises(
        ImportFileError, match=r"could not convert damaged\.doc to \.docx; the file may be"
    ):
        parse_file(damaged)
    assert list(scratch.iterdir()) == []


def test_the_import_page_previews_and_imports_a_doc_matrix(cycle2_doc, make_user, login, ctx):
    from tests.test_imports_views import upload

    make_user("coordinator@example.org", role="coordinator", org="National mechanism")
    coordinator = login("coordinator@example.org")
    preview = upload(coordinator, cycle2_doc)
    assert preview.status_code == 302, preview.get_data(as_text=True)
    page = coordinator.get(preview.headers["Location"]).get_data(as_text=True)
    assert cycle2_doc.name in page and "163" in page
    confirm = preview.headers["Location"] + "/confirm"
    assert coordinator.post(confirm).status_code == 302
    assert ctx.scalar(select(func.count()).select_from(Recommendation)) == 163
