"""Build the layout variants of OHCHR matrices in variants/ from real recommendation text.

Every recommendation, recommending State, theme, group and SDG comes from a real file: the Slovenia matrices
(through ohchr_matrix_slovenia_c2-c4_normalised.csv beside this script), the UPR Info export in
../upr_info/, and two recommendations quoted from the draft Working Group reports of Belgium and Namibia
(/work/shared/data/upr/draft-wg-reports/). Only the layout varies, the way OHCHR's own files vary it:
page headers, columns, heading schemes, SDG forms, typing. Run from the repository root:

    python tests/data/ohchr/build_variants.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

HERE = Path(__file__).parent
OUT = HERE / "variants"
SLOVENIA = HERE / "ohchr_matrix_slovenia_c2-c4_normalised.csv"
UPR_INFO = HERE.parent / "upr_info" / "upr-info_right-to-education_sessions01-20.csv"

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
# Draft Working Group reports (real text, quoted as written): Belgium para 7.8, Namibia (Ireland).
PARIS = (
    "Ensure that the Federal Institute complies with the Principles on the Status of National "
    "Institutions for the Promotion and Protection of Human Rights (Paris Principles) (Qatar);"
)
BILL = "Adopt and implement the provisions of the Mental Health Bill (2025) (Ireland);"


def slovenia(rec_id: str, cycle: str | None = None) -> dict[str, str]:
    """One row of the Slovenia reference CSV by its paragraph (and cycle where ids repeat)."""
    with SLOVENIA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["rec_id"] == rec_id and cycle in (None, row["cycle"]):
                return row
    raise KeyError(rec_id)


def items(value: str) -> list[str]:
    return [item for item in value.split("|") if item]


def text_cell(
    row: dict, rec_id: str | None = None, source: str | None = None, dot: str = ""
) -> str:
    """The first cell as OHCHR writes it: '<id> <text (States);>' and a 'Source of position' line."""
    source = row["source_of_position"] if source is None else source
    cell = f"{rec_id or row['rec_id']}{dot} {row['recommendation']}"
    return cell + (f"\nSource of position: {source}" if source else "")


def c2_themes(row: dict) -> str:
    groups = "".join(f"\n- {g}" for g in items(row["affected_persons"]))
    return "\n".join(items(row["themes"])) + "\nAffected persons:" + groups


def c3_themes(row: dict) -> str:
    cell = "\n".join(f"- {t}" for t in items(row["themes"]))
    if row["sdgs"]:
        cell += "\nSDGs: " + "".join(f"\n- {s}" for s in items(row["sdgs"]))
    return (
        cell + "\nAffected persons: " + "".join(f"\n- {g}" for g in items(row["affected_persons"]))
    )


def c2_row(row: dict, **kwargs) -> list[str]:
    return [text_cell(row, **kwargs), row["position"], c2_themes(row), ""]


def c3_row(row: dict, **kwargs) -> list[str]:
    return [text_cell(row, **kwargs), row["position"], c3_themes(row), ""]


def add_field(paragraph, instruction: str, shown: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) whose last computed text is `shown`, as Word stores it."""

    def run_with(child):
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    for kind, payload in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", shown),
        ("end", None),
    ):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = payload
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = payload
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run_with(element)


def write(name: str, header, tables, before: list[str] = (), header_in_table: bool = False) -> Path:
    """Write variants/<name>.docx: a page header (text, or parts with ('PAGE', shown) fields) and tables.

    A str row is a merged theme heading row, a list a plain row.
    """
    document = docx.Document()
    if header is not None:
        section_header = document.sections[0].header
        paragraph = (
            section_header.add_table(1, 1, Inches(6)).cell(0, 0).paragraphs[0]
            if header_in_table
            else section_header.paragraphs[0]
        )
        for part in [header] if isinstance(header, str) else header:
            if isinstance(part, tuple):
                add_field(paragraph, f" {part[0]} ", part[1])
            else:
                paragraph.add_run(part)
    for text in before:
        document.add_paragraph(text)
    for headers, rows in tables:
        table = document.add_table(rows=1, cols=len(headers))
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            if isinstance(row, str):
                cells[0].merge(cells[-1]).text = row
            else:
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{name}.docx"
    document.save(path)
    return path


C2_HEADER = (
    "UPR of Slovenia (2nd Cycle – 20th session)\t\t\tThematic list of recommendations\t\t\t\t"
)


def build_states_column() -> None:
    """Cycle 2 text with a column of recommending States (the States still in the text), a column of
    rights/affected persons, cells ending with new lines and no-break spaces inside the text."""
    headers = ["Recommendation", "Recommending State/s", "Position", "Rights/affected persons"]
    rows = []
    for rec_id in ("115.38", "115.10", "115.125"):
        row = slovenia(rec_id, "2")
        text = (
            text_cell(row)
            .replace("Ratify ICRMW", "Ratify\u00a0ICRMW")
            .replace(" the Paris", " the\u00a0Paris")
        )
        rows.append(
            [
                text + "\n",
                "\n".join(items(row["recommending_states"])) + "\n",
                row["position"] + "\n",
                c2_themes(row) + "\n",
            ]
        )
    write("states_column", C2_HEADER, [(headers, rows)])


def build_theme_schemes() -> None:
    """Theme headings of every scheme as merged rows; one theme heads two blocks."""
    a, b, c, d, e = (slovenia(i, "2") for i in ("115.10", "115.57", "115.94", "115.73", "115.120"))
    rows = [
        "Theme: A12 Acceptance of international norms",
        c2_row(a),
        "E51",
        c2_row(b),
        "Theme: A41",
        c2_row(c),
        "1. Right to education",
        c2_row(d),
        "Rights or area: 21.1 Right to education",
        c2_row(e),
        "Theme: A12 Acceptance of international norms",
        c2_row(slovenia("115.1", "2")),
    ]
    write("theme_schemes", C2_HEADER, [(C2_HEADERS, rows)])


def build_sdgs() -> None:
    """SDGs as a block in the themes cell (cycle 3), as a column (cycle 4) and as coded lines (SDG 4.1, Goal 4)."""
    c3 = slovenia("121.3", "3")
    c4 = slovenia("140.31", "4")
    c4_row = [
        text_cell(c4),
        c4["position"],
        "\n".join(f"- {t}" for t in items(c4["themes"]))
        + "\nGroups of Persons: "
        + "".join(f"\n- {g}" for g in items(c4["affected_persons"])),
        "\n".join(f"- {s}" for s in items(c4["sdgs"])),
    ]
    coded = slovenia("115.57", "2")
    coded_row = [
        text_cell(coded),
        coded["position"],
        "\n".join(items(coded["themes"])) + "\nSDG 4.1\nSDG 4.7\nGoal 16",
        "",
    ]
    header = "UPR of Slovenia (3rd Cycle - 34th Session)\t\t\tThematic list of recommendations"
    write(
        "sdgs",
        header,
        [(C2_HEADERS, [c3_row(c3)]), (C4_HEADERS, [c4_row]), (C2_HEADERS, [coded_row])],
    )


# name -> page header parts, paragraphs before the table (where a document symbol may be cited)
HEADERS = {
    "header_page_fields": (
        [
            "UPR of Slovenia (2nd Cycle – 20th session)\t\t\tThematic list of recommendations\t\t\t\tPage ",
            ("PAGE", "15"),
            " of ",
            ("NUMPAGES", ""),
        ],
        [],
    ),
    "header_third_cycle_words": (
        ["Universal Periodic Review of Slovenia – Third cycle\tThematic list of recommendations"],
        ["National report: A/HRC/WG.6/34/SVN/1"],
    ),
    "header_session_in_words": (
        ["UPR of Slovenia (Thirty-fourth session)\tPage ", ("PAGE", "2")],
        [],
    ),
    "header_words_with_dashes": (
        ["UPR of Slovenia - Fourth Cycle - Forty-eighth Session\t\tPage 1 of 2"],
        [],
    ),
    "header_no_cycle_no_session": (["UPR of Slovenia\tThematic list of recommendations"], []),
}


def build_headers() -> None:
    rows = {
        "header_page_fields": c2_row(slovenia("115.1", "2")),
        "header_third_cycle_words": c3_row(slovenia("121.1", "3")),
        "header_session_in_words": c3_row(slovenia("121.1", "3")),
        "header_words_with_dashes": c3_row(slovenia("140.31", "4")),
        "header_no_cycle_no_session": c3_row(slovenia("140.31", "4")),
    }
    for name, (header, before) in HEADERS.items():
        write(
            name,
            header,
            [(C2_HEADERS, [rows[name]])],
            before=before,
            header_in_table=name.endswith("dashes"),
        )


def build_ids_sources_positions() -> None:
    """Ids with and without a trailing dot; sources with the WG report paragraph, none, or a comment;
    positions with stray spaces and new lines."""
    rows = [
        c3_row(slovenia("121.1", "3"), dot="."),  # "121.1." ... "A/HRC/43/15 - Para 121"
        c3_row(slovenia("121.2", "3")),
        c3_row(slovenia("122.12", "3"), source="A/HRC/43/15/Add.1"),
        c3_row(
            slovenia("122.48", "3"),
            source="Supported in the addendum, as explained in the statement",
        ),
    ]
    rows[1][1] = " Supported \n"
    rows[2][1] = "Supported/\nNoted"
    rows[3][1] = "Supported in part"
    write(
        "ids_sources_positions", "UPR of Slovenia (3rd Cycle - 34th Session)", [(C2_HEADERS, rows)]
    )


def build_clauses_and_brackets() -> None:
    """Paragraphs of several clauses, each with its (State) group; brackets that hold no States."""
    rows = [
        c3_row(slovenia("121.2", "3")),
        c2_row(slovenia("115.38", "2")),
        c3_row(slovenia("121.3", "3")),
        c3_row(slovenia("122.10", "3")),
        [
            f"121.200 {PARIS}\nSource of position: A/HRC/43/15 - Para 121",
            "Supported",
            "- Acceptance of international norms",
            "",
        ],
        [
            f"121.201 {BILL}\nSource of position: A/HRC/43/15 - Para 121",
            "Supported",
            "- Right to health",
            "",
        ],
    ]
    write(
        "clauses_and_brackets", "UPR of Slovenia (3rd Cycle - 34th Session)", [(C2_HEADERS, rows)]
    )


def build_typing() -> None:
    """OHCHR's typing: State names split or joined by spaces, a non-breaking hyphen, capitals, a dropped letter."""
    typed = {
        "115.10": ("Bosnia and Herzegovina", "Bosnia and Herze govina"),
        "115.120": ("Republic of Moldova", "REPUBLIC OF MOLDOVA"),
        "115.125": ("Czech Republic", "Czech Republc"),
        "115.94": (
            "United Kingdom of Great Britain and Northern Ireland",
            "United Kingdom of Great Britain and Nothern Ireland",
        ),
    }
    rows = []
    for rec_id, (real, written) in typed.items():
        row = dict(slovenia(rec_id, "2"))
        row["recommendation"] = row["recommendation"].replace(f"({real})", f"({written})")
        rows.append(c2_row(row))
    for rec_id, real, written in (("122.48", "Republic of Korea", "Republicof Korea"),):
        row = dict(slovenia(rec_id, "3"))
        row["recommendation"] = row["recommendation"].replace(f"({real})", f"({written})")
        row["source_of_position"] = "A/HRC/28/15/Add.1 - Para. 3"
        rows.append([text_cell(row, rec_id="115.200"), row["position"], c2_themes(row), ""])
    timor = dict(slovenia("140.145", "4"))
    timor["recommendation"] = timor["recommendation"].replace("(Timor-Leste)", "(Timor\u2011Leste)")
    timor["source_of_position"] = "A/HRC/28/15/Add.1 - Para. 4"
    rows.append([text_cell(timor, rec_id="115.201"), timor["position"], c2_themes(timor), ""])
    write("typing", "UPR of Slove nia (2nd Cycle – 20th session)", [(C2_HEADERS, rows)])


# The State names UPR Info abbreviates, as OHCHR's matrices write them.
OHCHR_NAMES = {
    "Iran": "Iran (Islamic Republic of)",
    "Venezuela": "Venezuela (Bolivarian Republic of)",
}


def italy_rows() -> list[dict]:
    """The UPR Info rows of Italy, session 20, one per recommendation: the text of the other-State matrix."""
    with UPR_INFO.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        found = [r for r in reader if r[0] == "Italy" and r[10] == "20"]
    return [
        {
            "paragraph": f"145.{number}",
            "text": r[3].strip(),
            "state": OHCHR_NAMES.get(r[4], r[4]),
            "position": {"Accepted": "Supported"}.get(r[7], r[7]),
            "themes": r[9].split(","),
        }
        for number, r in enumerate(found, start=1)
    ]


def build_italy() -> None:
    """Italy's recommendations laid out as an OHCHR cycle 3 matrix, with a page header in words."""
    rows = ["Theme: Right to education"]
    for rec in italy_rows():
        text = rec["text"].rstrip(".")
        rows.append(
            [
                f"{rec['paragraph']} {text} ({rec['state']});",
                rec["position"],
                "\n".join(f"- {t}" for t in rec["themes"]) + "\nAffected persons: ",
                "",
            ]
        )
    header = "UPR of Italy (Second Cycle – Twentieth session)\t\t\tThematic list of recommendations"
    write("italy_cycle3_layout", header, [(C2_HEADERS, rows)])


if __name__ == "__main__":
    build_states_column()
    build_theme_schemes()
    build_sdgs()
    build_headers()
    build_ids_sources_positions()
    build_clauses_and_brackets()
    build_typing()
    build_italy()
