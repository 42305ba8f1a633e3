"""The notification settings form (one choice of delivery per kind that concerns the user, and a language) and
the one-button form of the unsubscribe page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from uprtrack.core.vocabulary import Delivery, NoticeKind
from uprtrack.web.choices import select_choices
from uprtrack.web.languages import LANGUAGES


class SettingsFormBase(FlaskForm):
    language = RadioField(
        _l("Language of notifications and e-mail"),
        choices=select_choices(LANGUAGES.items()),
        validators=[InputRequired()],
    )
    submit = SubmitField(_l("Save settings"))


def settings_form(kinds: list[NoticeKind], current: dict[NoticeKind, str], language: str, **kwargs):
    """A form with one radio group per kind, named by the kind's code, showing the user's current choices."""

    class SettingsForm(SettingsFormBase):
        pass

    for kind in kinds:
        setattr(
            SettingsForm,
            kind.value,
            RadioField(
                kind.label,
                choices=select_choices(Delivery.choices()),
                default=current[kind],
                validators=[InputRequired()],
            ),
        )
    form = SettingsForm(**kwargs)
    if not form.is_submitted():
        form.language.data = language
    form.kinds = [form[kind.value] for kind in kinds]
    return form


class UnsubscribeForm(FlaskForm):
    submit = SubmitField(_l("Stop the daily digests"))
