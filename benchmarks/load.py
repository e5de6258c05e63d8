"""Server mode under load (issue 19, item 5): several dosing windows, each its own process and
workstation, work through one morning queue against one PostgreSQL while a pharmacist counts the
window, a physician reads the month's dosing and a billing clerk builds last month's claims;
then the database is checked.

Every window goes through the whole queue, starting at its own point in it, so the windows
reach the same patients: for each patient one window records the dose and the others are
refused ("already dosed") — the never-twice rule under real concurrency. Used by
`benchmarks/run.py --only load_server` (the figures) and tests/integration/test_load_server.py
(the checks, at a smaller size).
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from clinic import app
from clinic.analytics import dashboard, reports
from clinic.dosing.dispense import DoseRefused
from clinic.dosing.window import record_dose
from clinic.errors import ClinicError
from clinic.insurance.claims import build_batch
from clinic.inventory import reconcile
from clinic.privacy.users import login
from clinic.storage.models import (
    ClaimBatch,
    Dose,
    DoseItem,
    Location,
    PayerScheme,
    StockBalance,
    StockMovement,
)
from clinic.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Job:
    home: str
    role: str  # window | pharmacist | reader | clerk
    username: str
    password: str
    workstation: str
    window_id: int
    product_id: int
    patients: tuple[int, ...]
    start_iso: str  # the clinic's clock at the start (it then runs in real time)
    seconds: float = 0.0  # for the pharmacist and the clerk: how long to go on
    every_s: float = 0.2  # for the pharmacist and the clerk: one action this often
    # For the clerk: the claim batches (scheme code, year, month) to build first, once each.
    batches: tuple[tuple[str, int, int], ...] = ()
    # For a window: start an action every PACE_S seconds, from PHASE_S on (0: one after another,
    # as fast as the machine goes). A real window takes a patient a minute or two.
    pace_s: float = 0.0
    phase_s: float = 0.0
    # Every process waits here once signed in, so that all start together: a process that
    # signed in first could otherwise dose the whole queue before the others had begun.
    barrier: Any = None


@dataclass
class Outcome:
    role: str
    workstation: str
    recorded: list[int] = field(default_factory=list)  # patients this window dosed
    latencies_ms: list[float] = field(default_factory=list)  # per recorded dose
    refused: int = 0  # already dosed elsewhere (expected), or the gate's other refusals
    errors: list[str] = field(default_factory=list)  # anything else
    cpu_ms: float = 0.0
    actions: int = 0
    built: list[tuple[str, int, float]] = field(default_factory=list)  # scheme, claims, seconds


def _clinic(job: Job) -> tuple[app.Clinic, Any]:
    clinic = app.open_clinic(Path(job.home))
    base = datetime.fromisoformat(job.start_iso)
    began = time.perf_counter()
    clinic.db.clock = lambda: base + timedelta(seconds=time.perf_counter() - began)
    auth = login(
        clinic.db, username=job.username, password=job.password, workstation=job.workstation
    )
    return clinic, auth


def work(job: Job) -> Outcome:
    """One process: a window dosing the queue, a pharmacist counting, a physician reading the
    month's dosing, or a billing clerk building claims and then reading their figures."""
    out = Outcome(job.role, job.workstation)
    clinic, auth = _clinic(job)
    if job.barrier is not None:
        job.barrier.wait()
    cpu = time.process_time()
    try:
        if job.role == "window":
            began = time.perf_counter() + job.phase_s
            for n, pid in enumerate(job.patients):
                if job.pace_s:
                    time.sleep(max(0.0, began + n * job.pace_s - time.perf_counter()))
                started = time.perf_counter()
                try:
                    record_dose(auth, patient_id=pid, window_id=job.window_id)
                except DoseRefused:
                    out.refused += 1
                except ClinicError as exc:
                    out.errors.append(f"{type(exc).__name__}: {exc.message('en')}")
                else:
                    out.latencies_ms.append((time.perf_counter() - started) * 1000)
                    out.recorded.append(pid)
                out.actions += 1
        else:
            until = time.monotonic() + job.seconds
            for scheme, year, month in job.batches:  # the clerk's month of claims, once
                began = time.perf_counter()
                try:
                    batch = build_batch(auth, scheme_code=scheme, year=year, month=month)
                except ClinicError as exc:
                    out.errors.append(f"{type(exc).__name__}: {exc.message('en')}")
                else:
                    out.built.append((scheme, len(batch.claims), time.perf_counter() - began))
                out.actions += 1
            while time.monotonic() < until:
                try:
                    if job.role == "pharmacist":
                        sheet = reconcile.count_sheet(
                            auth, window_id=job.window_id, product_id=job.product_id
                        )
                        reconcile.record_count(
                            auth,
                            window_id=job.window_id,
                            product_id=job.product_id,
                            counted=str(sheet.expected),
                            kind="handover",
                        )
                    elif job.role == "reader":
                        day = datetime.fromisoformat(job.start_iso).date()
                        reports.dosing_by_nurse(auth, start=day - timedelta(days=30), end=day)
                    else:  # the clerk, its month built: the claims figures of the year
                        day = datetime.fromisoformat(job.start_iso).date()
                        dashboard.claims_dashboard(auth, start=day - timedelta(days=365), end=day)
                except ClinicError as exc:
                    if job.role == "pharmacist":  # a count overtaken by a dose: a variance
                        out.refused += 1
                    else:
                        out.errors.append(f"{type(exc).__name__}: {exc.message('en')}")
                out.actions += 1
                time.sleep(job.every_s)
    finally:
        out.cpu_ms = (time.process_time() - cpu) * 1000
        clinic.close()
    return out


@dataclass
class LoadResult:
    windows: int
    queue: int
    outcomes: list[Outcome]
    wall_s: float
    checks: dict[str, Any]

    @property
    def latencies(self) -> list[float]:
        return [ms for o in self.outcomes for ms in o.latencies_ms]

    @property
    def errors(self) -> list[str]:
        return [e for o in self.outcomes for e in o.errors]


def run_load(
    home: Path,
    *,
    nurses: list[tuple[str, str]],
    pharmacist: tuple[str, str] | None,
    reader: tuple[str, str] | None,
    clerk: tuple[str, str] | None = None,
    window_id: int,
    product_id: int,
    patients: list[int],
    day: date,
    start: datetime,
    pace_s: float = 0.0,
    every_s: float = 0.2,
    batches: tuple[tuple[str, int, int], ...] = (),
) -> LoadResult:
    """Dose PATIENTS (one morning's queue) from len(NURSES) windows at once, each a process on
    its own workstation starting at its own point of the queue, with a pharmacist and a reader
    working meanwhile; then check the database. PACE_S: each window starts an action every
    PACE_S seconds, the windows' starts spread over it (0: each as fast as it can). EVERY_S: the
    pharmacist counts, the reader reads the month and the CLERK reads the claims figures this
    often; BATCHES: claim batches (scheme code, year, month) the clerk builds first, once each."""
    windows = len(nurses)
    jobs = []
    for i, (username, password) in enumerate(nurses):
        offset = i * len(patients) // windows
        order = tuple(patients[offset:] + patients[:offset])
        jobs.append(
            Job(
                str(home),
                "window",
                username,
                password,
                f"LOAD-W{i + 1}",
                window_id,
                product_id,
                order,
                start.isoformat(),
                pace_s=pace_s,
                phase_s=pace_s * i / windows,
            )
        )
    for role, who in (("pharmacist", pharmacist), ("reader", reader), ("clerk", clerk)):
        if who is not None:
            jobs.append(
                Job(
                    str(home),
                    role,
                    who[0],
                    who[1],
                    f"LOAD-{role.upper()}",
                    window_id,
                    product_id,
                    (),
                    start.isoformat(),
                    seconds=max(3.0, pace_s * len(patients)),
                    every_s=every_s,
                    batches=batches if role == "clerk" else (),
                )
            )
    context = multiprocessing.get_context("spawn")
    began = time.perf_counter()
    with context.Manager() as manager, context.Pool(len(jobs)) as pool:
        barrier = manager.Barrier(len(jobs), timeout=300)
        jobs = [replace(job, barrier=barrier) for job in jobs]
        outcomes = pool.map(work, jobs, chunksize=1)
    wall = time.perf_counter() - began
    checks = check(home, window_id, patients, day)
    if batches:
        checks["batches_built_once"] = batches_once(home, batches)
    return LoadResult(windows, len(patients), outcomes, wall, checks)


def batches_once(home: Path, batches: tuple[tuple[str, int, int], ...]) -> bool:
    """Whether each (scheme, month) of BATCHES has exactly one claim batch."""
    clinic = app.open_clinic(home)
    try:
        with UnitOfWork(clinic.db, read_only=True) as uow:
            found = Counter(
                (code, start.year, start.month)
                for code, start in uow.session.execute(
                    select(PayerScheme.code, ClaimBatch.period_start).join(
                        PayerScheme, PayerScheme.id == ClaimBatch.scheme_id
                    )
                )
            )
    finally:
        clinic.close()
    return all(found[batch] == 1 for batch in batches)


def check(home: Path, window_id: int, patients: list[int], day: date) -> dict[str, Any]:
    """What the database holds after the run: doses per patient, their stock, the balances
    against the movements, and any transaction left open or waiting on a lock."""
    clinic = app.open_clinic(home)
    try:
        with UnitOfWork(clinic.db, read_only=True) as uow:
            s = uow.session
            per_patient = dict(
                s.execute(
                    select(Dose.patient_id, func.count())
                    .where(Dose.dosing_date == day, Dose.patient_id.in_(patients))
                    .group_by(Dose.patient_id)
                ).all()
            )
            without_stock = s.scalar(
                select(func.count())
                .select_from(Dose)
                .where(
                    Dose.dosing_date == day,
                    Dose.id.not_in(select(DoseItem.dose_id)),
                )
            )
            holders = set(s.scalars(select(Location.id).where(Location.holds_stock.is_(True))))
            sums: dict[tuple[int, int, int], Any] = {}
            for m in s.scalars(select(StockMovement)):
                for place, sign in ((m.to_location_id, 1), (m.from_location_id, -1)):
                    if place in holders:
                        key = (m.product_id, m.lot_id, place)
                        sums[key] = sums.get(key, 0) + sign * m.quantity
            balances = {
                (b.product_id, b.lot_id, b.location_id): b.quantity
                for b in s.scalars(select(StockBalance))
            }
            stuck = 0
            if clinic.db.mode == "server":
                stuck = (
                    s.scalar(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND pid <> pg_backend_pid() AND (state LIKE 'idle in transaction%' "
                            "OR wait_event_type = 'Lock')"
                        )
                    )
                    or 0
                )
    finally:
        clinic.close()
    return {
        "dosed": len(per_patient),
        "doubled": sorted(pid for pid, n in per_patient.items() if n > 1),
        "without_stock": without_stock,
        "books_agree": all(sums.get(k, 0) == q for k, q in balances.items())
        and all(balances.get(k, 0) == q for k, q in sums.items() if q),
        "stuck_transactions": stuck,
    }


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
