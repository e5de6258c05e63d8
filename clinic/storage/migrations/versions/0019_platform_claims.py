"""claims in the national platform's terms: chronic-disease registrations, visits, replies

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-28
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _recorded(table: str) -> list[Any]:
    return [
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f(f"fk_{table}_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    # New tables only: nothing existing is rebuilt (claims and fee_items are referred to).
    op.create_table(
        "chronic_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("disease_code", sa.Text(), nullable=False),
        sa.Column("disease_name", sa.Text(), nullable=False),
        sa.Column("begins_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("registration_number", sa.Text(), nullable=False),
        sa.Column("insuplc_admdvs", sa.String(length=6), nullable=False),
        sa.Column("cert_type", sa.String(length=3), nullable=False),
        sa.Column("cert_no", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_chronic_registrations_patient_id_patients"),
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["payer_schemes.id"],
            name=op.f("fk_chronic_registrations_scheme_id_payer_schemes"),
        ),
        *_recorded("chronic_registrations"),
    )
    op.create_index(
        op.f("ix_chronic_registrations_patient_id"), "chronic_registrations", ["patient_id"]
    )
    op.create_table(
        "platform_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("cert_type", sa.String(length=3), nullable=True),
        sa.Column("cert_no", sa.Text(), nullable=True),
        sa.Column("physician_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_platform_visits_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["chronic_registrations.id"],
            name=op.f("fk_platform_visits_registration_id_chronic_registrations"),
        ),
        sa.ForeignKeyConstraint(
            ["physician_id"], ["users.id"], name=op.f("fk_platform_visits_physician_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_visits")),
        sa.UniqueConstraint("claim_id", "service_date", name=op.f("uq_platform_visits_claim_id")),
    )
    op.create_index(op.f("ix_platform_visits_claim_id"), "platform_visits", ["claim_id"])
    op.create_table(
        "platform_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("infno", sa.String(length=8), nullable=False),
        sa.Column("mdtrt_id", sa.String(length=64), nullable=True),
        sa.Column("setl_id", sa.String(length=64), nullable=True),
        sa.Column("rejection", sa.Text(), nullable=True),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["platform_visits.id"],
            name=op.f("fk_platform_replies_visit_id_platform_visits"),
        ),
        *_recorded("platform_replies"),
    )
    op.create_index(op.f("ix_platform_replies_visit_id"), "platform_replies", ["visit_id"])


def downgrade() -> None:
    op.drop_table("platform_replies")
    op.drop_table("platform_visits")
    op.drop_table("chronic_registrations")
