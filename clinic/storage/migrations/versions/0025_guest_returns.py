"""guest returns: the last dose another clinic confirms after a guest period there

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new table only: nothing already referred to by a foreign key is rebuilt.
    op.create_table(
        "guest_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guest_period_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("last_dose_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guest_period_id"],
            ["guest_periods.id"],
            name=op.f("fk_guest_returns_guest_period_id_guest_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"], ["episodes.id"], name=op.f("fk_guest_returns_episode_id_episodes")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_guest_returns_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_returns")),
        sa.UniqueConstraint("guest_period_id", name=op.f("uq_guest_returns_guest_period_id")),
    )
    op.create_index(
        op.f("ix_guest_returns_episode_id"), "guest_returns", ["episode_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_guest_returns_episode_id"), table_name="guest_returns")
    op.drop_table("guest_returns")
