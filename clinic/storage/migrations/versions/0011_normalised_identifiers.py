"""identifiers kept as input keeps them now (NFKC, digits 0-9): a data step, no schema change

The ID numbers, phones, insured-person numbers and card codes kept before this revision may hold
full-width or other-script digits and pasted spaces. Rewriting them needs the field key (the ID
number's keyed index), which a migration does not have, so the program runs the data step named
in DATA_STEPS right after this revision is applied, in the same transaction (clinic/data_steps.py).
The revision also stops an older program, which would keep typed digits as they were, from
writing into a database whose identifiers are normalised.

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-28
"""

from collections.abc import Sequence

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATA_STEPS = ("normalise_kept_identifiers",)


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
