"""The words of a notice, written when it is read, in the reader's language, from its kind and params."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, gettext, ngettext

from uprtrack.core.vocabulary import NoticeKind, Rating, Status
from uprtrack.models import Notification


def record_name(notice: Notification) -> str:
    """ "Slovenia, cycle 4, 115.30" (the recommendation the notice is about), or "" when it has none."""
    from uprtrack.web.languages import review_label, state_name

    rec = notice.recommendation
    if rec is None:
        return ""
    review = rec.review
    parts = [state_name(review.state), review_label(review)]
    if rec.paragraph:
        parts.append(rec.paragraph)
    return ", ".join(parts)


def _day(value: object) -> str:
    return format_date(date.fromisoformat(str(value))) if value else ""


VALIDATION_KINDS = (NoticeKind.AWAITING_VALIDATION, NoticeKind.VALIDATED, NoticeKind.RETURNED)


def entry_text(kind: NoticeKind, entry: str, values: dict) -> str:
    """The validation notices of an action or of evidence, which propose no status."""
    if kind == NoticeKind.AWAITING_VALIDATION:
        if entry == "action":
            return gettext(
                "%(organisation)s proposes an action taken on %(record)s: it awaits your validation.",
                **values,
            )
        return gettext(
            "%(organisation)s proposes evidence for %(record)s: it awaits your validation.",
            **values,
        )
    if kind == NoticeKind.VALIDATED:
        if entry == "action":
            return gettext("Your proposed action on %(record)s was validated.", **values)
        return gettext("Your proposed evidence for %(record)s was validated.", **values)
    if entry == "action":
        return gettext("Your proposed action on %(record)s was returned: %(reason)s", **values)
    return gettext("Your proposed evidence for %(record)s was returned: %(reason)s", **values)


def notice_text(notice: Notification) -> str:
    """One sentence: what happened, to which recommendation, by whom."""
    p = dict(notice.params or {})
    values = {
        "record": record_name(notice),
        "organisation": p.get("organisation", ""),
        "status": Status.label_of(p.get("status")),
        "rating": Rating.label_of(p.get("rating")),
        "due": _day(p.get("due_date")),
        "reason": p.get("reason", ""),
        "count": int(p.get("count", 1)),
    }
    kind = NoticeKind(notice.kind)
    if kind == NoticeKind.ASSIGNED:
        if notice.recommendation_id is None:  # a bulk step: one notice for all it assigned
            text = ngettext(
                "%(num)d recommendation is assigned to %(organisation)s.",
                "%(num)d recommendations are assigned to %(organisation)s.",
                values["count"],
                organisation=values["organisation"],
            )
        else:
            text = gettext("%(record)s is assigned to %(organisation)s.", **values)
        if values["due"]:
            text += " " + gettext("It is due on %(due)s.", **values)
        return text
    if kind == NoticeKind.DUE_SOON:
        return gettext("%(record)s is due on %(due)s (%(organisation)s).", **values)
    if kind == NoticeKind.OVERDUE:
        return gettext("%(record)s was due on %(due)s and is overdue (%(organisation)s).", **values)
    if kind in VALIDATION_KINDS and p.get("entry") in ("action", "evidence"):
        return entry_text(kind, p["entry"], values)
    if kind == NoticeKind.AWAITING_VALIDATION:
        return gettext(
            "%(organisation)s proposes \u201c%(status)s\u201d for %(record)s: it awaits your validation.",
            **values,
        )
    if kind == NoticeKind.VALIDATED:
        return gettext(
            "Your proposed \u201c%(status)s\u201d for %(record)s was validated.", **values
        )
    if kind == NoticeKind.RETURNED:
        return gettext(
            "Your proposed \u201c%(status)s\u201d for %(record)s was returned: %(reason)s", **values
        )
    if kind == NoticeKind.AWAITING_MODERATION:
        return gettext("%(organisation)s wrote on %(record)s: it awaits your moderation.", **values)
    if kind == NoticeKind.PUBLISHED:
        return gettext("What your organisation wrote on %(record)s is published.", **values)
    if kind == NoticeKind.REFUSED:
        return gettext("What your organisation wrote on %(record)s was not published.", **values)
    if kind == NoticeKind.FILE_READY:
        if p.get("failed"):
            return gettext(
                "The file %(name)s could not be made: %(reason)s",
                name=p.get("name", ""),
                reason=values["reason"],
            )
        return gettext("The file %(name)s is ready to download.", name=p.get("name", ""))
    if kind == NoticeKind.IMPORTED:
        name = p.get("name", "")
        if p.get("failed"):
            return gettext(
                "The import of %(name)s stopped: %(reason)s", name=name, reason=values["reason"]
            )
        if p.get("step") == "check":
            return gettext("%(name)s is checked: see what importing it would do.", name=name)
        return gettext("%(name)s is imported.", name=name)
    if kind == NoticeKind.NEW_STATUS:
        return gettext(
            "The government's status of %(record)s, which your organisation assessed, is now "
            "\u201c%(status)s\u201d.",
            **values,
        )
    return gettext(
        "%(organisation)s assessed %(record)s, which you follow: \u201c%(rating)s\u201d.", **values
    )


def destination(notice: Notification) -> tuple[str, dict[str, object]]:
    """Where a notice leads (endpoint and its values): its recommendation, else the reader's work for a notice
    of assignments, else the notifications."""
    if notice.recommendation_id is not None:
        return "recommendations.show", {"rec_id": notice.recommendation_id}
    if notice.kind in (NoticeKind.ASSIGNED, NoticeKind.DUE_SOON, NoticeKind.OVERDUE):
        return "work.index", {}
    if notice.kind == NoticeKind.FILE_READY and notice.key:
        return "jobs.show", {"job_id": notice.key}
    if notice.kind == NoticeKind.IMPORTED and notice.params.get("upload"):
        return "imports.preview", {"import_key": notice.params["upload"]}
    return "notifications.index", {}
