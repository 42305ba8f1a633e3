"""Write parsed pledges, technical assistance and evidence rows: one upsert each on its natural key.

The parsers have checked every cell (dates, amounts, vocabularies); what is left to check here needs the database.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import AssistanceState, OrganisationKind, cycle_of_session
from uprtrack.imports.lookup import Lookup, text_key
from uprtrack.imports.report import ImportReport
from uprtrack.imports.rows import AssistanceRow, EvidenceRow, Parsed, PledgeRow
from uprtrack.imports.upsert import Progress
from uprtrack.models import Evidence, Pledge, Recommendation, Review, State, TechnicalAssistance


class RowError(ValueError):
    """A row that cannot be stored; the message is the reason a person reads."""


def import_follow_up(
    session: Session,
    parsed: Parsed,
    report: ImportReport,
    *,
    state: str | None = None,
    progress: Progress | None = None,
) -> None:
    """Create, update or leave each pledge, assistance or evidence row of `parsed`."""
    lookup = Lookup(session)
    writers = {PledgeRow: _pledge, AssistanceRow: _assistance, EvidenceRow: _evidence}
    seen: dict[tuple, int] = {}
    for row in parsed.rows:
        report.rows += 1
        try:
            owner = lookup.state(state or row.state or parsed.state, row.row)
            if owner is None:
                raise RowError(
                    f"State '{state or row.state}' is not known: use its ISO code or a name of "
                    "seed/states.csv"
                )
            first = seen.setdefault(natural_key(owner, row), row.row)
            if first != row.row:
                raise RowError(
                    f"the same {type(row).__name__.removesuffix('Row').lower()} is already at row "
                    f"{first} of this file"
                )
            outcome = writers[type(row)](session, lookup, owner, row)
        except RowError as error:
            report.reject(row.row, str(error))
        else:
            report.count(outcome)
        if progress:
            progress(1)
    report.fuzzy.extend(lookup.fuzzy)
    session.flush()


def natural_key(state: State, row: PledgeRow | AssistanceRow | EvidenceRow) -> tuple:
    """Return what makes a row the same record: its State and its text, or its title (and direction)."""
    if isinstance(row, PledgeRow):
        return "pledge", state.id, text_key(row.text)
    if isinstance(row, AssistanceRow):
        return "assistance", state.id, row.title.strip().casefold(), row.direction
    return "evidence", state.id, row.title.strip().casefold()


def _pledge(session: Session, lookup: Lookup, state: State, row: PledgeRow) -> str:
    key = text_key(row.text)
    pledge = session.scalar(
        select(Pledge).where(Pledge.state_id == state.id, Pledge.text_key == key)
    )
    cycle = row.cycle or (cycle_of_session(row.session) if row.session else None)
    values = {
        "text": row.text.strip(),
        "session": row.session,
        "cycle": cycle,
        "source": row.source,
        "made_on": _date(row.made_on),
    }
    recs = _recommendations(session, state, row.recommendation_refs, cycle)
    issues = [lookup.issue(name) for name in row.issues]
    if pledge is None:
        session.add(
            Pledge(state=state, text_key=key, recommendations=recs, issues=issues, **values)
        )
        return "created"
    changed = _assign(pledge, values)
    changed |= _add_links(pledge.recommendations, recs) | _add_links(pledge.issues, issues)
    return "updated" if changed else "unchanged"


def _assistance(session: Session, lookup: Lookup, state: State, row: AssistanceRow) -> str:
    fund = None
    if row.fund:
        fund = lookup.fund(row.fund)
        if fund is None:
            raise RowError(
                f"fund '{row.fund}' is not one of the UN voluntary funds of seed/funds.csv"
            )
    values = {
        "provider": lookup.organisation(row.provider, OrganisationKind.DONOR)
        if row.provider
        else None,
        "fund": fund,
        "kind": row.kind,
        "amount": Decimal(row.amount).quantize(Decimal("0.01")) if row.amount else None,
        "currency": row.currency,
        "start_date": _date(row.start),
        "end_date": _date(row.end),
        "status": row.status or AssistanceState.REQUESTED,
        "outcome": row.outcome or "",
        "cycle": row.cycle,
    }
    recs = _recommendations(session, state, row.recommendation_refs, row.cycle)
    item = session.scalar(
        select(TechnicalAssistance).where(
            TechnicalAssistance.state_id == state.id,
            TechnicalAssistance.title == row.title.strip(),
            TechnicalAssistance.direction == row.direction,
        )
    )
    if item is None:
        session.add(
            TechnicalAssistance(
                state=state,
                title=row.title.strip(),
                direction=row.direction,
                recommendations=recs,
                **values,
            )
        )
        return "created"
    changed = _assign(item, values) | _add_links(item.recommendations, recs)
    return "updated" if changed else "unchanged"


def _evidence(session: Session, lookup: Lookup, state: State, row: EvidenceRow) -> str:
    values = {
        "kind": row.kind,
        "date": _date(row.date),
        "source": row.source,
        "url": row.url,
        "verified_by": row.verified_by,
        "cycle": row.cycle,
    }
    recs = _recommendations(session, state, row.recommendation_refs, row.cycle)
    item = session.scalar(
        select(Evidence).where(Evidence.state_id == state.id, Evidence.title == row.title.strip())
    )
    if item is None:
        session.add(Evidence(state=state, title=row.title.strip(), recommendations=recs, **values))
        return "created"
    changed = _assign(item, values) | _add_links(item.recommendations, recs)
    return "updated" if changed else "unchanged"


def _recommendations(
    session: Session, state: State, refs: list[str], cycle: int | None
) -> list[Recommendation]:
    """Find the State's recommendations by paragraph; a paragraph found in several cycles needs the cycle."""
    found = []
    for ref in refs:
        query = (
            select(Recommendation)
            .join(Review)
            .where(Review.state_id == state.id, Recommendation.paragraph == ref.strip())
        )
        if cycle:
            query = query.where(Review.cycle == cycle)
        matches = session.scalars(query).all()
        if not matches:
            where = f" in cycle {cycle}" if cycle else ""
            raise RowError(
                f"recommendation {ref} of {state.name}{where} is not in the database: import it first"
            )
        if len(matches) > 1:
            cycles = ", ".join(str(m.review.cycle) for m in matches)
            raise RowError(f"recommendation {ref} exists in cycles {cycles}: give the cycle")
        found.append(matches[0])
    return found


def _assign(record, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def _add_links(current: list, wanted: list) -> bool:
    missing = [item for item in dict.fromkeys(wanted) if item not in current]
    current.extend(missing)
    return bool(missing)


def _date(text: str | None) -> date | None:
    """Read the ISO date the parser checked."""
    return date.fromisoformat(text) if text else None
