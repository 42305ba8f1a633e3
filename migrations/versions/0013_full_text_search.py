"""Full-text search of the recommendations' texts: FTS5 on SQLite, a GIN index of tsvector on PostgreSQL

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 17:40:00

"""

from alembic import op

from uprtrack.recommendations import search

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(search.SQLITE_CREATE)
        for trigger in search.SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute(search.SQLITE_REBUILD)  # index the rows already there
    else:
        op.execute(search.PG_CREATE)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS recommendation_fts_{name}")
        op.execute(f"DROP TABLE IF EXISTS {search.FTS_TABLE}")
    else:
        op.execute(f"DROP INDEX IF EXISTS {search.PG_INDEX}")
