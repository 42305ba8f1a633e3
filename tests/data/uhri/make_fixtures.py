"""Build the UHRI test files from real recommendation texts, in the formats UHRI publishes.

Run `python tests/data/uhri/make_fixtures.py`. It reads the Slovenia matrix CSV of tests/data/ohchr/ (a copy
of ../shared/data/upr/'s: the OHCHR matrices of cycles 2 to 4) and writes, beside this script:

- uhri_export_slovenia.xlsx: an "Export to Excel" workbook (UHRI's headers and typos, "- " cells, lists one
  value a line, Excel serial dates);
- uhri_search_slovenia.json: search API results ({"results": [...]}, metadata as UUIDs);
- uhri_search_slovenia.jsonl: the same records as JSON Lines.

What is real and what is built is listed in SOURCE.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import uuid
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
MATRIX = HERE.parent / "ohchr" / "ohchr_matrix_slovenia_c2-c4_normalised.csv"
HEADER = [
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "UPR Session",
    "Document Symbol",
    "UPR Reccomending States",
    "UPR Position",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "OHCHR Annotation Id",
    "Type",
    "Regions Concerned",
    "Recommending Regions",
    "Date of publication on UHRI",
]
# Words of the Committee on the Rights of the Child on Slovenia, as quoted at
# https://www.childrightsfacts.org/2022/slovenia/ ("Situation of children with disabilities").
CRC_TEXT = (
    "The Committee recommends that the State party ensure that children with disabilities fully enjoy "
    "their rights under the Convention, in particular their right to health, education and adequate "
    "standard of living."
)
CRC_ROMA_TEXT = (
    "The Committee urges the State party to take all effective measures to reduce disparities in the "
    "enjoyment of rights between children belonging to minority groups, in particular Roma children, and "
    "children belonging to the majority population in all areas covered under the Convention, and to pay "
    "particular attention to standards of living, health and education as recommended in previous "
    "paragraphs, and to report on progress achieved in that respect in its next periodic report to the "
    "Committee."
)
# E/C.12/SVN/CO/2 (CESCR, 15 December 2014), French text, paragraph 3, as the OHCHR document store serves it.
CESCR_FR = (
    "Le Comité accueille avec satisfaction la ratification par l’État partie des instruments suivants: "
    "a) La Convention relative aux droits des personnes handicapées et du Protocole facultatif s’y "
    "rapportant, en avril 2008; b) Le Protocole facultatif se rapportant à la Convention contre la torture "
    "et autres peines ou traitements cruels, inhumains ou dégradants, en janvier 2007."
)
EPOCH = dt.date(1899, 12, 30)


def annotation_id(label: str) -> str:
    """A stable made-up annotation id (UHRI's real ids are not on this machine)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"uprtrack-test-annotation:{label}"))


def made_up_uuid(label: str) -> str:
    """A stable made-up metadata id, standing for one UHRI gives for a country, body, session..."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"uprtrack-test-id:{label}"))


def serial(day: dt.date) -> int:
    return (day - EPOCH).days


def listed(values) -> str:
    return "\n".join(f"- {v}" for v in values if v)


def matrix_rows() -> dict[tuple[str, str], dict]:
    with open(MATRIX, encoding="utf-8", newline="") as fh:
        return {(r["cycle"], r["rec_id"]): r for r in csv.DictReader(fh)}


def upr_line(r: dict, symbol: str, published: dt.date) -> list:
    return [
        f"{r['rec_id']} {r['recommendation']}",
        "- Slovenia",
        "- UPR",
        f"- UPR {r['upr_session']}",
        symbol,
        listed(r["recommending_states"].split("|")),
        f"- {r['position']}",
        listed(r["themes"].split("|")),
        listed(r["affected_persons"].split("|")),
        listed(dict.fromkeys(r["sdgs"].split("|"))),  # the matrix repeats an SDG now and then
        serial(published),
        annotation_id(f"{r['cycle']}:{r['rec_id']}"),
        "- Recommendations",
        "",
        "",
        serial(published) + 0.4996282407,
    ]


def write_xlsx(rows: dict) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Export"
    sheet.append(HEADER)
    # Cycle 4 (session 48): the report's date is not on this machine; 2025-02-10 stands for it.
    cycle4 = dt.date(2025, 2, 10)
    for rec_id in ("140.31", "140.133", "140.138", "140.1"):
        sheet.append(upr_line(rows[("4", rec_id)], "A/HRC/59/15", cycle4))
    crc_day = dt.date(
        2013, 6, 14
    )  # the last day of the CRC's 63rd session, where it examined Slovenia
    crc = ["Right to education", "Persons with disabilities: independence, inclusion"]
    sheet.append(
        [
            CRC_TEXT,
            "- Slovenia",
            "- CRC",
            "",
            "CRC/C/SVN/CO/3-4",
            "",
            "",
            listed(crc),
            listed(["Children", "Persons with disabilities"]),
            listed(["4 - QUALITY EDUCATION"]),
            serial(crc_day),
            annotation_id("crc:disabilities"),
            "- Recommendations",
            "",
            "",
            "",
        ]
    )
    # Built to be refused: one record naming two States.
    sheet.append(
        [
            CRC_ROMA_TEXT,
            "- Slovenia\n- Croatia",
            "- CRC",
            "",
            "CRC/C/SVN/CO/3-4",
            "",
            "",
            listed(["Members of minorities", "Right to education"]),
            listed(["Children"]),
            "",
            serial(crc_day),
            annotation_id("crc:roma"),
            "- Recommendations",
            "",
            "",
            "",
        ]
    )
    book.save(HERE / "uhri_export_slovenia.xlsx")


def api_record(r: dict, languages: dict[str, str] | None = None) -> dict:
    text = f"{r['rec_id']} {r['recommendation']}"
    record = {
        "annotationId": annotation_id(f"{r['cycle']}:{r['rec_id']}"),
        "symbol": "A/HRC/28/15",
        "documentId": made_up_uuid("document:A/HRC/28/15"),
        "publicationDate": "2014-12-10T00:00:00",  # the date A/HRC/28/15 bears
        "annotationType": made_up_uuid("type:recommendation"),
        "countryIds": [made_up_uuid("country:Slovenia")],
        "themesIds": [made_up_uuid(f"theme:{t}") for t in r["themes"].split("|")],
        "sdgsIds": [],
        "affectedPersonIds": [made_up_uuid(f"group:{g}") for g in r["affected_persons"].split("|")],
        "uprPositionIds": [made_up_uuid(f"position:{r['position']}")],
        "uprSessionIds": [made_up_uuid(f"session:{r['upr_session']}")],
        "uprRecommendingCountryIds": [
            made_up_uuid(f"country:{s}") for s in r["recommending_states"].split("|")
        ],
        "bodyId": made_up_uuid("body:UPR"),
        "uprCycle": int(r["cycle"]),
        "numberInDocument": None,
        "en": text,
        "fr": None,
        "es": None,
        "ar": None,
        "ru": None,
        "zh": None,
    }
    record.update(languages or {})
    return record


def write_json(rows: dict) -> None:
    roma = rows[("2", "115.67")]
    # No translation of this recommendation is on this machine: each other language holds the English
    # text marked with its code after the paragraph, so that a test can tell which text went where.
    body = roma["recommendation"]
    six = {lang: f"{roma['rec_id']} [{lang}] {body}" for lang in ("fr", "es", "ar", "ru", "zh")}
    records = [
        api_record(roma, six),
        api_record(rows[("2", "115.84")]),
        {
            "annotationId": annotation_id("cescr:ratification"),
            "symbol": "E/C.12/SVN/CO/2",
            "documentId": made_up_uuid("document:E/C.12/SVN/CO/2"),
            "publicationDate": "2014-12-15",
            "annotationType": made_up_uuid("type:positive aspects"),
            "countryIds": [made_up_uuid("country:Slovenia")],
            "themesIds": [made_up_uuid("theme:Acceptance of international norms")],
            "sdgsIds": [],
            "affectedPersonIds": [made_up_uuid("group:Persons with disabilities")],
            "uprPositionIds": [],
            "uprSessionIds": [],
            "uprRecommendingCountryIds": [],
            "bodyId": made_up_uuid("body:CESCR"),
            "uprCycle": None,
            "numberInDocument": 3,
            "en": None,
            "fr": CESCR_FR,
            "es": None,
            "ar": None,
            "ru": None,
            "zh": None,
        },
    ]
    text = json.dumps({"results": records}, ensure_ascii=False, indent=1)
    (HERE / "uhri_search_slovenia.json").write_text(text + "\n", encoding="utf-8")
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    (HERE / "uhri_search_slovenia.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_test_ids() -> None:
    """A mapping of some made-up ids, in seed/uhri_ids.csv's columns, for the tests of resolution."""
    pairs = [
        ("countryIds", "country:Slovenia", "Slovenia"),
        ("uprRecommendingCountryIds", "country:Slovakia", "Slovakia"),
        ("uprRecommendingCountryIds", "country:China", "China"),
        ("bodyId", "body:UPR", "UPR"),
        ("bodyId", "body:CESCR", "CESCR"),
        ("uprSessionIds", "session:20", "UPR 20"),
        ("uprPositionIds", "position:Supported", "Supported"),
    ]
    with open(HERE / "uhri_ids_made_up.csv", "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["kind", "uuid", "name", "source"])
        for kind, label, name in pairs:
            out.writerow(
                [kind, made_up_uuid(label), name, "made up for the tests (make_fixtures.py)"]
            )


if __name__ == "__main__":
    found = matrix_rows()
    write_xlsx(found)
    write_json(found)
    write_test_ids()
