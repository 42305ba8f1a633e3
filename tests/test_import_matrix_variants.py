"""`flask import` of OHCHR matrices of other layouts and States, built from real text (tests/data/ohchr/SOURCE.md)."""

import importlib.util

from sqlalchemy import select

from tests.conftest import DATA
from tests.test_import_command import run_import
from uprtrack.models import Recommendation, Review, State

VARIANTS = DATA / "ohchr" / "variants"
_spec = importlib.util.spec_from_file_location(
    "build_variants", DATA / "ohchr" / "build_variants.py"
)
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def test_another_states_matrix_imports_every_recommendation_with_every_field(runner, ctx, tmp_path):
    expected = build.italy_rows()
    report, output = run_import(runner, tmp_path, VARIANTS / "italy_cycle3_layout.docx")
    assert report["rejected"] == [] and report["fuzzy"] == []
    assert (report["created"], report["updated"], report["unchanged"]) == (len(expected), 0, 0)
    assert report["detected"] == {
        "layout": "OHCHR matrix: 4 columns (recommendation with States, position, themes, "
        "assessment/comments on level of implementation)",
        "state": "Italy",
        "named_state": "Italy",
        "cycle": 2,
        "session": 20,
    }
    assert "State Italy, cycle 2, session 20" in output
    review = ctx.scalar(select(Review).join(State).where(State.iso3 == "ITA"))
    assert (review.cycle, review.session) == (2, 20)
    stored = {
        rec.paragraph: rec
        for rec in ctx.scalars(select(Recommendation).where(Recommendation.review_id == review.id))
    }
    assert sorted(stored) == sorted(ref["paragraph"] for ref in expected)
    names = {state.name: state for state in ctx.scalars(select(State))}
    for ref in expected:
        rec = stored[ref["paragraph"]]
        assert rec.text == ref["text"].rstrip(".")
        assert rec.position == ref["position"]
        assert rec.recommending_states == [names[ref["state"]]]
        assert sorted(t.name for t in rec.themes) == sorted(ref["themes"])
        assert rec.theme_heading == "Right to education"
        assert rec.education is True


def test_ohchr_typing_of_state_names_is_matched_and_likeness_reported(runner, ctx, tmp_path):
    report, output = run_import(runner, tmp_path, VARIANTS / "typing.docx", "--state", "SVN")
    assert report["rejected"] == []
    assert report["created"] == 6
    by_paragraph = {r.paragraph: r for r in ctx.scalars(select(Recommendation))}
    assert {p: [s.iso3 for s in r.recommending_states] for p, r in by_paragraph.items()} == {
        "115.10": ["BIH"],
        "115.120": ["MDA"],
        "115.125": ["CZE"],
        "115.94": ["GBR"],
        "115.200": ["KOR"],
        "115.201": ["TLS"],
    }
    assert {r.review.state.iso3 for r in by_paragraph.values()} == {"SVN"}  # "Slove nia"
    # The text keeps the document's words as typed.
    assert by_paragraph["115.120"].text.endswith("recovery and reflection period")
    fuzzy = [(f["row"], f["written"], f["matched"]) for f in report["fuzzy"]]
    assert fuzzy == [
        (4, "Czech Republc", "Czechia"),
        (
            5,
            "United Kingdom of Great Britain and Nothern Ireland",
            "United Kingdom of Great Britain and Northern Ireland",
        ),
    ]
    assert all(94 <= f["score"] < 100 for f in report["fuzzy"])
    scores = [round(f["score"]) for f in report["fuzzy"]]
    assert f"  row 4: 'Czech Republc' read as Czechia (score {scores[0]})\n" in output
    assert f"Northern Ireland (score {scores[1]})\n" in output


def test_a_typed_header_name_is_the_same_state_as_the_one_given(runner, ctx, tmp_path):
    """'Slove nia' in the page header is Slovenia: giving --state SVN needs no --force."""
    result = runner.invoke(
        args=["import", str(VARIANTS / "typing.docx"), "--state", "SVN", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["import", str(VARIANTS / "typing.docx"), "--state", "HRV", "--dry-run"]
    )
    assert result.exit_code != 0 and "matrix of Slovenia, not of Croatia" in result.output


def test_session_given_for_a_header_without_one(runner, ctx, tmp_path):
    report, _ = run_import(
        runner, tmp_path, VARIANTS / "header_no_cycle_no_session.docx", "--session", "48"
    )
    assert (report["detected"]["cycle"], report["detected"]["session"]) == (4, 48)
    review = ctx.scalar(select(Review).join(State).where(State.iso3 == "SVN"))
    assert (review.cycle, review.session) == (4, 48)
