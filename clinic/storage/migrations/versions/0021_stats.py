"""released statistics: one row per release of aggregate counts, recipient and purpose sealed

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new table only: nothing existing is rebuilt.
    op.create_table(
        "aggregate_disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report", sa.String(length=64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("site_code", sa.String(length=16), nullable=True),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("cells_withheld", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("disclosed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disclosed_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["disclosed_by"], ["users.id"], name=op.f("fk_aggregate_disclosures_disclosed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aggregate_disclosures")),
        sa.UniqueConstraint("reference", name=op.f("uq_aggregate_disclosures_reference")),
    )


def downgrade() -> None:
    op.drop_table("aggregate_disclosures")
