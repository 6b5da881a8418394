"""audio prices: USD per million audio input, cached audio input and audio output tokens on every price row

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 04:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audio_input_per_mtok', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('audio_cached_input_per_mtok', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('audio_output_per_mtok', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.drop_column('audio_output_per_mtok')
        batch_op.drop_column('audio_cached_input_per_mtok')
        batch_op.drop_column('audio_input_per_mtok')
