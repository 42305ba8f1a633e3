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


CYCLE2_PATH = CYCLE4_PATH.parent / "UPR20__Slovenia_ThematicListRecommendations_E.docx"


def test_cycle_and_session_given_for_a_matrix_override_its_header(runner, ctx):
    from uprtrack.imports.pipeline import parse_file

    header = parse_file(CYCLE2_PATH)
    assert (header.cycle, header.session) == (2, 20)
    given = parse_file(CYCLE2_PATH, cycle=2, session=20)
    assert [r.paragraph for r in given.rows] == [r.paragraph for r in header.rows]
    by_session = parse_file(
        CYCLE4_PATH, session=47
    )  # a stale header: the session given wins, with its cycle
    assert (by_session.cycle, by_session.session) == (4, 47)
    assert {row.cycle for row in by_session.rows} == {4}


def test_a_session_of_another_cycle_and_a_cycle_for_a_table_are_refused(runner, ctx):
    wrong = runner.invoke(args=["import", str(CYCLE2_PATH), "--cycle", "3", "--session", "20"])
    assert (
        wrong.exit_code == 1
        and "Error: Session 20 belongs to cycle 2, not to cycle 3." in wrong.output
    )
    table = CYCLE4_PATH.parent.parent / "template" / "pledges.csv"
    refused = runner.invoke(args=["import", str(table), "--cycle", "3"])
    assert refused.exit_code == 1 and "is given only for an OHCHR matrix" in refused.output
    assert recommendations_of(ctx, "SVN") == 0
