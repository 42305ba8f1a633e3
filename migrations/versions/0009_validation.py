"""Validation of status changes, actions and evidence: proposed, validated, returned or withdrawn, who decided,
when and why, and the batch of a bulk step; every existing entry is validated (the server default)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 03:15:47.072251

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('entry_state', sa.Enum('proposed', 'validated', 'returned', 'withdrawn', name='entry_state', native_enum=False, create_constraint=True, length=16), server_default='validated', nullable=False))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_evidence_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_entry_state'), ['entry_state'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_evidence_author_id_user_account'), 'user_account', ['author_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_evidence_decided_by_id_user_account'), 'user_account', ['decided_by_id'], ['id'])

    with op.batch_alter_table('implementation_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('entry_state', sa.Enum('proposed', 'validated', 'returned', 'withdrawn', name='entry_state', native_enum=False, create_constraint=True, length=16), server_default='validated', nullable=False))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_implementation_action_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_implementation_action_entry_state'), ['entry_state'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_implementation_action_decided_by_id_user_account'), 'user_account', ['decided_by_id'], ['id'])

    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('entry_state', sa.Enum('proposed', 'validated', 'returned', 'withdrawn', name='entry_state', native_enum=False, create_constraint=True, length=16), server_default='validated', nullable=False))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_status_change_batch'), ['batch'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_change_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_change_entry_state'), ['entry_state'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_status_change_decided_by_id_user_account'), 'user_account', ['decided_by_id'], ['id'])



def downgrade():
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_status_change_entry_state'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_status_change_decided_by_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_status_change_entry_state'))
        batch_op.drop_index(batch_op.f('ix_status_change_decided_by_id'))
        batch_op.drop_index(batch_op.f('ix_status_change_batch'))
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('entry_state')
        batch_op.drop_column('decision_reason')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('batch')

    with op.batch_alter_table('implementation_action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_implementation_action_entry_state'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_implementation_action_decided_by_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_implementation_action_entry_state'))
        batch_op.drop_index(batch_op.f('ix_implementation_action_decided_by_id'))
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('entry_state')
        batch_op.drop_column('decision_reason')
        batch_op.drop_column('decided_at')

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_evidence_entry_state'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_evidence_decided_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_evidence_author_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_evidence_entry_state'))
        batch_op.drop_index(batch_op.f('ix_evidence_decided_by_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_author_id'))
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('entry_state')
        batch_op.drop_column('decision_reason')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('author_id')

