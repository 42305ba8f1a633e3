"""The upsert of rows from every UN mechanism: the UPR record met again in UHRI, a treaty body's record, sources
and texts in other languages.

The UPR row is the first recommendation of Slovenia's real cycle 4 matrix, read by the matrix parser. No UHRI
export is in the shared data yet: the UHRI fields (reference, mechanism, document, the French text) are set on
these rows by hand, in the shape the UHRI parser gives them.
"""

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from tests.conftest import CYCLE4_PATH, DATA
from uprtrack.imports import ohchr_matrix
from uprtrack.imports.pipeline import store
from uprtrack.imports.rows import Parsed, RecommendationRow
from uprtrack.models import Mechanism, Recommendation, RecommendationSource, Review

UHRI_FILE = "uhri-export-slovenia.xlsx"
# French of the matrix's first recommendation, written for this test (UHRI gives the six languages).
FRENCH = "Texte français de la recommandation, tel que l'Index le donne."


@pytest.fixture(scope="module")
def matrix_row() -> RecommendationRow:
    parsed = ohchr_matrix.parse(CYCLE4_PATH)
    return parsed.rows[0]


def upr(row: RecommendationRow) -> Parsed:
    return Parsed(kind="ohchr-matrix", rows=[replace(row)], state="Slovenia", cycle=4, session=48)


def uhri(*rows: RecommendationRow) -> Parsed:
    return Parsed(kind="uhri", rows=[replace(r) for r in rows])


def uhri_copy(row: RecommendationRow) -> RecommendationRow:
    """The same UPR recommendation as UHRI holds it: its annotation id, the UPR as mechanism, a French text."""
    return replace(
        row,
        row=7,
        state="SVN",
        cycle=4,
        session=48,
        mechanism="UPR",
        reference="5f0c1b2e-upr48-svn-1",
        source_file=UHRI_FILE,
        texts={"fr": FRENCH},
    )


CRC_ROW = RecommendationRow(
    row=9,
    state="SVN",
    text=(
        "The Committee recommends that the State party take measures to ensure that Roma children "
        "attend and complete compulsory education."
    ),
    paragraph="63(a)",
    mechanism="CRC",
    document_symbol="CRC/C/SVN/CO/3-4",
    document_date="2013-07-08",
    reference="crc-svn-2013-63a",
    source_file=UHRI_FILE,
    texts={
        "fr": "Le Comité recommande à l'État partie de veiller à la scolarité des enfants roms."
    },
    themes=["Right to education"],
)


def test_the_uhri_copy_of_a_matrix_record_is_matched_and_listed_as_a_second_source(ctx, matrix_row):
    first = store(ctx, upr(matrix_row))
    assert (first.created, first.updated, first.unchanged) == (1, 0, 0)
    rec = ctx.scalar(select(Recommendation))
    english = rec.text
    assert [(s.kind, s.file_name) for s in rec.sources] == [("ohchr-matrix", CYCLE4_PATH.name)]

    again = store(ctx, uhri(uhri_copy(matrix_row)))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 1, 0, [])
    assert ctx.scalar(select(func.count()).select_from(Recommendation)) == 1
    ctx.expire_all()
    rec = ctx.scalar(select(Recommendation))
    assert rec.text == english
    assert rec.source_file == CYCLE4_PATH.name  # the first file stays the record's file
    assert sorted((s.kind, s.file_name, s.reference) for s in rec.sources) == [
        ("ohchr-matrix", CYCLE4_PATH.name, ""),
        ("uhri", UHRI_FILE, "5f0c1b2e-upr48-svn-1"),
    ]
    assert {t.language: t.text for t in rec.texts} == {"fr": FRENCH}
    assert rec.review.cycle == 4 and rec.review.mechanism.code == "UPR"

    # The UHRI file again, and the matrix again: nothing added, all unchanged.
    third = store(ctx, uhri(uhri_copy(matrix_row)))
    fourth = store(ctx, upr(matrix_row))
    assert (third.created, third.updated, third.unchanged) == (0, 0, 1)
    assert (fourth.created, fourth.updated, fourth.unchanged) == (0, 0, 1)
    assert ctx.scalar(select(func.count()).select_from(RecommendationSource)) == 2


def test_a_uhri_reference_matches_before_the_paragraph(ctx, matrix_row):
    """A record UHRI gave once is found again by its annotation id, even when its paragraph changed."""
    store(ctx, uhri(uhri_copy(matrix_row)))
    moved = replace(uhri_copy(matrix_row), paragraph="999.1")
    report = store(ctx, uhri(moved))
    assert (report.created, report.unchanged + report.updated) == (0, 1)
    assert ctx.scalar(select(func.count()).select_from(Recommendation)) == 1


def test_a_treaty_body_row_makes_a_review_of_its_document_without_a_cycle(ctx):
    report = store(ctx, uhri(CRC_ROW))
    assert (report.created, report.rejected) == (1, [])
    review = ctx.scalar(select(Review).where(Review.document_symbol == "CRC/C/SVN/CO/3-4"))
    assert review.cycle is None and review.session is None
    assert (review.mechanism.code, review.mechanism.kind) == ("CRC", "treaty_body")
    assert review.mechanism.name == "Committee on the Rights of the Child"
    assert review.document_date.isoformat() == "2013-07-08"
    rec = review.recommendations[0]
    assert rec.paragraph == "63(a)" and rec.education
    assert [t.language for t in rec.texts] == ["fr"]

    again = store(ctx, uhri(CRC_ROW))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert ctx.scalar(select(func.count()).select_from(Review)) == 1

    # Another CRC document of the same State is another review.
    later = replace(CRC_ROW, document_symbol="CRC/C/SVN/CO/5-6", reference="crc-svn-2025-1")
    assert store(ctx, uhri(later)).created == 1
    assert ctx.scalar(select(func.count()).select_from(Review)) == 2


def test_a_special_procedure_is_created_by_its_name(ctx):
    name = "Special Rapporteur on the right to education"
    row = replace(CRC_ROW, mechanism=name, document_symbol="A/HRC/53/27/Add.1", reference="sr-1")
    assert store(ctx, uhri(row)).created == 1
    mechanism = ctx.scalar(select(Mechanism).where(Mechanism.code == name))
    assert (mechanism.name, mechanism.kind) == (name, "special_procedure")
    assert store(ctx, uhri(replace(row, reference="sr-2", paragraph="64"))).created == 1
    assert (
        ctx.scalar(select(func.count()).select_from(Mechanism).where(Mechanism.name == name)) == 1
    )


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"document_symbol": None}, "the recommendation of CRC names no document symbol"),
        ({"document_date": "8 July 2013"}, "'8 July 2013' is not a date of the document"),
        (
            {"texts": {"de": "Der Ausschuss"}},
            "the text in 'de' is not in one of the six UN languages",
        ),
        ({"reference": "x" * 121}, "the record id 'xxxx"),
    ],
)
def test_a_row_that_cannot_be_stored_is_rejected_with_its_reason(ctx, change, reason):
    report = store(ctx, uhri(replace(CRC_ROW, **change)))
    assert report.created == 0
    assert [r.row for r in report.rejected] == [9]
    assert report.rejected[0].reason.startswith(reason)
    assert ctx.scalar(select(func.count()).select_from(Recommendation)) == 0


def test_a_upr_info_row_matched_onto_a_matrix_record_is_its_second_source(runner, ctx, tmp_path):
    """Slovenia's cycle 2 matrix, then the real UPR Info export: the matched records list both files and keep
    the matrix as their source file; the export again adds no source."""
    from tests.test_import_command import CYCLE2, UPR_INFO, run_import

    run_import(runner, tmp_path, CYCLE2)
    run_import(runner, tmp_path, UPR_INFO)
    ctx.expire_all()
    matched = ctx.scalars(
        select(Recommendation).join(Review).where(Recommendation.action_category.is_not(None))
    ).all()
    matched = [r for r in matched if r.review.cycle == 2 and r.paragraph]
    assert matched
    for rec in matched:
        assert rec.source_file == CYCLE2.name
        assert sorted((s.kind, s.file_name) for s in rec.sources) == [
            ("ohchr-matrix", CYCLE2.name),
            ("upr-info", UPR_INFO.name),
        ]
    sources = ctx.scalar(select(func.count()).select_from(RecommendationSource))
    again, _ = run_import(runner, tmp_path, UPR_INFO)
    assert again["created"] == 0 and again["updated"] == 0
    assert ctx.scalar(select(func.count()).select_from(RecommendationSource)) == sources


def test_the_import_preview_names_a_treaty_body_review_by_its_document(ctx):
    from uprtrack.imports.uploads import dry_run

    report, sample = dry_run(ctx, uhri(CRC_ROW), None)
    assert report.created == 1 and report.dry_run
    assert [(s["cycle"], s["review"], s["paragraph"]) for s in sample] == [
        (None, "CRC, CRC/C/SVN/CO/3-4", "63(a)")
    ]
    assert ctx.scalar(select(func.count()).select_from(Review)) == 0


def test_uhri_search_results_over_the_matrix_keep_what_their_unmapped_ids_do_not_say(
    runner, ctx, tmp_path
):
    """The search API names positions, States and themes by ids nothing here maps: importing its records over
    the matrix's must not set a Supported recommendation back to pending nor empty its lists; the ids are kept
    on the record's UHRI source."""
    from tests.test_import_command import CYCLE2, run_import

    run_import(runner, tmp_path, CYCLE2)
    paragraphs = ("115.67", "115.84")

    def stored():
        ctx.expire_all()
        recs = ctx.scalars(
            select(Recommendation).where(Recommendation.paragraph.in_(paragraphs))
        ).all()
        return {
            r.paragraph: (r.position, {s.iso3 for s in r.recommending_states}, len(r.themes))
            for r in recs
        }

    before = stored()
    assert len(before) == 2 and all(position != "pending" for position, _, _ in before.values())
    search = DATA / "uhri" / "uhri_search_slovenia.json"
    report, _ = run_import(runner, tmp_path, search, "--state", "SVN")
    assert report["created"] == 0 and report["updated"] == 2
    assert stored() == before
    record = json.loads(search.read_text(encoding="utf-8"))["results"][0]
    uhri_source = ctx.scalar(
        select(RecommendationSource).where(RecommendationSource.reference == record["annotationId"])
    )
    assert uhri_source.kind == "uhri"
    assert {f"themesIds:{uuid}" for uuid in record["themesIds"]} <= set(uhri_source.identifiers)
    again, _ = run_import(runner, tmp_path, search, "--state", "SVN")
    assert (again["updated"], again["unchanged"]) == (0, 2)
