"""De-identified monthly statistics for authorities: counts by site and category, small cells
withheld (clinic/analytics/suppression.py), released as Excel and PDF, each release recorded as
a disclosure of aggregate data with its recipient and purpose.

What is counted (the month's figures an authority plans services with, and nothing that names
anyone): patients in treatment at month end by sex, by age band and by drug; the month's
events (enrolments, exits, absences, patients dosed, infection tests done); urine tests by
result. HIV/HCV/syphilis results are not released here: with a handful of patients per site a
positive count is a diagnosis; they go to the national MMT system on its legal basis instead
(clinic/patients/mmt_export.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from clinic.analytics.mmt_report import (
    AGE_BANDS,
    MonthFacts,
    PatientFacts,
    collect_month,
    dropped_out,
    in_treatment,
    month_bounds,
    report_month,
)
from clinic.analytics.suppression import MARK, SuppressedTable, suppress
from clinic.analytics.table import Cell, Column, ReportTable
from clinic.errors import InvalidInput
from clinic.fileio import write_private
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import AggregateDisclosure
from clinic.storage.settings_store import clinic_settings

REPORT = "deidentified_statistics"
FORMATS = ("xlsx", "pdf")


@dataclass(frozen=True)
class Category:
    key: str
    zh: str
    en: str


@dataclass(frozen=True)
class Breakdown:
    """One table's rows: each category with its test on a patient (or its count per site)."""

    key: str
    title_zh: str
    title_en: str
    categories: tuple[Category, ...]
    partition: bool  # the rows split one population: the column totals mean something
    zeros_disclose: bool  # a zero says something of everyone else in its line


SEX = Breakdown(
    "sex",
    "月末在治人数（按性别）",
    "In treatment at month end, by sex",
    (Category("M", "男", "Male"), Category("F", "女", "Female")),
    partition=True,
    zeros_disclose=False,
)
AGE = Breakdown(
    "age",
    "月末在治人数（按年龄组）",
    "In treatment at month end, by age band",
    tuple(Category(label, f"{label}岁", label) for _, _, label in AGE_BANDS),
    partition=True,
    zeros_disclose=False,
)
DRUG = Breakdown(
    "drug",
    "月末在治人数（按治疗药物）",
    "In treatment at month end, by drug",
    (
        Category("methadone", "美沙酮", "Methadone"),
        Category("buprenorphine", "丁丙诺啡", "Buprenorphine"),
        Category("none", "未服药/其他", "Not yet dosed / other"),
    ),
    partition=True,
    zeros_disclose=False,
)
EVENTS = Breakdown(
    "events",
    "本月工作量",
    "This month's activity",
    (
        Category("enrolled", "入组（含重新入组）", "Enrolled (incl. re-admitted)"),
        Category("left", "退出治疗", "Left treatment"),
        Category("absent", "月末脱失", "Absent beyond the dropout days"),
        Category("dosed", "服药人数", "Patients dosed"),
        Category("tested_infections", "传染病检测人数", "Patients tested for HIV/HCV/syphilis"),
    ),
    partition=False,
    zeros_disclose=False,
)
URINE = Breakdown(
    "urine",
    "本月尿检（按结果）",
    "This month's urine tests, by result",
    (
        Category("negative", "吗啡阴性", "Opiates negative"),
        Category("positive", "吗啡阳性", "Opiates positive"),
    ),
    partition=True,
    zeros_disclose=True,  # "no positive" tells of every patient tested at the site
)
BREAKDOWNS = (SEX, AGE, DRUG, EVENTS, URINE)


def _drug(p: PatientFacts) -> str:
    if p.drug == "methadone":
        return "methadone"
    if p.drug and p.drug.startswith("buprenorphine"):
        return "buprenorphine"
    return "none"


def category_counts(facts: MonthFacts, breakdown: Breakdown) -> list[list[int]]:
    """Rows of BREAKDOWN's categories, one column per site."""
    sites = [sid for sid, _, _ in facts.sites]
    grid = {(c.key, sid): 0 for c in breakdown.categories for sid in sites}
    people = facts.patients.values()
    if breakdown.key in ("sex", "age", "drug"):
        for p in people:
            if in_treatment(p):
                key = {"sex": p.sex, "age": p.age_band, "drug": _drug(p)}[breakdown.key]
                grid[(key, p.site_id)] += 1
    elif breakdown.key == "events":
        for p in people:
            grid[("enrolled", p.site_id)] += bool(p.opened_in_month)
            grid[("left", p.site_id)] += bool(p.exits)
            grid[("absent", p.site_id)] += dropped_out(p, facts)
            grid[("tested_infections", p.site_id)] += bool(p.tests)
        for sid in sites:
            grid[("dosed", sid)] = len({d.patient_id for d in facts.doses if d.site_id == sid})
    else:
        for s in facts.screens:
            site = facts.patients[s.patient_id].site_id if s.patient_id in facts.patients else None
            if site is not None:
                grid[("positive" if s.opiates_positive else "negative", site)] += 1
    return [[grid[(c.key, sid)] for sid in sites] for c in breakdown.categories]


def statistics_table(
    facts: MonthFacts, breakdown: Breakdown, threshold: int, reference: str
) -> tuple[ReportTable, SuppressedTable]:
    """BREAKDOWN's table as released (withheld cells marked), and the suppression behind it."""
    counts = category_counts(facts, breakdown)
    done = suppress(
        counts,
        threshold=threshold,
        row_totals=True,
        column_totals=breakdown.partition,
        suppress_zeros=breakdown.zeros_disclose,
    )
    rows_n, cols_n = len(counts), len(facts.sites)
    columns = (
        Column("category", "类别", "Category"),
        *(Column(f"site_{code}", name, code, numeric=True) for _, code, name in facts.sites),
        Column("total", "合计", "All sites", numeric=True),
    )
    rows = tuple(
        (f"{c.zh}\n{c.en}", *(done.shown((i, j)) for j in range(cols_n + 1)))
        for i, c in enumerate(breakdown.categories)
    )
    totals: tuple[Cell, ...] | None = None
    if breakdown.partition:
        totals = ("合计 Total", *(done.shown((rows_n, j)) for j in range(cols_n + 1)))
    notes = [
        f"{MARK} 表示不予公布：少于 {threshold} 的数，或为防止由合计推算出小数而一并隐去的数。"
        f"{MARK} = withheld: a count below {threshold}, or a count withheld so that no small "
        "count can be worked out from the totals.",
    ]
    if breakdown.zeros_disclose:
        notes.append(
            "本表中 0 也不予公布（0 会透露同一站点其他人的结果）。"
            "Zeros are withheld in this table too (a zero tells of everyone else at the site)."
        )
    if not breakdown.partition:
        notes.append(
            "各行互不相加，故无列合计。Rows are separate counts; columns are not totalled."
        )
    notes.append(f"编号 Reference：{reference}")
    table = ReportTable(
        key=f"statistics_{breakdown.key}",
        title_zh=breakdown.title_zh,
        title_en=breakdown.title_en,
        columns=columns,
        rows=rows,
        clinic_name=facts.clinic_name,
        period=(facts.first, facts.last),
        totals=totals,
        notes=tuple(notes),
        subtitle="去标识化统计 De-identified statistics",
    )
    return table, done


def _build(call: Call, month: date, reference: str) -> tuple[list[ReportTable], int, int]:
    first, last = report_month(call, month)
    threshold = clinic_settings(call.session).integer("statistics_threshold")
    facts = collect_month(call.session, first, last)
    tables, withheld = [], 0
    for breakdown in BREAKDOWNS:
        table, done = statistics_table(facts, breakdown, threshold, reference)
        tables.append(table)
        withheld += len(done.hidden)
    return tables, threshold, withheld


def checksum(tables: list[ReportTable]) -> str:
    """The released figures and marks, in order: what a copy of the release must match."""
    body = [
        [t.key, [[str(c) for c in row] for row in (*t.rows, *([t.totals] if t.totals else []))]]
        for t in tables
    ]
    return hashlib.sha256(json.dumps(body, ensure_ascii=False).encode()).hexdigest()


@service(Action.STATISTICS_READ, entity="statistics", read_only=True)
def deidentified_statistics(call: Call, *, month: date) -> list[ReportTable]:
    """The month's statistics as they would be released (small cells withheld)."""
    first, _ = month_bounds(month)
    call.note(month=first.strftime("%Y-%m"))
    tables, _, _ = _build(call, first, "—")
    return tables


@dataclass(frozen=True)
class StatisticsRelease:
    reference: str
    files: tuple[Path, ...]
    tables: tuple[ReportTable, ...]
    cells_withheld: int
    threshold: int


@service(Action.STATISTICS_RELEASE, entity="aggregate_disclosure")
def release_statistics(
    call: Call,
    *,
    month: date,
    recipient: str,
    purpose: str,
    target: Path,
    formats: tuple[str, ...] = FORMATS,
) -> StatisticsRelease:
    """Write the month's statistics to TARGET.xlsx / TARGET.pdf and record their release to
    RECIPIENT for PURPOSE."""
    first, _ = month_bounds(month)
    call.note(month=first.strftime("%Y-%m"))
    who = free_text(recipient, 200, "Recipient", "接收方")
    why = free_text(purpose, 500, "Purpose", "用途")
    if not who:
        raise InvalidInput(
            en="Name the recipient of these statistics.",
            zh="请填写统计数据的接收方。",
            field="recipient",
        )
    if not why:
        raise InvalidInput(
            en="Give the purpose: what the statistics are for.",
            zh="请填写数据用途。",
            field="purpose",
        )
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InvalidInput(en="Choose Excel, PDF or both.", zh="请选择 Excel、PDF 或两者。")
    draft, threshold, withheld = _build(call, first, "—")
    earlier = call.session.scalar(select(func.count()).select_from(AggregateDisclosure)) or 0
    reference = f"STAT-{first:%Y%m}-{checksum(draft)[:8]}-{earlier + 1}"
    tables = [replace(t, notes=(*t.notes[:-1], f"编号 Reference：{reference}")) for t in draft]
    from clinic.reports.table_pdf import render_table_pdf
    from clinic.reports.table_xlsx import render_table_xlsx
    from clinic.storage.settings_store import demo_clinic

    period = (tables[0].period or (first, first)) if tables else (first, first)
    call.session.add(
        AggregateDisclosure(
            report=REPORT,
            period_start=period[0],
            period_end=period[1],
            threshold=threshold,
            cells_withheld=withheld,
            recipient=who,
            purpose=why,
            reference=reference,
            checksum=checksum(tables),
            disclosed_by=call.actor.user_id,
        )
    )
    call.session.flush()
    files: list[Path] = []

    # The files last, and taken away again if the record is not committed after all.
    def take_back() -> None:
        for written in files:
            written.unlink(missing_ok=True)

    call.after_failure.append(take_back)
    for fmt in formats:
        path = target.with_name(f"{target.name}.{fmt}")
        data = (
            render_table_xlsx(tables)
            if fmt == "xlsx"
            else render_table_pdf(tables, demo=demo_clinic(call.session))
        )
        write_private(path, data)
        files.append(path)
    call.note(
        entity_id=reference,
        threshold=threshold,
        withheld=withheld,
        files=[p.name for p in files],
    )
    return StatisticsRelease(reference, tuple(files), tuple(tables), withheld, threshold)


@dataclass(frozen=True)
class ReleaseEntry:
    reference: str
    period_start: date
    period_end: date
    recipient: str
    purpose: str
    threshold: int
    cells_withheld: int


@service(Action.STATISTICS_READ, entity="aggregate_disclosure", read_only=True)
def statistics_releases(call: Call) -> list[ReleaseEntry]:
    """Every release of statistics, newest first."""
    return [
        ReleaseEntry(
            r.reference,
            r.period_start,
            r.period_end,
            r.recipient,
            r.purpose,
            r.threshold,
            r.cells_withheld,
        )
        for r in call.session.scalars(
            select(AggregateDisclosure).order_by(AggregateDisclosure.id.desc())
        ).all()
    ]
