"""insurance claims

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_claim_batches_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["payer_schemes.id"],
            name=op.f("fk_claim_batches_scheme_id_payer_schemes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_batches")),
        sa.UniqueConstraint("number", name=op.f("uq_claim_batches_number")),
    )
    op.create_table(
        "fee_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column(
            "unit_price", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("insurance_code", sa.String(length=64), nullable=False),
        sa.Column("charge_category", sa.String(length=8), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_fee_items_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_fee_items_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_items")),
        sa.UniqueConstraint("code", "effective_from", name=op.f("uq_fee_items_code")),
    )
    with op.batch_alter_table("fee_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fee_items_code"), ["code"], unique=False)

    op.create_table(
        "scheme_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("ratio", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False),
        sa.Column(
            "deductible", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "annual_cap", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=True
        ),
        sa.Column(
            "subsidy_share", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("covered", sa.String(length=100), nullable=False),
        sa.Column("insutype", sa.String(length=8), nullable=False),
        sa.Column("med_type", sa.String(length=8), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_scheme_terms_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["payer_schemes.id"],
            name=op.f("fk_scheme_terms_scheme_id_payer_schemes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheme_terms")),
        sa.UniqueConstraint("scheme_id", "effective_from", name=op.f("uq_scheme_terms_scheme_id")),
    )
    with op.batch_alter_table("scheme_terms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scheme_terms_scheme_id"), ["scheme_id"], unique=False)

    op.create_table(
        "claim_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("formats", sa.String(length=40), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("exported_by", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["claim_batches.id"], name=op.f("fk_claim_exports_batch_id_claim_batches")
        ),
        sa.ForeignKeyConstraint(
            ["exported_by"], ["users.id"], name=op.f("fk_claim_exports_exported_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_exports")),
    )
    with op.batch_alter_table("claim_exports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_exports_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=48), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("terms_id", sa.Integer(), nullable=False),
        sa.Column("insured_number", sa.Text(), nullable=False),
        sa.Column("diagnosis_code", sa.String(length=16), nullable=False),
        sa.Column("diagnosis_name", sa.String(length=200), nullable=False),
        sa.Column("total", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False),
        sa.Column(
            "deductible", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "payer_amount", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "subsidy_amount",
            sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "patient_amount",
            sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["claim_batches.id"], name=op.f("fk_claims_batch_id_claim_batches")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_claims_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["claims.id"], name=op.f("fk_claims_supersedes_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["terms_id"], ["scheme_terms.id"], name=op.f("fk_claims_terms_id_scheme_terms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("number", name=op.f("uq_claims_number")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_claims_supersedes_id")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "claim_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=True),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_events_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_claim_events_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_events")),
    )
    with op.batch_alter_table("claim_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_events_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "claim_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("fee_item_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("count", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False),
        sa.Column(
            "unit_price", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "amount", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "payer_amount", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column(
            "subsidy_amount",
            sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "patient_amount",
            sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_lines_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["fee_item_id"], ["fee_items.id"], name=op.f("fk_claim_lines_fee_item_id_fee_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_lines")),
        sa.UniqueConstraint("claim_id", "line_no", name=op.f("uq_claim_lines_claim_id")),
    )
    with op.batch_alter_table("claim_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_lines_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "claimed_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claimed_days_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_claimed_days_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claimed_days")),
        sa.UniqueConstraint(
            "patient_id", "service_date", "generation", name=op.f("uq_claimed_days_patient_id")
        ),
    )
    with op.batch_alter_table("claimed_days", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claimed_days_claim_id"), ["claim_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claimed_days", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claimed_days_claim_id"))

    op.drop_table("claimed_days")
    with op.batch_alter_table("claim_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_lines_claim_id"))

    op.drop_table("claim_lines")
    with op.batch_alter_table("claim_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_events_claim_id"))

    op.drop_table("claim_events")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_patient_id"))
        batch_op.drop_index(batch_op.f("ix_claims_batch_id"))

    op.drop_table("claims")
    with op.batch_alter_table("claim_exports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_exports_batch_id"))

    op.drop_table("claim_exports")
    with op.batch_alter_table("scheme_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheme_terms_scheme_id"))

    op.drop_table("scheme_terms")
    with op.batch_alter_table("fee_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fee_items_code"))

    op.drop_table("fee_items")
    op.drop_table("claim_batches")
