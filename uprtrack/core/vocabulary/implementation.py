"""How far a recommendation is implemented and by whose word: the government's status, the State's position, the
independent rating, the progress scale they are compared on, moderation and validation."""

from __future__ import annotations

from enum import nonmember

from flask_babel import lazy_gettext as _l

from uprtrack.core.vocabulary.base import Term, new_member


class Status(Term):
    """How far the State has implemented a recommendation, as the government says."""

    # code, label, cell fill (table cells, as on the pages), chart colour (stronger, for charts)
    NOT_STARTED = "not_started", _l("Not started"), "#EEF1F4", "#9AA5B1"
    PLANNED = "planned", _l("Planned"), "#E7F0FB", "#4E8FD0"
    IN_PROGRESS = "in_progress", _l("In progress"), "#FFF4DD", "#E0A100"
    PARTIALLY_IMPLEMENTED = (
        "partially_implemented",
        _l("Partially implemented"),
        "#F3ECFB",
        "#8C6BB1",
    )
    FULLY_IMPLEMENTED = "fully_implemented", _l("Fully implemented"), "#E3F4E8", "#1D6B3A"

    def __new__(cls, code: str, label, fill: str, chart_colour: str):
        member = new_member(cls, code, label)
        member.fill, member.chart_colour = fill, chart_colour
        return member

    css_prefix = nonmember("status")

    @classmethod
    def fills(cls) -> dict[str, str]:
        return {member.value: member.fill for member in cls}

    @classmethod
    def chart_colours(cls) -> dict[str, str]:
        return {member.value: member.chart_colour for member in cls}

    @classmethod
    def goes_backwards(cls, before: str | None, after: str) -> bool:
        """Tell whether a change from `before` to `after` goes back down the vocabulary's order
        (fully implemented -> not started)."""
        codes = cls.codes()
        return before in codes and after in codes and codes.index(after) < codes.index(before)


class Position(Term):
    """The State under review's position on a recommendation."""

    SUPPORTED = "Supported", _l("Supported")
    NOTED = "Noted", _l("Noted")
    SUPPORTED_IN_PART = "Supported-in-part", _l("Supported in part")
    PENDING = "pending", _l("No position yet")

    css_prefix = nonmember("position")


class Rating(Term):
    """The scale of the NHRI's and civil society's independent assessment of implementation."""

    NO_PROGRESS = "no_progress", _l("No progress")
    LIMITED_PROGRESS = "limited_progress", _l("Limited progress")
    SOME_PROGRESS = "some_progress", _l("Some progress")
    SUBSTANTIAL_PROGRESS = "substantial_progress", _l("Substantial progress")
    FULLY_IMPLEMENTED = "fully_implemented", _l("Fully implemented")
    NOT_ASSESSABLE = "not_assessable", _l("Cannot be assessed")

    css_prefix = nonmember("rating")


class Progress(Term):
    """One scale of implementation on which the government's status and an independent rating are compared."""

    NONE = "none", _l("Nothing done yet")
    UNDER_WAY = "under_way", _l("Under way")
    LARGELY = "largely", _l("Largely done")
    COMPLETE = "complete", _l("Complete")

    css_prefix = nonmember("progress")


# Where each status and each rating stands on the progress scale. "Planned" is not yet implementation; limited and
# some progress are both work under way. "Cannot be assessed" has no place on it, so it never disagrees.
STATUS_PROGRESS = {
    Status.NOT_STARTED: Progress.NONE,
    Status.PLANNED: Progress.NONE,
    Status.IN_PROGRESS: Progress.UNDER_WAY,
    Status.PARTIALLY_IMPLEMENTED: Progress.LARGELY,
    Status.FULLY_IMPLEMENTED: Progress.COMPLETE,
}
RATING_PROGRESS = {
    Rating.NO_PROGRESS: Progress.NONE,
    Rating.LIMITED_PROGRESS: Progress.UNDER_WAY,
    Rating.SOME_PROGRESS: Progress.UNDER_WAY,
    Rating.SUBSTANTIAL_PROGRESS: Progress.LARGELY,
    Rating.FULLY_IMPLEMENTED: Progress.COMPLETE,
}


def disagree(status: str, rating: str) -> bool:
    """Tell whether a rating puts implementation elsewhere on the progress scale than the government's status."""
    if rating not in RATING_PROGRESS:
        return False
    return STATUS_PROGRESS.get(status) != RATING_PROGRESS[rating]


class Moderation(Term):
    """Where a comment or an assessment stands in the national mechanism's moderation."""

    PENDING = "pending", _l("Awaiting moderation")
    PUBLISHED = "published", _l("Published")
    HIDDEN = "hidden", _l("Not published by the national mechanism")

    css_prefix = nonmember("moderation")


class EntryState(Term):
    """Where a status change, an action or evidence stands in the national mechanism's validation."""

    PROPOSED = "proposed", _l("Proposed, awaiting validation")
    VALIDATED = "validated", _l("Validated")
    RETURNED = "returned", _l("Returned to its author")
    WITHDRAWN = "withdrawn", _l("Withdrawn")

    css_prefix = nonmember("entry")
