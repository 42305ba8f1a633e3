"""Forms of the administration: users, organisations, the audit log's filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from uprtrack.accounts.administration import ROLES_WITH_ORGANISATION
from uprtrack.accounts.forms import new_password_field
from uprtrack.accounts.users import is_email
from uprtrack.core.vocabulary import OrganisationKind, Role
from uprtrack.web.choices import SelectField, select_choices

NO_ORGANISATION = 0


def email_address(_form, field) -> None:
    if not is_email(field.data or ""):
        raise ValidationError(_l("Give an e-mail address, such as name@example.org."))


class _UserOrganisation(FlaskForm):
    """Role and organisation, shared by the forms that create and edit a user."""

    role = SelectField(_l("Role"), choices=select_choices(Role.choices()))
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])
    new_organisation = StringField(_l("Or a new organisation"), validators=[Length(max=255)])

    def set_organisations(self, organisations) -> None:
        self.organisation.choices = [
            SelectChoice(NO_ORGANISATION, _l("None")),
            *(SelectChoice(o.id, o.name) for o in organisations),
        ]

    def validate_new_organisation(self, field) -> None:
        if field.data and field.data.strip() and self.organisation.data:
            raise ValidationError(_l("Choose an organisation or type a new one, not both."))

    def validate_organisation(self, field) -> None:
        typed = (self.new_organisation.data or "").strip()
        if self.role.data in ROLES_WITH_ORGANISATION and not field.data and not typed:
            raise ValidationError(
                _l(
                    "A focal point, NHRI or civil society user acts for an organisation: "
                    "choose one or type a new one."
                )
            )


class NewUserForm(_UserOrganisation):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Length(max=254),
            email_address,
        ],
        render_kw={"autocomplete": "off"},
    )
    password = new_password_field(_l("Initial password"))
    submit = SubmitField(_l("Create user"))


class EditUserForm(_UserOrganisation):
    submit = SubmitField(_l("Save role and organisation"))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=255)])
    acronym = StringField(_l("Acronym"), validators=[Length(max=40)])
    kind = SelectField(_l("Kind"), choices=select_choices(OrganisationKind.choices()))
    state = SelectField(_l("State"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Save organisation"))

    def set_states(self, states) -> None:
        self.state.choices = [
            SelectChoice(0, _l("None")),
            *(SelectChoice(s.id, s.name) for s in states),
        ]
