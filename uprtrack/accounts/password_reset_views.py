"""A forgotten password: ask for a link by e-mail, then choose a new password on the page it opens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from uprtrack.accounts import password_reset
from uprtrack.accounts.security_forms import ForgotPasswordForm, ResetPasswordForm
from uprtrack.accounts.users import MIN_PASSWORD_LENGTH
from uprtrack.extensions import db
from uprtrack.web.permissions import PUBLIC, allow

bp = Blueprint("password_reset", __name__, url_prefix="/password")


@bp.route("/forgot", methods=["GET", "POST"])
@allow(PUBLIC)
def forgot():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        mails = password_reset.request_link(db.session, form.email.data, request.remote_addr or "")
        db.session.commit()
        password_reset.send_in_background(mails)
        # The same page whether or not the address has an account: it must not tell which addresses do.
        return render_template(
            "auth/reset_sent.html",
            email=form.email.data.strip(),
            hours=password_reset.MAX_AGE // 3600,
        )
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@allow(PUBLIC)
def choose(token: str):
    user = password_reset.user_of_token(db.session, token)
    if user is None:
        return render_template("auth/reset_expired.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        password_reset.reset(db.session, user, form.new.data)
        db.session.commit()
        flash(
            _(
                "Your password is set; you are signed out everywhere. Sign in with the new password."
            ),
            "success",
        )
        return redirect(url_for("auth.sign_in"))
    return render_template(
        "auth/reset.html", form=form, email=user.email, min_length=MIN_PASSWORD_LENGTH
    )
