"""The three kinds of follow-up record, each declared once: what differs between pledges, assistance and evidence.

Operations, lists, permissions, routes and templates read these declarations instead of asking which model a
record is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ColumnElement, func
from sqlalchemy.orm import selectinload

from uprtrack.core.vocabulary import Role
from uprtrack.follow_up import lists
from uprtrack.follow_up.filters import AssistanceFilter, EvidenceFilter, PledgeFilter
from uprtrack.follow_up.forms import AssistanceForm, EvidenceForm, PledgeForm
from uprtrack.imports.lookup import text_key
from uprtrack.models import Evidence, IssueTag, Pledge, TechnicalAssistance
from uprtrack.models.follow_up import (
    assistance_recommendations,
    evidence_recommendations,
    pledge_recommendations,
)
from uprtrack.web.permissions import MANAGERS, STAFF

Condition = ColumnElement[bool]


@dataclass(frozen=True)
class FollowUpKind:
    """What one kind of follow-up record is: its model, its rules, its screens and its words."""

    model: type
    name: str  # the audit log's object type; the prefix of endpoints, templates and form fields
    segment: str  # the first part of its URLs, and the name of its list's endpoint
    label: str  # the column that names a record: stripped when saved, where a duplicate is reported
    identity: tuple[str, ...]  # the fields the duplicate rule reads
    same: Callable[[Mapping], Condition]  # the duplicate rule: a record with these identity values
    link_column: Column  # the link table's column that holds this kind's id
    filters: Mapping[str, Callable[[Any], Condition]]  # the list's filters besides State and cycle
    options: Mapping[str, Callable]  # the list's filters whose choices come from the database
    loads: tuple  # what a list shows of each record besides its columns
    date_column: Any  # the list's order within a State and a cycle, newest first
    form: type
    filter_form: type
    # Who creates, edits and links records; publishing is for the national mechanism.
    editors: tuple[str, ...]
    title: object
    new_title: object
    edit_title: object
    choice_label: object  # the kind's name before a record's label, in the bulk-link choices
    duplicate: object
    created: object
    saved: object
    # The heading of the page recording one on a recommendation, for the kinds recorded there.
    attach_heading: object = None
    related: str | None = None  # the relationship to another kind's records a record's page lists
    label_key: str | None = None  # a column that keeps the matching key of the label

    @property
    def arg(self) -> str:
        """The name of the record's id in its URLs."""
        return f"{self.name}_id"

    @property
    def list_endpoint(self) -> str:
        return f"follow_up.{self.segment}"

    @property
    def for_focal_points(self) -> bool:
        """Whether focal points record this kind, for their State."""
        return Role.FOCAL_POINT in self.editors

    @property
    def attaches(self) -> bool:
        """Whether a recommendation's page records this kind, linked to it."""
        return self.attach_heading is not None

    def normalised(self, values: Mapping) -> dict:
        """Strip the label of what a form or a file gives, and keep its matching key where the kind has one."""
        values = dict(values)
        if values.get(self.label) is not None:
            values[self.label] = values[self.label].strip()
            if self.label_key:
                values[self.label_key] = text_key(values[self.label])
        return values

    @property
    def label_column(self):
        return getattr(self.model, self.label)

    def name_of(self, record, limit: int = 80) -> str:
        """Name a record by its label (a pledge's text, a title), short enough for a question or a table cell."""
        return shortened(getattr(record, self.label), limit)


def shortened(text: object, limit: int = 80) -> str:
    """The text on one line, cut at `limit` characters with an ellipsis."""
    words = " ".join(str(text or "").split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _title_is(model: type, values: Mapping) -> Condition:
    """The same title whatever its case and surrounding spaces."""
    return func.lower(model.title) == values["title"].strip().lower()


def _equals(column) -> Callable[[Any], Condition]:
    return lambda value: column == value


PLEDGE = FollowUpKind(
    model=Pledge,
    name="pledge",
    segment="pledges",
    label="text",
    label_key="text_key",
    identity=("text",),
    same=lambda values: Pledge.text_key == text_key(values["text"]),
    link_column=pledge_recommendations.c.pledge_id,
    filters={
        "source": _equals(Pledge.source),
        "issue": lambda issue_id: Pledge.issues.any(IssueTag.id == issue_id),
    },
    options={"source": lists.source_options, "issue": lists.issue_options},
    loads=(selectinload(Pledge.state), selectinload(Pledge.issues)),
    date_column=Pledge.made_on,
    form=PledgeForm,
    filter_form=PledgeFilter,
    editors=MANAGERS,
    title=_l("Voluntary pledges and commitments"),
    new_title=_l("New pledge"),
    edit_title=_l("Edit pledge"),
    choice_label=_l("Pledge"),
    duplicate=_l("This State already has this pledge."),
    created=_l("The pledge is saved."),
    saved=_l("Your changes to the pledge are saved."),
    related="assistance",
)
ASSISTANCE = FollowUpKind(
    model=TechnicalAssistance,
    name="assistance",
    segment="assistance",
    label="title",
    identity=("title", "direction"),
    same=lambda values: (
        _title_is(TechnicalAssistance, values)
        & (TechnicalAssistance.direction == values["direction"])
    ),
    link_column=assistance_recommendations.c.assistance_id,
    filters={
        name: _equals(column)
        for name, column in (
            ("direction", TechnicalAssistance.direction),
            ("provider", TechnicalAssistance.provider_id),
            ("fund", TechnicalAssistance.fund_id),
            ("kind", TechnicalAssistance.kind),
            ("status", TechnicalAssistance.status),
        )
    },
    options={"provider": lists.used_provider_options, "fund": lists.fund_options},
    loads=(
        selectinload(TechnicalAssistance.state),
        selectinload(TechnicalAssistance.provider),
        selectinload(TechnicalAssistance.fund),
    ),
    date_column=TechnicalAssistance.start_date,
    form=AssistanceForm,
    filter_form=AssistanceFilter,
    editors=STAFF,
    title=_l("Technical assistance"),
    new_title=_l("New technical assistance"),
    edit_title=_l("Edit technical assistance"),
    choice_label=_l("Technical assistance"),
    duplicate=_l("This State already has technical assistance with this title and direction."),
    created=_l("The technical assistance is saved."),
    saved=_l("Your changes to the technical assistance are saved."),
    attach_heading=_l("Record technical assistance for recommendation %(paragraph)s"),
    related="pledges",
)
EVIDENCE = FollowUpKind(
    model=Evidence,
    name="evidence",
    segment="evidence",
    label="title",
    identity=("title",),
    same=lambda values: _title_is(Evidence, values),
    link_column=evidence_recommendations.c.evidence_id,
    filters={"kind": _equals(Evidence.kind)},
    options={},
    loads=(selectinload(Evidence.state),),
    date_column=Evidence.date,
    form=EvidenceForm,
    filter_form=EvidenceFilter,
    editors=STAFF,
    title=_l("Implementation evidence"),
    new_title=_l("New evidence"),
    edit_title=_l("Edit evidence"),
    choice_label=_l("Evidence"),
    duplicate=_l("This State already has evidence with this title."),
    created=_l("The evidence is saved."),
    saved=_l("Your changes to the evidence are saved."),
    attach_heading=_l("Attach evidence to recommendation %(paragraph)s"),
)

KINDS = (PLEDGE, ASSISTANCE, EVIDENCE)
BY_NAME = {kind.name: kind for kind in KINDS}
BY_MODEL = {kind.model: kind for kind in KINDS}


def kind_of(record) -> FollowUpKind:
    """The kind of a pledge, assistance or evidence record."""
    return BY_MODEL[type(record)]
