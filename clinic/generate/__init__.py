"""Generated clinics: years of fictional history written in bulk, for benchmarks, load tests and
trying the app at scale (`clinic-admin generate`). Only the CLI, the benchmarks and the tests
import it.

Unlike the demo (clinic/demo/), which writes a month through the real services, the history here
is written through the ORM models in big transactions (a million audited dose calls would take
hours); the staff, products, places, schemes, prices and claim batches go through the services,
and the generation itself is one audit event, so `audit verify` holds on the result.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from clinic.app import Clinic, system_event
from clinic.config import demo_key_path
from clinic.errors import Conflict, InvalidInput
from clinic.fileio import write_private
from clinic.generate import claims, history
from clinic.generate.history import Progress, Shape
from clinic.new_clinic import init_clinic
from clinic.privacy import audit
from clinic.privacy.keys import DemoKeyFile
from clinic.storage.models import DayClose, UrineScreen
from clinic.storage.uow import UnitOfWork

USERNAMES = ("admin", "nurse", "pharmacist", "physician", "clerk", "auditor")
PASSWORDS_FILE = "DEMO-PASSWORDS.txt"
MAX_YEARS = 30
MAX_PATIENTS = 100_000
IN_TREATMENT = 0.3  # of all the generated patients, the share in treatment on any day
CLAIM_MONTHS = 3  # claim batches are built for the history's last full months, up to this many


@dataclass(frozen=True)
class Generated:
    """What was generated, for the command line to tell."""

    patients: int
    doses: int
    days: int
    screens: int
    counts: int
    claim_batches: int
    claims: int
    seconds: float


def check_request(home: Path, years: float, patients: int) -> int:
    """Refuse a request that cannot be met, changing nothing; returns the span in days."""
    if not (math.isfinite(years) and 0 < years <= MAX_YEARS):
        raise InvalidInput(
            en=f"--years must be more than 0 and at most {MAX_YEARS}.",
            zh=f"--years 须大于 0 且不超过 {MAX_YEARS}。",
        )
    if not 1 <= patients <= MAX_PATIENTS:
        raise InvalidInput(
            en=f"--patients must be from 1 to {MAX_PATIENTS}.",
            zh=f"--patients 须在 1 到 {MAX_PATIENTS} 之间。",
        )
    if home.exists() and (not home.is_dir() or any(home.iterdir())):
        raise Conflict(
            en=f"{home} exists and is not an empty folder: give a new one. Nothing was changed.",
            zh=f"{home} 已存在且不是空文件夹，请指定新文件夹。未作任何更改。",
        )
    if demo_key_path(home).exists():
        raise Conflict(
            en=f"{demo_key_path(home)} already exists. Nothing was changed.",
            zh=f"{demo_key_path(home)} 已存在。未作任何更改。",
        )
    return max(2, round(years * 365.25))


def generate_clinic(
    home: Path,
    *,
    years: float,
    patients: int,
    seed: int = 1,
    progress: Progress | None = None,
) -> tuple[Clinic, dict[str, str], Generated]:
    """A DEMO clinic in HOME (a new or empty folder) with YEARS of history ending yesterday for
    PATIENTS patients; the same SEED on the same day gives the same content. Returns the open
    clinic, its users' passwords and what was generated."""
    from clinic.demo.build import demo_password

    started = time.perf_counter()
    span = check_request(home, years, patients)
    tell = progress or history._quiet
    history_steps = 2 + math.ceil(span / history.LOT_DAYS)
    steps = history_steps + 3
    tell(0, steps, "the clinic, its staff, product and places")
    passwords = {username: demo_password() for username in USERNAMES}
    clinic = init_clinic(
        home,
        name="生成的美沙酮门诊 Generated MMT Clinic (DEMO)",
        admin_username="admin",
        admin_full_name="Generated admin (demo)",
        admin_password=passwords["admin"],
        key_backup=None,
        passphrase=None,
        demo=True,
        keystore=DemoKeyFile(demo_key_path(home)),
        site_name="生成的门诊 Generated clinic",
    ).clinic
    try:
        lines = ["DEMO clinic (generated, fictional data only). Passwords of its users:"]
        lines += [f"  {u:12} {p}" for u, p in passwords.items()]
        write_private(home / PASSWORDS_FILE, ("\n".join(lines) + "\n").encode())
        history.setup_staff(clinic, passwords)
        made = history.generate(
            clinic,
            span_days=span,
            shape=Shape(
                n_patients=patients,
                active_per_day=max(1, round(patients * IN_TREATMENT)),
                realistic=True,
            ),
            seed=seed,
            progress=lambda step, _, what: tell(step, steps, what),
        )
        tell(history_steps + 1, steps, "payer schemes, prices and consents")
        claims.insure(
            clinic,
            admin_password=passwords["admin"],
            since=made.first_day,
            seed=seed + 10,
        )
        last_day = made.bench_day - timedelta(days=1)
        months = claims.full_months(made.first_day, last_day)[-CLAIM_MONTHS:]
        tell(history_steps + 2, steps, f"claims for {len(months)} month(s)")
        batches, n_claims = claims.build_claims(
            clinic, clerk_password=passwords["clerk"], months=months
        )
        with UnitOfWork(clinic.db) as uow:
            s = uow.session
            n_screens = int(s.scalar(select(func.count(UrineScreen.id))) or 0)
            n_counts = int(s.scalar(select(func.count(DayClose.id))) or 0)
            audit.append(
                s,
                clinic.db.keys.audit,
                system_event(
                    clinic.db,
                    "clinic.generate",
                    years=years,
                    patients=patients,
                    seed=seed,
                    doses=made.n_doses,
                    first_day=made.first_day.isoformat(),
                    last_day=last_day.isoformat(),
                ),
            )
            uow.commit()
    except BaseException:
        clinic.close()
        raise
    tell(steps, steps, "done")
    return (
        clinic,
        passwords,
        Generated(
            patients=made.n_patients,
            doses=made.n_doses,
            days=made.span_days,
            screens=n_screens,
            counts=n_counts,
            claim_batches=batches,
            claims=n_claims,
            seconds=round(time.perf_counter() - started, 1),
        ),
    )
