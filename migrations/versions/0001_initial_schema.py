"""Initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 18:44:08.396836

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('cycle',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('first_session', sa.Integer(), nullable=False),
    sa.Column('last_session', sa.Integer(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('end_year', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_cycle'))
    )
    op.create_table('fund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('short_name', sa.String(length=120), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund')),
    sa.UniqueConstraint('code', name=op.f('uq_fund_code')),
    sa.UniqueConstraint('name', name=op.f('uq_fund_name'))
    )
    op.create_table('group_of_persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_of_persons')),
    sa.UniqueConstraint('name', name=op.f('uq_group_of_persons_name'))
    )
    op.create_table('issue_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issue_tag')),
    sa.UniqueConstraint('name', name=op.f('uq_issue_tag_name'))
    )
    op.create_table('sdg',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('goal', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('official_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_sdg'))
    )
    with op.batch_alter_table('sdg', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sdg_goal'), ['goal'], unique=False)

    op.create_table('state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.Column('iso2', sa.String(length=2), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('official_name', sa.String(length=255), nullable=True),
    sa.Column('regional_group', sa.Enum('African', 'Asia-Pacific', 'Eastern European', 'GRULAC', 'WEOG', name='regional_group', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('status', sa.Enum('member', 'observer', name='state_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_state')),
    sa.UniqueConstraint('iso3', name=op.f('uq_state_iso3')),
    sa.UniqueConstraint('name', name=op.f('uq_state_name'))
    )
    op.create_table('theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('group', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme')),
    sa.UniqueConstraint('name', name=op.f('uq_theme_name'))
    )
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_code'), ['code'], unique=False)

    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('acronym', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.Enum('ministry', 'institution', 'nmrf', 'nhri', 'cso', 'un_entity', 'donor', 'other', name='organisation_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['state_id'], ['state.id'], name=op.f('fk_organisation_state_id_state')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('name', name=op.f('uq_organisation_name'))
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_state_id'), ['state_id'], unique=False)

    op.create_table('state_name',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['state_id'], ['state.id'], name=op.f('fk_state_name_state_id_state'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_state_name')),
    sa.UniqueConstraint('key', name=op.f('uq_state_name_key'))
    )
    with op.batch_alter_table('state_name', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_state_name_state_id'), ['state_id'], unique=False)

    op.create_table('upr_session',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_number', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_number'], ['cycle.number'], name=op.f('fk_upr_session_cycle_number_cycle')),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_upr_session'))
    )
    with op.batch_alter_table('upr_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upr_session_cycle_number'), ['cycle_number'], unique=False)

    op.create_table('assistance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('direction', sa.Enum('requested', 'received', name='assistance_direction', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('fund_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('advisory_services', 'training', 'legal_drafting', 'data', 'financial', 'other', name='assistance_kind', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('requested', 'agreed', 'under_way', 'delivered', 'declined', name='assistance_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cycle'], ['cycle.number'], name=op.f('fk_assistance_cycle_cycle')),
    sa.ForeignKeyConstraint(['fund_id'], ['fund.id'], name=op.f('fk_assistance_fund_id_fund')),
    sa.ForeignKeyConstraint(['provider_id'], ['organisation.id'], name=op.f('fk_assistance_provider_id_organisation')),
    sa.ForeignKeyConstraint(['state_id'], ['state.id'], name=op.f('fk_assistance_state_id_state')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistance'))
    )
    with op.batch_alter_table('assistance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assistance_cycle'), ['cycle'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_direction'), ['direction'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_state_id'), ['state_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_status'), ['status'], unique=False)

    op.create_table('pledge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_key', sa.String(length=64), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=255), nullable=True),
    sa.Column('session', sa.Integer(), nullable=True),
    sa.Column('cycle', sa.Integer(), nullable=True),
    sa.Column('follow_up', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cycle'], ['cycle.number'], name=op.f('fk_pledge_cycle_cycle')),
    sa.ForeignKeyConstraint(['session'], ['upr_session.number'], name=op.f('fk_pledge_session_upr_session')),
    sa.ForeignKeyConstraint(['state_id'], ['state.id'], name=op.f('fk_pledge_state_id_state')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge'))
    )
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_cycle'), ['cycle'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_session'), ['session'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_state_id'), ['state_id'], unique=False)
        batch_op.create_index('ix_pledge_state_text_key', ['state_id', 'text_key'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('session', sa.Integer(), nullable=True),
    sa.Column('report_symbol', sa.String(length=40), nullable=True),
    sa.Column('addendum_symbol', sa.String(length=40), nullable=True),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('adoption_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['cycle'], ['cycle.number'], name=op.f('fk_review_cycle_cycle')),
    sa.ForeignKeyConstraint(['session'], ['upr_session.number'], name=op.f('fk_review_session_upr_session')),
    sa.ForeignKeyConstraint(['state_id'], ['state.id'], name=op.f('fk_review_state_id_state')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('state_id', 'cycle', name=op.f('uq_review_state_id_cycle'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_cycle'), ['cycle'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_session'), ['session'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_state_id'), ['state_id'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('admin', 'coordinator', 'focal_point', 'nhri', 'cso', name='user_role', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_user_account_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_account_role'), ['role'], unique=False)

    op.create_table('assistance_pledge',
    sa.Column('assistance_id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assistance_id'], ['assistance.id'], name=op.f('fk_assistance_pledge_assistance_id_assistance'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_assistance_pledge_pledge_id_pledge'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assistance_id', 'pledge_id', name=op.f('pk_assistance_pledge'))
    )
    with op.batch_alter_table('assistance_pledge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assistance_pledge_pledge_id'), ['pledge_id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=64), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_audit_entry_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_user_id'), ['user_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.Enum('law', 'policy', 'budget_line', 'statistic', 'court_decision', 'programme', 'report', 'other', name='evidence_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=255), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('file_key', sa.String(length=64), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('file_type', sa.String(length=120), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('verified_by', sa.String(length=255), nullable=True),
    sa.Column('verified_by_user_id', sa.Integer(), nullable=True),
    sa.Column('verified_on', sa.Date(), nullable=True),
    sa.Column('cycle', sa.Integer(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cycle'], ['cycle.number'], name=op.f('fk_evidence_cycle_cycle')),
    sa.ForeignKeyConstraint(['state_id'], ['state.id'], name=op.f('fk_evidence_state_id_state')),
    sa.ForeignKeyConstraint(['verified_by_user_id'], ['user_account.id'], name=op.f('fk_evidence_verified_by_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('file_key', name=op.f('uq_evidence_file_key'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_cycle'), ['cycle'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_state_id'), ['state_id'], unique=False)

    op.create_table('pledge_issue',
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('issue_tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['issue_tag_id'], ['issue_tag.id'], name=op.f('fk_pledge_issue_issue_tag_id_issue_tag'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_pledge_issue_pledge_id_pledge'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pledge_id', 'issue_tag_id', name=op.f('pk_pledge_issue'))
    )
    with op.batch_alter_table('pledge_issue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_issue_issue_tag_id'), ['issue_tag_id'], unique=False)

    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('paragraph', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_key', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Enum('Supported', 'Noted', 'Supported-in-part', 'pending', name='position', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('position_source', sa.String(length=255), nullable=True),
    sa.Column('position_document', sa.String(length=60), nullable=True),
    sa.Column('position_paragraph', sa.String(length=20), nullable=True),
    sa.Column('theme_heading', sa.String(length=255), nullable=True),
    sa.Column('action_category', sa.Integer(), nullable=True),
    sa.Column('education_derived', sa.Boolean(), nullable=False),
    sa.Column('education_override', sa.Boolean(), nullable=True),
    sa.Column('education', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('not_started', 'planned', 'in_progress', 'partially_implemented', 'fully_implemented', name='status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('status_date', sa.Date(), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('source_file', sa.String(length=255), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['previous_id'], ['recommendation.id'], name=op.f('fk_recommendation_previous_id_recommendation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_recommendation_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation')),
    sa.UniqueConstraint('review_id', 'paragraph', name=op.f('uq_recommendation_review_id_paragraph'))
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_education'), ['education'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendation_position'), ['position'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendation_previous_id'), ['previous_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendation_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendation_review_id'), ['review_id'], unique=False)
        batch_op.create_index('ix_recommendation_review_text_key', ['review_id', 'text_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendation_status'), ['status'], unique=False)

    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.Enum('no_progress', 'limited_progress', 'some_progress', 'substantial_progress', 'fully_implemented', 'not_assessable', name='assessment_rating', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sources', sa.Text(), nullable=False),
    sa.Column('groups_affected', sa.String(length=255), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('moderation', sa.Enum('pending', 'published', 'hidden', name='assessment_moderation', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_assessment_author_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_assessment_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_assessment_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_moderation'), ['moderation'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('assignment',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_assignment_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_assignment_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'organisation_id', name=op.f('pk_assignment'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('assistance_recommendation',
    sa.Column('assistance_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assistance_id'], ['assistance.id'], name=op.f('fk_assistance_recommendation_assistance_id_assistance'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_assistance_recommendation_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assistance_id', 'recommendation_id', name=op.f('pk_assistance_recommendation'))
    )
    with op.batch_alter_table('assistance_recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assistance_recommendation_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('moderation', sa.Enum('pending', 'published', 'hidden', name='comment_moderation', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_comment_author_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_comment_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_comment_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_moderation'), ['moderation'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('evidence_recommendation',
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_evidence_recommendation_evidence_id_evidence'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_evidence_recommendation_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('evidence_id', 'recommendation_id', name=op.f('pk_evidence_recommendation'))
    )
    with op.batch_alter_table('evidence_recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_recommendation_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('pledge_recommendation',
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_pledge_recommendation_pledge_id_pledge'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_pledge_recommendation_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pledge_id', 'recommendation_id', name=op.f('pk_pledge_recommendation'))
    )
    with op.batch_alter_table('pledge_recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_recommendation_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('recommendation_group',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('group_of_persons_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_of_persons_id'], ['group_of_persons.id'], name=op.f('fk_recommendation_group_group_of_persons_id_group_of_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_group_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'group_of_persons_id', name=op.f('pk_recommendation_group'))
    )
    with op.batch_alter_table('recommendation_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_group_group_of_persons_id'), ['group_of_persons_id'], unique=False)

    op.create_table('recommendation_issue',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('issue_tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['issue_tag_id'], ['issue_tag.id'], name=op.f('fk_recommendation_issue_issue_tag_id_issue_tag'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_issue_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'issue_tag_id', name=op.f('pk_recommendation_issue'))
    )
    with op.batch_alter_table('recommendation_issue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_issue_issue_tag_id'), ['issue_tag_id'], unique=False)

    op.create_table('recommendation_recommending_state',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_recommending_state_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['state_id'], ['state.id'], name=op.f('fk_recommendation_recommending_state_state_id_state'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'state_id', name=op.f('pk_recommendation_recommending_state'))
    )
    with op.batch_alter_table('recommendation_recommending_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_recommending_state_state_id'), ['state_id'], unique=False)

    op.create_table('recommendation_sdg',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('sdg_code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_sdg_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sdg_code'], ['sdg.code'], name=op.f('fk_recommendation_sdg_sdg_code_sdg'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'sdg_code', name=op.f('pk_recommendation_sdg'))
    )
    with op.batch_alter_table('recommendation_sdg', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_sdg_sdg_code'), ['sdg_code'], unique=False)

    op.create_table('recommendation_theme',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_theme_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_recommendation_theme_theme_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'theme_id', name=op.f('pk_recommendation_theme'))
    )
    with op.batch_alter_table('recommendation_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_theme_theme_id'), ['theme_id'], unique=False)

    op.create_table('status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('not_started', 'planned', 'in_progress', 'partially_implemented', 'fully_implemented', name='status_change_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_status_change_author_id_user_account')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_status_change_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_change'))
    )
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_change_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_change_recommendation_id'), ['recommendation_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_change_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_status_change_author_id'))

    op.drop_table('status_change')
    with op.batch_alter_table('recommendation_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_theme_theme_id'))

    op.drop_table('recommendation_theme')
    with op.batch_alter_table('recommendation_sdg', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_sdg_sdg_code'))

    op.drop_table('recommendation_sdg')
    with op.batch_alter_table('recommendation_recommending_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_recommending_state_state_id'))

    op.drop_table('recommendation_recommending_state')
    with op.batch_alter_table('recommendation_issue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_issue_issue_tag_id'))

    op.drop_table('recommendation_issue')
    with op.batch_alter_table('recommendation_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_group_group_of_persons_id'))

    op.drop_table('recommendation_group')
    with op.batch_alter_table('pledge_recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_recommendation_recommendation_id'))

    op.drop_table('pledge_recommendation')
    with op.batch_alter_table('evidence_recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_recommendation_recommendation_id'))

    op.drop_table('evidence_recommendation')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_comment_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_comment_moderation'))
        batch_op.drop_index(batch_op.f('ix_comment_author_id'))

    op.drop_table('comment')
    with op.batch_alter_table('assistance_recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assistance_recommendation_recommendation_id'))

    op.drop_table('assistance_recommendation')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_due_date'))

    op.drop_table('assignment')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_moderation'))
        batch_op.drop_index(batch_op.f('ix_assessment_author_id'))

    op.drop_table('assessment')
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_status'))
        batch_op.drop_index('ix_recommendation_review_text_key')
        batch_op.drop_index(batch_op.f('ix_recommendation_review_id'))
        batch_op.drop_index(batch_op.f('ix_recommendation_published'))
        batch_op.drop_index(batch_op.f('ix_recommendation_previous_id'))
        batch_op.drop_index(batch_op.f('ix_recommendation_position'))
        batch_op.drop_index(batch_op.f('ix_recommendation_education'))

    op.drop_table('recommendation')
    with op.batch_alter_table('pledge_issue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_issue_issue_tag_id'))

    op.drop_table('pledge_issue')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_state_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_published'))
        batch_op.drop_index(batch_op.f('ix_evidence_kind'))
        batch_op.drop_index(batch_op.f('ix_evidence_cycle'))

    op.drop_table('evidence')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_action'))

    op.drop_table('audit_entry')
    with op.batch_alter_table('assistance_pledge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assistance_pledge_pledge_id'))

    op.drop_table('assistance_pledge')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_role'))
        batch_op.drop_index(batch_op.f('ix_user_account_organisation_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_state_id'))
        batch_op.drop_index(batch_op.f('ix_review_session'))
        batch_op.drop_index(batch_op.f('ix_review_cycle'))

    op.drop_table('review')
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.drop_index('ix_pledge_state_text_key')
        batch_op.drop_index(batch_op.f('ix_pledge_state_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_session'))
        batch_op.drop_index(batch_op.f('ix_pledge_published'))
        batch_op.drop_index(batch_op.f('ix_pledge_cycle'))

    op.drop_table('pledge')
    with op.batch_alter_table('assistance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assistance_status'))
        batch_op.drop_index(batch_op.f('ix_assistance_state_id'))
        batch_op.drop_index(batch_op.f('ix_assistance_published'))
        batch_op.drop_index(batch_op.f('ix_assistance_provider_id'))
        batch_op.drop_index(batch_op.f('ix_assistance_fund_id'))
        batch_op.drop_index(batch_op.f('ix_assistance_direction'))
        batch_op.drop_index(batch_op.f('ix_assistance_cycle'))

    op.drop_table('assistance')
    with op.batch_alter_table('upr_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upr_session_cycle_number'))

    op.drop_table('upr_session')
    with op.batch_alter_table('state_name', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_state_name_state_id'))

    op.drop_table('state_name')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_state_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_kind'))

    op.drop_table('organisation')
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_code'))

    op.drop_table('theme')
    op.drop_table('state')
    with op.batch_alter_table('sdg', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sdg_goal'))

    op.drop_table('sdg')
    op.drop_table('issue_tag')
    op.drop_table('group_of_persons')
    op.drop_table('fund')
    op.drop_table('cycle')
    
