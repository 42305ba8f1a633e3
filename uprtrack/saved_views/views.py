"""Saved views of the lists: save the current filter under a name, open one from the menu, delete one's own;
and their two forms."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from uprtrack.extensions import db
from uprtrack.models import SavedView
from uprtrack.saved_views import operations
from uprtrack.web.confirm import confirm_first
from uprtrack.web.permissions import SIGNED_IN, allow
from uprtrack.web.redirects import safe_next


class SaveViewForm(FlaskForm):
    name = StringField(
        _l("Name of this view"),
        validators=[DataRequired(message=_l("Give the view a name.")), Length(max=120)],
    )
    shared = BooleanField(_l("Share with my colleagues"))
    query = HiddenField()
    next = HiddenField()
    submit = SubmitField(_l("Save this view"))


class DeleteViewForm(FlaskForm):
    next = HiddenField()


bp = Blueprint("saved_views", __name__)
# The pages a view opens on: the list, and the work page (whose filters read the same query string).
PAGES = ("recommendations.index", "work.index")


@bp.app_context_processor
def saved_views_menu() -> dict:
    """Give the list and the work page the reader's views and the form that saves the current filter."""

    def saved_views():
        if not current_user.is_authenticated:
            return None
        endpoint = request.endpoint if request.endpoint in PAGES else PAGES[0]
        query = operations.kept_query(request.query_string.decode("utf-8", "replace"))
        return {
            "views": operations.visible_to(db.session, current_user),
            "form": SaveViewForm(formdata=None, data={"query": query, "next": request.full_path}),
            "delete_form": DeleteViewForm(formdata=None),
            "endpoint": endpoint,
            "shares": current_user.organisation_id is not None,
            "current": query,
            "back": request.full_path,
        }

    return {"saved_views": saved_views}


def _back(value: str | None) -> str:
    return safe_next(value, url_for("recommendations.index"))


@bp.post("/saved-views")
@allow(SIGNED_IN)
def save():
    form = SaveViewForm()
    back = _back(form.next.data)
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    view = operations.save(
        db.session, current_user, form.name.data, form.query.data or "", form.shared.data
    )
    db.session.commit()
    flash(
        _("View saved and shared with your colleagues: %(name)s.", name=view.name)
        if view.shared
        else _("View saved: %(name)s.", name=view.name),
        "success",
    )
    # Show the list the view selects, so that what was saved is what is seen.
    path = urlsplit(back).path
    return redirect(f"{path}?{view.query}" if view.query else path)


def _delete_question(view_id: int) -> str:
    view = db.session.get(SavedView, view_id)
    return _("Delete the saved view “%(name)s”?", name=view.name if view else "")


@bp.post("/saved-views/<int:view_id>/delete")
@allow(SIGNED_IN)
@confirm_first(_delete_question, button=lambda view_id: _("Yes, delete it"))
def delete(view_id: int):
    view = db.get_or_404(SavedView, view_id)
    if view.user_id != current_user.id:
        abort(404 if not operations.may_open(view, current_user) else 403)
    form = DeleteViewForm()
    back = _back(form.next.data)
    if form.validate_on_submit():
        name = view.name
        operations.delete(db.session, view, current_user)
        db.session.commit()
        flash(_("Saved view deleted: %(name)s.", name=name), "success")
    return redirect(back)
