"""transfers_in: a patient enrolled from another clinic's transfer summary, with its last dose

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new table only: nothing refers to it, and no existing table is rebuilt.
    op.create_table(
        "transfers_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("summary_id", sa.String(64), nullable=False),
        sa.Column("sender", sa.Text(), nullable=False),
        sa.Column("sender_fingerprint", sa.String(64), nullable=False),
        sa.Column("last_dose_on", sa.Date(), nullable=True),
        sa.Column(
            "last_dose_mg", sa.Numeric(18, 4).with_variant(sa.String(40), "sqlite"), nullable=True
        ),
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_transfers_in_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"], ["episodes.id"], name=op.f("fk_transfers_in_episode_id_episodes")
        ),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["users.id"], name=op.f("fk_transfers_in_imported_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers_in")),
    )
    op.create_index(op.f("ix_transfers_in_patient_id"), "transfers_in", ["patient_id"])
    op.create_index(op.f("ix_transfers_in_episode_id"), "transfers_in", ["episode_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_transfers_in_episode_id"), table_name="transfers_in")
    op.drop_index(op.f("ix_transfers_in_patient_id"), table_name="transfers_in")
    op.drop_table("transfers_in")
