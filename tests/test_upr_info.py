"""Tests of the UPR Info export parsers on the real 2015 exports and on rows built to break them."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import openpyxl
import pytest

from uprtrack.core.vocabulary import cycle_of_session
from uprtrack.imports.rows import ImportFileError, PledgeRow, RecommendationRow, Rejection
from uprtrack.imports.tables import read_table
from uprtrack.imports.upr_info import (
    looks_like_pledges,
    looks_like_upr_info,
    parse_pledges,
    parse_recommendations,
)

DATA = Path(__file__).parent / "data" / "upr_info"
EDUCATION = DATA / "upr-info_right-to-education_sessions01-20.csv"
PLEDGES_CSV = DATA / "upr-info_voluntary-pledges_sessions01-19.csv"
PLEDGES_XLS = DATA / "upr-info_voluntary-pledges_sessions01-19_original-export.xls"
MAC_SAMPLE = DATA / "upr-info_sessions01-05_excel-mac-resave_sample.csv"
HEADER = "SuR,Rgrp,Org,Recommendation,RS,Rgrp,Org,Response,Action,Issue,Session"
GOOD = (
    'Slovenia,EEG,EU,"Ensure that Roma children have equal opportunities in access to quality education",'
    'Slovakia,EEG,EU,Accepted,4,"Minorities,Right to education",20'
)


def parse_text(text: str, name: str = "export.csv"):
    return parse_recommendations(read_table(io.BytesIO(text.encode()), name))


def without_file(rows):
    return [{**asdict(row), "source_file": None} for row in rows]


@pytest.fixture(scope="module")
def education():
    return parse_recommendations(read_table(EDUCATION))


def test_right_to_education_export_gives_every_row(education):
    assert len(education.rows) == 2044 and education.rejected == []
    assert education.kind == "upr-info"
    assert Counter(r.position for r in education.rows) == {"Accepted": 1911, "Noted": 133}
    assert Counter(r.action_category for r in education.rows) == {
        1: 41,
        2: 766,
        3: 71,
        4: 959,
        5: 207,
    }
    assert all("Right to education" in r.issues for r in education.rows)
    assert all(len(r.recommending_states) == 1 and r.paragraph is None for r in education.rows)
    assert len({r.state for r in education.rows}) == 191
    assert len({r.recommending_states[0] for r in education.rows}) == 151
    assert {r.session for r in education.rows} == set(range(1, 21))
    assert all(r.cycle == (1 if r.session <= 12 else 2) for r in education.rows)


def test_right_to_education_first_and_slovenia_rows(education):
    first = education.rows[0]
    assert (
        first.row,
        first.state,
        first.recommending_states,
        first.position,
        first.session,
        first.cycle,
    ) == (2, "Afghanistan", ["Australia"], "Accepted", 5, 1)
    assert first.issues == ["Right to education", "Right to health"]
    assert first.source_file == EDUCATION.name
    slovenia = [r for r in education.rows if r.state == "Slovenia"]
    assert len(slovenia) == 8 and {r.session for r in slovenia} == {20}
    assert "Ensure that Roma children have equal opportunities" in slovenia[1].text


@pytest.mark.parametrize("path", [PLEDGES_CSV, PLEDGES_XLS], ids=["csv", "xls"])
def test_pledges_export(path):
    table = read_table(path)
    assert looks_like_upr_info(table.header) and looks_like_pledges(table)
    parsed = parse_pledges(table)
    assert parsed.kind == "pledges" and len(parsed.rows) == 947 and parsed.rejected == []
    assert all(isinstance(r, PledgeRow) and r.source == "UPR Info database" for r in parsed.rows)
    assert sum("Right to education" in r.issues for r in parsed.rows) == 39
    assert len({r.state for r in parsed.rows}) == 149
    first = parsed.rows[0]
    assert (first.state, first.session, first.cycle, first.issues) == (
        "Albania",
        19,
        2,
        ["Minorities", "National plan of action"],
    )


def test_pledges_from_xls_and_csv_are_equal():
    assert (
        parse_pledges(read_table(PLEDGES_XLS)).rows == parse_pledges(read_table(PLEDGES_CSV)).rows
    )


def test_excel_for_mac_sample_with_renamed_header():
    table = read_table(MAC_SAMPLE)
    assert looks_like_upr_info(table.header) and not looks_like_pledges(table)
    parsed = parse_recommendations(table)
    assert len(parsed.rows) == 131 and parsed.rejected == []
    morocco = [r for r in parsed.rows if "Equité" in r.text]
    assert len(morocco) == 1
    assert (morocco[0].state, morocco[0].recommending_states, morocco[0].issues) == (
        "Morocco",
        ["Netherlands"],
        ["Justice"],
    )


def test_same_rows_saved_as_xlsx_parse_the_same(tmp_path, education):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "UPR Info database export"
    with EDUCATION.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            # Excel keeps Action and Session as numbers.
            sheet.append(row if i == 0 else [*row[:8], int(row[8]), row[9], int(row[10])])
    path = tmp_path / "education.xlsx"
    book.save(path)
    parsed = parse_recommendations(read_table(path))
    assert parsed.rejected == []
    assert without_file(parsed.rows) == without_file(education.rows)


def test_crlf_file_parses_the_same(tmp_path, education):
    path = tmp_path / "education-crlf.csv"
    path.write_bytes(EDUCATION.read_bytes().replace(b"\n", b"\r\n"))
    parsed = parse_recommendations(read_table(path))
    assert len(parsed.rows) == 2044 and parsed.rejected == []
    # Line breaks inside quoted cells come back as CRLF, as the file has them; everything else is equal.
    assert [r.text.replace("\r\n", "\n") for r in parsed.rows] == [r.text for r in education.rows]
    assert [r.issues for r in parsed.rows] == [r.issues for r in education.rows]


def test_one_bad_row_among_good_ones_is_rejected_with_its_row_and_reason():
    lines = [
        HEADER,
        GOOD,
        GOOD.replace(",20", ",abc"),
        GOOD,
        GOOD.replace(",4,", ",7,"),
        GOOD.replace("Slovenia,", ",", 1),
        GOOD.replace("Accepted", "Voluntary Pledge"),
        GOOD.replace("Accepted", "Maybe"),
        GOOD.replace(",20", ","),
        GOOD.replace(",4,", ",,"),
        GOOD.replace(",20", ",0"),
    ]
    parsed = parse_text("\n".join(lines) + "\n")
    assert [r.row for r in parsed.rows] == [2, 4]
    assert parsed.rejected == [
        Rejection(3, "Session 'abc' is not a number."),
        Rejection(5, "Action category '7' is not one of 1, 2, 3, 4 or 5."),
        Rejection(6, "The State under review (SuR) is empty."),
        Rejection(7, "This row is a voluntary pledge, not a recommendation; import it as pledges."),
        Rejection(8, "Response 'Maybe' is not a position (expected Accepted or Noted)."),
        Rejection(9, "The session is empty."),
        Rejection(10, "The action category is empty; it must be 1, 2, 3, 4 or 5."),
        Rejection(11, "Session 0 does not exist: UPR sessions start at 1."),
    ]


def test_unknown_recommending_state_keeps_the_row_without_a_state_and_entities_are_unescaped():
    row = (
        'Indonesia,Asia,"OIC, ASEAN","Share its experience &amp; good practice in &quot;education&quot; '
        'with R&D notes &notes",&#40;Unknown&#41;,,,Accepted,2,"Right to education,Women&#39;s rights",1'
    )
    parsed = parse_text(f"{HEADER}\n{row}\n")
    assert parsed.rejected == []
    (rec,) = parsed.rows
    assert rec.recommending_states == []
    assert rec.text == 'Share its experience & good practice in "education" with R&D notes &notes'
    assert rec.issues == ["Right to education", "Women's rights"]


def test_pledges_parser_refuses_recommendation_rows_and_empty_text():
    lines = [
        HEADER,
        GOOD.replace("Accepted", "Voluntary Pledge"),
        GOOD,
        'Slovenia,EEG,EU,"",Slovenia,EEG,EU,Voluntary Pledge,5,Other,7',
    ]
    table = read_table(io.BytesIO(("\n".join(lines)).encode()), "pledges.csv")
    assert not looks_like_pledges(table)
    parsed = parse_pledges(table)
    assert [r.row for r in parsed.rows] == [2]
    assert parsed.rejected == [
        Rejection(
            3, "Response 'Accepted' is not 'Voluntary Pledge': this row is a recommendation."
        ),
        Rejection(4, "The text (Recommendation column) is empty."),
    ]


def test_other_headers_are_not_upr_info():
    assert not looks_like_upr_info(["state", "cycle", "paragraph", "recommendation"])
    assert not looks_like_upr_info([])
    table = read_table(io.BytesIO(b"state,recommendation\nSlovenia,Do it\n"), "mine.csv")
    assert not looks_like_pledges(table)
    with pytest.raises(ImportFileError, match="not a UPR Info database export"):
        parse_recommendations(table)


def test_file_without_an_action_column_gives_no_action_category():
    parsed = parse_text(
        "SuR,Recommendation,RS,Response,Session\nSlovenia,Do it,Slovakia,Noted,20\n"
    )
    (rec,) = parsed.rows
    assert isinstance(rec, RecommendationRow)
    assert (rec.action_category, rec.issues, rec.position, rec.cycle) == (None, [], "Noted", 2)


@pytest.mark.parametrize(
    "session, cycle", [(1, 1), (12, 1), (13, 2), (26, 2), (27, 3), (40, 3), (41, 4), (48, 4)]
)
def test_cycle_of_session(session, cycle):
    assert cycle_of_session(session) == cycle


def test_truncated_xls_is_an_import_error():
    data = PLEDGES_XLS.read_bytes()
    with pytest.raises(ImportFileError, match="damaged"):
        read_table(io.BytesIO(data[:20000]), "voluntary.xls")


def test_png_renamed_csv_is_an_import_error():
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
        b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    with pytest.raises(
        ImportFileError, match=re.escape("'recommendations.csv' is a PNG image, not a table.")
    ):
        read_table(io.BytesIO(png), "recommendations.csv")
