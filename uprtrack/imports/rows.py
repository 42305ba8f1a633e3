"""The rows every importer produces: plain data, no database.

A parser turns a file into a `Parsed` result: rows it could read and rejections it could not,
each with the row number a person sees in the file (header = row 1 in spreadsheets; the table row
in a Word matrix). The database side (`uprtrack.imports.upsert`) takes these rows and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from uprtrack.core.vocabulary import Position


class ImportFileError(Exception):
    """The whole file cannot be read: wrong kind, damaged, wrong encoding. The message is for a person."""


@dataclass(slots=True)
class Rejection:
    row: int
    reason: str


@dataclass(slots=True)  # a file of the whole index holds hundreds of thousands
class RecommendationRow:
    row: int
    state: str  # State under review as written in the file (name or ISO3)
    text: str  # recommendation text without the paragraph id and without trailing "(State)" groups
    recommending_states: list[str] = field(default_factory=list)  # names as written, one per State
    position: str = (
        Position.PENDING
    )  # the word as in the file: "Supported", "Accepted", "Noted", ...
    paragraph: str | None = None  # "140.31"; always text. None where the source has none (UPR Info)
    cycle: int | None = None
    session: int | None = None
    position_source: str | None = None  # "A/HRC/28/15/Add.1 - Para. 3" as written
    position_document: str | None = None  # "A/HRC/28/15/Add.1"
    position_paragraph: str | None = None  # "3"
    theme_heading: str | None = None  # the matrix heading row this recommendation sits under
    themes: list[str] = field(
        default_factory=list
    )  # OHCHR themes as written ("E51 Right to education", "Right to education")
    groups: list[str] = field(
        default_factory=list
    )  # groups of persons / affected persons ("children", "general")
    sdgs: list[str] = field(
        default_factory=list
    )  # SDG goals or targets as written ("4 - QUALITY EDUCATION", "4.1")
    issues: list[str] = field(default_factory=list)  # UPR Info issues ("Right to education")
    action_category: int | None = None  # UPR Info action category 1-5
    responsible_institutions: list[str] = field(default_factory=list)  # template only
    source_file: str | None = None
    # Beyond the UPR (UHRI): the mechanism that made it ("UPR", "CRC", "CESCR", a special procedure's name),
    # the document it is in and that document's date; None means the UPR.
    mechanism: str | None = None
    document_symbol: str | None = None  # "CRC/C/SVN/CO/3-4", "A/HRC/28/15"
    document_date: str | None = None  # ISO date text
    texts: dict[str, str] = field(
        default_factory=dict
    )  # the text in other UN languages: {"fr": "..."}
    reference: str | None = None  # the record's id in its source (UHRI annotation id)
    position_date: str | None = (
        None  # ISO date the position was taken or published, when the file says
    )
    unresolved: list[str] = field(
        default_factory=list
    )  # identifiers the file gives that nothing here maps


@dataclass(slots=True)
class PledgeRow:
    row: int
    state: str
    text: str
    session: int | None = None
    cycle: int | None = None
    issues: list[str] = field(default_factory=list)
    source: str | None = (
        None  # where the pledge was made ("UPR Info export", "national report", ...)
    )
    made_on: str | None = None  # ISO date text
    recommendation_refs: list[str] = field(
        default_factory=list
    )  # paragraph ids it answers (template)


@dataclass(slots=True)
class AssistanceRow:
    row: int
    state: str
    title: str
    direction: str  # "requested" or "received"
    provider: str | None = None
    fund: str | None = None
    kind: str | None = None
    amount: str | None = None  # decimal as text, parsed by the upsert
    currency: str | None = None
    start: str | None = None  # ISO date text
    end: str | None = None
    status: str | None = None
    outcome: str | None = None
    cycle: int | None = None
    recommendation_refs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EvidenceRow:
    row: int
    state: str
    title: str
    kind: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    verified_by: str | None = None
    cycle: int | None = None
    recommendation_refs: list[str] = field(default_factory=list)


class RowStream:
    """The rows of a file left on disk, built as they are used, with its rejections among them.

    Each pass reads the file again (`tables.open_table`), so what is held does not grow with the file.
    """

    def __init__(self, results: Callable[[], Iterator], records: Iterable) -> None:
        self.results, self.records = results, records  # `records`: the file's rows, as read

    def __iter__(self) -> Iterator:
        return self.results()

    def count(self) -> int:
        """How many rows the file has under its header: a pass over the file, without building a row."""
        return sum(1 for _ in self.records)


@dataclass
class Parsed:
    kind: str  # the ImportKind the file was read as (never AUTO)
    rows: list | RowStream = field(default_factory=list)  # a stream's rejections are among its rows
    rejected: list[Rejection] = field(default_factory=list)
    state: str | None = None  # from a page header, when the file names one
    cycle: int | None = None
    session: int | None = None
    named_state: str | None = None  # the State the file itself names, whatever the person chose
    layout: str | None = (
        None  # the layout the parser recognised, in words ("OHCHR matrix, cycle 4 columns")
    )
