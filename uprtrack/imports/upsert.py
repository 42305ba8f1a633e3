"""Write parsed recommendation rows to the database: one upsert on (review, paragraph) or (review, text)."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice

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


CHUNK = 5_000  # file rows resolved, matched and written together: what an import holds of a file at once


@dataclass(slots=True)
class Merged:
    """One recommendation as a file gives it, after the rows that split it apart are put together."""

    first: RecommendationRow
    review: Review
    position: str
    text_key: str
    recommending_states: list[State] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class _Record:
    """A record as an import matches rows to it, stored or made by the file: a few fields, no ORM object.

    `key`, `row` and `position` are the merge key, row number and position of the file's first row that gave
    the record: a later row with that key joins it, as rows of one chunk are joined by `_merge`.
    """

    id: int | None  # None until a record the file creates is written
    paragraph: str | None
    text_key: str
    key: str | None = None
    row: int | None = None
    position: str | None = None
    new: NewRecommendation | None = None  # the record being made, until it is written
    # A record stored before the file: its recommending States then, whether the file changed anything else,
    # and how the report counted it, so that rows joining it in later chunks can tell its outcome again.
    stored: tuple[frozenset[int], bool, str] | None = None


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

    The rows are taken CHUNK at a time, from a list or from a file read as it goes (`tables.open_table`), so
    that memory does not grow with the file: what an import keeps from chunk to chunk is a `_Record` of each
    record it has seen. Records already stored are updated through the ORM; new ones are written in batches by
    `new_recommendations.Writer` (each is handed to `created` first, for a preview).
    """
    run = _Import(session, parsed.kind, report, state, progress, created)
    with run.writer, _collected_by_chunk() as collect:
        for chunk in _chunks(parsed.rows, CHUNK):
            run.chunk(replace(parsed, rows=chunk, rejected=[]))
            collect()
    session.flush()


@contextmanager
def _collected_by_chunk() -> Iterator[Callable[[], None]]:
    """Collect a chunk's garbage once it is stored, and set what outlives it aside from later collections.

    Python's cycle collector would otherwise go again and again through everything the import keeps as it
    grows (a `_Record` of each record): a third of a 100,000-row import's time. What is set aside is given back
    to the collector when the import ends.
    """

    def collect() -> None:
        gc.collect()  # goes only through what is not set aside: about a chunk's objects
        gc.freeze()

    try:
        yield collect
    finally:
        gc.unfreeze()


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Import:
    """One import's state from chunk to chunk: the records seen, the reviews known, the writer of new records."""

    def __init__(self, session, kind, report, state, progress, created) -> None:
        self.session, self.kind, self.report = session, kind, report
        self.state, self.progress, self.created = state, progress, created
        self.lookup = Lookup(session)
        self.records = _Records()
        self.reviews = _known_reviews(session)
        self.writer = new_recommendations.Writer(session)

    def chunk(self, parsed: Parsed) -> None:
        """Join, match and write one chunk of rows; flushed when it returns."""
        session, report = self.session, self.report
        report.unresolved.update(i for row in parsed.rows for i in row.unresolved)
        # Nothing is read back while the rows are resolved: the reviews a chunk opens are written together.
        with session.no_autoflush:
            merged, joins = _merge(
                session, self.lookup, parsed, report, self.state, self.reviews, self.records
            )
        session.flush()
        report.fuzzy.extend(self.lookup.fuzzy)
        self.lookup.fuzzy.clear()
        self.records.load(session, {item.review.id for item in merged})
        referenced = by_reference(session, self.kind, (item.first for item in merged))
        updates: list[tuple[Merged, _Record | None, Recommendation | None]] = []
        made: list[_Record] = []
        with session.no_autoflush:
            for item in merged:
                stored = referenced.get(item.first.reference or "")
                known = self.records.match(item)
                if stored is None and known is None:
                    made.append(self._create(item))
                else:
                    updates.append((item, known, stored))
            self.writer.write()  # every record made so far has its id
            for record in made:
                record.id, record.new = record.new.id, None
            self._update(updates)
            self._join(joins)
        session.flush()
        if self.progress:
            self.progress(len(parsed.rows))

    def _create(self, item: Merged) -> _Record:
        record = _new(self.lookup, self.kind, item)
        self.report.count("created")
        if self.created:
            self.created(record)
        self.writer.add(record)
        known = _Record(None, record.paragraph, item.text_key, new=record)
        _first_of_file(known, item)
        self.records.add(item.review.id, known)
        return known

    def _update(self, updates: list[tuple[Merged, _Record | None, Recommendation | None]]) -> None:
        """Apply rows to the records they match: stored ones, and ones the file made from other rows."""
        if not updates:
            return
        ids = {stored.id if stored else known.id for _, known, stored in updates}
        loaded = _loaded(self.session, ids)
        # A record stored before the file keeps a later position than the file's; one it made has the file's.
        before = {
            stored.id if stored else known.id
            for _, known, stored in updates
            if not (known and known.row)
        }
        dated = _positions_dated(self.session, before) if before else {}
        for item, known, stored in updates:
            rec = loaded[stored.id if stored else known.id]
            if known is None or known.id != rec.id:
                known = _Record(rec.id, rec.paragraph, rec.text_key)
            states, first = _state_ids(rec), known.row is None
            if first:  # before the update, which may keep the stored position instead of the file's
                _first_of_file(known, item)
            outcome, others = _update(self.lookup, self.kind, rec, item, dated, self.report)
            if first:
                known.stored = (states, others, outcome)
            # Listed again under the paragraph or text the file may have given it.
            known.paragraph, known.text_key = rec.paragraph, rec.text_key
            self.records.add(item.review.id, known)

    def _join(self, joins: dict[_Record, list[State]]) -> None:
        """Add the recommending States of rows that joined a record an earlier chunk of the file gave.

        A stored record is counted again: its first rows may have changed its States, and the rows joining
        it now may give back those it had.
        """
        if not joins:
            return
        loaded = _loaded(self.session, {known.id for known in joins})
        for known, states in joins.items():
            rec = loaded[known.id]
            _set_links(rec, "recommending_states", states, union=True)
            if known.stored is not None:
                before, others, counted = known.stored
                outcome = "updated" if others or _state_ids(rec) != before else "unchanged"
                self.report.recount(counted, outcome)
                known.stored = (before, others, outcome)


def _state_ids(rec: Recommendation) -> frozenset[int]:
    return frozenset(state.id for state in rec.recommending_states)


def _first_of_file(known: _Record, item: Merged) -> None:
    known.key, known.row, known.position = (
        item.first.paragraph or item.text_key,
        item.first.row,
        item.position,
    )


class _Records:
    """The records of the reviews a file names, found by paragraph and by text key.

    A row is the record with its paragraph in its review; else the first with its text (letters and digits)
    that has no paragraph, or any with its text when the row has none. Each record is listed under its
    review's paragraph and text key as they were when it was added: `match` checks them as they are now.
    An index holds a record, or a list of the records that share its key.
    """

    def __init__(self) -> None:
        self.by_paragraph: dict[tuple, _Record | list[_Record]] = {}
        self.by_text: dict[tuple, _Record | list[_Record]] = {}
        self.loaded: set[int] = set()

    def load(self, session: Session, reviews: set[int]) -> None:
        """List the records stored in these reviews, for those not listed yet."""
        missing = sorted(reviews - self.loaded)
        self.loaded.update(missing)
        for start in range(0, len(missing), 500):
            query = select(
                Recommendation.id,
                Recommendation.review_id,
                Recommendation.paragraph,
                Recommendation.text_key,
            ).where(Recommendation.review_id.in_(missing[start : start + 500]))
            for rec_id, review_id, paragraph, key in session.execute(query):
                self.add(review_id, _Record(rec_id, paragraph, key))

    def add(self, review_id: int, record: _Record) -> None:
        for index, value in (
            (self.by_paragraph, record.paragraph),
            (self.by_text, record.text_key),
        ):
            if value is None:
                continue
            key = (review_id, value)
            listed = index.get(key)
            if listed is None:
                index[key] = record
            elif isinstance(listed, list):
                if not any(record is known for known in listed):
                    listed.append(record)
            elif listed is not record:
                index[key] = [listed, record]

    def match(self, item: Merged) -> _Record | None:
        review_id, paragraph, key = item.review.id, item.first.paragraph, item.text_key
        if paragraph:
            for record in _listed(self.by_paragraph, (review_id, paragraph)):
                if record.paragraph == paragraph:
                    return record
        for record in _listed(self.by_text, (review_id, key)):
            if record.text_key == key and (record.paragraph is None or paragraph is None):
                return record
        return None

    def of_file(self, review_id: int, paragraph: str | None, key: str) -> _Record | None:
        """The record an earlier chunk's row with this merge key gave, if any."""
        merge_key = paragraph or key
        index = self.by_paragraph if paragraph else self.by_text
        for record in _listed(index, (review_id, merge_key)):
            if record.key == merge_key:
                return record
        return None


def _listed(index: dict, key: tuple) -> list[_Record] | tuple[_Record, ...]:
    found = index.get(key)
    if found is None:
        return ()
    return found if isinstance(found, list) else (found,)


def _loaded(session: Session, ids: set[int]) -> dict[int, Recommendation]:
    """The records of these ids with what an update compares, in a few queries."""
    query = (
        select(Recommendation)
        .where(Recommendation.id.in_(sorted(ids)))
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
    return {rec.id: rec for rec in session.scalars(query)}


def _update(
    lookup: Lookup, kind: str, rec: Recommendation, item: Merged, dated: dict, report: ImportReport
) -> tuple[str, bool]:
    """Apply a file's row to a stored record: its position unless an older one, links, texts and source.

    Returns how the report counts it ("updated" or "unchanged"), and whether anything but its recommending
    States changed.
    """
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
    # A row without a paragraph matched onto a matrix recommendation only adds what the matrix lacked.
    union = item.first.paragraph is None and rec.paragraph is not None
    changed = _apply(lookup, rec, item, union)
    changed |= store_texts(rec, item.first.texts)
    changed |= record_source(rec, kind, item.first)
    states = _set_links(rec, "recommending_states", item.recommending_states, union)
    outcome = "updated" if changed or states else "unchanged"
    report.count(outcome)
    return outcome, changed


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
    )


def _merge(
    session: Session,
    lookup: Lookup,
    parsed: Parsed,
    report: ImportReport,
    state_override: str | None,
    reviews: dict,
    records: _Records,
) -> tuple[list[Merged], dict[_Record, list[State]]]:
    """Resolve each row's review and States, and join rows that are one recommendation split per State.

    Returns the chunk's recommendations, and the recommending States of rows that join a record an earlier
    chunk gave.
    """
    merged: dict[tuple, Merged] = {}
    joins: dict[_Record, list[State]] = {}
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
        earlier = records.of_file(review.id, row.paragraph, row_key) if review.id else None
        if earlier is not None:
            if _joins(report, row, earlier.row, earlier.position, position):
                _add_new(joins.setdefault(earlier, []), states)
            continue
        # Keyed by the review itself: one the file opens has no id yet.
        key = (review, row.paragraph or row_key)
        item = merged.get(key)
        if item is None:
            item = merged[key] = Merged(
                first=row, review=review, position=position, text_key=row_key
            )
            report.positions[position] += 1
        elif not _joins(report, row, item.first.row, item.position, position):
            continue
        _add_new(item.recommending_states, states)
    return list(merged.values()), joins


def _add_new(listed: list[State], states: list[State]) -> None:
    listed.extend(s for s in states if s not in listed)


def _joins(
    report: ImportReport, row: RecommendationRow, into: int, kept: str, position: str
) -> bool:
    """Count a row of the recommendation an earlier row gave as joined to it, or reject it for its position."""
    if kept != position:
        report.reject(
            row.row,
            f"the same recommendation is at row {into} with position "
            f"{kept}, here {position}; the row at {into} was kept",
        )
        return False
    reason = (
        f"the same paragraph {row.paragraph} of the same review"
        if row.paragraph
        else "the same text in the same review, given again for another recommending State"
    )
    report.joined.append(Joined(row.row, into, reason))
    report.positions[position] += 1
    return True


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


def _positions_dated(session: Session, ids: set[int]) -> dict[int, date]:
    """The day of the latest position of each of these recommendations, in one query."""
    query = (
        select(PositionChange.recommendation_id, func.max(PositionChange.changed_on))
        .where(PositionChange.recommendation_id.in_(sorted(ids)))
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


def _apply(lookup: Lookup, rec: Recommendation, item: Merged, union: bool) -> bool:
    """Set what the file says on the record but its recommending States; return whether anything changed."""
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
