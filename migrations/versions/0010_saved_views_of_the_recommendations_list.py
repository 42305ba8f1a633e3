"""Saved views of the recommendations list

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 03:15:16.356140

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_view',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('query', sa.String(length=2000), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_saved_view_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_saved_view_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_view')),
    sa.UniqueConstraint('user_id', 'name', name=op.f('uq_saved_view_user_id_name'))
    )
    with op.batch_alter_table('saved_view', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_view_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_view_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('saved_view', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_view_user_id'))
        batch_op.drop_index(batch_op.f('ix_saved_view_organisation_id'))

    op.drop_table('saved_view')
