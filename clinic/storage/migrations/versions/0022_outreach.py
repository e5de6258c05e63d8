"""outreach contact attempts: who tried to reach a patient who missed days, how, and what came of it

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new table only: nothing already referred to by a foreign key is rebuilt.
    op.create_table(
        "outreach_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_outreach_attempts_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_outreach_attempts_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_attempts")),
    )
    op.create_index(
        op.f("ix_outreach_attempts_patient_id"), "outreach_attempts", ["patient_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_outreach_attempts_patient_id"), table_name="outreach_attempts")
    op.drop_table("outreach_attempts")
