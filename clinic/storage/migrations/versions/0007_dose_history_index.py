"""doses: index for a patient's doses of one kind (take-home bottles still out)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_doses_patient_kind_date", ["patient_id", "kind", "dosing_date"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.drop_index("ix_doses_patient_kind_date")
