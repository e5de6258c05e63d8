"""patients enrolment orders

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payer_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payer_schemes")),
        sa.UniqueConstraint("code", name=op.f("uq_payer_schemes_code")),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("drug", sa.String(length=32), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column(
            "mg_per_unit", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=False
        ),
        sa.Column("controlled_class", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("code", name=op.f("uq_products_code")),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_consents_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_consents_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "diagnoses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("icd11", sa.String(length=16), nullable=False),
        sa.Column("icd10", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("diagnosed_on", sa.Date(), nullable=False),
        sa.Column("physician_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_diagnoses_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["physician_id"], ["users.id"], name=op.f("fk_diagnoses_physician_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnoses")),
    )
    with op.batch_alter_table("diagnoses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diagnoses_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_episodes_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episodes")),
        sa.UniqueConstraint("patient_id", "number", name=op.f("uq_episodes_patient_id")),
    )
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_episodes_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "patient_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("issue_number", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["issued_by"], ["users.id"], name=op.f("fk_patient_cards_issued_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_cards_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_cards")),
        sa.UniqueConstraint("code", name=op.f("uq_patient_cards_code")),
        sa.UniqueConstraint("patient_id", "issue_number", name=op.f("uq_patient_cards_patient_id")),
    )
    with op.batch_alter_table("patient_cards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patient_cards_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "patient_details",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("emergency_contact", sa.Text(), nullable=True),
        sa.Column("payer_scheme_id", sa.Integer(), nullable=True),
        sa.Column("guardian", sa.Text(), nullable=True),
        sa.Column("guardian_consent_on", sa.Date(), nullable=True),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_details_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["payer_scheme_id"],
            ["payer_schemes.id"],
            name=op.f("fk_patient_details_payer_scheme_id_payer_schemes"),
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_patient_details_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_patient_details")),
    )
    op.create_table(
        "patient_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_photos_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_patient_photos_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_photos")),
    )
    with op.batch_alter_table("patient_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patient_photos_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "consent_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consents.id"], name=op.f("fk_consent_revocations_consent_id_consents")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_consent_revocations_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_revocations")),
        sa.UniqueConstraint("consent_id", name=op.f("uq_consent_revocations_consent_id")),
    )
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("legal_basis", sa.Text(), nullable=True),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("disclosed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disclosed_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consents.id"], name=op.f("fk_disclosures_consent_id_consents")
        ),
        sa.ForeignKeyConstraint(
            ["disclosed_by"], ["users.id"], name=op.f("fk_disclosures_disclosed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_disclosures_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosures_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "dose_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column(
            "daily_dose_mg", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=True
        ),
        sa.Column("slots_json", sa.Text(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("take_home_days", sa.Integer(), nullable=False),
        sa.Column("induction", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("ecg_qtc_ms", sa.Integer(), nullable=True),
        sa.Column("ecg_on", sa.Date(), nullable=True),
        sa.Column("second_physician_id", sa.Integer(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("ordered_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"], ["episodes.id"], name=op.f("fk_dose_orders_episode_id_episodes")
        ),
        sa.ForeignKeyConstraint(
            ["ordered_by"], ["users.id"], name=op.f("fk_dose_orders_ordered_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_dose_orders_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_dose_orders_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["second_physician_id"],
            ["users.id"],
            name=op.f("fk_dose_orders_second_physician_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["dose_orders.id"],
            name=op.f("fk_dose_orders_supersedes_id_dose_orders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dose_orders")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_dose_orders_supersedes_id")),
    )
    with op.batch_alter_table("dose_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dose_orders_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"], ["episodes.id"], name=op.f("fk_status_changes_episode_id_episodes")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_status_changes_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_status_changes_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_changes")),
    )
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_changes_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "treatment_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("duration", sa.String(length=100), nullable=False),
        sa.Column("covers_confidentiality", sa.Boolean(), nullable=False),
        sa.Column("covers_clinic_rules", sa.Boolean(), nullable=False),
        sa.Column("covers_termination", sa.Boolean(), nullable=False),
        sa.Column("covers_effects_and_risks", sa.Boolean(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("scan", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_treatment_agreements_episode_id_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_treatment_agreements_patient_id_patients"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_treatment_agreements_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_agreements")),
    )
    with op.batch_alter_table("treatment_agreements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_treatment_agreements_patient_id"), ["patient_id"], unique=False
        )

    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_column("photo")


def downgrade() -> None:
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("photo", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("treatment_agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_treatment_agreements_patient_id"))

    op.drop_table("treatment_agreements")
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_changes_patient_id"))

    op.drop_table("status_changes")
    with op.batch_alter_table("dose_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dose_orders_patient_id"))

    op.drop_table("dose_orders")
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosures_patient_id"))

    op.drop_table("disclosures")
    op.drop_table("consent_revocations")
    with op.batch_alter_table("patient_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_photos_patient_id"))

    op.drop_table("patient_photos")
    op.drop_table("patient_details")
    with op.batch_alter_table("patient_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_cards_patient_id"))

    op.drop_table("patient_cards")
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_episodes_patient_id"))

    op.drop_table("episodes")
    with op.batch_alter_table("diagnoses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diagnoses_patient_id"))

    op.drop_table("diagnoses")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_patient_id"))

    op.drop_table("consents")
    op.drop_table("products")
    op.drop_table("payer_schemes")
