"""Every figure of every list report, on a small clinic built by hand whose answers are known
(tests/integration/report_clinic.py says what it holds); who may run each; the phone only to
roles that see contact details; contact attempts append-only."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from clinic.analytics import reports
from clinic.errors import InvalidInput, PermissionDenied
from clinic.patients.outreach import log_contact_attempt
from clinic.privacy.audit import AuditFilter
from clinic.privacy.audit_service import audit_page
from clinic.privacy.permissions import Role
from clinic.storage.models import OutreachAttempt
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0
from tests.integration.report_clinic import DAY, ReportClinic, build


@pytest.fixture
def rc(clinic: ClinicUnderTest) -> ReportClinic:
    return build(clinic)


def rows_by(table: reports.ReportTable, key: str) -> dict[object, tuple[object, ...]]:
    index = table.column(key)
    return {row[index]: row for row in table.rows}


def test_every_report_figure_known_by_hand(rc: ReportClinic) -> None:
    w, n = rc.w, rc.number
    # census: five in treatment, one discharged, all at the main site
    summary, listing = reports.patient_census(w.doc)
    assert len(summary.rows) == 1
    row = summary.rows[0]
    assert row[summary.column("active")] == 5 and row[summary.column("discharged")] == 1
    assert row[summary.column("total")] == 6 and summary.totals[summary.column("total")] == 6  # type: ignore[index]
    assert listing.values("number") == [n[k] for k in "ABCDE"]
    assert listing.values("dose") == [Decimal(v) for v in ("30", "25", "20", "30", "15")]
    assert listing.values("enrolled") == [DAY0] * 5
    assert listing.values("last_dose") == [
        DAY0 + timedelta(days=d) for d in (9, 8, 7, 6, 0)
    ]  # A's take-home is for day 9
    # dosing by nurse and window over the ten days
    dosing = reports.dosing_by_nurse(w.nurse, start=DAY0, end=DAY0 + timedelta(days=9))
    by_nurse = rows_by(dosing, "nurse")
    even, odd = by_nurse["Test nurse2"], by_nurse["Test nurse"]
    c = dosing.column
    assert (even[c("window")], odd[c("window")]) == ("窗口1 Window 1", "窗口2 Window 2")
    assert (even[c("doses")], even[c("mg")], even[c("quantity")]) == (20, 520, Decimal("520"))
    assert (even[c("take_home")], even[c("voided")]) == (1, 1)
    assert (odd[c("doses")], odd[c("mg")], odd[c("take_home")], odd[c("voided")]) == (15, 390, 0, 0)
    assert dosing.totals is not None and dosing.totals[c("doses")] == 35
    one_day = reports.dosing_by_nurse(w.nurse, start=DAY0, end=DAY0)
    assert [r[c("doses")] for r in one_day.rows] == [5]  # A's voided dose is not counted
    assert [r[c("mg")] for r in one_day.rows] == [120]
    # missed doses on DAY: B 1, C 2, D 3 (held), E 9 (re-induction)
    bands, missed = reports.missed_doses(w.nurse, day=DAY)
    assert [(r[0], r[1], r[2]) for r in bands.rows] == [("1", 1, 0), ("2", 1, 0), ("3+", 2, 2)]
    assert missed.values("number") == [n["E"], n["D"], n["C"], n["B"]]
    assert missed.values("missed") == [9, 3, 2, 1]
    assert missed.values("name") == ["王小明"] * 4
    consequence = missed.values("consequence")
    assert "重新诱导" in str(consequence[0]) and "重新评估" in str(consequence[1])
    assert consequence[2] == consequence[3] == "剂量不变 Same dose"
    # the physician's worklist
    work = reports.physician_worklist(w.doc, day=DAY)
    assert [(r[0], r[1], r[3]) for r in work.rows] == [
        ("医嘱待复核 Order due for review", n["A"], DAY + timedelta(days=5)),
        ("医嘱即将到期 Order ending", n["C"], DAY + timedelta(days=3)),
        ("阳性尿检待审核 Positive screen to review", n["B"], DAY0),
        ("漏服暂停待评估 Held after missed days", n["D"], DAY0 + timedelta(days=6)),
        ("须重新诱导 Re-induction needed", n["E"], DAY0),
    ]
    assert work.rows[2][4] == "阿片类（吗啡）"
    # screens due every 7 days: A and B screened 10 days ago, D and E never; C 6 days ago
    due = reports.screens_due_report(w.nurse, day=DAY)
    assert due.values("number") == [n[k] for k in "ABDE"]
    assert due.values("days") == [10, 10, None, None]
    # stock expiry within 30 days: L-EXP expired 5 days ago, L-SOON in 20; L-LATER not yet
    expiry = reports.stock_expiry(rc.pharm, day=DAY, within_days=30)
    assert expiry.values("lot") == ["L-EXP", "L-SOON"]
    assert expiry.values("days") == [-5, 20]
    assert expiry.values("balance") == [Decimal("100"), Decimal("50")]
    assert expiry.values("state") == ["已过期 expired", "将到期 expiring"]
    assert reports.stock_expiry(rc.pharm, day=DAY, within_days=90).values("lot") == [
        "L-EXP",
        "L-SOON",
        "L-LATER",
    ]
    assert (
        reports.stock_expiry(rc.pharm, day=DAY, within_days=90, location_id=w.ph.window).rows == ()
    )
    # outreach: held or worse (3+ days), E past the dropout limit (5), with E's two attempts
    out = reports.outreach_report(w.doc, day=DAY)
    assert out.values("number") == [n["E"], n["D"]]
    assert out.values("dropout") == ["是 yes", ""]
    assert out.values("attempts") == [2, 0]
    assert out.values("outcome") == ["答应返回 Will come back", None]
    assert out.values("how") == ["家访 Home visit", None]
    assert out.values("note") == ["答应明天来", None]
    assert out.values("phone") == ["13800138000", "13800138000"]
    # the pharmacist runs it too, but sees neither the phone nor the note
    masked = reports.outreach_report(rc.pharm, day=DAY)
    assert masked.values("phone") == ["***", "***"] and masked.values("note") == ["***", None]
    assert masked.values("attempts") == [2, 0]


def test_reports_that_name_patients_are_audited_as_reads(rc: ReportClinic) -> None:
    reports.missed_doses(rc.w.nurse, day=DAY)
    (event,) = audit_page(auditor(rc), flt=AuditFilter(action="report.missed"), offset=0, limit=10)
    assert event.details["patient_ids"] == sorted(rc.pid[k] for k in "BCDE")
    assert event.details["listed"] == 4


def auditor(rc: ReportClinic):  # type: ignore[no-untyped-def]
    return rc.w.cut.add_user("aud", Role.AUDITOR)


RUNS = {
    "census": (lambda a, rc: reports.patient_census(a), {Role.PHYSICIAN, Role.NURSE}),
    "dosing": (
        lambda a, rc: reports.dosing_by_nurse(a, start=DAY0, end=DAY),
        {Role.NURSE, Role.PHARMACIST, Role.PHYSICIAN},
    ),
    "missed": (lambda a, rc: reports.missed_doses(a, day=DAY), {Role.NURSE, Role.PHYSICIAN}),
    "worklist": (lambda a, rc: reports.physician_worklist(a, day=DAY), {Role.PHYSICIAN}),
    "screens": (lambda a, rc: reports.screens_due_report(a, day=DAY), {Role.NURSE, Role.PHYSICIAN}),
    "expiry": (
        lambda a, rc: reports.stock_expiry(a, day=DAY),
        {Role.PHARMACIST, Role.AUDITOR},
    ),
    "outreach": (
        lambda a, rc: reports.outreach_report(a, day=DAY),
        {Role.NURSE, Role.PHYSICIAN, Role.PHARMACIST},
    ),
}


def test_each_report_refuses_roles_that_may_not_run_it(clinic: ClinicUnderTest) -> None:
    users = {role: clinic.add_user(f"u_{role.value}", role) for role in Role}
    for run, allowed in RUNS.values():
        for role, auth in users.items():
            if role in allowed:
                run(auth, None)
            else:
                with pytest.raises(PermissionDenied):
                    run(auth, None)
    with pytest.raises(PermissionDenied):
        log_contact_attempt(users[Role.PHARMACIST], patient_id=1, method="phone", outcome="reached")


def test_contact_attempts_are_checked_and_append_only(rc: ReportClinic) -> None:
    e = rc.pid["E"]
    with pytest.raises(InvalidInput):
        log_contact_attempt(rc.w.nurse, patient_id=e, method="fax", outcome="reached")
    with pytest.raises(InvalidInput):
        log_contact_attempt(rc.w.nurse, patient_id=e, method="phone", outcome="lost")
    with pytest.raises(InvalidInput):
        log_contact_attempt(
            rc.w.nurse,
            patient_id=e,
            method="phone",
            outcome="reached",
            attempted_at=rc.w.now + timedelta(hours=1),
        )
    with UnitOfWork(rc.w.cut.db, read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(OutreachAttempt)) == 2
    later = log_contact_attempt(rc.w.nurse, patient_id=e, method="phone", outcome="reached")
    out = reports.outreach_report(rc.w.doc, day=DAY)
    assert out.values("attempts")[0] == 3 and out.values("outcome")[0] == "已联系上 Reached"
    assert later.note is None
    # no service edits or removes an attempt: the module offers only the append
    from clinic.patients import outreach

    writers = [f for f in vars(outreach).values() if getattr(f, "action", None) is not None]
    assert [f.__name__ for f in writers] == ["log_contact_attempt"]


def test_a_period_the_wrong_way_round_is_refused(clinic: ClinicUnderTest) -> None:
    nurse, pharm = clinic.add_user("nurse", Role.NURSE), clinic.add_user("pharm", Role.PHARMACIST)
    with pytest.raises(InvalidInput, match="ends before it starts"):
        reports.dosing_by_nurse(nurse, start=DAY, end=DAY0)
    with pytest.raises(InvalidInput, match="at most one year"):
        reports.dosing_by_nurse(nurse, start=DAY0, end=DAY0 + timedelta(days=366))
    with pytest.raises(InvalidInput, match="0 to 3650"):
        reports.stock_expiry(pharm, day=DAY, within_days=-1)
