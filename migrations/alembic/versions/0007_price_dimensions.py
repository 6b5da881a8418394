"""price dimensions: cache-write prices (5-minute, 1-hour), long-context tiers and service-tier rows

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 04:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cache_write_per_mtok', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('cache_write_1h_per_mtok', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('tiers', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('service_tier', sa.String(length=16), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.drop_column('service_tier')
        batch_op.drop_column('tiers')
        batch_op.drop_column('cache_write_1h_per_mtok')
        batch_op.drop_column('cache_write_per_mtok')
