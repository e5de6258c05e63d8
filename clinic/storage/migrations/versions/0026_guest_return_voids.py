"""guest return voids: a wrong guest return voided with a reason, and the right one recorded

A guest period may now hold several returns, one per attempt, of which at most one is live (not
voided): the unique (guest_period_id) becomes (guest_period_id, attempt). On SQLite that rebuilds
guest_returns, which no table referred to before this revision.

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIQUE = "uq_guest_returns_guest_period_id"  # the convention names both by their first column


def upgrade() -> None:
    with op.batch_alter_table("guest_returns") as batch:
        batch.add_column(sa.Column("attempt", sa.Integer(), nullable=False, server_default="1"))
        batch.drop_constraint(UNIQUE, type_="unique")
        batch.create_unique_constraint(UNIQUE, ["guest_period_id", "attempt"])
    op.create_table(
        "guest_return_voids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guest_return_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("voided_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guest_return_id"],
            ["guest_returns.id"],
            name=op.f("fk_guest_return_voids_guest_return_id_guest_returns"),
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["users.id"], name=op.f("fk_guest_return_voids_voided_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_return_voids")),
        sa.UniqueConstraint("guest_return_id", name=op.f("uq_guest_return_voids_guest_return_id")),
    )


def downgrade() -> None:
    op.drop_table("guest_return_voids")
    with op.batch_alter_table("guest_returns") as batch:
        batch.drop_constraint(UNIQUE, type_="unique")
        batch.create_unique_constraint(UNIQUE, ["guest_period_id"])
        batch.drop_column("attempt")
