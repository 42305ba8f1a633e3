"""The pages with a record's form: create, edit, record on a recommendation's page, link to recommendations.

The routes are declared in uprtrack/follow_up/views.py, each with its audience; these functions do the rest.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from uprtrack.core.locking import EditConflict
from uprtrack.core.visibility import published_only
from uprtrack.core.vocabulary import EntryState
from uprtrack.extensions import db
from uprtrack.follow_up import access, evidence_files, lists
from uprtrack.follow_up import operations as follow_up
from uprtrack.follow_up.forms import LinkForm
from uprtrack.follow_up.kinds import FollowUpKind, kind_of
from uprtrack.models import Recommendation


def show_url(record, **kwargs) -> str:
    kind = kind_of(record)
    return url_for(f"follow_up.show_{kind.name}", **{kind.arg: record.id}, **kwargs)


def recommendation_url(rec: Recommendation, **kwargs) -> str:
    return url_for("recommendations.show", rec_id=rec.id, **kwargs)


def flash_linked(added: list) -> None:
    """Tell how many recommendations a link added, from a record's page or from the list."""
    flash(
        ngettext("%(num)d recommendation linked.", "%(num)d recommendations linked.", len(added))
        if added
        else _("These recommendations were already linked."),
        "success",
    )


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
    recs = lists.visible_recommendations(
        db.session, kind_of(record), record, published_only(current_user)
    )
    return {
        "recs": recs,
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


def create(kind: FollowUpKind):
    """Show and save the form of a new record; a focal point's record is for its State and waits to be published."""
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
            with evidence_files.kept(upload_of(form)) as file:
                record = follow_up.create_record(
                    db.session, kind, values, user=current_user, file=file
                )
                db.session.commit()
        except follow_up.DuplicateRecord:
            db.session.rollback()
            form[kind.label].errors.append(kind.duplicate)
        else:
            flash(str(kind.created), "success")
            return redirect(show_url(record))
    return render_template("follow_up/form.html", kind=kind, form=form, record=None)


def edit(kind: FollowUpKind, record):
    """Show and save the edit form; a save over someone else's newer one is refused with both versions (409)."""
    manages = access.manages(current_user)
    state_ids = None if manages else access.user_state_ids(db.session, current_user)
    form = kind.form(obj=record, state_ids=state_ids, publishes=manages)
    if form.validate_on_submit():
        record_id, replaced = record.id, None
        try:
            with evidence_files.kept(upload_of(form)) as file:
                follow_up.update_record(
                    db.session, record, form.values(), form.version.data, user=current_user
                )
                if file:
                    replaced = follow_up.replace_file(db.session, record, file, user=current_user)
                db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            record = db.session.get(kind.model, record_id)
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
            record = db.session.get(kind.model, record_id)
            form[kind.label].errors.append(kind.duplicate)
        else:
            evidence_files.remove(replaced)
            flash(str(kind.saved), "success")
            return redirect(show_url(record))
    return render_template(
        "follow_up/form.html", kind=kind, form=form, record=record, **links_context(record)
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


def saved_message(kind: FollowUpKind, record) -> str:
    """What a person is told of a record they recorded on a recommendation's page."""
    if getattr(record, "entry_state", None) == EntryState.PROPOSED:
        return _("Proposed: it is public once the national mechanism validates it.")
    if record.published:
        return str(kind.created)
    return _("Saved. It will be public once the national mechanism publishes it.")


def attach(kind: FollowUpKind, rec: Recommendation):
    """Save evidence or assistance recorded on a recommendation's page, linked to it."""
    form = kind.form(
        prefix=kind.name, on_recommendation=True, publishes=access.manages(current_user)
    )
    if form.validate_on_submit():
        values = {
            "published": False,
            **form.values(),
            "state_id": rec.review.state_id,
            "cycle": rec.review.cycle,
        }
        try:
            with evidence_files.kept(upload_of(form)) as file:
                record = follow_up.create_record(
                    db.session, kind, values, [rec], user=current_user, file=file
                )
                db.session.commit()
        except follow_up.DuplicateRecord:
            db.session.rollback()
            form[kind.label].errors.append(kind.duplicate)
        else:
            flash(saved_message(kind, record), "success")
            return redirect(recommendation_url(rec, _anchor="follow-up"))
    heading = str(kind.attach_heading) % {"paragraph": rec.paragraph or rec.id}
    return render_template("follow_up/attach.html", kind=kind, form=form, rec=rec, heading=heading)
