"""The columns of the progress matrix, in the order of every export, and the shape of its rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from uprtrack.reporting.marks import file_mark

TEXT, LIST, DATE, STATUS = "text", "list", "date", "status"


@dataclass(frozen=True)
class Column:
    key: str
    label: (
        object  # a lazy translation: str(column.label) in the request's or the command's language
    )
    width: int  # in characters, for spreadsheets; documents share the page in proportion
    kind: str = TEXT  # LIST cells hold a list of strings, DATE cells a date or None, STATUS the label of a status


COLUMNS = (
    Column("id", _l("Id"), 9),
    Column("document", _l("Document"), 16),
    Column("state", _l("State under review"), 14),
    Column("cycle", _l("Cycle"), 6),
    Column("text", _l("Recommendation"), 60),
    Column("recommending", _l("Recommending States"), 18, LIST),
    Column("position", _l("Position"), 12),
    Column("themes", _l("Themes"), 24, LIST),
    Column("groups", _l("Groups of persons"), 20, LIST),
    Column("sdgs", _l("SDG 4 targets"), 10, LIST),
    Column("institutions", _l("Responsible institutions"), 24, LIST),
    Column("status", _l("Status"), 16, STATUS),
    Column("status_date", _l("Status date"), 11, DATE),
    Column("justification", _l("Last justification"), 40),
    Column("actions", _l("Actions taken"), 40, LIST),
    Column("pledges", _l("Pledges"), 40, LIST),
    Column("assistance_received", _l("Technical assistance received"), 40, LIST),
    Column("assistance_needed", _l("Technical assistance still needed"), 40, LIST),
    Column("evidence", _l("Evidence"), 40, LIST),
    Column("nhri", _l("NHRI assessment"), 40, LIST),
    Column("cso", _l("Civil society assessments"), 40, LIST),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)


@dataclass
class MatrixRow:
    """One recommendation as the matrix shows it: `cells` holds a value for every key of COLUMNS."""

    rec_id: int
    cluster: str  # the theme heading the row is clustered under, as in OHCHR's matrices
    status: str  # the status code, for colours
    url: str | None  # the recommendation's page, when the export knows the site's address
    cells: dict[str, str | list[str] | date | None]
    # (organisation kind, rating) of each organisation's latest published assessment, for the disagreement rule
    ratings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class LinkedRecord:
    """A pledge, assistance or evidence record of the matrix, for the sheets that list them once each."""

    kind: str  # "pledge", "assistance" or "evidence"
    id: int
    cells: dict[str, str | date | None]  # keys of LINKED_COLUMNS[kind]
    recommendations: list[str] = field(
        default_factory=list
    )  # ids ("115.3") of the matrix rows it is linked to


LINKED_COLUMNS = {
    "pledge": (
        ("text", _l("Pledge")),
        ("made_on", _l("Made on")),
        ("source", _l("Source")),
        ("follow_up", _l("Follow-up")),
    ),
    "assistance": (
        ("title", _l("Title")),
        ("direction", _l("Requested or received")),
        ("status", _l("Status")),
        ("provider", _l("Provider")),
        ("fund", _l("Fund")),
        ("kind", _l("Kind")),
        ("amount", _l("Amount")),
        ("currency", _l("Currency")),
        ("start_date", _l("Start")),
        ("end_date", _l("End")),
        ("outcome", _l("Outcome")),
    ),
    "evidence": (
        ("title", _l("Title")),
        ("kind", _l("Kind")),
        ("date", _l("Date")),
        ("source", _l("Source")),
        ("link", _l("Link")),
    ),
}
LINKED_TITLES = {
    "pledge": _l("Pledges"),
    "assistance": _l("Technical assistance"),
    "evidence": _l("Evidence"),
}


@dataclass
class MatrixMeta:
    """What the file is: its title and the selection it holds, written into its header and properties."""

    title: str
    state: str  # the State's name, or "All States"
    cycles: str  # "4", "2, 3, 4" or "All cycles"
    selection: str  # the filter in words: "Education only; status: In progress"
    created: datetime
    public: bool  # True when only public data is in it
    rows: int  # how many recommendations
    language: str = "en"
    paper: str = "a4"  # or "us-letter", for the documents (DOCX, PDF)

    @property
    def mark(self) -> str:
        """What every page or sheet says of the data the file holds."""
        return file_mark(self.public)

    @property
    def subtitle(self) -> str:
        return f"{self.state} · {self.cycles} · {self.selection}"
