"""Mechanisms beyond the UPR, the sources of each recommendation, texts in the six UN languages

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 00:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('mechanism',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.Enum('upr', 'treaty_body', 'special_procedure', name='mechanism_kind', native_enum=False, length=24, create_constraint=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mechanism')),
    sa.UniqueConstraint('code', name=op.f('uq_mechanism_code'))
    )
    # Every review stored so far is a UPR review.
    mechanism = sa.table('mechanism', sa.column('code'), sa.column('name'), sa.column('kind'))
    op.bulk_insert(mechanism, [{'code': 'UPR', 'name': 'Universal Periodic Review', 'kind': 'upr'}])

    op.create_table('recommendation_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('row', sa.Integer(), nullable=True),
    sa.Column('identifiers', sa.JSON(), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_source_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_source')),
    sa.UniqueConstraint('recommendation_id', 'kind', 'file_name', 'reference', name='uq_recommendation_source_origin')
    )
    with op.batch_alter_table('recommendation_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_source_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('recommendation_text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.Enum('ar', 'en', 'es', 'fr', 'ru', 'zh', name='text_language', native_enum=False, length=2, create_constraint=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_text_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_text')),
    sa.UniqueConstraint('recommendation_id', 'language', name=op.f('uq_recommendation_text_recommendation_id_language'))
    )
    with op.batch_alter_table('recommendation_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_text_recommendation_id'), ['recommendation_id'], unique=False)

    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mechanism_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('document_symbol', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('document_date', sa.Date(), nullable=True))
    op.execute("UPDATE review SET mechanism_id = (SELECT id FROM mechanism WHERE code = 'UPR')")
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.alter_column('mechanism_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('cycle', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_review_mechanism_id'), ['mechanism_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_review_mechanism_id_mechanism'), 'mechanism', ['mechanism_id'], ['id'])
        batch_op.create_unique_constraint(batch_op.f('uq_review_state_id_mechanism_id_document_symbol'), ['state_id', 'mechanism_id', 'document_symbol'])

    


def downgrade():
    
    # Reviews of other mechanisms have no cycle: they cannot be kept in a UPR-only schema.
    op.execute("DELETE FROM review WHERE cycle IS NULL")
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_review_state_id_mechanism_id_document_symbol'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_review_mechanism_id_mechanism'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_review_mechanism_id'))
        batch_op.alter_column('cycle', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('document_date')
        batch_op.drop_column('document_symbol')
        batch_op.drop_column('mechanism_id')

    with op.batch_alter_table('recommendation_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_text_recommendation_id'))

    op.drop_table('recommendation_text')
    with op.batch_alter_table('recommendation_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_source_recommendation_id'))

    op.drop_table('recommendation_source')
    op.drop_table('mechanism')
    
