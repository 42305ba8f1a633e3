"""What the audit log says was done, and to what kind of record."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from uprtrack.core.vocabulary.base import Term


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
    SAVE_NARRATIVE = "save-narrative", _l("Saved a section of a report")
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
    NARRATIVE = "narrative", _l("Section of a report")
