"""Evidence files: real small files of every accepted kind, the disguised ones refused, names in any script kept."""

import io
import os
import re
import struct
import zipfile
import zlib
from urllib.parse import quote

import docx
import openpyxl
import pytest
from sqlalchemy import select

from tests.conftest import DATA
from tests.test_follow_up_views import data, login, one, rec  # noqa: F401  (data and login are fixtures)
from uprtrack.core.file_types import OLE
from uprtrack.follow_up import evidence_files as uploads
from uprtrack.models import AuditEntry, Evidence, State

XLS = DATA / "upr_info" / "upr-info_voluntary-pledges_sessions01-19_original-export.xls"
CHINESE = "教育发展报告 2025.pdf"
ARABIC = "تقرير التعليم الشامل.docx"


def make_pdf() -> bytes:
    """A one-page PDF written by hand, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_png() -> bytes:
    """A 1x1 white PNG: signature, IHDR, IDAT, IEND with their CRCs."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Poročilo o vključujočem izobraževanju")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Enrolment", 2025, 0.97])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def ole_with(stream: str) -> bytes:
    """An OLE compound file header and a directory sector naming one stream, as legacy Word files carry."""
    header = OLE + bytes(504)
    entry = stream.encode("utf-16-le").ljust(64, b"\x00") + struct.pack("<H", 2 * len(stream) + 2)
    return header + entry.ljust(512, b"\x00")


GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
    b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\r\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + bytes(48)
    + b"This program cannot be run in DOS"
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def checked(content: bytes, name: str):
    return uploads.check(io.BytesIO(content), name)


@pytest.mark.parametrize(
    "content, name, mime",
    [
        (make_pdf(), "report.pdf", "application/pdf"),
        (make_png(), "chart.PNG", "image/png"),
        (JPEG, "photo.jpeg", "image/jpeg"),
        (JPEG, "photo.jpg", "image/jpeg"),
        (GIF, "icon.gif", "image/gif"),
        (WEBP, "picture.webp", "image/webp"),
        (
            make_docx(),
            "act.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            make_xlsx(),
            "budget.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (XLS.read_bytes(), "pledges.xls", "application/vnd.ms-excel"),
        (ole_with("WordDocument"), "old act.doc", "application/msword"),
    ],
)
def test_accepted_files(content, name, mime):
    result = checked(content, name)
    assert (result.name, result.mime, result.size) == (name, mime, len(content))


@pytest.mark.parametrize(
    "content, name, message",
    [
        (EXE, "report.pdf", "the content of this file is none of these"),
        (HTML, "chart.png", "the content of this file is none of these"),
        (
            make_pdf(),
            "chart.png",
            "The content of the file is PDF but its name ends in “.png”: give it the extension "
            ".pdf.",
        ),
        (make_docx(), "budget.xlsx", "is Word (.docx) but its name ends in “.xlsx”"),
        (make_xlsx(), "report", "its name ends in “no extension”"),
        (JPEG, "photo.png", "give it the extension .jpg or .jpeg"),
        (
            make_zip(["word/document.xml"]),
            "act.docx",
            "none of these",
        ),  # no [Content_Types].xml: not Office
        (make_zip(["[Content_Types].xml", "content.xml"]), "act.docx", "none of these"),
        (b"PK\x03\x04" + bytes(200), "act.docx", "none of these"),  # a damaged ZIP
        (ole_with("PowerPoint Document"), "slides.doc", "none of these"),
        (XLS.read_bytes(), "pledges.doc", "is Excel (.xls) but its name ends in “.doc”"),
        (b"", "empty.pdf", "The file is empty."),
    ],
)
def test_refused_files(content, name, message):
    with pytest.raises(uploads.UploadRefused) as refusal:
        checked(content, name)
    assert message in str(refusal.value)


def test_size_limit():
    big = io.BytesIO(make_pdf() + bytes(uploads.DEFAULT_MAX_BYTES))
    with pytest.raises(uploads.UploadRefused, match="larger than the limit of 20 MB"):
        uploads.check(big, "large.pdf")
    assert uploads.check(io.BytesIO(make_pdf()), "small.pdf", max_bytes=2048).size < 2048
    with pytest.raises(uploads.UploadRefused, match="limit of 1 KB"):
        uploads.check(io.BytesIO(make_pdf() * 4), "small.pdf", max_bytes=1024)


@pytest.mark.parametrize(
    "raw, kept",
    [
        (CHINESE, CHINESE),
        (ARABIC, ARABIC),
        ("Poročilo o šolstvu.xlsx", "Poročilo o šolstvu.xlsx"),
        ("C:\\Users\\mojca\\Documents\\Zakon o šolstvu.pdf", "Zakon o šolstvu.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("tab\tand\nnewline\x00.pdf", "tabandnewline.pdf"),
        ("\u202efdp.exe", "fdp.exe"),  # a right-to-left override would show it as "exe.pdf"
        ("Poroc\u030cilo.pdf", "Poročilo.pdf"),  # decomposed č is composed
        ("  ..hidden.pdf  ", "hidden.pdf"),
    ],
)
def test_names_keep_any_script(raw, kept):
    assert uploads.clean_name(raw) == kept


def test_long_names_keep_their_extension():
    name = uploads.clean_name("报告" * 200 + ".docx")
    assert (
        len(name) == uploads.MAX_NAME_LENGTH
        and name.startswith("报告报告")
        and name.endswith(".docx")
    )


# --- Through the screens ---------------------------------------------------------------------------------------


def stored(app) -> set[str]:
    return set(os.listdir(app.config["UPLOAD_FOLDER"]))


def evidence_post(ctx, content: bytes, name: str, **values):
    slovenia = ctx.scalar(select(State.id).where(State.iso3 == "SVN"))
    return {
        "state_id": slovenia,
        "title": "Strategy for inclusive education 2025-2030",
        "kind": "policy",
        "cycle": "4",
        "file": (io.BytesIO(content), name),
        **values,
    }


def post_published_pdf(client, data) -> tuple[bytes, Evidence]:
    """Post a PDF under a Chinese name as published evidence; return the file and the record made."""
    pdf = make_pdf()
    response = client.post(
        "/evidence/new",
        data=evidence_post(data, pdf, CHINESE, published="y"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    return pdf, one(data, Evidence, title="Strategy for inclusive education 2025-2030")


def test_chinese_file_name_round_trip(app, client, login, data):
    login("coord@example.org")
    before = stored(app)
    pdf, item = post_published_pdf(client, data)
    assert (item.file_name, item.file_type, item.file_size) == (
        CHINESE,
        "application/pdf",
        len(pdf),
    )
    assert stored(app) - before == {
        item.file_key
    }  # under the generated key, never under the person's name
    entry = data.scalar(select(AuditEntry).where(AuditEntry.action == "attach-file"))
    assert entry.object_id == str(item.id) and entry.detail["name"] == CHINESE
    client.post("/sign-out")
    with client.get(f"/evidence/{item.id}/file") as download:
        assert download.data == pdf and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].endswith(
        f"filename*=UTF-8''{quote(CHINESE, safe='')}"
    )
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Cache-Control"] != "private, no-store"
    assert CHINESE in client.get(f"/evidence/{item.id}").get_data(as_text=True)


def test_arabic_file_on_a_recommendation_is_private_until_published(app, client, login, data):
    target = rec(data, "140.131")
    login("focal@example.org")
    content = make_docx()
    response = client.post(
        f"/recommendations/{target.id}/evidence",
        data={
            "evidence-title": "Inclusive education guidance",
            "evidence-kind": "policy",
            "evidence-file": (io.BytesIO(content), ARABIC),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    item = one(data, Evidence, title="Inclusive education guidance")
    assert item.file_name == ARABIC and not item.published
    assert [
        e.action
        for e in data.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "evidence", AuditEntry.object_id == str(item.id))
            .order_by(AuditEntry.id)
        )
    ] == ["create", "attach-file", "link"]
    with client.get(f"/evidence/{item.id}/file") as download:
        assert download.data == content and download.headers["Cache-Control"] == "private, no-store"
    client.post("/sign-out")
    assert client.get(f"/evidence/{item.id}/file").status_code == 404
    login("coord@example.org")
    # A focal point's evidence is proposed: the national mechanism's validation publishes it.
    client.post("/validation/validate", data={"one": f"evidence-{item.id}"})
    client.post("/sign-out")
    with client.get(f"/evidence/{item.id}/file") as download:
        assert download.status_code == 200 and download.data == content
        assert quote(ARABIC, safe="") in download.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "content, name, message",
    [
        (EXE, "report.pdf", "Only PDF, Word, Excel and image files"),
        (HTML, "chart.png", "Only PDF, Word, Excel and image files"),
        (
            make_pdf() + bytes(uploads.DEFAULT_MAX_BYTES),
            "large.pdf",
            "The file is larger than the limit of 20 MB.",
        ),
    ],
)
def test_refused_file_stores_nothing_and_says_why(app, client, login, data, content, name, message):
    target = rec(data, "140.31")
    login("focal@example.org")
    before = stored(app)
    response = client.post(
        f"/recommendations/{target.id}/evidence",
        data={
            "evidence-title": "Disguised file",
            "evidence-kind": "report",
            "evidence-file": (io.BytesIO(content), name),
        },
        content_type="multipart/form-data",
    )
    response.request.input_stream.close()  # the test client's encoded body of a large file is a temporary file
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(r'<p class="error" id="evidence-file-error">(.*?)</p>', page, re.S)
    assert error and message in error.group(1)
    assert 'value="Disguised file"' in page
    assert stored(app) == before
    assert data.scalar(select(Evidence).where(Evidence.title == "Disguised file")) is None


def test_replacing_a_file_removes_the_old_one(app, client, login, data):
    login("coord@example.org")
    client.post(
        "/evidence/new",
        data=evidence_post(data, make_pdf(), "first.pdf"),
        content_type="multipart/form-data",
    )
    item = one(data, Evidence, title="Strategy for inclusive education 2025-2030")
    first = item.file_key
    response = client.post(
        f"/evidence/{item.id}/edit",
        data=evidence_post(data, make_xlsx(), "Proračun 2025.xlsx", version=item.version),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    item = one(data, Evidence, id=item.id)
    assert (
        item.file_name == "Proračun 2025.xlsx"
        and first not in stored(app)
        and item.file_key in stored(app)
    )
    entry = data.scalars(
        select(AuditEntry).where(AuditEntry.action == "attach-file").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.detail["replaced"] == first


def test_a_refused_edit_keeps_no_file(app, client, login, data):
    login("coord@example.org")
    client.post(
        "/evidence/new",
        data=evidence_post(data, make_pdf(), "first.pdf"),
        content_type="multipart/form-data",
    )
    item = one(data, Evidence, title="Strategy for inclusive education 2025-2030")
    before = stored(app)
    response = client.post(
        f"/evidence/{item.id}/edit",
        data=evidence_post(data, make_png(), "chart.png", version=item.version - 1),
        content_type="multipart/form-data",
    )
    assert response.status_code == 409 and stored(app) == before
    assert one(data, Evidence, id=item.id).file_name == "first.pdf"
