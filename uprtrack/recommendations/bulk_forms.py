"""The forms of the list's bulk panel: which recommendations (the ticked ones, or every one of the filter), then
assign them, give them one status, or link them to a pledge, assistance or evidence."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from uprtrack.core.vocabulary import Status
from uprtrack.recommendations import choices
from uprtrack.recommendations.forms import not_in_future, optional_int
from uprtrack.web.choices import SelectField, select_choices

TICKED, WHOLE_FILTER = "ticked", "filter"
PREFIX = "bulk"


class BulkForm(FlaskForm):
    """What the bulk actions share: which recommendations, the count the page showed, the list to go back to."""

    scope = RadioField(
        _l("Which recommendations"),
        choices=[
            SelectChoice(TICKED, _l("The recommendations ticked on this page")),
            SelectChoice(WHOLE_FILTER, _l("Every recommendation of this filter, on every page")),
        ],
        default=TICKED,
    )
    recs = SelectMultipleField(_l("Ticked recommendations"), coerce=int, validate_choice=False)
    # The count the page showed for the whole filter: the confirmation says so when it changed meanwhile.
    expected = HiddenField()
    next = HiddenField()

    @property
    def whole_filter(self) -> bool:
        return self.scope.data == WHOLE_FILTER

    def validate_recs(self, field) -> None:
        if not self.whole_filter and not field.data:
            raise ValidationError(
                _l("Tick at least one recommendation, or choose every one of this filter.")
            )


class BulkAssignForm(BulkForm):
    institution = SelectField(
        _l("Assign to"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Choose an institution."))],
    )
    due_date = DateField(_l("Due date"), validators=[Optional()])
    assign = SubmitField(_l("Assign"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.institution.choices = [SelectChoice("", _l("Choose an institution"))] + [
            SelectChoice(o.id, o.name) for o in organisations
        ]


class BulkStatusForm(BulkForm):
    status = SelectField(
        _l("New status"), choices=select_choices(Status.choices(), _l("Choose a status"))
    )
    changed_on = DateField(
        _l("Date of the status"),
        default=date.today,
        validators=[InputRequired(message=_l("Give the date as YYYY-MM-DD.")), not_in_future],
    )
    note = TextAreaField(
        _l("Justification, the same for all"),
        validators=[
            DataRequired(
                message=_l(
                    "Say why the status is what it is: what was done, and where it is shown."
                )
            ),
            Length(max=10000),
        ],
    )
    update = SubmitField(_l("Update status"))

    def validate_status(self, field) -> None:
        if field.data not in Status.codes():
            raise ValidationError(_l("Choose a status."))


class BulkLinkForm(BulkForm):
    record = SelectField(
        _l("Link to"),
        validators=[
            InputRequired(message=_l("Choose a pledge, technical assistance or evidence."))
        ],
    )
    link = SubmitField(_l("Link"))

    def __init__(self, *args, records=(), **kwargs):
        """Offer the records as (value, label) pairs; the value names the kind and the id ("pledge-12")."""
        super().__init__(*args, **kwargs)
        self.record.choices = [SelectChoice("", _l("Choose a record"))] + [
            SelectChoice(value, label) for value, label in records
        ]


def assign_form(session: Session, **kwargs) -> BulkAssignForm:
    return BulkAssignForm(
        prefix=PREFIX, organisations=choices.responsible_organisations(session), **kwargs
    )


def status_form(**kwargs) -> BulkStatusForm:
    return BulkStatusForm(prefix=PREFIX, **kwargs)


def link_form(session: Session, state: str | None = None, **kwargs) -> BulkLinkForm:
    return BulkLinkForm(prefix=PREFIX, records=choices.link_targets(session, state), **kwargs)


def panel(session: Session, state: str | None, sent: BulkForm | None, back: str) -> dict:
    """The panel's three forms, fresh but for the one that was sent back with its errors."""
    forms = {
        "assign": assign_form(session, formdata=None),
        "status": status_form(formdata=None),
        "link": link_form(session, state, formdata=None),
    }
    if sent is not None:
        name = next(k for k, v in forms.items() if type(v) is type(sent))
        forms[name] = sent
    return {
        **forms,
        "sent": sent,
        "ticked": set(sent.recs.data or []) if sent else set(),
        "whole_filter": bool(sent and sent.whole_filter),
        "back": back,
    }
