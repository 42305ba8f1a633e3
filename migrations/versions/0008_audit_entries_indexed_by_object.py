"""Audit entries indexed by object, for the audit log's filter by record

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 03:23:10.767256

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entry_object", ["object_type", "object_id"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_object")
