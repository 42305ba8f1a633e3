"""Tests of the UHRI parsers: the Excel export and the search API JSON, on excerpts built from real texts.

tests/data/uhri/SOURCE.md says what in these files is real and what is built; variants that break them are
built here from the same records.
"""

from __future__ import annotations

import copy
import csv
import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import openpyxl
import pytest

from uprtrack.core.vocabulary import Position, normalise_position
from uprtrack.imports import pipeline, uhri, uhri_api
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.rows import ImportFileError
from uprtrack.imports.tables import read_table

DATA = Path(__file__).parent / "data" / "uhri"
EXPORT = DATA / "uhri_export_slovenia.xlsx"
SEARCH = DATA / "uhri_search_slovenia.json"
SEARCH_LINES = DATA / "uhri_search_slovenia.jsonl"
MADE_UP_IDS = DATA / "uhri_ids_made_up.csv"
UPR_INFO = (
    Path(__file__).parent / "data" / "upr_info" / "upr-info_right-to-education_sessions01-20.csv"
)
TEXT_140_31 = (
    "Step up the fight against racism and hate speech, and take measures to safeguard the rights of "
    "minorities, such as Roma, in education, employment and healthcare"
)
MATRIX_CYCLE4 = (
    Path(__file__).parent / "data" / "ohchr" / "upr48-slovenia-thematic-list-of-recommendatio.docx"
)


def export_rows() -> tuple[list[str], list[list]]:
    """The header and the data rows of the built export, as cell values."""
    sheet = openpyxl.load_workbook(EXPORT).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    return values[0], values[1:]


def write_export(path: Path, header: list[str], rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def parse_export(path: Path, **kwargs):
    return uhri.parse_table(read_table(path), **kwargs)


def one_row_export(tmp_path, **changes):
    """The export's first record alone, with some cells changed by header name."""
    header, rows = export_rows()
    row = list(rows[0])
    for name, value in changes.items():
        row[header.index(name.replace("_", " "))] = value
    return parse_export(write_export(tmp_path / "one.xlsx", header, [row]))


def search_records() -> list[dict]:
    return json.loads(SEARCH.read_text(encoding="utf-8"))["results"]


def write_json(path: Path, document) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# ---- the Excel export ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def export():
    return pipeline.parse_file(EXPORT)


def test_export_is_recognised_and_gives_one_row_per_record(export):
    assert export.kind == ImportKind.UHRI and export.layout == uhri.EXCEL_LAYOUT
    assert [r.row for r in export.rows] == [2, 3, 4, 5, 6]
    assert export.named_state == "Slovenia"
    assert Counter(r.mechanism for r in export.rows) == {"UPR": 4, "CRC": 1}
    assert len({r.reference for r in export.rows}) == 5
    assert {r.source_file for r in export.rows} == {"uhri_export_slovenia.xlsx"}


def test_a_record_with_several_countries_is_refused_not_split(export):
    [rejected] = export.rejected
    assert rejected.row == 7
    assert "2 States (Slovenia; Croatia)" in rejected.reason


def test_upr_record_takes_paragraph_session_position_and_lists(export):
    row = export.rows[0]
    assert (row.paragraph, row.text) == ("140.31", TEXT_140_31)
    assert (row.state, row.session, row.cycle) == ("Slovenia", 48, 4)
    assert normalise_position(row.position) == Position.SUPPORTED
    assert row.recommending_states == ["China"]
    assert row.themes[-1] == "Right to education" and len(row.themes) == 6
    assert "Roma, Gypsies, Sinti & Travellers" in row.groups
    assert row.sdgs[1] == "4 - QUALITY EDUCATION"
    assert (row.document_symbol, row.document_date) == ("A/HRC/59/15", "2025-02-10")
    assert row.texts == {} and row.unresolved == []


def test_upr_texts_are_the_texts_the_ohchr_matrix_gives(export):
    from uprtrack.imports import ohchr_matrix

    matrix = {r.paragraph: r for r in ohchr_matrix.parse(MATRIX_CYCLE4).rows}
    upr = [r for r in export.rows if r.mechanism == "UPR"]
    assert len(upr) == 4
    for row in upr:
        assert row.text == matrix[row.paragraph].text
        assert row.recommending_states == matrix[row.paragraph].recommending_states


def test_one_paragraph_of_eight_recommending_states_is_one_row_noted(export):
    row = next(r for r in export.rows if r.paragraph == "140.1")
    assert len(row.recommending_states) == 8
    assert row.recommending_states[-1] == "Bolivarian Republic of Venezuela"
    assert normalise_position(row.position) == Position.NOTED
    assert row.text.startswith("Ratify the International Convention on the Protection")


def test_treaty_body_record_keeps_symbol_date_and_whole_text(export):
    row = next(r for r in export.rows if r.mechanism == "CRC")
    assert (row.session, row.cycle, row.paragraph) == (None, None, None)
    assert (row.document_symbol, row.document_date) == ("CRC/C/SVN/CO/3-4", "2013-06-14")
    assert row.text.startswith("The Committee recommends that the State party ensure")
    assert row.position == Position.PENDING
    assert row.themes == [
        "Right to education",
        "Persons with disabilities: independence, inclusion",
    ]


@pytest.mark.parametrize(
    "cell, expected",
    [
        (44235, "2021-02-08"),
        ("44235", "2021-02-08"),
        (46125.4996282407, "2026-04-13"),
        ("2021-02-08", "2021-02-08"),
        ("", None),
    ],
)
def test_excel_serial_dates(tmp_path, cell, expected):
    parsed = one_row_export(tmp_path, Document_Publication_Date=cell)
    assert parsed.rows[0].document_date == expected


def test_a_date_cell_of_excel_is_read_too(tmp_path):
    import datetime as dt

    parsed = one_row_export(tmp_path, Document_Publication_Date=dt.datetime(2021, 2, 8))
    assert parsed.rows[0].document_date == "2021-02-08"


@pytest.mark.parametrize("cell, reason", [(12, "not the Excel date"), ("8 Feb 2021", "not a date")])
def test_a_date_that_is_not_one_refuses_the_row(tmp_path, cell, reason):
    parsed = one_row_export(tmp_path, Document_Publication_Date=cell)
    assert parsed.rows == [] and reason in parsed.rejected[0].reason


@pytest.mark.parametrize("cell", ["- UPR 20", "20", "- 20", "UPR 20th session"])
def test_session_forms(tmp_path, cell):
    row = one_row_export(tmp_path, UPR_Session=cell).rows[0]
    assert (row.session, row.cycle) == (20, 2)


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"UPR_Session": "- twentieth"}, "UPR Session 'twentieth' is not a session number."),
        ({"UPR_Position": "- Maybe"}, "UPR Position 'Maybe' is not a position"),
        ({"Reccomending_Body": "- UPR\n- CRC"}, "Reccomending Body holds 2 values (UPR; CRC)"),
        ({"Reccomending_Body": ""}, "The Reccomending Body cell is empty"),
        ({"Text": " "}, "The Text cell is empty."),
        ({"Countries_Concerned": ""}, "No country concerned (Countries Concerned is empty)"),
    ],
)
def test_rows_refused_with_a_reason(tmp_path, changes, reason):
    parsed = one_row_export(tmp_path, **changes)
    assert parsed.rows == []
    assert parsed.rejected[0].row == 2 and reason in parsed.rejected[0].reason


def test_the_state_chosen_places_a_record_that_names_none(tmp_path):
    header, rows = export_rows()
    row = list(rows[0])
    row[header.index("Countries Concerned")] = ""
    parsed = parse_export(write_export(tmp_path / "x.xlsx", header, [row]), state="Slovenia")
    assert parsed.rows[0].state == "Slovenia" and parsed.named_state is None


def test_correct_spellings_and_other_column_orders_are_read(tmp_path):
    header, rows = export_rows()
    fixed = [h.replace("Reccomending", "Recommending").upper() for h in header]
    order = list(reversed(range(len(header))))
    path = write_export(
        tmp_path / "fixed.xlsx", [fixed[i] for i in order], [[r[i] for i in order] for r in rows]
    )
    assert [asdict(r) | {"source_file": None} for r in parse_export(path).rows] == [
        asdict(r) | {"source_file": None} for r in parse_export(EXPORT).rows
    ]


def test_the_same_annotation_twice_is_refused(tmp_path):
    header, rows = export_rows()
    parsed = parse_export(write_export(tmp_path / "x.xlsx", header, [rows[0], rows[1], rows[0]]))
    assert [r.row for r in parsed.rows] == [2, 3]
    assert parsed.rejected[0].row == 4 and "same record as row 2" in parsed.rejected[0].reason


def test_a_csv_export_is_read_like_the_workbook(tmp_path):
    header, rows = export_rows()
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *[["" if v is None else v for v in r] for r in rows]])
    parsed = pipeline.parse_file(path)
    assert parsed.kind == ImportKind.UHRI and len(parsed.rows) == 5 and len(parsed.rejected) == 1


def test_a_table_without_the_uhri_columns_is_refused(tmp_path):
    header, rows = export_rows()
    cut = header.index("OHCHR Annotation Id")
    path = write_export(tmp_path / "cut.xlsx", header[:cut], [r[:cut] for r in rows])
    with pytest.raises(ImportFileError, match="neither a UPR Info export, a UHRI export"):
        pipeline.parse_file(path)
    with pytest.raises(
        ImportFileError, match="is not a UHRI Excel export: it has no OHCHR Annotation Id"
    ):
        pipeline.parse_file(path, ImportKind.UHRI)
    with pytest.raises(ImportFileError, match="not a UHRI Excel export"):
        pipeline.parse_file(UPR_INFO, ImportKind.UHRI)


# ---- the search API JSON ---------------------------------------------------------------------------


def test_json_records_without_a_mapping_keep_every_uuid(tmp_path):
    parsed = pipeline.parse_file(SEARCH, state="SVN")
    assert parsed.kind == ImportKind.UHRI and parsed.layout == uhri_api.LAYOUT
    assert [r.row for r in parsed.rows] == [1, 2] and parsed.named_state is None
    for row, record in zip(parsed.rows, search_records(), strict=False):
        expected = [
            f"{key}:{value}"
            for key in uhri_api.UUID_KEYS
            for value in uhri_api._as_list(record[key])
        ]
        assert row.unresolved == expected
        assert row.state == "SVN" and row.mechanism == "UPR"
        assert row.recommending_states == [] and row.themes == [] and row.session is None
        assert row.cycle == 2  # uprCycle is a number, not an id
    # Nothing says which body made the CESCR record: refused, not taken for the UPR.
    [refused] = parsed.rejected
    assert refused.row == 3 and "bodyId" in refused.reason


def test_json_records_need_a_state_when_the_country_is_an_unknown_id():
    parsed = pipeline.parse_file(SEARCH)
    assert parsed.rows == []
    assert [r.row for r in parsed.rejected] == [1, 2, 3]
    assert "choose the State when you import" in parsed.rejected[0].reason


def test_six_languages_are_kept_with_the_paragraph_taken_once():
    row = pipeline.parse_file(SEARCH, state="SVN").rows[0]
    assert row.paragraph == "115.67"
    assert row.text == (
        "Ensure that Roma children have equal opportunities in access to quality education at all levels"
    )
    assert sorted(row.texts) == ["ar", "es", "fr", "ru", "zh"]
    assert all(text == f"[{lang}] {row.text}" for lang, text in row.texts.items())
    assert row.document_symbol == "A/HRC/28/15" and row.document_date == "2014-12-10"


def test_a_mapping_resolves_what_it_maps_and_lists_the_rest():
    parsed = uhri.parse_json(SEARCH_LINES, ids_file=MADE_UP_IDS)
    assert parsed.rejected == [] and parsed.named_state == "Slovenia"
    upr, upr2, cescr = parsed.rows
    assert (upr.state, upr.mechanism, upr.session, upr.cycle) == ("Slovenia", "UPR", 20, 2)
    assert upr.position == "Supported" and upr.recommending_states == ["Slovakia"]
    assert upr2.recommending_states == ["China"]
    assert all(not u.startswith(("countryIds:", "bodyId:")) for u in upr.unresolved)
    assert sum(u.startswith("themesIds:") for u in upr.unresolved) == 3
    # A treaty body: no session, its symbol and date kept, the French text as the text.
    assert (cescr.mechanism, cescr.session, cescr.cycle) == ("CESCR", None, None)
    assert (cescr.document_symbol, cescr.document_date) == ("E/C.12/SVN/CO/2", "2014-12-15")
    assert cescr.text.startswith("Le Comité accueille avec satisfaction") and cescr.texts == {}
    assert cescr.paragraph == "3" and cescr.position == Position.PENDING


@pytest.mark.parametrize("shape", ["results", "value", "list", "jsonl"])
def test_every_json_shape_gives_the_same_rows(tmp_path, shape):
    records = search_records()
    if shape == "jsonl":
        path = tmp_path / "x.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    else:
        document = records if shape == "list" else {shape: records, "count": 3}
        path = write_json(tmp_path / "x.json", document)
    rows = uhri.parse_json(path, ids_file=MADE_UP_IDS).rows
    expected = uhri.parse_json(SEARCH, ids_file=MADE_UP_IDS).rows
    assert [(r.reference, r.text, r.texts) for r in rows] == [
        (r.reference, r.text, r.texts) for r in expected
    ]


def test_one_object_is_one_record(tmp_path):
    path = write_json(tmp_path / "one.json", search_records()[1])
    [row] = uhri.parse_json(path, ids_file=MADE_UP_IDS).rows
    assert row.paragraph == "115.84" and row.row == 1


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-02-08", "2021-02-08"),
        ("2021-02-08T00:00:00", "2021-02-08"),
        ("2021-02-08T00:00:00Z", "2021-02-08"),
    ],
)
def test_publication_dates(tmp_path, value, expected):
    record = search_records()[1] | {"publicationDate": value}
    [row] = uhri.parse_json(write_json(tmp_path / "d.json", [record]), ids_file=MADE_UP_IDS).rows
    assert row.document_date == expected


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"publicationDate": "08/02/2021"}, "publicationDate '08/02/2021' is not a date."),
        ({"en": None}, "no text in any of en, fr, es, ar, ru, zh"),
        ({"countryIds": []}, "No country concerned (countryIds is empty)"),
    ],
)
def test_json_records_refused_with_a_reason(tmp_path, changes, reason):
    record = search_records()[1] | changes
    parsed = uhri.parse_json(write_json(tmp_path / "r.json", [record]), ids_file=MADE_UP_IDS)
    assert parsed.rows == [] and reason in parsed.rejected[0].reason


def test_a_json_record_of_several_mapped_states_is_refused(tmp_path):
    record = copy.deepcopy(search_records()[1])
    with open(MADE_UP_IDS, encoding="utf-8", newline="") as fh:
        slovakia = next(r["uuid"] for r in csv.DictReader(fh) if r["name"] == "Slovakia")
    ids = tmp_path / "ids.csv"
    ids.write_text(MADE_UP_IDS.read_text() + f"countryIds,{slovakia},Slovakia,test\n")
    record["countryIds"].append(slovakia)
    parsed = uhri.parse_json(write_json(tmp_path / "two.json", [record]), ids_file=ids)
    assert parsed.rows == [] and "2 States (Slovenia; Slovakia)" in parsed.rejected[0].reason


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("bad.json", "{not json", "bad.json is not JSON"),
        (
            "bad.jsonl",
            '{"annotationId": "a"}\nnot json\n',
            "bad.jsonl is not JSON: it cannot be read at line 1",
        ),
        ("none.json", '[{"id": 1}, 2]', "none.json is JSON but holds no UHRI records"),
        ("empty.json", "{}", "empty.json is JSON but holds no UHRI records"),
        ("blank.json", "  \n", "blank.json is empty."),
    ],
)
def test_bad_json_is_refused_in_one_sentence(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message.replace(".", r"\.")):
        pipeline.parse_file(path)


def test_json_is_taken_as_uhri_only(tmp_path):
    with pytest.raises(ImportFileError, match="not a file uprtrack imports"):
        pipeline.parse_file(SEARCH, ImportKind.UPR_INFO)
    path = tmp_path / "latin.json"
    path.write_bytes('{"en": "Comité"}'.encode("latin-1"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        pipeline.parse_file(path, ImportKind.UHRI)


def test_the_shipped_mapping_has_the_columns_the_reader_reads():
    with open(uhri.IDS_FILE, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == ["kind", "uuid", "name", "source"]
    assert all(row["source"].strip() for row in rows)
    assert {row["kind"] for row in rows} <= set(uhri_api.UUID_KEYS)


def test_a_record_of_two_mapped_bodies_is_refused(tmp_path):
    record = copy.deepcopy(search_records()[2])
    record["bodyId"] = [record["bodyId"], search_records()[0]["bodyId"]]
    parsed = uhri.parse_json(write_json(tmp_path / "b.json", [record]), ids_file=MADE_UP_IDS)
    assert parsed.rows == [] and "names 2 bodies (CESCR; UPR)" in parsed.rejected[0].reason


def test_unknown_fields_say_what_a_store_must_leave():
    without = pipeline.parse_file(SEARCH, state="SVN").rows[0]
    assert uhri.unknown_fields(without) == {
        "state",
        "themes",
        "groups",
        "position",
        "session",
        "recommending_states",
        "mechanism",
    }
    mapped = uhri.parse_json(SEARCH, ids_file=MADE_UP_IDS).rows[0]
    assert uhri.unknown_fields(mapped) == {"themes", "groups"}
    assert uhri.unknown_fields(pipeline.parse_file(EXPORT).rows[0]) == set()
