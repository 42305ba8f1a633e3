"""A user's notifications: the list, newest first, and marking them read."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select, update

from uprtrack.extensions import db
from uprtrack.models import Notification
from uprtrack.models.base import utcnow
from uprtrack.notifications.words import notice_text
from uprtrack.web.permissions import SIGNED_IN, allow

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
    if notice.recommendation_id is not None:
        return redirect(url_for("recommendations.show", rec_id=notice.recommendation_id))
    return redirect(url_for("notifications.index"))


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
