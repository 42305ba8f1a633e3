"""A matrix is never filed under another State's review by mistake: a State given that contradicts the file's own
is refused with one clear line, and imports only when the person confirms it (--force, or the Import page's box)."""

from __future__ import annotations

import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import CYCLE4_PATH
from uprtrack.models import AuditEntry, Recommendation, Review, State


def recommendations_of(session, iso3: str) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Recommendation)
        .join(Review)
        .join(State)
        .where(State.iso3 == iso3)
    )


def test_a_state_that_contradicts_the_file_is_refused_and_nothing_is_written(runner, ctx):
    result = runner.invoke(args=["import", str(CYCLE4_PATH), "--state", "HRV"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "This file is the matrix of Slovenia, not of Croatia" in errors[0]
    assert "--force" in errors[0] and "Traceback" not in result.output
    assert recommendations_of(ctx, "HRV") == recommendations_of(ctx, "SVN") == 0
    assert ctx.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_the_same_state_by_its_code_imports_and_force_files_it_where_asked(runner, ctx):
    assert runner.invoke(args=["import", str(CYCLE4_PATH), "--state", "SVN"]).exit_code == 0
    assert recommendations_of(ctx, "SVN") == 254
    forced = runner.invoke(args=["import", str(CYCLE4_PATH), "--state", "HRV", "--force"])
    assert forced.exit_code == 0, forced.output
    assert recommendations_of(ctx, "HRV") == 254 and recommendations_of(ctx, "SVN") == 254


def post_file(client, path, **fields):
    """Post a file to the Import page with the given form fields, as a browser does."""
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(path.read_bytes()), path.name), "kind": "auto", **fields}
    )
    return client.post(
        "/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def test_the_import_page_refuses_a_contradicting_state_unless_the_box_is_ticked(
    make_user, login, ctx
):
    make_user("coordinator@example.org", role="coordinator", org="National mechanism")
    coordinator = login("coordinator@example.org")
    refused = post_file(coordinator, CYCLE4_PATH, state="HRV")
    assert refused.status_code == 200
    assert "This file is the matrix of Slovenia, not of Croatia" in refused.get_data(as_text=True)
    accepted = post_file(coordinator, CYCLE4_PATH, state="HRV", force="y")
    assert accepted.status_code == 302
    assert coordinator.post(accepted.headers["Location"] + "/confirm").status_code == 302
    assert recommendations_of(ctx, "HRV") == 254 and recommendations_of(ctx, "SVN") == 0
