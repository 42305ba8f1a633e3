"""The controlled vocabularies of the domain, each an enum whose members carry their label and colours,
and the one place that maps what files say onto them.

A member is its code (a `StrEnum`: `Status.PLANNED == "planned"`), which is what the database stores; the
models' CHECK constraints, the forms' choices, the templates, the charts and the exports all read these enums,
so a word, its label and its colour are written once.
"""

from __future__ import annotations

import re
from enum import StrEnum, nonmember

from flask_babel import lazy_gettext as _l


def _member(cls, code: str, label):
    member = str.__new__(cls, code)
    member._value_ = code
    member.label = label if label is not None else code
    return member


class Term(StrEnum):
    """A word of a controlled vocabulary: stored as its code, shown by its translated label."""

    def __new__(cls, code: str, label=None):
        return _member(cls, code, label)

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """The codes in the vocabulary's own order, as the database's CHECK constraint lists them."""
        return tuple(member.value for member in cls)

    @classmethod
    def labels(cls) -> dict[str, object]:
        """Each code with its label, for a template or a table that looks labels up by code."""
        return {member.value: member.label for member in cls}

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """The label of a code; an unknown or empty code is shown as it is."""
        if code is None:
            return ""
        try:
            return str(cls(code).label)
        except ValueError:
            return str(code)

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """(code, label) pairs for a select, in the vocabulary's order."""
        return [(member.value, member.label) for member in cls]

    @property
    def css(self) -> str:
        """The CSS class of the badge that shows this word (`status-planned`, `rating-no_progress`)."""
        return f"{self.css_prefix}-{self.value}"

    css_prefix = nonmember("term")


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
        member = _member(cls, code, label)
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


class Role(Term):
    """What a user account does in uprtrack."""

    ADMIN = "admin", _l("Administrator")
    COORDINATOR = "coordinator", _l("Coordinator (national mechanism)")
    FOCAL_POINT = "focal_point", _l("Focal point (responsible institution)")
    NHRI = "nhri", _l("National human rights institution")
    CSO = "cso", _l("Civil society organisation")

    css_prefix = nonmember("role")


class Delivery(Term):
    """How a user wants to hear of one kind of notification."""

    IMMEDIATELY = "immediately", _l("Immediately")
    DAILY = "daily", _l("In a daily digest")
    OFF = "off", _l("Not at all")


class NoticeKind(Term):
    """What a notification tells its reader; each kind has the delivery a user gets until they choose."""

    ASSIGNED = "assigned", _l("A recommendation is assigned to your institution"), "immediately"
    DUE_SOON = "due_soon", _l("A recommendation of your institution is due in 30 days"), "daily"
    OVERDUE = "overdue", _l("A recommendation of your institution is overdue"), "daily"
    AWAITING_VALIDATION = (
        "awaiting_validation",
        _l("A proposed change awaits your validation"),
        "immediately",
    )
    VALIDATED = "validated", _l("Your proposed change was validated"), "immediately"
    RETURNED = "returned", _l("Your proposed change was returned"), "immediately"
    AWAITING_MODERATION = (
        "awaiting_moderation",
        _l("A comment or assessment awaits moderation"),
        "immediately",
    )
    PUBLISHED = "published", _l("Your comment or assessment was published"), "immediately"
    REFUSED = "refused", _l("Your comment or assessment was not published"), "immediately"
    NEW_STATUS = (
        "new_status",
        _l("A new government status on a recommendation your organisation assessed"),
        "daily",
    )
    NEW_ASSESSMENT = (
        "new_assessment",
        _l("A new assessment on a recommendation you follow"),
        "daily",
    )

    def __new__(cls, code: str, label, delivery: str):
        member = _member(cls, code, label)
        member.default_delivery = delivery
        return member

    css_prefix = nonmember("notice")


# Who the roles are, as groups: government users see records before they are published; the national
# mechanism manages everything; the NHRI and civil society comment and assess.
GOVERNMENT_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.FOCAL_POINT)
MANAGER_ROLES = (Role.ADMIN, Role.COORDINATOR)
VOICE_ROLES = (Role.NHRI, Role.CSO)


class OrganisationKind(Term):
    """What an organisation is."""

    MINISTRY = "ministry", _l("Ministry")
    INSTITUTION = "institution", _l("Other public institution")
    NMRF = "nmrf", _l("National mechanism for reporting and follow-up")
    NHRI = "nhri", _l("National human rights institution")
    CSO = "cso", _l("Civil society organisation")
    UN_ENTITY = "un_entity", _l("UN entity")
    DONOR = "donor", _l("Donor")
    OTHER = "other", _l("Other")

    css_prefix = nonmember("organisation")


# Organisations a recommendation can be assigned to: the government's own institutions.
RESPONSIBLE_KINDS = (
    OrganisationKind.MINISTRY,
    OrganisationKind.INSTITUTION,
    OrganisationKind.NMRF,
    OrganisationKind.OTHER,
)


class ProviderKind(Term):
    """The kind of a new provider of technical assistance (a subset of the organisation kinds)."""

    UN_ENTITY = "un_entity", _l("UN entity")
    DONOR = "donor", _l("Donor")
    OTHER = "other", _l("Other partner")

    css_prefix = nonmember("provider")


class AssistanceDirection(Term):
    """Whether technical assistance is asked for or was given."""

    REQUESTED = "requested", _l("Requested")
    RECEIVED = "received", _l("Received")

    css_prefix = nonmember("direction")


class AssistanceState(Term):
    """Where technical assistance stands."""

    REQUESTED = "requested", _l("Requested")
    AGREED = "agreed", _l("Agreed")
    UNDER_WAY = "under_way", _l("Under way")
    DELIVERED = "delivered", _l("Delivered")
    DECLINED = "declined", _l("Declined")

    css_prefix = nonmember("assistance")


class AssistanceKind(Term):
    """What technical assistance consists of."""

    ADVISORY_SERVICES = "advisory_services", _l("Advisory services")
    TRAINING = "training", _l("Training")
    LEGAL_DRAFTING = "legal_drafting", _l("Legal drafting")
    DATA = "data", _l("Data")
    FINANCIAL = "financial", _l("Financial")
    OTHER = "other", _l("Other")

    css_prefix = nonmember("assistance-kind")


class EvidenceKind(Term):
    """What a piece of implementation evidence is."""

    LAW = "law", _l("Law")
    POLICY = "policy", _l("Policy")
    BUDGET_LINE = "budget_line", _l("Budget line")
    STATISTIC = "statistic", _l("Statistic")
    COURT_DECISION = "court_decision", _l("Court decision")
    PROGRAMME = "programme", _l("Programme")
    REPORT = "report", _l("Report")
    OTHER = "other", _l("Other")

    css_prefix = nonmember("evidence-kind")


class RegionalGroup(Term):
    """The UN regional groups of States (names as the UN writes them, not translated here)."""

    AFRICAN = "African"
    ASIA_PACIFIC = "Asia-Pacific"
    EASTERN_EUROPEAN = "Eastern European"
    GRULAC = "GRULAC"
    WEOG = "WEOG"


class StateStatus(Term):
    """Whether a State is a UN Member State or an observer State."""

    MEMBER = "member"
    OBSERVER = "observer"


class MechanismKind(Term):
    """What kind of UN mechanism made a recommendation: the UPR, a treaty body or a special procedure."""

    UPR = "upr", _l("Universal Periodic Review")
    TREATY_BODY = "treaty_body", _l("Treaty body")
    SPECIAL_PROCEDURE = "special_procedure", _l("Special procedure")

    css_prefix = nonmember("mechanism-kind")


class AuditAction(Term):
    """What an audit entry says was done; every action code an operation writes has its label here."""

    SIGN_IN = "sign-in", _l("Signed in")
    SIGN_OUT = "sign-out", _l("Signed out")
    CHANGE_PASSWORD = "change-password", _l("Changed their password")
    RESET_PASSWORD = "reset-password", _l("Reset a password")
    ASK_PASSWORD_RESET = "ask-password-reset", _l("Asked for a password link")
    SEND_PASSWORD_RESET = "send-password-reset", _l("Sent a password link")
    TURN_ON_TWO_FACTOR = "turn-on-two-factor", _l("Turned on two-factor sign-in")
    TURN_OFF_TWO_FACTOR = "turn-off-two-factor", _l("Turned off two-factor sign-in")
    RENEW_RECOVERY_CODES = "renew-recovery-codes", _l("Made new recovery codes")
    CHANGE_SETTING = "change-setting", _l("Changed a setting")
    CHANGE_NOTIFICATION_SETTINGS = (
        "change-notification-settings",
        _l("Changed their notification settings"),
    )
    UNSUBSCRIBE_DIGEST = "unsubscribe-digest", _l("Stopped the daily digest")
    FOLLOW = "follow", _l("Followed a recommendation")
    STOP_FOLLOWING = "stop-following", _l("Stopped following a recommendation")
    CREATE_USER = "create-user", _l("Created a user")
    CHANGE_ROLE = "change-role", _l("Changed a user's role")
    CHANGE_ORGANISATION = "change-organisation", _l("Changed a user's organisation")
    ACTIVATE_USER = "activate-user", _l("Reactivated a user")
    DEACTIVATE_USER = "deactivate-user", _l("Deactivated a user")
    CREATE_ORGANISATION = "create-organisation", _l("Created an organisation")
    EDIT_ORGANISATION = "edit-organisation", _l("Edited an organisation")
    CHANGE_STATUS = "change-status", _l("Changed the status")
    RECORD_ACTION = "record-action", _l("Recorded an action")
    PROPOSE_STATUS = "propose-status", _l("Proposed a status")
    PROPOSE_ACTION = "propose-action", _l("Proposed an action")
    VALIDATE_STATUS = "validate-status", _l("Validated a status")
    VALIDATE_ACTION = "validate-action", _l("Validated an action")
    VALIDATE_EVIDENCE = "validate-evidence", _l("Validated evidence")
    RETURN_STATUS = "return-status", _l("Returned a proposed status")
    RETURN_ACTION = "return-action", _l("Returned a proposed action")
    RETURN_EVIDENCE = "return-evidence", _l("Returned proposed evidence")
    WITHDRAW_STATUS = "withdraw-status", _l("Withdrew a status made in error")
    WITHDRAW_ACTION = "withdraw-action", _l("Withdrew an action made in error")
    WITHDRAW_EVIDENCE = "withdraw-evidence", _l("Withdrew evidence made in error")
    ASSIGN = "assign", _l("Made an institution responsible")
    CHANGE_DUE_DATE = "change-due-date", _l("Changed a due date")
    UNASSIGN = "unassign", _l("Removed a responsible institution")
    BULK_ASSIGN = "bulk-assign", _l("Assigned many recommendations in one step")
    BULK_CHANGE_STATUS = (
        "bulk-change-status",
        _l("Set the status of many recommendations in one step"),
    )
    BULK_LINK = "bulk-link", _l("Linked many recommendations in one step")
    MARK_WORK_READ = "mark-work-read", _l("Marked the changes of their work as read")
    SAVE_VIEW = "save-view", _l("Saved a view of the list")
    UPDATE_SAVED_VIEW = "update-saved-view", _l("Changed a saved view")
    DELETE_SAVED_VIEW = "delete-saved-view", _l("Deleted a saved view")
    CREATE = "create", _l("Created")
    EDIT = "edit", _l("Edited")
    PUBLISH = "publish", _l("Published")
    WITHDRAW = "withdraw", _l("Withdrew from public view")
    ATTACH_FILE = "attach-file", _l("Attached a file")
    LINK = "link", _l("Linked to a recommendation")
    UNLINK = "unlink", _l("Unlinked from a recommendation")
    ADD_COMMENT = "add-comment", _l("Commented")
    ADD_ASSESSMENT = "add-assessment", _l("Assessed implementation")
    PUBLISH_COMMENT = "publish-comment", _l("Published a comment")
    HIDE_COMMENT = "hide-comment", _l("Hid a comment")
    PUBLISH_ASSESSMENT = "publish-assessment", _l("Published an assessment")
    HIDE_ASSESSMENT = "hide-assessment", _l("Hid an assessment")
    IMPORT_UPLOAD = "import-upload", _l("Uploaded a file to import")
    IMPORT = "import", _l("Imported a file")
    IMPORT_CANCEL = "import-cancel", _l("Cancelled an import")
    REFRESH_EDUCATION = "refresh-education", _l("Applied the education rule again")
    SEED_DEMO = "seed-demo", _l("Loaded the demonstration data")


class AuditObject(Term):
    """What kind of record an audit entry is about (its object type)."""

    RECOMMENDATION = "recommendation", _l("Recommendation")
    USER = "user", _l("User")
    ORGANISATION = "organisation", _l("Organisation")
    PLEDGE = "pledge", _l("Pledge")
    ASSISTANCE = "assistance", _l("Technical assistance")
    EVIDENCE = "evidence", _l("Evidence")
    COMMENT = "comment", _l("Comment")
    ASSESSMENT = "assessment", _l("Assessment")
    FILE = "file", _l("Imported file")
    DATABASE = "database", _l("Database")
    SETTING = "setting", _l("Setting")
    SAVED_VIEW = "saved_view", _l("Saved view")


# The languages a recommendation's text is stored in: the six official languages of the UN.
UN_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


# What real files write, lower-cased with spaces squeezed, onto the four positions.
_POSITION_WORDS = {
    "supported": Position.SUPPORTED,
    "accepted": Position.SUPPORTED,
    "support": Position.SUPPORTED,
    "accept": Position.SUPPORTED,
    "noted": Position.NOTED,
    "rejected": Position.NOTED,
    "not supported": Position.NOTED,
    "not accepted": Position.NOTED,
    "supported/noted": Position.SUPPORTED_IN_PART,
    "supported / noted": Position.SUPPORTED_IN_PART,
    "supported in part": Position.SUPPORTED_IN_PART,
    "supported-in-part": Position.SUPPORTED_IN_PART,
    "partially supported": Position.SUPPORTED_IN_PART,
    "partially accepted": Position.SUPPORTED_IN_PART,
    "accepted in part": Position.SUPPORTED_IN_PART,
    "": Position.PENDING,
    "pending": Position.PENDING,
    "no response": Position.PENDING,
    "no clear position": Position.PENDING,
    "awaiting response": Position.PENDING,
}


def normalise_position(raw: str | None) -> str | None:
    """Return the position a file's word means, or None when the word is not a position."""
    # Typed cells hold stray spaces and new lines, also around the slash of "Supported / Noted".
    key = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", (raw or "").strip().rstrip("."))).lower()
    position = _POSITION_WORDS.get(key)
    return None if position is None else position.value


# First Working Group session of each cycle (domain.md); seed/cycles.csv holds the same ranges with their years.
CYCLE_FIRST_SESSIONS = ((41, 4), (27, 3), (13, 2), (1, 1))


def cycle_of_session(session: int) -> int:
    """Return the UPR cycle a Working Group session belongs to."""
    return next(cycle for first, cycle in CYCLE_FIRST_SESSIONS if session >= first)
