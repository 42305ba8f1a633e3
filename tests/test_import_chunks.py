"""An import takes a file a chunk of rows at a time: what it stores and reports is what one pass over the whole
file gives, wherever the chunks cut the file, on a new database and over records already stored."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from tests.conftest import DATA
from uprtrack.imports import pipeline, upsert
from uprtrack.imports.rows import RowStream
from uprtrack.models import Recommendation, Review
from uprtrack.models.mechanisms import RecommendationText

UPR_INFO = DATA / "upr_info" / "upr-info_right-to-education_sessions01-20.csv"
MATRIX = DATA / "ohchr" / "upr48-slovenia-thematic-list-of-recommendatio.docx"
# Chunks of 2 rows cut most of the file's recommendations that UPR Info splits over rows (one per recommending
# State), whose rows lie 3 rows apart.
SMALL = 2


def stored(session) -> list[tuple]:
    """Every recommendation with what an import sets on it and links to it, in one order."""
    query = select(Recommendation).options(
        selectinload(Recommendation.review).selectinload(Review.state),
        selectinload(Recommendation.recommending_states),
        selectinload(Recommendation.issues),
        selectinload(Recommendation.themes),
        selectinload(Recommendation.sources),
        selectinload(Recommendation.position_changes),
    )
    return sorted(
        (
            rec.review.state.name,
            rec.review.cycle,
            rec.review.session,
            rec.paragraph or "",
            rec.text,
            rec.text_key,
            rec.position,
            rec.action_category or 0,
            rec.education,
            tuple(s.name for s in rec.recommending_states),
            tuple(i.name for i in rec.issues),
            tuple(t.name for t in rec.themes),
            tuple(sorted(s.kind for s in rec.sources)),
            tuple((p.position, p.source) for p in rec.position_changes),
        )
        for rec in session.scalars(query)
    )


def imported(session, path, chunk: int, monkeypatch) -> tuple[dict, list[tuple]]:
    """Import a file as the command does (a CSV read as it goes), in chunks of `chunk` rows; commit."""
    monkeypatch.setattr(upsert, "CHUNK", chunk)
    parsed = pipeline.parse_file(path)
    report = pipeline.store(session, parsed)
    session.commit()
    outcome = asdict(report)
    outcome["rejected"] = sorted(map(tuple, (r.values() for r in outcome["rejected"])))
    outcome["joined"] = sorted(map(tuple, (j.values() for j in outcome["joined"])))
    return outcome, stored(session)


def test_a_csv_file_is_read_as_a_stream(ctx):
    parsed = pipeline.parse_file(UPR_INFO)
    assert isinstance(parsed.rows, RowStream) and parsed.rejected == []
    assert pipeline.row_count(parsed) == 2044


@pytest.mark.parametrize("first", [None, MATRIX], ids=["new database", "over a matrix"])
def test_chunks_cut_anywhere_store_and_report_what_one_pass_does(ctx, seeded, monkeypatch, first):
    def run(chunk):
        if first:
            imported(ctx, first, upsert.CHUNK, monkeypatch)
        result = imported(ctx, UPR_INFO, chunk, monkeypatch)
        # Every record is stored now: updates only.
        again = imported(ctx, UPR_INFO, chunk, monkeypatch)
        seeded.restore(ctx)
        return result, again

    (whole, whole_again), (chunked, chunked_again) = run(10_000), run(SMALL)
    report, records = whole
    assert report["rows"] == 2044 and report["created"] > 1000 and len(report["joined"]) == 11
    assert chunked == whole
    assert chunked_again == whole_again
    assert whole_again[0]["created"] == 0 and whole_again[1] == records


def test_a_row_that_gives_another_position_is_rejected_in_a_later_chunk_too(
    ctx, seeded, tmp_path, monkeypatch
):
    header = "SuR,Rgrp,Org,Recommendation,RS,Rgrp,Org,Response,Action,Issue,Session\n"
    text = "Ensure that every child with a disability attends a mainstream school"
    rows = [
        f'Slovenia,WEOG,,"{text}",Austria,WEOG,,Accepted,4,Right to education,20\n',
        f'Slovenia,WEOG,,"{text}",Chile,GRULAC,,Noted,4,Right to education,20\n',
        f'Slovenia,WEOG,,"{text}",Japan,Asia-Pacific Group,,Supported,4,Right to education,20\n',
    ]
    path = tmp_path / "split.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")

    def run(chunk):
        report, records = imported(ctx, path, chunk, monkeypatch)
        seeded.restore(ctx)
        return report, records

    (report, records), chunked = run(10), run(1)
    assert chunked == (report, records)
    assert report["rejected"] == [
        (
            3,
            "the same recommendation is at row 2 with position Supported, here Noted; the row at 2 was kept",
        )
    ]
    assert [r[9] for r in records] == [("Austria", "Japan")]


def test_rows_of_an_older_position_join_across_chunks_as_in_one(ctx, seeded, monkeypatch):
    # A record stored with a later position than the file's keeps it; the file's other rows of the same
    # recommendation still join it, wherever the chunks cut, as they do in one pass.
    from uprtrack.imports.rows import Parsed, RecommendationRow

    text = "Ensure that every child with a disability attends a mainstream school"

    def row(number, state, position, day):
        return RecommendationRow(
            row=number,
            state="Slovenia",
            text=text,
            recommending_states=[state],
            position=position,
            session=48,
            cycle=4,
            position_date=day,
        )

    def run(chunk):
        pipeline.store(
            ctx, Parsed(kind="upr-info", rows=[row(2, "Austria", "Supported", "2025-06-01")])
        )
        ctx.commit()
        monkeypatch.setattr(upsert, "CHUNK", chunk)
        older = [row(2, "Chile", "Noted", "2025-01-01"), row(3, "Japan", "Noted", "2025-01-01")]
        report = pipeline.store(ctx, Parsed(kind="upr-info", rows=older))
        ctx.commit()
        outcome = (
            report.rejected,
            [(j.row, j.into) for j in report.joined],
            report.updated,
            stored(ctx),
        )
        seeded.restore(ctx)
        return outcome

    whole, chunked = run(10), run(1)
    assert chunked == whole
    rejected, joined, updated, records = whole
    assert rejected == [] and joined == [(3, 2)] and updated == 1
    assert [(r[6], r[9]) for r in records] == [("Supported", ("Chile", "Japan"))]


def test_texts_a_later_chunk_adds_to_a_stored_record_are_searched_and_deleted_cleanly(
    ctx, seeded, monkeypatch
):
    # The first chunk creates a record (written in bulk, indexed by batch); the second adds a French text to a
    # record stored before, through the ORM: the index's triggers must see it, or deleting it corrupts the index.
    from uprtrack.imports.rows import Parsed, RecommendationRow
    from uprtrack.recommendations.filters import search_condition

    def row(number, text, **more):
        return RecommendationRow(
            row=number,
            state="Slovenia",
            text=text,
            paragraph=f"9.{number}",
            cycle=4,
            session=48,
            position="Supported",
            mechanism="UPR",
            **more,
        )

    pipeline.store(ctx, Parsed(kind="uhri", rows=[row(3, "Protect the rivers")]))
    ctx.commit()
    monkeypatch.setattr(upsert, "CHUNK", 1)
    french = {"fr": "Protéger les rivières et les zones humides"}
    pipeline.store(
        ctx,
        Parsed(
            kind="uhri",
            rows=[row(2, "Ratify the OPCAT"), row(3, "Protect the rivers", texts=french)],
        ),
    )
    ctx.commit()
    stored_record = ctx.scalar(select(Recommendation).where(Recommendation.paragraph == "9.3"))
    found = ctx.scalars(select(Recommendation.id).where(search_condition("humides"))).all()
    assert found == [stored_record.id]
    ctx.execute(delete(RecommendationText))  # the index's delete trigger takes the text out
    ctx.commit()
    assert ctx.scalars(select(Recommendation.id).where(search_condition("humides"))).all() == []
