"""Forms of validation: the queue's ticked entries, and a reason (to return an entry, or to withdraw one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class QueueForm(FlaskForm):
    """The queue's ticked entries; a row's own button sends `one` instead, for that entry alone."""

    entries = SelectMultipleField(_l("Ticked entries"), validate_choice=False)
    one = StringField()  # sent by a row's button, never drawn as a field
    reason = TextAreaField(
        _l("Reason for returning the ticked entries"), validators=[Length(max=5000)]
    )
    next = HiddenField()

    def chosen(self) -> list[str]:
        return [self.one.data] if self.one.data else list(self.entries.data or [])


class ReturnForm(FlaskForm):
    reason = TextAreaField(
        _l("Why it goes back to its author"),
        validators=[
            DataRequired(message=_l("Say why, so that the author can correct it.")),
            Length(max=5000),
        ],
    )
    submit = SubmitField(_l("Return to its author"))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Why it is withdrawn"),
        validators=[
            DataRequired(message=_l("Say what was wrong: the history keeps the reason.")),
            Length(max=5000),
        ],
    )
    submit = SubmitField(_l("Withdraw this entry"))
