"""Latency benchmarks of the core: one JSON object per line on standard output.

    python benchmarks/run.py [--quick] [--no-server] [--only NAME[,NAME...]]

Each line: {"name", "backend", "n", "p50_ms", "p95_ms", "mean_ms", "min_ms", "max_ms"}.
Embedded figures use a throw-away DEMO clinic (SQLCipher, key in a file beside it); server figures
(names ending in ".server") use a temporary PostgreSQL database, created and dropped here (for
dose_record.server a copy of a generated clinic kept on the server as a template database), when
the server at CLINIC_TEST_PG_URL (default postgres@127.0.0.1:5432) is reachable. `--only NAME`
runs NAME on both backends, `--only NAME.server` on the server only.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import itertools
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import claimsgen
import dosegen
import stockgen
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine, make_url

from clinic import app
from clinic.analytics import reports
from clinic.dosing.window import record_dose
from clinic.generate.people import bulk_patients
from clinic.inventory import reconcile
from clinic.inventory.register import build_register
from clinic.new_clinic import init_clinic
from clinic.patients import name_index, records
from clinic.privacy.keys import DemoKeyFile
from clinic.privacy.permissions import Role
from clinic.privacy.users import check_session, create_user
from clinic.reports.register_pdf import render_register_pdf
from clinic.service import AuthContext
from clinic.storage.models import (
    Patient,
    PatientCard,
)
from clinic.storage.uow import UnitOfWork

PG_ADMIN_URL = os.environ.get(
    "CLINIC_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BENCH_PASSWORD = "bench-admin-1"


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between closest ranks."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(name: str, backend: str, samples_ms: list[float], **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "backend": backend,
        "n": len(samples_ms),
        "p50_ms": round(percentile(samples_ms, 50), 3),
        "p95_ms": round(percentile(samples_ms, 95), 3),
        "mean_ms": round(statistics.fmean(samples_ms), 3),
        "min_ms": round(min(samples_ms), 3),
        "max_ms": round(max(samples_ms), 3),
        **extra,
    }


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result, ensure_ascii=False), flush=True)


def measure(n: int, fn: Callable[[], object], *, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def interleaved(
    n: int, first: Callable[[], object], second: Callable[[], object], *, warmup: int = 3
) -> tuple[list[float], list[float]]:
    """FIRST and SECOND timed in turn, N times each: when the machine's speed moves from one
    minute to the next, it moves both alike."""
    for _ in range(warmup):
        first()
        second()
    a, b = [], []
    for _ in range(n):
        start = time.perf_counter()
        first()
        middle = time.perf_counter()
        second()
        a.append((middle - start) * 1000)
        b.append((time.perf_counter() - middle) * 1000)
    return a, b


def against_floor(
    name: str, backend: str, call_ms: list[float], floor_ms: list[float]
) -> dict[str, Any]:
    """NAME's figure from samples taken in turn with the floor's: its percentiles, the floor's,
    and the ratios of the two."""
    result = summary(name, backend, call_ms)
    floor_p50, floor_p95 = percentile(floor_ms, 50), percentile(floor_ms, 95)
    return {
        **result,
        "floor_p50_ms": round(floor_p50, 3),
        "floor_p95_ms": round(floor_p95, 3),
        "ratio_p50": round(percentile(call_ms, 50) / floor_p50, 2),
        "ratio_p95": round(percentile(call_ms, 95) / floor_p95, 2),
    }


# --- the measured operations -----------------------------------------------------------------


def open_and_login(home: Path, password: str) -> Callable[[], None]:
    """A fresh open of the clinic (settings, key, engine, schema check) and a login, then close."""

    def once() -> None:
        clinic = app.open_clinic(home)
        try:
            clinic.login("admin", password)
        finally:
            clinic.close()

    return once


def audited_noop_call(
    clinic: app.Clinic, password: str, log: StatementLog | None = None
) -> Callable[[], object]:
    """The cheapest service call: permission check, an audit event, one commit. LOG: the
    statements recorded, each call marked."""
    if log:
        log.mark()
    auth = clinic.login("admin", password)
    if log is None:
        return lambda: check_session(auth)

    def once() -> object:
        log.mark()
        return check_session(auth)

    return once


def bare_insert_commit(engine: Engine) -> Callable[[], None]:
    """One row inserted and committed on the same engine, no service layer: the floor."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "CREATE TABLE IF NOT EXISTS bench_rows (id SERIAL PRIMARY KEY, note TEXT NOT NULL)"
            )
        else:
            conn.exec_driver_sql(
                "CREATE TABLE IF NOT EXISTS bench_rows "
                "(id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT NOT NULL)"
            )
    insert = text("INSERT INTO bench_rows (note) VALUES (:note)")

    def once() -> None:
        with engine.begin() as conn:
            conn.execute(insert, {"note": "bench"})

    return once


def patient_lookup_card(nurse: AuthContext, codes: list[str]) -> Callable[[], object]:
    """A card scanned: open_by_card on its code, the record it opens (one audited call)."""
    cycle = itertools.cycle(codes)
    return lambda: records.open_by_card(nurse, code=next(cycle))


def patient_lookup_name(nurse: AuthContext, queries: list[str]) -> Callable[[], object]:
    """search_patients on a name fragment or pinyin initials (audited; at most 50 results)."""
    cycle = itertools.cycle(queries)
    return lambda: records.search_patients(nurse, query=next(cycle))


def dose_record(nurse: AuthContext, window_id: int, patients: list[int]) -> Callable[[], object]:
    """record_dose for the next patient not yet dosed today (checks, dose, FEFO stock, audit)."""
    queue = iter(patients)
    return lambda: record_dose(nurse, patient_id=next(queue), window_id=window_id)


COMMIT, ROLLBACK = "-- commit", "-- rollback"  # the driver's own calls, in a StatementLog


class StatementLog:
    """Every statement ENGINE sends to its driver, with its parameters, in order, split into
    the calls marked by `mark` (for dose_sql_replay)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.calls: list[list[tuple[str, Any, bool]]] = []
        self._current: list[tuple[str, Any, bool]] = []
        event.listen(engine, "before_cursor_execute", self._seen)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)

    def _seen(self, conn: Any, cursor: Any, sql: str, params: Any, ctx: Any, many: bool) -> None:
        self._current.append((sql, params, many))

    def _commit(self, conn: Any) -> None:
        self._current.append((COMMIT, None, False))

    def _rollback(self, conn: Any) -> None:
        self._current.append((ROLLBACK, None, False))

    def mark(self) -> None:
        """What follows belongs to a new call."""
        self._current = []
        self.calls.append(self._current)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)


def replay(engine: Engine, calls: list[list[tuple[str, Any, bool]]]) -> list[float]:
    """Send CALLS' statements again on ENGINE's driver connection, no SQLAlchemy, no Python
    rules: each call's statements and commits, timed. On a copy of the database the calls
    were recorded on, in the same state, they do the same work: the SQL's own cost."""
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        samples = []
        for statements in calls:
            start = time.perf_counter()
            cursor = driver.cursor()
            for sql, params, many in statements:
                if sql is COMMIT:
                    driver.commit()
                elif sql is ROLLBACK:
                    driver.rollback()
                elif many:
                    cursor.executemany(sql, params)
                else:
                    cursor.execute(sql, params)
                    if cursor.description is not None:
                        cursor.fetchall()
            samples.append((time.perf_counter() - start) * 1000)
        return samples
    finally:
        raw.close()


def dosing_day_clock(day: date) -> Callable[[], datetime]:
    """The clinic's clock on DAY from 09:00 local, advancing in real time."""
    base = dosegen.local(day, 9)
    start = time.perf_counter()
    return lambda: base + timedelta(seconds=time.perf_counter() - start)


def dosing_figures(
    clinic: app.Clinic,
    meta: dosegen.Meta,
    n: int,
    backend: str,
    suffix: str = "",
    replay_on: Callable[[], contextlib.AbstractContextManager[Path]] | None = None,
) -> dict[str, Any]:
    """dose_record: N doses at the window, each the next patient of the morning's queue.
    REPLAY_ON: a fresh copy of the clinic CLINIC was copied from, as it was; then also
    dose_sql_replay: the same doses' statements sent again there by the driver alone."""
    log = StatementLog(clinic.db.engine) if replay_on else None
    if log:
        log.mark()  # the login (replayed first, not timed)
    clinic.db.clock = dosing_day_clock(meta.day)
    nurse = clinic.login("nurse", dosegen.PASSWORDS["nurse"])
    patients = list(meta.candidates)
    random.Random(11).shuffle(patients)
    n = min(n, len(patients) - 3)
    extra = {"n_doses": meta.n_doses, "n_patients": meta.n_patients, "span_days": meta.span_days}
    dose = dose_record(nurse, meta.window_id, patients)
    if log:
        inner = dose

        def dose() -> object:
            log.mark()
            return inner()

    cpu = time.process_time()
    samples = measure(n, dose)
    # This process's CPU per call (warm-ups included): unlike wall time, not inflated by other
    # work on the machine, whose 1-minute load average is given too.
    cpu_ms = (time.process_time() - cpu) / (n + 3) * 1000
    emit(
        summary(
            "dose_record" + suffix,
            backend,
            samples,
            cpu_mean_ms=round(cpu_ms, 3),
            load1=round(os.getloadavg()[0], 1),
            **extra,
        )
    )
    if log and replay_on:
        emit(replayed("dose_sql_replay" + suffix, backend, log, clinic, replay_on, **extra))
    return extra


def replayed(
    name: str,
    backend: str,
    log: StatementLog,
    clinic: app.Clinic,
    replay_on: Callable[[], contextlib.AbstractContextManager[Path]],
    **extra: Any,
) -> dict[str, Any]:
    """LOG's calls (the first, a sign-in, untimed; then 3 warm-ups and the measured ones)
    replayed on a fresh copy of what CLINIC was when LOG began: NAME's figure."""
    log.close()
    login, *calls = log.calls
    with replay_on() as home:
        copy = app.open_clinic(home)
        try:
            replay(copy.db.engine, [login])
            samples = replay(copy.db.engine, calls)[3:]  # the same warm-ups left out
            # the same work done: the same doses and the same trail, event for event
            books = text("SELECT (SELECT count(*) FROM doses), (SELECT seq FROM audit_head)")
            with clinic.db.engine.connect() as a, copy.db.engine.connect() as b:
                assert a.execute(books).one() == b.execute(books).one(), "replay diverged"
        finally:
            copy.close()
    statements = statistics.fmean(
        sum(sql not in (COMMIT, ROLLBACK) for sql, _, _ in c) for c in calls
    )
    return summary(name, backend, samples, statements=round(statements, 1), **extra)


def report_figures(clinic: app.Clinic, meta: dosegen.Meta, n: int) -> None:
    """Each list report on the bench day, as the physician (the pharmacist for stock expiry):
    the whole audited call, its facts gathered for every patient in a few queries."""
    clinic.db.clock = dosing_day_clock(meta.day)
    physician = clinic.login("physician", dosegen.PASSWORDS["physician"])
    pharmacist = clinic.login("pharmacist", dosegen.PASSWORDS["pharmacist"])
    day = meta.day
    runs: dict[str, Callable[[], object]] = {
        "census": lambda: reports.patient_census(physician),
        "dosing_month": lambda: reports.dosing_by_nurse(
            physician, start=day - timedelta(days=30), end=day
        ),
        "missed": lambda: reports.missed_doses(physician, day=day),
        "worklist": lambda: reports.physician_worklist(physician, day=day),
        "screens": lambda: reports.screens_due_report(physician, day=day),
        "outreach": lambda: reports.outreach_report(physician, day=day),
        "stock_expiry": lambda: reports.stock_expiry(pharmacist, day=day, within_days=400),
    }
    for name, run in runs.items():
        emit(
            summary(
                f"report_{name}",
                "sqlcipher",
                measure(n, run, warmup=1),
                n_doses=meta.n_doses,
                n_patients=meta.n_patients,
            )
        )


def dashboard_figures(quick: bool) -> None:
    """Each role's dashboard (a year's period) on the "5-year" dosing clinic: 2,000 patients,
    about 1M doses (100k with --quick)."""
    from clinic.analytics import dashboard

    size = 100_000 if quick else 1_000_000
    cached, meta, built = dosegen.cached_home(size)
    print(
        f"benchmarks: dashboard clinic of {meta.n_doses} doses, {meta.n_patients} patients, "
        f"{meta.span_days} days: "
        + (f"generated in {meta.build_s} s" if built else f"cached ({cached.parent.name})"),
        file=sys.stderr,
        flush=True,
    )
    with dosegen.working_copy(cached) as home:
        clinic = app.open_clinic(home)
        try:
            clinic.db.clock = dosing_day_clock(meta.day)
            end = meta.day
            start = end - timedelta(days=365)
            staff = {
                "physician": clinic.login("physician", dosegen.PASSWORDS["physician"]),
                "pharmacist": clinic.login("pharmacist", dosegen.PASSWORDS["pharmacist"]),
                "nurse": clinic.login("nurse", dosegen.PASSWORDS["nurse"]),
                "administrator": clinic.login("admin", dosegen.PASSWORDS["admin"]),
            }
            calls: dict[str, Callable[[], object]] = {
                "clinical": lambda: dashboard.clinical_dashboard(
                    staff["physician"], start=start, end=end
                ),
                "pharmacy": lambda: dashboard.pharmacy_dashboard(
                    staff["pharmacist"], start=start, end=end
                ),
                "claims": lambda: dashboard.claims_dashboard(
                    staff["administrator"], start=start, end=end
                ),
                "dosing": lambda: dashboard.dosing_dashboard(staff["nurse"]),
            }
            n = 5 if quick else 20
            for role, once in calls.items():
                emit(
                    summary(
                        "dashboard_open",
                        "sqlcipher",
                        measure(n, once, warmup=1),
                        dashboard=role,
                        n_doses=meta.n_doses,
                        n_patients=meta.n_patients,
                        span_days=meta.span_days,
                    )
                )
        finally:
            clinic.close()


def reconcile_day(nurse: AuthContext, window_id: int, product_id: int) -> Callable[[], object]:
    """The window's count sheet, then a count recorded as found (a handover: the day stays open)."""

    def run() -> object:
        sheet = reconcile.count_sheet(nurse, window_id=window_id, product_id=product_id)
        return reconcile.record_count(
            nurse,
            window_id=window_id,
            product_id=product_id,
            counted=str(sheet.expected),
            kind="handover",
        )

    return run


def register_month_pdf(clinic: app.Clinic, meta: stockgen.StockMeta) -> Callable[[], object]:
    """The busy month's register for the window built from the ledger and rendered to PDF."""

    def run() -> object:
        with UnitOfWork(clinic.db, read_only=True) as uow:
            reg = build_register(
                uow.session,
                meta.window_id,
                meta.product_id,
                meta.busy_year,
                meta.busy_month,
                "Bench clinic",
            )
        return render_register_pdf(reg)

    return run


def stock_figures(quick: bool, wanted: Callable[[str], bool]) -> None:
    """reconcile_day and register_month_pdf on a generated 5-year ledger at one window."""
    per_day = 30 if quick else 100
    with tempfile.TemporaryDirectory(prefix="clinic-bench-stock-") as tmp:
        clinic = stockgen.new_clinic(Path(tmp) / "clinic")
        try:
            meta = stockgen.generate(clinic, days=5 * 365 + 1, per_day=per_day)
            print(
                f"benchmarks: stock ledger of {meta.rows} movements over {meta.days} days "
                f"({meta.per_day} dispenses a day) generated in {meta.build_s} s",
                file=sys.stderr,
                flush=True,
            )
            with UnitOfWork(clinic.db, read_only=True) as uow:
                reg = build_register(
                    uow.session,
                    meta.window_id,
                    meta.product_id,
                    meta.busy_year,
                    meta.busy_month,
                    "x",
                )
            extra = {"ledger_rows": meta.rows, "span_days": meta.days, "build_s": meta.build_s}
            if wanted("reconcile_day"):
                nurse = clinic.login("nurse", stockgen.PASSWORDS["nurse"])
                emit(
                    summary(
                        "reconcile_day",
                        "sqlcipher",
                        measure(
                            20 if quick else 100,
                            reconcile_day(nurse, meta.window_id, meta.product_id),
                        ),
                        **extra,
                    )
                )
            if wanted("register_month_pdf"):
                emit(
                    summary(
                        "register_month_pdf",
                        "sqlcipher",
                        measure(3 if quick else 10, register_month_pdf(clinic, meta), warmup=1),
                        register_lines=len(reg.lines),
                        **extra,
                    )
                )
        finally:
            clinic.close()


def claims_figures(quick: bool) -> None:
    """claims_month: build (with validation) and export a month's batch for 2,000 patients."""
    from clinic.insurance import claims, exports

    home, meta, built = claimsgen.cached_home()
    if built:
        print(f"benchmarks: claims clinic generated in {meta.build_s} s", file=sys.stderr)
    build_ms: list[float] = []
    export_ms: list[float] = []
    totals: list[float] = []
    extra: dict[str, Any] = {}
    for _ in range(2 if quick else 5):
        with dosegen.working_copy(home) as copy:  # every iteration builds the same month afresh
            clinic = app.open_clinic(copy)
            try:
                clerk = clinic.login("clerk", claimsgen.CLERK_PASSWORD)
                start = time.perf_counter()
                result = claims.build_batch(
                    clerk, scheme_code="RESIDENT", year=meta.year, month=meta.month
                )
                middle = time.perf_counter()
                exports.export_batch(
                    clerk,
                    batch_number=result.batch_number,
                    target=copy.parent / "batch.zip",
                    passphrase="bench export passphrase",
                    clinic_name="Bench clinic",
                    medins_code="H00000000000",
                    confirm_problems=len(result.unresolved),  # the clerk saw them and goes on
                )
                end = time.perf_counter()
            finally:
                clinic.close()
        build_ms.append((middle - start) * 1000)
        export_ms.append((end - middle) * 1000)
        totals.append((end - start) * 1000)
        with_lines = sum(c.days for c in result.claims) * 2
        extra = {
            "n_patients": meta.n_patients,
            "n_claims": len(result.claims),
            "n_excluded": len(result.excluded),
            "n_problems": len(result.problems),
            "n_lines": with_lines,
            "month": f"{meta.year}-{meta.month:02d}",
        }
    emit(
        summary(
            "claims_month",
            "sqlcipher",
            totals,
            build_p50_ms=round(percentile(build_ms, 50), 1),
            export_p50_ms=round(percentile(export_ms, 50), 1),
            **extra,
        )
    )


# --- clinics to measure on -------------------------------------------------------------------


def fill_to(clinic: app.Clinic, n_patients: int) -> float:
    """Bulk-add patients until the clinic has N_PATIENTS; returns the seconds it took."""
    with UnitOfWork(clinic.db, read_only=True) as uow:
        have = uow.session.scalars(select(func.count(Patient.id))).one()
    return bulk_patients(clinic, n_patients - have)


def lookup_queries(
    clinic: app.Clinic, count: int, seed: int = 7
) -> tuple[list[str], list[str], list[str]]:
    """Card codes, 2-character name fragments and pinyin initials of random patients."""
    rng = random.Random(seed)
    with UnitOfWork(clinic.db, read_only=True) as uow:
        cards = list(uow.session.scalars(select(PatientCard.code)))
        ids = rng.sample(list(uow.session.scalars(select(Patient.id))), count)
        names = [uow.session.get(Patient, i).name for i in ids]  # type: ignore[union-attr]
    fragments = [n[1:3] if len(n) >= 3 else n for n in names]
    initials = [name_index.initials(n) for n in names]
    return rng.sample(cards, count), fragments, initials


@contextlib.contextmanager
def embedded_clinic() -> Iterator[tuple[Path, dict[str, str]]]:
    """A DEMO-mode clinic with one user per dosing role, a product and two places, closed.
    (Not the full demo: its month of stock and dosing history takes a minute or more to write
    and changes nothing the figures measured here depend on.)"""
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as tmp:
        home = Path(tmp) / "demo"
        clinic = dosegen.new_clinic(home)
        try:
            dosegen.setup_staff(clinic)
        finally:
            clinic.close()
        yield home, dict(dosegen.PASSWORDS)


LOAD_PACE_S = 0.1  # each window starts an action every 100 ms: 36,000 an hour (a real one: ~60)
# The pharmacist counts the window, the physician reads the month's dosing and the clerk the
# claims figures this often: 1,800 of each an hour, where a real clinic has a few a day.
# (load_server_busy_roles: every 200 ms, as the earlier figures were made.)
LOAD_EVERY_S = 2.0


def load_figures(
    clinic: app.Clinic, meta: dosegen.Meta, queue: int, pace_s: float, every_s: float, name: str
) -> dict[str, Any]:
    """4 windows (processes) dose one QUEUE-patient morning against one PostgreSQL while a
    pharmacist counts, a physician reads the month's dosing and a billing clerk builds last
    month's claims, then reads their figures (benchmarks/load.py); then the checks. PACE_S: each window starts an action every
    PACE_S seconds (0: back to back, saturating the machine: then the figure is the machine's
    queueing as much as the dose's own latency). EVERY_S: the pharmacist's and the clerk's pace.
    """
    import claimsgen
    import load

    from clinic.generate import claims

    admin = clinic.login("admin", dosegen.PASSWORDS["admin"])
    first_day = meta.day - timedelta(days=meta.span_days)
    claims.insure(clinic, admin_password=dosegen.PASSWORDS["admin"], since=first_day)
    claimsgen.add_clerk(clinic)
    year, month = claims.full_months(first_day, meta.day - timedelta(days=1))[-1]
    batches = tuple((code, year, month) for code, _, _ in claims.SCHEMES)
    nurses = [f"nurse{i}" for i in range(1, 5)]
    for nurse in nurses:
        create_user(
            admin,
            username=nurse,
            full_name=f"Bench {nurse} (demo)",
            roles=frozenset([Role.NURSE]),
            password=dosegen.PASSWORDS["nurse"],
            must_change_password=False,
        )
    patients = list(meta.candidates)
    random.Random(7).shuffle(patients)
    patients = patients[:queue]
    start = dosing_day_clock(meta.day)()
    product = clinic.login("pharmacist", dosegen.PASSWORDS["pharmacist"])
    from clinic.inventory import catalogue

    product_id = next(p.product_id for p in catalogue.list_products(product) if p.controlled)
    result = load.run_load(
        clinic.home,
        nurses=[(n, dosegen.PASSWORDS["nurse"]) for n in nurses],
        pharmacist=("pharmacist", dosegen.PASSWORDS["pharmacist"]),
        reader=("physician", dosegen.PASSWORDS["physician"]),
        clerk=("clerk", claimsgen.CLERK_PASSWORD),
        window_id=meta.window_id,
        product_id=product_id,
        patients=patients,
        day=meta.day,
        start=start,
        pace_s=pace_s,
        every_s=every_s,
        batches=batches,
    )
    windows = [o for o in result.outcomes if o.role == "window"]
    clerk = next(o for o in result.outcomes if o.role == "clerk")
    doses = len(result.latencies)
    return summary(
        name,
        "postgresql",
        result.latencies,
        pace_ms=round(pace_s * 1000),
        roles_every_ms=round(every_s * 1000),
        claims_built=sum(n for _, n, _ in clerk.built),
        claims_build_s=round(sum(t for _, _, t in clerk.built), 1),
        batches_built_once=result.checks["batches_built_once"],
        windows=len(windows),
        queue=queue,
        doses=doses,
        refused=sum(o.refused for o in windows),
        errors=len(result.errors),
        doubled=len(result.checks["doubled"]),
        without_stock=result.checks["without_stock"],
        books_agree=result.checks["books_agree"],
        stuck_transactions=result.checks["stuck_transactions"],
        wall_s=round(result.wall_s, 1),
        cpu_mean_ms=round(
            sum(o.cpu_ms for o in windows) / max(1, sum(o.actions for o in windows)), 2
        ),
        load1=round(os.getloadavg()[0], 1),
    )


def pg_reachable() -> str | None:
    """Why PostgreSQL cannot be used, or None if it can."""
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        engine.dispose()
    return None


@contextlib.contextmanager
def server_clinic() -> Iterator[app.Clinic]:
    name = f"clinic_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory(prefix="clinic-bench-pg-") as tmp:
            home = Path(tmp) / "server"
            new = init_clinic(
                home,
                name="Bench clinic (DEMO)",
                admin_username="admin",
                admin_full_name="Bench Admin",
                admin_password=BENCH_PASSWORD,
                key_backup=None,
                passphrase=None,
                server_url=url,
                demo=True,
                keystore=DemoKeyFile(Path(tmp) / "server.demo-keys.json"),
            )
            try:
                yield new.clinic
            finally:
                new.clinic.close()
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.dispose()


# --- GUI figures (benchmarks/gui.py, written with the GUI) -----------------------------------


def gui_results(n: int) -> list[dict[str, Any]]:
    """gui_cold_start(n) and gui_login_to_ready(n) from benchmarks/gui.py, if it is there."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        gui = importlib.import_module("gui")
    except Exception:
        return []
    results = []
    for name in ("gui_cold_start", "gui_login_to_ready"):
        fn = getattr(gui, name, None)
        if fn is None:
            continue
        got = fn(n)
        if isinstance(got, dict):
            results.append({"name": name, "backend": "sqlcipher", **got})
        elif isinstance(got, list | tuple) and got and all(isinstance(x, int | float) for x in got):
            results.append(summary(name, "sqlcipher", [float(x) for x in got]))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small n and smaller generated clinics"
    )
    parser.add_argument("--no-server", action="store_true", help="skip the PostgreSQL figures")
    parser.add_argument("--only", help="comma-separated names to run")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None

    def wanted(name: str) -> bool:
        return only is None or name in only or name.removesuffix(".server") in only

    n_open = 30 if args.quick else 100
    n_call = 200 if args.quick else 2000
    n_gui = 5 if args.quick else 20

    on_demo = (
        "open_and_login",
        "audited_noop_call",
        "bare_insert_commit",
        "audited_noop_interleaved",
        "patient_lookup_card",
        "patient_lookup_name",
        "patient_lookup_initials",
    )
    if any(wanted(name) for name in on_demo):
        with contextlib.ExitStack() as stack:
            home, passwords = stack.enter_context(embedded_clinic())
            password = passwords["admin"]
            if wanted("open_and_login"):
                emit(
                    summary(
                        "open_and_login",
                        "sqlcipher",
                        measure(n_open, open_and_login(home, password)),
                    )
                )
            before = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "clinic"
            shutil.copytree(home, before)  # as it is, for audited_noop_sql_replay
            shutil.copy2(dosegen.demo_key_path(home), dosegen.demo_key_path(before))
            clinic = app.open_clinic(home)
            try:
                if wanted("audited_noop_call"):
                    log = StatementLog(clinic.db.engine)
                    noop = audited_noop_call(clinic, password, log)
                    emit(summary("audited_noop_call", "sqlcipher", measure(n_call, noop)))
                    emit(
                        replayed(
                            "audited_noop_sql_replay",
                            "sqlcipher",
                            log,
                            clinic,
                            functools.partial(dosegen.working_copy, before),
                        )
                    )
                if wanted("bare_insert_commit"):
                    emit(
                        summary(
                            "bare_insert_commit",
                            "sqlcipher",
                            measure(n_call, bare_insert_commit(clinic.db.engine)),
                        )
                    )
                if wanted("audited_noop_interleaved"):
                    noop = audited_noop_call(clinic, password)
                    floor = bare_insert_commit(clinic.db.engine)
                    emit(
                        against_floor(
                            "audited_noop_interleaved",
                            "sqlcipher",
                            *interleaved(n_call, noop, floor),
                        )
                    )
            finally:
                clinic.close()

            lookups = ("patient_lookup_card", "patient_lookup_name", "patient_lookup_initials")
            if any(wanted(name) for name in lookups):
                # Last on this clinic: the figures above are measured before it grows.
                n_patients = 5000
                n_card = 100 if args.quick else 500
                n_name = 12 if args.quick else 100
                clinic = app.open_clinic(home)
                try:
                    build_s = fill_to(clinic, n_patients)
                    nurse = clinic.login("nurse", passwords["nurse"])
                    codes, fragments, initials = lookup_queries(clinic, max(n_card, n_name))
                    extra = {"n_patients": n_patients, "build_s": round(build_s, 1)}
                    if wanted("patient_lookup_card"):
                        emit(
                            summary(
                                "patient_lookup_card",
                                "sqlcipher",
                                measure(n_card, patient_lookup_card(nurse, codes)),
                                **extra,
                            )
                        )
                    if wanted("patient_lookup_name"):
                        emit(
                            summary(
                                "patient_lookup_name",
                                "sqlcipher",
                                measure(n_name, patient_lookup_name(nurse, fragments)),
                                query="2-character name fragment",
                                **extra,
                            )
                        )
                    if wanted("patient_lookup_initials"):
                        emit(
                            summary(
                                "patient_lookup_initials",
                                "sqlcipher",
                                measure(n_name, patient_lookup_name(nurse, initials)),
                                query="pinyin initials",
                                **extra,
                            )
                        )
                finally:
                    clinic.close()

    if wanted("dose_record") or wanted("reports"):
        # The 10k- and 100k-dose clinics, then the "5-year" one (about 1M doses; not with --quick).
        n_dose = 100 if args.quick else 500
        sizes = (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
        for size in sizes:
            cached, meta, built = dosegen.cached_home(size)
            print(
                f"benchmarks: dosing clinic of {meta.n_doses} doses, {meta.n_patients} patients, "
                f"{meta.span_days} days: "
                + (f"generated in {meta.build_s} s" if built else f"cached ({cached.parent.name})"),
                file=sys.stderr,
                flush=True,
            )
            with dosegen.working_copy(cached) as home:
                clinic = app.open_clinic(home)
                try:
                    extra = {}
                    if wanted("dose_record"):  # first: the replay's copy is as this one was
                        extra = dosing_figures(
                            clinic,
                            meta,
                            n_dose,
                            "sqlcipher",
                            replay_on=functools.partial(dosegen.working_copy, cached),
                        )
                    if wanted("reports"):
                        report_figures(clinic, meta, 5)
                    if size == sizes[-1] and wanted("bare_insert_commit"):
                        extra = extra or {"n_doses": meta.n_doses}
                        emit(
                            summary(
                                "bare_insert_commit",
                                "sqlcipher",
                                measure(n_call, bare_insert_commit(clinic.db.engine)),
                                **extra,
                            )
                        )
                finally:
                    clinic.close()

    if wanted("claims_month"):
        claims_figures(args.quick)

    if wanted("dashboard_open"):
        dashboard_figures(args.quick)

    if wanted("reconcile_day") or wanted("register_month_pdf"):
        stock_figures(args.quick, wanted)

    if not args.no_server and wanted("dose_record.server"):
        problem = pg_reachable()
        if problem:
            print(f"benchmarks: server figures skipped ({problem})", file=sys.stderr)
        else:
            n_server = 100 if args.quick else 500
            for size in (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000):
                cached, meta, built = dosegen.cached_server(size, PG_ADMIN_URL)
                print(
                    f"benchmarks: server dosing clinic of {meta.n_doses} doses: "
                    + (
                        f"generated in {meta.build_s} s"
                        if built
                        else f"cached ({dosegen.template_of(cached)})"
                    ),
                    file=sys.stderr,
                    flush=True,
                )
                with dosegen.server_copy(cached, PG_ADMIN_URL) as home:
                    clinic = app.open_clinic(home)
                    try:
                        dosing_figures(
                            clinic,
                            meta,
                            n_server,
                            "postgresql",
                            ".server",
                            replay_on=functools.partial(dosegen.server_copy, cached, PG_ADMIN_URL),
                        )
                    finally:
                        clinic.close()

    if not args.no_server and only is not None and "load_server" in only:
        problem = pg_reachable()
        if problem:
            print(f"benchmarks: load figures skipped ({problem})", file=sys.stderr)
        else:
            # a clinic of 100k doses (half a year: a full month to claim), copied for each run
            cached, meta, _ = dosegen.cached_server(100_000, PG_ADMIN_URL)
            runs = (  # paced as windows are; the other roles busier; then back to back
                ("load_server", LOAD_PACE_S, LOAD_EVERY_S),
                ("load_server_busy_roles", LOAD_PACE_S, 0.2),
                ("load_server_saturated", 0.0, 0.2),
            )
            for name, pace_s, every_s in runs:
                with dosegen.server_copy(cached, PG_ADMIN_URL) as home:
                    clinic = app.open_clinic(home)
                    try:
                        queue = 100 if args.quick else 400
                        emit(load_figures(clinic, meta, queue, pace_s, every_s, name))
                    finally:
                        clinic.close()

    if not args.no_server and (
        wanted("audited_noop_call.server")
        or wanted("bare_insert_commit.server")
        or wanted("audited_noop_interleaved.server")
    ):
        problem = pg_reachable()
        if problem:
            print(f"benchmarks: server figures skipped ({problem})", file=sys.stderr)
        else:
            with server_clinic() as clinic:
                if wanted("audited_noop_call.server"):
                    emit(
                        summary(
                            "audited_noop_call.server",
                            "postgresql",
                            measure(n_call, audited_noop_call(clinic, BENCH_PASSWORD)),
                        )
                    )
                if wanted("bare_insert_commit.server"):
                    emit(
                        summary(
                            "bare_insert_commit.server",
                            "postgresql",
                            measure(n_call, bare_insert_commit(clinic.db.engine)),
                        )
                    )
                if wanted("audited_noop_interleaved.server"):
                    noop = audited_noop_call(clinic, BENCH_PASSWORD)
                    floor = bare_insert_commit(clinic.db.engine)
                    emit(
                        against_floor(
                            "audited_noop_interleaved.server",
                            "postgresql",
                            *interleaved(n_call, noop, floor),
                        )
                    )

    if only is None or only & {"gui_cold_start", "gui_login_to_ready"}:
        for result in gui_results(n_gui):
            if wanted(result["name"]):
                emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
