"""`flask import` on the real files: exact counts, idempotence, dry runs, clear errors that change nothing."""

import json
import shutil

import pytest
from sqlalchemy import func, select

from tests.conftest import DATA
from uprtrack.extensions import db
from uprtrack.models import AuditEntry, Pledge, Recommendation, Review, State

OHCHR = DATA / "ohchr"
CYCLE2 = OHCHR / "UPR20__Slovenia_ThematicListRecommendations_E.docx"
CYCLE3 = OHCHR / "UPR34_Slovenia_Thematic_list_of_Recommendations.docx"
CYCLE4 = OHCHR / "upr48-slovenia-thematic-list-of-recommendatio.docx"
UPR_INFO = DATA / "upr_info" / "upr-info_right-to-education_sessions01-20.csv"
PLEDGES_XLS = DATA / "upr_info" / "upr-info_voluntary-pledges_sessions01-19_original-export.xls"
MAC_ROMAN = DATA / "upr_info" / "upr-info_sessions01-05_excel-mac-resave_sample.csv"
TEMPLATE = DATA / "template"


def run_import(runner, tmp_path, path, *args):
    report = tmp_path / "report.json"
    result = runner.invoke(args=["import", str(path), "--report", str(report), *args])
    assert result.exit_code == 0, result.output
    return json.loads(report.read_text(encoding="utf-8")), result.output


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# Education counts are the rule's (core/education.py: what the text asks, tested on hand labels in
# test_education_rule), not the data README's counts by theme: cycle 3 loses the awareness campaigns and officials'
# training filed under SDG 4 and a bilingual-services recommendation filed under "Right to education" (28 -> 17),
# cycle 4 loses the same kinds of SDG 4 filings (45 -> 36); cycle 2's 15 are the 15 under E51.
@pytest.mark.parametrize(
    "path, cycle, session, total, supported, noted, education",
    [
        (CYCLE2, 2, 20, 163, 142, 21, 15),
        (CYCLE3, 3, 34, 215, 182, 33, 17),
        (CYCLE4, 4, 48, 254, 217, 37, 36),
    ],
)
def test_ohchr_matrix_counts(
    runner, ctx, tmp_path, path, cycle, session, total, supported, noted, education
):
    report, output = run_import(runner, tmp_path, path)
    assert report["kind"] == "ohchr-matrix"
    assert (report["created"], report["updated"], report["unchanged"]) == (total, 0, 0)
    assert report["rejected"] == []
    assert report["positions"] == {"Noted": noted, "Supported": supported}
    review = ctx.scalar(select(Review).join(State).where(State.iso3 == "SVN"))
    assert (review.cycle, review.session) == (cycle, session)
    assert count(Recommendation, Recommendation.review_id == review.id) == total
    assert count(Recommendation, Recommendation.education.is_(True)) == education
    assert f"{total} created" in output
    assert f"State Slovenia, cycle {cycle}, session {session}" in output
    assert report["detected"] == {
        "state": "Slovenia",
        "named_state": "Slovenia",
        "cycle": cycle,
        "session": session,
    } | ({"layout": report["detected"]["layout"]} if "layout" in report["detected"] else {})


def test_second_import_changes_nothing(runner, ctx, tmp_path):
    run_import(runner, tmp_path, CYCLE3)
    before = {r.id: (r.version, r.updated_at) for r in ctx.scalars(select(Recommendation))}
    report, _ = run_import(runner, tmp_path, CYCLE3)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 215)
    ctx.expire_all()
    assert {r.id: (r.version, r.updated_at) for r in ctx.scalars(select(Recommendation))} == before


def test_recommendation_fields_from_the_matrix(runner, ctx, tmp_path):
    run_import(runner, tmp_path, CYCLE2)
    rec = ctx.scalar(select(Recommendation).where(Recommendation.paragraph == "115.3"))
    assert rec.text.startswith(
        "Ratify the Optional Protocol to the Rights of the Child on a communications"
    )
    assert [s.iso3 for s in rec.recommending_states] == ["PRT", "SVK"]
    assert rec.position == "Supported"
    assert rec.position_document == "A/HRC/28/15/Add.1"
    assert rec.review.addendum_symbol == "A/HRC/28/15/Add.1"
    assert rec.review.report_symbol == "A/HRC/28/15"
    assert [t.name for t in rec.themes] == ["Acceptance of international norms"]
    assert rec.themes[0].code == "A12"


def test_paragraph_ids_stay_text(runner, ctx, tmp_path):
    run_import(runner, tmp_path, CYCLE2)
    paragraphs = set(ctx.scalars(select(Recommendation.paragraph)))
    assert {"115.3", "115.30"} <= paragraphs


def test_dry_run_writes_nothing(runner, ctx, tmp_path):
    report, output = run_import(runner, tmp_path, CYCLE4, "--dry-run")
    assert report["created"] == 254 and report["dry_run"] is True
    assert "nothing was written" in output
    assert count(Recommendation) == 0
    assert count(Review) == 0
    assert count(AuditEntry) == 0


def test_import_is_audited(runner, ctx, tmp_path):
    run_import(runner, tmp_path, CYCLE2)
    entry = ctx.scalar(select(AuditEntry).where(AuditEntry.action == "import"))
    assert entry.actor == "command line"
    assert entry.object_id == CYCLE2.name
    assert entry.detail["created"] == 163


def test_upr_info_export_counts(runner, ctx, tmp_path):
    report, _ = run_import(runner, tmp_path, UPR_INFO)
    assert report["kind"] == "upr-info"
    assert report["rows"] == 2044
    assert report["positions"] == {"Noted": 133, "Supported": 1911}
    stored_rows = report["created"] + report["updated"] + report["unchanged"]
    # UPR Info splits a recommendation into one row per recommending State; uprtrack joins them again.
    assert 0 < stored_rows < 2044
    assert count(Recommendation) == report["created"]
    assert len(report["rejected"]) == 2044 - sum(report["positions"].values())
    # Every row that is not a record of its own nor rejected is reported as joined, with the row it joined.
    assert len(report["joined"]) == 2044 - stored_rows - len(report["rejected"])
    assert all(j["into"] < j["row"] for j in report["joined"])
    again, _ = run_import(runner, tmp_path, UPR_INFO)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, stored_rows)


def test_upr_info_matches_the_matrix_of_the_same_review(runner, ctx, tmp_path):
    run_import(runner, tmp_path, CYCLE2)
    slovenia_c2 = ctx.scalar(
        select(Review).join(State).where(State.iso3 == "SVN", Review.cycle == 2)
    )
    before = count(Recommendation, Recommendation.review_id == slovenia_c2.id)
    run_import(runner, tmp_path, UPR_INFO)
    matched = ctx.scalars(
        select(Recommendation).where(
            Recommendation.review_id == slovenia_c2.id, Recommendation.action_category.is_not(None)
        )
    ).all()
    assert matched, "UPR Info rows of Slovenia session 20 should find the matrix recommendations"
    assert all(r.paragraph for r in matched)
    assert count(Recommendation, Recommendation.review_id == slovenia_c2.id) >= before


def test_pledges_from_the_original_xls(runner, ctx, tmp_path):
    report, _ = run_import(runner, tmp_path, PLEDGES_XLS)
    assert report["kind"] == "pledges"
    assert report["rows"] == 947
    # The export itself repeats three pledges (Bolivia session 7 with a different last comma, Yemen session 5 twice).
    assert report["rejected"] == [
        {"row": 131, "reason": "the same pledge is already at row 128 of this file"},
        {"row": 939, "reason": "the same pledge is already at row 929 of this file"},
        {"row": 940, "reason": "the same pledge is already at row 933 of this file"},
    ]
    assert report["created"] == count(Pledge) == 944
    again, _ = run_import(runner, tmp_path, PLEDGES_XLS)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 944)


def test_mac_roman_sample(runner, ctx, tmp_path):
    report, _ = run_import(runner, tmp_path, MAC_ROMAN)
    assert report["rows"] == 131
    assert report["rejected"] == []
    texts = list(ctx.scalars(select(Recommendation.text)))
    assert any("Equité" in text for text in texts)


@pytest.mark.parametrize(
    "content, suffix, message",
    [
        (b"PK\x03\x04 this is not a real Word file", ".docx", "Word"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, ".csv", ""),
        (
            b"name,colour\nPeter,blue\n",
            ".csv",
            "neither a UPR Info export, a UHRI export nor an uprtrack template",
        ),
        (b"", ".xlsx", ""),
        (b"hello", ".txt", "not a file uprtrack imports"),
    ],
)
def test_bad_files_give_one_clear_error_and_change_nothing(
    runner, ctx, tmp_path, content, suffix, message
):
    run_import(runner, tmp_path, CYCLE2)
    before = count(Recommendation)
    path = tmp_path / f"upload{suffix}"
    path.write_bytes(content)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert count(Recommendation) == before


def test_truncated_matrix_is_refused(runner, ctx, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(CYCLE4.read_bytes()[:20000])
    result = runner.invoke(args=["import", str(broken)])
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert count(Recommendation) == 0


def test_wrong_kind_is_refused(runner, ctx, tmp_path):
    result = runner.invoke(args=["import", str(UPR_INFO), "--kind", "pledges"])
    assert result.exit_code == 1
    assert "not a UPR Info export of voluntary pledges" in result.output
    assert count(Pledge) == 0


def test_state_option_and_unknown_state(runner, ctx, tmp_path):
    copy = tmp_path / CYCLE2.name
    shutil.copy(CYCLE2, copy)
    report, _ = run_import(runner, tmp_path, copy, "--state", "XYZ", "--dry-run")
    assert report["created"] == 0
    assert len(report["rejected"]) == 163
    assert "State under review 'XYZ' is not known" in report["rejected"][0]["reason"]


def test_uhri_records_of_a_matrix_already_imported_land_on_its_recommendations(
    runner, ctx, tmp_path
):
    run_import(runner, tmp_path, CYCLE4)
    review = ctx.scalar(select(Review).join(State).where(State.iso3 == "SVN", Review.cycle == 4))
    before = {r.paragraph: r.id for r in ctx.scalars(select(Recommendation))}
    report, _ = run_import(runner, tmp_path, DATA / "uhri" / "uhri_export_slovenia.xlsx")
    assert report["kind"] == "uhri"
    # The record that concerns Slovenia and Croatia is refused at its row.
    reasons = {r["row"]: r["reason"] for r in report["rejected"]}
    assert "2 States (Slovenia; Croatia)" in reasons[7]
    assert count(Recommendation, Recommendation.review_id == review.id) == 254
    after = {r.paragraph: r.id for r in ctx.scalars(select(Recommendation))}
    assert all(after[p] == before[p] for p in ("140.1", "140.31", "140.133", "140.138"))


def test_template_files_link_follow_up_to_recommendations(runner, ctx, tmp_path):
    from uprtrack.models import Evidence, TechnicalAssistance

    run_import(runner, tmp_path, CYCLE3)
    run_import(runner, tmp_path, CYCLE4)
    recs, _ = run_import(runner, tmp_path, TEMPLATE / "recommendations.csv")
    assert recs["kind"] == "template" and recs["rejected"] == []
    # The template's rows are the matrices' own recommendations: they add institutions, nothing new.
    assert (recs["created"], recs["updated"]) == (0, 6)
    rec = ctx.scalar(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == 4, Recommendation.paragraph == "140.31")
    )
    assert [a.organisation.name for a in rec.assignments] == [
        "Ministry of Education",
        "Government Office for National Minorities",
    ]
    for name, _model, created in (
        ("pledges.csv", Pledge, 4),
        ("assistance.csv", TechnicalAssistance, 3),
        ("evidence.csv", Evidence, 3),
    ):
        report, _ = run_import(runner, tmp_path, TEMPLATE / name)
        assert report["rejected"] == [] and report["created"] == created, name
    ctx.expire_all()
    assert [p.text[:40] for p in rec.pledges] == ["Adopt an action plan for the inclusion o"]
    assert {a.title for a in rec.assistance} == {
        "Advisory services on inclusive education for Roma children",
        "Training of teachers on human rights education",
    }
    training = ctx.scalar(
        select(TechnicalAssistance).where(TechnicalAssistance.title.like("Training%"))
    )
    assert (training.fund.code, str(training.amount), training.currency, training.status) == (
        "UPR-IMPLEMENTATION",
        "45000.00",
        "USD",
        "under_way",
    )
    again, _ = run_import(runner, tmp_path, TEMPLATE / "assistance.csv")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)


def test_template_row_naming_an_unknown_recommendation_is_rejected(runner, ctx, tmp_path):
    run_import(runner, tmp_path, CYCLE4)
    bad = tmp_path / "evidence.csv"
    bad.write_text(
        "state,title,kind,date,cycle,recommendations\n"
        "Slovenia,Budget line for inclusive schools,budget_line,2025-01-01,4,140.31\n"
        "Slovenia,Statistic on enrolment,statistic,2025-01-01,4,999.1\n"
        "Slovenia,Court ruling,verdict,2025-01-01,4,140.31\n",
        encoding="utf-8",
    )
    report, _ = run_import(runner, tmp_path, bad)
    assert report["created"] == 1
    assert report["rejected"] == [
        {
            "row": 3,
            "reason": "recommendation 999.1 of Slovenia in cycle 4 is not in the database: import it first",
        },
        {
            "row": 4,
            "reason": "The kind 'verdict' is not one of: law, policy, budget_line, statistic, court_decision, "
            "programme, report, other.",
        },
    ]


def test_commands_on_a_database_not_yet_upgraded(tmp_path):
    from uprtrack import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite'}",
        }
    )
    result = app.test_cli_runner().invoke(args=["import", str(CYCLE2)])
    assert result.exit_code == 1
    assert (
        "The database is not set up yet: run `flask --app uprtrack db upgrade` first."
        in result.output
    )
    with app.app_context():
        db.engine.dispose()


def test_a_follow_up_row_naming_its_state_with_a_typo_is_matched_and_reported(
    runner, ctx, tmp_path
):
    rows = (TEMPLATE / "pledges.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("Slovenia,")
    typed = tmp_path / "pledges.csv"
    typed.write_text("\n".join([rows[0], "Sloveniaa" + rows[1][len("Slovenia") :]]) + "\n")
    report, output = run_import(runner, tmp_path, typed)
    assert report["created"] == 1 and report["rejected"] == []
    assert [(f["row"], f["written"], f["matched"]) for f in report["fuzzy"]] == [
        (2, "Sloveniaa", "Slovenia")
    ]
    assert "row 2: 'Sloveniaa' read as Slovenia" in output
    assert ctx.scalar(select(Pledge.state_id)) == ctx.scalar(
        select(State.id).where(State.iso3 == "SVN")
    )


def test_a_row_without_paragraph_joins_the_numbered_record_the_same_file_creates(ctx):
    # A numbered row, then the same text without its paragraph (as a UHRI record of the same review may give
    # it): the second row is applied to the record the first one creates, as it would be to a stored record.
    from uprtrack.imports.pipeline import store
    from uprtrack.imports.rows import Parsed, RecommendationRow

    text = "Ensure inclusive education for Roma children in every municipality"
    common = {"state": "Slovenia", "cycle": 4, "session": 48, "position": "Supported"}
    parsed = Parsed(
        kind="uhri",
        rows=[
            RecommendationRow(
                row=2,
                text=text,
                paragraph="140.31",
                recommending_states=["China"],
                themes=["Right to education"],
                **common,
            ),
            RecommendationRow(
                row=3,
                text=f"{text.upper()}.",
                recommending_states=["Japan"],
                themes=["Minorities"],
                **common,
            ),
        ],
    )
    report = store(ctx, parsed)
    ctx.commit()
    assert (report.created, report.updated, report.rejected) == (1, 1, [])
    rec = ctx.scalar(select(Recommendation).where(Recommendation.paragraph == "140.31"))
    assert [s.name for s in rec.recommending_states] == ["China", "Japan"]
    assert sorted(t.name for t in rec.themes) == ["Minorities", "Right to education"]
    assert rec.text == text and count(Recommendation) == 1


def test_imported_recommendations_are_found_by_the_full_text_search(runner, ctx, tmp_path):
    # The import indexes its new records a batch at a time (on SQLite with the insert trigger set aside); the
    # index then holds every text, and a record written after the import is indexed as before.
    from uprtrack.recommendations.filters import search_condition

    def found(word):
        return set(ctx.scalars(select(Recommendation.id).where(search_condition(word))))

    run_import(runner, tmp_path, UPR_INFO)
    texts = ctx.scalars(select(Recommendation.id).where(Recommendation.text.ilike("%girls%"))).all()
    assert len(texts) > 10 and found("girls") == set(texts)
    review = ctx.scalar(select(Review))
    ctx.add(Recommendation(review=review, text="Zyxwv quorble schooling", text_key="zyxwv"))
    ctx.commit()
    assert len(found("quorble")) == 1
