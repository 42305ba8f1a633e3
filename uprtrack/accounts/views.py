"""Sign in (with its second step, the code of two-factor sign-in), sign out, one's own password and the
language switcher."""

from __future__ import annotations

import time

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from uprtrack.accounts import signin, two_factor
from uprtrack.accounts.forms import ChangePasswordForm, SignInForm
from uprtrack.accounts.security_forms import SecondFactorForm
from uprtrack.accounts.users import MIN_PASSWORD_LENGTH, set_password
from uprtrack.core import audit
from uprtrack.extensions import db
from uprtrack.models import User
from uprtrack.notifications.preferences import remember_language
from uprtrack.web.languages import LANGUAGES
from uprtrack.web.permissions import PUBLIC, SIGNED_IN, allow
from uprtrack.web.redirects import safe_next

bp = Blueprint("auth", __name__)
PENDING = "second_factor"  # the session's key for a sign-in waiting for its code
PENDING_SECONDS = 300  # how long the code may be given after the password


def refusal_message(error: signin.SignInRefused) -> str:
    if error.args[0] == "wrong_credentials":
        return _("The e-mail or the password is wrong.")
    if error.args[0] == "wrong_code":
        return _("This code is wrong, or was used already.")
    return ngettext(
        "Too many failed sign-ins. Try again in %(num)d minute.",
        "Too many failed sign-ins. Try again in %(num)d minutes.",
        error.minutes,
    )


def _address() -> str:
    return request.remote_addr or ""


def _pending_user():
    """The account whose password was given in this browser a moment ago and which waits for its code."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user", 0))
    if user is None or user.session_version != pending.get("version") or not user.two_factor:
        return None
    return user


def start_session(user) -> None:
    """Sign the user in and agree on the language: the account's, where the user chose one, is the interface's
    (a browser shared by several people keeps none's choice for another); an account without one takes the
    language chosen in this browser, so that its notices and e-mail are written in it."""
    login_user(user)
    if user.language in LANGUAGES:
        session["lang"] = user.language
    elif session.get("lang") in LANGUAGES:
        remember_language(db.session, user, session["lang"])


@bp.route("/sign-in", methods=["GET", "POST"])
@allow(PUBLIC)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("public.index"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = signin.sign_in(db.session, form.email.data, form.password.data, _address())
        except signin.SignInRefused as error:
            db.session.commit()  # keep the failed attempt: it is what the throttle counts
            form.password.errors.append(refusal_message(error))
        else:
            next_page = safe_next(request.args.get("next"), url_for("public.index"))
            if user.two_factor:  # nothing is written until the code completes the sign-in
                session[PENDING] = {
                    "user": user.id,
                    "version": user.session_version,
                    "at": time.time(),
                    "next": next_page,
                }
                return redirect(url_for("auth.second_factor"))
            start_session(user)
            db.session.commit()
            return redirect(next_page)
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@allow(PUBLIC)
def second_factor():
    """The second step of signing in to an account with two-factor sign-in: a code of its app, or a recovery
    code."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Sign in with your e-mail and password first."), "info")
        return redirect(url_for("auth.sign_in"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        codes_left = two_factor.recovery_codes_left(db.session, user)
        try:
            signin.second_factor(db.session, user, form.code.data, _address())
        except signin.SignInRefused as error:
            db.session.commit()  # keep the failed attempt: it is what the throttle counts
            form.code.errors.append(refusal_message(error))
        else:
            next_page = session.pop(PENDING)["next"]
            start_session(user)
            db.session.commit()
            left = two_factor.recovery_codes_left(db.session, user)
            if left < codes_left:
                flash(
                    ngettext(
                        "You signed in with a recovery code: %(num)d is left.",
                        "You signed in with a recovery code: %(num)d are left.",
                        left,
                    ),
                    "info",
                )
            return redirect(safe_next(next_page, url_for("public.index")))
    return render_template("auth/second_factor.html", form=form)


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
        try:
            known = signin.confirm_password(db.session, user, form.current.data, _address())
        except signin.SignInRefused as error:
            known = None
            form.current.errors.append(refusal_message(error))
        if known is False:
            db.session.commit()  # keep the failed attempt: it is what the throttle counts
            form.current.errors.append(_("This is not your current password."))
        elif known:
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
    """Remember the interface language (a preference kept in the session, not data); a signed-in user's is kept
    on the account too, so that notifications and e-mail are written in it."""
    if code in LANGUAGES:
        session["lang"] = code
        if current_user.is_authenticated and remember_language(db.session, current_user, code):
            db.session.commit()
    return redirect(safe_next(request.args.get("next"), url_for("public.index")))
