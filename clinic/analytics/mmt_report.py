"""The monthly MMT work report (社区药物维持治疗工作月报): the figures a clinic gives the national
MMT data system each month, per site and for the clinic. docs/mmt-work-report.md gives each
field's definition, where it comes from here and which source asks for it.

Facts are read set-based (a handful of queries for the whole month, whatever the number of
patients), then counted in Python: sex, birth date and infection tests are sealed columns the
database cannot group by. Patient counts go to the patient's assigned site (the main site when
none is assigned); dose counts to the site of the window that gave the dose.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.analytics.table import Cell, Column, ReportTable
from clinic.errors import InvalidInput, NotFound
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    ClinicInfo,
    Dose,
    DoseOrder,
    DoseVoid,
    Episode,
    GuestPeriod,
    GuestPeriodEnd,
    InfectionTest,
    Location,
    Patient,
    PatientDetail,
    Product,
    ScreenResult,
    Site,
    StatusChange,
    TransferIn,
    UrineScreen,
)
from clinic.storage.settings_store import clinic_settings
from clinic.wording import quoted

IN_TREATMENT = frozenset({"active", "on_hold"})
EXITS = ("discharged", "transferred_out", "deceased")
AGE_BANDS = ((0, 29, "<30"), (30, 39, "30–39"), (40, 49, "40–49"), (50, 200, "≥50"))
TEST_NAMES = ("hiv", "hcv", "syphilis")


def month_bounds(month: date) -> tuple[date, date]:
    """The first and last day of the calendar month holding MONTH."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def age_band(birth: date, on: date) -> str:
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


@dataclass
class PatientFacts:
    """One patient's month, as the reports count it."""

    site_id: int
    sex: str
    age_band: str
    status_at_end: str | None
    drug: str | None = None  # the drug of the patient's last live dose up to the month's end
    last_dose_on: date | None = None
    episode_opened_on: date | None = None  # the episode current at the month's end
    opened_in_month: list[int] = field(default_factory=list)  # episode numbers
    exits: list[str] = field(default_factory=list)
    transferred_in: int = 0
    guest_away: bool = False
    tests: list[tuple[str, str]] = field(default_factory=list)  # (test, result) in the month


@dataclass(frozen=True)
class DoseFact:
    patient_id: int
    site_id: int
    day: date
    mg: Decimal
    drug: str
    take_home: bool


@dataclass(frozen=True)
class ScreenFact:
    patient_id: int
    opiates_positive: bool
    any_positive: bool


@dataclass(frozen=True)
class MonthFacts:
    first: date
    last: date
    sites: tuple[tuple[int, str, str], ...]  # (id, code, name)
    patients: dict[int, PatientFacts]
    doses: tuple[DoseFact, ...]
    screens: tuple[ScreenFact, ...]
    dropout_days: int
    clinic_name: str


def _main_site(session: Session) -> int:
    site = session.scalars(select(Site.id).order_by(Site.id)).first()
    if site is None:
        raise NotFound(en="The clinic has no site.", zh="诊所没有站点。")
    return site


def collect_month(session: Session, first: date, last: date) -> MonthFacts:
    """Everything the month's reports count, in a fixed number of queries."""
    main = _main_site(session)
    sites = tuple(
        (sid, code, name)
        for sid, code, name in session.execute(
            select(Site.id, Site.code, Site.name).order_by(Site.id)
        ).all()
    )
    home = dict(session.execute(select(PatientDetail.patient_id, PatientDetail.site_id)).all())
    status: dict[int, str] = {}
    exits: dict[int, list[str]] = defaultdict(list)
    for pid, to_status, effective_on in session.execute(
        select(StatusChange.patient_id, StatusChange.to_status, StatusChange.effective_on)
        .where(StatusChange.effective_on <= last)
        .order_by(StatusChange.effective_on, StatusChange.id)
    ).all():
        status[pid] = to_status
        if effective_on >= first and to_status in EXITS:
            exits[pid].append(to_status)
    current_episode = dict(
        session.execute(
            select(Episode.patient_id, func.max(Episode.opened_on))
            .where(Episode.opened_on <= last)
            .group_by(Episode.patient_id)
        ).all()
    )
    opened: dict[int, list[int]] = defaultdict(list)
    for pid, number in session.execute(
        select(Episode.patient_id, Episode.number).where(Episode.opened_on.between(first, last))
    ).all():
        opened[pid].append(number)
    live = Dose.id.not_in(select(DoseVoid.dose_id))
    last_dose = dict(
        session.execute(
            select(Dose.patient_id, func.max(Dose.dosing_date))
            .where(Dose.dosing_date <= last, live)
            .group_by(Dose.patient_id)
        ).all()
    )
    last_drug: dict[int, str] = {}
    for pid, drug in session.execute(
        select(Dose.patient_id, Product.drug)
        .join(DoseOrder, DoseOrder.id == Dose.order_id)
        .join(Product, Product.id == DoseOrder.product_id)
        .where(Dose.dosing_date <= last, live)
        .order_by(Dose.dosing_date, Dose.id)
    ).all():
        last_drug[pid] = drug
    doses = tuple(
        DoseFact(pid, site or main, day, mg, drug, kind == "take_home")
        for pid, site, day, mg, drug, kind in session.execute(
            select(
                Dose.patient_id,
                Location.site_id,
                Dose.dosing_date,
                Dose.dose_mg,
                Product.drug,
                Dose.kind,
            )
            .join(Location, Location.id == Dose.window_id)
            .join(DoseOrder, DoseOrder.id == Dose.order_id)
            .join(Product, Product.id == DoseOrder.product_id)
            .where(Dose.dosing_date.between(first, last), live)
        ).all()
    )
    opiates = {
        screen_id: positive
        for screen_id, positive in session.execute(
            select(ScreenResult.screen_id, ScreenResult.positive)
            .join(UrineScreen, UrineScreen.id == ScreenResult.screen_id)
            .where(
                UrineScreen.collected_on.between(first, last), ScreenResult.substance == "opiates"
            )
        ).all()
    }
    screens = tuple(
        ScreenFact(pid, bool(opiates.get(sid, False)), any_positive)
        for sid, pid, any_positive in session.execute(
            select(UrineScreen.id, UrineScreen.patient_id, UrineScreen.any_positive).where(
                UrineScreen.collected_on.between(first, last)
            )
        ).all()
    )
    transferred: dict[int, int] = defaultdict(int)
    for (pid,) in session.execute(
        select(TransferIn.patient_id)
        .join(Episode, Episode.id == TransferIn.episode_id)
        .where(Episode.opened_on.between(first, last))
    ).all():
        transferred[pid] += 1
    ended = dict(
        session.execute(select(GuestPeriodEnd.guest_period_id, GuestPeriodEnd.home_from)).all()
    )
    away: set[int] = set()
    for gid, pid, starts, ends in session.execute(
        select(GuestPeriod.id, GuestPeriod.patient_id, GuestPeriod.starts_on, GuestPeriod.ends_on)
    ).all():
        stop = min(ends, ended[gid] - timedelta(days=1)) if gid in ended else ends
        if starts <= last and stop >= first and starts <= stop:
            away.add(pid)
    tests: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pid, test, result, tested_on in session.execute(
        select(
            InfectionTest.patient_id,
            InfectionTest.test,
            InfectionTest.result,
            InfectionTest.tested_on,
        )
    ).all():
        if first <= tested_on <= last:  # a sealed date: compared here, not in SQL
            tests[pid].append((test, result))
    patients: dict[int, PatientFacts] = {}
    for pid, sex, birth in session.execute(
        select(Patient.id, Patient.sex, Patient.birth_date)
    ).all():
        if pid not in status:
            continue  # registered after the month
        patients[pid] = PatientFacts(
            site_id=home.get(pid) or main,
            sex=sex,
            age_band=age_band(birth, last),
            status_at_end=status.get(pid),
            drug=last_drug.get(pid),
            last_dose_on=last_dose.get(pid),
            episode_opened_on=current_episode.get(pid),
            opened_in_month=opened.get(pid, []),
            exits=exits.get(pid, []),
            transferred_in=transferred.get(pid, 0),
            guest_away=pid in away,
            tests=tests.get(pid, []),
        )
    name = session.scalars(select(ClinicInfo.name)).first() or ""
    return MonthFacts(
        first,
        last,
        sites,
        patients,
        doses,
        screens,
        clinic_settings(session).integer("dropout_days"),
        name,
    )


def in_treatment(p: PatientFacts) -> bool:
    return p.status_at_end in IN_TREATMENT


def dropped_out(p: PatientFacts, facts: MonthFacts) -> bool:
    """In treatment at the month's end, yet neither dosed nor (re-)admitted in the DROPOUT_DAYS
    before it."""
    if not in_treatment(p):
        return False
    limit = facts.last - timedelta(days=facts.dropout_days)
    seen = max(d for d in (p.last_dose_on, p.episode_opened_on, date.min) if d is not None)
    return seen < limit


# (key, Chinese, English): the report's fields in the order of the form.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("in_treatment", "月末在治人数", "In treatment at month end"),
    ("cumulative", "累计入组人数", "Ever enrolled (cumulative)"),
    ("new", "本月新入组人数", "New enrolments this month"),
    ("readmitted", "本月重新入组人数", "Re-admissions this month"),
    ("transferred_in", "本月转入人数", "Transferred in this month"),
    ("exits", "本月退出治疗人数", "Left treatment this month"),
    ("exit_discharged", "其中：出组", "of whom discharged"),
    ("exit_transferred", "其中：转出", "of whom transferred out"),
    ("exit_deceased", "其中：死亡", "of whom died"),
    ("dropouts", "月末脱失人数", "Absent beyond the dropout days at month end"),
    ("guest_away", "本月异地/临时外出服药人数", "Dosing away as guests this month"),
    ("dosed", "本月服药人数", "Patients dosed this month"),
    ("dosed_methadone", "其中：美沙酮", "of whom methadone"),
    ("dosed_buprenorphine", "其中：丁丙诺啡", "of whom buprenorphine"),
    ("person_days", "服药人次（人日）", "Dosing person-days"),
    ("daily_mean", "日均服药人数", "Mean patients dosed per day"),
    ("methadone_mg", "美沙酮用量（mg）", "Methadone given (mg)"),
    ("mean_dose", "美沙酮平均日剂量（mg）", "Mean daily methadone dose (mg)"),
    ("take_home", "带药剂次", "Take-home doses"),
    ("urine_people", "尿检人数", "Patients urine-tested"),
    ("urine_tests", "尿检人次", "Urine tests"),
    ("urine_opiates", "吗啡阳性人次", "Tests positive for opiates (morphine)"),
    ("urine_rate", "尿吗啡阳性率（%）", "Opiate-positive rate (%)"),
    ("hiv_tested", "HIV检测人数", "Patients HIV-tested"),
    ("hiv_positive", "HIV阳性人数", "HIV-positive results"),
    ("hcv_tested", "HCV检测人数", "Patients HCV-tested"),
    ("hcv_positive", "HCV阳性人数", "HCV-positive results"),
    ("syphilis_tested", "梅毒检测人数", "Patients syphilis-tested"),
    ("syphilis_positive", "梅毒阳性人数", "Syphilis-positive results"),
)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def site_figures(facts: MonthFacts, site_id: int | None) -> dict[str, Cell]:
    """Every field for one site (None: the whole clinic)."""
    people = {
        pid: p for pid, p in facts.patients.items() if site_id is None or p.site_id == site_id
    }
    doses = [d for d in facts.doses if site_id is None or d.site_id == site_id]
    screens = [s for s in facts.screens if s.patient_id in people]
    ever = {pid for pid, p in people.items() if p.status_at_end not in (None, "applicant")}
    days = {(d.patient_id, d.day) for d in doses}
    methadone_days = {(d.patient_id, d.day) for d in doses if d.drug == "methadone"}
    methadone_mg = sum((d.mg for d in doses if d.drug == "methadone"), Decimal(0))
    month_days = (facts.last - facts.first).days + 1
    figures: dict[str, Cell] = {
        "in_treatment": sum(in_treatment(p) for p in people.values()),
        "cumulative": len(ever),
        "new": sum(1 in p.opened_in_month for p in people.values()),
        "readmitted": sum(any(n > 1 for n in p.opened_in_month) for p in people.values()),
        "transferred_in": sum(p.transferred_in > 0 for p in people.values()),
        "exits": sum(bool(p.exits) for p in people.values()),
        "exit_discharged": sum("discharged" in p.exits for p in people.values()),
        "exit_transferred": sum("transferred_out" in p.exits for p in people.values()),
        "exit_deceased": sum("deceased" in p.exits for p in people.values()),
        "dropouts": sum(dropped_out(p, facts) for p in people.values()),
        "guest_away": sum(p.guest_away for p in people.values()),
        "dosed": len({d.patient_id for d in doses}),
        "dosed_methadone": len({d.patient_id for d in doses if d.drug == "methadone"}),
        "dosed_buprenorphine": len(
            {d.patient_id for d in doses if d.drug.startswith("buprenorphine")}
        ),
        "person_days": len(days),
        "daily_mean": (Decimal(len(days)) / month_days).quantize(Decimal("0.1"), ROUND_HALF_UP),
        "methadone_mg": methadone_mg,
        "mean_dose": (methadone_mg / len(methadone_days)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if methadone_days
        else None,
        "take_home": sum(d.take_home for d in doses),
        "urine_people": len({s.patient_id for s in screens}),
        "urine_tests": len(screens),
        "urine_opiates": sum(s.opiates_positive for s in screens),
        "urine_rate": _share(sum(s.opiates_positive for s in screens), len(screens)),
    }
    for test in TEST_NAMES:
        figures[f"{test}_tested"] = sum(any(t == test for t, _ in p.tests) for p in people.values())
        figures[f"{test}_positive"] = sum(
            any(t == test and r == "positive" for t, r in p.tests) for p in people.values()
        )
    return figures


def report_month(call: Call, month: date) -> tuple[date, date]:
    first, last = month_bounds(month)
    today = clock.clinic_today(call.session, call.db.clock())
    if first > today:
        raise InvalidInput(en="That month has not begun.", zh="该月份尚未开始。", field="month")
    return first, min(last, today)


@service(Action.STATISTICS_READ, entity="mmt_work_report", read_only=True)
def mmt_work_report(call: Call, *, month: date, site_code: str | None = None) -> ReportTable:
    """The month's work report: one column per site and the clinic's total (or one site)."""
    first, last = report_month(call, month)
    call.note(month=first.strftime("%Y-%m"), site=site_code or "")
    return work_report_table(call.session, first, last, site_code, generated_at=call.db.clock())


def work_report_table(
    session: Session,
    first: date,
    last: date,
    site_code: str | None = None,
    *,
    generated_at: datetime,
) -> ReportTable:
    """The work report of FIRST..LAST, the days of one month (all of it, or up to a day short of
    its end): the clinic's own report and the inspector's, clamped to their period."""
    facts = collect_month(session, first, last)
    sites = facts.sites
    if site_code:
        sites = tuple(s for s in sites if s[1] == site_code)
        if not sites:
            raise NotFound(en=f"No site {quoted(site_code)}.", zh=f"没有站点 {quoted(site_code)}。")
    per_site = [site_figures(facts, sid) for sid, _, _ in sites]
    columns = [Column("item", "指标", "Item")]
    columns += [Column(f"site_{code}", name, code, numeric=True) for _, code, name in sites]
    whole = None if site_code else site_figures(facts, None)
    if whole is not None:
        columns.append(Column("total", "合计", "Total", numeric=True))
    rows = []
    for key, zh, en in FIELDS:
        cells: list[Cell] = [f"{zh}\n{en}"]
        cells += [figures[key] for figures in per_site]
        if whole is not None:
            cells.append(whole[key])
        rows.append(tuple(cells))
    whole_month = (first, last) == month_bounds(first)
    period_note = "" if whole_month else f"{first.isoformat()} 至 to {last.isoformat()}"
    return ReportTable(
        key="mmt_work_report",
        title_zh="社区药物维持治疗工作月报",
        title_en="Monthly MMT work report",
        columns=tuple(columns),
        rows=tuple(rows),
        clinic_name=facts.clinic_name,
        period=(first, last),
        subtitle=period_note,
        generated_at=generated_at,
        notes=(
            "患者按其所属站点计数，服药按发药窗口所在站点计数。"
            "Patients count at their assigned site; doses at the site of the window that gave them.",
            f"脱失：月末在治但连续超过 {facts.dropout_days} 天未服药。"
            f"Absent: in treatment at month end, not dosed for more than {facts.dropout_days} "
            "days.",
            "各项定义见 docs/mmt-work-report.md。Definitions: docs/mmt-work-report.md.",
        ),
    )
