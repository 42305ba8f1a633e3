"""OHCHR's thematic list of recommendations with its fourth column filled, and its "three voices" version.

OHCHR publishes each review's recommendations as a table of four columns under theme heading rows: "Recommendation",
"Position", "Full list of themes" and "Assessment/comments on level of implementation", the last left for States and
stakeholders to fill. uprtrack fills it from the records: the status and its date, the latest validated
justification, the evidence, and the NHRI's latest published assessment. The three voices version gives the
government's, the NHRI's and civil society's readings a column each and marks the rows where they differ (the
disagreement rule of core/vocabulary/implementation.py). Both are read from the progress matrix's rows (one query).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from uprtrack.core.vocabulary import OrganisationKind, disagree
from uprtrack.reporting.documents import Document, Part, Row, Table
from uprtrack.reporting.formats.matrix_layout import Group, document_subtitle, parts
from uprtrack.reporting.matrix.columns import MatrixRow
from uprtrack.reporting.matrix.rows import Matrix

MAX_ROWS = 5000  # as the progress matrix's documents
DIFFER_FILL = "#FDF0E8"

# OHCHR's column titles, as its thematic lists print them.
RECOMMENDATION = _l("Recommendation")
POSITION = _l("Position")
THEMES = _l("Full list of themes")
ASSESSMENT = _l("Assessment/comments on level of implementation")

ASSESSED = Group(ASSESSMENT, ("status", "justification", "evidence", "nhri"), 0)
GOVERNMENT = Group(_l("Government"), ("status", "justification", "actions", "evidence"), 0)
NHRI = Group(_l("National human rights institution"), ("nhri",), 0)
CIVIL_SOCIETY = Group(_l("Civil society"), ("cso",), 0)


def recommendation_cell(row: MatrixRow) -> str:
    """ "140.31 Ensure ... (Italy);": the paragraph, the text and the recommending States, as OHCHR writes them."""
    cells = row.cells
    states = ", ".join(cells.get("recommending") or [])
    text = f"{cells['id']} {cells['text'].strip()}"
    return f"{text} ({states});" if states else text


def themes_cell(row: MatrixRow) -> str:
    lines = [f"- {theme}" for theme in row.cells.get("themes") or []]
    groups = row.cells.get("groups") or []
    if groups:
        lines += [_("Affected persons:"), *(f"- {group}" for group in groups)]
    return "\n".join(lines)


def differing(row: MatrixRow) -> list[str]:
    """The voices whose latest published rating puts implementation elsewhere than the government's status."""
    found = []
    for kind, rating in row.ratings:
        if disagree(row.status, rating):
            name = str(NHRI.label) if kind == OrganisationKind.NHRI else str(CIVIL_SOCIETY.label)
            if name not in found:
                found.append(name)
    return found


def _values_only(cell: list[Part]) -> list[Part] | str:
    """A voice's column holds its assessments under no label: the column's title says whose they are."""
    return "\n".join(value for part in cell for value in part.values) if cell else ""


def ohchr_rows(matrix: Matrix, voices: bool) -> Iterator[Row]:
    cluster = None
    for row in matrix.rows():
        heading = _("Theme: %(theme)s", theme=row.cluster) if row.cluster != cluster else None
        cluster = row.cluster
        first = [recommendation_cell(row), str(row.cells.get("position") or ""), themes_cell(row)]
        if not voices:
            yield Row([*first, parts(row, ASSESSED)], heading=heading, url=row.url)
            continue
        differ = differing(row)
        government = parts(row, GOVERNMENT)
        if differ:
            government = [Part(_("Readings differ"), differ), *government]
        yield Row(
            [
                *first,
                government,
                _values_only(parts(row, NHRI)),
                _values_only(parts(row, CIVIL_SOCIETY)),
            ],
            heading=heading,
            url=row.url,
            marked=bool(differ),
        )


def ohchr_document(matrix: Matrix, voices: bool = False) -> Document:
    meta = matrix.meta
    if voices:
        header = [
            RECOMMENDATION,
            POSITION,
            THEMES,
            GOVERNMENT.label,
            NHRI.label,
            CIVIL_SOCIETY.label,
        ]
        shares = [30, 8, 14, 20, 14, 14]
        title = _(
            "Thematic list of recommendations, three voices: %(state)s, %(cycles)s",
            state=meta.state,
            cycles=meta.cycles,
        )
    else:
        header = [RECOMMENDATION, POSITION, THEMES, ASSESSMENT]
        shares = [38, 9, 18, 35]
        title = _(
            "Thematic list of recommendations: %(state)s, %(cycles)s",
            state=meta.state,
            cycles=meta.cycles,
        )
    return Document(
        title,
        document_subtitle(meta),
        [
            Table(
                [str(h) for h in header],
                shares,
                ohchr_rows(matrix, voices),
                empty=_("No recommendation matches the selection."),
                size=8,
            )
        ],
        internal=not meta.public,
        language=meta.language,
        paper=meta.paper,
        landscape=True,
        created=meta.created,
        keywords=[meta.state, meta.cycles, "OHCHR"],
    )


def write(matrix: Matrix, out: BinaryIO, *, fmt: str, voices: bool) -> None:
    """Write the thematic list as DOCX or PDF, with OHCHR's columns or the three voices."""
    document = ohchr_document(matrix, voices)
    if fmt == "docx":
        from uprtrack.reporting.documents.word import write_docx

        write_docx(document, out)
    else:
        from uprtrack.reporting.documents.typeset import write_pdf

        write_pdf(document, out)
