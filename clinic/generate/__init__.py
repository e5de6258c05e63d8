"""A generated clinic of years of history (`clinic-admin generate`): for trying the product at
the size a real clinic reaches, and for the benchmarks. Fictional patients only, in a DEMO
clinic; written in bulk through the clinic's own models (the same schema, field encryption and
keyed indexes), not through the audited services, so five years take minutes, not days.

What it holds: patients enrolled over the years and leaving (discharged with a stop order),
each titrated from an induction dose to maintenance, daily doses with missed-day patterns,
a urine screen every 30 days in treatment (some positive), a lot a month received into the safe
and issued to the window, every dose dispensed from it, the window counted and closed each day,
a daily fee charged with each dose and paid weekly. The same seed gives the same clinic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from clinic.demo.build import PASSWORDS_FILE, demo_password
from clinic.errors import InvalidInput
from clinic.generate import history
from clinic.storage.uow import UnitOfWork

DAYS_A_YEAR = 365
MAX_YEARS, MAX_PATIENTS = 20, 100_000
SHARE_IN_TREATMENT = 0.295  # of the clinic's patients in treatment on a day (590 of 2,000)


@dataclass(frozen=True)
class Generated:
    home: Path
    passwords: dict[str, str]
    meta: history.Meta


def _bad(en: str, zh: str) -> InvalidInput:
    return InvalidInput(en=en, zh=zh)


def check_size(years: float, patients: int) -> None:
    if not 0 < years <= MAX_YEARS:
        raise _bad(
            f"Years must be more than 0 and at most {MAX_YEARS}.",
            f"年数须大于 0 且不超过 {MAX_YEARS}。",
        )
    if not 10 <= patients <= MAX_PATIENTS:
        raise _bad(
            f"Patients must be between 10 and {MAX_PATIENTS:,}.",
            f"患者人数须在 10 到 {MAX_PATIENTS:,} 之间。",
        )


def generate_clinic(
    home: Path,
    *,
    years: float,
    patients: int,
    seed: int = 1,
    log: Callable[[str], None] | None = None,
) -> Generated:
    """A new DEMO clinic at HOME (which must not hold anything) with YEARS of history of
    PATIENTS patients; LOG hears each step. The same SEED makes the same clinic."""
    check_size(years, patients)
    if home.exists() and any(home.iterdir()):
        raise _bad(
            f"{home} is not empty: choose a new folder; nothing was written.",
            f"{home} 不是空文件夹：请选择新的文件夹；未写入任何内容。",
        )
    say = log or (lambda _: None)
    passwords = {name: demo_password() for name in history.PASSWORDS}
    active = max(3, round(patients * SHARE_IN_TREATMENT))
    span = max(2, round(years * DAYS_A_YEAR))
    n_doses = round(span * active * history.ATTENDANCE)
    say(f"a DEMO clinic at {home}: {patients:,} patients, {span:,} days, about {n_doses:,} doses")
    clinic = history.new_clinic(home, passwords, name="生成的示范门诊 Generated demo clinic")
    try:
        history.setup_staff(clinic, passwords)
        with UnitOfWork(clinic.db, read_only=True) as uow:
            from clinic import clock

            today = clock.clinic_today(uow.session)
        meta = history.generate(
            clinic,
            n_doses,
            seed=seed,
            bench_day=today,
            n_patients=patients,
            active_per_day=active,
            log=say,
        )
    finally:
        clinic.close()
    lines = ["user         password (fictional DEMO clinic)"]
    lines += [f"{name:12} {password}" for name, password in passwords.items()]
    (home / PASSWORDS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    say(f"done: {meta.n_doses:,} doses of {meta.n_patients:,} patients in {meta.build_s} s")
    return Generated(home, passwords, meta)
