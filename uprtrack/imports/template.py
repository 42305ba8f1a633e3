"""Parse uprtrack's own spreadsheet template: recommendations, pledges, assistance or evidence, one kind per file.

The columns and their formats are documented for users in docs/import-template.md; keep the two in step.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from uprtrack.core.vocabulary import (
    AssistanceDirection,
    AssistanceKind,
    AssistanceState,
    EvidenceKind,
    Position,
    cycle_of_session,
    normalise_position,
)
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.rows import (
    AssistanceRow,
    EvidenceRow,
    ImportFileError,
    Parsed,
    PledgeRow,
    RecommendationRow,
    Rejection,
)
from uprtrack.imports.tables import Table

COLUMNS = {
    "recommendations": (
        "state",
        "cycle",
        "session",
        "paragraph",
        "recommendation",
        "recommending_states",
        "position",
        "position_source",
        "themes",
        "groups_of_persons",
        "sdg_targets",
        "responsible_institutions",
    ),
    "pledges": (
        "state",
        "pledge",
        "made_on",
        "source",
        "session",
        "cycle",
        "issues",
        "recommendations",
    ),
    "assistance": (
        "state",
        "title",
        "direction",
        "provider",
        "fund",
        "kind",
        "amount",
        "currency",
        "start",
        "end",
        "status",
        "outcome",
        "cycle",
        "recommendations",
    ),
    "evidence": (
        "state",
        "title",
        "kind",
        "date",
        "source",
        "url",
        "verified_by",
        "cycle",
        "recommendations",
    ),
}
REQUIRED = {
    "recommendations": ("state", "cycle", "paragraph", "recommendation"),
    "pledges": ("state", "pledge"),
    "assistance": ("state", "title", "direction"),
    "evidence": ("state", "title", "kind"),
}
_SHARED = {
    "state",
    "cycle",
    "recommendations",
}  # in several kinds, so they say nothing about which kind a file is
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
_DATE_HINT = "write YYYY-MM-DD (2024-03-15) or DD/MM/YYYY (15/03/2024)"
_AMOUNT = re.compile(r"[0-9]+(\.[0-9]+)?")
_DOCUMENT = re.compile(r"\s*([A-Z]+/[^\s,;]+)")
_PARAGRAPH = re.compile(r"para(?:graph)?\.?\s*(\d+)", re.IGNORECASE)


class _Invalid(Exception):
    """A cell a row cannot be imported with; the message is the rejection reason."""


def column_key(name: str) -> str:
    """Return a header name as the template spells it: lower case, spaces and hyphens as underscores."""
    return re.sub(r"[\s_-]+", "_", name.strip().lower())


def template_kind(header: list[str]) -> str | None:
    """Return which template kind a header belongs to, or None when it is not a template."""
    keys = {column_key(name) for name in header}
    scores = {kind: len(keys & (set(columns) - _SHARED)) for kind, columns in COLUMNS.items()}
    # A header with every required column of a kind is that kind. Otherwise take the kind it most resembles, so that
    # parse() can name what is missing; without "state" it must resemble it more, or a UPR Info export would pass.
    pool = [kind for kind in COLUMNS if set(REQUIRED[kind]) <= keys] or [
        kind for kind in COLUMNS if scores[kind] >= (1 if "state" in keys else 3)
    ]
    best = max((scores[kind] for kind in pool), default=0)
    winners = [kind for kind in pool if scores[kind] == best]
    return winners[0] if len(winners) == 1 else None


def parse(table: Table) -> Parsed:
    """Turn a template table into rows of its kind and rejections."""
    kind = template_kind(table.header)
    if kind is None:
        raise ImportFileError(
            "The header does not match any uprtrack template (recommendations, pledges, assistance "
            "or evidence); see the import template guide."
        )
    positions = _column_positions(table.header, kind)
    build = _BUILDERS[kind]
    parsed = Parsed(kind=ImportKind.TEMPLATE)
    for number, cells in table.rows:
        values = {key: (cells[i] if i < len(cells) else "") for key, i in positions.items()}
        try:
            row = build(number, _Cells(values))
        except _Invalid as exc:
            parsed.rejected.append(Rejection(number, str(exc)))
            continue
        if isinstance(row, RecommendationRow):
            row.source_file = table.filename
        parsed.rows.append(row)
    return parsed


def _column_positions(header: list[str], kind: str) -> dict[str, int]:
    """Map each known column of the kind to its index, refusing missing required or repeated columns."""
    keys = [column_key(name) for name in header]
    missing = [c for c in REQUIRED[kind] if c not in keys]
    if missing:
        raise ImportFileError(
            f"The {kind} template is missing the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}."
        )
    repeated = sorted({k for k in keys if k in COLUMNS[kind] and keys.count(k) > 1})
    if repeated:
        raise ImportFileError(
            f"The column{'s' if len(repeated) > 1 else ''} {', '.join(repeated)} "
            "appear more than once; keep one of each."
        )
    return {key: keys.index(key) for key in COLUMNS[kind] if key in keys}


class _Cells:
    """One row's cells by column key, with the checks every kind shares."""

    def __init__(self, values: dict[str, str]):
        self.values = values

    def text(self, key: str) -> str | None:
        """Return the cell, or None when it is empty or the column is absent."""
        return self.values.get(key, "") or None

    def required(self, key: str) -> str:
        """Return the cell, or reject the row when it is empty."""
        value = self.values.get(key, "")
        if not value:
            raise _Invalid(f"The {key} column is empty; every row needs one.")
        return value

    def items(self, key: str) -> list[str]:
        """Split a list cell on '|' when it holds one, else on ';'."""
        value = self.values.get(key, "")
        # Some OHCHR themes contain ';' ("Children: definition; general principles; protection"), so a cell that
        # uses '|' is split on '|' alone.
        separator = "|" if "|" in value else ";"
        return [item.strip() for item in value.split(separator) if item.strip()]

    def number(self, key: str, lowest: int = 1) -> int | None:
        """Return a whole number cell, or None when empty."""
        value = self.values.get(key, "")
        if not value:
            return None
        if not value.isdecimal() or int(value) < lowest:
            raise _Invalid(f"The {key} '{value}' is not a whole number from {lowest} up.")
        return int(value)

    def date(self, key: str) -> str | None:
        """Return a date cell as ISO text, or None when empty."""
        value = self.values.get(key, "")
        if not value:
            return None
        # An .xlsx date with a time of day reaches us as "2024-03-15T10:30:00"; the day is what matters.
        day = value.split("T")[0] if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+", value) else value
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(day, fmt).date().isoformat()
            except ValueError:
                continue
        raise _Invalid(f"The {key} '{value}' is not a date; {_DATE_HINT}.")

    def choice(self, key: str, allowed: tuple[str, ...], required: bool = False) -> str | None:
        """Return a vocabulary cell as its code ("Under way" -> "under_way"), or None when empty."""
        value = self.required(key) if required else self.values.get(key, "")
        if not value:
            return None
        code = column_key(value)
        if code not in allowed:
            raise _Invalid(f"The {key} '{value}' is not one of: {', '.join(allowed)}.")
        return code

    def cycle(self) -> int | None:
        """Return the cycle, taken from the session when the cycle cell is empty."""
        cycle = self.number("cycle")
        session = self.number("session") if "session" in self.values else None
        if session is None:
            return cycle
        if cycle is not None and cycle != cycle_of_session(session):
            raise _Invalid(
                f"Cycle {cycle} does not match session {session}, which is in cycle "
                f"{cycle_of_session(session)}."
            )
        return cycle_of_session(session)


def _recommendation(number: int, cells: _Cells) -> RecommendationRow:
    """Build a RecommendationRow from a template row."""
    state, paragraph, text = (
        cells.required("state"),
        cells.required("paragraph"),
        cells.required("recommendation"),
    )
    cycle = cells.cycle()
    if cycle is None:
        raise _Invalid(
            "The cycle column is empty and there is no session to take it from; every row needs one."
        )
    position = cells.text("position") or Position.PENDING
    if normalise_position(position) is None:
        raise _Invalid(
            f"The position '{position}' is not known; write Supported, Noted or Supported-in-part, "
            "or leave it empty while the State has not answered."
        )
    source = cells.text("position_source")
    document, paragraph_match = (
        (_DOCUMENT.match(source), _PARAGRAPH.findall(source)) if source else (None, [])
    )
    return RecommendationRow(
        row=number,
        state=state,
        text=text,
        paragraph=paragraph,
        cycle=cycle,
        session=cells.number("session"),
        recommending_states=cells.items("recommending_states"),
        position=position,
        position_source=source,
        position_document=document.group(1) if document else None,
        position_paragraph=paragraph_match[-1] if paragraph_match else None,
        themes=cells.items("themes"),
        groups=cells.items("groups_of_persons"),
        sdgs=cells.items("sdg_targets"),
        responsible_institutions=cells.items("responsible_institutions"),
    )


def _pledge(number: int, cells: _Cells) -> PledgeRow:
    """Build a PledgeRow from a template row."""
    return PledgeRow(
        row=number,
        state=cells.required("state"),
        text=cells.required("pledge"),
        made_on=cells.date("made_on"),
        source=cells.text("source"),
        session=cells.number("session"),
        cycle=cells.cycle(),
        issues=cells.items("issues"),
        recommendation_refs=cells.items("recommendations"),
    )


def _assistance(number: int, cells: _Cells) -> AssistanceRow:
    """Build an AssistanceRow from a template row."""
    state, title = cells.required("state"), cells.required("title")
    direction = cells.choice("direction", AssistanceDirection.codes(), required=True)
    amount, currency = _amount(cells), cells.text("currency")
    if currency is not None and not re.fullmatch(r"[A-Za-z]{3}", currency):
        raise _Invalid(f"The currency '{currency}' is not a three-letter code such as EUR or USD.")
    if amount is not None and currency is None:
        raise _Invalid(
            f"The amount {amount} has no currency; write a three-letter code such as EUR in currency."
        )
    start, end = cells.date("start"), cells.date("end")
    if start and end and end < start:
        raise _Invalid(f"The end {end} is before the start {start}.")
    return AssistanceRow(
        row=number,
        state=state,
        title=title,
        direction=direction,
        provider=cells.text("provider"),
        fund=cells.text("fund"),
        kind=cells.choice("kind", AssistanceKind.codes()),
        amount=amount,
        currency=currency.upper() if currency else None,
        start=start,
        end=end,
        status=cells.choice("status", AssistanceState.codes()),
        outcome=cells.text("outcome"),
        cycle=cells.number("cycle"),
        recommendation_refs=cells.items("recommendations"),
    )


def _amount(cells: _Cells) -> str | None:
    """Return the amount as plain decimal text, or None when empty."""
    value = cells.text("amount")
    if value is None:
        return None
    # Thousands separators are refused, not guessed: "12,500" is 12.5 in Slovenia and 12500 in the UK.
    if not _AMOUNT.fullmatch(value):
        raise _Invalid(
            f"The amount '{value}' is not a plain number; write digits with a point for decimals and no "
            "thousands separators, like 12500.50."
        )
    return str(Decimal(value))


def _evidence(number: int, cells: _Cells) -> EvidenceRow:
    """Build an EvidenceRow from a template row."""
    url = cells.text("url")
    # Only web links: the URL becomes a link in the portal, where "javascript:" or "file:" would be unsafe.
    if url is not None and not re.fullmatch(r"https?://\S+", url, re.IGNORECASE):
        raise _Invalid(f"The url '{url}' is not a web address starting with http:// or https://.")
    return EvidenceRow(
        row=number,
        state=cells.required("state"),
        title=cells.required("title"),
        kind=cells.choice("kind", EvidenceKind.codes(), required=True),
        date=cells.date("date"),
        source=cells.text("source"),
        url=url,
        verified_by=cells.text("verified_by"),
        cycle=cells.number("cycle"),
        recommendation_refs=cells.items("recommendations"),
    )


_BUILDERS = {
    "recommendations": _recommendation,
    "pledges": _pledge,
    "assistance": _assistance,
    "evidence": _evidence,
}
