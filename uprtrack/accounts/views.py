"""Sign in, sign out, one's own password and the language switcher."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from uprtrack.accounts import signin
from uprtrack.accounts.forms import ChangePasswordForm, SignInForm
from uprtrack.accounts.users import MIN_PASSWORD_LENGTH, check_password, set_password
from uprtrack.core import audit
from uprtrack.extensions import db
from uprtrack.web.languages import LANGUAGES
from uprtrack.web.permissions import PUBLIC, SIGNED_IN, allow
from uprtrack.web.redirects import safe_next

bp = Blueprint("auth", __name__)


def refusal_message(error: signin.SignInRefused) -> str:
    if error.args[0] == "wrong_credentials":
        return _("The e-mail or the password is wrong.")
    return ngettext(
        "Too many failed sign-ins. Try again in %(num)d minute.",
        "Too many failed sign-ins. Try again in %(num)d minutes.",
        error.minutes,
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@allow(PUBLIC)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("public.index"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = signin.sign_in(
                db.session, form.email.data, form.password.data, request.remote_addr or ""
            )
        except signin.SignInRefused as error:
            db.session.commit()  # keep the failed attempt: it is what the throttle counts
            form.password.errors.append(refusal_message(error))
        else:
            login_user(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), url_for("public.index")))
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
@allow(SIGNED_IN)
def sign_out():
    signin.sign_out(db.session, current_user)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@allow(SIGNED_IN)
def change_password():
    """Change one's own password, knowing the current one; every other session of the account ends."""
    form, user = ChangePasswordForm(), current_user._get_current_object()
    if form.validate_on_submit():
        if not check_password(user, form.current.data):
            form.current.errors.append(_("This is not your current password."))
        else:
            set_password(user, form.new.data)
            audit.record(db.session, "change-password", "user", user.id, user=user)
            db.session.commit()
            login_user(user)  # this session goes on under the account's new session version
            flash(_("Your password is changed; you are signed out everywhere else."), "success")
            return redirect(url_for("public.index"))
    return render_template("auth/password.html", form=form, min_length=MIN_PASSWORD_LENGTH)


@bp.get("/language/<code>")
@allow(PUBLIC)
def language(code: str):
    """Remember the interface language (a preference kept in the session, not data)."""
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for("public.index")))
