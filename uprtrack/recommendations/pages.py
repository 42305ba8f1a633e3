"""How the recommendations screens are drawn: the list with its bulk forms, a recommendation's page, the page to
update its status, and the rows of a refused save."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from flask import render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from werkzeug.datastructures import MultiDict

from uprtrack.core.data_version import Memo
from uprtrack.core.paging import count_capped, read_page
from uprtrack.core.visibility import (
    is_visible,
    published_only,
    sees_unpublished,
    visible,
    visible_entries,
    visible_sources,
)
from uprtrack.core.vocabulary import EntryState, Position, Status
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
from uprtrack.recommendations import bulk_forms, choices
from uprtrack.recommendations.bulk import LIMIT as BULK_LIMIT
from uprtrack.recommendations.bulk_forms import BulkForm
from uprtrack.recommendations.filters import PAGE_SIZES, Filters, list_query
from uprtrack.recommendations.forms import (
    EDUCATION_CHOICES,
    OVERRIDE_KEYS,
    ActionForm,
    AssignmentForm,
    EditForm,
    StatusForm,
)
from uprtrack.web.languages import interface_language, reading_language
from uprtrack.web.permissions import can_update, manages

LIST_COUNTS = Memo(512)  # a few data versions x the filters readers ask for
FILTER_PANELS = Memo(128)  # a few data versions x the six languages x the filters; 20-60 kB each
# The list's rows: their review and State come with them from the joins the list is filtered by.
ROW_LOADS = (
    contains_eager(Recommendation.review).contains_eager(Review.state),
    contains_eager(Recommendation.review).joinedload(Review.mechanism),
    selectinload(Recommendation.assignments).selectinload(Assignment.organisation),
    selectinload(Recommendation.recommending_states),
)
# A recommendation's page: the records it names one each (its review, State, mechanism, previous cycle's
# recommendation) joined in its own query, the lists it holds one query each.
PAGE_LOADS = (
    joinedload(Recommendation.review).joinedload(Review.state),
    joinedload(Recommendation.review).joinedload(Review.mechanism),
    selectinload(Recommendation.assignments).selectinload(Assignment.organisation),
    selectinload(Recommendation.recommending_states),
    selectinload(Recommendation.themes),
    selectinload(Recommendation.groups),
    selectinload(Recommendation.sdgs),
    selectinload(Recommendation.issues),
    selectinload(Recommendation.status_changes)
    .selectinload(StatusChange.author)
    .selectinload(User.organisation),
    selectinload(Recommendation.status_changes).selectinload(StatusChange.decided_by),
    selectinload(Recommendation.actions).selectinload(ImplementationAction.organisation),
    selectinload(Recommendation.actions).selectinload(ImplementationAction.decided_by),
    selectinload(Recommendation.position_changes),
    joinedload(Recommendation.previous).joinedload(Recommendation.review).joinedload(Review.state),
)


def list_page(args, back: str | None = None, sent: BulkForm | None = None):
    """Render the list the filters in `args` give, with the bulk panel for the national mechanism."""
    filters = Filters.from_args(args)
    limited = published_only(current_user)
    page = read_page(
        db.session,
        list_query(filters, published_only=limited),
        page=filters.page,
        per_page=filters.per_page,
        key=filters.key,
        after=filters.after,
        before=filters.before,
        options=ROW_LOADS,
        cap=BULK_LIMIT,  # "select all N of this filter" needs N up to the bulk step's limit
        count=kept_count(filters, limited),
    )
    bulk = None
    if manages(current_user):
        bulk = bulk_forms.panel(db.session, filters.state, sent, back or request.full_path)
    return render_template(
        "recommendations/index.html",
        page=page,
        proposed=proposed_statuses([rec.id for rec in page.items])
        if sees_unpublished(current_user)
        else {},
        groups=theme_groups(page.items, by_heading=filters.sort == "matrix"),
        filters=filters,
        filter_panel=filter_panel(filters, opened=sent is not None),
        # A search that found nothing may be a State's name misspelt: offer the States it is like.
        similar_states=choices.similar_states(db.session, filters.q)
        if filters.q and not page.counted
        else [],
        bulk=bulk,
        bulk_limit=BULK_LIMIT,
        sees_unpublished=sees_unpublished(current_user),
    )


def kept_count(filters: Filters, limited: bool):
    """Count the list's matches once per version of the data: the count reads up to the cap's rows where the page
    reads 25, and readers of a global index ask for the same few lists (the default, a State's review) again and
    again. The page, its order and its size do not change the count; "overdue" changes with the day, and a
    search finds States by their names in the reader's language."""
    counted = replace(
        filters, sort="matrix", page=1, per_page=PAGE_SIZES[0], after=None, before=None
    )
    today = date.today() if filters.overdue else None
    language = interface_language() if filters.q else None
    key = (counted, limited, today, language)

    def count(session, query, cap: int) -> int:
        return LIST_COUNTS.at_version(
            session, (*key, cap), lambda: count_capped(session, query, cap)
        )

    return count


def filter_panel(filters: Filters, opened: bool) -> Markup:
    """The filter panel drawn for these filters, kept per version of the data, language and filters: its selects
    (the States twice, the themes, the institutions) are most of what drawing the list costs, and they change
    only with the data."""
    shown = replace(filters, page=1, after=None, before=None)
    key = (interface_language(), request.script_root, shown, opened)
    return FILTER_PANELS.at_version(
        db.session,
        key,
        lambda: Markup(
            render_template(
                "recommendations/_filter_panel.html",
                form=choices.filter_form(db.session, shown),
                filters=shown,
                opened=opened,
            )
        ),
    )


def proposed_statuses(ids: list[int]) -> dict[int, str]:
    """The newest proposed status of each of these recommendations that has one, for the list's mark."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(StatusChange.recommendation_id, StatusChange.status)
        .where(
            StatusChange.recommendation_id.in_(ids),
            StatusChange.entry_state == EntryState.PROPOSED,
        )
        .order_by(StatusChange.changed_on, StatusChange.id)
    )
    return dict(rows.tuples().all())  # the newest of each comes last and wins


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
    # The later cycles' ids first, by the index of previous_id: asked in one query with the visibility and the
    # order, SQLite (which keeps no statistics) would read every published recommendation in id order instead.
    later_ids = db.session.scalars(
        select(Recommendation.id).where(Recommendation.previous_id == rec.id)
    ).all()
    later = db.session.scalars(
        select(Recommendation)
        .where(Recommendation.id.in_(later_ids), *visible(Recommendation, limited))
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
        history=history_of(rec, limited),
        actions=newest_actions(rec, limited),
        proposed=None if limited else latest_proposed(rec),
        status_form=new_status_form(rec) if may_update else None,
        action_form=ActionForm(prefix="action", formdata=None) if may_update else None,
        assignment_form=assignment_form,
        sources=visible_sources(rec.sources, limited),
        limited=limited,
        source_kinds=ImportKind.labels(),
        reading=reading_text(rec),
    )


def history_of(rec: Recommendation, published_only: bool) -> list[StatusChange]:
    """The status changes the reader may see, as a reader wants them: the latest on top, by date then by order
    of entry."""
    changes = visible_entries(rec.status_changes, published_only)
    return sorted(changes, key=lambda c: (c.changed_on, c.id), reverse=True)


def newest_actions(rec: Recommendation, published_only: bool) -> list[ImplementationAction]:
    """The actions the reader may see, the latest on top."""
    actions = visible_entries(rec.actions, published_only)
    return sorted(actions, key=lambda a: (a.taken_on, a.id), reverse=True)


def latest_proposed(rec: Recommendation) -> StatusChange | None:
    """The newest status change awaiting validation, for the "proposed" mark beside the current status."""
    waiting = [c for c in rec.status_changes if c.entry_state == EntryState.PROPOSED]
    return max(waiting, key=lambda c: (c.changed_on, c.id)) if waiting else None


def reading_text(rec: Recommendation):
    """The record's text in the reader's language when one is stored (`RecommendationText`), else None."""
    by_language = {t.language: t for t in rec.texts if t.text != rec.text}  # not the original again
    return by_language.get(reading_language(by_language) or "")


def new_status_form(rec: Recommendation, bound: bool = False) -> StatusForm:
    """Return the status form bound to what was sent, or fresh with the current status and version."""
    if bound:
        return StatusForm(prefix="status", current_date=rec.status_date, current_status=rec.status)
    return StatusForm(
        prefix="status",
        current_date=rec.status_date,
        current_status=rec.status,
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
        history=history_of(rec, published_only=False),
        proposed=latest_proposed(rec),
        status_form=status_form or new_status_form(rec),
        action_form=action_form or ActionForm(prefix="action", formdata=None),
    )


def status_conflict_rows(form: StatusForm, rec: Recommendation) -> list[tuple[str, str, str]]:
    """The status saved meanwhile beside the one the person tried to save."""
    latest = rec.status_changes[-1] if rec.status_changes else None
    saved = Status.label_of(rec.status)
    if latest is not None and latest.entry_state == EntryState.PROPOSED:
        saved = _("%(status)s (proposed)", status=Status.label_of(latest.status))
    return [
        (
            form.status.label.text,
            saved,
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
