"""image prices: USD per million image input and image output tokens on every price row

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 01:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('image_input_per_mtok', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('image_output_per_mtok', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.drop_column('image_output_per_mtok')
        batch_op.drop_column('image_input_per_mtok')
