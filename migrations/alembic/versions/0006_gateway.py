"""gateway: policy versions, budgets and budget alerts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 03:12:09.189145
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('budgets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('scope_value', sa.String(length=200), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('soft_limit_usd', sa.Float(), nullable=True),
    sa.Column('hard_limit_usd', sa.Float(), nullable=True),
    sa.Column('webhook_url', sa.String(length=500), nullable=True),
    sa.Column('is_enabled', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("period IN ('daily', 'weekly', 'monthly')", name=op.f('ck_budgets_period_valid')),
    sa.CheckConstraint("scope IN ('org', 'workload', 'user', 'key')", name=op.f('ck_budgets_scope_valid')),
    sa.CheckConstraint('hard_limit_usd IS NULL OR hard_limit_usd > 0', name=op.f('ck_budgets_hard_positive')),
    sa.CheckConstraint('soft_limit_usd IS NOT NULL OR hard_limit_usd IS NOT NULL', name=op.f('ck_budgets_has_a_limit')),
    sa.CheckConstraint('soft_limit_usd IS NULL OR soft_limit_usd > 0', name=op.f('ck_budgets_soft_positive')),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], name=op.f('fk_budgets_org_id_orgs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budgets')),
    sa.UniqueConstraint('org_id', 'scope', 'scope_value', 'period', name='uq_budgets_org_scope_period')
    )
    with op.batch_alter_table('budgets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budgets_org_id'), ['org_id'], unique=False)

    op.create_table('policy_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('policy', sa.JSON(), nullable=False),
    sa.Column('forecast', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'active', 'retired')", name=op.f('ck_policy_versions_status_valid')),
    sa.CheckConstraint('version > 0', name=op.f('ck_policy_versions_version_positive')),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], name=op.f('fk_policy_versions_org_id_orgs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_versions')),
    sa.UniqueConstraint('org_id', 'version', name='uq_policy_versions_org_version')
    )
    with op.batch_alter_table('policy_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_versions_org_id'), ['org_id'], unique=False)

    op.create_table('budget_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivery_error', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('soft_limit', 'hard_limit', 'runs_out', 'spend_anomaly', 'error_anomaly')", name=op.f('ck_budget_alerts_kind_valid')),
    sa.ForeignKeyConstraint(['budget_id'], ['budgets.id'], name=op.f('fk_budget_alerts_budget_id_budgets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], name=op.f('fk_budget_alerts_org_id_orgs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_alerts')),
    sa.UniqueConstraint('org_id', 'dedupe_key', name='uq_budget_alerts_org_dedupe')
    )
    with op.batch_alter_table('budget_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_alerts_org_id'), ['org_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('budget_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_alerts_org_id'))

    op.drop_table('budget_alerts')
    with op.batch_alter_table('policy_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_versions_org_id'))

    op.drop_table('policy_versions')
    with op.batch_alter_table('budgets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budgets_org_id'))

    op.drop_table('budgets')
