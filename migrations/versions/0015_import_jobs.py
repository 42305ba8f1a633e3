"""Imports done by the worker: the jobs that check and import an upload, and the notice that one is done

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 21:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

JOB_KINDS = ("export",)
NOTICE_KINDS = (
    "assigned",
    "due_soon",
    "overdue",
    "awaiting_validation",
    "validated",
    "returned",
    "awaiting_moderation",
    "published",
    "refused",
    "new_status",
    "new_assessment",
    "file_ready",
)
IMPORT_JOBS = ("import-check", "import")


def _kinds(constraints, kinds):
    """Make each (table, constraint) CHECK list these kinds."""
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    for table, name in constraints:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(name), type_="check")
            batch_op.create_check_constraint(op.f(name), sa.text(f"kind IN ({listed})"))


def _notice_kinds(kinds):
    _kinds(
        (
            ("notification", "ck_notification_notice_kind"),
            ("notification_preference", "ck_notification_preference_notice_preference_kind"),
        ),
        kinds,
    )


def upgrade():
    _kinds((("job", "ck_job_job_kind"),), JOB_KINDS + IMPORT_JOBS)
    _notice_kinds(NOTICE_KINDS + ("imported",))


def downgrade():
    op.execute("DELETE FROM job WHERE kind IN ('import-check', 'import')")
    _kinds((("job", "ck_job_job_kind"),), JOB_KINDS)
    op.execute("DELETE FROM notification WHERE kind = 'imported'")
    op.execute("DELETE FROM notification_preference WHERE kind = 'imported'")
    _notice_kinds(NOTICE_KINDS)
