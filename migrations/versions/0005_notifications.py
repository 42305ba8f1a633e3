"""Notifications and their preferences, the language of each user

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 03:08:00.619471

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_preference',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('assigned', 'due_soon', 'overdue', 'awaiting_validation', 'validated', 'returned', 'awaiting_moderation', 'published', 'refused', 'new_status', 'new_assessment', name='notice_preference_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('delivery', sa.Enum('immediately', 'daily', 'off', name='notice_preference_delivery', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_preference_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preference'))
    )
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('assigned', 'due_soon', 'overdue', 'awaiting_validation', 'validated', 'returned', 'awaiting_moderation', 'published', 'refused', 'new_status', 'new_assessment', name='notice_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=True),
    sa.Column('delivery', sa.Enum('immediately', 'daily', 'off', name='notice_delivery', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_notification_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_notification_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('user_id', 'kind', 'key', name=op.f('uq_notification_user_id_kind_key'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_emailed_at'), ['emailed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_recommendation_id'), ['recommendation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_notification_user_unread', ['user_id', 'read_at'], unique=False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))



def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('language')

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_unread')
        batch_op.drop_index(batch_op.f('ix_notification_user_id'))
        batch_op.drop_index(batch_op.f('ix_notification_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_notification_kind'))
        batch_op.drop_index(batch_op.f('ix_notification_emailed_at'))

    op.drop_table('notification')
    op.drop_table('notification_preference')
