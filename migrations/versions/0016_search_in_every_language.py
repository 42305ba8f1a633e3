"""Full-text search of a recommendation's texts in the other UN languages: FTS5 on SQLite, GIN on PostgreSQL

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 21:45:00

"""

from alembic import op

from uprtrack.recommendations.search import TRANSLATIONS

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    for statement in TRANSLATIONS.created(op.get_bind().dialect.name, pg_config="simple"):
        op.execute(statement)


def downgrade():
    for statement in TRANSLATIONS.dropped(op.get_bind().dialect.name):
        op.execute(statement)
