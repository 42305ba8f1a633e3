"""Imports from the browser: upload, preview that writes nothing, confirm, cancel, who may do what, on real files."""

import csv
import io
import json
import os
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import DATA
from uprtrack.config import PROJECT_ROOT
from uprtrack.extensions import db
from uprtrack.models import (
    AuditEntry,
    Evidence,
    Pledge,
    Recommendation,
    Review,
    TechnicalAssistance,
)

OHCHR = DATA / "ohchr"
CYCLE2 = OHCHR / "UPR20__Slovenia_ThematicListRecommendations_E.docx"
CYCLE3 = OHCHR / "UPR34_Slovenia_Thematic_list_of_Recommendations.docx"
CYCLE4 = OHCHR / "upr48-slovenia-thematic-list-of-recommendatio.docx"
UPR_INFO = DATA / "upr_info" / "upr-info_right-to-education_sessions01-20.csv"
PLEDGES_XLS = DATA / "upr_info" / "upr-info_voluntary-pledges_sessions01-19_original-export.xls"
DOWNLOADS = PROJECT_ROOT / "static" / "import-templates"
TEMPLATE_FILES = (
    "recommendations.csv",
    "recommendations.xlsx",
    "pledges.csv",
    "assistance.csv",
    "evidence.csv",
)
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def imports_folder(app):
    """The folder uploads wait in, emptied around each test (the app, and so the folder, lives for the whole run)."""
    folder = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        path.unlink()
    yield folder
    for path in folder.iterdir():
        path.unlink()


@pytest.fixture
def coordinator(make_user, login):
    make_user("coordinator@example.org", role="coordinator", org="National mechanism")
    return login("coordinator@example.org")


def upload(client, path=None, *, content=None, name=None, kind="auto", state="", **review):
    """Post a file as a browser does; the body is encoded here because the test client leaves a large one open."""
    data = content if content is not None else path.read_bytes()
    fields = {
        "file": FileStorage(io.BytesIO(data), name or path.name),
        "kind": kind,
        "state": state,
    }
    boundary, body = encode_multipart(fields | {k: str(v) for k, v in review.items()})
    return client.post(
        "/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def key_of(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.fullmatch(r"/import/([0-9a-f]{32})", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def counts(page: str) -> dict[str, int]:
    return {
        name: int(re.search(rf'id="count-{name}">(\d+)<', page).group(1))
        for name in ("created", "updated", "unchanged", "rejected")
    }


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def imports(ctx) -> list[AuditEntry]:
    ctx.expire_all()
    return list(
        ctx.scalars(select(AuditEntry).where(AuditEntry.action == "import").order_by(AuditEntry.id))
    )


def test_upload_page_offers_kinds_states_templates_and_recent_imports(coordinator, runner):
    assert runner.invoke(args=["import", str(CYCLE2)]).exit_code == 0
    page = coordinator.get("/import").get_data(as_text=True)
    assert (
        'enctype="multipart/form-data"' in page
        and 'accept=".docx,.doc,.csv,.xls,.xlsx,.json,.jsonl"' in page
    )
    assert '<label for="file">File to import</label>' in page
    for kind in ("auto", "ohchr-matrix", "upr-info", "pledges", "template"):
        assert f'value="{kind}"' in page
    assert "OHCHR matrix: thematic list of recommendations (Word)" in page
    assert '<option selected value="">As the file says</option>' in page
    assert '<option value="SVN">Slovenia</option>' in page
    assert 'id="kinds"' in page and "at most 25 MB" in page
    recent = page[page.index('id="recent"') :]
    assert (
        "command line" in recent
        and CYCLE2.name in recent
        and '<td data-label="Created">163</td>' in recent
    )
    for name in TEMPLATE_FILES:
        assert f'href="/static/import-templates/{name}" download' in page


@pytest.mark.parametrize("name", TEMPLATE_FILES)
def test_downloadable_templates_are_the_documented_samples(client, name):
    response = client.get(f"/static/import-templates/{name}")
    assert response.status_code == 200
    assert response.data == (DATA / "template" / name).read_bytes()
    response.close()


@pytest.mark.slow
@pytest.mark.parametrize("path, total", [(CYCLE2, 163), (CYCLE3, 215), (CYCLE4, 254)])
def test_matrix_preview_writes_nothing_then_confirm_imports_once(
    coordinator, ctx, imports_folder, path, total
):
    key = key_of(upload(coordinator, path))
    assert sorted(p.name for p in imports_folder.iterdir()) == [f"{key}.docx", f"{key}.json"]
    page = coordinator.get(f"/import/{key}").get_data(as_text=True)
    assert counts(page) == {"created": total, "updated": 0, "unchanged": 0, "rejected": 0}
    assert f"The first 10 of the {total} records to create" in page
    assert "Import these rows" in page and "Slovenia" in page
    assert count(Recommendation) == 0 and count(Review) == 0 and imports(ctx) == []

    response = coordinator.post(f"/import/{key}/confirm")
    assert response.headers["Location"] == f"/import/{key}"
    assert count(Recommendation) == total
    assert [p.name for p in imports_folder.iterdir()] == [
        f"{key}.json"
    ]  # the file is deleted, the report kept
    report = coordinator.get(f"/import/{key}").get_data(as_text=True)
    assert f"Import report: {path.name}" in report and "is imported." in report
    assert counts(report)["created"] == total and "Import these rows" not in report
    [entry] = imports(ctx)
    assert (entry.actor, entry.user.email, entry.object_id) == ("coordinator@example.org",) * 2 + (
        path.name,
    )
    assert (entry.detail["created"], entry.detail["dry_run"], entry.detail["kind"]) == (
        total,
        False,
        "ohchr-matrix",
    )

    again = key_of(upload(coordinator, path))
    assert counts(coordinator.get(f"/import/{again}").get_data(as_text=True)) == {
        "created": 0,
        "updated": 0,
        "unchanged": total,
        "rejected": 0,
    }
    coordinator.post(f"/import/{again}/confirm")
    assert imports(ctx)[-1].detail["unchanged"] == total
    assert count(Recommendation) == total


@pytest.mark.slow
def test_upr_info_export(coordinator, ctx):
    key = key_of(upload(coordinator, UPR_INFO))
    page = coordinator.get(f"/import/{key}").get_data(as_text=True)
    assert "<dt>Rows read</dt><dd>2044</dd>" in page
    assert (
        "<tr><td>Noted</td><td>133</td></tr>" in page
        and "<tr><td>Supported</td><td>1911</td></tr>" in page
    )
    assert "UPR Info database export of recommendations" in page
    created = counts(page)["created"]
    assert 0 < created < 2044 and count(Recommendation) == 0
    coordinator.post(f"/import/{key}/confirm")
    assert count(Recommendation) == created
    assert imports(ctx)[0].detail["positions"] == {"Noted": 133, "Supported": 1911}


def test_upr_info_rows_of_one_recommendation_are_shown_joined(coordinator, ctx):
    key = key_of(upload(coordinator, UPR_INFO))
    page = coordinator.get(f"/import/{key}").get_data(as_text=True)
    joined = [
        (int(row), int(into))
        for row, into in re.findall(
            r"<tr><td>(\d+)</td><td>(\d+)</td></tr>", page.split('id="joined"')[1]
        )
    ]
    found = counts(page)
    assert len(joined) == 2044 - found["created"] - found["rejected"] > 0
    # Each joined row gives the same State, text and session as the row it joined (spacing aside), in the file.
    with UPR_INFO.open(encoding="utf-8", newline="") as handle:
        lines = dict(enumerate(csv.reader(handle), start=1))
    for row, into in joined:
        assert into < row
        same = [" ".join(lines[row][i].split()) for i in (0, 3, 10)]
        assert same == [" ".join(lines[into][i].split()) for i in (0, 3, 10)]
        assert lines[row][4] != lines[into][4]  # another recommending State


def test_cycle_and_session_chosen_on_the_page_override_the_header(coordinator, ctx):
    page = coordinator.get("/import").get_data(as_text=True)
    assert '<option value="34">Session 34</option>' in page
    key = key_of(upload(coordinator, CYCLE2, session=34))
    page = coordinator.get(f"/import/{key}").get_data(as_text=True)
    assert 'id="detected-cycle">3<' in page and 'id="detected-session">34<' in page
    coordinator.post(f"/import/{key}/confirm")
    review = ctx.scalar(select(Review))
    assert (review.cycle, review.session) == (3, 34)
    assert count(Recommendation) == 163


def test_a_session_of_another_cycle_or_a_cycle_for_a_table_is_refused(coordinator, imports_folder):
    page = upload(coordinator, CYCLE2, cycle=2, session=34).get_data(as_text=True)
    assert "Session 34 belongs to cycle 3, not to cycle 2." in page
    page = upload(coordinator, UPR_INFO, cycle=2).get_data(as_text=True)
    assert "is a table, whose rows name their own cycle" in page
    assert list(imports_folder.iterdir()) == [] and count(Recommendation) == 0


@pytest.mark.slow
def test_pledges_xls_shows_rejected_rows_with_their_reason(coordinator, ctx):
    key = key_of(upload(coordinator, PLEDGES_XLS))
    page = coordinator.get(f"/import/{key}").get_data(as_text=True)
    assert counts(page) == {"created": 944, "updated": 0, "unchanged": 0, "rejected": 3}
    assert "The 3 rejected rows, by row number" in page
    assert (
        "<tr><td>131</td><td>the same pledge is already at row 128 of this file</td></tr>" in page
    )
    assert "Voluntary pledge" in page and count(Pledge) == 0
    coordinator.post(f"/import/{key}/confirm")
    assert count(Pledge) == 944


def test_downloaded_templates_import_after_the_matrices(coordinator, runner, ctx):
    for matrix in (CYCLE3, CYCLE4):
        assert runner.invoke(args=["import", str(matrix)]).exit_code == 0
    expected = [
        ("recommendations.csv", Recommendation, (0, 6, 0)),
        ("recommendations.xlsx", Recommendation, (0, 6, 0)),
        ("pledges.csv", Pledge, (4, 0, 0)),
        ("assistance.csv", TechnicalAssistance, (3, 0, 0)),
        ("evidence.csv", Evidence, (3, 0, 0)),
    ]
    for name, model, (created, updated, unchanged) in expected:
        before = count(model)
        key = key_of(upload(coordinator, DOWNLOADS / name))
        page = coordinator.get(f"/import/{key}").get_data(as_text=True)
        assert counts(page) == {
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "rejected": 0,
        }, name
        assert count(model) == before, name
        coordinator.post(f"/import/{key}/confirm")
        assert count(model) == before + created, name
    rec = ctx.scalar(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == 4, Recommendation.paragraph == "140.31")
    )
    assert {p.text[:40] for p in rec.pledges} == {"Adopt an action plan for the inclusion o"}
    assert [e.detail["kind"] for e in imports(ctx)] == ["ohchr-matrix"] * 2 + ["template"] * 5


def test_chosen_state_and_kind(coordinator, ctx):
    key = key_of(upload(coordinator, CYCLE2, kind="ohchr-matrix", state="SVN"))
    page = coordinator.get(f"/import/{key}").get_data(as_text=True)
    assert "<dt>State under review</dt><dd>Slovenia</dd>" in page and counts(page)["created"] == 163
    response = upload(coordinator, CYCLE2, state="XYZ")
    assert response.status_code == 200 and 'id="state-error"' in response.get_data(as_text=True)
    response = upload(coordinator, UPR_INFO, kind="pledges")
    message = re.search(
        r'<p class="error" id="file-error">(.*?)</p>', response.get_data(as_text=True)
    ).group(1)
    assert message == f"{UPR_INFO.name} is not a UPR Info export of voluntary pledges."


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"PK\x03\x04 this is not a real Word file", "matrix.docx", "This Word file is damaged"),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
            "picture.csv",
            "&#39;picture.csv&#39; is a PNG image, not a table.",
        ),
        (b"", "empty.xlsx", "empty.xlsx"),
        (b"{not json", "results.json", "results.json is not JSON: it cannot be read at line 1"),
        (b'[{"id": 1}]', "results.jsonl", "results.jsonl is JSON but holds no UHRI records"),
        (
            b"hello",
            "notes.txt",
            "Choose a Word file (.docx or .doc), a CSV file (.csv), an Excel workbook (.xls, .xlsx) "
            "or UHRI search results (.json, .jsonl).",
        ),
    ],
)
def test_unreadable_file_gives_one_message_and_keeps_nothing(
    coordinator, ctx, imports_folder, content, name, message
):
    response = upload(coordinator, content=content, name=name, kind="auto", state="SVN")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = re.findall(r'<p class="error" id="file-error">(.*?)</p>', page)
    assert len(errors) == 1 and message in errors[0], errors
    assert not re.search(
        r"[0-9a-f]{32}", errors[0]
    )  # the name the person knows, never the stored one
    assert '<option selected value="SVN">Slovenia</option>' in page  # what was chosen is kept
    assert list(imports_folder.iterdir()) == []
    assert count(Recommendation) == 0 and count(AuditEntry, AuditEntry.action != "sign-in") == 0


def test_no_file_chosen(coordinator):
    response = coordinator.post(
        "/import", data={"kind": "auto", "state": ""}, content_type="multipart/form-data"
    )
    assert '<p class="error" id="file-error">Choose the file to import.</p>' in response.get_data(
        as_text=True
    )


def test_file_larger_than_the_limit_is_refused(coordinator, app, imports_folder):
    too_big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = upload(coordinator, content=too_big, name="big.csv")
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
    assert list(imports_folder.iterdir()) == []


def test_chinese_file_name_is_kept_in_the_report_the_audit_and_the_records(
    coordinator, ctx, imports_folder
):
    name = "斯洛文尼亚第四轮审议建议.docx"
    key = key_of(upload(coordinator, content=CYCLE4.read_bytes(), name=name))
    assert (imports_folder / f"{key}.docx").exists()
    assert f"Check before importing: {name}" in coordinator.get(f"/import/{key}").get_data(
        as_text=True
    )
    coordinator.post(f"/import/{key}/confirm")
    assert f"Import report: {name}" in coordinator.get(f"/import/{key}").get_data(as_text=True)
    [entry] = imports(ctx)
    assert entry.object_id == name and entry.detail["file_name"] == name
    assert set(ctx.scalars(select(Recommendation.source_file))) == {name}
    assert name in coordinator.get("/import").get_data(as_text=True)


def test_cancel_deletes_the_file_and_changes_nothing(coordinator, ctx, imports_folder):
    key = key_of(upload(coordinator, CYCLE2))
    response = coordinator.post(f"/import/{key}/cancel", data={"confirmed": "yes"})
    assert response.headers["Location"] == "/import"
    assert list(imports_folder.iterdir()) == []
    assert (
        "The import of UPR20__Slovenia_ThematicListRecommendations_E.docx is cancelled"
        in coordinator.get("/import").get_data(as_text=True)
    )
    assert coordinator.get(f"/import/{key}").status_code == 404
    assert coordinator.post(f"/import/{key}/confirm").status_code == 404
    assert count(Recommendation) == 0
    assert [e.action for e in ctx.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
        "sign-in",
        "import-upload",
        "import-cancel",
    ]


def test_cancel_asks_first_naming_the_file(coordinator, ctx, imports_folder):
    key = key_of(upload(coordinator, CYCLE2))
    page = coordinator.post(f"/import/{key}/cancel").get_data(as_text=True)
    assert (
        "Cancel the import of UPR20__Slovenia_ThematicListRecommendations_E.docx?" in page
        and "Yes, cancel the import" in page
        and 'name="confirmed" value="yes"' in page
    )
    assert len(list(imports_folder.iterdir())) == 2  # the file and its sidecar are still there
    assert "import-cancel" not in {e.action for e in ctx.scalars(select(AuditEntry))}
    assert coordinator.get(f"/import/{key}").status_code == 200


def test_a_second_confirm_does_not_import_again(coordinator, ctx):
    key = key_of(upload(coordinator, CYCLE2))
    coordinator.post(f"/import/{key}/confirm")
    response = coordinator.post(f"/import/{key}/confirm", follow_redirects=True)
    assert "This file is being imported or has already been imported." in response.get_data(
        as_text=True
    )
    assert (
        coordinator.post(f"/import/{key}/cancel", data={"confirmed": "yes"}).headers["Location"]
        == f"/import/{key}"
    )
    assert len(imports(ctx)) == 1 and count(Recommendation) == 163


def test_a_confirmation_in_progress_holds_the_upload(coordinator, ctx, imports_folder):
    key = key_of(upload(coordinator, CYCLE2))
    (imports_folder / f"{key}.lock").touch()  # as another request confirming it right now
    assert coordinator.post(f"/import/{key}/confirm").headers["Location"] == f"/import/{key}"
    assert (
        coordinator.post(f"/import/{key}/cancel", data={"confirmed": "yes"}).headers["Location"]
        == f"/import/{key}"
    )
    assert count(Recommendation) == 0 and (imports_folder / f"{key}.docx").exists()


def test_rejected_rows_are_paged(coordinator, ctx):
    rows = "".join(f"Atlantis,Report {n},report\n" for n in range(250))
    key = key_of(
        upload(coordinator, content=f"state,title,kind\n{rows}".encode(), name="evidence.csv")
    )
    page = coordinator.get(f"/import/{key}").get_data(as_text=True)
    assert counts(page)["rejected"] == 250
    assert "Rows 1 to 100 of the 250 rejected, by row number" in page
    assert page.count("State &#39;Atlantis&#39; is not known") == 100
    assert f'href="/import/{key}?page=2#rejected" rel="next"' in page
    last = coordinator.get(f"/import/{key}?page=9").get_data(as_text=True)
    assert "Rows 201 to 250 of the 250 rejected" in last and "<tr><td>251</td>" in last


def test_old_uploads_are_removed_when_a_new_upload_starts(coordinator, imports_folder):
    old = imports_folder / f"{'a' * 32}.csv"
    recent = imports_folder / f"{'b' * 32}.csv"
    for path in (old, recent):
        path.write_text("state,title,kind\n", encoding="utf-8")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    key_of(upload(coordinator, CYCLE2))
    assert not old.exists() and recent.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/import/xyz",
        f"/import/{'0' * 32}",
        f"/import/{'A' * 32}",
        f"/import/{'0' * 31}",
        f"/import/{'0' * 33}",
    ],
)
def test_malformed_or_unknown_keys_are_not_found(coordinator, path):
    assert coordinator.get(path).status_code == 404
    assert coordinator.post(f"{path}/confirm").status_code == 404
    assert coordinator.post(f"{path}/cancel").status_code == 404


def test_another_coordinator_cannot_see_confirm_or_cancel_an_upload_but_an_admin_can(
    app, make_user, ctx
):
    make_user("first@example.org", role="coordinator")
    make_user("second@example.org", role="coordinator")
    make_user("admin@example.org", role="admin")
    first, second, admin = app.test_client(), app.test_client(), app.test_client()
    for client, email in (
        (first, "first@example.org"),
        (second, "second@example.org"),
        (admin, "admin@example.org"),
    ):
        assert (
            client.post("/sign-in", data={"email": email, "password": PASSWORD}).status_code == 302
        )
    key = key_of(upload(first, CYCLE2))
    for method, url in (
        ("GET", f"/import/{key}"),
        ("POST", f"/import/{key}/confirm"),
        ("POST", f"/import/{key}/cancel"),
    ):
        assert second.open(url, method=method).status_code == 404, url
    assert count(Recommendation) == 0
    assert admin.get(f"/import/{key}").status_code == 200
    admin.post(f"/import/{key}/confirm")
    assert count(Recommendation) == 163
    assert imports(ctx)[0].actor == "admin@example.org"


@pytest.mark.parametrize("role", ["focal_point", "nhri", "cso", None])
def test_only_the_national_mechanism_imports(
    app, make_user, coordinator, ctx, imports_folder, role
):
    key = key_of(upload(coordinator, CYCLE2))
    client = app.test_client()
    if role:
        make_user(f"{role}@example.org", role=role, org=f"{role} organisation")
        assert (
            client.post(
                "/sign-in", data={"email": f"{role}@example.org", "password": PASSWORD}
            ).status_code
            == 302
        )
    requests = [
        ("GET", "/import"),
        ("GET", f"/import/{key}"),
        ("POST", f"/import/{key}/confirm"),
        ("POST", f"/import/{key}/cancel"),
    ]
    for method, url in requests:
        response = client.open(url, method=method)
        if role:
            assert response.status_code == 403, (role, url)
        else:
            assert response.status_code == 302 and "/sign-in" in response.headers["Location"], url
    response = upload(client, CYCLE3)
    assert response.status_code == (403 if role else 302)
    assert count(Recommendation) == 0 and len(list(imports_folder.iterdir())) == 2
    assert (
        "Import"
        not in re.findall(
            r'<nav class="main".*?</ul>', client.get("/").get_data(as_text=True), re.S
        )[0]
    )


def test_a_long_file_name_fits_the_audit_log(coordinator, ctx):
    name = "斯洛文尼亚普遍定期审议第二轮建议专题清单" * 4 + ".docx"
    key = key_of(upload(coordinator, content=CYCLE2.read_bytes(), name=name))
    coordinator.post(f"/import/{key}/confirm")
    [entry] = imports(ctx)
    assert entry.object_id == name[:64] and entry.detail["file_name"] == name
    assert set(ctx.scalars(select(Recommendation.source_file))) == {name}


def test_uhri_search_results_are_previewed_then_imported(coordinator, ctx, imports_folder):
    search = DATA / "uhri" / "uhri_search_slovenia.json"
    key = key_of(upload(coordinator, search, state="SVN"))
    page = coordinator.get(f"/import/{key}").get_data(as_text=True)
    # Two UPR records; the CESCR one names its body only by an id nothing maps, so it is refused.
    assert counts(page) == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert "bodyId" in page and count(Recommendation) == 0
    # Every id nothing maps is listed with the number of rows that give it, none guessed.
    listed = dict(re.findall(r"<tr><td><code>([^<]+)</code></td><td>(\d+)</td></tr>", page))
    first = json.loads(search.read_text(encoding="utf-8"))["results"][0]  # a UPR record, imported
    given = [f"{key}:{uuid}" for key in ("countryIds", "themesIds") for uuid in first[key]]
    assert given and all(int(listed[i]) >= 1 for i in given)
    assert sorted(p.name for p in imports_folder.iterdir()) == [f"{key}.json", f"{key}.upload.json"]
    coordinator.post(f"/import/{key}/confirm")
    paragraphs = db.session.scalars(select(Recommendation.paragraph)).all()
    assert sorted(paragraphs) == ["115.67", "115.84"]


def test_an_import_that_fails_changes_nothing_and_may_be_tried_again_or_cancelled(
    coordinator, ctx, imports_folder
):
    key = key_of(upload(coordinator, UPR_INFO))
    stored = imports_folder / f"{key}.csv"
    kept = stored.read_bytes()
    stored.unlink()  # gone between the check and the import (a server's folder emptied)
    page = coordinator.post(f"/import/{key}/confirm", follow_redirects=True).get_data(as_text=True)
    assert 'id="import-failed"' in page and "The uploaded file is no longer kept" in page
    assert "Import these rows" in page and count(Recommendation) == 0 and imports(ctx) == []
    stored.write_bytes(kept)
    again = coordinator.post(f"/import/{key}/confirm", follow_redirects=True)
    assert "is imported." in again.get_data(as_text=True) and count(Recommendation) == 2033
