"""Tests of uprtrack's own import template: the shipped samples, header recognition and row validation."""

from __future__ import annotations

import io
from dataclasses import asdict
from pathlib import Path

import pytest

from uprtrack.imports.rows import (
    AssistanceRow,
    EvidenceRow,
    ImportFileError,
    PledgeRow,
    RecommendationRow,
)
from uprtrack.imports.tables import read_table
from uprtrack.imports.template import COLUMNS, REQUIRED, parse, template_kind

DATA = Path(__file__).parent / "data" / "template"
DOC = Path(__file__).parent.parent / "docs" / "import-template.md"
UPR_INFO_HEADER = [
    "SuR",
    "Rgrp",
    "Org",
    "Recommendation",
    "RS",
    "Rgrp",
    "Org",
    "Response",
    "Action",
    "Issue",
    "Session",
]


def parse_csv(text: str):
    return parse(read_table(io.BytesIO(text.encode()), "mine.csv"))


def reasons(parsed) -> list[tuple[int, str]]:
    return [(r.row, r.reason) for r in parsed.rejected]


# The shipped samples


@pytest.mark.parametrize(
    "kind, row_type, count",
    [
        ("recommendations", RecommendationRow, 6),
        ("pledges", PledgeRow, 4),
        ("assistance", AssistanceRow, 3),
        ("evidence", EvidenceRow, 3),
    ],
)
def test_samples_parse_cleanly_with_every_column(kind, row_type, count):
    table = read_table(DATA / f"{kind}.csv")
    assert table.header == list(
        COLUMNS[kind]
    )  # a sample shows every column, in the documented order
    assert template_kind(table.header) == kind
    parsed = parse(table)
    assert parsed.kind == "template" and parsed.rejected == []
    assert len(parsed.rows) == count and all(isinstance(r, row_type) for r in parsed.rows)
    assert all(r.state == "Slovenia" for r in parsed.rows)


def test_recommendations_sample_holds_real_paragraphs():
    rows = {r.paragraph: r for r in parse(read_table(DATA / "recommendations.csv")).rows}
    assert set(rows) == {"140.31", "140.121", "140.131", "140.138", "140.215", "122.147"}
    first = rows["140.31"]
    assert first.text.startswith("Step up the fight against racism and hate speech")
    assert not first.text.endswith(";") and "(China)" not in first.text
    assert (first.recommending_states, first.position, first.cycle, first.session) == (
        ["China"],
        "Supported",
        4,
        48,
    )
    assert (first.position_document, first.position_paragraph) == ("A/HRC/59/15/Add.1", "3")
    assert first.sdgs == ["4.5", "4.7"]
    assert first.responsible_institutions == [
        "Ministry of Education",
        "Government Office for National Minorities",
    ]
    assert (
        "Children: definition; general principles; protection" in rows["140.215"].themes
    )  # '|' wins over ';'
    noted = rows["122.147"]
    assert (noted.position, noted.cycle, noted.position_paragraph) == ("Noted", 3, "5")
    assert first.source_file == "recommendations.csv"


def test_xlsx_sample_equals_the_csv_sample():
    from_xlsx = parse(read_table(DATA / "recommendations.xlsx"))
    from_csv = parse(read_table(DATA / "recommendations.csv"))
    assert from_xlsx.rejected == []
    strip = lambda rows: [{**asdict(r), "source_file": None} for r in rows]  # noqa: E731
    assert strip(from_xlsx.rows) == strip(from_csv.rows)


def test_other_samples_carry_dates_amounts_and_links():
    pledge = parse(read_table(DATA / "pledges.csv")).rows[-1]
    assert (pledge.made_on, pledge.cycle, pledge.recommendation_refs) == (
        "2025-07-01",
        4,
        ["140.215", "140.31"],
    )
    training = parse(read_table(DATA / "assistance.csv")).rows[1]
    assert (
        training.direction,
        training.kind,
        training.amount,
        training.currency,
        training.status,
    ) == ("received", "training", "45000", "USD", "under_way")
    evidence = parse(read_table(DATA / "evidence.csv")).rows
    assert [e.kind for e in evidence] == ["report", "law", "statistic"]
    assert evidence[1].recommendation_refs == ["140.131", "140.132"]


def test_every_column_is_documented():
    doc = DOC.read_text(encoding="utf-8")
    for kind, columns in COLUMNS.items():
        assert f"## {kind.capitalize()}" in doc
        for column in columns:
            assert f"`{column}`" in doc


# Recognising the kind


@pytest.mark.parametrize(
    "header, kind",
    [
        (["State", "Cycle", "Paragraph", "Recommendation"], "recommendations"),
        (
            [
                "STATE",
                "Recommending States",
                "Groups-of-persons",
                "paragraph",
                "recommendation",
                "cycle",
            ],
            "recommendations",
        ),
        (["state", "pledge"], "pledges"),
        (["state", "title", "direction"], "assistance"),
        (["state", "title", "kind"], "evidence"),
        (
            ["title", "kind", "url", "verified by"],
            "evidence",
        ),  # no state: recognised, then refused for lacking it
        (UPR_INFO_HEADER, None),
        (["state", "notes"], None),
        (["state", "title"], None),  # assistance or evidence: cannot tell
        ([], None),
    ],
)
def test_template_kind(header, kind):
    assert template_kind(header) == kind


def test_unrecognised_header_is_an_import_error():
    with pytest.raises(ImportFileError, match="does not match any uprtrack template"):
        parse_csv("state,notes\nSlovenia,x\n")


@pytest.mark.parametrize(
    "header, missing",
    [
        (
            "state,recommendation,position",
            "The recommendations template is missing the columns cycle, paragraph.",
        ),
        ("title,kind,url", "The evidence template is missing the column state."),
        ("state,title,provider,fund", "The assistance template is missing the column direction."),
    ],
)
def test_missing_required_columns_are_named(header, missing):
    with pytest.raises(ImportFileError) as caught:
        parse_csv(f"{header}\nSlovenia,a,b,c\n")
    assert str(caught.value) == missing


def test_repeated_column_is_refused():
    with pytest.raises(ImportFileError, match="pledge appear more than once"):
        parse_csv("state,pledge,Pledge\nSlovenia,a,b\n")


def test_unknown_columns_are_ignored():
    (row,) = parse_csv("state,pledge,internal notes\nSlovenia,Do it,ignore me\n").rows
    assert (row.state, row.text) == ("Slovenia", "Do it")


# Row validation

REC_HEADER = "state,cycle,session,paragraph,recommendation,position,recommending_states"


def test_recommendation_rows_are_validated():
    parsed = parse_csv(
        "\n".join(
            [
                REC_HEADER,
                "Slovenia,4,48,140.31,Step up the fight,Supported,China",
                "Slovenia,,48,140.32,Cycle from session,,Japan | Chile",
                "Slovenia,4,34,140.33,Wrong cycle,Noted,",
                ",4,48,140.34,No state,Noted,",
                "Slovenia,4,48,,No paragraph,Noted,",
                "Slovenia,4,48,140.36,Odd position,Maybe,",
                "Slovenia,,,140.37,No cycle at all,Noted,",
                "Slovenia,four,48,140.38,Cycle in words,Noted,",
                "Slovenia,4,48,140.39,,Noted,",
            ]
        )
    )
    assert [(r.row, r.paragraph, r.cycle, r.position) for r in parsed.rows] == [
        (2, "140.31", 4, "Supported"),
        (3, "140.32", 4, "pending"),
    ]
    assert parsed.rows[1].recommending_states == ["Japan", "Chile"]
    assert reasons(parsed) == [
        (4, "Cycle 4 does not match session 34, which is in cycle 3."),
        (5, "The state column is empty; every row needs one."),
        (6, "The paragraph column is empty; every row needs one."),
        (
            7,
            "The position 'Maybe' is not known; write Supported, Noted or Supported-in-part, or leave it empty "
            "while the State has not answered.",
        ),
        (
            8,
            "The cycle column is empty and there is no session to take it from; every row needs one.",
        ),
        (9, "The cycle 'four' is not a whole number from 1 up."),
        (10, "The recommendation column is empty; every row needs one."),
    ]


@pytest.mark.parametrize(
    "made_on, expected",
    [
        ("2024-03-15", "2024-03-15"),
        ("15/03/2024", "2024-03-15"),
        ("2024-03-15T10:30:00", "2024-03-15"),
        ("", None),
    ],
)
def test_dates_accept_iso_and_day_month_year(made_on, expected):
    (row,) = parse_csv(f"state,pledge,made_on\nSlovenia,Do it,{made_on}\n").rows
    assert row.made_on == expected


@pytest.mark.parametrize(
    "made_on", ["03/15/2024", "2024-02-30", "15.03.2024", "March 2024", "2024-03"]
)
def test_bad_dates_say_which_format_is_expected(made_on):
    parsed = parse_csv(f"state,pledge,made_on\nSlovenia,Do it,{made_on}\n")
    assert reasons(parsed) == [
        (
            2,
            f"The made_on '{made_on}' is not a date; write YYYY-MM-DD (2024-03-15) or "
            "DD/MM/YYYY (15/03/2024).",
        )
    ]


ASSIST_HEADER = "state,title,direction,kind,amount,currency,start,end,status"
NOT_PLAIN = "is not a plain number; write digits with a point for decimals and no thousands separators, like 12500.50."


@pytest.mark.parametrize(
    "cells, reason",
    [
        (
            "Slovenia,Training,offered,,,,,,",
            "The direction 'offered' is not one of: requested, received.",
        ),
        ("Slovenia,Training,,,,,,,", "The direction column is empty; every row needs one."),
        ('Slovenia,Training,received,,"12,500",EUR,,,', f"The amount '12,500' {NOT_PLAIN}"),
        ("Slovenia,Training,received,,-5,EUR,,,", f"The amount '-5' {NOT_PLAIN}"),
        ("Slovenia,Training,received,,1.2e3,EUR,,,", f"The amount '1.2e3' {NOT_PLAIN}"),
        (
            "Slovenia,Training,received,,5000,,,,",
            "The amount 5000 has no currency; write a three-letter code such as EUR in currency.",
        ),
        (
            "Slovenia,Training,received,,5000,euros,,,",
            "The currency 'euros' is not a three-letter code such as EUR or USD.",
        ),
        (
            "Slovenia,Training,received,,,,2025-06-01,2025-01-01,",
            "The end 2025-01-01 is before the start 2025-06-01.",
        ),
        (
            "Slovenia,Training,received,,,,1/13/2025,,",
            "The start '1/13/2025' is not a date; write YYYY-MM-DD (2024-03-15) "
            "or DD/MM/YYYY (15/03/2024).",
        ),
        (
            "Slovenia,Training,received,coaching,,,,,",
            "The kind 'coaching' is not one of: advisory_services, training, "
            "legal_drafting, data, financial, other.",
        ),
        (
            "Slovenia,Training,received,,,,,,finished",
            "The status 'finished' is not one of: requested, agreed, under_way, "
            "delivered, declined.",
        ),
    ],
)
def test_assistance_rows_are_validated(cells, reason):
    parsed = parse_csv(f"{ASSIST_HEADER}\n{cells}\n")
    assert reasons(parsed) == [(2, reason)] and parsed.rows == []


def test_assistance_words_become_vocabulary_codes():
    (row,) = parse_csv(
        f"{ASSIST_HEADER}\nSlovenia,Advice,Received,Advisory services,1200.5,eur,"
        "01/02/2025,2025-03-31,Under way\n"
    ).rows
    assert (row.direction, row.kind, row.amount, row.currency, row.start, row.end, row.status) == (
        "received",
        "advisory_services",
        "1200.5",
        "EUR",
        "2025-02-01",
        "2025-03-31",
        "under_way",
    )


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://www.ohchr.org/en/hr-bodies/upr/si-index", True),
        ("HTTP://example.org/a", True),
        ("javascript:alert(1)", False),
        ("www.gov.si", False),
        ("file:///etc/passwd", False),
    ],
)
def test_evidence_urls_must_be_web_links(url, ok):
    parsed = parse_csv(f"state,title,kind,url\nSlovenia,Act,law,{url}\n")
    if ok:
        assert parsed.rows[0].url == url
    else:
        assert reasons(parsed) == [
            (2, f"The url '{url}' is not a web address starting with http:// or https://.")
        ]


def test_evidence_kind_is_required_and_from_the_vocabulary():
    parsed = parse_csv(
        "state,title,kind\nSlovenia,Act,Court decision\nSlovenia,Act,\nSlovenia,Act,rumour\n"
    )
    assert parsed.rows[0].kind == "court_decision"
    assert reasons(parsed) == [
        (3, "The kind column is empty; every row needs one."),
        (
            4,
            "The kind 'rumour' is not one of: law, policy, budget_line, statistic, court_decision, programme, "
            "report, other.",
        ),
    ]


@pytest.mark.parametrize(
    "cell, items",
    [
        ("140.31; 140.32", ["140.31", "140.32"]),
        ("140.31|140.32", ["140.31", "140.32"]),
        ("140.31 ;; 140.32 ;", ["140.31", "140.32"]),
        (
            "Children: definition; general principles; protection | Right to education",
            ["Children: definition; general principles; protection", "Right to education"],
        ),
        ("", []),
    ],
)
def test_list_cells_split_on_semicolon_or_bar(cell, items):
    (row,) = parse_csv(f'state,pledge,recommendations\nSlovenia,Do it,"{cell}"\n').rows
    assert row.recommendation_refs == items


def test_required_columns_cover_what_rows_need():
    for kind, required in REQUIRED.items():
        assert set(required) <= set(COLUMNS[kind]) and required[0] == "state"
