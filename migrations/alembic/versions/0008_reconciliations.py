"""reconciliations: each bill compared with what Netra recorded, kept for the app and the weekly report

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 04:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reconciliations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('providers', sa.String(length=200), nullable=False),
    sa.Column('first_day', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_day', sa.DateTime(timezone=True), nullable=False),
    sa.Column('invoice_usd', sa.Float(), nullable=False),
    sa.Column('netra_usd', sa.Float(), nullable=False),
    sa.Column('coverage', sa.Float(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], name=op.f('fk_reconciliations_org_id_orgs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reconciliations'))
    )
    with op.batch_alter_table('reconciliations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reconciliations_org_id'), ['org_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reconciliations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reconciliations_org_id'))
    op.drop_table('reconciliations')
