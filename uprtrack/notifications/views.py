"""A user's notifications: the list, newest first, marking them read, the settings, the unsubscribe link of
the digests, and following a recommendation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select, update

from uprtrack.core.visibility import is_visible, published_only
from uprtrack.extensions import db
from uprtrack.models import Notification, Recommendation
from uprtrack.models.base import utcnow
from uprtrack.notifications import follows, mailing, preferences
from uprtrack.notifications import unsubscribe as unsubscribe_links
from uprtrack.notifications.forms import UnsubscribeForm, settings_form
from uprtrack.notifications.words import destination, notice_text
from uprtrack.web.permissions import PUBLIC, SIGNED_IN, allow

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PAGE_SIZE = 50


def unread_count(user) -> int:
    """The header's count: one indexed count of one user's unread notices."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


@bp.app_context_processor
def _header_count():
    def notices_unread() -> int:
        return unread_count(current_user) if current_user.is_authenticated else 0

    return {"notices_unread": notices_unread}


@bp.get("/")
@allow(SIGNED_IN)
def index():
    page = db.paginate(
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()),
        per_page=PAGE_SIZE,
        error_out=False,
    )
    return render_template(
        "notifications/index.html",
        page=page,
        text_of=notice_text,
        unread=unread_count(current_user),
    )


@bp.post("/<int:notice_id>/open")
@allow(SIGNED_IN)
def open_notice(notice_id: int):
    """Mark one notice read and go to what it is about."""
    notice = db.get_or_404(Notification, notice_id)
    if notice.user_id != current_user.id:
        abort(404)
    if notice.read_at is None:
        notice.read_at = utcnow()
        db.session.commit()
    endpoint, values = destination(notice)
    return redirect(url_for(endpoint, **values))


@bp.post("/read")
@allow(SIGNED_IN)
def mark_all_read():
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return redirect(url_for("notifications.index"))


# --- Settings: what each person hears of, and in which language ------------------------------------------------


def reading_language() -> str:
    """The interface language of this request, offered until the user chooses one for notifications."""
    locale = get_locale()
    return locale.language if locale is not None else "en"


@bp.route("/settings", methods=["GET", "POST"])
@allow(SIGNED_IN)
def settings():
    user = current_user._get_current_object()
    form = settings_form(
        preferences.kinds_for(user),
        preferences.deliveries(db.session, user),
        mailing.language_of(user) if user.language else reading_language(),
    )
    if form.validate_on_submit():
        preferences.save_settings(
            db.session,
            user,
            {field.name: field.data for field in form.kinds},
            form.language.data,
        )
        db.session.commit()
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form)


# --- Unsubscribe: the signed link of every digest, without signing in ------------------------------------------


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@allow(PUBLIC)
def unsubscribe(token: str):
    user = unsubscribe_links.user_of(db.session, token)
    if user is None:
        # A clear page, not an error page: the reader followed a link from an e-mail.
        return render_template("notifications/unsubscribe_invalid.html"), 404
    form = UnsubscribeForm()
    if form.validate_on_submit():
        preferences.unsubscribe_daily(db.session, user)
        db.session.commit()
        return redirect(url_for("notifications.unsubscribe", token=token))
    if not preferences.receives_digests(db.session, user):
        return render_template("notifications/unsubscribed.html", user=user)
    return render_template("notifications/unsubscribe.html", form=form, user=user)


# --- Follow a recommendation --------------------------------------------------------------------------------------


def followable(rec_id: int) -> Recommendation:
    rec = db.get_or_404(Recommendation, rec_id)
    if not is_visible(rec, published_only(current_user)):
        abort(404)
    return rec


@bp.app_context_processor
def _following():
    def following_of(rec) -> str:
        if not current_user.is_authenticated:
            return follows.Following.NO
        return follows.following(db.session, current_user, rec)

    return {"following_of": following_of, "Following": follows.Following}


@bp.post("/follow/<int:rec_id>")
@allow(SIGNED_IN)
def follow(rec_id: int):
    rec = followable(rec_id)
    follows.follow(db.session, current_user, rec)
    db.session.commit()
    flash(_("You follow this recommendation: you will hear of each new assessment."), "success")
    return redirect(url_for("recommendations.show", rec_id=rec.id, _anchor="follow"))


@bp.post("/stop-following/<int:rec_id>")
@allow(SIGNED_IN)
def stop_following(rec_id: int):
    rec = followable(rec_id)
    follows.stop_following(db.session, current_user, rec)
    db.session.commit()
    flash(_("You no longer follow this recommendation."), "success")
    return redirect(url_for("recommendations.show", rec_id=rec.id, _anchor="follow"))
