"""dosing window

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "doses_withheld",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("dosing_date", sa.Date(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_doses_withheld_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_doses_withheld_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doses_withheld")),
    )
    with op.batch_alter_table("doses_withheld", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_doses_withheld_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "urine_screens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("collected_on", sa.Date(), nullable=False),
        sa.Column("random", sa.Boolean(), nullable=False),
        sa.Column("any_positive", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_urine_screens_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_urine_screens_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urine_screens")),
    )
    with op.batch_alter_table("urine_screens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_urine_screens_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "screen_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screen_id", sa.Integer(), nullable=False),
        sa.Column("substance", sa.String(length=32), nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["screen_id"],
            ["urine_screens.id"],
            name=op.f("fk_screen_results_screen_id_urine_screens"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screen_results")),
        sa.UniqueConstraint("screen_id", "substance", name=op.f("uq_screen_results_screen_id")),
    )
    with op.batch_alter_table("screen_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screen_results_screen_id"), ["screen_id"], unique=False
        )

    op.create_table(
        "screen_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screen_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["users.id"], name=op.f("fk_screen_reviews_reviewed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["screen_id"],
            ["urine_screens.id"],
            name=op.f("fk_screen_reviews_screen_id_urine_screens"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screen_reviews")),
        sa.UniqueConstraint("screen_id", name=op.f("uq_screen_reviews_screen_id")),
    )
    op.create_table(
        "doses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("dosing_date", sa.Date(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column(
            "dose_mg", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nurse_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"], ["episodes.id"], name=op.f("fk_doses_episode_id_episodes")
        ),
        sa.ForeignKeyConstraint(["nurse_id"], ["users.id"], name=op.f("fk_doses_nurse_id_users")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["dose_orders.id"], name=op.f("fk_doses_order_id_dose_orders")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_doses_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["window_id"], ["locations.id"], name=op.f("fk_doses_window_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doses")),
        sa.UniqueConstraint(
            "patient_id", "dosing_date", "slot", "attempt", name=op.f("uq_doses_patient_id")
        ),
    )
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_doses_dosing_date"), ["dosing_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_doses_given_at"), ["given_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_doses_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_doses_window_id"), ["window_id"], unique=False)

    op.create_table(
        "bottle_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dose_id", sa.Integer(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dose_id"], ["doses.id"], name=op.f("fk_bottle_returns_dose_id_doses")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_bottle_returns_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bottle_returns")),
        sa.UniqueConstraint("dose_id", name=op.f("uq_bottle_returns_dose_id")),
    )
    op.create_table(
        "dose_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dose_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column(
            "quantity", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dose_id"], ["doses.id"], name=op.f("fk_dose_items_dose_id_doses")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_dose_items_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["stock_movements.id"],
            name=op.f("fk_dose_items_movement_id_stock_movements"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_dose_items_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dose_items")),
        sa.UniqueConstraint("movement_id", name=op.f("uq_dose_items_movement_id")),
    )
    with op.batch_alter_table("dose_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dose_items_dose_id"), ["dose_id"], unique=False)

    op.create_table(
        "dose_voids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dose_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("voided_by", sa.Integer(), nullable=False),
        sa.Column("witness_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dose_id"], ["doses.id"], name=op.f("fk_dose_voids_dose_id_doses")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["users.id"], name=op.f("fk_dose_voids_voided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["witness_id"], ["users.id"], name=op.f("fk_dose_voids_witness_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dose_voids")),
        sa.UniqueConstraint("dose_id", name=op.f("uq_dose_voids_dose_id")),
    )


def downgrade() -> None:
    op.drop_table("dose_voids")
    with op.batch_alter_table("dose_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dose_items_dose_id"))

    op.drop_table("dose_items")
    op.drop_table("bottle_returns")
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_doses_window_id"))
        batch_op.drop_index(batch_op.f("ix_doses_patient_id"))
        batch_op.drop_index(batch_op.f("ix_doses_given_at"))
        batch_op.drop_index(batch_op.f("ix_doses_dosing_date"))

    op.drop_table("doses")
    op.drop_table("screen_reviews")
    with op.batch_alter_table("screen_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screen_results_screen_id"))

    op.drop_table("screen_results")
    with op.batch_alter_table("urine_screens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_urine_screens_patient_id"))

    op.drop_table("urine_screens")
    with op.batch_alter_table("doses_withheld", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_doses_withheld_patient_id"))

    op.drop_table("doses_withheld")
