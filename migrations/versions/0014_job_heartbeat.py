"""A job's heartbeat: when its worker last said it was still on it, so a job whose worker died can be failed

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 19:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("job", sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("job") as batch:
        batch.drop_column("heartbeat_at")
