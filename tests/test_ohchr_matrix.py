"""Tests of the OHCHR "Thematic list of recommendations" parser, on the real Slovenia matrices and built variants."""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.shared import Inches

from uprtrack.imports.ohchr_matrix import looks_like_matrix, parse
from uprtrack.imports.rows import ImportFileError, Parsed

DATA = Path(__file__).parent / "data" / "ohchr"
C2 = DATA / "UPR20__Slovenia_ThematicListRecommendations_E.docx"
C3 = DATA / "UPR34_Slovenia_Thematic_list_of_Recommendations.docx"
C4 = DATA / "upr48-slovenia-thematic-list-of-recommendatio.docx"
CSV = DATA / "ohchr_matrix_slovenia_c2-c4_normalised.csv"

C2_HEADERS = [
    "Recommendation",
    "Position",
    "Full list of themes",
    "Assessment/comments on level of implementation",
]
C4_HEADERS = [
    "Recommendation and recommending State",
    "Position of the State under review",
    "Human rights themes and groups of persons",
    "Relevant SDGs",
]
PAGE_HEADER = "UPR of Slovenia (2nd Cycle – 20th session)\t\t\tThematic list of recommendations\t\tPage 1 of 2"
SOURCE_LINE = "\nSource of position: A/HRC/28/15/Add.1 - Para. 3"

# Rows where the reference CSV's best-effort parse is wrong and this parser is right: (file, paragraph) -> field.
# After reading the Word text of every row where they could differ ("(No. 29)", "(ICRMW)", "(2009–2014)",
# "(Iran (Islamic Republic of))", clusters of ';'-separated clauses, the source-of-position oddities),
# none was found: the CSV and the parser agree on all 632 rows.
KNOWN_CSV_DIFFERENCES: dict[tuple[str, str], str] = {}


def write_matrix(
    path: Path,
    tables: list[tuple[list[str], list]],
    page_header: str | None = PAGE_HEADER,
    header_in_table: bool = False,
) -> Path:
    """Write a .docx with the given page header and tables; a str row is a merged theme row, a list a plain row."""
    document = docx.Document()
    if page_header is not None:
        header = document.sections[0].header
        if header_in_table:
            header.add_table(1, 1, Inches(6)).cell(0, 0).text = page_header
        else:
            header.paragraphs[0].text = page_header
    for headers, rows in tables:
        table = document.add_table(rows=1, cols=len(headers))
        for cell, text in zip(table.rows[0].cells, headers, strict=False):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            if isinstance(row, str):
                cells[0].merge(cells[-1]).text = row
            else:
                for cell, text in zip(cells, row, strict=False):
                    cell.text = text
    document.save(path)
    return path


def one_table(tmp_path: Path, rows: list, headers: list[str] = C2_HEADERS, **kwargs):
    """Write and parse a one-table matrix."""
    return parse(write_matrix(tmp_path / "matrix.docx", [(headers, rows)], **kwargs))


def rec(
    text: str,
    position: str = "Supported",
    themes: str = "E51 Right to education\nAffected persons:\n- children",
    last: str = "",
) -> list[str]:
    """Return a cycle 2 style row."""
    return [text + SOURCE_LINE, position, themes, last]


@functools.cache
def real(path: Path) -> Parsed:
    """Parse a real matrix once per test run (tests only read the result)."""
    return parse(path)


def csv_rows(name: str) -> list[dict[str, str]]:
    """Return the reference CSV rows of one file, in file order."""
    with CSV.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["source_file"] == name]


def split(value: str) -> list[str]:
    """Split a '|' list of the reference CSV."""
    return [item for item in value.split("|") if item]


# ---- the real matrices -----------------------------------------------------------------------------

REAL = [(C2, 2, 20, 163, 142, 21), (C3, 3, 34, 215, 182, 33), (C4, 4, 48, 254, 217, 37)]


@pytest.mark.slow
@pytest.mark.parametrize(("path", "cycle", "session", "total", "supported", "noted"), REAL)
def test_real_matrix_counts_and_page_header(path, cycle, session, total, supported, noted):
    parsed = real(path)
    assert (parsed.kind, parsed.state, parsed.cycle, parsed.session) == (
        "ohchr-matrix",
        "Slovenia",
        cycle,
        session,
    )
    assert parsed.rejected == []
    assert len(parsed.rows) == total
    assert Counter(row.position for row in parsed.rows) == {"Supported": supported, "Noted": noted}
    assert {(row.state, row.cycle, row.session, row.source_file) for row in parsed.rows} == {
        ("Slovenia", cycle, session, path.name)
    }
    assert len({row.paragraph for row in parsed.rows}) == total


@pytest.mark.slow
@pytest.mark.parametrize("path", [C2, C3, C4])
def test_real_matrix_matches_normalised_csv(path):
    rows, expected = real(path).rows, csv_rows(path.name)
    assert len(rows) == len(expected)
    for row, ref in zip(rows, expected, strict=False):
        want = {
            "paragraph": ref["rec_id"],
            "position": ref["position"],
            "position_source": ref["source_of_position"],
            "position_document": ref["position_document"] or None,
            "position_paragraph": ref["position_paragraph"] or None,
            "recommending_states": split(ref["recommending_states"]),
            "themes": split(ref["themes"]),
            "groups": split(ref["affected_persons"]),
            "sdgs": split(ref["sdgs"]),
            "theme_heading": ref["theme_heading"],
        }
        got = {name: getattr(row, name) for name in want}
        skip = KNOWN_CSV_DIFFERENCES.get((path.name, row.paragraph))
        assert {k: v for k, v in got.items() if k != skip} == {
            k: v for k, v in want.items() if k != skip
        }, row.row
        # The CSV keeps the trailing "(State)" groups and ";": what the parser drops must be only those.
        written = " ".join(ref["recommendation"].split())
        assert written.startswith(row.text)
        assert re.fullmatch(r"(\s*\(.+?\)+)+\s*[;.]?", written[len(row.text) :]), row.paragraph


@pytest.mark.slow
def test_real_matrix_rows_keep_text_states_and_row_numbers():
    by_para = {row.paragraph: row for row in real(C2).rows}
    first = real(C2).rows[0]
    assert (first.row, first.paragraph, first.theme_heading) == (
        3,
        "115.1",
        "A12 Acceptance of international norms",
    )
    iran = by_para["115.6"]
    assert iran.row == 176
    assert iran.text == (
        "Ratify the International Convention on the Rights of All Migrant Workers and Members of "
        "Their Families (ICRMW)"
    )
    assert iran.recommending_states == ["Iran (Islamic Republic of)"]
    cluster = by_para["115.38"]
    assert cluster.recommending_states == ["Egypt", "Peru", "Azerbaijan"]
    assert cluster.text.startswith(
        "Ensure the compliance of its National Ombudsman with the Paris Principles (Egypt); "
    )
    assert cluster.text.endswith(
        "(Peru);take more effective measures in order to bring the Ombudsman’s Office into "
        "compliance with the Paris Principles"
    )
    assert by_para["115.3"].recommending_states == ["Portugal", "Slovakia"]
    assert by_para["115.57"].themes[-1] == "E51 Right to education - General"
    assert by_para["115.34"].groups == []  # "Affected persons:" with nothing under it


@pytest.mark.slow
def test_real_matrix_sdgs_from_themes_cell_and_from_own_column():
    c3 = {row.paragraph: row for row in real(C3).rows}
    assert c3["121.1"].recommending_states == ["France", "Lithuania"]
    assert c3["121.1"].sdgs == ["16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"]
    assert c3["121.1"].groups == ["Disappeared persons"]
    assert c3["121.3"].text.endswith("Forced Labour Convention, 1930 (No. 29)")
    c4 = real(C4).rows[0]
    assert (c4.paragraph, c4.recommending_states) == ("140.7", ["Maldives", "Portugal"])
    assert c4.sdgs[3] == "4 - QUALITY EDUCATION" and len(c4.sdgs) == 8
    assert c4.groups == ["Public officials"]
    assert c4.theme_heading == "Ratification of & accession to international instruments"


@pytest.mark.slow
def test_real_matrix_keeps_source_of_position_oddities():
    sources = {row.position_source: row for path in (C2, C3, C4) for row in real(path).rows}
    odd = sources["A/HRC/28/15/Add.1, para. 3 - Para. 3"]
    assert (odd.position_document, odd.position_paragraph) == ("A/HRC/28/15/Add.1", "3")
    assert (
        sources["A/HRC/43/15/Add.1"].position_document,
        sources["A/HRC/43/15/Add.1"].position_paragraph,
    ) == ("A/HRC/43/15/Add.1", None)
    assert sources["A/HRC/59/15/Add.1 - Para.3vv"].position_paragraph == "3"
    assert sources["A/HRC/43/15 - Para 121"].position_document == "A/HRC/43/15"


def test_arguments_override_page_header_and_stream_has_no_file_name():
    with C4.open("rb") as handle:
        parsed = parse(handle, state="SVN", cycle=9, session=99)
    assert (parsed.state, parsed.cycle, parsed.session) == ("SVN", 9, 99)
    assert {(row.state, row.cycle, row.session, row.source_file) for row in parsed.rows} == {
        ("SVN", 9, 99, None)
    }
    assert len(parsed.rows) == 254


# ---- built variants --------------------------------------------------------------------------------


def test_merged_theme_rows_coded_themes_and_dotted_ids(tmp_path):
    parsed = one_table(
        tmp_path,
        [
            "Theme: E51 Right to education",
            rec("115.3. Ensure access to education (Portugal, Slovakia);"),
            "A12 Acceptance of international norms",  # merged row without the "Theme:" word
            rec(
                "115.4 Ratify the Convention (Chile) (Spain);",
                themes="A12 Acceptance of international norms\n"
                "E51 Right to education\nAffected persons:\n- general\n- girls",
            ),
        ],
    )
    first, second = parsed.rows
    assert (first.row, first.paragraph, first.text) == (3, "115.3", "Ensure access to education")
    assert first.recommending_states == ["Portugal", "Slovakia"]
    assert (first.theme_heading, first.themes, first.groups) == (
        "E51 Right to education",
        ["E51 Right to education"],
        ["children"],
    )
    assert (second.row, second.theme_heading) == (5, "A12 Acceptance of international norms")
    assert second.recommending_states == ["Chile", "Spain"]
    assert (second.themes, second.groups) == (
        ["A12 Acceptance of international norms", "E51 Right to education"],
        ["general", "girls"],
    )
    assert (second.position_source, second.position_document, second.position_paragraph) == (
        "A/HRC/28/15/Add.1 - Para. 3",
        "A/HRC/28/15/Add.1",
        "3",
    )


def test_cycle_four_layout_with_sdg_column_and_columns_in_another_order(tmp_path):
    headers = [
        "Relevant SDGs",
        "Position of the State under review",
        "Recommendation and recommending State",
        "Human rights themes and groups of persons",
    ]
    parsed = one_table(
        tmp_path,
        headers=headers,
        rows=[
            "Theme: Right to education",
            [
                "- 4 - QUALITY EDUCATION\n- 5 - GENDER EQUALITY",
                "Supported/Noted",
                "140.5 Guarantee inclusive education (Iran (Islamic Republic of)) (Türkiye);\n"
                "Source of Position: A/HRC/59/15/Add.1 - Para.4",
                "- Right to education\nGroups of Persons: \n- Children\n- Persons with disabilities",
            ],
        ],
    )
    (row,) = parsed.rows
    assert row.position == "Supported/Noted"
    assert row.recommending_states == ["Iran (Islamic Republic of)", "Türkiye"]
    assert row.text == "Guarantee inclusive education"
    assert row.sdgs == ["4 - QUALITY EDUCATION", "5 - GENDER EQUALITY"]
    assert (row.themes, row.groups) == (
        ["Right to education"],
        ["Children", "Persons with disabilities"],
    )
    assert (row.position_document, row.position_paragraph, row.theme_heading) == (
        "A/HRC/59/15/Add.1",
        "4",
        "Right to education",
    )


def test_sdgs_block_inside_themes_cell(tmp_path):
    themes = "- Right to education\nSDGs: \n- 4 - QUALITY EDUCATION\nAffected persons: \n- Girls"
    (row,) = one_table(
        tmp_path, [rec("121.9 Promote girls' education (Ghana);", themes=themes)]
    ).rows
    assert (row.themes, row.sdgs, row.groups) == (
        ["Right to education"],
        ["4 - QUALITY EDUCATION"],
        ["Girls"],
    )


def test_separate_recommending_states_and_source_columns(tmp_path):
    headers = [
        "Recommendation",
        "Recommending State/s",
        "Position",
        "Source of position",
        "Themes",
        "Affected persons",
    ]
    parsed = one_table(
        tmp_path,
        headers=headers,
        rows=[
            [
                "98.1 Adopt a plan for inclusive education",
                "Chile, Spain\nIran (Islamic Republic of)",
                "Accepted",
                "A/HRC/19/7/Add.1 - Para. 4",
                "Right to education",
                "- children\n- persons with disabilities",
            ],
            ["98.2 Train teachers", "", "Noted", "", "Right to education", ""],
        ],
    )
    first, second = parsed.rows
    assert (first.paragraph, first.text, first.position) == (
        "98.1",
        "Adopt a plan for inclusive education",
        "Accepted",
    )
    assert first.recommending_states == ["Chile", "Spain", "Iran (Islamic Republic of)"]
    assert (first.themes, first.groups) == (
        ["Right to education"],
        ["children", "persons with disabilities"],
    )
    assert (first.position_source, first.position_document, first.position_paragraph) == (
        "A/HRC/19/7/Add.1 - Para. 4",
        "A/HRC/19/7/Add.1",
        "4",
    )
    assert (
        second.recommending_states,
        second.groups,
        second.position_source,
        second.position_document,
    ) == ([], [], None, None)


def test_non_state_groups_stay_in_text(tmp_path):
    parsed = one_table(
        tmp_path,
        [
            rec("122.10 Ratify the Domestic Workers Convention, 2011 (No. 189) (Philippines);"),
            rec(
                "115.6 Ratify the Convention on Migrant Workers (ICRMW) (Iran (Islamic Republic of));"
            ),
            rec("115.106 Implement the programme (2009–2014) and prevent violence (Bahrain);"),
            rec("115.7 Implement the programme (in particular for girls);"),
        ],
    )
    texts = [(row.text, row.recommending_states) for row in parsed.rows]
    assert texts == [
        ("Ratify the Domestic Workers Convention, 2011 (No. 189)", ["Philippines"]),
        ("Ratify the Convention on Migrant Workers (ICRMW)", ["Iran (Islamic Republic of)"]),
        ("Implement the programme (2009–2014) and prevent violence", ["Bahrain"]),
        ("Implement the programme (in particular for girls)", []),
    ]


def test_empty_rows_are_skipped_and_bad_rows_rejected_with_their_row_number(tmp_path):
    parsed = one_table(
        tmp_path,
        [
            rec("115.1 Keep this (Chile);"),
            ["", "", "", ""],
            ["Ensure access to education (Chile);", "Supported", "", ""],
            ["115.2 (Chile);", "Supported", "", ""],
            rec("115.3 Adopt a law (Chile);", position="Maybe later"),
            ["", "Noted", "", ""],
            rec("115.4 Keep this too (Spain);"),
        ],
    )
    assert [(row.row, row.paragraph) for row in parsed.rows] == [(2, "115.1"), (8, "115.4")]
    assert [rejection.row for rejection in parsed.rejected] == [4, 5, 6, 7]
    no_id, no_text, bad_position, empty_text = (rejection.reason for rejection in parsed.rejected)
    assert "'Ensure access to education (Chile);' has no paragraph number" in no_id
    assert "115.2" in no_text and "no text" in no_text
    assert "no recommendation text" in empty_text
    assert "'Maybe later'" in bad_position


def test_several_tables_are_all_read_and_repeated_header_rows_skipped(tmp_path):
    path = write_matrix(
        tmp_path / "two.docx",
        [
            (
                C2_HEADERS,
                [
                    "Theme: Right to education",
                    rec("121.1 Teach (Chile);"),
                    C2_HEADERS,
                    rec("121.2 Learn (Peru);"),
                ],
            ),
            (["Notes"], [["not a matrix"]]),
            (
                C2_HEADERS,
                [rec("121.3 Read (Spain);"), rec("121.4 Write (Spain);", position="Unknown")],
            ),
        ],
    )
    parsed = parse(path)
    assert [(row.paragraph, row.row, row.theme_heading) for row in parsed.rows] == [
        ("121.1", 3, "Right to education"),
        ("121.2", 5, "Right to education"),
        ("121.3", 2, "Right to education"),
    ]
    (rejection,) = parsed.rejected
    assert rejection.row == 3 and rejection.reason.startswith("Table 2: ")


@pytest.mark.parametrize(
    ("page_header", "in_table", "expected"),
    [
        (
            "UPR of Slovenia (Second Cycle – Twentieth session) Thematic list",
            False,
            ("Slovenia", 2, 20),
        ),
        (
            "UPR of Republic of Moldova (4th Cycle - Forty-eighth Session)\tPage 1",
            True,
            ("Republic of Moldova", 4, 48),
        ),
        (
            "UPR of Slovenia (34th session) Thematic list of recommendations",
            False,
            ("Slovenia", 3, 34),
        ),
        (
            "UPR of Iran (Islamic Republic of) (3rd Cycle – 34th session)",
            False,
            ("Iran (Islamic Republic of)", 3, 34),
        ),
        ("UPR of Slovenia\tThematic list of recommendations", False, ("Slovenia", None, None)),
    ],
)
def test_page_header_names_state_cycle_and_session(tmp_path, page_header, in_table, expected):
    parsed = one_table(
        tmp_path, [rec("1.1 Do (Chile);")], page_header=page_header, header_in_table=in_table
    )
    assert (parsed.state, parsed.cycle, parsed.session) == expected
    assert (parsed.rows[0].state, parsed.rows[0].cycle, parsed.rows[0].session) == expected


def test_missing_state_is_an_error_unless_given(tmp_path):
    path = write_matrix(
        tmp_path / "plain.docx", [(C2_HEADERS, [rec("1.1 Do (Chile);")])], page_header=None
    )
    with pytest.raises(ImportFileError, match="does not name the State"):
        parse(path)
    parsed = parse(path, state="Slovenia", session=48)
    assert (parsed.state, parsed.cycle, parsed.session, len(parsed.rows)) == ("Slovenia", 4, 48, 1)


# ---- files that are not matrices ---------------------------------------------------------------------


def test_damaged_file_is_an_import_error(tmp_path):
    damaged = tmp_path / "cut.docx"
    damaged.write_bytes(C2.read_bytes()[:20000])
    with pytest.raises(ImportFileError, match="damaged"):
        parse(damaged)
    assert not looks_like_matrix(damaged)


def test_text_file_renamed_docx_is_an_import_error(tmp_path):
    fake = tmp_path / "notes.docx"
    fake.write_text("115.1 Ratify the Convention (Chile); Supported\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=re.escape("not a Word .docx")):
        parse(fake)
    assert not looks_like_matrix(fake)


def test_zip_that_is_not_word_and_missing_file_are_import_errors(tmp_path):
    archive = tmp_path / "other.docx"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("hello.txt", "hello")
    with pytest.raises(ImportFileError, match="cannot be opened"):
        parse(archive)
    with pytest.raises(ImportFileError, match="could not be read"):
        parse(tmp_path / "absent.docx")


def test_docx_without_matrix_table_is_an_import_error(tmp_path):
    document = docx.Document()
    document.add_paragraph("UPR of Slovenia: no table here")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "Name"
    document.save(tmp_path / "prose.docx")
    with pytest.raises(ImportFileError, match="no table of recommendations"):
        parse(tmp_path / "prose.docx")
    assert not looks_like_matrix(tmp_path / "prose.docx")


def test_looks_like_matrix_accepts_matrices_and_rewinds_streams(tmp_path):
    assert looks_like_matrix(C2) and looks_like_matrix(str(C4))
    assert looks_like_matrix(write_matrix(tmp_path / "c4.docx", [(C4_HEADERS, [])]))
    stream = io.BytesIO(C3.read_bytes())
    assert looks_like_matrix(stream) and stream.tell() == 0
    assert len(parse(stream).rows) == 215
