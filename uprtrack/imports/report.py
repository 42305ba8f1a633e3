"""What an import did, row by row, in the shape `--report` writes."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from uprtrack.imports.rows import Rejection


@dataclass(slots=True)
class Joined:
    row: int  # the input row
    into: int  # the row whose record it joined
    reason: str  # why, for a person ("the same recommendation, split per recommending State")


@dataclass
class FuzzyMatch:
    row: int
    written: str  # the name as the file writes it
    matched: str  # the name it was taken to be
    score: float  # likeness, 0-100


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    positions: Counter = field(default_factory=Counter)
    dry_run: bool = False
    # What the file was recognised as: {"state": ..., "cycle": ..., "session": ..., "layout": ...}
    detected: dict = field(default_factory=dict)
    joined: list[Joined] = field(default_factory=list)  # rows put into the record of another row
    fuzzy: list[FuzzyMatch] = field(default_factory=list)  # names matched by likeness, not exactly
    # Identifiers the file gives that nothing here maps ("countryIds:<uuid>"): how many rows give each.
    unresolved: Counter = field(default_factory=Counter)
    notes: list[Rejection] = field(
        default_factory=list
    )  # rows imported, with something a person should know

    def count(self, outcome: str) -> None:
        """Count one record as "created", "updated" or "unchanged"."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def recount(self, counted: str, outcome: str) -> None:
        """Count a record counted as `counted` as `outcome` instead."""
        setattr(self, counted, getattr(self, counted) - 1)
        self.count(outcome)

    def reject(self, row: int, reason: str) -> None:
        self.rejected.append(Rejection(row, reason))

    def note(self, row: int, text: str) -> None:
        self.notes.append(Rejection(row, text))

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [
                {"row": r.row, "reason": r.reason}
                for r in sorted(self.rejected, key=lambda r: r.row)
            ],
            "positions": dict(sorted(self.positions.items())),
            "dry_run": self.dry_run,
            "detected": self.detected,
            "joined": [  # a file of the whole index joins hundreds of thousands: no asdict, which copies deep
                {"row": j.row, "into": j.into, "reason": j.reason}
                for j in sorted(self.joined, key=lambda j: j.row)
            ],
            "fuzzy": [asdict(f) for f in sorted(self.fuzzy, key=lambda f: f.row)],
            "unresolved": dict(self.unresolved.most_common()),
            "notes": [
                {"row": n.row, "note": n.reason} for n in sorted(self.notes, key=lambda n: n.row)
            ],
        }

    def read_as(self) -> str | None:
        """One line: the layout, State, cycle and session the import detected or was given."""
        found = self.detected
        review = ", ".join(
            f"{label} {found[key]}"
            for key, label in (("state", "State"), ("cycle", "cycle"), ("session", "session"))
            if key in found
        )
        parts = [part for part in (found.get("layout"), review) if part]
        return "Read as: " + "; ".join(parts) if parts else None

    def joined_lines(self) -> list[str]:
        return [
            f"row {j.row}: joined into the recommendation of row {j.into} ({j.reason})"
            for j in sorted(self.joined, key=lambda j: j.row)
        ]

    def fuzzy_lines(self) -> list[str]:
        return [
            f"row {f.row}: '{f.written}' read as {f.matched} (score {f.score:.0f})"
            for f in sorted(self.fuzzy, key=lambda f: f.row)
        ]

    def summary(self) -> str:
        """One line for a person: what was created, updated, left and rejected."""
        return (
            f"{self.kind}: {self.rows} rows read; {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.rejected)} rejected"
            + (f", {len(self.joined)} joined into another row's record" if self.joined else "")
            + (" (dry run: nothing was written)" if self.dry_run else "")
        )
