"""Position changes: the dated history of a State's position on a recommendation

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 23:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('position_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Enum('Supported', 'Noted', 'Supported-in-part', 'pending', name='position_change_position', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_position_change_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_position_change'))
    )
    with op.batch_alter_table('position_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_position_change_recommendation_id'), ['recommendation_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('position_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_position_change_recommendation_id'))

    op.drop_table('position_change')
    
