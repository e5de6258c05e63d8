"""A month of dosing for 2,000 insured patients, for the `claims_month` benchmark.

The dosing history is dosegen's (every dose a dispense movement from a lot at the window, 93%
attendance) with all 2,000 patients in treatment for one whole calendar month: the month before
this one. Then through the ORM, like bulk.py: payer detail (80% resident scheme, 10% employee,
10% self-pay), insured-person numbers and consents to claims (3% of the insured have none), so
a batch has claims, excluded patients and no problems; terms and prices through the services.
Cached under benchmarks/out/ by schema hash like dosegen's clinics.
"""

from __future__ import annotations

import calendar
import json
import random
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import dosegen
from sqlalchemy import select

from clinic import app, clock
from clinic.insurance.claims import SERVICE_FEE_CODE, set_fee, set_scheme_terms
from clinic.insurance.schemes import add_payer_scheme
from clinic.privacy.permissions import Role
from clinic.privacy.users import create_user
from clinic.storage.models import Consent, Patient, PatientDetail, PayerScheme, Product, User
from clinic.storage.uow import UnitOfWork

N_PATIENTS = dosegen.N_PATIENTS
SCHEMES = (
    ("RESIDENT", "城乡居民基本医疗保险", "resident"),
    ("EMPLOYEE", "职工基本医疗保险", "employee"),
)


@dataclass
class ClaimsMeta:
    year: int
    month: int
    n_patients: int
    n_doses: int
    build_s: float


def last_month(today: date) -> tuple[int, int, int]:
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return year, month, calendar.monthrange(year, month)[1]


def generate(clinic: app.Clinic) -> ClaimsMeta:
    with UnitOfWork(clinic.db, read_only=True) as uow:
        today = clock.clinic_today(uow.session)
    year, month, days = last_month(today)
    n_doses = round(N_PATIENTS * dosegen.ATTENDANCE * (days - 0.5))
    meta = dosegen.generate(
        clinic,
        n_doses,
        bench_day=date(year, month, days) + timedelta(1),
        active_per_day=N_PATIENTS,  # everyone in treatment the whole month
    )
    admin = clinic.login("admin", dosegen.PASSWORDS["admin"])
    since = date(year, 1, 1)
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
        insurance_code="BENCH-SVC",
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
        insurance_code="BENCH-MET",
        effective_from=since,
        product_id=product,
    )
    rng = random.Random(11)
    with UnitOfWork(clinic.db) as uow:
        s = uow.session
        schemes = {
            code: s.scalars(select(PayerScheme.id).where(PayerScheme.code == code)).one()
            for code, _, _ in SCHEMES
        }
        names = {code: name for code, name, _ in SCHEMES}
        physician = s.scalars(select(User.id).where(User.username == "physician")).one()
        for patient in s.scalars(select(Patient)):
            roll = rng.random()
            code = "RESIDENT" if roll < 0.8 else ("EMPLOYEE" if roll < 0.9 else None)
            s.add(
                PatientDetail(
                    patient_id=patient.id, payer_scheme_id=schemes[code] if code else None
                )
            )
            if code is None:
                continue
            patient.insurance_number = f"110105{rng.randrange(10**9, 10**10)}"
            if rng.random() < 0.97:
                s.add(
                    Consent(
                        patient_id=patient.id,
                        purpose="insurance_claims",
                        recipient=names[code],
                        scope="claim lines",
                        signed_on=date(year, month, 1) - timedelta(days=30),
                        recorded_by=physician,
                    )
                )
        uow.commit()
    return ClaimsMeta(year, month, meta.n_patients, meta.n_doses, meta.build_s)


def cached_home() -> tuple[Path, ClaimsMeta, bool]:
    """The generated clinic under benchmarks/out/ (built if missing), its meta, built now?"""
    today = datetime.now(dosegen.ZONE).date()
    year, month, _ = last_month(today)
    folder = dosegen.OUT / f"claims-{year}{month:02d}-{dosegen.schema_hash()}"
    meta_path = folder / "meta.json"
    if meta_path.exists():
        return folder / "clinic", ClaimsMeta(**json.loads(meta_path.read_text())), False
    dosegen.OUT.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="claims-", dir=dosegen.OUT))
    try:
        home = building / "clinic"
        clinic = dosegen.new_clinic(home)
        try:
            dosegen.setup_staff(clinic)
            add_clerk(clinic)
            meta = generate(clinic)
        finally:
            clinic.close()
        (building / "meta.json").write_text(json.dumps(asdict(meta)))
        shutil.rmtree(folder, ignore_errors=True)
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return folder / "clinic", meta, True


CLERK_PASSWORD = "bench-clerk-1"


def add_clerk(clinic: app.Clinic) -> None:
    create_user(
        clinic.login("admin", dosegen.PASSWORDS["admin"]),
        username="clerk",
        full_name="Bench clerk (demo)",
        roles=frozenset([Role.BILLING_CLERK]),
        password=CLERK_PASSWORD,
        must_change_password=False,
    )
