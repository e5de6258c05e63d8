"""Sealing the columns kept in the clear before revision 0014, once, with the clinic's field key.

Revision 0014 turned these columns into text; this data step (run right after the migration, in
its transaction: clinic/data_steps.py) replaces each kept value by its sealed form and gives every
card its keyed index. The list is frozen: it is what 0014 changed, whatever later revisions do.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clinic.storage.fieldcrypt import FieldCipher

# (table, column) sealed by revision 0014
SEALED_IN_0014: tuple[tuple[str, str], ...] = (
    ("patients", "sex"),
    ("patients", "birth_date"),
    ("status_changes", "reason"),
    ("diagnoses", "icd11"),
    ("diagnoses", "icd10"),
    ("diagnoses", "name"),
    ("patient_cards", "code"),
    ("patient_cards", "reason"),
    ("consents", "recipient"),
    ("consents", "scope"),
    ("consent_revocations", "reason"),
    ("disclosures", "recipient"),
    ("disclosures", "scope"),
    ("disclosures", "legal_basis"),
    ("setting_changes", "reason"),
    ("dose_orders", "reason"),
    ("stock_movements", "reason"),
    ("receipts", "note"),
    ("transfer_receipts", "note"),
    ("destruction_applications", "reason"),
    ("destructions", "supervisor"),
    ("incidents", "circumstances"),
    ("variance_signoffs", "explanation"),
    ("doses", "note"),
    ("dose_exceptions", "reason"),
    ("patient_flags", "text"),
    ("flag_clearances", "reason"),
    ("dose_voids", "reason"),
    ("doses_withheld", "note"),
    ("screen_reviews", "note"),
    ("site_fees", "reason"),
    ("fee_charge_reversals", "reason"),
    ("fee_payments", "note"),
    ("fee_payment_voids", "reason"),
    ("claim_events", "reason"),
    ("claims", "diagnosis_code"),
    ("claims", "diagnosis_name"),
)

RETYPED_IN_0014: tuple[tuple[str, str], ...] = (
    ("patients", "sex"),
    ("patients", "birth_date"),
    ("diagnoses", "icd11"),
    ("diagnoses", "icd10"),
    ("diagnoses", "name"),
    ("patient_cards", "code"),
    ("consents", "recipient"),
    ("disclosures", "recipient"),
    ("destructions", "supervisor"),
    ("claims", "diagnosis_code"),
    ("claims", "diagnosis_name"),
)  # the ones that were not text already


def card_index(cipher: FieldCipher, code: str) -> str:
    """The keyed index a card is found by; CODE in its kept form."""
    return cipher.blind_index(code, "card_code")


def seal_kept_columns(session: Session, cipher: FieldCipher) -> dict[str, object]:
    """Seal every value revision 0014 found in the clear; index every card. Counts by column."""
    sealed: dict[str, int] = {}
    for table_name, column in SEALED_IN_0014:
        table = sa.table(table_name, sa.column("id"), sa.column(column))
        rows = session.execute(
            sa.select(table.c.id, table.c[column]).where(table.c[column].is_not(None))
        ).all()
        for row_id, value in rows:
            stored = cipher.seal_text(str(value), f"{table_name}.{column}")
            session.execute(sa.update(table).where(table.c.id == row_id).values({column: stored}))
        sealed[f"{table_name}.{column}"] = len(rows)
    cards = sa.table("patient_cards", sa.column("id"), sa.column("code"), sa.column("code_index"))
    for card_id, code in session.execute(sa.select(cards.c.id, cards.c.code)).all():
        plain = cipher.open_text(str(code), "patient_cards.code")
        session.execute(
            sa.update(cards)
            .where(cards.c.id == card_id)
            .values(code_index=card_index(cipher, plain))
        )
    return {"sealed": {k: v for k, v in sealed.items() if v}}
