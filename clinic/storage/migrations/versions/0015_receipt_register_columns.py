"""receipt register columns: quality condition, acceptance conclusion, the receipt's movements

The narcotic-drug register's receipt line carries the quality condition and the acceptance
conclusion, and the delivery's shortage and damage; a receipt now names the movement that put
the good stock in the safe and the one that put the damaged stock in quarantine. Receipts
recorded before this revision keep these empty (nothing to seal: the columns are new).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("receipts") as batch:
        batch.add_column(sa.Column("quality_condition", sa.Text(), nullable=True))
        batch.add_column(sa.Column("acceptance", sa.String(length=24), nullable=True))
        batch.add_column(sa.Column("movement_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("damaged_movement_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_receipts_movement_id_stock_movements"),
            "stock_movements",
            ["movement_id"],
            ["id"],
        )
        batch.create_foreign_key(
            op.f("fk_receipts_damaged_movement_id_stock_movements"),
            "stock_movements",
            ["damaged_movement_id"],
            ["id"],
        )
        batch.create_unique_constraint(op.f("uq_receipts_movement_id"), ["movement_id"])
        batch.create_unique_constraint(
            op.f("uq_receipts_damaged_movement_id"), ["damaged_movement_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("receipts") as batch:
        batch.drop_constraint(op.f("uq_receipts_damaged_movement_id"), type_="unique")
        batch.drop_constraint(op.f("uq_receipts_movement_id"), type_="unique")
        batch.drop_constraint(
            op.f("fk_receipts_damaged_movement_id_stock_movements"), type_="foreignkey"
        )
        batch.drop_constraint(op.f("fk_receipts_movement_id_stock_movements"), type_="foreignkey")
        batch.drop_column("damaged_movement_id")
        batch.drop_column("movement_id")
        batch.drop_column("acceptance")
        batch.drop_column("quality_condition")
