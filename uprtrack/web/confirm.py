"""Confirmation before a destructive action, without JavaScript.

A view that removes, withdraws, deactivates or refuses is decorated with `confirm_first(question)`. The first
POST (from the button on the page) changes nothing: it answers with a page that asks the question and repeats the
form's values with `confirmed=yes`; only that second POST reaches the view. The question may be a callable
given the view's arguments, to name the record ("Withdraw this status change of 115.30?").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import make_response, render_template, request

from uprtrack.web.redirects import safe_next

CONFIRMED = "confirmed"


def confirmed() -> bool:
    return request.method != "POST" or request.form.get(CONFIRMED) == "yes"


def confirm_first(
    question: str | Callable[..., str], *, button: str | Callable[..., str] | None = None
):
    def decorator(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if confirmed():
                return view(*args, **kwargs)
            asked = question(**kwargs) if callable(question) else question
            label = button(**kwargs) if callable(button) else button
            fields = [
                (name, value)
                for name, values in request.form.lists()
                for value in values
                if name not in ("csrf_token", CONFIRMED)
            ]
            back = safe_next(request.form.get("next") or _referrer_path(), "/")
            page = make_response(
                render_template(
                    "confirm.html",
                    question=asked,
                    button=label,
                    fields=fields,
                    action=request.path,
                    back=back,
                )
            )
            # The page repeats the form, a password too where the action asks for one: never kept by a cache.
            page.headers["Cache-Control"] = "no-store"
            return page

        return checked

    return decorator


def _referrer_path() -> str | None:
    """The page the button was on, when it is a page of this site."""
    if not request.referrer:
        return None
    parts = urlsplit(request.referrer)
    if parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
