"""A generated dosing history: the bulk of `clinic-admin generate` and of the benchmarks' clinics.

About 590 patients in treatment on any day (a large clinic), 93% attendance (never three days
missed in a row), patients leaving and new ones entering so that 2,000 pass through; the span in
days is what gives the requested number of doses (1M doses is about 5 years). Fees: ¥10 a
dosing day charged with each dose (every generated patient pays themselves), paid on the
patient's first visit each week, so each lookup sums years of account entries. Stock: one
methadone lot a month received into the safe and issued to the window, every dose one `dispense`
movement from it; balances written from the same sums, so books and movements agree.

Written through the clinic's own models and engine (ORM bulk inserts with explicit keys, big
transactions), not through `record_dose`: a million audited calls would take hours and measure
nothing about the day being benchmarked. The history has no audit events of its own.

Each patient is titrated: an induction order of 20 mg on entry, raised by 10 mg every 3 days
(the titration rule's step) until the maintenance dose, each step a new order superseding the last;
every dose is the one its day's order says. The benchmarks cache these clinics
(benchmarks/dosegen.py).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from clinic import app, clock
from clinic.config import demo_key_path
from clinic.generate.people import bulk_patients
from clinic.inventory import ledger, stock
from clinic.inventory.catalogue import add_product
from clinic.new_clinic import init_clinic
from clinic.privacy.keys import DemoKeyFile
from clinic.privacy.permissions import Role
from clinic.privacy.users import create_user
from clinic.storage.models import (
    DayClose,
    Dose,
    DoseItem,
    DoseOrder,
    Episode,
    FeeCharge,
    FeePayment,
    Location,
    Lot,
    Patient,
    Product,
    Receipt,
    ScreenResult,
    SiteFee,
    StatusChange,
    StockBalance,
    StockCount,
    StockMovement,
    UrineScreen,
    User,
)
from clinic.storage.uow import UnitOfWork

N_PATIENTS = 2000
ACTIVE_PER_DAY = 590
ATTENDANCE = 0.93
LOT_DAYS = 30
MARGIN_ML = Decimal(150_000)  # left at the window for the benchmark day
DAILY_FEE = Decimal(10)
FLUSH_DOSES = 20_000
COMMIT_DOSES = 200_000
PASSWORDS = {
    "admin": "bench-admin-1",
    "nurse": "bench-nurse-1",
    "physician": "bench-physician-1",
    "pharmacist": "bench-pharm-1",
}
ZONE = ZoneInfo("Asia/Shanghai")


@dataclass
class Meta:
    """What a run needs to know about a generated clinic."""

    n_doses: int
    n_patients: int
    span_days: int
    bench_day: str  # the first day after the history: the day the benchmark doses
    window_id: int
    candidates: list[int]  # dosed on the last day of the history, so doseable on bench_day
    build_s: float

    @property
    def day(self) -> date:
        return date.fromisoformat(self.bench_day)


def local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute, second), tzinfo=ZONE).astimezone(UTC)


def setup_staff(clinic: app.Clinic, passwords: dict[str, str] = PASSWORDS) -> tuple[int, int]:
    """Demo users, the methadone product, a safe and a window. Returns (product, window)."""
    admin = clinic.login("admin", passwords["admin"])
    for username, role in (
        ("nurse", Role.NURSE),
        ("physician", Role.PHYSICIAN),
        ("pharmacist", Role.PHARMACIST),
    ):
        create_user(
            admin,
            username=username,
            full_name=f"Bench {username} (demo)",
            roles=frozenset([role]),
            password=passwords[username],
            must_change_password=False,
        )
    pharm = clinic.login("pharmacist", passwords["pharmacist"])
    product = add_product(
        pharm,
        code="MET-1",
        name="盐酸美沙酮口服溶液 1 mg/mL",
        drug="methadone",
        form="oral_solution",
        mg_per_unit="1",
        controlled_class="narcotic",
    ).product_id
    stock.add_place(pharm, site_code="MAIN", kind="safe", name="药库 Safe")
    window = stock.add_place(pharm, site_code="MAIN", kind="window", name="窗口1 Window 1")
    return product, window.location_id


def _next_id(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.max(model.id))) or 0) + 1


def _user(session: Session, username: str) -> int:
    return int(session.scalars(select(User.id).where(User.username == username)).one())


@dataclass
class _Plan:
    """The simulated clinic: who attends which day, who leaves and enters."""

    start: date
    span: int
    dose_mg: dict[int, int]  # the maintenance dose the titration reaches
    entry: dict[int, date]
    leave: dict[int, date]
    days: list[list[int]]  # patients dosed, per day

    def step(self, pid: int, day: date) -> int:
        """Which of the patient's titration steps (orders) is in force on DAY."""
        return min((day - self.entry[pid]).days // STEP_DAYS, len(titration(self.dose_mg[pid])) - 1)

    def mg(self, pid: int, day: date) -> int:
        return titration(self.dose_mg[pid])[self.step(pid, day)]


INDUCTION_MG, STEP_MG, STEP_DAYS = 20, 10, 3


def titration(target: int) -> list[int]:
    """The daily doses a patient's orders step through: 20 mg on entry, 10 mg more every 3 days,
    until TARGET (the maintenance dose)."""
    steps = [INDUCTION_MG]
    while steps[-1] < target:
        steps.append(min(target, steps[-1] + STEP_MG))
    return steps


def plan(
    patients: list[int],
    n_doses: int,
    bench_day: date,
    rng: random.Random,
    active_per_day: int = ACTIVE_PER_DAY,
) -> _Plan:
    span = max(2, math.ceil(n_doses / (active_per_day * ATTENDANCE)))
    end = bench_day - timedelta(days=1)
    start = end - timedelta(days=span - 1)
    waiting = list(patients)
    rng.shuffle(waiting)
    active_n = min(active_per_day, len(waiting))
    leave_p = max(0.0, (len(waiting) - active_n) / (active_n * span))
    active: dict[int, int] = {}  # patient -> missed in a row
    entry: dict[int, date] = {}
    leave: dict[int, date] = {}
    for pid in waiting[:active_n]:
        active[pid], entry[pid] = 0, start
    waiting = waiting[active_n:]
    days: list[list[int]] = []
    for offset in range(span):
        day = start + timedelta(days=offset)
        last = offset == span - 1
        came = []
        for pid in list(active):
            if last or active[pid] >= 2 or rng.random() < ATTENDANCE:
                came.append(pid)
                active[pid] = 0
            else:
                active[pid] += 1
        days.append(came)
        if last:
            break
        for pid in list(active):
            if rng.random() < leave_p:
                del active[pid]
                leave[pid] = day + timedelta(days=1)
                if waiting:
                    new = waiting.pop()
                    active[new], entry[new] = 0, day + timedelta(days=1)
    for pid in waiting:  # never came: enrolled on the last day, no dose yet
        entry[pid] = end
    dose_mg = {pid: rng.randrange(30, 125, 5) for pid in patients}
    return _Plan(start, span, dose_mg, entry, leave, days)


def generate(
    clinic: app.Clinic,
    n_doses: int,
    seed: int = 1,
    bench_day: date | None = None,
    *,
    n_patients: int = N_PATIENTS,
    active_per_day: int = ACTIVE_PER_DAY,
    log: Callable[[str], None] | None = None,
) -> Meta:
    """Fill CLINIC (fresh, after setup_staff) with a dosing history of about N_DOSES doses of
    N_PATIENTS patients, ACTIVE_PER_DAY of them in treatment on a day; LOG hears how far it got."""
    say = log or (lambda _: None)
    started = time.perf_counter()
    rng = random.Random(seed)
    db = clinic.db
    with UnitOfWork(db, read_only=True) as uow:
        today = clock.clinic_today(uow.session)
    day0 = bench_day or today
    span_guess = max(2, math.ceil(n_doses / (active_per_day * ATTENDANCE)))
    history_start = day0 - timedelta(days=span_guess)
    saved_clock = db.clock
    db.clock = lambda: local(history_start, 8)
    try:
        bulk_patients(clinic, n_patients, seed=5000 + seed)
    finally:
        db.clock = saved_clock
    with UnitOfWork(db) as uow:
        s = uow.session
        patients = list(s.scalars(select(Patient.id).order_by(Patient.id)))
        episodes = {pid: eid for pid, eid in s.execute(select(Episode.patient_id, Episode.id))}
        product = int(s.scalars(select(Product.id).where(Product.code == "MET-1")).one())
        safe = s.scalars(select(Location).where(Location.kind == "safe")).one()
        window = s.scalars(select(Location).where(Location.kind == "window")).one()
        supplier = ledger.outside(s, "supplier")
        dispensed = ledger.outside(s, "dispensed")
        uow.commit()
    safe_id, window_id, window_site = safe.id, window.id, window.site_id
    supplier_id, dispensed_id = supplier.id, dispensed.id
    say(f"{len(patients)} patients enrolled")
    p = plan(patients, n_doses, day0, rng, active_per_day)
    end = p.start + timedelta(days=p.span - 1)
    with UnitOfWork(db) as uow:
        s = uow.session
        nurse, physician, pharmacist = (
            _user(s, "nurse"),
            _user(s, "physician"),
            _user(s, "pharmacist"),
        )
        order_id = _next_id(s, DoseOrder)
        orders: dict[int, list[int]] = {}  # each patient's titration steps' orders
        order_rows: list[dict[str, Any]] = []
        stops: list[dict[str, Any]] = []
        status_rows: list[dict[str, Any]] = []
        for pid in patients:
            orders[pid] = []
            last_day = min(p.leave.get(pid, end + timedelta(days=1)) - timedelta(days=1), end)
            for n, step_mg in enumerate(titration(p.dose_mg[pid])):
                start_on = p.entry[pid] + timedelta(days=n * STEP_DAYS)
                if n and start_on > last_day:
                    break
                orders[pid].append(order_id)
                order_rows.append(
                    {
                        "id": order_id,
                        "patient_id": pid,
                        "episode_id": episodes[pid],
                        "kind": "order",
                        "product_id": product,
                        "daily_dose_mg": Decimal(step_mg),
                        "start_on": start_on,
                        "take_home_days": 0,
                        "induction": n == 0,
                        "reason": "诱导剂量 Induction (generated)"
                        if n == 0
                        else "剂量调整 Titration (generated)",
                        "supersedes_id": orders[pid][-2] if n else None,
                        "ordered_by": physician,
                        "recorded_at": local(start_on, 7, 45),
                    }
                )
                order_id += 1
        for pid, day in p.leave.items():
            stops.append(
                {
                    "id": order_id,
                    "patient_id": pid,
                    "episode_id": episodes[pid],
                    "kind": "stop",
                    "start_on": day,
                    "take_home_days": 0,
                    "induction": False,
                    "reason": "自愿退出治疗 Left treatment (generated)",
                    "supersedes_id": orders[pid][-1],
                    "ordered_by": physician,
                    "recorded_at": local(day, 7, 50),
                }
            )
            status_rows.append(
                {
                    "patient_id": pid,
                    "episode_id": episodes[pid],
                    "from_status": "active",
                    "to_status": "discharged",
                    "effective_on": day,
                    "reason": "自愿退出治疗 Left treatment (generated)",
                    "recorded_at": local(day, 7, 50),
                    "recorded_by": physician,
                }
            )
            order_id += 1
        s.execute(insert(DoseOrder), order_rows)
        if stops:
            s.execute(insert(DoseOrder), stops)
            s.execute(insert(StatusChange), status_rows)
            for chunk in range(0, len(stops), 500):
                ids = [r["patient_id"] for r in stops[chunk : chunk + 500]]
                s.execute(update(Patient).where(Patient.id.in_(ids)).values(status="discharged"))
        s.execute(
            update(Episode)
            .where(Episode.patient_id.in_(patients))
            .values(opened_on=p.start)
            .execution_options(synchronize_session=False)
        )
        uow.commit()

    with UnitOfWork(db, read_only=True) as uow:
        s = uow.session
        dose_id, item_id = _next_id(s, Dose), _next_id(s, DoseItem)
        move_id, lot_id = _next_id(s, StockMovement), _next_id(s, Lot)
        receipt_id = _next_id(s, Receipt)
        charge_id, payment_id = _next_id(s, FeeCharge), _next_id(s, FeePayment)
    with UnitOfWork(db) as uow:
        uow.session.add(
            SiteFee(
                site_id=window_site,
                effective_from=p.start,
                daily_fee=DAILY_FEE,
                reason="generated",
                recorded_by=nurse,
                recorded_at=local(p.start, 7),
            )
        )
        uow.commit()
    owed: dict[int, Decimal] = {}
    paid_week: dict[int, int] = {}
    issued_on: dict[date, Decimal] = {}  # the window's stock by day: for its daily counts
    dispensed_on: dict[date, Decimal] = {}
    screened: list[tuple[int, date]] = []
    balances: dict[tuple[int, int], Decimal] = {}
    n_done = 0
    since_commit = 0
    doses: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    charges: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    uow_cm = UnitOfWork(db)
    session = uow_cm.__enter__()
    s = session.session
    try:

        def flush() -> None:
            if moves:
                s.execute(insert(StockMovement), moves)
            if doses:
                s.execute(insert(Dose), doses)
            if items:
                s.execute(insert(DoseItem), items)
            if charges:
                s.execute(insert(FeeCharge), charges)
            if payments:
                s.execute(insert(FeePayment), payments)
            moves.clear()
            doses.clear()
            items.clear()
            charges.clear()
            payments.clear()

        for first in range(0, p.span, LOT_DAYS):
            block = p.days[first : first + LOT_DAYS]
            block_start = p.start + timedelta(days=first)
            need = sum(
                (
                    Decimal(p.mg(pid, block_start + timedelta(days=index)))
                    for index, day in enumerate(block)
                    for pid in day
                ),
                start=Decimal(0),
            )
            last_block = first + LOT_DAYS >= p.span
            quantity = need + (MARGIN_ML if last_block else Decimal(0))
            expiry = max(block_start + timedelta(days=3 * 365), day0 + timedelta(days=400))
            number = f"GEN{block_start:%Y%m%d}"
            s.execute(
                insert(Lot),
                [
                    {
                        "id": lot_id,
                        "product_id": product,
                        "lot_number": number,
                        "expiry_date": expiry,
                        "manufacturer": "示范制药厂 Demo Pharmaceutical Works (generated)",
                        "supplier": "示范医药有限公司 Demo Pharma (generated)",
                        "created_at": local(block_start, 7),
                    }
                ],
            )
            for kind, source, target, hour in (
                ("receipt", supplier_id, safe_id, 7),
                ("issue", safe_id, window_id, 7),
            ):
                moves.append(
                    {
                        "id": move_id,
                        "kind": kind,
                        "product_id": product,
                        "lot_id": lot_id,
                        "from_location_id": source,
                        "to_location_id": target,
                        "quantity": quantity,
                        "occurred_at": local(block_start, hour, 10 if kind == "issue" else 0),
                        "voucher": f"{ledger.VOUCHER_PREFIX[kind]}{block_start:%Y%m%d}-G{move_id}",
                        "done_by": pharmacist,
                        "checked_by": nurse,
                        "reference": f"SH-GEN-{number}" if kind == "receipt" else None,
                    }
                )
                move_id += 1
            s.execute(
                insert(Receipt),
                [
                    {
                        "id": receipt_id,
                        "lot_id": lot_id,
                        "location_id": safe_id,
                        "expected": quantity,
                        "received": quantity,
                        "damaged": Decimal(0),
                        "shortage": Decimal(0),
                        "delivery_note": f"SH-GEN-{number}",
                        "received_by": pharmacist,
                        "checked_by": nurse,
                        "recorded_at": local(block_start, 7),
                    }
                ],
            )
            receipt_id += 1
            issued_on[block_start] = issued_on.get(block_start, Decimal(0)) + quantity
            balances[(lot_id, safe_id)] = Decimal(0)
            balances[(lot_id, window_id)] = quantity - need
            for index, came in enumerate(block):
                day = block_start + timedelta(days=index)
                opening = local(day, 8)
                step = (3.5 * 3600) / max(len(came), 1)
                for n, pid in enumerate(came):
                    at = opening + timedelta(seconds=int(n * step))
                    mg = Decimal(p.mg(pid, day))
                    dispensed_on[day] = dispensed_on.get(day, Decimal(0)) + mg
                    if (day - p.entry[pid]).days % SCREEN_DAYS == SCREEN_DAYS - 1:
                        screened.append((pid, day))
                    moves.append(
                        {
                            "id": move_id,
                            "kind": "dispense",
                            "product_id": product,
                            "lot_id": lot_id,
                            "from_location_id": window_id,
                            "to_location_id": dispensed_id,
                            "quantity": mg,
                            "occurred_at": at,
                            "voucher": f"FY{day:%Y%m%d}-G{move_id}",
                            "done_by": nurse,
                            "reference": f"dose {dose_id}",
                        }
                    )
                    doses.append(
                        {
                            "id": dose_id,
                            "patient_id": pid,
                            "episode_id": episodes[pid],
                            "order_id": orders[pid][p.step(pid, day)],
                            "window_id": window_id,
                            "dosing_date": day,
                            "slot": 1,
                            "attempt": 1,
                            "kind": "observed",
                            "dose_mg": mg,
                            "given_at": at,
                            "nurse_id": nurse,
                        }
                    )
                    items.append(
                        {
                            "id": item_id,
                            "dose_id": dose_id,
                            "product_id": product,
                            "lot_id": lot_id,
                            "quantity": mg,
                            "movement_id": move_id,
                        }
                    )
                    charges.append(
                        {
                            "id": charge_id,
                            "patient_id": pid,
                            "site_id": window_site,
                            "service_date": day,
                            "generation": 1,
                            "dose_id": dose_id,
                            "amount": DAILY_FEE,
                            "recorded_at": at,
                        }
                    )
                    charge_id += 1
                    owed[pid] = owed.get(pid, Decimal(0)) + DAILY_FEE
                    week = (day - p.start).days // 7
                    if paid_week.get(pid) != week:
                        paid_week[pid] = week
                        payments.append(
                            {
                                "id": payment_id,
                                "receipt_number": f"R{day:%Y%m%d}-G{payment_id}",
                                "patient_id": pid,
                                "kind": "payment",
                                "method": "cash",
                                "amount": owed[pid],
                                "recorded_by": nurse,
                                "recorded_at": at + timedelta(minutes=1),
                            }
                        )
                        payment_id += 1
                        owed[pid] = Decimal(0)
                    dose_id, item_id, move_id = dose_id + 1, item_id + 1, move_id + 1
                    n_done += 1
                    since_commit += 1
                    if len(doses) >= FLUSH_DOSES:
                        flush()
                if since_commit >= COMMIT_DOSES:
                    flush()
                    uow_cm.commit()
                    uow_cm.__exit__(None, None, None)
                    uow_cm = UnitOfWork(db)
                    s = uow_cm.__enter__().session
                    since_commit = 0
            lot_id += 1
            say(f"doses to {min(end, block_start + timedelta(days=LOT_DAYS - 1))}: {n_done:,}")
        flush()
        say(f"urine screens: {len(screened):,}; daily counts: {p.span - 1:,}")
        _screens_and_counts(
            s,
            rng,
            screened,
            [
                (
                    p.start + timedelta(days=d),
                    issued_on.get(p.start + timedelta(days=d), Decimal(0)),
                    dispensed_on.get(p.start + timedelta(days=d), Decimal(0)),
                )
                for d in range(p.span - 1)  # the last day stays open
            ],
            window_id=window_id,
            product=product,
            nurse=nurse,
            pharmacist=pharmacist,
        )
        s.execute(
            insert(StockBalance),
            [
                {"product_id": product, "lot_id": lot, "location_id": place, "quantity": q}
                for (lot, place), q in balances.items()
            ],
        )
        if db.mode == "server":
            for table in (
                "doses",
                "dose_items",
                "stock_movements",
                "lots",
                "receipts",
                "dose_orders",
                "fee_charges",
                "fee_payments",
                "site_fees",
                "urine_screens",
                "screen_results",
                "stock_counts",
                "day_closes",
            ):
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        uow_cm.commit()
    finally:
        uow_cm.__exit__(None, None, None)
    return Meta(
        n_doses=n_done,
        n_patients=len(patients),
        span_days=p.span,
        bench_day=day0.isoformat(),
        window_id=window_id,
        candidates=sorted(p.days[-1]),
        build_s=round(time.perf_counter() - started, 1),
    )


SCREEN_DAYS = 30  # a urine screen every 30 days in treatment
POSITIVE = 0.15  # of screens with a positive result (opiates, or another substance)


def _screens_and_counts(
    s: Session,
    rng: random.Random,
    screened: list[tuple[int, date]],
    days: list[tuple[date, Decimal, Decimal]],
    *,
    window_id: int,
    product: int,
    nurse: int,
    pharmacist: int,
) -> None:
    """A urine screen for each (patient, day) in SCREENED (some positive), and the window's
    count at the end of each of DAYS (day, issued, dispensed): found as expected, the day closed."""
    screen_id, count_id = _next_id(s, UrineScreen), _next_id(s, StockCount)
    screens, results = [], []
    for pid, day in screened:
        positive = rng.random() < POSITIVE
        substance = "opiates" if rng.random() < 0.7 else rng.choice(["methamphetamine", "ketamine"])
        screens.append(
            {
                "id": screen_id,
                "patient_id": pid,
                "collected_on": day,
                "random": rng.random() < 0.3,
                "any_positive": positive,
                "recorded_by": nurse,
                "recorded_at": local(day, 11),
            }
        )
        for name in ("opiates", "methamphetamine", "ketamine"):
            results.append(
                {
                    "screen_id": screen_id,
                    "substance": name,
                    "positive": positive and name == substance,
                }
            )
        screen_id += 1
    for at in range(0, len(screens), 20_000):
        s.execute(insert(UrineScreen), screens[at : at + 20_000])
    for at in range(0, len(results), 20_000):
        s.execute(insert(ScreenResult), results[at : at + 20_000])
    counts, closes = [], []
    held = Decimal(0)
    for day, issued, dispensed in days:
        expected = held + issued - dispensed
        counts.append(
            {
                "id": count_id,
                "location_id": window_id,
                "product_id": product,
                "business_date": day,
                "kind": "day_close",
                "opening": held,
                "received": issued,
                "dispensed": dispensed,
                "wasted": Decimal(0),
                "returned": Decimal(0),
                "other": Decimal(0),
                "expected": expected,
                "counted": expected,
                "variance": Decimal(0),
                "tolerance": Decimal(0),
                "counted_by": pharmacist,
                "recorded_at": local(day, 17),
            }
        )
        closes.append(
            {
                "location_id": window_id,
                "product_id": product,
                "business_date": day,
                "count_id": count_id,
                "closed_by": pharmacist,
                "recorded_at": local(day, 17, 5),
            }
        )
        held = expected
        count_id += 1
    if counts:
        s.execute(insert(StockCount), counts)
        s.execute(insert(DayClose), closes)


def new_clinic(
    home: Path, passwords: dict[str, str] = PASSWORDS, name: str = "Bench dosing clinic (DEMO)"
) -> app.Clinic:
    return init_clinic(
        home,
        name=name,
        admin_username="admin",
        admin_full_name="Bench Admin",
        admin_password=passwords["admin"],
        key_backup=None,
        passphrase=None,
        demo=True,
        keystore=DemoKeyFile(demo_key_path(home)),
    ).clinic
