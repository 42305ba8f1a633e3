"""One's own two-factor sign-in: set it up with a QR code, see the recovery codes once, turn it off; and the
rule that sends staff without it to the set-up page when the administrator made it compulsory."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from uprtrack.accounts import policy, signin, two_factor
from uprtrack.accounts.security_forms import RecoveryCodesForm, TurnOffForm, TurnOnForm
from uprtrack.accounts.views import refusal_message
from uprtrack.extensions import db
from uprtrack.web.confirm import confirm_first
from uprtrack.web.permissions import SIGNED_IN, allow

bp = Blueprint("two_factor", __name__, url_prefix="/account/two-factor")
SETUP = "two_factor_setup"  # the session's key for the secret offered to the app, until a code confirms it
# What a user who must set up two-factor sign-in can still reach.
OPEN_WHILE_REQUIRED = {
    "static",
    "auth.sign_out",
    "auth.language",
    "auth.sign_in",
    "auth.second_factor",
}


@bp.before_app_request
def require_two_factor():
    if not current_user.is_authenticated or request.endpoint is None:
        return None
    if request.endpoint in OPEN_WHILE_REQUIRED or request.endpoint.startswith("two_factor."):
        return None
    if policy.must_set_up_two_factor(db.session, current_user):
        return redirect(url_for("two_factor.settings"))
    return None


def _setup_secret() -> str:
    """The secret offered to this user's app, the same until it is confirmed (kept in the session, not in the
    database: nothing changes until a code proves the app holds it). It names its user, so that the next person
    to sign in on a shared computer is never offered the same one."""
    offered = session.get(SETUP)
    if isinstance(offered, dict) and offered.get("user") == current_user.id:
        return offered["secret"]
    secret = two_factor.new_secret()
    session[SETUP] = {"user": current_user.id, "secret": secret}
    return secret


def _settings_page(turn_on: TurnOnForm | None = None, status: int = 200):
    user = current_user._get_current_object()
    if user.two_factor:
        return render_template(
            "auth/two_factor.html",
            off_form=TurnOffForm(),
            codes_form=RecoveryCodesForm(),
            codes_left=two_factor.recovery_codes_left(db.session, user),
        ), status
    secret = _setup_secret()
    return render_template(
        "auth/two_factor_setup.html",
        form=turn_on or TurnOnForm(),
        qr=two_factor.qr_code(secret, user.email),
        secret=two_factor.grouped(secret),
        required=policy.must_set_up_two_factor(db.session, user),
    ), status


@bp.get("")
@allow(SIGNED_IN)
def settings():
    return _settings_page()


@bp.post("/on")
@allow(SIGNED_IN)
def turn_on():
    user = current_user._get_current_object()
    form = TurnOnForm()
    if user.two_factor:
        return redirect(url_for("two_factor.settings"))
    if form.validate_on_submit():
        try:
            codes = two_factor.turn_on(db.session, user, _setup_secret(), form.code.data)
        except two_factor.TwoFactorError:
            form.code.errors.append(_("This code is wrong. Type the code the app shows now."))
        else:
            db.session.commit()
            session.pop(SETUP, None)
            # Shown in this answer only: the codes are kept hashed and can never be shown again.
            return render_template("auth/recovery_codes.html", codes=codes, first=True)
    return _settings_page(form, 200)


@bp.post("/recovery-codes")
@allow(SIGNED_IN)
@confirm_first(
    lambda: _("Make new recovery codes? The ones you have now stop working."),
    button=lambda: _("Yes, make new codes"),
)
def new_recovery_codes():
    user = current_user._get_current_object()
    if not user.two_factor or not RecoveryCodesForm().validate_on_submit():
        return redirect(url_for("two_factor.settings"))
    codes = two_factor.new_recovery_codes(db.session, user)
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes, first=False)


@bp.post("/off")
@allow(SIGNED_IN)
@confirm_first(
    lambda: _("Turn off two-factor sign-in? Your password alone will sign you in."),
    button=lambda: _("Yes, turn it off"),
)
def turn_off():
    user = current_user._get_current_object()
    form = TurnOffForm()
    if not user.two_factor:
        return redirect(url_for("two_factor.settings"))
    if form.validate_on_submit():
        try:
            known = signin.confirm_password(
                db.session, user, form.password.data, request.remote_addr or ""
            )
        except signin.SignInRefused as error:
            flash(refusal_message(error), "error")
            return redirect(url_for("two_factor.settings"))
        db.session.commit()  # a wrong password is kept: it is what the throttle counts
        if known:
            two_factor.turn_off(db.session, user, user)
            db.session.commit()
            flash(_("Two-factor sign-in is off."), "success")
            return redirect(url_for("two_factor.settings"))
    flash(_("This is not your password: two-factor sign-in stays on."), "error")
    return redirect(url_for("two_factor.settings"))
