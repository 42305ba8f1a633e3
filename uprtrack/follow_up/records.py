"""The three kinds of follow-up record and how their forms are saved: create, edit, attach to a recommendation.

The routes are declared in uprtrack/views/follow_up.py, each with its audience; these functions do the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from uprtrack.core import audit
from uprtrack.core.locking import EditConflict
from uprtrack.core.visibility import sees_unpublished
from uprtrack.extensions import db
from uprtrack.follow_up import access, lists
from uprtrack.follow_up import evidence_files as uploads
from uprtrack.follow_up import operations as follow_up
from uprtrack.follow_up.forms import (
    AssistanceFilter,
    AssistanceForm,
    EvidenceFilter,
    EvidenceForm,
    LinkForm,
    PledgeFilter,
    PledgeForm,
)
from uprtrack.models import Evidence, Pledge, Recommendation, TechnicalAssistance


@dataclass(frozen=True)
class Kind:
    """What the screens of one kind of record need: its model, forms, endpoints and words."""

    model: type
    name: str  # the object type of the audit log, and the prefix of endpoints, templates and form fields
    arg: str
    list_endpoint: str
    form: type
    filter: type
    title: str
    new_title: str
    edit_title: str
    identity: str  # the field an import matches records on, where a duplicate is reported
    duplicate: str
    created: str
    saved: str


KINDS = {
    Pledge: Kind(
        Pledge,
        "pledge",
        "pledge_id",
        "follow_up.pledges",
        PledgeForm,
        PledgeFilter,
        _l("Voluntary pledges and commitments"),
        _l("New pledge"),
        _l("Edit pledge"),
        "text",
        _l("This State already has this pledge."),
        _l("The pledge is saved."),
        _l("Your changes to the pledge are saved."),
    ),
    TechnicalAssistance: Kind(
        TechnicalAssistance,
        "assistance",
        "assistance_id",
        "follow_up.assistance",
        AssistanceForm,
        AssistanceFilter,
        _l("Technical assistance"),
        _l("New technical assistance"),
        _l("Edit technical assistance"),
        "title",
        _l("This State already has technical assistance with this title and direction."),
        _l("The technical assistance is saved."),
        _l("Your changes to the technical assistance are saved."),
    ),
    Evidence: Kind(
        Evidence,
        "evidence",
        "evidence_id",
        "follow_up.evidence",
        EvidenceForm,
        EvidenceFilter,
        _l("Implementation evidence"),
        _l("New evidence"),
        _l("Edit evidence"),
        "title",
        _l("This State already has evidence with this title."),
        _l("The evidence is saved."),
        _l("Your changes to the evidence are saved."),
    ),
}


def show_url(record, **kwargs) -> str:
    kind = KINDS[type(record)]
    return url_for(f"follow_up.show_{kind.name}", **{kind.arg: record.id}, **kwargs)


def recommendation_url(rec: Recommendation, **kwargs) -> str:
    """Link to the recommendation's page, or to its review while that page is not there."""
    if "recommendations.show" in current_app.view_functions:
        return url_for("recommendations.show", rec_id=rec.id, **kwargs)
    return url_for("public.review", review_id=rec.review_id)


def link_form_for(record, formdata=None) -> LinkForm | None:
    """The form to link recommendations, for those who may edit the record."""
    if not access.may_edit(db.session, current_user, record):
        return None
    candidates = access.link_candidates(db.session, current_user, record, record.cycle)
    return LinkForm(
        formdata=formdata, prefix="link", candidates=candidates, data={"cycle": record.cycle}
    )


def links_context(record, link_form: LinkForm | None = None) -> dict:
    """What follow_up/_links.html needs: the linked recommendations the person sees, the link form, the unlink rule."""
    return {
        "recs": lists.visible_recommendations(db.session, record, sees_unpublished(current_user)),
        "link_form": link_form or link_form_for(record),
        "may_unlink": lambda rec: access.may_link(db.session, current_user, record, rec),
    }


def default_state(form) -> int | str:
    """Offer the only State there is to choose, or the only State reviewed here."""
    if len(form.state_id.choices) == 2:
        return form.state_id.choices[1].value
    reviewed = lists.reviewed_state_ids(db.session)
    return reviewed[0] if len(reviewed) == 1 else ""


def upload_of(form) -> tuple | None:
    """The checked file of an evidence form, if one was sent."""
    checked = getattr(form, "checked_file", None)
    return (form.file.data, checked) if checked else None


def _audit_created(kind: Kind, record, file_columns: dict | None) -> None:
    # The organisation is kept with the creation: the records have no creator column, and a focal point may
    # edit what its organisation created (see uprtrack/follow_up_access.py).
    audit.record(
        db.session,
        "create",
        kind.name,
        record.id,
        user=current_user,
        organisation_id=current_user.organisation_id,
        state=record.state_id,
        published=record.published,
    )
    if file_columns:
        _audit_file(kind, record, file_columns)


def _audit_file(kind: Kind, record, file_columns: dict, replaced: str | None = None) -> None:
    audit.record(
        db.session,
        "attach-file",
        kind.name,
        record.id,
        user=current_user,
        name=file_columns["file_name"],
        type=file_columns["file_type"],
        size=file_columns["file_size"],
        key=file_columns["file_key"],
        replaced=replaced,
    )


def create(model: type):
    """Show and save the form of a new record; a focal point's record is for its State and waits to be published."""
    kind = KINDS[model]
    manages = access.manages(current_user)
    state_ids = None if manages else access.user_state_ids(db.session, current_user)
    if state_ids == []:
        flash(
            _(
                "No recommendation is assigned to your institution yet, so it has no State to record this for. "
                "Ask the national mechanism."
            ),
            "error",
        )
        return redirect(url_for(kind.list_endpoint))
    form = kind.form(state_ids=state_ids, publishes=manages)
    if request.method == "GET":
        form.state_id.data = default_state(form)
    if form.validate_on_submit():
        values = {"published": False, **form.values()}
        try:
            with uploads.kept(current_app.config["UPLOAD_FOLDER"], upload_of(form)) as file_columns:
                record = follow_up.create_record(
                    db.session, model, {**values, **(file_columns or {})}
                )
                _audit_created(kind, record, file_columns)
                db.session.commit()
        except follow_up.DuplicateRecord:
            db.session.rollback()
            form[kind.identity].errors.append(kind.duplicate)
        else:
            flash(str(kind.created), "success")
            return redirect(show_url(record))
    return render_template("follow_up/form.html", kind=kind, form=form, record=None)


def edit(model: type, record):
    """Show and save the edit form; a save over someone else's newer one is refused with both versions (409)."""
    kind = KINDS[model]
    manages = access.manages(current_user)
    state_ids = None if manages else access.user_state_ids(db.session, current_user)
    form = kind.form(obj=record, state_ids=state_ids, publishes=manages)
    if form.validate_on_submit():
        record_id, values, replaced = record.id, form.values(), None
        try:
            with uploads.kept(current_app.config["UPLOAD_FOLDER"], upload_of(form)) as file_columns:
                changes = follow_up.update_record(db.session, record, values, form.version.data)
                replaced = (
                    follow_up.replace_file(db.session, record, file_columns)
                    if file_columns
                    else None
                )
                _audit_changes(kind, record, changes)
                if file_columns:
                    _audit_file(kind, record, file_columns, replaced)
                db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            record = db.session.get(model, record_id)
            rows = conflict_rows(form, record)
            form.version.data = record.version  # saving again now overwrites, knowingly
            return render_template(
                "follow_up/form.html",
                kind=kind,
                form=form,
                record=record,
                conflict_rows=rows,
                **links_context(record),
            ), 409
        except follow_up.DuplicateRecord:
            db.session.rollback()
            record = db.session.get(model, record_id)
            form[kind.identity].errors.append(kind.duplicate)
        else:
            uploads.remove(current_app.config["UPLOAD_FOLDER"], replaced)
            flash(str(kind.saved), "success")
            return redirect(show_url(record))
    return render_template(
        "follow_up/form.html", kind=kind, form=form, record=record, **links_context(record)
    )


def _audit_changes(kind: Kind, record, changes: dict) -> None:
    """Audit the edit, and a change of publication as its own entry."""
    publication = changes.pop("published", None)
    changes.pop("text_key", None)
    if changes:
        audit.record(
            db.session, "edit", kind.name, record.id, user=current_user, fields=sorted(changes)
        )
    if publication is not None:
        audit.record(
            db.session,
            "publish" if publication[1] else "withdraw",
            kind.name,
            record.id,
            user=current_user,
        )


def conflict_rows(form, record) -> list[tuple[str, str, str]]:
    """Each field where the saved record and the person's version differ: label, saved now, yours."""
    rows = []
    for name, mine in form.values().items():
        if name in ("new_provider", "new_provider_kind"):
            continue
        saved = getattr(record, name)
        if saved != mine:
            rows.append((form[name].label.text, shown(form[name], saved), shown(form[name], mine)))
    return rows


def shown(field, value) -> str:
    """Write a value as the form shows it: a choice by its label, yes or no, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = getattr(field, "choices", None)
    if choices:
        return str({choice.value: choice.label for choice in choices}.get(value, value))
    return str(value)


def attach(model: type, rec: Recommendation):
    """Save evidence or assistance recorded on a recommendation's page, linked to it."""
    kind = KINDS[model]
    manages = access.manages(current_user)
    form = kind.form(prefix=kind.name, on_recommendation=True, publishes=manages)
    if form.validate_on_submit():
        values = {
            "published": False,
            **form.values(),
            "state_id": rec.review.state_id,
            "cycle": rec.review.cycle,
        }
        try:
            with uploads.kept(current_app.config["UPLOAD_FOLDER"], upload_of(form)) as file_columns:
                record = follow_up.create_record(
                    db.session, model, {**values, **(file_columns or {})}, recommendations=[rec]
                )
                _audit_created(kind, record, file_columns)
                audit.record(
                    db.session,
                    "link",
                    kind.name,
                    record.id,
                    user=current_user,
                    recommendation=rec.id,
                    paragraph=rec.paragraph,
                    cycle=rec.review.cycle,
                )
                db.session.commit()
        except follow_up.DuplicateRecord:
            db.session.rollback()
            form[kind.identity].errors.append(kind.duplicate)
        else:
            flash(
                str(kind.created)
                if record.published
                else _("Saved. It will be public once the national mechanism publishes it."),
                "success",
            )
            return redirect(recommendation_url(rec, _anchor="follow-up"))
    if model is Evidence:
        heading = _(
            "Attach evidence to recommendation %(paragraph)s", paragraph=rec.paragraph or rec.id
        )
    else:
        heading = _(
            "Record technical assistance for recommendation %(paragraph)s",
            paragraph=rec.paragraph or rec.id,
        )
    return render_template("follow_up/attach.html", kind=kind, form=form, rec=rec, heading=heading)
