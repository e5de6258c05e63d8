"""The clinic's list reports: census, dosing by nurse and window, missed doses, the physician's
worklist, screens due, stock expiry and outreach. Each is one audited service call returning
ReportTable(s); a report that names patients is a read of their records and lists them in its
audit event. Every rule is asked of its one function (missed days, order review, screens due,
dropout); the facts are gathered for all patients at once, in a handful of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Subquery, func, select, union_all
from sqlalchemy.orm import Session

from clinic import clock
from clinic.analytics.table import Cell, Column, ReportTable
from clinic.dosing import gate
from clinic.dosing.daylog import dropped_out
from clinic.dosing.orders import (
    combined_last_dose,
    live_guest_return,
    order_due_on,
    order_in_force,
)
from clinic.dosing.screens import SUBSTANCES, due_screens, unreviewed_positives
from clinic.dosing.window import AGONISTS
from clinic.errors import InvalidInput
from clinic.patients.outreach import METHODS, OUTCOMES, attempts_by_patient
from clinic.patients.records import STATUS_NAMES, STATUSES, view_of
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    ClinicInfo,
    Dose,
    DoseItem,
    DoseOrder,
    DoseVoid,
    Episode,
    GuestReturn,
    Location,
    Lot,
    Patient,
    PatientDetail,
    Product,
    ScreenResult,
    Site,
    StockBalance,
    StockMovement,
    TransferIn,
    User,
)
from clinic.storage.settings_store import clinic_settings, demo_clinic

IN_CARE = ("applicant", "active", "on_hold")
NO_SITE = "（未指定站点 any site）"  # no home site: doses at any site of the clinic
MAX_PERIOD_DAYS = 366


def _clinic_name(session: Session) -> str:
    return session.scalar(select(ClinicInfo.name)) or ""


def _today(call: Call) -> date:
    return clock.clinic_today(call.session, call.db.clock())


def _both(pair: tuple[str, str]) -> str:
    """A cell in both languages, Chinese first (as the clinic's paper is)."""
    en, zh = pair
    return zh if zh == en else f"{zh} {en}"


def _shown_patients(call: Call, patient_ids: list[int]) -> None:
    """The patients a report names, in its audit event: it is a read of their records."""
    call.note(listed=len(patient_ids), patient_ids=sorted(set(patient_ids)))


def _extra(patient_ids: list[int]) -> dict[str, str]:
    """The patients a table names, in row order: for the page (which row is whom) and for the
    audit event when it is saved to a file."""
    return {"patient_ids": ",".join(str(pid) for pid in patient_ids)}


def table_patients(table: ReportTable) -> list[int]:
    text = table.extra.get("patient_ids", "")
    return [int(part) for part in text.split(",") if part]


def _names(session: Session, patient_ids: list[int]) -> dict[int, str]:
    if not patient_ids:
        return {}
    return dict(
        session.execute(select(Patient.id, Patient.name).where(Patient.id.in_(patient_ids))).all()
    )


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(
            en="The period ends before it starts.", zh="统计期的结束日期早于开始日期。"
        )
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise InvalidInput(en="A period is at most one year.", zh="统计期最长一年。")


@dataclass(frozen=True)
class Standing:
    """Where one patient stands on a day: the order in force, the last dose and missed days."""

    patient_id: int
    patient_number: str
    status: str
    site_id: int | None
    opened_on: date
    order: DoseOrder | None
    last_dose_on: date | None
    missed: int
    verdict: str | None  # gate.missed_verdict: None, "held" or "reinduce"


def standings(session: Session, day: date, statuses: tuple[str, ...]) -> list[Standing]:
    """Every patient of STATUSES on DAY, by patient number: the facts the dose gate reads, gathered
    for all at once, judged by the gate's own missed-day rule."""
    settings = clinic_settings(session)
    zone = clock.clinic_zone(session)
    hold, reinduce = settings.integer("missed_days_hold"), settings.integer("missed_days_reinduce")
    newest = (
        select(Episode.patient_id, func.max(Episode.number).label("number"))
        .group_by(Episode.patient_id)
        .subquery()
    )
    current = (
        select(Episode.id, Episode.patient_id, Episode.opened_on)
        .join(
            newest,
            (newest.c.patient_id == Episode.patient_id) & (newest.c.number == Episode.number),
        )
        .subquery()
    )
    patients = session.execute(
        select(
            Patient.id,
            Patient.patient_number,
            Patient.status,
            PatientDetail.site_id,
            current.c.id,
            current.c.opened_on,
        )
        .join(current, current.c.patient_id == Patient.id)
        .outerjoin(PatientDetail, PatientDetail.patient_id == Patient.id)
        .where(Patient.status.in_(statuses))
        .order_by(Patient.patient_number)
    ).all()
    orders: dict[int, list[DoseOrder]] = defaultdict(list)
    for written in session.scalars(
        select(DoseOrder)
        .where(DoseOrder.episode_id.in_(select(current.c.id)))
        .order_by(DoseOrder.id)
    ):
        orders[written.episode_id].append(written)
    voided = select(DoseVoid.dose_id)
    last_here = dict(
        session.execute(
            select(Dose.patient_id, func.max(Dose.dosing_date))
            .where(Dose.dosing_date < day, Dose.id.not_in(voided))
            .group_by(Dose.patient_id)
        ).all()
    )
    last_outside = dict(
        session.execute(
            select(TransferIn.episode_id, func.max(TransferIn.last_dose_on))
            .where(TransferIn.last_dose_on < day)
            .group_by(TransferIn.episode_id)
        ).all()
    )
    last_guest = dict(
        session.execute(
            select(GuestReturn.episode_id, func.max(GuestReturn.last_dose_on))
            .where(GuestReturn.last_dose_on < day, live_guest_return())
            .group_by(GuestReturn.episode_id)
        ).all()
    )
    drugs = dict(session.execute(select(Product.id, Product.drug)).all())
    out = []
    for pid, number, status, site_id, episode_id, opened_on in patients:
        order = order_in_force(orders.get(episode_id, []), day)
        last = combined_last_dose(
            last_here.get(pid), last_outside.get(episode_id), opened_on, last_guest.get(episode_id)
        )
        missed, verdict = 0, None
        if order is not None and status == "active":
            missed, verdict = gate.missed_verdict(
                gate.MissedFacts(
                    last=last.on,
                    episode_opened_on=last.counts_from,
                    agonist=drugs.get(order.product_id or 0) in AGONISTS,
                    ordered_on=order.recorded_at.astimezone(zone).date(),
                    induction=order.induction,
                    hold=hold,
                    reinduce=reinduce,
                ),
                day,
            )
        out.append(
            Standing(pid, number, status, site_id, opened_on, order, last.on, missed, verdict)
        )
    return out


def _site_names(session: Session) -> dict[int, str]:
    return {sid: name for sid, name in session.execute(select(Site.id, Site.name)).all()}


def _product_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Product.id, Product.name)).all())


# ---- patient census ----------------------------------------------------------------------------

CENSUS_SUMMARY = (
    Column("site", "站点", "Site"),
    *(Column(s, STATUS_NAMES[s][1], STATUS_NAMES[s][0], numeric=True) for s in STATUSES),
    Column("total", "合计", "Total", numeric=True),
)
CENSUS_LIST = (
    Column("number", "患者编号", "Patient no."),
    Column("status", "状态", "Status"),
    Column("site", "站点", "Site"),
    Column("enrolled", "本次入组日期", "Enrolled on"),
    Column("product", "药品", "Product"),
    Column("dose", "每日剂量(mg)", "Daily dose (mg)", numeric=True),
    Column("last_dose", "末次服药", "Last dose"),
)


@service(Action.REPORT_CENSUS, entity="report", read_only=True)
def patient_census(call: Call, *, site_id: int | None = None) -> list[ReportTable]:
    """Patients by status and site, then everyone in care with their order and last dose."""
    session = call.session
    today = _today(call)
    call.note(entity_id="census", site_id=site_id)
    sites = _site_names(session)
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for sid, status, n in session.execute(
        select(PatientDetail.site_id, Patient.status, func.count())
        .select_from(Patient)
        .outerjoin(PatientDetail, PatientDetail.patient_id == Patient.id)
        .group_by(PatientDetail.site_id, Patient.status)
    ):
        if site_id is None or sid == site_id:
            counts[sid][status] = counts[sid].get(status, 0) + int(n)
    order_of_sites = sorted(counts, key=lambda s: (s is None, sites.get(s or 0, "")))
    summary_rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            sites.get(sid, NO_SITE) if sid is not None else NO_SITE,
            *(counts[sid][s] for s in STATUSES),
            sum(counts[sid].values()),
        )
        for sid in order_of_sites
    )
    totals: tuple[Cell, ...] = (
        "合计 Total",
        *(sum(counts[sid][s] for sid in counts) for s in STATUSES),
        sum(sum(c.values()) for c in counts.values()),
    )
    products = _product_names(session)
    listed = [
        s for s in standings(session, today, IN_CARE) if site_id is None or s.site_id == site_id
    ]
    rows = tuple(
        (
            s.patient_number,
            _both(STATUS_NAMES[s.status]),
            sites.get(s.site_id, NO_SITE) if s.site_id is not None else NO_SITE,
            s.opened_on,
            products.get(s.order.product_id or 0) if s.order else None,
            s.order.daily_dose_mg if s.order else None,
            s.last_dose_on,
        )
        for s in listed
    )
    _shown_patients(call, [s.patient_id for s in listed])
    name = _clinic_name(session)
    subtitle = f"截至 As of {today}" + (
        f"    站点 Site：{sites.get(site_id, '')}" if site_id else ""
    )
    return [
        ReportTable(
            "census_summary",
            "患者人数（按状态和站点）",
            "Patient census by status and site",
            CENSUS_SUMMARY,
            summary_rows,
            clinic_name=name,
            totals=totals,
            subtitle=subtitle,
            generated_at=clock.now(session),
        ),
        ReportTable(
            "census_list",
            "在册患者名单",
            "Patients in care",
            CENSUS_LIST,
            rows,
            clinic_name=name,
            subtitle=subtitle,
            extra=_extra([s.patient_id for s in listed]),
            notes=(
                "在册：申请中、在治、暂停的患者；剂量为今日有效医嘱。"
                " In care: applicants, in treatment and on hold; the dose is today's order.",
            ),
            generated_at=clock.now(session),
        ),
    ]


# ---- dosing by nurse and window ----------------------------------------------------------------

DOSING_COLUMNS = (
    Column("nurse", "护士", "Nurse"),
    Column("window", "服药窗口", "Window"),
    Column("product", "药品", "Product"),
    Column("doses", "服药人次", "Doses", numeric=True),
    Column("mg", "总剂量(mg)", "Total mg", numeric=True),
    Column("quantity", "发药量", "Quantity", numeric=True),
    Column("unit", "单位", "Unit"),
    Column("take_home", "带药", "Take-home", numeric=True),
    Column("voided", "作废", "Voided", numeric=True),
)


@service(Action.REPORT_DOSING, entity="report", read_only=True)
def dosing_by_nurse(
    call: Call, *, start: date, end: date, site_id: int | None = None
) -> ReportTable:
    """Doses given in a period per nurse, window and product: count, mg, quantity, take-homes,
    and the doses voided (not counted in the others)."""
    _check_period(start, end)
    call.note(entity_id="dosing_by_nurse", start=start, end=end, site_id=site_id)
    table = dosing_table(call.session, start, end, site_id)
    call.note(**dosing_counts(table))
    return table


def dosing_counts(table: ReportTable) -> dict[str, object]:
    """The doses and voided doses a dosing table counts, for its audit event."""
    totals = table.totals or ()
    return {key: totals[table.column(key)] for key in ("doses", "voided")}


def dosing_table(session: Session, start: date, end: date, site_id: int | None) -> ReportTable:
    """The dosing-by-nurse table of START..END (the clinic's report and the inspector's)."""
    query = (
        select(
            Dose.id,
            Dose.nurse_id,
            Dose.window_id,
            DoseOrder.product_id,
            Dose.kind,
            Dose.dose_mg,
            DoseVoid.id,
        )
        .join(DoseOrder, DoseOrder.id == Dose.order_id)
        .join(Location, Location.id == Dose.window_id)
        .outerjoin(DoseVoid, DoseVoid.dose_id == Dose.id)
        .where(Dose.dosing_date >= start, Dose.dosing_date <= end)
    )
    if site_id is not None:
        query = query.where(Location.site_id == site_id)
    Key = tuple[int, int, int]
    doses: dict[Key, int] = defaultdict(int)
    mg: dict[Key, Decimal] = defaultdict(Decimal)
    take_home: dict[Key, int] = defaultdict(int)
    voided: dict[Key, int] = defaultdict(int)
    live: dict[int, Key] = {}
    for dose_id, nurse, window, product, kind, dose_mg, void in session.execute(query):
        key = (nurse, window, product or 0)
        if void is not None:
            voided[key] += 1
            continue
        live[dose_id] = key
        doses[key] += 1
        mg[key] += dose_mg
        take_home[key] += kind == "take_home"
    quantity: dict[Key, Decimal] = defaultdict(Decimal)
    items = select(DoseItem.dose_id, DoseItem.quantity).join(Dose, Dose.id == DoseItem.dose_id)
    items = items.where(Dose.dosing_date >= start, Dose.dosing_date <= end)
    for dose_id, amount in session.execute(items):
        if dose_id in live:
            quantity[live[dose_id]] += amount
    users = dict(session.execute(select(User.id, User.full_name)).all())
    places = dict(session.execute(select(Location.id, Location.name)).all())
    products = {
        pid: (name, unit)
        for pid, name, unit in session.execute(select(Product.id, Product.name, Product.unit))
    }
    keys = sorted(
        set(doses) | set(voided),
        key=lambda k: (users.get(k[0], ""), places.get(k[1], ""), products.get(k[2], ("", ""))),
    )
    rows = tuple(
        (
            users.get(k[0], str(k[0])),
            places.get(k[1], str(k[1])),
            products.get(k[2], ("", ""))[0],
            doses[k],
            mg[k],
            quantity[k],
            products.get(k[2], ("", ""))[1],
            take_home[k],
            voided[k],
        )
        for k in keys
    )
    totals = (
        "合计 Total",
        "",
        "",
        sum(doses.values()),
        None,  # mg of different drugs are not added up
        None,
        "",
        sum(take_home.values()),
        sum(voided.values()),
    )
    sites = _site_names(session)
    return ReportTable(
        "dosing_by_nurse",
        "服药统计（按护士和窗口）",
        "Dosing by nurse and window",
        DOSING_COLUMNS,
        rows,
        clinic_name=_clinic_name(session),
        period=(start, end),
        totals=totals,
        subtitle=f"站点 Site：{sites.get(site_id, '')}" if site_id else "",
        notes=(
            "作废的服药不计入人次、剂量和发药量。Voided doses are not counted in doses, mg or "
            "quantity.",
            "发药量按药品单位（mL 或片），不同药品不相加。Quantity is in each product's unit; "
            "products are not added up.",
        ),
        generated_at=clock.now(session),
    )


# ---- missed doses ------------------------------------------------------------------------------

CONSEQUENCES = {
    None: ("Same dose", "剂量不变"),
    "held": ("Held: physician reassesses", "暂停，须医师重新评估"),
    "reinduce": ("Re-induction order required", "须重新诱导医嘱"),
}
MISSED_SUMMARY = (
    Column("band", "连续漏服天数", "Days missed in a row"),
    Column("patients", "人数", "Patients", numeric=True),
    Column("held", "其中暂停服药", "Of them held", numeric=True),
)
MISSED_LIST = (
    Column("number", "患者编号", "Patient no."),
    Column("name", "姓名", "Name"),
    Column("last_dose", "末次服药", "Last dose"),
    Column("missed", "漏服天数", "Days missed", numeric=True),
    Column("dose", "医嘱剂量(mg)", "Ordered (mg)", numeric=True),
    Column("consequence", "处理", "What follows"),
)


def _band(missed: int) -> str:
    return "3+" if missed >= 3 else str(missed)


@service(Action.REPORT_MISSED, entity="report", read_only=True)
def missed_doses(call: Call, *, day: date) -> list[ReportTable]:
    """Patients in treatment who missed 1, 2, 3 or more days in a row before DAY, and what the
    missed-day rule makes of it (same dose, held for reassessment, re-induction)."""
    session = call.session
    call.note(entity_id="missed_doses", day=day)
    missed = [s for s in standings(session, day, ("active",)) if s.missed >= 1]
    missed.sort(key=lambda s: (-s.missed, s.patient_number))
    names = _names(session, [s.patient_id for s in missed])
    bands = ("1", "2", "3+")
    summary = tuple(
        (
            band,
            sum(1 for s in missed if _band(s.missed) == band),
            sum(1 for s in missed if _band(s.missed) == band and s.verdict is not None),
        )
        for band in bands
    )
    rows = tuple(
        (
            s.patient_number,
            names.get(s.patient_id, ""),
            s.last_dose_on,
            s.missed,
            s.order.daily_dose_mg if s.order else None,
            _both(CONSEQUENCES[s.verdict]),
        )
        for s in missed
    )
    _shown_patients(call, [s.patient_id for s in missed])
    name, now = _clinic_name(session), clock.now(session)
    settings = clinic_settings(session)
    rule = (
        f"漏服 {settings.integer('missed_days_hold')} 天起暂停服药待医师评估，"
        f"{settings.integer('missed_days_reinduce')} 天起须重新诱导。 From "
        f"{settings.integer('missed_days_hold')} missed days the dose is held until a physician "
        f"reassesses; from {settings.integer('missed_days_reinduce')}, re-induction."
    )
    return [
        ReportTable(
            "missed_summary",
            "漏服统计",
            "Missed doses",
            MISSED_SUMMARY,
            summary,
            clinic_name=name,
            period=(day, day),
            totals=("合计 Total", len(missed), sum(1 for s in missed if s.verdict)),
            notes=(rule,),
            generated_at=now,
        ),
        ReportTable(
            "missed_list",
            "漏服患者名单",
            "Patients who missed doses",
            MISSED_LIST,
            rows,
            clinic_name=name,
            period=(day, day),
            notes=("漏服天数计至该日前一天。Days are counted up to the day before.", rule),
            extra=_extra([s.patient_id for s in missed]),
            generated_at=now,
        ),
    ]


# ---- the physician's worklist ------------------------------------------------------------------

WORK = {
    "review": ("Order due for review", "医嘱待复核"),
    "expiring": ("Order ending", "医嘱即将到期"),
    "screen": ("Positive screen to review", "阳性尿检待审核"),
    "held": ("Held after missed days", "漏服暂停待评估"),
    "reinduce": ("Re-induction needed", "须重新诱导"),
}
WORKLIST_COLUMNS = (
    Column("what", "事项", "To do"),
    Column("number", "患者编号", "Patient no."),
    Column("name", "姓名", "Name"),
    Column("date", "日期", "Date"),
    Column("detail", "说明", "Detail"),
)


@service(Action.REPORT_WORKLIST, entity="report", read_only=True)
def physician_worklist(call: Call, *, day: date) -> ReportTable:
    """What waits for a physician on DAY: orders due for review or ending, positive screens not
    yet reviewed, and patients whose dose is held after missed days."""
    session = call.session
    call.note(entity_id="physician_worklist", day=day)
    warn = clinic_settings(session).integer("order_review_warning_days")
    work: list[tuple[str, int, str, date | None, str]] = []
    for s in standings(session, day, ("active", "on_hold")):
        if s.order is not None:
            due = order_due_on(s.order, day, warn)
            if due is not None:
                what = "expiring" if due == s.order.end_on else "review"
                work.append(
                    (what, s.patient_id, s.patient_number, due, f"{s.order.daily_dose_mg} mg")
                )
        if s.verdict is not None:
            work.append(
                (
                    s.verdict,
                    s.patient_id,
                    s.patient_number,
                    s.last_dose_on,
                    f"漏服 {s.missed} 天 missed {s.missed} days",
                )
            )
    pending = session.execute(unreviewed_positives()).all()
    positives: dict[int, list[str]] = defaultdict(list)
    if pending:
        for screen_id, substance in session.execute(
            select(ScreenResult.screen_id, ScreenResult.substance)
            .where(
                ScreenResult.screen_id.in_([row[0].id for row in pending]),
                ScreenResult.positive.is_(True),
            )
            .order_by(ScreenResult.substance)
        ):
            positives[screen_id].append(SUBSTANCES.get(substance, (substance, substance))[1])
    for row in pending:
        screen, number = row[0], row[1]
        work.append(
            (
                "screen",
                screen.patient_id,
                number,
                screen.collected_on,
                "、".join(positives[screen.id]),
            )
        )
    order = list(WORK)
    work.sort(key=lambda w: (order.index(w[0]), w[3] or date.min, w[2]))
    names = _names(session, [w[1] for w in work])
    rows = tuple(
        (_both(WORK[what]), number, names.get(pid, ""), when, detail)
        for what, pid, number, when, detail in work
    )
    _shown_patients(call, [w[1] for w in work])
    return ReportTable(
        "physician_worklist",
        "医师待办",
        "Physician's worklist",
        WORKLIST_COLUMNS,
        rows,
        clinic_name=_clinic_name(session),
        period=(day, day),
        extra=_extra([w[1] for w in work]),
        notes=(
            f"医嘱在复核或结束日期前 {warn} 天列入。Orders are listed {warn} days before their "
            "review or end date.",
        ),
        generated_at=clock.now(session),
    )


# ---- screens due -------------------------------------------------------------------------------

SCREENS_COLUMNS = (
    Column("number", "患者编号", "Patient no."),
    Column("name", "姓名", "Name"),
    Column("last", "末次尿检", "Last screen"),
    Column("days", "距今天数", "Days since", numeric=True),
)


@service(Action.REPORT_SCREENS, entity="report", read_only=True)
def screens_due_report(call: Call, *, day: date) -> ReportTable:
    """Patients in treatment due a urine screen on DAY (the screening interval has passed)."""
    session = call.session
    call.note(entity_id="screens_due", day=day)
    due = due_screens(session, day)
    names = _names(session, [d.patient_id for d in due])
    rows = tuple(
        (
            d.patient_number,
            names.get(d.patient_id, ""),
            d.last_screen,
            (day - d.last_screen).days if d.last_screen else None,
        )
        for d in due
    )
    _shown_patients(call, [d.patient_id for d in due])
    interval = clinic_settings(session).integer("screen_interval_days")
    return ReportTable(
        "screens_due",
        "应做尿检患者",
        "Urine screens due",
        SCREENS_COLUMNS,
        rows,
        clinic_name=_clinic_name(session),
        period=(day, day),
        extra=_extra([d.patient_id for d in due]),
        notes=(
            f"在治患者末次尿检超过 {interval} 天或从未尿检。Patients in treatment whose last "
            f"screen is more than {interval} days old, or who have none.",
        ),
        generated_at=clock.now(session),
    )


# ---- stock expiry ------------------------------------------------------------------------------

EXPIRY_COLUMNS = (
    Column("place", "存放地点", "Place"),
    Column("product", "药品", "Product"),
    Column("lot", "批号", "Lot"),
    Column("expiry", "有效期至", "Expires"),
    Column("days", "剩余天数", "Days left", numeric=True),
    Column("balance", "结存", "Balance", numeric=True),
    Column("unit", "单位", "Unit"),
    Column("state", "状态", "State"),
)


@service(Action.REPORT_STOCK_EXPIRY, entity="report", read_only=True)
def stock_expiry(
    call: Call, *, day: date, within_days: int = 90, location_id: int | None = None
) -> ReportTable:
    """Lots with a balance that have expired or expire within WITHIN_DAYS of DAY, by place."""
    if not 0 <= within_days <= 3650:
        raise InvalidInput(
            en="Days ahead: a whole number from 0 to 3650.", zh="提前天数：0 至 3650 的整数。"
        )
    call.note(entity_id="stock_expiry", day=day, within_days=within_days, location_id=location_id)
    table = expiry_table(call.session, day, within_days, location_id)
    call.note(lots=len(table.rows))
    return table


def _balances_before(moment: datetime) -> Subquery:
    """Every (place, product, lot) balance of the stock-holding places as it stood just before
    MOMENT: what came in minus what went out, from the ledger (the balance rule, read back)."""
    signed = union_all(
        select(
            StockMovement.to_location_id.label("location_id"),
            StockMovement.product_id,
            StockMovement.lot_id,
            StockMovement.quantity.label("quantity"),
        ).where(StockMovement.occurred_at < moment),
        select(
            StockMovement.from_location_id.label("location_id"),
            StockMovement.product_id,
            StockMovement.lot_id,
            (-StockMovement.quantity).label("quantity"),
        ).where(StockMovement.occurred_at < moment),
    ).subquery()
    return (
        select(
            signed.c.location_id,
            signed.c.product_id,
            signed.c.lot_id,
            func.sum(signed.c.quantity).label("quantity"),
        )
        .join(Location, Location.id == signed.c.location_id)
        .where(Location.holds_stock.is_(True))
        .group_by(signed.c.location_id, signed.c.product_id, signed.c.lot_id)
        .subquery()
    )


def expiry_table(
    session: Session,
    day: date,
    within_days: int,
    location_id: int | None,
    *,
    balances_at: datetime | None = None,
) -> ReportTable:
    """The stock-expiry table of DAY: today's balances, or those standing at BALANCES_AT (an
    inspection of a past day reads the ledger as it stood at that day's end)."""
    if balances_at is None:
        balances: Any = StockBalance.__table__
    else:
        balances = _balances_before(balances_at)
    query = (
        select(
            Location.name,
            Product.name,
            Lot.lot_number,
            Lot.expiry_date,
            balances.c.quantity,
            Product.unit,
        )
        .join(Lot, Lot.id == balances.c.lot_id)
        .join(Product, Product.id == balances.c.product_id)
        .join(Location, Location.id == balances.c.location_id)
        .where(Lot.expiry_date <= day + timedelta(days=within_days))
        .order_by(Lot.expiry_date, Location.name, Product.name, Lot.lot_number)
    )
    if location_id is not None:
        query = query.where(balances.c.location_id == location_id)
    rows = tuple(
        (
            place,
            product,
            lot,
            expiry,
            (expiry - day).days,
            balance,
            unit,
            "已过期 expired" if expiry < day else "将到期 expiring",
        )
        for place, product, lot, expiry, balance, unit in session.execute(query)
        if balance > 0
    )
    return ReportTable(
        "stock_expiry",
        "近效期及过期药品",
        "Stock expiring or expired",
        EXPIRY_COLUMNS,
        rows,
        clinic_name=_clinic_name(session),
        period=(day, day),
        subtitle=f"{within_days} 天内到期 expiring within {within_days} days",
        notes=(
            "过期药品须登记、申请销毁并在监督下销毁。Expired stock is registered, its destruction "
            "applied for and carried out under supervision.",
        ),
        generated_at=clock.now(session),
    )


# ---- outreach ----------------------------------------------------------------------------------

OUTREACH_COLUMNS = (
    Column("number", "患者编号", "Patient no."),
    Column("name", "姓名", "Name"),
    Column("phone", "电话", "Phone"),
    Column("last_dose", "末次服药", "Last dose"),
    Column("missed", "漏服天数", "Days missed", numeric=True),
    Column("dropout", "脱失", "Dropout"),
    Column("attempts", "联系次数", "Attempts", numeric=True),
    Column("last_attempt", "最近联系", "Last attempt"),
    Column("how", "方式", "How"),
    Column("outcome", "结果", "Outcome"),
    Column("note", "备注", "Note"),
)
HIDDEN = "***"


def mask_phone(phone: str | None) -> str | None:
    """A phone for a role that may not see it: that there is one, not which."""
    return HIDDEN if phone else None


@service(Action.REPORT_OUTREACH, entity="report", read_only=True)
def outreach_report(call: Call, *, day: date) -> ReportTable:
    """Patients in treatment absent long enough that their dose is held (setting
    missed_days_hold), those past the dropout limit marked, with their contact attempts. The
    phone and the attempts' notes only to roles that see contact details (records.VIEWS)."""
    session = call.session
    call.note(entity_id="outreach", day=day)
    settings = clinic_settings(session)
    hold, limit = settings.integer("missed_days_hold"), settings.integer("dropout_days")
    listed = [s for s in standings(session, day, ("active",)) if s.missed >= hold]
    listed.sort(key=lambda s: (-s.missed, s.patient_number))
    ids = [s.patient_id for s in listed]
    contact = "contact" in view_of(call.actor.roles)
    people = {
        pid: (name, phone)
        for pid, name, phone in (
            session.execute(
                select(Patient.id, Patient.name, Patient.phone).where(Patient.id.in_(ids))
            ).all()
            if ids
            else []
        )
    }
    attempts = attempts_by_patient(session, ids)
    zone = clock.clinic_zone(session)
    rows = []
    for s in listed:
        name, phone = people.get(s.patient_id, ("", None))
        tries = attempts.get(s.patient_id, [])
        last = tries[0] if tries else None
        rows.append(
            (
                s.patient_number,
                name,
                phone if contact else mask_phone(phone),
                s.last_dose_on,
                s.missed,
                "是 yes"
                if s.last_dose_on is not None and dropped_out(s.last_dose_on, day, limit)
                else "",
                len(tries),
                last.attempted_at.astimezone(zone).replace(tzinfo=None) if last else None,
                _both(METHODS[last.method]) if last else None,
                _both(OUTCOMES[last.outcome]) if last else None,
                (last.note if contact else (HIDDEN if last.note else None)) if last else None,
            )
        )
    _shown_patients(call, ids)
    call.note(contact_shown=contact)
    return ReportTable(
        "outreach",
        "失访随访",
        "Outreach",
        OUTREACH_COLUMNS,
        tuple(rows),
        clinic_name=_clinic_name(session),
        period=(day, day),
        notes=(
            f"列出连续漏服 {hold} 天及以上的在治患者；缺席超过 {limit} 天为脱失。Patients in "
            f"treatment who missed {hold} or more days in a row; absent more than {limit} days "
            "is a dropout.",
        ),
        generated_at=clock.now(session),
        extra=_extra(ids),
    )


# ---- saving a report to a file ----------------------------------------------------------------

FORMATS = ("pdf", "xlsx")


@service(Action.REPORT_EXPORT, entity="report")
def save_report(call: Call, *, tables: list[ReportTable], fmt: str) -> bytes:
    """A report already shown, as a PDF or Excel file; the event names the patients in it (the
    report's run checked who may read it; this records that it left the screen)."""
    from clinic.reports.table_pdf import render_table_pdf
    from clinic.reports.table_xlsx import render_table_xlsx

    if fmt not in FORMATS or not tables:
        raise InvalidInput(en="Save as PDF or Excel.", zh="请选择保存为 PDF 或 Excel。")
    ids = sorted({pid for table in tables for pid in table_patients(table)})
    call.note(entity_id=tables[0].key, fmt=fmt, tables=len(tables), patient_ids=ids)
    if fmt == "pdf":
        return render_table_pdf(tables, demo=demo_clinic(call.session))
    return render_table_xlsx(tables)


# ---- choices for the parameters ----------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    choice_id: int
    name: str


@dataclass(frozen=True)
class ReportChoices:
    sites: tuple[Choice, ...]
    places: tuple[Choice, ...]
    today: date
    timezone: str = "Asia/Shanghai"


@service(Action.SETTINGS_READ, entity="report", audited=False, read_only=True)
def report_choices(call: Call) -> ReportChoices:
    """The sites and stock places a report may be limited to, and the clinic's today."""
    session = call.session
    sites = tuple(
        Choice(i, n)
        for i, n in session.execute(
            select(Site.id, Site.name).where(Site.active.is_(True)).order_by(Site.code)
        )
    )
    places = tuple(
        Choice(i, n)
        for i, n in session.execute(
            select(Location.id, Location.name)
            .where(Location.holds_stock.is_(True), Location.active.is_(True))
            .order_by(Location.site_id, Location.id)
        )
    )
    zone = clock.clinic_zone(session)
    return ReportChoices(sites, places, _today(call), str(zone.key))
