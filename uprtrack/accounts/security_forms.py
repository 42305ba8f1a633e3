"""Forms of a forgotten password, two-factor sign-in and the administrator's security settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from uprtrack.accounts.forms import new_password_field


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(FlaskForm):
    new = new_password_field(_l("New password"))
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Set the password"))


def _code_field(label, **render_kw) -> StringField:
    return StringField(
        label,
        validators=[DataRequired(), Length(max=40)],
        render_kw={
            "autocomplete": "one-time-code",
            "spellcheck": "false",
            "autocapitalize": "off",
            **render_kw,
        },
    )


class SecondFactorForm(FlaskForm):
    code = _code_field(_l("Code"))
    submit = SubmitField(_l("Sign in"))


class TurnOnForm(FlaskForm):
    code = _code_field(_l("Code from the app"), inputmode="numeric")
    submit = SubmitField(_l("Turn on two-factor sign-in"))


class TurnOffForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Turn off two-factor sign-in"))


class RecoveryCodesForm(FlaskForm):
    submit = SubmitField(_l("Make new recovery codes"))


class SecuritySettingsForm(FlaskForm):
    two_factor_required = BooleanField(
        _l("Administrators, coordinators and focal points must use two-factor sign-in")
    )
    submit = SubmitField(_l("Save"))
