"""Insurance for a generated clinic: payer schemes, their terms and prices, each patient's payer
and consent to claims, and claim batches built by the claims service itself.

Payers: 80% resident scheme, 10% employee, 10% self-pay; 3% of the insured have no consent to
claims, so a batch has claims and excluded patients. Terms and prices through the services; the
patients' details through the ORM (like people.py), with no audit event per patient.
"""

from __future__ import annotations

import calendar
import random
from datetime import date

from sqlalchemy import func, select

from clinic import app
from clinic.insurance.claims import SERVICE_FEE_CODE, build_batch, set_fee, set_scheme_terms
from clinic.insurance.schemes import add_payer_scheme
from clinic.storage.models import (
    Consent,
    Episode,
    Patient,
    PatientDetail,
    PayerScheme,
    Product,
    User,
)
from clinic.storage.uow import UnitOfWork

SCHEMES = (
    ("RESIDENT", "城乡居民基本医疗保险", "resident"),
    ("EMPLOYEE", "职工基本医疗保险", "employee"),
)


def insure(
    clinic: app.Clinic,
    *,
    admin_password: str,
    since: date,
    signed_on: date | None = None,
    seed: int = 11,
) -> None:
    """Schemes and prices in force from SINCE; every patient's payer, consents signed on
    SIGNED_ON (None: on the day the patient's episode opened)."""
    admin = clinic.login("admin", admin_password)
    for code, name, kind in SCHEMES:
        add_payer_scheme(admin, code=code, name=name, kind=kind, region="110100")
        set_scheme_terms(
            admin,
            scheme_code=code,
            effective_from=since,
            ratio="0.7" if code == "RESIDENT" else "0.8",
            deductible="0" if code == "RESIDENT" else "200",
            annual_cap=None if code == "RESIDENT" else "3000",
            subsidy_share="0.5" if code == "RESIDENT" else "0",
            covered=["service", "drug", "screen"],
            insutype="390" if code == "RESIDENT" else "310",
        )
    set_fee(
        admin,
        code=SERVICE_FEE_CODE,
        kind="service",
        name="服药服务费",
        unit="日",
        unit_price="10",
        insurance_code="GEN-SVC",
        effective_from=since,
    )
    with UnitOfWork(clinic.db, read_only=True) as uow:
        product = uow.session.scalars(select(Product.id).where(Product.code == "MET-1")).one()
    set_fee(
        admin,
        code="DRUG-MET-1",
        kind="drug",
        name="盐酸美沙酮口服溶液",
        unit="mL",
        unit_price="0.05",
        insurance_code="GEN-MET",
        effective_from=since,
        product_id=product,
    )
    rng = random.Random(seed)
    with UnitOfWork(clinic.db) as uow:
        s = uow.session
        schemes = {
            code: s.scalars(select(PayerScheme.id).where(PayerScheme.code == code)).one()
            for code, _, _ in SCHEMES
        }
        names = {code: name for code, name, _ in SCHEMES}
        physician = s.scalars(select(User.id).where(User.username == "physician")).one()
        first_episode = select(Episode.patient_id, func.min(Episode.opened_on))
        opened: dict[int, date] = {
            pid: day for pid, day in s.execute(first_episode.group_by(Episode.patient_id))
        }
        for patient in s.scalars(select(Patient).order_by(Patient.id)):
            roll = rng.random()
            payer = "RESIDENT" if roll < 0.8 else ("EMPLOYEE" if roll < 0.9 else None)
            s.add(
                PatientDetail(
                    patient_id=patient.id, payer_scheme_id=schemes[payer] if payer else None
                )
            )
            if payer is None:
                continue
            patient.insurance_number = f"110105{rng.randrange(10**9, 10**10)}"
            if rng.random() < 0.97:
                s.add(
                    Consent(
                        patient_id=patient.id,
                        purpose="insurance_claims",
                        recipient=names[payer],
                        scope="claim lines",
                        signed_on=signed_on or opened[patient.id],
                        recorded_by=physician,
                    )
                )
        uow.commit()


def full_months(first: date, last: date) -> list[tuple[int, int]]:
    """The calendar months (year, month) lying wholly between FIRST and LAST."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        start = date(year, month, 1)
        end = date(year, month, calendar.monthrange(year, month)[1])
        if first <= start and end <= last:
            months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def build_claims(
    clinic: app.Clinic, *, clerk_password: str, months: list[tuple[int, int]]
) -> tuple[int, int]:
    """A batch per scheme and month, built by the claims service as the clerk.
    Returns (batches, claims)."""
    clerk = clinic.login("clerk", clerk_password)
    batches = claims = 0
    for year, month in months:
        for code, _, _ in SCHEMES:
            result = build_batch(clerk, scheme_code=code, year=year, month=month)
            batches += 1
            claims += len(result.claims)
    return batches, claims
