"""The forms of saved views: name the current filter, and delete a view."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


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
