"""PostgreSQL's search sets accents aside as SQLite's does (unaccent), and finds paragraph ids by trigrams (pg_trgm)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 23:00:00

"""

from alembic import op

from uprtrack.recommendations.search import INDEXES, PARAGRAPHS, PARAGRAPHS_CREATE, PG_CONFIG, PG_SETUP

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's FTS5 tokenizer sets accents aside already, and its paragraphs are few to scan
    for statement in PG_SETUP:
        op.execute(statement)
    for index in INDEXES:
        for statement in [*index.dropped("postgresql"), *index.created("postgresql")]:
            op.execute(statement)
    op.execute(PARAGRAPHS_CREATE)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {PARAGRAPHS}")
    for index in INDEXES:
        for statement in [*index.dropped("postgresql"), *index.created("postgresql", "simple")]:
            op.execute(statement)
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}")
