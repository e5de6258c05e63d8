"""sealed columns: birth date, sex, diagnoses, notes and reasons, consents, card codes

Every column that identifies a person or holds free text becomes text holding a sealed value
(clinic.storage.fieldcrypt), and each card gets a keyed index for lookups. Sealing the values
already kept needs the field key, which a migration does not have: the data step
`seal_kept_columns` runs right after this revision, in the same transaction
(clinic/data_steps.py, clinic/storage/sealing.py).

On SQLite a column's type is changed without rebuilding its table (which would mean dropping a
table other tables refer to, impossible with foreign keys on inside a transaction): a text column
is added, filled, the old one dropped and the new one renamed. A NOT NULL column added this way
needs a default; it is '' and never used, since every row is written with its value. Every
column retyped here is NOT NULL.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from clinic.storage.sealing import RETYPED_IN_0014, SEALED_IN_0014

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATA_STEPS = ("seal_kept_columns",)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        with op.batch_alter_table("patient_cards") as batch:
            batch.drop_constraint("uq_patient_cards_code", type_="unique")
    else:
        op.drop_constraint("uq_patient_cards_code", "patient_cards", type_="unique")
    for table, column in RETYPED_IN_0014:
        if sqlite:
            _retype_sqlite(table, column, not_null=True)
        else:
            op.alter_column(table, column, type_=sa.Text(), postgresql_using=f"{column}::text")
    op.add_column("patient_cards", sa.Column("code_index", sa.String(length=64), nullable=True))
    op.create_index("ix_patient_cards_code_index", "patient_cards", ["code_index"], unique=True)


def _retype_sqlite(
    table: str, column: str, not_null: bool, to: sa.types.TypeEngine[object] | None = None
) -> None:
    new = f"{column}__retyped"
    spelled = "TEXT" if to is None else to.compile(dialect=op.get_bind().dialect)
    constraint = " NOT NULL DEFAULT ''" if not_null else ""
    op.execute(f'ALTER TABLE "{table}" ADD COLUMN "{new}" {spelled}{constraint}')
    op.execute(f'UPDATE "{table}" SET "{new}" = "{column}"')
    op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    op.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{new}" TO "{column}"')


OLD_TYPES: dict[tuple[str, str], sa.types.TypeEngine[object]] = {
    ("patients", "sex"): sa.String(length=1),
    ("patients", "birth_date"): sa.Date(),
    ("diagnoses", "icd11"): sa.String(length=16),
    ("diagnoses", "icd10"): sa.String(length=16),
    ("diagnoses", "name"): sa.String(length=200),
    ("patient_cards", "code"): sa.String(length=40),
    ("consents", "recipient"): sa.String(length=200),
    ("disclosures", "recipient"): sa.String(length=200),
    ("destructions", "supervisor"): sa.String(length=200),
    ("claims", "diagnosis_code"): sa.String(length=16),
    ("claims", "diagnosis_name"): sa.String(length=200),
}


def downgrade() -> None:
    """Back to plain columns: needs the field key (alembic's config attribute "cipher", as the
    tests of older schemas give it) when there are values to open; without it, refuses."""
    bind = op.get_bind()
    cipher = context.config.attributes.get("cipher")
    for table_name, column in SEALED_IN_0014:
        table = sa.table(table_name, sa.column("id"), sa.column(column))
        rows = bind.execute(
            sa.select(table.c.id, table.c[column]).where(table.c[column].is_not(None))
        ).all()
        if rows and cipher is None:
            raise RuntimeError(f"{table_name}.{column} holds sealed values: give the field key")
        for row_id, stored in rows:
            plain = cipher.open_text(stored, f"{table_name}.{column}")
            bind.execute(sa.update(table).where(table.c.id == row_id).values({column: plain}))
    op.drop_index("ix_patient_cards_code_index", table_name="patient_cards")
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        with op.batch_alter_table("patient_cards") as batch:
            batch.drop_column("code_index")
    else:
        op.drop_column("patient_cards", "code_index")
    for (table, column), old in OLD_TYPES.items():
        if sqlite:
            _retype_sqlite(table, column, not_null=True, to=old)
        else:
            spelled = old.compile(dialect=bind.dialect)
            op.alter_column(table, column, type_=old, postgresql_using=f"{column}::{spelled}")
    if sqlite:
        with op.batch_alter_table("patient_cards") as batch:
            batch.create_unique_constraint("uq_patient_cards_code", ["code"])
    else:
        op.create_unique_constraint("uq_patient_cards_code", "patient_cards", ["code"])
