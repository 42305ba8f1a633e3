"""Saved views: a user names the filter of a list (its query string), keeps it, shares it with the colleagues of
the same organisation, and deletes it. Each change takes the person acting, audits itself and flushes."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session, selectinload

from uprtrack.core import audit
from uprtrack.models import SavedView, User
from uprtrack.models.people import SAVED_QUERY_LENGTH

# Where a list is, not what it selects: a view opens on its first page.
NOT_KEPT = ("page",)


def kept_query(query_string: str) -> str:
    """The part of a query string a view keeps: every filter and the order, not the page."""
    pairs = [(k, v) for k, v in parse_qsl(query_string) if k not in NOT_KEPT and v != ""]
    return urlencode(pairs)[:SAVED_QUERY_LENGTH]


def save(session: Session, user: User, name: str, query: str, shared: bool) -> SavedView:
    """Keep the query under the name; the user's view of the same name is replaced."""
    name = " ".join(name.split())
    view = session.scalar(
        select(SavedView).where(SavedView.user_id == user.id, SavedView.name == name)
    )
    action = "update-saved-view" if view else "save-view"
    if view is None:
        view = SavedView(user=user, name=name)
        session.add(view)
    view.query = kept_query(query)
    view.organisation_id = user.organisation_id
    view.shared = bool(shared and user.organisation_id)
    session.flush()
    audit.record(
        session,
        action,
        "saved_view",
        view.id,
        user=user,
        name=view.name,
        query=view.query,
        shared=view.shared,
    )
    session.flush()
    return view


def delete(session: Session, view: SavedView, user: User) -> None:
    """Delete one of the user's own views."""
    if view.user_id != user.id:
        raise PermissionError("only its owner deletes a view")
    audit.record(
        session,
        "delete-saved-view",
        "saved_view",
        view.id,
        user=user,
        name=view.name,
        query=view.query,
    )
    session.delete(view)
    session.flush()


def visible_to(session: Session, user: User) -> list[SavedView]:
    """The user's own views, then those colleagues of the same organisation share, each by name."""
    shared = (
        and_(SavedView.shared.is_(True), SavedView.organisation_id == user.organisation_id)
        if user.organisation_id is not None
        else false()
    )
    views = session.scalars(
        select(SavedView)
        .where(or_(SavedView.user_id == user.id, shared))
        .options(selectinload(SavedView.user))
        .order_by(SavedView.name, SavedView.id)
    ).all()
    return sorted(views, key=lambda v: (v.user_id != user.id, v.name.casefold()))


def may_open(view: SavedView, user: User) -> bool:
    """Tell whether the user owns the view or is a colleague it is shared with."""
    return view.user_id == user.id or (
        view.shared
        and user.organisation_id is not None
        and view.organisation_id == user.organisation_id
    )
