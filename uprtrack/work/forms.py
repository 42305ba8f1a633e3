"""The work pages' filters as their readers see them (no CSRF: a GET that changes nothing), and "Mark as read"."""

from __future__ import annotations

from dataclasses import asdict

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, SubmitField

from uprtrack.core.vocabulary import Status
from uprtrack.web.choices import SelectField, select_choices
from uprtrack.work.filters import WorkFilters

DUE_LABELS = {"soon": _l("Due in the next 30 days"), "overdue": _l("Overdue")}
SORT_LABELS = {
    "due": _l("Due date, overdue first"),
    "status": _l("Status"),
    "paragraph": _l("Paragraph"),
}


class WorkFilterForm(Form):
    status = SelectField(_l("Status"), choices=select_choices(Status.choices(), _l("Any")))
    due = SelectField(_l("Due"), choices=select_choices(DUE_LABELS.items(), _l("Any")))
    theme = SelectField(_l("Theme"))
    sort = SelectField(_l("Sort by"), choices=select_choices(SORT_LABELS.items()))

    @classmethod
    def showing(cls, filters: WorkFilters, themes: list[tuple[str, str]]) -> WorkFilterForm:
        data = {k: "" if v is None else str(v) for k, v in asdict(filters).items()}
        form = cls(data=data)
        form.theme.choices = select_choices(themes, _l("Any"))
        return form


class MarkReadForm(FlaskForm):
    """Move the bookmark of "changed since": a POST, so that opening or reloading the page never uses the changes
    up, and a link a browser fetches ahead cannot either."""

    next = HiddenField()
    submit = SubmitField(_l("Mark as read"))
