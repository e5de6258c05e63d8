"""login guards: session lock and activity, witness failures per session, per-workstation throttle

Revision ID: 0013
Revises: 0011
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "user_sessions", sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "user_sessions", sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "user_sessions",
        sa.Column("witness_failures", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "login_throttle",
        sa.Column("workstation", sa.String(length=128), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("workstation", name=op.f("pk_login_throttle")),
        sqlite_with_rowid=False,  # one b-tree keyed by workstation, read by every sign-in
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
    op.drop_column("user_sessions", "witness_failures")
    op.drop_column("user_sessions", "last_seen_at")
    op.drop_column("user_sessions", "locked_at")
