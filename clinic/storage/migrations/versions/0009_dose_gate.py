"""dose gate: a dose's note and intoxication check, sites' dosing hours, patient flags, dose
exceptions, and which window has a patient's panel open

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "intoxication_checked", sa.Boolean(), server_default=sa.true(), nullable=False
            )
        )
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("dosing_opens", sa.String(length=5), server_default="07:00", nullable=False)
        )
        batch_op.add_column(
            sa.Column("dosing_closes", sa.String(length=5), server_default="12:00", nullable=False)
        )
    op.create_table(
        "dose_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dose_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("authorised_by", sa.Integer(), nullable=False),
        sa.Column("charged", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["authorised_by"], ["users.id"], name=op.f("fk_dose_exceptions_authorised_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["dose_id"], ["doses.id"], name=op.f("fk_dose_exceptions_dose_id_doses")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dose_exceptions")),
        sa.UniqueConstraint("dose_id", name=op.f("uq_dose_exceptions_dose_id")),
    )
    op.create_table(
        "patient_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("raised_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_flags_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["raised_by"], ["users.id"], name=op.f("fk_patient_flags_raised_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_flags")),
    )
    with op.batch_alter_table("patient_flags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patient_flags_patient_id"), ["patient_id"], unique=False
        )
    op.create_table(
        "flag_clearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cleared_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cleared_by"], ["users.id"], name=op.f("fk_flag_clearances_cleared_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["patient_flags.id"], name=op.f("fk_flag_clearances_flag_id_patient_flags")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_clearances")),
        sa.UniqueConstraint("flag_id", name=op.f("uq_flag_clearances_flag_id")),
    )
    op.create_table(
        "panel_presence",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("workstation", sa.String(length=128), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_panel_presence_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_panel_presence_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["window_id"], ["locations.id"], name=op.f("fk_panel_presence_window_id_locations")
        ),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_panel_presence")),
    )


def downgrade() -> None:
    op.drop_table("panel_presence")
    op.drop_table("flag_clearances")
    with op.batch_alter_table("patient_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_flags_patient_id"))
    op.drop_table("patient_flags")
    op.drop_table("dose_exceptions")
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("dosing_closes")
        batch_op.drop_column("dosing_opens")
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.drop_column("intoxication_checked")
        batch_op.drop_column("note")
