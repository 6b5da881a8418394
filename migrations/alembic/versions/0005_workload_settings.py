"""workload settings: each org's p95 latency SLO per workload

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 12:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workload_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('workload', sa.String(length=200), nullable=False),
    sa.Column('p95_slo_ms', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('p95_slo_ms > 0', name=op.f('ck_workload_settings_p95_slo_positive')),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], name=op.f('fk_workload_settings_org_id_orgs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workload_settings')),
    sa.UniqueConstraint('org_id', 'workload', name='uq_workload_settings_org_workload')
    )
    with op.batch_alter_table('workload_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workload_settings_org_id'), ['org_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('workload_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workload_settings_org_id'))
    op.drop_table('workload_settings')
