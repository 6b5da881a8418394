"""cached image prices: USD per million cached image input tokens on every price row

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 02:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('image_cached_per_mtok', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.drop_column('image_cached_per_mtok')
