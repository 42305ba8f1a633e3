"""The list's bulk steps: assign, one status for all, link. Each POST is answered first with a page that shows how
many recommendations the step changes and what it does; only the confirmed POST runs it, in one transaction."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from uprtrack.core.visibility import published_only
from uprtrack.core.vocabulary import Status
from uprtrack.extensions import db
from uprtrack.follow_up.form_pages import flash_linked
from uprtrack.models import Organisation, Recommendation
from uprtrack.recommendations import bulk, choices, pages
from uprtrack.recommendations.bulk_forms import BulkForm, assign_form, link_form, status_form
from uprtrack.recommendations.filters import Filters
from uprtrack.recommendations.views import page_context
from uprtrack.web.confirm import confirmed
from uprtrack.web.languages import state_name
from uprtrack.web.permissions import MANAGERS, allow
from uprtrack.web.redirects import safe_next

bp = Blueprint("bulk", __name__)
# The list drawn again with a form's errors reads what the recommendations screens give their templates.
bp.context_processor(page_context)
SHOWN = 10  # recommendations the confirmation names


def _selected(form: BulkForm, back: str) -> tuple[list[int], str]:
    """Run the list's filter again from its query string; the ticked ids only narrow it."""
    args = pages.list_args(back)
    ids = bulk.selection(
        db.session,
        Filters.from_args(args),
        published_only=published_only(current_user),
        ticked=None if form.whole_filter else form.recs.data,
    )
    return ids, urlencode(Filters.from_args(args).selection_args())


def _refused(form: BulkForm, back: str, message: str):
    form.scope.errors = [*form.scope.errors, message]
    return pages.list_page(pages.list_args(back), back, sent=form)


def _bounded(form: BulkForm, ids: list[int]) -> str | None:
    if not ids:
        return _("No recommendation of this list is selected.")
    if len(ids) > bulk.LIMIT:
        return _(
            "One step changes at most %(most)s recommendations: narrow the filter, then repeat the step.",
            most=f"{bulk.LIMIT:,}",
        )
    return None


def _confirm(form: BulkForm, ids: list[int], question: str, effects: list[str], button: str):
    """The page that shows the count and what will happen; it repeats the form with the count it showed."""
    shown = db.session.scalars(
        select(Recommendation).where(Recommendation.id.in_(ids[:SHOWN])).order_by(Recommendation.id)
    ).all()
    expected = form.expected.data
    changed = form.whole_filter and expected.isdigit() and int(expected) != len(ids)
    fields = [
        (name, value)
        for name, values in request.form.lists()
        for value in values
        if name not in ("csrf_token", "confirmed", form.expected.name)
    ]
    return render_template(
        "recommendations/bulk_confirm.html",
        question=question,
        effects=effects,
        button=button,
        count=len(ids),
        shown=shown,
        changed_from=int(expected) if changed else None,
        fields=fields,
        expected_name=form.expected.name,
        back=safe_next(form.next.data, url_for("recommendations.index")),
    )


def _ready(form: BulkForm, ids: list[int]) -> bool:
    """Whether the POST is the confirmed one, for the count the confirmation showed."""
    return confirmed() and form.expected.data == str(len(ids))


@bp.post("/recommendations/bulk/assign")
@allow(*MANAGERS)
def assign():
    form = assign_form(db.session)
    back = safe_next(form.next.data, url_for("recommendations.index"))
    if not form.validate_on_submit():
        return pages.list_page(pages.list_args(back), back, sent=form)
    ids, selected_by = _selected(form, back)
    if refusal := _bounded(form, ids):
        return _refused(form, back, refusal)
    org = db.session.get(Organisation, form.institution.data)
    if not _ready(form, ids):
        due = form.due_date.data
        return _confirm(
            form,
            ids,
            ngettext(
                "Assign %(num)d recommendation to %(org)s?",
                "Assign %(num)d recommendations to %(org)s?",
                len(ids),
                org=org.name,
            ),
            [
                _("Due date: %(date)s.", date=format_date(due)) if due else _("No due date."),
                _("A recommendation already assigned to it takes this due date."),
            ],
            _("Yes, assign them"),
        )
    changed = bulk.assign(
        db.session,
        ids,
        org,
        form.due_date.data,
        current_user,
        batch=bulk.new_batch(),
        selected_by=selected_by,
    )
    db.session.commit()
    flash(
        ngettext(
            "%(num)d recommendation assigned to %(org)s.",
            "%(num)d recommendations assigned to %(org)s.",
            changed,
            org=org.name,
        )
        if changed
        else _("Nothing changed: these were already assigned."),
        "success",
    )
    return redirect(back)


@bp.post("/recommendations/bulk/status")
@allow(*MANAGERS)
def status():
    form = status_form()
    back = safe_next(form.next.data, url_for("recommendations.index"))
    if not form.validate_on_submit():
        return pages.list_page(pages.list_args(back), back, sent=form)
    ids, selected_by = _selected(form, back)
    if refusal := _bounded(form, ids):
        return _refused(form, back, refusal)
    later = bulk.dated_after(db.session, ids, form.changed_on.data)
    if later:
        form.changed_on.errors = [
            _(
                "These recommendations have a status dated after %(date)s; date the new one on that day "
                "or later: %(paragraphs)s.",
                date=format_date(form.changed_on.data),
                paragraphs=", ".join(later[:20]) + ("…" if len(later) > 20 else ""),
            )
        ]
        return pages.list_page(pages.list_args(back), back, sent=form)
    label = Status.label_of(form.status.data)
    if not _ready(form, ids):
        return _confirm(
            form,
            ids,
            ngettext(
                "Set the status of %(num)d recommendation to %(status)s?",
                "Set the status of %(num)d recommendations to %(status)s?",
                len(ids),
                status=label,
            ),
            [
                _("Date of the status: %(date)s.", date=format_date(form.changed_on.data)),
                _("Justification, the same for all: %(note)s", note=form.note.data.strip()),
                _("Each recommendation's history keeps its earlier statuses."),
            ],
            _("Yes, update them"),
        )
    count = bulk.change_status(
        db.session,
        ids,
        form.status.data,
        form.changed_on.data,
        form.note.data.strip(),
        current_user,
        batch=bulk.new_batch(),
        selected_by=selected_by,
    )
    db.session.commit()
    flash(
        ngettext(
            "Status of %(num)d recommendation set to %(status)s.",
            "Status of %(num)d recommendations set to %(status)s.",
            count,
            status=label,
        ),
        "success",
    )
    return redirect(back)


@bp.post("/recommendations/bulk/link")
@allow(*MANAGERS)
def link():
    form = link_form(db.session)
    back = safe_next(form.next.data, url_for("recommendations.index"))
    if not form.validate_on_submit():
        return pages.list_page(pages.list_args(back), back, sent=form)
    record = choices.link_target(db.session, form.record.data)
    if record is None:
        form.record.errors = [_("Choose a pledge, technical assistance or evidence.")]
        return pages.list_page(pages.list_args(back), back, sent=form)
    ids, selected_by = _selected(form, back)
    if refusal := _bounded(form, ids):
        return _refused(form, back, refusal)
    foreign = bulk.of_another_state(db.session, ids, record.state_id)
    if foreign:
        form.record.errors = [
            _(
                "These are not recommendations to %(state)s, the State of the record: %(paragraphs)s.",
                state=state_name(record.state),
                paragraphs=", ".join(foreign[:20]) + ("…" if len(foreign) > 20 else ""),
            )
        ]
        return pages.list_page(pages.list_args(back), back, sent=form)
    if not _ready(form, ids):
        title = next((c.label for c in form.record.choices if c.value == form.record.data), "")
        return _confirm(
            form,
            ids,
            ngettext(
                "Link %(num)d recommendation to %(record)s?",
                "Link %(num)d recommendations to %(record)s?",
                len(ids),
                record=title,
            ),
            [_("Links that exist already stay as they are.")],
            _("Yes, link them"),
        )
    added = bulk.link(
        db.session, record, ids, current_user, batch=bulk.new_batch(), selected_by=selected_by
    )
    db.session.commit()
    flash_linked([None] * added)
    return redirect(back)
