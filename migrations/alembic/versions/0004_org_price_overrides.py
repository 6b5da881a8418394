"""org price overrides: a price row may belong to one org

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 17:00:00.000000

Before this revision an org admin's price change was written as a catalog (every-org) price. The
upgrade gives each such row to the org of the admin who wrote it (source 'admin:<username>'), and
each custom model's prices to the custom model's org; prices written from the CLI ('admin:cli')
and synced prices stay the catalog's.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('org_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_model_prices_org_id'), ['org_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_model_prices_org_id_orgs'), 'orgs', ['org_id'], ['id'], ondelete='CASCADE'
        )
    op.execute(
        "UPDATE model_prices SET org_id = (SELECT supply_catalog.org_id FROM supply_catalog "
        "WHERE supply_catalog.id = model_prices.supply_model_id)"
    )
    op.execute(
        "UPDATE model_prices SET org_id = (SELECT users.org_id FROM users "
        "WHERE 'admin:' || users.username = model_prices.source) "
        "WHERE org_id IS NULL AND source LIKE 'admin:%' AND source <> 'admin:cli' "
        "AND EXISTS (SELECT 1 FROM users WHERE 'admin:' || users.username = model_prices.source)"
    )


def downgrade() -> None:
    # Org prices of catalog models have no place in the old schema: dropping them is the only
    # way back that does not turn one org's price into every org's.
    op.execute(
        "DELETE FROM model_prices WHERE org_id IS NOT NULL AND supply_model_id IN "
        "(SELECT id FROM supply_catalog WHERE org_id IS NULL)"
    )
    with op.batch_alter_table('model_prices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_model_prices_org_id_orgs'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_model_prices_org_id'))
        batch_op.drop_column('org_id')
