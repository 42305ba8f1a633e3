"""The administrator's part in account security: a password link for a user, a lost second factor turned off,
and the setting that makes two-factor sign-in compulsory for staff."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from uprtrack.accounts import password_reset, policy, two_factor
from uprtrack.accounts.security_forms import SecuritySettingsForm
from uprtrack.core import mail
from uprtrack.core.vocabulary import Role
from uprtrack.extensions import db
from uprtrack.models import User
from uprtrack.web.confirm import confirm_first
from uprtrack.web.permissions import allow
from uprtrack.web.redirects import safe_next

bp = Blueprint("security", __name__, url_prefix="/admin")


@bp.post("/users/<int:user_id>/send-reset")
@allow(Role.ADMIN)
def send_reset(user_id: int):
    """Send the account's owner a link to set a new password (what an administrator does for a lost one)."""
    user = db.get_or_404(User, user_id)
    if not user.active:
        abort(409)  # a deactivated account cannot use the link
    message = password_reset.send_link(db.session, user, current_user)
    db.session.commit()
    if mail.send([message])[0]:
        flash(
            _(
                "A link to set a new password is sent to %(email)s; it works for an hour.",
                email=user.email,
            ),
            "success",
        )
    else:
        flash(
            _("The message to %(email)s could not be sent: try again later.", email=user.email),
            "error",
        )
    return redirect(safe_next(request.form.get("next"), url_for("admin.users")))


@bp.post("/users/<int:user_id>/two-factor/off")
@allow(Role.ADMIN)
@confirm_first(
    lambda user_id: _(
        "Turn off two-factor sign-in for %(email)s?", email=db.get_or_404(User, user_id).email
    ),
    button=lambda user_id: _("Yes, turn it off"),
)
def turn_off_two_factor(user_id: int):
    """For an owner who lost both the authenticator and the recovery codes."""
    user = db.get_or_404(User, user_id)
    if user.two_factor:
        two_factor.turn_off(db.session, user, current_user)
        db.session.commit()
        flash(_("Two-factor sign-in is off for %(email)s.", email=user.email), "success")
    return redirect(safe_next(request.form.get("next"), url_for("admin.users")))


@bp.route("/settings", methods=["GET", "POST"])
@allow(Role.ADMIN)
def settings():
    """The deployment's security settings: two-factor sign-in compulsory for staff or not."""
    form = SecuritySettingsForm(
        data=None
        if request.method == "POST"
        else {"two_factor_required": policy.two_factor_required(db.session)}
    )
    if form.validate_on_submit():
        if form.two_factor_required.data and not current_user.two_factor:
            # Otherwise the next page would send the administrator away to set it up, mid-way.
            form.two_factor_required.errors.append(_("Turn on your own two-factor sign-in first."))
            return render_template("admin/settings.html", form=form)
        changed = policy.set_two_factor_required(
            db.session, form.two_factor_required.data, current_user
        )
        db.session.commit()
        flash(_("Settings saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("security.settings"))
    return render_template("admin/settings.html", form=form)
