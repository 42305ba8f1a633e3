"""The form of one section's narrative."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from uprtrack.narratives import MAX_LENGTH


class NarrativeForm(FlaskForm):
    text = TextAreaField(
        _l("Narrative"),
        validators=[
            Length(
                max=MAX_LENGTH,
                message=_l(
                    "The text is too long: a section holds at most %(max)d characters. Nothing was saved.",
                    max=MAX_LENGTH,
                ),
            )
        ],
    )
    submit = SubmitField(_l("Save"))
