"""Importers: recognise a file, parse it purely into rows, then upsert the rows in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import cycle_of_session
from uprtrack.imports.kinds import ImportKind
from uprtrack.imports.lookup import states_by_key
from uprtrack.imports.new_recommendations import NewRecommendation
from uprtrack.imports.report import ImportReport
from uprtrack.imports.rows import ImportFileError, Parsed, RecommendationRow, Rejection, RowStream
from uprtrack.imports.state_names import NameIndex
from uprtrack.imports.upsert import Progress, import_recommendations
from uprtrack.imports.upsert_follow_up import import_follow_up
from uprtrack.models import name_key

TABLE_SUFFIXES = (".csv", ".xls", ".xlsx")
NEITHER_WORD = (
    "This Word file is neither an OHCHR matrix (it has no table of recommendations with a 'Recommendation' "
    "and a 'Position' column) nor a draft Working Group report (no numbered recommendations such as '6.1')."
)
JSON_SUFFIXES = (".json", ".jsonl")  # UHRI search API results


def session_from_calendar(parsed: Parsed) -> Parsed:
    """Give a matrix or draft report that names its State and cycle but no session the calendar's session.

    Runs on what parse_file returns, after the parsers have applied a session or cycle the person gave: those
    always win. The layout names the calendar row's source, so the report never hides where the session came
    from. A session the seed's sessions do not hold is only named: the review could not be filed under it.
    """
    from uprtrack.imports.calendar import known_sessions, review_on, session_of

    if parsed.kind not in (ImportKind.OHCHR_MATRIX, ImportKind.DRAFT_REPORT):
        return parsed
    if parsed.session is not None or not parsed.state:
        return parsed
    if parsed.cycle:
        review = session_of(parsed.state, parsed.cycle)
    else:  # a draft without a cycle is dated: the cycle under way that day is the one it reports on
        dated = next((row.position_date for row in parsed.rows if row.position_date), None)
        review = review_on(parsed.state, date.fromisoformat(dated)) if dated else None
    if review is None:
        return parsed
    if review.session in known_sessions():
        parsed.session, parsed.cycle = review.session, review.cycle
        note = f"session from the review calendar: {review.source}"
    else:
        note = (
            f"the review calendar gives session {review.session} ({review.source}), which is not in "
            "seed/sessions.csv yet: the session is left empty"
        )
    parsed.layout = f"{parsed.layout} ({note})" if parsed.layout else note
    return parsed


def parse_file(
    path: str | Path,
    kind: str = ImportKind.AUTO,
    *,
    state: str | None = None,
    cycle: int | None = None,
    session: int | None = None,
    filename: str | None = None,
) -> Parsed:
    """Read a file of the given kind (or recognise it) into rows; raise ImportFileError when it cannot be read.

    `cycle` and `session` override what a matrix's page header says (a header may lack them or be stale).
    `filename` is the name the person knows the file by (an upload is stored under a generated key): a draft
    report without a symbol is named by it, and dated by the date in it. A session still missing comes from
    the review calendar.
    """
    parsed = _read_file(path, kind, state=state, cycle=cycle, session=session, filename=filename)
    return session_from_calendar(parsed)


def _read_file(
    path: str | Path,
    kind: str,
    *,
    state: str | None,
    cycle: int | None,
    session: int | None,
    filename: str | None,
) -> Parsed:
    """Recognise the file and hand it to its parser."""
    from uprtrack.imports import tables, template, uhri, upr_info, word97

    path = Path(path)
    if kind not in ImportKind.codes():
        raise ImportFileError(f"Unknown kind '{kind}': use one of {', '.join(ImportKind.codes())}.")
    if not path.is_file():
        raise ImportFileError(f"There is no file at {path}.")
    suffix = path.suffix.lower()
    review = _review_override(cycle, session)
    word_kinds = (ImportKind.AUTO, ImportKind.OHCHR_MATRIX, ImportKind.DRAFT_REPORT)
    if suffix == ".doc" and kind in word_kinds:
        with word97.as_docx(path) as converted:
            parsed = _parse_word(converted, kind, state, review, filename=filename or path.name)
        for row in parsed.rows:  # the file the person gave, not the converted copy
            row.source_file = path.name
        return parsed
    if kind in (ImportKind.OHCHR_MATRIX, ImportKind.DRAFT_REPORT) or (
        kind == ImportKind.AUTO and suffix == ".docx"
    ):
        return _parse_word(path, kind, state, review, filename=filename or path.name)
    if review:
        raise ImportFileError(
            f"{path.name} is a table, whose rows name their own cycle: a cycle or session "
            "is given only for an OHCHR matrix or a draft Working Group report."
        )
    if suffix in JSON_SUFFIXES and kind in (ImportKind.AUTO, ImportKind.UHRI):
        return uhri.parse_json(path, state=state)
    if suffix not in TABLE_SUFFIXES:
        raise ImportFileError(
            f"{path.name} is not a file uprtrack imports: expected an OHCHR matrix (.docx, or "
            "Word 97-2003 .doc), a UPR Info export, a UHRI export or a template (.csv, .xls, "
            ".xlsx), or UHRI search results (.json, .jsonl)."
        )
    table = tables.open_table(path, filename=filename or path.name)
    if kind == ImportKind.AUTO:
        kind = _table_kind(table)
    if kind == ImportKind.UHRI:
        return uhri.parse_table(table, state=state)
    if kind == ImportKind.UPR_INFO:
        if not upr_info.looks_like_upr_info(table.header):
            raise ImportFileError(
                f"{path.name} is not a UPR Info export: its header is {', '.join(table.header)}."
            )
        return upr_info.parse_recommendations(table)
    if kind == ImportKind.PLEDGES:
        if not upr_info.looks_like_pledges(table):
            raise ImportFileError(f"{path.name} is not a UPR Info export of voluntary pledges.")
        return upr_info.parse_pledges(table)
    if template.template_kind(table.header) is None:
        raise ImportFileError(
            f"{path.name} does not have the columns of an uprtrack template (see the README)."
        )
    return template.parse(table)


def _parse_word(path: Path, kind: str, state, review: dict, *, filename: str) -> Parsed:
    """Read a Word file as a matrix or as a draft Working Group report: chosen, or recognised.

    A matrix has a table of recommendations. A draft names itself "Report of the Working Group on the Universal
    Periodic Review"; an extract that lost that title is still a draft when its paragraphs read as section II's.
    """
    from uprtrack.imports import draft_report, ohchr_matrix

    def draft() -> Parsed:
        return draft_report.parse(path, state=state, filename=filename, **review)

    if kind == ImportKind.AUTO:
        if ohchr_matrix.looks_like_matrix(path):
            kind = ImportKind.OHCHR_MATRIX
        elif draft_report.looks_like_draft(path):
            kind = ImportKind.DRAFT_REPORT
    if kind == ImportKind.DRAFT_REPORT:
        return draft()
    if kind == ImportKind.AUTO:  # neither by its table nor by its title
        try:
            parsed = draft()
        except ImportFileError:
            parsed = None
        if parsed is not None and parsed.rows:
            return parsed  # an extract of a draft that lost its title
    try:
        return ohchr_matrix.parse(path, state=state, **review)
    except ImportFileError as error:
        if kind == ImportKind.AUTO and str(error) == ohchr_matrix.NO_TABLE:
            raise ImportFileError(NEITHER_WORD) from None
        raise  # a damaged file, or a matrix without its State: the matrix's own message


def _review_override(cycle: int | None, session: int | None) -> dict[str, int]:
    """The cycle and session a person gives for a matrix; a session of another cycle is refused."""
    if cycle and session and cycle_of_session(session) != cycle:
        raise ImportFileError(
            f"Session {session} belongs to cycle {cycle_of_session(session)}, not to cycle {cycle}."
        )
    if session and not cycle:
        cycle = cycle_of_session(session)  # a session given alone overrides the header's cycle too
    return {name: value for name, value in (("cycle", cycle), ("session", session)) if value}


def _table_kind(table) -> ImportKind:
    from uprtrack.imports import template, uhri, upr_info

    if upr_info.looks_like_upr_info(table.header):
        return ImportKind.PLEDGES if upr_info.looks_like_pledges(table) else ImportKind.UPR_INFO
    if uhri.looks_like_uhri(table.header):
        return ImportKind.UHRI
    if template.template_kind(table.header) is not None:
        return ImportKind.TEMPLATE
    raise ImportFileError(
        "This table is neither a UPR Info export, a UHRI export nor an uprtrack template: its "
        f"header is {', '.join(h for h in table.header if h) or 'empty'}."
    )


def store(
    session: Session,
    parsed: Parsed,
    *,
    state: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    force: bool = False,
    created: Callable[[NewRecommendation], None] | None = None,
) -> ImportReport:
    """Upsert parsed rows; on a dry run, roll the session back. Otherwise the caller commits.

    A file that names another State than the one given is refused unless `force` confirms the State given.
    Each recommendation to be created is handed to `created` before it is written (the upload's preview).
    """
    check_state(session, parsed, state, force)
    report = ImportReport(kind=parsed.kind, dry_run=dry_run, detected=detected(parsed, state))
    report.rejected.extend(parsed.rejected)
    report.rows += len(parsed.rejected)
    # A stream is of recommendations, and gives its rejections as it meets them.
    if isinstance(parsed.rows, RowStream):
        recs, others = _accepted(parsed.rows, report, progress), []
    else:
        recs = [r for r in parsed.rows if isinstance(r, RecommendationRow)]
        others = [r for r in parsed.rows if not isinstance(r, RecommendationRow)]
    # A template file holds one kind of row; recommendations go first so that links to them resolve.
    if recs:
        import_recommendations(
            session,
            replace(parsed, rows=recs, rejected=[]),
            report,
            state=state,
            progress=progress,
            created=created,
        )
    if others:
        import_follow_up(
            session,
            replace(parsed, rows=others, rejected=[]),
            report,
            state=state,
            progress=progress,
        )
    if dry_run:
        session.rollback()
    return report


def _accepted(rows: RowStream, report: ImportReport, progress: Progress | None) -> Iterator:
    """The rows of a stream, its rejections taken into the report on the way."""
    for row in rows:
        if isinstance(row, Rejection):
            report.rejected.append(row)
            report.rows += 1
            if progress:
                progress(1)
        else:
            yield row


def row_count(parsed: Parsed) -> int:
    """How many rows an import of `parsed` goes through (for a progress bar); a stream is counted on disk."""
    if isinstance(parsed.rows, RowStream):
        return parsed.rows.count()
    return len(parsed.rows)


def detected(parsed: Parsed, state: str | None = None) -> dict:
    """What the file was recognised as: its layout, and the State, cycle and session it names or was given."""
    found = {
        "layout": parsed.layout,
        "state": state or parsed.state,
        "named_state": parsed.named_state,
        "cycle": parsed.cycle,
        "session": parsed.session,
    }
    return {key: value for key, value in found.items() if value}


__all__ = ["ImportFileError", "ImportReport", "Parsed", "parse_file", "store"]


class StateMismatch(ImportFileError):
    """The file names another State under review than the one the person gave."""


def check_state(session: Session, parsed: Parsed, state: str | None, force: bool = False) -> None:
    """Refuse to file one State's recommendations under another State's review, unless the person confirms it."""
    if not state or not parsed.named_state or force:
        return
    states = states_by_key(session)
    index = NameIndex(states)  # the header may type the name as OHCHR does ("Slove nia")

    def find(name: str):
        return states.get(name_key(name)) or getattr(index.find(name), "item", None)

    chosen, named = find(state), find(parsed.named_state)
    if chosen is None or named is None or chosen.id == named.id:
        return  # a State that is not known is reported with each row
    raise StateMismatch(
        f"This file is the matrix of {named.name}, not of {chosen.name}: importing it as {chosen.name}'s would "
        f"put {named.name}'s recommendations into {chosen.name}'s review. Choose {named.name} or let the file "
        f"name the State; to import it for {chosen.name} all the same, confirm the State you gave "
        "(--force on the command line, the box on the Import page)."
    )
