"""controlled stock ledger

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("holds_stock", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_locations_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
        sa.UniqueConstraint("code", name=op.f("uq_locations_code")),
    )
    op.create_table(
        "lots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("lot_number", sa.String(length=64), nullable=False),
        sa.Column("expiry_date", sa.Date(), nullable=False),
        sa.Column("manufacturer", sa.String(length=200), nullable=False),
        sa.Column("supplier", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_lots_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lots")),
        sa.UniqueConstraint("product_id", "lot_number", name=op.f("uq_lots_product_id")),
    )
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lots_product_id"), ["product_id"], unique=False)

    op.create_table(
        "destruction_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column(
            "quantity", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("applied_by", sa.Integer(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["applied_by"], ["users.id"], name=op.f("fk_destruction_applications_applied_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_destruction_applications_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lots.id"], name=op.f("fk_destruction_applications_lot_id_lots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_applications")),
    )
    op.create_table(
        "receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column(
            "expected", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "received", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "damaged", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "shortage", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("delivery_note", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("received_by", sa.Integer(), nullable=False),
        sa.Column("checked_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checked_by"], ["users.id"], name=op.f("fk_receipts_checked_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_receipts_location_id_locations")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_receipts_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["received_by"], ["users.id"], name=op.f("fk_receipts_received_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipts")),
    )
    op.create_table(
        "stock_balances",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column(
            "quantity", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_stock_balances_not_negative")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_balances_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lots.id"], name=op.f("fk_stock_balances_lot_id_lots")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_balances_product_id_products")
        ),
        sa.PrimaryKeyConstraint(
            "product_id", "lot_id", "location_id", name=op.f("pk_stock_balances")
        ),
    )
    op.create_table(
        "stock_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column(
            "opening", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "received", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "dispensed", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "wasted", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "returned", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("other", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False),
        sa.Column(
            "expected", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "counted", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "variance", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "tolerance", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("counted_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["counted_by"], ["users.id"], name=op.f("fk_stock_counts_counted_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_counts_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_counts_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_counts")),
    )
    op.create_table(
        "stock_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("from_location_id", sa.Integer(), nullable=False),
        sa.Column("to_location_id", sa.Integer(), nullable=False),
        sa.Column(
            "quantity", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voucher", sa.String(length=40), nullable=False),
        sa.Column("done_by", sa.Integer(), nullable=False),
        sa.Column("checked_by", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["checked_by"], ["users.id"], name=op.f("fk_stock_movements_checked_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["done_by"], ["users.id"], name=op.f("fk_stock_movements_done_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["from_location_id"],
            ["locations.id"],
            name=op.f("fk_stock_movements_from_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lots.id"], name=op.f("fk_stock_movements_lot_id_lots")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_movements_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["stock_movements.id"],
            name=op.f("fk_stock_movements_reverses_id_stock_movements"),
        ),
        sa.ForeignKeyConstraint(
            ["to_location_id"],
            ["locations.id"],
            name=op.f("fk_stock_movements_to_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_stock_movements_reverses_id")),
        sa.UniqueConstraint("voucher", name=op.f("uq_stock_movements_voucher")),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_movements_from_location_id"), ["from_location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stock_movements_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_movements_lot_id"), ["lot_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_movements_occurred_at"), ["occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stock_movements_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stock_movements_reference"), ["reference"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stock_movements_to_location_id"), ["to_location_id"], unique=False
        )

    op.create_table(
        "day_closes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["users.id"], name=op.f("fk_day_closes_closed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["count_id"], ["stock_counts.id"], name=op.f("fk_day_closes_count_id_stock_counts")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_day_closes_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_day_closes_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_closes")),
        sa.UniqueConstraint("count_id", name=op.f("uq_day_closes_count_id")),
        sa.UniqueConstraint(
            "location_id", "product_id", "business_date", name=op.f("uq_day_closes_location_id")
        ),
    )
    op.create_table(
        "destructions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("authority_reference", sa.String(length=100), nullable=False),
        sa.Column("supervisor", sa.String(length=200), nullable=False),
        sa.Column("destroyed_by", sa.Integer(), nullable=False),
        sa.Column("witness_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["destruction_applications.id"],
            name=op.f("fk_destructions_application_id_destruction_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["destroyed_by"], ["users.id"], name=op.f("fk_destructions_destroyed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["stock_movements.id"],
            name=op.f("fk_destructions_movement_id_stock_movements"),
        ),
        sa.ForeignKeyConstraint(
            ["witness_id"], ["users.id"], name=op.f("fk_destructions_witness_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destructions")),
        sa.UniqueConstraint("application_id", name=op.f("uq_destructions_application_id")),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("discovered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("circumstances", sa.Text(), nullable=False),
        sa.Column("police_reference", sa.String(length=100), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("witness_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["stock_movements.id"],
            name=op.f("fk_incidents_movement_id_stock_movements"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_incidents_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["witness_id"], ["users.id"], name=op.f("fk_incidents_witness_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_table(
        "transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("from_location_id", sa.Integer(), nullable=False),
        sa.Column("to_location_id", sa.Integer(), nullable=False),
        sa.Column(
            "quantity_sent", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("sent_movement_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_location_id"],
            ["locations.id"],
            name=op.f("fk_transfers_from_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_transfers_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_transfers_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["sent_movement_id"],
            ["stock_movements.id"],
            name=op.f("fk_transfers_sent_movement_id_stock_movements"),
        ),
        sa.ForeignKeyConstraint(
            ["to_location_id"], ["locations.id"], name=op.f("fk_transfers_to_location_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers")),
    )
    op.create_table(
        "variance_signoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("signed_by", sa.Integer(), nullable=False),
        sa.Column("witness_id", sa.Integer(), nullable=True),
        sa.Column("adjustment_vouchers", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["count_id"],
            ["stock_counts.id"],
            name=op.f("fk_variance_signoffs_count_id_stock_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["signed_by"], ["users.id"], name=op.f("fk_variance_signoffs_signed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["witness_id"], ["users.id"], name=op.f("fk_variance_signoffs_witness_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_variance_signoffs")),
        sa.UniqueConstraint("count_id", name=op.f("uq_variance_signoffs_count_id")),
    )
    op.create_table(
        "transfer_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transfer_id", sa.Integer(), nullable=False),
        sa.Column(
            "quantity_received",
            sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "difference", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("received_by", sa.Integer(), nullable=False),
        sa.Column("checked_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checked_by"], ["users.id"], name=op.f("fk_transfer_receipts_checked_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["received_by"], ["users.id"], name=op.f("fk_transfer_receipts_received_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["transfers.id"],
            name=op.f("fk_transfer_receipts_transfer_id_transfers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_receipts")),
        sa.UniqueConstraint("transfer_id", name=op.f("uq_transfer_receipts_transfer_id")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("insurance_item_code", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column(
                "unit_price", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("unit_price")
        batch_op.drop_column("insurance_item_code")

    op.drop_table("transfer_receipts")
    op.drop_table("variance_signoffs")
    op.drop_table("transfers")
    op.drop_table("incidents")
    op.drop_table("destructions")
    op.drop_table("day_closes")
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_movements_to_location_id"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_reference"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_product_id"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_lot_id"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_kind"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_from_location_id"))

    op.drop_table("stock_movements")
    op.drop_table("stock_counts")
    op.drop_table("stock_balances")
    op.drop_table("receipts")
    op.drop_table("destruction_applications")
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lots_product_id"))

    op.drop_table("lots")
    op.drop_table("locations")
