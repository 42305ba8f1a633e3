"""Write parsed recommendation rows to the database: one upsert on (review, paragraph) or (review, text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session, selectinload

from uprtrack.core.vocabulary import OrganisationKind, cycle_of_session, normalise_position
from uprtrack.imports import new_recommendations
from uprtrack.imports.lookup import Lookup, text_key
from uprtrack.imports.new_recommendations import NewRecommendation
from uprtrack.imports.report import ImportReport, Joined
from uprtrack.imports.rows import Parsed, RecommendationRow
from uprtrack.imports.uhri_api import unknown_fields
from uprtrack.imports.upsert_mechanisms import (
    by_reference,
    given_texts,
    is_upr,
    mechanism_review,
    new_source,
    record_source,
    store_texts,
    uhri_fields_problem,
)
from uprtrack.models import (
    Assignment,
    PositionChange,
    Recommendation,
    Review,
    State,
)

Progress = Callable[[int], None]
REPORT_SYMBOL = re.compile(
    r"A/HRC/\d+/\d+"
)  # the Working Group report: A/HRC/{Council session}/{n}

# Scalar fields an import sets, in the order a report would name them.
SCALARS = (
    "position",
    "position_source",
    "position_document",
    "position_paragraph",
    "theme_heading",
    "action_category",
)


@dataclass(slots=True)
class Merged:
    """One recommendation as a file gives it, after the rows that split it apart are put together."""

    first: RecommendationRow
    review: Review
    position: str
    text_key: str
    rows: list[int] = field(default_factory=list)
    recommending_states: list[State] = field(default_factory=list)


def import_recommendations(
    session: Session,
    parsed: Parsed,
    report: ImportReport,
    *,
    state: str | None = None,
    progress: Progress | None = None,
    created: Callable[[NewRecommendation], None] | None = None,
) -> None:
    """Create, update or leave each recommendation of `parsed`; reject what cannot be stored, with a reason.

    Records already stored are updated through the ORM; new ones are written in batches by
    `new_recommendations.Writer` (each is handed to `created` first, for a preview). A row that matches a
    record the same file creates (a row without a paragraph, with the text of a numbered one) is applied to it
    once it is written, as it would be to a stored record. No more than a batch of new records is held at
    once; the file's rows themselves stay with the caller's `parsed` until it lets them go.
    """
    lookup = Lookup(session)
    # Nothing is read back while the rows are resolved: the reviews a file opens are written together.
    with session.no_autoflush:
        merged = _merge(session, lookup, parsed, report, state)
    session.flush()
    report.fuzzy.extend(lookup.fuzzy)
    reviews = {m.review.id for m in merged.values()}
    existing = _existing(session, reviews)
    dated = _positions_dated(session, reviews) if existing else {}
    referenced = by_reference(session, parsed.kind, (m.first for m in merged.values()))
    later: list[Merged] = []  # rows that match a record this file creates
    creating = _Records()
    writer = new_recommendations.Writer(session, progress)
    with session.no_autoflush, writer:
        for key in list(merged):
            item = merged.pop(key)
            rec = referenced.get(item.first.reference or "") or existing.match(item)
            if rec is None:
                if creating.match(item) is not None:
                    later.append(item)
                    continue
                record = _new(lookup, parsed.kind, item)
                creating.add(item.review.id, _Creating(record.paragraph, item.text_key))
                report.count("created")
                if created:
                    created(record)
                writer.add(record)
                continue
            _update(lookup, parsed.kind, rec, item, dated, report)
            # Listed again under the paragraph or text the file may have given it.
            existing.add(item.review.id, rec)
            if progress:
                progress(len(item.rows))
    if later:
        existing = _existing(session, {item.review.id for item in later})
        for item in later:
            _update(lookup, parsed.kind, existing.match(item), item, {}, report)
            if progress:
                progress(len(item.rows))
    session.flush()


class _Records:
    """The records of the reviews a file names, found by paragraph and by text key.

    A row is the record with its paragraph in its review; else the first with its text (letters and digits)
    that has no paragraph, or any with its text when the row has none. Each record is listed under its
    review's paragraph and text key as they were when it was added: `match` checks them as they are now.
    """

    def __init__(self) -> None:
        self.by_paragraph: dict[tuple, list] = {}
        self.by_text: dict[tuple, list] = {}

    def __bool__(self) -> bool:
        return bool(self.by_text)  # every record has a text key

    def add(self, review_id: int, record) -> None:
        for index, value in (
            (self.by_paragraph, record.paragraph),
            (self.by_text, record.text_key),
        ):
            if value is not None:
                listed = index.setdefault((review_id, value), [])
                if not any(record is known for known in listed):
                    listed.append(record)

    def match(self, item: Merged):
        review_id, paragraph, key = item.review.id, item.first.paragraph, item.text_key
        if paragraph:
            for record in self.by_paragraph.get((review_id, paragraph), ()):
                if record.paragraph == paragraph:
                    return record
        for record in self.by_text.get((review_id, key), ()):
            if record.text_key == key and (record.paragraph is None or paragraph is None):
                return record
        return None


@dataclass(slots=True, eq=False)
class _Creating:
    """A record the file creates, as `_Records.match` compares it with a later row of the same file."""

    paragraph: str | None
    text_key: str


def _update(
    lookup: Lookup, kind: str, rec: Recommendation, item: Merged, dated: dict, report: ImportReport
) -> None:
    """Apply a file's row to a stored record: its position unless an older one, links, texts and source."""
    if _older_position(item, rec, dated.get(rec.id), report):
        item.first = replace(
            item.first,
            position_source=None,
            position_document=None,
            position_paragraph=None,
            position_date=None,
        )
        item.position = rec.position
    if "position" in unknown_fields(item.first):
        item.position = rec.position  # a position named by an id nothing maps says nothing
    changed = _apply(lookup, rec, item)
    changed |= store_texts(rec, item.first.texts)
    changed |= record_source(rec, kind, item.first)
    report.count("updated" if changed else "unchanged")


def _new(lookup: Lookup, kind: str, item: Merged) -> NewRecommendation:
    """A recommendation the file creates, with what `_apply`, `store_texts` and `record_source` would set."""
    row = item.first
    values = {
        "paragraph": row.paragraph,
        "text": row.text,
        "text_key": item.text_key,
        "source_file": row.source_file,
        **_scalars(item),
    }
    return new_recommendations.new_recommendation(
        item.review,
        values,
        recommending=item.recommending_states,
        themes=[lookup.theme(t) for t in row.themes],
        groups=[lookup.group(g) for g in row.groups],
        issues=[lookup.issue(i) for i in row.issues],
        sdgs=[s for s in map(lookup.sdg, row.sdgs) if s is not None],
        organisations=[
            lookup.organisation(n, OrganisationKind.MINISTRY) for n in row.responsible_institutions
        ],
        texts=given_texts(row.texts),
        source=new_source(kind, row),
        position_change=new_recommendations.position_change(
            item.position, row.position_date, _position_source(row)
        ),
        rows=len(item.rows),
    )


def _merge(
    session: Session,
    lookup: Lookup,
    parsed: Parsed,
    report: ImportReport,
    state_override: str | None,
) -> dict[tuple, Merged]:
    """Resolve each row's review and States, and join rows that are one recommendation split per State."""
    merged: dict[tuple, Merged] = {}
    reviews = _known_reviews(session)
    for row in parsed.rows:
        report.rows += 1
        reason, review, states = _resolve(session, lookup, parsed, row, state_override, reviews)
        position = normalise_position(row.position)
        if position is None:
            reason = (
                reason
                or f"'{row.position}' is not a position: expected Supported, Noted or Supported-in-part"
            )
        if reason:
            report.reject(row.row, reason)
            continue
        row_key = text_key(row.text)
        # Keyed by the review itself: one the file opens has no id yet.
        key = (review, row.paragraph or row_key)
        item = merged.get(key)
        if item is None:
            item = merged[key] = Merged(
                first=row, review=review, position=position, text_key=row_key
            )
        elif item.position != position:
            report.reject(
                row.row,
                f"the same recommendation is at row {item.first.row} with position "
                f"{item.position}, here {position}; the row at {item.first.row} was kept",
            )
            continue
        if item.rows:
            report.joined.append(Joined(row.row, item.first.row, _joined_reason(item, row)))
        item.rows.append(row.row)
        item.recommending_states.extend(s for s in states if s not in item.recommending_states)
        report.positions[position] += 1
    return merged


def _joined_reason(item: Merged, row: RecommendationRow) -> str:
    """Say why a row went into the record of an earlier row (UPR Info gives one row per recommending State)."""
    if row.paragraph:
        return f"the same paragraph {row.paragraph} of the same review"
    return "the same text in the same review, given again for another recommending State"


def _resolve(
    session: Session,
    lookup: Lookup,
    parsed: Parsed,
    row: RecommendationRow,
    state_override: str | None,
    reviews: dict,
) -> tuple[str | None, Review | None, list[State]]:
    """Return (reason for rejection or None, the row's review, its recommending States)."""
    if not row.text.strip():
        return "the recommendation has no text", None, []
    if reason := uhri_fields_problem(row):
        return reason, None, []
    name = state_override or row.state or parsed.state
    state = lookup.state(name, row.row)
    if state is None:
        return (
            (
                f"State under review '{name}' is not known: use its ISO code or a name of seed/states.csv"
                if name
                else "no State under review: give --state"
            ),
            None,
            [],
        )
    states, reason = _recommending_states(lookup, row)
    if reason:
        return reason, None, []
    if not is_upr(row):
        reason, review = mechanism_review(session, lookup.mechanisms, state, row, reviews)
        return reason, review, states
    session_number = row.session or parsed.session
    cycle = (
        row.cycle or parsed.cycle or (cycle_of_session(session_number) if session_number else None)
    )
    if cycle not in lookup.cycles:
        return (
            (
                f"cycle {cycle} is not a UPR cycle"
                if cycle
                else "neither the cycle nor the session is known for this row"
            ),
            None,
            [],
        )
    if session_number and session_number not in lookup.sessions:
        return f"UPR session {session_number} is not known: add it to seed/sessions.csv", None, []
    review = reviews.get((state.id, cycle))
    if review is None:
        review = reviews[(state.id, cycle)] = Review(state=state, cycle=cycle)
        session.add(review)
    _document_review(review, row, session_number)
    return None, review, states


def _known_reviews(session: Session) -> dict[tuple, Review]:
    """Every stored review by its key: (State, cycle) for the UPR, (State, mechanism, symbol) for the others."""
    found = {}
    for review in session.scalars(select(Review)):
        if review.cycle is not None:
            found[(review.state_id, review.cycle)] = review
        else:
            found[(review.state_id, review.mechanism_id, review.document_symbol)] = review
    return found


def _recommending_states(lookup: Lookup, row: RecommendationRow) -> tuple[list[State], str | None]:
    """The row's recommending States, or the reason one of them is not known."""
    states = []
    for rs in row.recommending_states:
        found = lookup.state(rs, row.row)
        if found is None:
            return (
                [],
                f"recommending State '{rs}' is not known: add the spelling to seed/states.csv",
            )
        states.append(found)
    return states, None


def _document_review(review: Review, row: RecommendationRow, session_number: int | None) -> None:
    """Fill the review's session and documents from what the row says, where still empty."""
    if review.session is None and session_number:
        review.session = session_number
    document = row.position_document or ""
    if document.endswith("/Add.1"):
        review.addendum_symbol = review.addendum_symbol or document
        review.report_symbol = review.report_symbol or document[: -len("/Add.1")]
    elif REPORT_SYMBOL.fullmatch(document):  # a draft report, or a matrix citing the review itself
        review.report_symbol = review.report_symbol or document


def _existing(session: Session, reviews: set[int]) -> _Records:
    """Load the recommendations already stored for these reviews, with their links, in a few queries."""
    found = _Records()
    if not reviews:
        return found
    query = (
        select(Recommendation)
        .where(Recommendation.review_id.in_(sorted(reviews)))
        .options(
            selectinload(Recommendation.recommending_states),
            selectinload(Recommendation.themes),
            selectinload(Recommendation.groups),
            selectinload(Recommendation.issues),
            selectinload(Recommendation.sdgs),
            selectinload(Recommendation.assignments),
            selectinload(Recommendation.sources),
            selectinload(Recommendation.texts),
        )
    )
    for rec in session.scalars(query):
        found.add(rec.review_id, rec)
    return found


def _positions_dated(session: Session, reviews: set[int]) -> dict[int, date]:
    """The day of the latest position of each recommendation stored in these reviews, in one query."""
    query = (
        select(PositionChange.recommendation_id, func.max(PositionChange.changed_on))
        .join(Recommendation, Recommendation.id == PositionChange.recommendation_id)
        .where(Recommendation.review_id.in_(sorted(reviews)))
        .group_by(PositionChange.recommendation_id)
    )
    return dict(session.execute(query).all())  # rows, not the Result: dict() would read its keys()


def _older_position(
    item: Merged, rec: Recommendation, latest: date | None, report: ImportReport
) -> bool:
    """Say whether the file's position is older than the one stored; a file from before does not undo it.

    Importing last month's draft after the addendum must not set a Supported recommendation back to pending.
    """
    given = item.first.position_date
    if not given or latest is None or item.position == rec.position:
        return False
    if date.fromisoformat(given) >= latest:
        return False
    report.note(
        item.first.row,
        f"the file's position {item.position} of {given} is older than the stored "
        f"{rec.position} of {latest.isoformat()}: the stored position is kept",
    )
    return True


def _scalars(item: Merged) -> dict:
    """The fields of SCALARS as the file gives them (None where it gives nothing); the position as read."""
    return {
        name: item.position if name == "position" else getattr(item.first, name) for name in SCALARS
    }


def _apply(lookup: Lookup, rec: Recommendation, item: Merged) -> bool:
    """Set what the file says on the record; return whether anything changed."""
    row = item.first
    before = rec.position
    wanted = _scalars(item)
    changed = False
    # The file a record first came in stays its source file; every file it comes in is listed in its sources.
    if rec.source_file is None and row.source_file:
        rec.source_file, changed = row.source_file, True
    if row.paragraph and rec.paragraph is None:
        rec.paragraph, changed = row.paragraph, True
    key = item.text_key
    if rec.text_key != key and (row.paragraph or rec.paragraph is None):
        rec.text, rec.text_key, changed = row.text, key, True
    for name in SCALARS:
        value = wanted[name]
        # A source that does not give a field (UPR Info has no themes heading) leaves what another source gave.
        if value is not None and getattr(rec, name) != value:
            setattr(rec, name, value)
            changed = True
    # A row without a paragraph matched onto a matrix recommendation only adds what the matrix lacked.
    union = row.paragraph is None and rec.paragraph is not None
    changed |= _set_links(rec, "recommending_states", item.recommending_states, union)
    changed |= _set_links(rec, "themes", [lookup.theme(t) for t in row.themes], union)
    changed |= _set_links(rec, "groups", [lookup.group(g) for g in row.groups], union)
    changed |= _set_links(rec, "issues", [lookup.issue(i) for i in row.issues], True)
    changed |= _set_links(
        rec, "sdgs", [s for s in map(lookup.sdg, row.sdgs) if s is not None], union
    )
    changed |= _assign(lookup, rec, row.responsible_institutions)
    _record_position(rec, before, row)
    education = rec.education
    rec.refresh_education()
    return changed or education != rec.education


def _record_position(rec: Recommendation, before: str | None, row: RecommendationRow) -> None:
    """Date the position when a recommendation gets its first one or a file changes it; else add nothing.

    The day is the one the file gives (a draft's circulation date), else today, the day uprtrack learnt it.
    """
    if rec.position == before:
        return
    change = new_recommendations.position_change(
        rec.position, row.position_date, _position_source(row)
    )
    # Added beside the record, not appended to its history: the history is not loaded once per row.
    object_session(rec).add(PositionChange(recommendation=rec, **change))


def _position_source(row: RecommendationRow) -> str | None:
    return row.position_document or row.position_source or row.source_file


def _assign(lookup: Lookup, rec: Recommendation, institutions: list[str]) -> bool:
    """Add the responsible institutions a file names; assignments made in uprtrack are never removed by a file."""
    assigned = {a.organisation for a in rec.assignments}
    missing = [
        org
        for org in dict.fromkeys(
            lookup.organisation(n, OrganisationKind.MINISTRY) for n in institutions
        )
        if org not in assigned
    ]
    rec.assignments.extend(Assignment(organisation=org) for org in missing)
    return bool(missing)


def _set_links(rec: Recommendation, name: str, wanted: list, union: bool) -> bool:
    """Make a link list equal to `wanted` (or add `wanted` to it); return whether it changed."""
    current = getattr(rec, name)
    unique = list(dict.fromkeys(wanted))
    if union:
        missing = [item for item in unique if item not in current]
        current.extend(missing)
        return bool(missing)
    if not unique and current:
        return False  # the file says nothing of this: keep what is stored
    if set(map(id, current)) == set(map(id, unique)):
        return False
    setattr(rec, name, unique)
    return True
