"""Every table of uprtrack; importing this package registers them all."""

from uprtrack.models.audit import AuditEntry
from uprtrack.models.base import AppendOnlyError
from uprtrack.models.follow_up import Evidence, Pledge, TechnicalAssistance
from uprtrack.models.jobs import Job
from uprtrack.models.mechanisms import UPR_CODE, Mechanism, RecommendationSource, RecommendationText
from uprtrack.models.narratives import Narrative
from uprtrack.models.notifications import Digest, Follow, Notification, NotificationPreference
from uprtrack.models.people import LoginAttempt, Organisation, RecoveryCode, SavedView, User
from uprtrack.models.recommendations import (
    Assignment,
    ImplementationAction,
    PositionChange,
    Recommendation,
    Review,
    StatusChange,
)
from uprtrack.models.reference import (
    Cycle,
    Fund,
    GroupOfPersons,
    IssueTag,
    Sdg,
    State,
    StateName,
    Theme,
    UprSession,
    name_key,
)
from uprtrack.models.settings import Setting
from uprtrack.models.voices import Assessment, Comment

__all__ = [
    "UPR_CODE",
    "AppendOnlyError",
    "Assessment",
    "Assignment",
    "AuditEntry",
    "Comment",
    "Cycle",
    "Digest",
    "Evidence",
    "Follow",
    "Fund",
    "GroupOfPersons",
    "ImplementationAction",
    "IssueTag",
    "Job",
    "LoginAttempt",
    "Mechanism",
    "Narrative",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "Pledge",
    "PositionChange",
    "Recommendation",
    "RecommendationSource",
    "RecommendationText",
    "RecoveryCode",
    "Review",
    "SavedView",
    "Sdg",
    "Setting",
    "State",
    "StateName",
    "StatusChange",
    "TechnicalAssistance",
    "Theme",
    "UprSession",
    "User",
    "name_key",
]
