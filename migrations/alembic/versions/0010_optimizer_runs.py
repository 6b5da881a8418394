"""optimizer_runs: each optimizer run of the Optimize page, kept with its parameters and headline savings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('optimizer_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('window_usd', sa.Float(), nullable=False),
    sa.Column('month_usd', sa.Float(), nullable=False),
    sa.Column('month_lo_usd', sa.Float(), nullable=False),
    sa.Column('month_hi_usd', sa.Float(), nullable=False),
    sa.Column('share', sa.Float(), nullable=True),
    sa.Column('level', sa.Float(), nullable=False),
    sa.Column('quality_change', sa.Float(), nullable=True),
    sa.Column('quality_change_lo', sa.Float(), nullable=True),
    sa.Column('quality_change_hi', sa.Float(), nullable=True),
    sa.Column('policy_version', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], name=op.f('fk_optimizer_runs_org_id_orgs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_optimizer_runs'))
    )
    with op.batch_alter_table('optimizer_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_optimizer_runs_org_id'), ['org_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('optimizer_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_optimizer_runs_org_id'))
    op.drop_table('optimizer_runs')
