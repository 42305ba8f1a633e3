"""The controlled vocabularies of the domain, each an enum whose members carry their label and colours,
and the one place that maps what files say onto them.

A member is its code (a `StrEnum`: `Status.PLANNED == "planned"`), which is what the database stores; the
models' CHECK constraints, the forms' choices, the templates, the charts and the exports all read these enums,
so a word, its label and its colour are written once.
"""

from uprtrack.core.vocabulary.audit import AuditAction, AuditObject
from uprtrack.core.vocabulary.base import Term, new_member
from uprtrack.core.vocabulary.files import (
    CYCLE_FIRST_SESSIONS,
    UN_LANGUAGES,
    cycle_of_session,
    normalise_position,
)
from uprtrack.core.vocabulary.implementation import (
    RATING_PROGRESS,
    STATUS_PROGRESS,
    EntryState,
    Moderation,
    Position,
    Progress,
    Rating,
    Status,
    disagree,
)
from uprtrack.core.vocabulary.people import (
    GOVERNMENT_ROLES,
    MANAGER_ROLES,
    RESPONSIBLE_KINDS,
    VOICE_ROLES,
    Delivery,
    JobKind,
    JobState,
    NoticeKind,
    OrganisationKind,
    Role,
)
from uprtrack.core.vocabulary.records import (
    AssistanceDirection,
    AssistanceKind,
    AssistanceState,
    EvidenceKind,
    MechanismKind,
    ProviderKind,
    RegionalGroup,
    StateStatus,
)

__all__ = [
    "CYCLE_FIRST_SESSIONS",
    "GOVERNMENT_ROLES",
    "MANAGER_ROLES",
    "RATING_PROGRESS",
    "RESPONSIBLE_KINDS",
    "STATUS_PROGRESS",
    "UN_LANGUAGES",
    "VOICE_ROLES",
    "AssistanceDirection",
    "AssistanceKind",
    "AssistanceState",
    "AuditAction",
    "AuditObject",
    "Delivery",
    "EntryState",
    "EvidenceKind",
    "JobKind",
    "JobState",
    "MechanismKind",
    "Moderation",
    "NoticeKind",
    "OrganisationKind",
    "Position",
    "Progress",
    "ProviderKind",
    "Rating",
    "RegionalGroup",
    "Role",
    "StateStatus",
    "Status",
    "Term",
    "cycle_of_session",
    "disagree",
    "new_member",
    "normalise_position",
]
