"""Importing the real draft Working Group reports: the recommendations of a review before its matrix exists, and
the dated history of their positions as later documents change them."""

import shutil
from datetime import date

from sqlalchemy import select

from tests.conftest import people_login
from tests.test_draft_report import BELGIUM, NAMIBIA, SOMALIA
from tests.test_import_command import CYCLE4, count, run_import
from tests.test_imports_views import counts, key_of, upload
from uprtrack.imports import pipeline
from uprtrack.imports.kinds import ImportKind
from uprtrack.models import PositionChange, Recommendation, Review, State


def somalia_rec(ctx, paragraph: str) -> Recommendation:
    return ctx.scalar(
        select(Recommendation)
        .join(Review)
        .join(State)
        .where(State.iso3 == "SOM", Recommendation.paragraph == paragraph)
    )


def history(rec: Recommendation) -> list[tuple[str, date, str]]:
    return [(c.position, c.changed_on, c.source) for c in rec.position_changes]


def test_somalia_draft_creates_its_review_with_a_first_dated_position_each(runner, ctx, tmp_path):
    report, output = run_import(runner, tmp_path, SOMALIA)
    assert (report["created"], report["updated"], report["rejected"]) == (288, 0, [])
    assert report["positions"] == {"Noted": 26, "Supported": 259, "pending": 3}
    assert report["detected"]["session"] == 52 and report["detected"]["cycle"] == 4
    assert "Draft Working Group report" in output
    review = ctx.scalar(select(Review).join(State).where(State.iso3 == "SOM"))
    assert (review.cycle, review.session, review.report_symbol) == (4, 52, "A/HRC/63/12")
    rec = somalia_rec(ctx, "6.10")
    assert rec.position == "Supported"
    assert len(rec.recommending_states) == 8
    assert history(rec) == [("Supported", date(2026, 5, 12), "A/HRC/63/12")]
    assert count(PositionChange) == 288


def test_a_second_import_of_the_draft_changes_nothing_and_adds_no_history(runner, ctx, tmp_path):
    run_import(runner, tmp_path, SOMALIA)
    before = {r.id: r.version for r in ctx.scalars(select(Recommendation))}
    report, _ = run_import(runner, tmp_path, SOMALIA)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 288)
    ctx.expire_all()
    assert {r.id: r.version for r in ctx.scalars(select(Recommendation))} == before
    assert count(PositionChange) == 288


def test_the_addendum_supports_what_the_draft_left_to_examine(runner, ctx, tmp_path):
    """The draft's 7.3 is to be examined; the State's answer, read later, supports it: one update by paragraph
    and a second dated position."""
    run_import(runner, tmp_path, SOMALIA)
    parsed = pipeline.parse_file(SOMALIA)
    answered = next(r for r in parsed.rows if r.paragraph == "7.3")
    answered.position = "Supported"
    answered.position_document = answered.position_source = "A/HRC/63/12/Add.1"
    answered.position_date = "2026-09-15"
    parsed.rows = [answered]
    report = pipeline.store(ctx, parsed)
    ctx.commit()
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    rec = somalia_rec(ctx, "7.3")
    assert rec.position == "Supported"
    assert history(rec) == [
        ("pending", date(2026, 5, 12), "A/HRC/63/12"),
        ("Supported", date(2026, 9, 15), "A/HRC/63/12/Add.1"),
    ]
    again = pipeline.store(ctx, parsed)
    assert (again.updated, again.unchanged) == (0, 1)
    assert count(PositionChange) == 289
    # Every other paragraph kept its one position.
    assert count(PositionChange, PositionChange.recommendation_id != rec.id) == 287


def test_the_draft_imported_again_after_the_addendum_does_not_undo_its_answer(
    runner, ctx, tmp_path
):
    """An older document read after a newer one keeps the newer position, and says so for the row."""
    run_import(runner, tmp_path, SOMALIA)
    parsed = pipeline.parse_file(SOMALIA)
    answered = next(r for r in parsed.rows if r.paragraph == "7.3")
    answered.position, answered.position_document = "Supported", "A/HRC/63/12/Add.1"
    answered.position_date = "2026-09-15"
    pipeline.store(ctx, parsed)
    ctx.commit()
    report, output = run_import(runner, tmp_path, SOMALIA)  # the draft of May again
    rec = somalia_rec(ctx, "7.3")
    assert (rec.position, rec.position_document) == ("Supported", "A/HRC/63/12/Add.1")
    assert [n["note"] for n in report["notes"]] == [
        "the file's position pending of 2026-05-12 is older than the stored Supported of "
        "2026-09-15: the stored position is kept"
    ]
    assert "older than the stored Supported" in output
    assert (report["updated"], report["unchanged"]) == (0, 288)
    assert count(PositionChange) == 289


def test_an_extract_without_a_date_is_dated_the_day_of_the_import(runner, ctx, tmp_path):
    report, _ = run_import(
        runner, tmp_path, BELGIUM, "--kind", "draft-report", "--state", "BEL", "--session", "52"
    )
    assert (report["created"], report["rejected"]) == (300, [])
    assert report["positions"] == {"Noted": 31, "Supported": 165, "pending": 104}
    days = set(ctx.scalars(select(PositionChange.changed_on)))
    assert days == {date.today()}
    assert set(ctx.scalars(select(PositionChange.source))) == {"A/HRC/63/9"}


def test_an_extract_without_a_session_is_refused_row_by_row_and_writes_nothing(
    runner, ctx, tmp_path
):
    renamed = (
        tmp_path / "extract.docx"
    )  # neither a masthead nor a file name that names State or date
    shutil.copy(NAMIBIA, renamed)
    report, _ = run_import(runner, tmp_path, renamed, "--kind", ImportKind.DRAFT_REPORT.value)
    assert report["created"] == 0
    assert len(report["rejected"]) == 290
    assert {r["reason"] for r in report["rejected"]} == {"no State under review: give --state"}
    report, _ = run_import(runner, tmp_path, renamed, "--kind", "draft-report", "--state", "NAM")
    assert {r["reason"] for r in report["rejected"]} == {
        "neither the cycle nor the session is known for this row"
    }
    assert count(Recommendation) == 0 and count(PositionChange) == 0


def test_an_extract_named_as_circulated_takes_state_and_date_from_its_name_and_session_from_the_calendar(
    runner, ctx, tmp_path
):
    report, _ = run_import(runner, tmp_path, NAMIBIA)
    assert (report["created"], report["rejected"]) == (290, [])
    assert (report["detected"]["state"], report["detected"]["cycle"]) == ("Namibia", 4)
    assert report["detected"]["session"] == 52
    assert "session from the review calendar" in report["detected"]["layout"]
    review = ctx.scalar(select(Review).join(State).where(State.iso3 == "NAM"))
    assert (review.cycle, review.session) == (4, 52)


def test_the_page_shows_since_when_each_position_held(
    runner, ctx, tmp_path, client, login, make_user
):
    run_import(runner, tmp_path, SOMALIA)
    parsed = pipeline.parse_file(SOMALIA)
    parsed.rows = [r for r in parsed.rows if r.paragraph == "7.3"]
    parsed.rows[0].position = "Supported"
    parsed.rows[0].position_document = "A/HRC/63/12/Add.1"
    parsed.rows[0].position_date = "2026-09-15"
    pipeline.store(ctx, parsed)
    ctx.commit()
    rec_id = somalia_rec(ctx, "7.3").id
    sign_in = people_login(
        client, login, make_user, ctx, {"coord@example.org": ("coordinator", None)}
    )
    sign_in("coord@example.org")
    page = client.get(f"/recommendations/{rec_id}").get_data(as_text=True)
    assert "History of the position" in page
    pending = page.index("Position: No position yet since")
    supported = page.index("Position: Supported since")
    assert supported < pending  # newest first
    assert "(A/HRC/63/12/Add.1)" in page[supported:pending]
    assert "2026" in page[supported : page.index("(A/HRC/63/12/Add.1)")]


def test_an_uploaded_extract_is_named_and_dated_by_the_name_it_was_uploaded_with(
    client, ctx, make_user, login
):
    make_user("coordinator@example.org", role="coordinator", org="National mechanism")
    login("coordinator@example.org")
    response = upload(client, NAMIBIA, kind="draft-report", state="NAM", session=52)
    key = key_of(response)
    preview = client.get(f"/import/{key}").get_data(as_text=True)
    assert counts(preview) == {"created": 290, "updated": 0, "unchanged": 0, "rejected": 0}
    assert count(Recommendation) == 0  # the preview writes nothing
    client.post(f"/import/{key}/confirm")
    ctx.expire_all()
    assert count(Recommendation) == 290
    assert set(ctx.scalars(select(PositionChange.changed_on))) == {date(2026, 5, 6)}
    assert set(ctx.scalars(select(Recommendation.source_file))) == {NAMIBIA.name}


def test_a_matrix_dates_its_positions_the_day_it_is_imported(runner, ctx, tmp_path):
    """A matrix gives no date for its positions: each first position is dated the day uprtrack learnt it."""
    run_import(runner, tmp_path, CYCLE4)
    assert count(PositionChange) == 254
    assert set(ctx.scalars(select(PositionChange.changed_on))) == {date.today()}
    rec = ctx.scalar(select(Recommendation).where(Recommendation.paragraph == "140.7"))
    assert history(rec) == [(rec.position, date.today(), rec.position_document)]
    assert rec.position_document.startswith("A/HRC/") and rec.position_document.endswith("/Add.1")
    run_import(runner, tmp_path, CYCLE4)
    assert count(PositionChange) == 254
