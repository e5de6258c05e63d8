"""satellites: the replica's state and outbox, the server's offline receipts and review list

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    # New tables only: nothing already referred to by a foreign key is rebuilt.
    op.create_table(
        "replica_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("workstation", sa.String(length=128), nullable=False),
        sa.Column("synced_at", WHEN, nullable=False),
        sa.Column("events_sent", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replica_state")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("arguments", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("workstation", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("server_ref", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    op.create_table(
        "sync_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("workstation", sa.String(length=128), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("given_by", sa.Integer(), nullable=False),
        sa.Column("given_at", WHEN, nullable=False),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.Column("refusal_en", sa.Text(), nullable=False),
        sa.Column("refusal_zh", sa.Text(), nullable=False),
        sa.Column("recorded", sa.Text(), nullable=False),
        sa.Column("server_state", sa.Text(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_sync_reviews_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["window_id"], ["locations.id"], name=op.f("fk_sync_reviews_window_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["given_by"], ["users.id"], name=op.f("fk_sync_reviews_given_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_reviews")),
        sa.UniqueConstraint("key", name=op.f("uq_sync_reviews_key")),
    )
    op.create_index(
        op.f("ix_sync_reviews_patient_id"), "sync_reviews", ["patient_id"], unique=False
    )
    op.create_table(
        "sync_review_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("resolved_by", sa.Integer(), nullable=False),
        sa.Column("resolved_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["sync_reviews.id"],
            name=op.f("fk_sync_review_resolutions_review_id_sync_reviews"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["users.id"], name=op.f("fk_sync_review_resolutions_resolved_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_review_resolutions")),
        sa.UniqueConstraint("review_id", name=op.f("uq_sync_review_resolutions_review_id")),
    )
    op.create_table(
        "offline_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("workstation", sa.String(length=128), nullable=False),
        sa.Column("dose_id", sa.Integer(), nullable=True),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("received_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["dose_id"], ["doses.id"], name=op.f("fk_offline_receipts_dose_id_doses")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["sync_reviews.id"],
            name=op.f("fk_offline_receipts_review_id_sync_reviews"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_receipts")),
        sa.UniqueConstraint("key", name=op.f("uq_offline_receipts_key")),
        sa.UniqueConstraint("dose_id", name=op.f("uq_offline_receipts_dose_id")),
    )


def downgrade() -> None:
    op.drop_table("offline_receipts")
    op.drop_table("sync_review_resolutions")
    op.drop_index(op.f("ix_sync_reviews_patient_id"), table_name="sync_reviews")
    op.drop_table("sync_reviews")
    op.drop_table("outbox")
    op.drop_table("replica_state")
