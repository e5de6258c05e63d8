"""A month of dosing for 2,000 insured patients, for the `claims_month` benchmark.

The dosing history is dosegen's (every dose a dispense movement from a lot at the window, 93%
attendance) with all 2,000 patients in treatment for one whole calendar month: the month before
this one. Then clinic/generate/claims.py's `insure`: payer detail (80% resident scheme, 10%
employee, 10% self-pay), insured-person numbers and consents to claims (3% of the insured have
none), so a batch has claims, excluded patients and no problems; terms and prices through the
services.
Cached under benchmarks/out/ by schema hash like dosegen's clinics.
"""

from __future__ import annotations

import calendar
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import dosegen

from clinic import app, clock
from clinic.generate import claims
from clinic.privacy.permissions import Role
from clinic.privacy.users import create_user
from clinic.storage.uow import UnitOfWork

N_PATIENTS = dosegen.N_PATIENTS


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
    meta = dosegen.generate(  # everyone in treatment the whole month
        clinic,
        n_doses,
        bench_day=date(year, month, days) + timedelta(1),
        active_per_day=N_PATIENTS,
    )
    first = date(year, month, 1)
    claims.insure(
        clinic,
        admin_password=dosegen.PASSWORDS["admin"],
        since=date(year, 1, 1),
        signed_on=first - timedelta(days=30),
    )
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
