"""consents: the signed form's scan, and the consent a renewal renews

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


FK = "fk_consents_renews_id_consents"


def upgrade() -> None:
    # No table rebuild on SQLite: consents is referred to by revocations and disclosures, and a
    # rebuild drops it, which foreign keys refuse inside a transaction. ADD COLUMN can carry the
    # reference there.
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("consents", sa.Column("scan", sa.LargeBinary(), nullable=True))
    if sqlite:
        op.execute(
            f"ALTER TABLE consents ADD COLUMN renews_id INTEGER "
            f"CONSTRAINT {FK} REFERENCES consents (id)"
        )
    else:
        op.add_column("consents", sa.Column("renews_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK, "consents", "consents", ["renews_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(FK, "consents", type_="foreignkey")
    op.execute("ALTER TABLE consents DROP COLUMN renews_id")
    op.drop_column("consents", "scan")
