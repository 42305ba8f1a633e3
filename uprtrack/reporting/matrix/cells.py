"""What each cell of the matrix says: a recommendation and its linked records turned into plain text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask_babel import gettext as _

from uprtrack.core.validation import validated
from uprtrack.core.vocabulary import (
    AssistanceDirection,
    AssistanceKind,
    AssistanceState,
    EvidenceKind,
    Moderation,
    OrganisationKind,
    Position,
    Rating,
    Status,
)
from uprtrack.follow_up.operations import is_received
from uprtrack.models import Assessment, Evidence, Pledge, Recommendation, TechnicalAssistance
from uprtrack.recommendations.current_status import latest_validated
from uprtrack.reporting.amounts import money
from uprtrack.web.languages import state_name

FileUrl = Callable[[Evidence], str] | None


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _joined(*parts: str | None, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def period(start: date | None, end: date | None) -> str:
    return f"{_iso(start)}–{_iso(end)}" if start or end else ""


def pledge_text(pledge: Pledge) -> str:
    follow_up = _("Follow-up: %(text)s", text=pledge.follow_up) if pledge.follow_up else ""
    return _joined(
        pledge.text, f"({_iso(pledge.made_on)})" if pledge.made_on else "", follow_up, sep=" "
    )


def assistance_text(item: TechnicalAssistance) -> str:
    """Title, then provider, fund, kind, amount, period and status, as the item 10 debate reads them."""
    details = _joined(
        item.provider.name if item.provider else None,
        (item.fund.short_name or item.fund.name) if item.fund else None,
        AssistanceKind.label_of(item.kind),
        money(item.amount, item.currency),
        period(item.start_date, item.end_date),
        AssistanceState.label_of(item.status),
    )
    return f"{item.title} ({details})"


def evidence_link(item: Evidence, url_for_file: FileUrl) -> str:
    if item.url:
        return item.url
    if item.file_key:
        return url_for_file(item) if url_for_file else item.file_name or ""
    return ""


def evidence_text(item: Evidence, url_for_file: FileUrl) -> str:
    head = f"{EvidenceKind.label_of(item.kind)}: {item.title}"
    return _joined(
        head,
        f"({_iso(item.date)})" if item.date else "",
        evidence_link(item, url_for_file),
        sep=" ",
    )


def assessment_text(item: Assessment) -> str:
    text = f"{item.organisation.name}: {Rating.label_of(item.rating)} ({_iso(item.assessed_on)})"
    if item.text:
        text += f" {item.text}"
    if item.sources:
        text += " " + _("Sources: %(sources)s", sources=item.sources)
    return text


def latest_per_organisation(assessments: list[Assessment]) -> list[Assessment]:
    """Each organisation's latest published assessment: the one it posted last."""
    latest: dict[int, Assessment] = {}
    for item in sorted(assessments, key=lambda a: a.id):
        if item.moderation == Moderation.PUBLISHED:
            latest[item.organisation_id] = item
    return sorted(latest.values(), key=lambda a: a.organisation.name.casefold())


def row_cells(
    rec: Recommendation,
    pledges: list[Pledge],
    assistance: list[TechnicalAssistance],
    evidence: list[Evidence],
    url_for_file: FileUrl,
) -> dict:
    review = rec.review
    voices = latest_per_organisation(rec.assessments)
    # The status is the latest validated change's; its justification and the actions are the validated ones too.
    last = latest_validated(rec)
    return {
        "id": rec.paragraph or f"#{rec.id}",
        "document": review.report_symbol or review.document_symbol or "",
        "state": state_name(review.state),
        "cycle": str(review.cycle or ""),  # a treaty body's or special procedure's record has none
        "text": rec.text,
        "recommending": [state_name(s) for s in rec.recommending_states],
        "position": Position.label_of(rec.position),
        "themes": [t.name for t in rec.themes],
        "groups": [g.name for g in rec.groups],
        "sdgs": [s.code for s in rec.sdgs if s.goal == 4],
        "institutions": [
            _joined(
                a.organisation.name,
                _("due %(date)s", date=_iso(a.due_date)) if a.due_date else "",
                sep=", ",
            )
            for a in sorted(rec.assignments, key=lambda a: a.organisation.name)
        ],
        "status": Status.label_of(rec.status),
        "status_date": rec.status_date,
        "justification": last.note if last else "",
        "actions": [f"{_iso(a.taken_on)}: {a.description}" for a in validated(rec.actions)],
        "pledges": [pledge_text(p) for p in pledges],
        "assistance_received": [assistance_text(a) for a in assistance if is_received(a)],
        "assistance_needed": [assistance_text(a) for a in assistance if not is_received(a)],
        "evidence": [
            evidence_text(e, url_for_file)
            for e in sorted(evidence, key=lambda e: e.date or date.min)
        ],
        "nhri": [
            assessment_text(a) for a in voices if a.organisation.kind == OrganisationKind.NHRI
        ],
        "cso": [assessment_text(a) for a in voices if a.organisation.kind != OrganisationKind.NHRI],
    }


def linked_cells(kind: str, record, url_for_file: FileUrl) -> dict:
    if kind == "pledge":
        return {
            "text": record.text,
            "made_on": record.made_on,
            "source": record.source or "",
            "follow_up": record.follow_up or "",
        }
    if kind == "assistance":
        return {
            "title": record.title,
            "direction": AssistanceDirection.label_of(record.direction),
            "status": AssistanceState.label_of(record.status),
            "provider": record.provider.name if record.provider else "",
            "fund": record.fund.name if record.fund else "",
            "kind": AssistanceKind.label_of(record.kind),
            "amount": record.amount,
            "currency": record.currency or "",
            "start_date": record.start_date,
            "end_date": record.end_date,
            "outcome": record.outcome or "",
        }
    return {
        "title": record.title,
        "kind": EvidenceKind.label_of(record.kind),
        "date": record.date,
        "source": record.source or "",
        "link": evidence_link(record, url_for_file),
    }
