"""A generated dosing history: patients entering and leaving, their orders, a dose a day.

ACTIVE_PER_DAY patients in treatment on any day, each attending on most days (never three days
missed in a row, so no dose is ever held for a physician), patients leaving and new ones entering
so that every generated patient passes through; the span in days is given, or follows from the
number of doses asked for (590 a day and 2,000 patients make 1M doses in about 5 years). Fees: a
daily fee charged with each dose (every generated patient pays themselves), paid on the patient's
first visit each week. Stock: one methadone lot a month received into the safe and issued to the
window, every dose one `dispense` movement from it; balances written from the same sums, so books
and movements agree.

With `Shape.realistic`: each patient attends at a rate of their own, new patients start on an
induction order and are titrated up (at most 10 mg every 4 days, to at most 100 mg), a random
urine screen about once a month (positives reviewed by the physician the next day), and every day
of the history counted and closed at the window.

Written through the clinic's own models and engine (bulk inserts with explicit keys, big
transactions; COPY on PostgreSQL, its keys checked at once: bulk.py), not through `record_dose`:
a million audited calls would take hours. The history has no audit events of its own.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from clinic import app, clock
from clinic.generate import bulk
from clinic.generate.people import bulk_patients
from clinic.inventory import ledger, stock
from clinic.inventory.catalogue import add_product
from clinic.privacy.permissions import Role
from clinic.privacy.users import create_user
from clinic.storage.models import (
    DayClose,
    Diagnosis,
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
    ScreenReview,
    SiteFee,
    StatusChange,
    StockBalance,
    StockCount,
    StockMovement,
    TreatmentAgreement,
    UrineScreen,
    User,
)
from clinic.storage.settings_store import clinic_settings
from clinic.storage.uow import UnitOfWork

ACTIVE_PER_DAY = 590
ATTENDANCE = 0.93
LOT_DAYS = 30
MARGIN_ML = Decimal(150_000)  # left at the window for the day after the history
DAILY_FEE = Decimal(10)
FLUSH_DOSES = 20_000
COMMIT_DOSES = 200_000
ZONE = ZoneInfo("Asia/Shanghai")
SCREENED = {"opiates": 0.12, "methamphetamine": 0.04, "ketamine": 0.02}  # chance of a positive
SCREEN_CHANCE = 1 / 30  # per dosed day: about a screen a month
MAX_DOSE_MG = 100  # above it an order needs an ECG or a second physician
EXITS = (  # why patients leave (discharged), the first one in the plain shape
    "自愿退出治疗 Left treatment (generated)",
    "失访 Lost to follow-up (generated)",
    "迁居外地 Moved away (generated)",
    "多次违反治疗协议 Repeated breaches of the agreement (generated)",
)

# Told what the generator is doing: (step, steps, what).
Progress = Callable[[int, int, str], None]


def _quiet(step: int, steps: int, what: str) -> None:
    """No progress shown."""


@dataclass(frozen=True)
class Shape:
    """What kind of clinic to generate."""

    n_patients: int = 2000
    active_per_day: int = ACTIVE_PER_DAY
    realistic: bool = False  # titration, attendance per patient, screens, daily counts


@dataclass
class History:
    """What was generated."""

    n_doses: int
    n_patients: int
    span_days: int
    first_day: date
    bench_day: date  # the first day after the history
    window_id: int
    product_id: int
    candidates: list[int]  # dosed on the last day of the history, so doseable on bench_day
    build_s: float


def local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute, second), tzinfo=ZONE).astimezone(UTC)


def setup_staff(clinic: app.Clinic, passwords: dict[str, str]) -> tuple[int, int]:
    """The staff in PASSWORDS (besides admin), the methadone product, a safe and a window.
    Returns (product, window)."""
    admin = clinic.login("admin", passwords["admin"])
    roles = {
        "nurse": Role.NURSE,
        "physician": Role.PHYSICIAN,
        "pharmacist": Role.PHARMACIST,
        "clerk": Role.BILLING_CLERK,
        "auditor": Role.AUDITOR,
    }
    for username, password in passwords.items():
        if username == "admin":
            continue
        create_user(
            admin,
            username=username,
            full_name=f"Generated {username} (demo)",
            roles=frozenset([roles[username]]),
            password=password,
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
    """The simulated clinic: who attends which day, who leaves and enters, at what dose."""

    start: date
    span: int
    entry: dict[int, date]
    leave: dict[int, date]
    days: list[list[int]]  # patients dosed, per day
    steps: dict[int, list[tuple[date, int]]] = field(default_factory=dict)  # (from, mg) each

    def dose_on(self, pid: int, day: date) -> tuple[int, int]:
        """(index of the order in force, its mg) for PID on DAY."""
        steps = self.steps[pid]
        index = 0
        while index + 1 < len(steps) and steps[index + 1][0] <= day:
            index += 1
        return index, steps[index][1]


def span_for(n_doses: int, active_per_day: int) -> int:
    return max(2, math.ceil(n_doses / (active_per_day * ATTENDANCE)))


def plan(
    patients: list[int], span: int, bench_day: date, rng: random.Random, shape: Shape
) -> _Plan:
    end = bench_day - timedelta(days=1)
    start = end - timedelta(days=span - 1)
    waiting = list(patients)
    rng.shuffle(waiting)
    attendance = {
        pid: (rng.uniform(0.80, 0.99) if shape.realistic else ATTENDANCE) for pid in patients
    }
    active_n = min(shape.active_per_day, len(waiting))
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
            if last or active[pid] >= 2 or rng.random() < attendance[pid]:
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
    result = _Plan(start, span, entry, leave, days)
    for pid in patients:
        if not shape.realistic:
            result.steps[pid] = [(entry[pid], rng.randrange(30, 125, 5))]
        elif entry[pid] == start:  # in treatment before the history: on a maintenance dose
            result.steps[pid] = [(start, rng.randrange(40, MAX_DOSE_MG + 5, 5))]
        else:
            result.steps[pid] = titration(entry[pid], rng)
    return result


def titration(first: date, rng: random.Random) -> list[tuple[date, int]]:
    """An induction at 20-30 mg, then up 5 or 10 mg every 4 days to a maintenance dose."""
    target = rng.randrange(40, MAX_DOSE_MG + 5, 5)
    mg = rng.choice((20, 25, 30))
    day = first
    steps = [(day, mg)]
    while mg < target:
        day += timedelta(days=4)
        mg = min(target, mg + rng.choice((5, 10)))
        steps.append((day, mg))
    return steps


def generate(
    clinic: app.Clinic,
    *,
    n_doses: int | None = None,
    span_days: int | None = None,
    shape: Shape = Shape(),
    seed: int = 1,
    bench_day: date | None = None,
    progress: Progress | None = None,
) -> History:
    """Fill CLINIC (fresh, after setup_staff) with a dosing history of SPAN_DAYS days, or of
    about N_DOSES doses, ending the day before BENCH_DAY (default: the clinic's today)."""
    started = time.perf_counter()
    tell = progress or _quiet
    rng = random.Random(seed)
    db = clinic.db
    with UnitOfWork(db, read_only=True) as uow:
        today = clock.clinic_today(uow.session)
        tolerance = clinic_settings(uow.session).decimal("count_tolerance_ml")
    day0 = bench_day or today
    if span_days is None:
        span_days = span_for(n_doses or 0, shape.active_per_day)
    span_days = max(2, span_days)
    history_start = day0 - timedelta(days=span_days)
    saved_clock = db.clock
    db.clock = lambda: local(history_start, 8)
    try:
        bulk_patients(clinic, shape.n_patients, seed=seed + 4999)
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
    p = plan(patients, span_days, day0, rng, shape)
    steps_total = 2 + math.ceil(p.span / LOT_DAYS)
    tell(1, steps_total, f"{len(patients)} patients and their orders")
    with UnitOfWork(db) as uow:
        s = uow.session
        nurse, physician, pharmacist = (
            _user(s, "nurse"),
            _user(s, "physician"),
            _user(s, "pharmacist"),
        )
        orders = _write_orders(s, p, episodes, product, day0, physician, shape, rng)
        uow.commit()

    with UnitOfWork(db, read_only=True) as uow:
        s = uow.session
        dose_id, item_id = _next_id(s, Dose), _next_id(s, DoseItem)
        move_id, lot_id = _next_id(s, StockMovement), _next_id(s, Lot)
        receipt_id = _next_id(s, Receipt)
        charge_id, payment_id = _next_id(s, FeeCharge), _next_id(s, FeePayment)
        count_id, screen_id = _next_id(s, StockCount), _next_id(s, UrineScreen)
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
    balances: dict[tuple[int, int], Decimal] = {}
    at_window = Decimal(0)
    n_done = 0
    since_commit = 0
    rows: dict[Any, list[dict[str, Any]]] = {
        model: []
        for model in (
            StockMovement,
            Dose,
            DoseItem,
            FeeCharge,
            FeePayment,
            StockCount,
            DayClose,
            UrineScreen,
            ScreenResult,
            ScreenReview,
        )
    }
    moves, doses, items = rows[StockMovement], rows[Dose], rows[DoseItem]
    charges, payments = rows[FeeCharge], rows[FeePayment]
    written = [*rows, Lot, Receipt, StockBalance]
    uow_cm = UnitOfWork(db)
    s = uow_cm.__enter__().session
    try:
        # On PostgreSQL the keys are checked at once at the end (see bulk.py), and the history
        # is then one transaction, so that nothing is committed before they are.
        unchecked = bulk.unchecked_references(s, written)

        def flush() -> None:
            for model, batch in rows.items():  # in the order of their foreign keys
                if batch:
                    bulk.insert_rows(s, model, batch)
                    batch.clear()

        for block_no, first in enumerate(range(0, p.span, LOT_DAYS)):
            block = p.days[first : first + LOT_DAYS]
            block_start = p.start + timedelta(days=first)
            tell(2 + block_no, steps_total, f"dosing from {block_start} ({n_done} doses so far)")
            need = sum(
                (
                    Decimal(p.dose_on(pid, block_start + timedelta(days=index))[1])
                    for index, day_list in enumerate(block)
                    for pid in day_list
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
            balances[(lot_id, safe_id)] = Decimal(0)
            balances[(lot_id, window_id)] = quantity - need
            for index, came in enumerate(block):
                day = block_start + timedelta(days=index)
                opening = at_window
                received = quantity if index == 0 else Decimal(0)
                given = Decimal(0)
                start_at = local(day, 8)
                step = (3.5 * 3600) / max(len(came), 1)
                for n, pid in enumerate(came):
                    at = start_at + timedelta(seconds=int(n * step))
                    order_index, dose_mg = p.dose_on(pid, day)
                    mg = Decimal(dose_mg)
                    given += mg
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
                            "order_id": orders[pid][order_index],
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
                    if shape.realistic and rng.random() < SCREEN_CHANCE:
                        screen_id = _screen(
                            rows, rng, screen_id, pid, day, at, day0, nurse, physician
                        )
                    dose_id, item_id, move_id = dose_id + 1, item_id + 1, move_id + 1
                    n_done += 1
                    since_commit += 1
                    if len(doses) >= FLUSH_DOSES:
                        flush()
                at_window = opening + received - given
                if shape.realistic:
                    figures = {"opening": opening, "received": received, "dispensed": given}
                    figures.update(expected=at_window, counted=at_window, tolerance=tolerance)
                    _count(rows, count_id, (window_id, product, pharmacist), day, figures)
                    count_id += 1
                if since_commit >= COMMIT_DOSES and not unchecked:
                    flush()
                    uow_cm.commit()
                    uow_cm.__exit__(None, None, None)
                    uow_cm = UnitOfWork(db)
                    s = uow_cm.__enter__().session
                    since_commit = 0
            lot_id += 1
        flush()
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
                "stock_counts",
                "day_closes",
                "urine_screens",
                "screen_results",
                "screen_reviews",
            ):
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        if unchecked:
            bulk.check_references(s, written)
        uow_cm.commit()
    finally:
        uow_cm.__exit__(None, None, None)
    tell(steps_total, steps_total, f"{n_done} doses over {p.span} days")
    return History(
        n_doses=n_done,
        n_patients=len(patients),
        span_days=p.span,
        first_day=p.start,
        bench_day=day0,
        window_id=window_id,
        product_id=product,
        candidates=sorted(p.days[-1]),
        build_s=round(time.perf_counter() - started, 1),
    )


def _write_orders(
    s: Session,
    p: _Plan,
    episodes: dict[int, int],
    product: int,
    day0: date,
    physician: int,
    shape: Shape,
    rng: random.Random,
) -> dict[int, list[int]]:
    """Every patient's orders (from their plan's steps), the stops and discharges of those who
    leave, and the enrolments dated. Returns each patient's order ids, oldest first."""
    patients = sorted(p.steps)
    order_id = _next_id(s, DoseOrder)
    orders: dict[int, list[int]] = {}
    order_rows: list[dict[str, Any]] = []
    stops: list[dict[str, Any]] = []
    status_rows: list[dict[str, Any]] = []
    for pid in patients:
        orders[pid] = []
        leaving = p.leave.get(pid)
        for index, (since, ordered_mg) in enumerate(p.steps[pid]):
            if index and (since >= day0 or (leaving is not None and since >= leaving)):
                break
            induction = shape.realistic and index == 0 and since != p.start
            order_rows.append(
                {
                    "id": order_id,
                    "patient_id": pid,
                    "episode_id": episodes[pid],
                    "kind": "order",
                    "product_id": product,
                    "daily_dose_mg": Decimal(ordered_mg),
                    "start_on": since,
                    "take_home_days": 0,
                    "induction": induction,
                    "reason": "诱导 Induction (generated)"
                    if induction
                    else (
                        "加量 Titration (generated)"
                        if index
                        else "维持剂量 Maintenance (generated)"
                    ),
                    "supersedes_id": orders[pid][-1] if orders[pid] else None,
                    "ordered_by": physician,
                    "recorded_at": local(since, 7, 45),
                }
            )
            orders[pid].append(order_id)
            order_id += 1
    for pid, day in p.leave.items():
        why = rng.choices(EXITS, weights=(60, 25, 10, 5))[0] if shape.realistic else EXITS[0]
        stops.append(
            {
                "id": order_id,
                "patient_id": pid,
                "episode_id": episodes[pid],
                "kind": "stop",
                "start_on": day,
                "take_home_days": 0,
                "induction": False,
                "reason": why,
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
                "reason": why,
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
    if shape.realistic:
        _enrolled_on_entry(s, p.entry)
    return orders


def _enrolled_on_entry(s: Session, entry: dict[int, date]) -> None:
    """Date each patient's enrolment (episode, status, diagnosis, agreement) on their entry."""
    by_day: dict[date, list[int]] = {}
    for pid, day in entry.items():
        by_day.setdefault(day, []).append(pid)
    for day, pids in sorted(by_day.items()):
        for chunk in range(0, len(pids), 500):
            ids = sorted(pids[chunk : chunk + 500])
            for statement in (
                update(Episode).where(Episode.patient_id.in_(ids)).values(opened_on=day),
                update(StatusChange)
                .where(StatusChange.patient_id.in_(ids), StatusChange.to_status == "active")
                .values(effective_on=day),
                update(Diagnosis).where(Diagnosis.patient_id.in_(ids)).values(diagnosed_on=day),
                update(TreatmentAgreement)
                .where(TreatmentAgreement.patient_id.in_(ids))
                .values(signed_on=day),
            ):
                s.execute(statement.execution_options(synchronize_session=False))


def _screen(
    rows: dict[Any, list[dict[str, Any]]],
    rng: random.Random,
    screen_id: int,
    pid: int,
    day: date,
    at: datetime,
    day0: date,
    nurse: int,
    physician: int,
) -> int:
    """A random urine screen collected at the dose; a positive one reviewed the next day (unless
    that is not in the history yet). Returns the next screen id."""
    results = {substance: rng.random() < chance for substance, chance in SCREENED.items()}
    positive = any(results.values())
    rows[UrineScreen].append(
        {
            "id": screen_id,
            "patient_id": pid,
            "collected_on": day,
            "random": True,
            "any_positive": positive,
            "recorded_by": nurse,
            "recorded_at": at + timedelta(minutes=2),
        }
    )
    rows[ScreenResult].extend(
        {"screen_id": screen_id, "substance": substance, "positive": result}
        for substance, result in sorted(results.items())
    )
    if positive and day + timedelta(days=1) < day0:
        rows[ScreenReview].append(
            {
                "screen_id": screen_id,
                "note": "已与患者谈话 Discussed with the patient (generated)",
                "reviewed_by": physician,
                "recorded_at": local(day + timedelta(days=1), 9),
            }
        )
    return screen_id + 1


def _count(
    rows: dict[Any, list[dict[str, Any]]],
    count_id: int,
    where: tuple[int, int, int],
    day: date,
    figures: dict[str, Decimal],
) -> None:
    """The window's day-close count (found as expected: FIGURES) and the day's close. WHERE is
    (window, product, the pharmacist who counts)."""
    window_id, product, pharmacist = where
    zero = Decimal(0)
    rows[StockCount].append(
        {
            "id": count_id,
            "location_id": window_id,
            "product_id": product,
            "business_date": day,
            "kind": "day_close",
            "wasted": zero,
            "returned": zero,
            "other": zero,
            "variance": zero,
            **figures,
            "counted_by": pharmacist,
            "recorded_at": local(day, 17),
        }
    )
    rows[DayClose].append(
        {
            "location_id": window_id,
            "product_id": product,
            "business_date": day,
            "count_id": count_id,
            "closed_by": pharmacist,
            "recorded_at": local(day, 17, 5),
        }
    )
