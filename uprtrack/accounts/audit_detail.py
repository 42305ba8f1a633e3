"""An audit entry's detail in words: each value under its label, codes as their vocabulary's labels, a change
as "before → after", dates in the reader's language, ids as the records they name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from uprtrack.accounts.audit_names import REFERENCES, Names
from uprtrack.core.vocabulary import (
    AssistanceDirection,
    AssistanceKind,
    AssistanceState,
    AuditObject,
    EvidenceKind,
    Moderation,
    OrganisationKind,
    Position,
    Rating,
    Role,
    Status,
    Term,
)
from uprtrack.imports.kinds import ImportKind
from uprtrack.models import AuditEntry
from uprtrack.web.errors import size_in_words

LABELS = {
    "accounts": _l("Accounts"),
    "added": _l("Links added"),
    "address": _l("Network address"),
    "batch": _l("Bulk step"),
    "by": _l("By"),
    "changed": _l("Recommendations changed"),
    "changes": _l("Changes"),
    "count": _l("Recommendations in the step"),
    "document": _l("Document"),
    "section": _l("Section"),
    "version": _l("Version"),
    "words": _l("Words"),
    "entry": _l("Entry"),
    "kinds": _l("Kinds of notification"),
    "method": _l("Signed in with"),
    "query": _l("Filter"),
    "reason": _l("Reason"),
    "selection": _l("Selection"),
    "shared": _l("Shared with the organisation"),
    "acronym": _l("Acronym"),
    "amount": _l("Amount"),
    "changed_on": _l("Date of the status"),
    "checked": _l("Recommendations checked"),
    "created": _l("Records created"),
    "currency": _l("Currency"),
    "cycle": _l("Cycle"),
    "date": _l("Date"),
    "direction": _l("Direction"),
    "due_date": _l("Due date"),
    "education_override": _l("On the right to education"),
    "email": _l("E-mail"),
    "end_date": _l("End"),
    "file_name": _l("File"),
    "follow_up": _l("Follow-up"),
    "fund_id": _l("Fund"),
    "fuzzy": _l("Names matched by likeness"),
    "issues": _l("Issues"),
    "joined": _l("Rows joined to the row before"),
    "kind": _l("Kind"),
    "made_on": _l("Date made"),
    "moderation": _l("Moderation"),
    "name": _l("Name"),
    "no_longer": _l("No longer on education"),
    "notes": _l("Notes"),
    "now_education": _l("Now on education"),
    "organisation": _l("Organisation"),
    "organisation_id": _l("Organisation"),
    "outcome": _l("Outcome"),
    "paragraph": _l("Paragraph"),
    "position": _l("Position"),
    "positions": _l("Positions"),
    "previous_id": _l("The same recommendation in the cycle before"),
    "provider_id": _l("Provider"),
    "published": _l("Published"),
    "rating": _l("Rating"),
    "recommendation": _l("Recommendation"),
    "rejected": _l("Rows refused"),
    "replaced": _l("Replaces an earlier file"),
    "role": _l("Role"),
    "rows": _l("Rows read"),
    "session": _l("Session"),
    "size": _l("Size"),
    "source": _l("Source"),
    "start_date": _l("Start"),
    "state": _l("State"),
    "status": _l("Status"),
    "taken_on": _l("Date of the action"),
    "text": _l("Text"),
    "title": _l("Title"),
    "type": _l("Type of file"),
    "unchanged": _l("Records unchanged"),
    "unresolved": _l("Identifiers not recognised"),
    "updated": _l("Records updated"),
    "url": _l("Web address"),
    "verified_by": _l("Verified by"),
    "verified_on": _l("Verified on"),
}
# Kept in the entry for the record, not for its reader: storage keys, ids another line already names.
HIDDEN = {
    "key",
    "entry_id",
    "recommendations",
    "record_id",
    "record_type",
    "upload",
    "action_id",
    "status_change",
    "dry_run",
    "detected",
    "fields",
    "before",
    "after",
}
VOCABULARIES: dict[str, type[Term]] = {
    "status": Status,
    "role": Role,
    "moderation": Moderation,
    "rating": Rating,
    "position": Position,
    "direction": AssistanceDirection,
}
KINDS: dict[str, type[Term]] = {
    AuditObject.ORGANISATION: OrganisationKind,
    AuditObject.EVIDENCE: EvidenceKind,
    AuditObject.ASSISTANCE: AssistanceKind,
    AuditObject.FILE: ImportKind,
}
# What "before" and "after" are values of, by action; a moderation's "after" is the decision itself.
CHANGED = {
    "change-status": "status",
    "change-role": "role",
    "change-organisation": "organisation",
    "publish-comment": "moderation",
    "hide-comment": "moderation",
    "publish-assessment": "moderation",
    "hide-assessment": "moderation",
}
DECIDED = {"publish": Moderation.PUBLISHED, "hide": Moderation.HIDDEN}


@dataclass(frozen=True)
class Line:
    label: str
    text: str
    url: str | None = None


def describe(entry: AuditEntry, names: Names) -> list[Line]:
    """The entry's detail as labelled lines, a change first."""
    detail, lines = dict(entry.detail or {}), []
    field = CHANGED.get(entry.action)
    if field and ("before" in detail or "after" in detail):
        after = detail.get("after")
        if field == "moderation":
            after = DECIDED.get(entry.action.split("-")[0], after)
        lines.append(_change(entry, names, field, detail.get("before"), after))
    for key in _named_elsewhere(entry, names, detail, field):
        detail.pop(key, None)
    for name in detail.get("fields") or []:
        if name not in detail:  # a long text is not kept in the log: only that it changed
            lines.append(Line(label_of(name), _("changed")))
    for key, value in detail.items():
        if key in HIDDEN or value in (None, "", [], {}):
            continue
        if entry.action == "attach-file" and key == "name":
            key = "file_name"
        if isinstance(value, list) and len(value) == 2 and key in LABELS and key not in LISTED:
            lines.append(_change(entry, names, key, value[0], value[1]))
            continue
        ref = names.ref(REFERENCES[key], value) if key in REFERENCES else None
        if ref is not None:
            lines.append(Line(label_of(key), ref.text, ref.url))
        else:
            lines.append(Line(label_of(key), value_text(entry, names, key, value)))
    return lines


def _named_elsewhere(entry: AuditEntry, names: Names, detail: dict, field: str | None) -> list[str]:
    """The keys that the record's name, or another line, already says."""
    keys = ["organisation"] if field == "organisation" else []
    if names.ref(AuditObject.ORGANISATION, detail.get("organisation_id")) is not None:
        keys.append("organisation")  # the id names it, and links to it
    if entry.object_type == AuditObject.USER:
        keys.append("email")
    if entry.object_type == AuditObject.FILE:
        keys.append("file_name")
    if names.ref(AuditObject.RECOMMENDATION, detail.get("recommendation")) is not None:
        keys += ["paragraph", "cycle"]
    own = names.ref(entry.object_type, entry.object_id)
    if entry.object_type in (AuditObject.COMMENT, AuditObject.ASSESSMENT) and own is not None:
        keys += ["recommendation", "organisation"]
    return keys


# Detail keys whose value is a list of items, never a [before, after] pair.
LISTED = {"accounts", "rejected", "joined", "fuzzy", "notes", "issues"}


def label_of(key: str) -> str:
    return str(LABELS.get(key, key.replace("_", " ")))


def _change(entry, names: Names, key: str, before, after) -> Line:
    words = [
        value_text(entry, names, key, v) if v not in (None, "") else "—" for v in (before, after)
    ]
    if before in (None, ""):
        return Line(label_of(key), words[1])
    return Line(label_of(key), f"{words[0]} → {words[1]}")


def value_text(entry: AuditEntry, names: Names, key: str, value) -> str:
    """One value in words."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key == "education_override" and value is None:
        return _("By the rule")
    if key in VOCABULARIES:
        return VOCABULARIES[key].label_of(value)
    if key == "kind" and entry.object_type in KINDS:
        return KINDS[entry.object_type].label_of(value)
    if key == "status" and entry.object_type == AuditObject.ASSISTANCE:
        return AssistanceState.label_of(value)
    if key == "state":
        return names.state(value)
    if key in REFERENCES and (ref := names.ref(REFERENCES[key], value)) is not None:
        return ref.text
    if key == "size" and isinstance(value, int):
        return size_in_words(value)
    if isinstance(value, str) and (key.endswith(("_on", "_date")) or key == "date"):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        if value and isinstance(value[0], dict):  # rows of an import's report
            return ngettext("%(num)d row", "%(num)d rows", len(value))
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict) and key == "positions":
        return ", ".join(f"{Position.label_of(k)}: {format_decimal(v)}" for k, v in value.items())
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, int):
        return format_decimal(value)
    return str(value)
