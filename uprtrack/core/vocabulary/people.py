"""Who acts in uprtrack: roles and their groups, kinds of organisation, and what and how each user is told."""

from __future__ import annotations

from enum import nonmember

from flask_babel import lazy_gettext as _l

from uprtrack.core.vocabulary.base import Term, new_member


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
    FILE_READY = (
        "file_ready",
        _l("A file you asked for is ready, or could not be made"),
        "immediately",
    )
    IMPORTED = (
        "imported",
        _l("A file you import is checked or imported, or could not be"),
        "immediately",
    )

    def __new__(cls, code: str, label, delivery: str):
        member = new_member(cls, code, label)
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


class JobKind(Term):
    """What the job worker does for a user."""

    EXPORT = "export", _l("Export")
    CHECK_IMPORT = "import-check", _l("Check of a file to import")
    IMPORT = "import", _l("Import")


class JobState(Term):
    """Where a job is: waiting for the worker, being done, done (its file ready) or failed (its message says why)."""

    QUEUED = "queued", _l("Waiting for the worker")
    RUNNING = "running", _l("Being prepared")
    DONE = "done", _l("Ready")
    FAILED = "failed", _l("Failed")
