"""Each role's dashboard: aggregate figures only, each chart with the table of its numbers.

Definitions (also in docs/dashboards.md):
- In treatment: patients whose status is now "in treatment" or "on hold".
- Active today: distinct patients with a dose (not voided) on the clinic's today.
- New: admissions and re-admissions in the period (a status change to "in treatment" from
  applicant, discharged or transferred out).
- Ended by reason: status changes in the period to discharged, transferred out or deceased
  (the reason's free text is sealed; the ending status is the reason's kind).
- Dropouts: patients in treatment whose last dose is more than `dropout_days` (setting,
  default 14) before today, or who were never dosed, by days absent.
- Dose distribution: patients in treatment by drug and band of the daily dose ordered in the
  order in force today (methadone in 20 mg bands, buprenorphine in 4 mg bands).
- Retention: Kaplan–Meier by year of admission (clinic/analytics/retention.py).
- Days of stock remaining: the place's balance over its average daily outflow (dispensed,
  issued, returned, transferred out, wasted, set aside, lost) in the last 28 days.
- Doses against the queue: the doses today's queue (clinic/dosing/queue.py) expects at each
  window, against the doses given there today.

Everything is grouped in SQL (by day, by dose, by quantity) and rolled up here; Decimal columns
are text on SQLite, so sums of money and quantities are made in Python from grouped rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clinic import clock
from clinic.analytics.retention import MARKS_DAYS, Subject, kaplan_meier, percent, survival_at
from clinic.analytics.table import Cell, Column, ReportTable
from clinic.dosing.orders import active_orders
from clinic.dosing.queue import expected_today
from clinic.errors import InvalidInput
from clinic.insurance.views import STATUS_NAMES as CLAIM_STATUS_NAMES
from clinic.inventory.catalogue import DRUGS
from clinic.patients.records import ENDING, STATUS_NAMES
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    Claim,
    ClaimBatch,
    ClaimEvent,
    Dose,
    DoseOrder,
    DoseVoid,
    Location,
    Patient,
    Product,
    StatusChange,
    StockBalance,
    StockCount,
    StockMovement,
    UrineScreen,
)
from clinic.storage.settings_store import clinic_settings

IN_TREATMENT = ("active", "on_hold")
OUTFLOW_KINDS = ("dispense", "issue", "return", "transfer_out", "waste", "set_aside", "loss")
OUTFLOW_DAYS = 28
# Dose bands for the distribution, per drug (mg): methadone in 20 mg steps, the tablets finer.
BAND_MG = {"methadone": 20, "buprenorphine": 4, "buprenorphine_naloxone": 4, "naltrexone": 25}
DROPOUT_BANDS = ((30, "–30"), (60, "31–60"), (90, "61–90"), (None, ">90"))


@dataclass(frozen=True)
class Chart:
    """One chart: KIND is bar (hbar: bars across, the categories down the left), stacked, line
    or curve; the categories are CATEGORY's cells (for a curve, each row is a line over the
    SERIES columns); SERIES are the columns plotted."""

    kind: str
    table: ReportTable
    category: str
    series: tuple[str, ...]
    y_zh: str = ""
    y_en: str = ""
    stack: str = ""  # for a stacked bar: the column whose values are the stacked sets
    category_en: str = ""  # the category column in English, where it is not CATEGORY's
    stack_en: str = ""


@dataclass(frozen=True)
class Dashboard:
    key: str
    title_zh: str
    title_en: str
    period: tuple[date, date]
    charts: tuple[Chart, ...]

    def chart(self, key: str) -> Chart:
        for chart in self.charts:
            if chart.table.key == key:
                return chart
        raise KeyError(key)


def _check_period(start: date, end: date, today: date) -> tuple[date, date]:
    if start > end:
        raise InvalidInput(
            en="The period's start is after its end.", zh="统计期的开始日期晚于结束日期。"
        )
    return start, min(end, today)


def _table(
    key: str,
    zh: str,
    en: str,
    columns: tuple[Column, ...],
    rows: list[tuple[Cell, ...]],
    **kw: object,
) -> ReportTable:
    return ReportTable(key, zh, en, columns, tuple(rows), **kw)  # type: ignore[arg-type]


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _not_voided() -> ColumnElement[bool]:
    return Dose.id.not_in(select(DoseVoid.dose_id))


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months(start: date, end: date) -> list[str]:
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


# --- physician / manager --------------------------------------------------------------------


def census_table(session: Session, start: date, end: date, today: date) -> ReportTable:
    """In treatment now, active today, new in the period, ended in the period by reason."""
    in_treatment = session.scalar(
        select(func.count()).select_from(Patient).where(Patient.status.in_(IN_TREATMENT))
    )
    active_today = session.scalar(
        select(func.count(func.distinct(Dose.patient_id))).where(
            Dose.dosing_date == today, _not_voided()
        )
    )
    new = session.scalar(
        select(func.count())
        .select_from(StatusChange)
        .where(
            StatusChange.to_status == "active",
            StatusChange.from_status.in_(("applicant", "discharged", "transferred_out")),
            StatusChange.effective_on.between(start, end),
        )
    )
    ended = dict(
        session.execute(
            select(StatusChange.to_status, func.count())
            .where(
                StatusChange.to_status.in_(ENDING),
                StatusChange.effective_on.between(start, end),
            )
            .group_by(StatusChange.to_status)
        ).all()
    )
    rows: list[tuple[Cell, ...]] = [
        ("in_treatment", "在治", "In treatment", int(in_treatment or 0)),
        ("active_today", "今日服药", "Dosed today", int(active_today or 0)),
        ("new", "新入组", "New", int(new or 0)),
    ]
    for status in ("discharged", "transferred_out", "deceased"):
        en, zh = STATUS_NAMES[status]
        rows.append((status, zh, en, int(ended.get(status, 0))))
    return _table(
        "census",
        "在治人数",
        "Census",
        (
            Column("measure", "指标代码", "Code"),
            Column("zh", "指标", "Measure (zh)"),
            Column("en", "Measure", "Measure"),
            Column("patients", "人数", "Patients", numeric=True),
        ),
        rows,
        period=(start, end),
        notes=(
            "在治含暂停者；在治、今日服药为当前数；新入组（含再入组）和出组为统计期内的状态变更。"
            " In treatment includes on hold; in treatment and dosed today are as of today; new "
            "(incl. re-admitted) and ended count the period's status changes.",
        ),
    )


def retention_subjects(session: Session, today: date) -> dict[int, list[Subject]]:
    """Every episode admitted to treatment, by year of admission: days to its end, or to today."""
    admitted = session.execute(
        select(StatusChange.episode_id, func.min(StatusChange.effective_on))
        .where(StatusChange.to_status == "active")
        .group_by(StatusChange.episode_id)
    ).all()
    ended = dict(
        session.execute(
            select(StatusChange.episode_id, func.min(StatusChange.effective_on))
            .where(StatusChange.to_status.in_(ENDING))
            .group_by(StatusChange.episode_id)
        ).all()
    )
    cohorts: dict[int, list[Subject]] = defaultdict(list)
    for episode_id, start in admitted:
        stop = ended.get(episode_id)
        if stop is not None and stop >= start:
            cohorts[start.year].append(Subject((stop - start).days, True))
        else:
            cohorts[start.year].append(Subject(max((today - start).days, 0), False))
    return cohorts


def retention_table(session: Session, today: date) -> ReportTable:
    """In treatment 3, 6 and 12 months after admission (Kaplan–Meier), per year of admission."""
    rows: list[tuple[Cell, ...]] = []
    for year, subjects in sorted(retention_subjects(session, today).items()):
        steps = kaplan_meier(subjects)
        followed = max(s.days for s in subjects)
        marks = [percent(survival_at(steps, day, followed)) for day in MARKS_DAYS]
        rows.append((str(year), len(subjects), sum(s.ended for s in subjects), *marks))
    return _table(
        "retention",
        "保持率（按入组年份）",
        "Retention by year of admission",
        (
            Column("cohort", "入组年份", "Admitted in"),
            Column("patients", "入组人次", "Admissions", numeric=True),
            Column("ended", "已结束", "Ended", numeric=True),
            Column("m3", "3个月在治%", "In treatment at 3 months %", numeric=True),
            Column("m6", "6个月在治%", "In treatment at 6 months %", numeric=True),
            Column("m12", "12个月在治%", "In treatment at 12 months %", numeric=True),
        ),
        rows,
        notes=(
            "Kaplan–Meier 估计；今日仍在治者在今日删失。3/6/12个月 = 91/182/365天；"
            "随访不足者为空。 Kaplan–Meier; patients still in treatment are censored today; "
            "3/6/12 months = 91/182/365 days; blank where no one was followed that long.",
        ),
    )


def dose_band(drug: str, mg: Decimal) -> tuple[int, int]:
    width = BAND_MG.get(drug, 10)
    low = int(mg // width) * width
    return low, low + width - 1


def dose_distribution_table(session: Session, today: date) -> ReportTable:
    """Patients in treatment today by drug and band of the daily dose their order in force
    orders (a patient without an order in force today is not counted)."""
    drug_of = dict(
        session.execute(
            select(DoseOrder.id, Product.drug).join(Product, Product.id == DoseOrder.product_id)
        ).all()
    )
    patients = list(
        session.scalars(select(Patient.id).where(Patient.status.in_(IN_TREATMENT))).all()
    )
    counted: dict[tuple[str, int, int], int] = defaultdict(int)
    for order in active_orders(session, patients, today).values():
        if order.daily_dose_mg is None:
            continue
        drug = drug_of[order.id]
        counted[(drug, *dose_band(drug, order.daily_dose_mg))] += 1
    rows: list[tuple[Cell, ...]] = []
    for (drug, low, high), n in sorted(counted.items()):
        en, zh = DRUGS.get(drug, (drug, drug))
        rows.append(
            (f"{zh} {low}–{high}", f"{en} {low}–{high}", f"{low}–{high}", zh, en, low, high, n)
        )
    return _table(
        "dose_distribution",
        "剂量分布（按药物）",
        "Dose distribution by drug",
        (
            Column("band", "剂量段", "Band (zh)"),
            Column("band_en", "Band", "Band"),
            Column("mg", "剂量(mg)", "Dose (mg)"),
            Column("drug_zh", "药物", "Drug (zh)"),
            Column("drug", "Drug", "Drug"),
            Column("mg_from", "自 mg", "From mg", numeric=True),
            Column("mg_to", "至 mg", "To mg", numeric=True),
            Column("patients", "人数", "Patients", numeric=True),
        ),
        rows,
        period=(today, today),
        notes=(
            "在治患者按今日有效医嘱的日剂量计。 Patients in treatment by today's ordered daily dose.",
        ),
    )


def screen_positivity_table(session: Session, start: date, end: date) -> ReportTable:
    """Urine screens collected per month and the share with any substance positive."""
    per_month: dict[str, list[int]] = {m: [0, 0] for m in _months(start, end)}
    for day, positive, n in session.execute(
        select(UrineScreen.collected_on, UrineScreen.any_positive, func.count())
        .where(UrineScreen.collected_on.between(start, end))
        .group_by(UrineScreen.collected_on, UrineScreen.any_positive)
    ):
        cell = per_month[_month(day)]
        cell[0] += n
        if positive:
            cell[1] += n
    rows: list[tuple[Cell, ...]] = [
        (month, total, pos, _pct(pos, total)) for month, (total, pos) in per_month.items()
    ]
    return _table(
        "screen_positivity",
        "尿检阳性率（按月）",
        "Urine-screen positivity by month",
        (
            Column("month", "月份", "Month"),
            Column("screens", "尿检数", "Screens", numeric=True),
            Column("positive", "阳性数", "Positive", numeric=True),
            Column("percent", "阳性率%", "Positive %", numeric=True),
        ),
        rows,
        period=(start, end),
    )


def dropout_table(session: Session, today: date) -> ReportTable:
    """Patients in treatment absent more than dropout_days, by days since their last dose."""
    limit = clinic_settings(session).integer("dropout_days")
    last = (
        select(Patient.id, func.max(Dose.dosing_date).label("last_dose"))
        .outerjoin(Dose, and_(Dose.patient_id == Patient.id, _not_voided()))
        .where(Patient.status == "active")
        .group_by(Patient.id)
        .subquery()
    )
    bands = [0] * (len(DROPOUT_BANDS) + 1)
    for last_dose, n in session.execute(
        select(last.c.last_dose, func.count()).group_by(last.c.last_dose)
    ):
        if last_dose is None:
            bands[-1] += n
            continue
        absent = (today - last_dose).days
        if absent <= limit:
            continue
        for index, (upper, _) in enumerate(DROPOUT_BANDS):
            if upper is None or absent <= upper:
                bands[index] += n
                break
    labels = [f"{limit + 1}{DROPOUT_BANDS[0][1]}", *(label for _, label in DROPOUT_BANDS[1:])]
    rows: list[tuple[Cell, ...]] = [
        (label, f"缺席 {label} 天", f"Absent {label} days", n)
        for label, n in zip(labels, bands, strict=False)
    ]
    rows.append(("never", "从未服药", "Never dosed", bands[-1]))
    return _table(
        "dropouts",
        "脱失（在治患者缺席天数）",
        "Dropouts (patients in treatment, days absent)",
        (
            Column("band", "天数", "Days"),
            Column("zh", "缺席", "Absent (zh)"),
            Column("en", "Absent", "Absent"),
            Column("patients", "人数", "Patients", numeric=True),
        ),
        rows,
        notes=(f"缺席超过 {limit} 天列入随访。 Absent more than {limit} days: outreach.",),
    )


@service(Action.DASHBOARD_CLINICAL, entity="dashboard", read_only=True)
def clinical_dashboard(call: Call, *, start: date, end: date) -> Dashboard:
    """The physician's and manager's figures for the period from START to END."""
    session = call.session
    today = clock.clinic_today(session)
    start, end = _check_period(start, end, today)
    call.note(entity_id="clinical", start=start.isoformat(), end=end.isoformat())
    return Dashboard(
        "clinical",
        "临床概况",
        "Clinical overview",
        (start, end),
        (
            Chart(
                "bar",
                census_table(session, start, end, today),
                "zh",
                ("patients",),
                "人数",
                "Patients",
                category_en="en",
            ),
            Chart(
                "curve", retention_table(session, today), "cohort", ("m3", "m6", "m12"), "%", "%"
            ),
            Chart(  # bands on the axis, one colour a drug: short labels that fit 1366×768
                "stacked",
                dose_distribution_table(session, today),
                "mg",
                ("patients",),
                "人数",
                "Patients",
                stack="drug_zh",
                stack_en="drug",
            ),
            Chart(
                "line",
                screen_positivity_table(session, start, end),
                "month",
                ("percent",),
                "%",
                "%",
            ),
            Chart(
                "bar",
                dropout_table(session, today),
                "zh",
                ("patients",),
                "人数",
                "Patients",
                category_en="en",
            ),
        ),
    )


# --- pharmacist -----------------------------------------------------------------------------


def stock_days_table(session: Session, today: date) -> ReportTable:
    """Per product and place: balance, average daily outflow over 28 days, days remaining."""
    names = dict(session.execute(select(Location.id, Location.name)).all())
    products = dict(session.execute(select(Product.id, Product.name)).all())
    units = dict(session.execute(select(Product.id, Product.unit)).all())
    balance: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for product_id, location_id, quantity in session.execute(
        select(StockBalance.product_id, StockBalance.location_id, StockBalance.quantity)
        .join(Location, Location.id == StockBalance.location_id)
        .where(Location.kind.in_(("safe", "window")))
    ):
        balance[(product_id, location_id)] += quantity
    first = today - timedelta(days=OUTFLOW_DAYS - 1)
    since = datetime.combine(first, time(0), tzinfo=clock.clinic_zone(session)).astimezone(UTC)
    outflow: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    # By time first: the kind's index would walk every dispensing movement of the clinic's life.
    for kind, product_id, location_id, quantity, n in session.execute(
        select(
            StockMovement.kind,
            StockMovement.product_id,
            StockMovement.from_location_id,
            StockMovement.quantity,
            func.count(),
        )
        .where(StockMovement.occurred_at >= since)
        .group_by(
            StockMovement.kind,
            StockMovement.product_id,
            StockMovement.from_location_id,
            StockMovement.quantity,
        )
    ):
        if kind in OUTFLOW_KINDS and (product_id, location_id) in balance:
            outflow[(product_id, location_id)] += quantity * n
    rows: list[tuple[Cell, ...]] = []
    for (product_id, location_id), held in sorted(
        balance.items(), key=lambda kv: (names[kv[0][1]], products[kv[0][0]])
    ):
        daily = (outflow[(product_id, location_id)] / OUTFLOW_DAYS).quantize(Decimal("0.01"))
        used = outflow[(product_id, location_id)]
        days = (
            (held * OUTFLOW_DAYS / used).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if used
            else None
        )
        label = f"{names[location_id]} · {products[product_id]}"
        rows.append(
            (label, names[location_id], products[product_id], units[product_id], held, daily, days)
        )
    return _table(
        "stock_days",
        "库存可用天数",
        "Days of stock remaining",
        (
            Column("place_product", "地点·药品", "Place · product"),
            Column("place", "地点", "Place"),
            Column("product", "药品", "Product"),
            Column("unit", "单位", "Unit"),
            Column("balance", "结存", "Balance", numeric=True),
            Column("daily", "日均出库", "Daily outflow", numeric=True),
            Column("days", "可用天数", "Days remaining", numeric=True),
        ),
        rows,
        notes=(
            f"日均出库 = 近{OUTFLOW_DAYS}天发药、发放、退回、调出、损耗、隔离、丢失之和 ÷ {OUTFLOW_DAYS}。"
            f" Daily outflow: the last {OUTFLOW_DAYS} days' movements out of the place ÷ "
            f"{OUTFLOW_DAYS}.",
        ),
    )


def variance_table(session: Session, start: date, end: date) -> ReportTable:
    """End-of-day and handover counts per month: how many, how many beyond tolerance, net."""
    per_month: dict[str, list[object]] = {m: [0, 0, Decimal(0)] for m in _months(start, end)}
    for day, variance, tolerance in session.execute(
        select(StockCount.business_date, StockCount.variance, StockCount.tolerance).where(
            StockCount.business_date.between(start, end)
        )
    ):
        cell = per_month[_month(day)]
        cell[0] += 1  # type: ignore[operator]
        if abs(variance) > tolerance:
            cell[1] += 1  # type: ignore[operator]
        cell[2] += variance  # type: ignore[operator]
    rows: list[tuple[Cell, ...]] = [
        (month, counts, beyond, net)  # type: ignore[misc]
        for month, (counts, beyond, net) in per_month.items()
    ]
    return _table(
        "variance_history",
        "盘点差异（按月）",
        "Count variances by month",
        (
            Column("month", "月份", "Month"),
            Column("counts", "盘点次数", "Counts", numeric=True),
            Column("beyond", "超出容差", "Beyond tolerance", numeric=True),
            Column("net", "净差异", "Net variance", numeric=True),
        ),
        rows,
        period=(start, end),
    )


@service(Action.DASHBOARD_PHARMACY, entity="dashboard", read_only=True)
def pharmacy_dashboard(call: Call, *, start: date, end: date) -> Dashboard:
    """The pharmacist's figures: stock days remaining now, count variances in the period."""
    session = call.session
    today = clock.clinic_today(session)
    start, end = _check_period(start, end, today)
    call.note(entity_id="pharmacy", start=start.isoformat(), end=end.isoformat())
    return Dashboard(
        "pharmacy",
        "药房概况",
        "Pharmacy overview",
        (start, end),
        (
            # bars across: a place and product's name runs to 40 characters, whole only on the left
            Chart(
                "hbar", stock_days_table(session, today), "place_product", ("days",), "天", "Days"
            ),
            Chart(
                "bar",
                variance_table(session, start, end),
                "month",
                ("counts", "beyond"),
                "次",
                "Counts",
            ),
        ),
    )


# --- billing clerk --------------------------------------------------------------------------


def claims_table(session: Session, start: date, end: date) -> ReportTable:
    """Claims whose period starts in START..END, by month and current status, with amounts."""
    newest = select(func.max(ClaimEvent.id)).group_by(ClaimEvent.claim_id)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    payers: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for period_start, status, total, payer, n in session.execute(
        select(
            ClaimBatch.period_start,
            ClaimEvent.status,
            Claim.total,
            Claim.payer_amount,
            func.count(),
        )
        .join(Claim, Claim.batch_id == ClaimBatch.id)
        .join(ClaimEvent, ClaimEvent.claim_id == Claim.id)
        .where(ClaimEvent.id.in_(newest), ClaimBatch.period_start.between(start, end))
        .group_by(ClaimBatch.period_start, ClaimEvent.status, Claim.total, Claim.payer_amount)
    ):
        key = (_month(period_start), status)
        counts[key] += n
        totals[key] += total * n
        payers[key] += payer * n
    rows: list[tuple[Cell, ...]] = []
    for key in sorted(counts):
        en, zh = CLAIM_STATUS_NAMES.get(key[1], (key[1], key[1]))
        rows.append((key[0], key[1], zh, en, counts[key], totals[key], payers[key]))
    return _table(
        "claims",
        "结算单（按月、状态）",
        "Claims by month and status",
        (
            Column("month", "月份", "Month"),
            Column("status", "状态代码", "Status code"),
            Column("status_zh", "状态", "Status (zh)"),
            Column("status_en", "Status", "Status"),
            Column("claims", "结算单数", "Claims", numeric=True),
            Column("total", "总金额", "Total", numeric=True),
            Column("payer", "医保支付", "Payer amount", numeric=True),
        ),
        rows,
        period=(start, end),
        notes=("每份结算单（含各版本）按其最新状态计。 Each claim version by its latest status.",),
    )


def _amounts(table: ReportTable) -> ReportTable:
    """The same figures under the amounts chart's own key and title."""
    return ReportTable(
        "claim_amounts",
        "结算金额（按月、状态）",
        "Claim amounts by month and status",
        table.columns,
        table.rows,
        period=table.period,
        notes=table.notes,
    )


@service(Action.DASHBOARD_CLAIMS, entity="dashboard", read_only=True)
def claims_dashboard(call: Call, *, start: date, end: date) -> Dashboard:
    """The billing clerk's figures: claims and amounts by month and status."""
    session = call.session
    today = clock.clinic_today(session)
    start, end = _check_period(start, end, today)
    call.note(entity_id="claims", start=start.isoformat(), end=end.isoformat())
    table = claims_table(session, start, end)
    return Dashboard(
        "claims",
        "医保结算概况",
        "Claims overview",
        (start, end),
        (
            Chart(
                "stacked",
                table,
                "month",
                ("claims",),
                "份",
                "Claims",
                "status_zh",
                stack_en="status_en",
            ),
            Chart(
                "stacked",
                _amounts(table),
                "month",
                ("total",),
                "元",
                "Yuan",
                "status_zh",
                stack_en="status_en",
            ),
        ),
    )


# --- nurse ----------------------------------------------------------------------------------


def queue_table(session: Session, today: date) -> ReportTable:
    """Per dosing window: the doses today's queue expects, given so far, still to give."""
    given = dict(
        session.execute(
            select(Dose.window_id, func.count())
            .where(Dose.dosing_date == today, _not_voided())
            .group_by(Dose.window_id)
        ).all()
    )
    rows: list[tuple[Cell, ...]] = []
    windows = session.scalars(
        select(Location).where(Location.kind == "window", Location.active).order_by(Location.code)
    ).all()
    for window in windows:
        queue = [e for e in expected_today(session, window, today) if e.doses_at is None]
        expected = sum(e.slots_total for e in queue)
        waiting = sum(max(e.slots_total - e.slots_done, 0) for e in queue)
        rows.append((window.name, expected, int(given.get(window.id, 0)), waiting))
    return _table(
        "queue_today",
        "今日服药与队列",
        "Doses today against the queue",
        (
            Column("window", "窗口", "Window"),
            Column("expected", "应服", "Expected", numeric=True),
            Column("given", "已服", "Given", numeric=True),
            Column("waiting", "待服", "Still to dose", numeric=True),
        ),
        rows,
        period=(today, today),
    )


@service(Action.DASHBOARD_DOSING, entity="dashboard", read_only=True)
def dosing_dashboard(call: Call) -> Dashboard:
    """The nurse's figures: today's doses at each window against its queue."""
    session = call.session
    today = clock.clinic_today(session)
    call.note(entity_id="dosing", day=today.isoformat())
    return Dashboard(
        "dosing",
        "今日发药",
        "Dosing today",
        (today, today),
        (
            Chart(
                "bar",
                queue_table(session, today),
                "window",
                ("expected", "given", "waiting"),
                "次",
                "Doses",
            ),
        ),
    )
