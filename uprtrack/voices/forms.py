"""Forms of the NHRI and civil society: a comment and an assessment of implementation."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from uprtrack.core.vocabulary import Rating
from uprtrack.web.choices import SelectField, select_choices

LINK_SCHEMES = ("http", "https")


def source_lines(text: str) -> list[str]:
    """Split the sources into one link or reference per line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def is_link(line: str) -> bool:
    """Tell whether a source line is one web address, safe to show as a link."""
    parts = urlsplit(line)
    return (
        parts.scheme in LINK_SCHEMES and bool(parts.netloc) and not any(c.isspace() for c in line)
    )


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Comment"), validators=[DataRequired(message=_l("Write the comment.")), Length(max=5000)]
    )
    submit = SubmitField(_l("Post comment"))


class AssessmentForm(FlaskForm):
    rating = SelectField(
        _l("Your rating of implementation"),
        choices=select_choices(Rating.choices(), _l("Choose a rating")),
        validators=[InputRequired(message=_l("Choose a rating."))],
    )
    text = TextAreaField(
        _l("Your assessment"),
        validators=[
            DataRequired(message=_l("Say what your organisation found.")),
            Length(max=10000),
        ],
    )
    sources = TextAreaField(_l("Sources"), validators=[Length(max=5000)])
    groups_affected = StringField(_l("Groups affected"), validators=[Length(max=255)])
    assessed_on = DateField(
        _l("Date of the assessment"),
        default=date.today,
        validators=[InputRequired(message=_l("Give the date as YYYY-MM-DD."))],
    )
    submit = SubmitField(_l("Save assessment"))

    def validate_rating(self, field) -> None:
        if field.data not in Rating.codes():
            raise ValidationError(_l("Choose a rating."))

    def validate_sources(self, field) -> None:
        for line in source_lines(field.data):
            address = line.split()[0]
            if "://" in address and not is_link(address):
                raise ValidationError(
                    _l("Links must start with http:// or https://: %(line)s", line=line[:80])
                )

    def validate_assessed_on(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("The date cannot be in the future."))
