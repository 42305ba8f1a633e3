"""Narratives of the State's documents, in versions

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 08:05:55.629156

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "narrative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(length=32), nullable=False),
        sa.Column("section", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_narrative_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_narrative_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narrative")),
        sa.UniqueConstraint(
            "review_id",
            "document",
            "section",
            "version",
            name=op.f("uq_narrative_review_id_document_section_version"),
        ),
    )
    with op.batch_alter_table("narrative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_narrative_author_id"), ["author_id"], unique=False)


def downgrade():
    with op.batch_alter_table("narrative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_narrative_author_id"))

    op.drop_table("narrative")
