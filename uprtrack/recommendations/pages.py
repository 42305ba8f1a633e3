"""How the recommendations screens are drawn: the list with its bulk forms, a recommendation's page, the page to
update its status, and the rows of a refused save."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from flask import render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from uprtrack.core.visibility import (
    is_visible,
    published_only,
    sees_unpublished,
    visible,
    visible_sources,
)
from uprtrack.core.vocabulary import Position, Status
from uprtrack.extensions import db
from uprtrack.imports.kinds import ImportKind
from uprtrack.models import (
    Assignment,
    ImplementationAction,
    Recommendation,
    Review,
    StatusChange,
    User,
)
from uprtrack.recommendations import choices
from uprtrack.recommendations.filters import Filters, list_query
from uprtrack.recommendations.forms import (
    EDUCATION_CHOICES,
    OVERRIDE_KEYS,
    ActionForm,
    AssignmentForm,
    BulkAssignForm,
    BulkLinkForm,
    EditForm,
    FilterForm,
    StatusForm,
)
from uprtrack.web.languages import reading_language
from uprtrack.web.permissions import can_update, manages

LIST_LOADS = (
    selectinload(Recommendation.review).selectinload(Review.state),
    selectinload(Recommendation.review).selectinload(Review.mechanism),
    selectinload(Recommendation.assignments).selectinload(Assignment.organisation),
    selectinload(Recommendation.recommending_states),
)
PAGE_LOADS = (
    *LIST_LOADS,
    selectinload(Recommendation.themes),
    selectinload(Recommendation.groups),
    selectinload(Recommendation.sdgs),
    selectinload(Recommendation.issues),
    selectinload(Recommendation.status_changes)
    .selectinload(StatusChange.author)
    .selectinload(User.organisation),
    selectinload(Recommendation.actions).selectinload(ImplementationAction.organisation),
    selectinload(Recommendation.position_changes),
    selectinload(Recommendation.previous)
    .selectinload(Recommendation.review)
    .selectinload(Review.state),
)


def list_page(
    args,
    back: str | None = None,
    assign_form: BulkAssignForm | None = None,
    link_form: BulkLinkForm | None = None,
):
    """Render the list the filters in `args` give, with the bulk forms for the national mechanism."""
    filters = Filters.from_args(args)
    query = list_query(filters, published_only=published_only(current_user)).options(*LIST_LOADS)
    page = db.paginate(query, page=filters.page, per_page=filters.per_page, error_out=False)
    form = FilterForm.showing(filters)
    for name, values in choices.filter_choices(db.session).items():
        form[name].choices = [("", _("Any")), *values]
    form.mechanism.choices = choices.mechanism_choices(db.session)
    bulk = None
    if manages(current_user):
        sent = assign_form or link_form
        bulk = {
            "assign": assign_form
            or BulkAssignForm(
                prefix="bulk",
                formdata=None,
                organisations=choices.responsible_organisations(db.session),
            ),
            "link": link_form
            or BulkLinkForm(
                prefix="bulk",
                formdata=None,
                records=choices.link_targets(db.session, filters.state),
            ),
            "ticked": set(sent.recs.data or []) if sent else set(),
            "sent": sent,
            "back": back or request.full_path,
        }
    return render_template(
        "recommendations/index.html",
        page=page,
        groups=theme_groups(page.items, by_heading=filters.sort == "matrix"),
        filters=filters,
        form=form,
        bulk=bulk,
        sees_unpublished=sees_unpublished(current_user),
    )


@dataclass
class ThemeGroup:
    """Consecutive recommendations under one theme heading of their matrix (None: the list shows no heading)."""

    heading: str | None
    recs: list[Recommendation] = field(default_factory=list)


def theme_groups(recs: list[Recommendation], by_heading: bool) -> list[ThemeGroup]:
    """Cut the page where the matrix's theme heading (or the review) changes, so that its order makes sense.

    In any other order than the matrix's, a heading would only repeat, and a file without headings has none to
    show: the page is then one group without a heading.
    """
    if not by_heading or not any(rec.theme_heading for rec in recs):
        return [ThemeGroup(None, list(recs))] if recs else []
    groups: list[ThemeGroup] = []
    last = None
    for rec in recs:
        key = (rec.review_id, rec.theme_heading or "")
        if key != last:
            groups.append(ThemeGroup(rec.theme_heading or ""))
            last = key
        groups[-1].recs.append(rec)
    return groups


def list_args(target: str) -> MultiDict:
    """The filters of the list a bulk form was sent from, to show it again with the form's errors."""
    return MultiDict(parse_qsl(urlsplit(target).query))


def show_page(rec: Recommendation, assignment_form: AssignmentForm | None = None):
    """Render a recommendation with everything linked to it, and the forms the reader may use."""
    limited = published_only(current_user)
    later = db.session.scalars(
        select(Recommendation)
        .where(Recommendation.previous_id == rec.id, *visible(Recommendation, limited))
        .options(selectinload(Recommendation.review).selectinload(Review.state))
        .order_by(Recommendation.id)
    ).all()
    previous = rec.previous
    if previous is not None and not is_visible(previous, limited):
        previous = None
    may_update = can_update(current_user, rec)
    if manages(current_user) and assignment_form is None:
        assignment_form = new_assignment_form(formdata=None)
    return render_template(
        "recommendations/show.html",
        rec=rec,
        previous=previous,
        later=later,
        history=newest_first(rec.status_changes),
        status_form=new_status_form(rec) if may_update else None,
        action_form=ActionForm(prefix="action", formdata=None) if may_update else None,
        assignment_form=assignment_form,
        sources=visible_sources(rec.sources, limited),
        limited=limited,
        source_kinds=ImportKind.labels(),
        reading=reading_text(rec),
    )


def newest_first(changes: list[StatusChange]) -> list[StatusChange]:
    """The status history as a reader wants it: the latest change on top, by date then by order of entry."""
    return sorted(changes, key=lambda c: (c.changed_on, c.id), reverse=True)


def reading_text(rec: Recommendation):
    """The record's text in the reader's language when one is stored (`RecommendationText`), else None."""
    by_language = {t.language: t for t in rec.texts if t.text != rec.text}  # not the original again
    return by_language.get(reading_language(by_language) or "")


def new_status_form(rec: Recommendation, bound: bool = False) -> StatusForm:
    """Return the status form bound to what was sent, or fresh with the current status and version."""
    if bound:
        return StatusForm(prefix="status", current_date=rec.status_date)
    return StatusForm(
        prefix="status",
        current_date=rec.status_date,
        formdata=None,
        data={"status": rec.status, "version": rec.version},
    )


def new_assignment_form(**kwargs) -> AssignmentForm:
    return AssignmentForm(
        prefix="assignment", organisations=choices.responsible_organisations(db.session), **kwargs
    )


def update_page(rec: Recommendation, status_form=None, action_form=None, conflict_rows=None):
    """The status and action forms on a page of their own: for errors, a refused save, or a direct link."""
    return render_template(
        "recommendations/update.html",
        rec=rec,
        conflict_rows=conflict_rows,
        history=newest_first(rec.status_changes),
        status_form=status_form or new_status_form(rec),
        action_form=action_form or ActionForm(prefix="action", formdata=None),
    )


def status_conflict_rows(form: StatusForm, rec: Recommendation) -> list[tuple[str, str, str]]:
    """The status saved meanwhile beside the one the person tried to save."""
    latest = rec.status_changes[-1] if rec.status_changes else None
    return [
        (
            form.status.label.text,
            Status.label_of(rec.status),
            Status.labels().get(form.status.data, "—"),
        ),
        (
            form.changed_on.label.text,
            format_date(rec.status_date) if rec.status_date else "—",
            format_date(form.changed_on.data) if form.changed_on.data else "—",
        ),
        (form.note.label.text, latest.note if latest else "—", form.note.data or "—"),
    ]


def edit_conflict_rows(form: EditForm, rec: Recommendation) -> list[tuple[str, str, str]]:
    """The recommendation saved meanwhile beside what the person tried to save."""
    return [
        (form.text.label.text, rec.text, form.text.data),
        (
            form.position.label.text,
            Position.label_of(rec.position),
            Position.labels().get(form.position.data, "—"),
        ),
        (
            form.education.label.text,
            EDUCATION_CHOICES[OVERRIDE_KEYS[rec.education_override]],
            EDUCATION_CHOICES.get(form.education.data, "—"),
        ),
        (
            form.previous.label.text,
            chosen_label(form, rec.previous_id),
            chosen_label(form, form.previous.data),
        ),
    ]


def chosen_label(form: EditForm, value) -> str:
    """The label the counterpart select shows for a value, or a dash for none."""
    return next((c.label for c in form.previous.choices if value and c.value == value), "—")
