"""A digest of a clinic's content: the decrypted rows that make up its records, not the file's
bytes (those differ with every key). Two clinics generated with the same seed on the same day
have the same digest."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select

from clinic.storage.db import Database
from clinic.storage.models import (
    Claim,
    ClaimLine,
    Consent,
    DayClose,
    Dose,
    DoseItem,
    DoseOrder,
    FeeCharge,
    FeePayment,
    Patient,
    ScreenResult,
    ScreenReview,
    StatusChange,
    StockBalance,
    StockCount,
    StockMovement,
    UrineScreen,
)
from clinic.storage.uow import UnitOfWork

# What is compared, table by table: the record's content, not when it was written or by whom.
CONTENT: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (
        Patient,
        (
            "id",
            "patient_number",
            "name",
            "national_id",
            "sex",
            "birth_date",
            "phone",
            "address",
            "status",
            "insurance_number",
        ),
    ),
    (StatusChange, ("patient_id", "from_status", "to_status", "effective_on")),
    (
        DoseOrder,
        (
            "id",
            "patient_id",
            "kind",
            "daily_dose_mg",
            "start_on",
            "induction",
            "supersedes_id",
            "reason",
        ),
    ),
    (Dose, ("id", "patient_id", "order_id", "dosing_date", "dose_mg", "given_at")),
    (DoseItem, ("dose_id", "lot_id", "quantity", "movement_id")),
    (
        StockMovement,
        (
            "id",
            "kind",
            "lot_id",
            "from_location_id",
            "to_location_id",
            "quantity",
            "occurred_at",
            "voucher",
        ),
    ),
    (StockBalance, ("lot_id", "location_id", "quantity")),
    (StockCount, ("business_date", "opening", "received", "dispensed", "expected", "counted")),
    (DayClose, ("business_date", "count_id")),
    (FeeCharge, ("patient_id", "service_date", "amount", "dose_id")),
    (FeePayment, ("patient_id", "amount", "receipt_number")),
    (UrineScreen, ("id", "patient_id", "collected_on", "any_positive")),
    (ScreenResult, ("screen_id", "substance", "positive")),
    (ScreenReview, ("screen_id",)),
    (
        Claim,
        (
            "number",
            "patient_id",
            "insured_number",
            "total",
            "payer_amount",
            "subsidy_amount",
            "patient_amount",
        ),
    ),
    (Consent, ("patient_id", "purpose", "recipient", "signed_on")),
    (ClaimLine, ("claim_id", "line_no", "service_date", "count", "unit_price", "amount")),
)


def content_digest(db: Database) -> str:
    """SHA-256 over the CONTENT columns of every row, in primary-key order, decrypted."""
    digest = hashlib.sha256()
    with UnitOfWork(db, read_only=True) as uow:
        for model, columns in CONTENT:
            digest.update(f"\n#{model.__tablename__}\n".encode())
            key = list(model.__table__.primary_key.columns)
            query = select(*(getattr(model, c) for c in columns)).order_by(*key)
            for row in uow.session.execute(query).yield_per(20_000):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
