"""The inspector's reports on both backends, on the hand-built report clinic
(tests/integration/report_clinic.py): dosing by nurse and window, stock expiry and the MMT monthly
work report, each equal to the clinic's own report for the same days; a period reaching outside
the inspection is clamped, one wholly outside it refused with nothing shown; every read names the
inspection and the report in the audit trail; no table names a patient; the saved files are
made again through the inspection, so an expired grant saves nothing."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from clinic import inspection
from clinic.analytics import mmt_report, reports
from clinic.analytics.table import ReportTable, cell_text
from clinic.errors import InvalidInput, PermissionDenied
from clinic.privacy.permissions import Role
from clinic.storage.models import AuditEvent
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0
from tests.integration.report_clinic import DAY, build

FIRST = DAY0 - timedelta(days=1)  # 1 March 2026: the inspection covers 1-12 March
MONTH = (FIRST.year, FIRST.month)


@pytest.fixture
def granted(clinic: ClinicUnderTest):  # type: ignore[no-untyped-def]
    rc = build(clinic)
    insp = clinic.add_user("insp", Role.INSPECTOR)
    grant = inspection.grant_inspection(
        clinic.admin(),
        inspector_username="insp",
        authority="区卫生健康委员会 District health commission",
        purpose="美沙酮门诊督导 MMT supervision",
        period_from=FIRST,
        period_to=DAY,
        expires_on=DAY + timedelta(days=10),
    )
    return rc, insp, grant.inspection_id


def events(cut: ClinicUnderTest) -> list[dict[str, object]]:
    with UnitOfWork(cut.db, read_only=True) as uow:
        rows = uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "inspection.read")
            .order_by(AuditEvent.seq)
        )
        return [{"outcome": e.outcome, **json.loads(e.details)} for e in rows]


def shown(table: ReportTable) -> list[list[str]]:
    return [[cell_text(c) for c in row] for row in (*table.rows, table.totals or ())]


def test_each_report_equals_the_clinics_own_for_the_same_days(granted) -> None:  # type: ignore[no-untyped-def]
    rc, insp, iid = granted
    w = rc.w
    # dosing: asked from mid-February, clamped to the inspection's first day
    dosing = inspection.inspection_dosing(
        insp, inspection_id=iid, start=FIRST - timedelta(days=20), end=DAY0 + timedelta(days=9)
    )
    own = reports.dosing_by_nurse(w.nurse, start=FIRST, end=DAY0 + timedelta(days=9))
    assert dosing.period == (FIRST, DAY0 + timedelta(days=9))
    assert (dosing.rows, dosing.totals) == (own.rows, own.totals)
    assert dosing.totals is not None and dosing.totals[dosing.column("doses")] == 35
    one_site = inspection.inspection_dosing(
        insp, inspection_id=iid, start=DAY0, end=DAY0, site_id=rc.site_id
    )
    assert [r[one_site.column("doses")] for r in one_site.rows] == [5]

    # stock expiry on the last day of the period: the ledger as it stands, as the pharmacist's
    expiry = inspection.inspection_stock_expiry(insp, inspection_id=iid, day=DAY, within_days=30)
    pharmacists = reports.stock_expiry(rc.pharm, day=DAY, within_days=30)
    assert expiry.rows == pharmacists.rows
    assert [r[expiry.column("lot")] for r in expiry.rows] == ["L-EXP", "L-SOON"]

    # the MMT work report of March, whose days so far are all inside the period
    march = inspection.inspection_work_report(insp, inspection_id=iid, year=2026, month=3)
    physicians = mmt_report.mmt_work_report(w.doc, month=date(2026, 3, 1))
    assert march.period == physicians.period == (FIRST, DAY)
    assert shown(march) == shown(physicians)
    assert march.columns == physicians.columns


def test_a_past_day_reads_the_balances_standing_at_its_end(granted) -> None:  # type: ignore[no-untyped-def]
    rc, insp, iid = granted
    # window 2 received lot L2 (1000 mL) and dosed on odd days: 105 mL on days 1, 3 and 5, 75 on
    # day 7, none after; today's balance is 610, at the end of day 5 it was 685
    day5 = inspection.inspection_stock_expiry(
        insp,
        inspection_id=iid,
        day=DAY0 + timedelta(days=5),
        within_days=3650,
        location_id=rc.window2,
    )
    assert [(r[day5.column("lot")], r[day5.column("balance")]) for r in day5.rows] == [
        ("L2", Decimal("685"))
    ]
    now = reports.stock_expiry(rc.pharm, day=DAY, within_days=3650, location_id=rc.window2)
    assert [r[now.column("balance")] for r in now.rows] == [Decimal("610")]
    before = inspection.inspection_stock_expiry(
        insp, inspection_id=iid, day=FIRST, within_days=3650, location_id=rc.window2
    )
    assert before.rows == ()  # L2 came on DAY0


def test_outside_the_period_nothing_is_shown_and_every_read_is_audited(  # type: ignore[no-untyped-def]
    clinic, granted
) -> None:
    rc, insp, iid = granted
    with pytest.raises(PermissionDenied) as refused:
        inspection.inspection_dosing(
            insp, inspection_id=iid, start=date(2026, 2, 1), end=date(2026, 2, 28)
        )
    assert f"{FIRST} to {DAY}" in refused.value.message("en")
    with pytest.raises(PermissionDenied):
        inspection.inspection_stock_expiry(insp, inspection_id=iid, day=DAY + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        inspection.inspection_work_report(insp, inspection_id=iid, year=2026, month=2)
    with pytest.raises(InvalidInput):
        inspection.inspection_dosing(insp, inspection_id=iid, start=DAY, end=FIRST)
    inspection.inspection_dosing(insp, inspection_id=iid, start=FIRST, end=DAY)
    trail = events(clinic)
    assert [e["outcome"] for e in trail] == ["failed"] * 4 + ["done"]
    assert all(e["inspection"] == iid for e in trail)
    assert [e.get("view") for e in trail] == [
        "report:dosing",
        "report:stock_expiry",
        "report:mmt_month",
        "report:dosing",
        "report:dosing",
    ]
    assert trail[-1]["days"] == f"{FIRST}/{DAY}" and trail[-1]["doses"] == 35
    assert not any("patient_ids" in e for e in trail)
    # other roles have their own reports, not the inspection's
    with pytest.raises(PermissionDenied):
        inspection.inspection_dosing(rc.w.nurse, inspection_id=iid, start=FIRST, end=DAY)
    # after the expiry, nothing
    rc.w.at(DAY + timedelta(days=11))
    with pytest.raises(PermissionDenied) as refused:
        inspection.inspection_work_report(insp, inspection_id=iid, year=2026, month=3)
    assert "expired" in refused.value.message("en")


def test_no_report_names_a_patient(granted) -> None:  # type: ignore[no-untyped-def]
    rc, insp, iid = granted
    tables = [
        inspection.inspection_dosing(insp, inspection_id=iid, start=FIRST, end=DAY),
        inspection.inspection_stock_expiry(insp, inspection_id=iid, day=DAY, within_days=3650),
        inspection.inspection_work_report(insp, inspection_id=iid, year=2026, month=3),
    ]
    text = " ".join(" ".join(row) for table in tables for row in shown(table))
    assert "Test nurse2" in text and "L-SOON" in text  # the tables are not empty
    for number in rc.number.values():
        assert number not in text
    assert "王小明" not in text and "13800138000" not in text
    assert all("patient_ids" not in table.extra for table in tables)


def test_saved_files_are_made_again_through_the_inspection(granted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rc, insp, iid = granted
    parameters = {"start": FIRST, "end": DAY, "site_id": None}
    pdf = inspection.export_inspection_report(
        insp, inspection_id=iid, report="dosing", parameters=parameters, fmt="pdf"
    )
    path = tmp_path / "dosing.pdf"
    path.write_bytes(pdf)
    words = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "服药统计" in words and "Test nurse2" in words and "35" in words
    xlsx = inspection.export_inspection_report(
        insp,
        inspection_id=iid,
        report="mmt_month",
        parameters={"year": 2026, "month": 3},
        fmt="xlsx",
    )
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "社区药物维持治疗工作月报" in " ".join(cells)
    with pytest.raises(InvalidInput):
        inspection.export_inspection_report(
            insp, inspection_id=iid, report="census", parameters={}, fmt="pdf"
        )
    with pytest.raises(InvalidInput):
        inspection.export_inspection_report(
            insp, inspection_id=iid, report="dosing", parameters=parameters, fmt="docx"
        )
    rc.w.at(DAY + timedelta(days=11))
    with pytest.raises(PermissionDenied):
        inspection.export_inspection_report(
            insp, inspection_id=iid, report="dosing", parameters=parameters, fmt="pdf"
        )
