"""guest dosing periods (and their early ends), and infectious-disease test results

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # New tables only: nothing already referred to by a foreign key is rebuilt.
    op.create_table(
        "infection_tests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("test", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("tested_on", sa.Text(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_infection_tests_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_infection_tests_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infection_tests")),
    )
    op.create_index(
        op.f("ix_infection_tests_patient_id"), "infection_tests", ["patient_id"], unique=False
    )
    op.create_table(
        "guest_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("other_clinic", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("ordered_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_guest_periods_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_guest_periods_site_id_sites")
        ),
        sa.ForeignKeyConstraint(
            ["ordered_by"], ["users.id"], name=op.f("fk_guest_periods_ordered_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_periods")),
    )
    op.create_index(
        op.f("ix_guest_periods_patient_id"), "guest_periods", ["patient_id"], unique=False
    )
    op.create_table(
        "guest_period_ends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guest_period_id", sa.Integer(), nullable=False),
        sa.Column("home_from", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guest_period_id"],
            ["guest_periods.id"],
            name=op.f("fk_guest_period_ends_guest_period_id_guest_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_guest_period_ends_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_period_ends")),
        sa.UniqueConstraint("guest_period_id", name=op.f("uq_guest_period_ends_guest_period_id")),
    )


def downgrade() -> None:
    op.drop_table("guest_period_ends")
    op.drop_index(op.f("ix_guest_periods_patient_id"), table_name="guest_periods")
    op.drop_table("guest_periods")
    op.drop_index(op.f("ix_infection_tests_patient_id"), table_name="infection_tests")
    op.drop_table("infection_tests")
