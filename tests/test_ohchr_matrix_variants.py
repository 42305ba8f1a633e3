"""The layouts OHCHR's matrices take across the years, on faithful excerpts built from real text.

The files are built by tests/data/ohchr/build_variants.py (see SOURCE.md); the expected values are read
from the same real sources the script took the text from, not copied from the parser's output.
"""

import importlib.util

import pytest

from tests.conftest import DATA
from uprtrack.imports.lookup import split_sdg
from uprtrack.imports.ohchr_matrix import parse

VARIANTS = DATA / "ohchr" / "variants"
_spec = importlib.util.spec_from_file_location(
    "build_variants", DATA / "ohchr" / "build_variants.py"
)
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def by_paragraph(name: str) -> dict:
    return {row.paragraph: row for row in parse(VARIANTS / f"{name}.docx").rows}


def real_text(rec_id: str, cycle: str) -> str:
    """The recommendation cell's text in the real matrix, as the reference CSV keeps it (with its groups)."""
    return build.slovenia(rec_id, cycle)["recommendation"]


def test_states_column_rights_column_new_lines_and_no_break_spaces():
    parsed = parse(VARIANTS / "states_column.docx")
    assert parsed.rejected == []
    assert parsed.layout == (
        "OHCHR matrix: 4 columns (recommendation, recommending States, position, themes and groups)"
    )
    for row in parsed.rows:
        ref = build.slovenia(row.paragraph, "2")
        assert row.recommending_states == build.items(ref["recommending_states"])
        assert row.position == ref["position"]  # "Supported\n" in the cell
        assert row.themes == build.items(ref["themes"])
        assert row.groups == build.items(ref["affected_persons"])
        assert row.position_source == ref["source_of_position"]
        assert "\u00a0" not in row.text and not row.text.endswith((";", ")"))
        assert " ".join(ref["recommendation"].split()).startswith(row.text)
    assert parsed.rows[1].text == "Ratify ICRMW"  # "Ratify\u00a0ICRMW (Bosnia and Herzegovina);"


def test_theme_heading_schemes_and_a_theme_heading_two_blocks():
    rows = parse(VARIANTS / "theme_schemes.docx").rows
    assert [(row.paragraph, row.theme_heading) for row in rows] == [
        ("115.10", "A12 Acceptance of international norms"),
        ("115.57", "E51"),
        ("115.94", "A41"),
        ("115.73", "1. Right to education"),
        ("115.120", "21.1 Right to education"),
        ("115.1", "A12 Acceptance of international norms"),
    ]
    assert [row.row for row in rows] == [3, 5, 7, 9, 11, 13]  # heading rows are not recommendations


def test_sdgs_as_block_as_column_and_as_coded_lines_all_give_sdg_links():
    rows = by_paragraph("sdgs")
    assert rows["121.3"].sdgs == build.items(build.slovenia("121.3", "3")["sdgs"])
    assert rows["140.31"].sdgs == build.items(build.slovenia("140.31", "4")["sdgs"])
    assert rows["115.57"].sdgs == ["4.1", "4.7", "16"]
    assert rows["115.57"].themes == build.items(build.slovenia("115.57", "2")["themes"])
    codes = {row: [split_sdg(s)[0] for s in rows[row].sdgs] for row in rows}
    assert codes["115.57"] == ["4.1", "4.7", "16"]
    assert codes["121.3"] == ["8"]
    assert "4" in codes["140.31"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("header_page_fields", ("Slovenia", 2, 20)),
        ("header_third_cycle_words", ("Slovenia", 3, 34)),  # the session from A/HRC/WG.6/34/SVN/1
        ("header_session_in_words", ("Slovenia", 3, 34)),  # the cycle from the session
        ("header_words_with_dashes", ("Slovenia", 4, 48)),
        ("header_no_cycle_no_session", ("Slovenia", None, None)),
    ],
)
def test_page_headers(name, expected):
    parsed = parse(VARIANTS / f"{name}.docx")
    assert (parsed.state, parsed.cycle, parsed.session) == expected
    assert {(row.state, row.cycle, row.session) for row in parsed.rows} == {expected}


def test_page_header_without_session_takes_the_given_one():
    parsed = parse(VARIANTS / "header_no_cycle_no_session.docx", session=48)
    assert (parsed.cycle, parsed.session) == (4, 48)


def test_ids_sources_and_positions():
    parsed = parse(VARIANTS / "ids_sources_positions.docx")
    assert parsed.rejected == []
    rows = {row.paragraph: row for row in parsed.rows}
    assert list(rows) == ["121.1", "121.2", "122.12", "122.48"]  # "121.1." loses its dot
    # The WG report's paragraph 121 is the source of recommendations 121.x: document and paragraph kept.
    assert (rows["121.1"].position_document, rows["121.1"].position_paragraph) == (
        "A/HRC/43/15",
        "121",
    )
    assert (rows["122.12"].position_document, rows["122.12"].position_paragraph) == (
        "A/HRC/43/15/Add.1",
        None,
    )
    comment = rows["122.48"]
    assert comment.position_source == "Supported in the addendum, as explained in the statement"
    assert (comment.position_document, comment.position_paragraph) == (None, None)
    from uprtrack.core.vocabulary import normalise_position

    assert [normalise_position(row.position) for row in rows.values()] == [
        "Supported",
        "Supported",
        "Supported-in-part",
        "Supported-in-part",
    ]
    for rec_id, row in rows.items():
        assert row.recommending_states == build.items(
            build.slovenia(rec_id, "3")["recommending_states"]
        )


def test_clauses_keep_their_text_and_every_group_gives_states():
    rows = by_paragraph("clauses_and_brackets")
    two = rows["121.2"]
    assert two.recommending_states == ["Ukraine", "Slovakia"]
    # The whole paragraph is the text, each clause with its group, but for the last clause's group.
    assert two.text == real_text("121.2", "3").removesuffix(" (Slovakia);")
    assert rows["115.38"].recommending_states == ["Egypt", "Peru", "Azerbaijan"]
    assert rows["115.38"].text == real_text("115.38", "2").removesuffix(" (Azerbaijan);")


@pytest.mark.parametrize(
    ("rec_id", "kept", "states"),
    [
        ("121.3", "(No. 29)", ["United Kingdom of Great Britain and Northern Ireland"]),
        ("122.10", "(No. 189)", ["Philippines"]),
        ("121.200", "(Paris Principles)", ["Qatar"]),
        ("121.201", "(2025)", ["Ireland"]),
    ],
)
def test_brackets_that_hold_no_states_stay_in_the_text(rec_id, kept, states):
    row = by_paragraph("clauses_and_brackets")[rec_id]
    assert row.text.endswith(kept)
    assert row.recommending_states == states


@pytest.mark.parametrize(
    "bracket",
    [
        "(ICRMW)",
        "(No. 189)",
        "(the Paris Principles)",
        "(Yogyakarta Principles)",
        "(2015)",
        "(SDG 4)",
    ],
)
def test_bracket_words_that_are_not_states(bracket):
    """The bracket kinds OHCHR writes after a treaty or a plan; the real ones above are read in full files."""
    from uprtrack.imports.ohchr_matrix import _split_states

    assert _split_states(f"Implement the principles {bracket} (Qatar);") == (
        f"Implement the principles {bracket}",
        ["Qatar"],
    )


def test_ohchr_typing_keeps_the_names_and_the_text_as_written():
    parsed = parse(VARIANTS / "typing.docx")
    assert parsed.state == "Slove nia"  # the lookup matches it; the parser reports what is written
    rows = {row.paragraph: row for row in parsed.rows}
    assert rows["115.10"].recommending_states == ["Bosnia and Herze govina"]
    assert rows["115.120"].recommending_states == ["REPUBLIC OF MOLDOVA"]
    assert rows["115.200"].recommending_states == ["Republicof Korea"]
    assert rows["115.201"].recommending_states == ["Timor\u2011Leste"]
    assert rows["115.120"].text == real_text("115.120", "2").removesuffix(" (Republic of Moldova);")


def test_layout_names_the_columns_of_each_cycle():
    assert parse(VARIANTS / "sdgs.docx").layout == (
        "OHCHR matrix: 4 columns (recommendation with States, position, themes, "
        "assessment/comments on level of implementation)"
    )
    c4 = parse(DATA / "ohchr" / "upr48-slovenia-thematic-list-of-recommendatio.docx")
    assert c4.layout == (
        "OHCHR matrix: 4 columns (recommendation with States, position, themes and groups, SDGs)"
    )


def test_other_state_matrix_reads_every_upr_info_row():
    parsed = parse(VARIANTS / "italy_cycle3_layout.docx")
    expected = build.italy_rows()
    assert (parsed.state, parsed.cycle, parsed.session, parsed.rejected) == ("Italy", 2, 20, [])
    assert len(parsed.rows) == len(expected) > 5
    for row, ref in zip(parsed.rows, expected, strict=True):
        assert (row.paragraph, row.text, row.recommending_states, row.position, row.themes) == (
            ref["paragraph"],
            ref["text"].rstrip("."),
            [ref["state"]],
            ref["position"],
            ref["themes"],
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (build.C2_HEADER + "Page 15 of 27", ("Slovenia", 2, 20)),
        ("UPR of SloveniaPage 3 of  (Second Cycle – Twentieth session)", ("Slovenia", 2, 20)),
        ("Universal Periodic Review of Guinea-Bissau – Third cycle", ("Guinea-Bissau", 3, None)),
        ("UPR of Timor-Leste - Cycle 3 - Twenty-first session\tPage 2", ("Timor-Leste", 3, 21)),
        ("UPR of Chile (Thirty fourth session)", ("Chile", None, 34)),
        (
            "UPR of Iran (Islamic Republic of) (3rd Cycle – 34th session)",
            ("Iran (Islamic Republic of)", 3, 34),
        ),
        ("Thematic list of recommendations\tPage 1", (None, None, None)),
    ],
)
def test_page_header_text(text, expected):
    from uprtrack.imports.matrix_header import read_header

    named = read_header(text)
    assert (named["state"], named["cycle"], named["session"]) == expected


def test_working_group_symbol_names_the_session():
    from uprtrack.imports.matrix_header import session_from_symbols

    assert session_from_symbols("National report: A/HRC/WG.6/34/SVN/1") == (34, "SVN")
    assert (
        session_from_symbols("A/HRC/43/15/Add.1 - Para.3") is None
    )  # a Council report, not a session


def test_every_seed_state_name_reads_as_a_state_group():
    """The form test of a bracket never turns a State of seed/states.csv into text.

    Left out: inverted names ("Korea, Republic of"), whose comma separates States in a bracket, and bare
    acronyms ("UK", "DRC"), which read as treaty acronyms ("ICRMW"); OHCHR writes neither in its matrices.
    """
    from tests.test_state_names import seed_names
    from uprtrack.imports.ohchr_matrix import _split_states

    wrong = [
        name
        for name in seed_names()
        if "," not in name
        and not name.replace(".", "").isupper()
        and _split_states(f"Ratify the Convention ({name});") != ("Ratify the Convention", [name])
    ]
    assert wrong == []
