"""patient fee accounts: site fees, day charges, payments

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site_fees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column(
            "daily_fee", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_site_fees_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_site_fees_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_fees")),
    )
    with op.batch_alter_table("site_fees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_fees_site_id"), ["site_id"], unique=False)

    op.create_table(
        "fee_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.String(length=32), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column(
            "amount", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_fee_payments_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_fee_payments_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_payments")),
        sa.UniqueConstraint("receipt_number", name=op.f("uq_fee_payments_receipt_number")),
    )
    with op.batch_alter_table("fee_payments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fee_payments_patient_amount", ["patient_id", "amount"], unique=False
        )

    op.create_table(
        "fee_payment_voids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("voided_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["fee_payments.id"],
            name=op.f("fk_fee_payment_voids_payment_id_fee_payments"),
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["users.id"], name=op.f("fk_fee_payment_voids_voided_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_payment_voids")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_fee_payment_voids_payment_id")),
    )
    op.create_table(
        "fee_charges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("dose_id", sa.Integer(), nullable=False),
        sa.Column(
            "amount", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dose_id"], ["doses.id"], name=op.f("fk_fee_charges_dose_id_doses")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_fee_charges_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_fee_charges_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_charges")),
        sa.UniqueConstraint("dose_id", name=op.f("uq_fee_charges_dose_id")),
        sa.UniqueConstraint(
            "patient_id", "service_date", "generation", name=op.f("uq_fee_charges_patient_id")
        ),
    )
    with op.batch_alter_table("fee_charges", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fee_charges_patient_amount", ["patient_id", "amount"], unique=False
        )

    op.create_table(
        "fee_charge_reversals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("charge_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["charge_id"],
            ["fee_charges.id"],
            name=op.f("fk_fee_charge_reversals_charge_id_fee_charges"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_fee_charge_reversals_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_charge_reversals")),
        sa.UniqueConstraint("charge_id", name=op.f("uq_fee_charge_reversals_charge_id")),
    )


def downgrade() -> None:
    op.drop_table("fee_charge_reversals")
    with op.batch_alter_table("fee_charges", schema=None) as batch_op:
        batch_op.drop_index("ix_fee_charges_patient_amount")

    op.drop_table("fee_charges")
    op.drop_table("fee_payment_voids")
    with op.batch_alter_table("fee_payments", schema=None) as batch_op:
        batch_op.drop_index("ix_fee_payments_patient_amount")

    op.drop_table("fee_payments")
    with op.batch_alter_table("site_fees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_fees_site_id"))

    op.drop_table("site_fees")
