"""Full-text search of the recommendations' texts: FTS5 on SQLite, a GIN index of tsvector on PostgreSQL

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 17:40:00

"""

from alembic import op

from uprtrack.recommendations.search import RECOMMENDATIONS

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    for statement in RECOMMENDATIONS.created(op.get_bind().dialect.name, pg_config="simple"):
        op.execute(statement)


def downgrade():
    for statement in RECOMMENDATIONS.dropped(op.get_bind().dialect.name):
        op.execute(statement)
