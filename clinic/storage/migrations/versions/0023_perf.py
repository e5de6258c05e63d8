"""indexes that keep the dose gate and the count sheet flat with history

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Indexes only: no table is rebuilt.
    op.create_index("ix_dose_orders_episode_id", "dose_orders", ["episode_id"])
    op.create_index(
        "ix_stock_movements_from_product_time",
        "stock_movements",
        ["from_location_id", "product_id", "occurred_at"],
    )
    op.create_index(
        "ix_stock_movements_to_product_time",
        "stock_movements",
        ["to_location_id", "product_id", "occurred_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_stock_movements_to_product_time", table_name="stock_movements")
    op.drop_index("ix_stock_movements_from_product_time", table_name="stock_movements")
    op.drop_index("ix_dose_orders_episode_id", table_name="dose_orders")
