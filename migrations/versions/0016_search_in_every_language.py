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
    if op.get_bind().dialect.name == "sqlite":
        op.execute(TRANSLATIONS.sqlite_create)
        for trigger in TRANSLATIONS.sqlite_triggers:
            op.execute(trigger)
        op.execute(TRANSLATIONS.sqlite_rebuild)  # index the texts already there
    else:
        op.execute(TRANSLATIONS.pg_create)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {TRANSLATIONS.fts}_{name}")
        op.execute(f"DROP TABLE IF EXISTS {TRANSLATIONS.fts}")
    else:
        op.execute(f"DROP INDEX IF EXISTS {TRANSLATIONS.pg_index}")
