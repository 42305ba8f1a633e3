"""Forms of the recommendations screens: the list's filter, status, actions, assignment, editing, bulk changes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    HiddenField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from uprtrack.core.vocabulary import Position, Status
from uprtrack.recommendations.filters import PAGE_SIZES, Filters
from uprtrack.web.choices import SelectField, select_choices

SORT_LABELS = {
    "matrix": _l("Order of the matrix"),
    "relevance": _l("Best match first (when searching)"),
    "paragraph": _l("Paragraph"),
    "status": _l("Status"),
    "position": _l("Position"),
    "changed": _l("Latest status change first"),
}
EDUCATION_CHOICES = {
    "auto": _l("As the themes and SDGs say"),
    "yes": _l("Yes, on the right to education"),
    "no": _l("No, not on the right to education"),
}
OVERRIDES = {"auto": None, "yes": True, "no": False}
OVERRIDE_KEYS = {value: key for key, value in OVERRIDES.items()}


def not_in_future(_form, field) -> None:
    if field.data and field.data > date.today():
        raise ValidationError(_l("The date cannot be in the future."))


def optional_int(value):
    """Coerce a select's value: "" means no choice; anything that is not a number is refused by the choices."""
    return int(value) if str(value or "").isdigit() else None


class FilterForm(Form):
    """The list's filter as the reader sees it, filled from the filters in effect (no CSRF: it changes nothing)."""

    q = StringField(_l("Search in text, paragraph and recommending States"))
    state = SelectField(_l("State under review"))
    mechanism = SelectField(_l("Mechanism"))
    cycle = SelectField(_l("Cycle"))
    session = SelectField(_l("Session"))
    position = SelectField(_l("Position"), choices=select_choices(Position.choices(), _l("Any")))
    status = SelectField(_l("Status"), choices=select_choices(Status.choices(), _l("Any")))
    theme = SelectField(_l("Theme"))
    sdg = SelectField(_l("SDG 4 target"))
    group = SelectField(_l("Group of persons"))
    institution = SelectField(_l("Responsible institution"))
    recommending = SelectField(_l("Recommending State"))
    education = SelectField(
        _l("Recommendations shown"),
        choices=[
            SelectChoice("1", _l("On the right to education only")),
            SelectChoice("0", _l("All recommendations")),
        ],
    )
    overdue = BooleanField(_l("Overdue only"))
    sort = SelectField(_l("Sort by"), choices=select_choices(SORT_LABELS.items()))
    per_page = SelectField(
        _l("Per page"), choices=[SelectChoice(str(n), str(n)) for n in PAGE_SIZES]
    )

    @classmethod
    def showing(cls, filters: Filters) -> FilterForm:
        """Fill the form with the filters in effect, so that a value that was ignored is not shown as chosen."""
        data = {
            name: "" if value is None else str(value) for name, value in asdict(filters).items()
        }
        data.update(education="1" if filters.education else "0", overdue=filters.overdue)
        return cls(data=data)


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=select_choices(Status.choices()))
    changed_on = DateField(
        _l("Date of the status"),
        default=date.today,
        validators=[InputRequired(message=_l("Give the date as YYYY-MM-DD.")), not_in_future],
    )
    note = TextAreaField(
        _l("Justification"),
        validators=[
            DataRequired(
                message=_l(
                    "Say why the status is what it is: what was done, and where it is shown."
                )
            ),
            Length(max=10000),
        ],
    )
    # Shown once a change that goes backwards was refused without it: no JavaScript needed.
    backwards = BooleanField(_l("I confirm this change goes backwards"))
    version = HiddenField()
    submit = SubmitField(_l("Save status"))

    def __init__(
        self, *args, current_date: date | None = None, current_status: str | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.current_date = current_date
        self.current_status = current_status

    @property
    def asks_backwards(self) -> bool:
        return bool(self.backwards.errors or self.backwards.data)

    def validate_backwards(self, field) -> None:
        if Status.goes_backwards(self.current_status, self.status.data) and not field.data:
            raise ValidationError(
                _l(
                    "This change goes backwards, from \u201c%(before)s\u201d to \u201c%(after)s\u201d: "
                    "say why in the justification and tick the box to confirm it.",
                    before=Status.label_of(self.current_status),
                    after=Status.label_of(self.status.data),
                )
            )

    def validate_changed_on(self, field) -> None:
        if field.data and self.current_date and field.data < self.current_date:
            # The newest entry is the current status, so a later entry cannot be dated before it.
            raise ValidationError(
                _l(
                    "The current status dates from %(date)s; date the new one on that day or later.",
                    date=format_date(self.current_date),
                )
            )


class ActionForm(FlaskForm):
    taken_on = DateField(
        _l("Date of the action"),
        default=date.today,
        validators=[InputRequired(message=_l("Give the date as YYYY-MM-DD.")), not_in_future],
    )
    description = TextAreaField(
        _l("What was done"),
        validators=[
            DataRequired(
                message=_l("Describe the action: what was done, by whom, with what result.")
            ),
            Length(max=10000),
        ],
    )
    submit = SubmitField(_l("Record action"))


class AssignmentForm(FlaskForm):
    organisation = SelectField(
        _l("Responsible institution"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Choose an institution."))],
    )
    due_date = DateField(_l("Due date"), validators=[Optional()])
    submit = SubmitField(_l("Assign institution"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [SelectChoice("", _l("Choose an institution"))] + [
            SelectChoice(o.id, o.name) for o in organisations
        ]


class EditForm(FlaskForm):
    text = TextAreaField(
        _l("Text of the recommendation"),
        validators=[
            DataRequired(message=_l("The recommendation needs its text.")),
            Length(max=20000),
        ],
    )
    position = SelectField(
        _l("Position of the State under review"),
        choices=select_choices(Position.choices()),
    )
    education = SelectField(
        _l("On the right to education"), choices=select_choices(EDUCATION_CHOICES.items())
    )
    previous = SelectField(_l("The same recommendation in the previous cycle"), coerce=optional_int)
    version = HiddenField()
    submit = SubmitField(_l("Save recommendation"))

    def offer_previous(self, suggested: list, candidates: list) -> None:
        """Offer the previous cycle's recommendations, the most alike first; without a previous cycle, none."""

        def label(rec):
            text = rec.text if len(rec.text) <= 110 else rec.text[:109].rstrip() + "…"
            return f"{rec.paragraph or '#' + str(rec.id)} · {text}"

        blank = [SelectChoice("", _l("None"))]
        if not candidates:
            self.previous.choices = blank
            return
        alike, every = str(_l("The most alike")), str(_l("All, in the order of the report"))
        self.previous.choices = (
            blank
            + [SelectChoice(r.id, label(r), optgroup=alike) for r in suggested]
            + [SelectChoice(r.id, label(r), optgroup=every) for r in candidates]
        )
