"""The filters of the lists of pledges, technical assistance and evidence, read from the query string."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form

from uprtrack.core.vocabulary import (
    AssistanceDirection,
    AssistanceKind,
    AssistanceState,
    EvidenceKind,
)
from uprtrack.follow_up.forms import blank_or_int, cycle_options
from uprtrack.web.choices import SelectField, select_choices

ANY = _l("Any")


class FilterForm(Form):
    """The filters of a list, read from the query string (no CSRF: filtering changes nothing)."""

    state = SelectField(_l("State"), coerce=blank_or_int)
    cycle = SelectField(_l("Cycle"), coerce=blank_or_int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle.choices = cycle_options(ANY)

    def offer(self, options: dict[str, list[tuple]]) -> None:
        """Give the filters whose choices the database holds their (value, label) options."""
        for name, pairs in options.items():
            self[name].choices = select_choices(pairs, ANY)

    def filters(self) -> dict:
        """Return the filters that were given and are valid; a wrong value is ignored, with a note by its field."""
        self.validate()
        for f in self:
            if not (f.raw_data and f.raw_data[0]):
                f.errors = []  # a filter left out is "any", not a mistake
        return {f.name: f.data for f in self if f.data not in ("", None) and not f.errors}


class PledgeFilter(FilterForm):
    source = SelectField(_l("Source"))
    issue = SelectField(_l("Issue"), coerce=blank_or_int)


class AssistanceFilter(FilterForm):
    direction = SelectField(
        _l("Requested or received"), choices=select_choices(AssistanceDirection.choices(), ANY)
    )
    provider = SelectField(_l("Provider"), coerce=blank_or_int)
    fund = SelectField(_l("UN fund"), coerce=blank_or_int)
    kind = SelectField(
        _l("Kind of assistance"), choices=select_choices(AssistanceKind.choices(), ANY)
    )
    status = SelectField(_l("Status"), choices=select_choices(AssistanceState.choices(), ANY))


class EvidenceFilter(FilterForm):
    kind = SelectField(_l("Kind of evidence"), choices=select_choices(EvidenceKind.choices(), ANY))
