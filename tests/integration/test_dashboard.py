"""Each dashboard figure from a small clinic whose answers are worked out by hand, both backends.

The clinic (today 2026-03-02, Shanghai):
  P1 admitted 2025-01-06, 30 mg, dosed that day, discharged 2025-02-25 (day 50)
  P2 admitted 2025-01-06, 30 mg, dosed that day, transferred out 2025-07-25 (day 200)
  P3 admitted 2025-01-06, 15 mg, dosed that day only: still in treatment, absent 419 days
  P6 admitted 2025-12-01, 30 mg, dosed today
  P4 admitted 2026-01-05, 30 mg, died 2026-01-25 (day 20)
  P5 admitted 2026-01-05, 30 mg, dosed today
  P7 admitted 2026-02-10, buprenorphine 4 mg (2 x 2 mg tablets), dosed that day: absent 19 days
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from clinic.analytics import dashboard
from clinic.dosing import screens
from clinic.dosing.window import record_dose
from clinic.errors import InvalidInput, PermissionDenied
from clinic.insurance import claims, exports
from clinic.inventory import reconcile
from clinic.patients import records
from clinic.service import AuthContext
from clinic.storage.models import AuditEvent
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest, make_clinic
from tests.integration.dosing_helpers import Window, window
from tests.integration.test_claims import PASSPHRASE, Billing

A = date(2025, 1, 6)
TODAY = date(2026, 3, 2)
PERIOD = (date(2025, 1, 1), TODAY)


@dataclass
class Clinic:
    cut: ClinicUnderTest
    w: Window
    admin: AuthContext


def _build(cut: ClinicUnderTest) -> Clinic:
    w = window(cut, A)
    w.stock_window(quantity="5000")
    p1 = w.patient(dose="30")
    p2 = w.patient(dose="30")
    p3 = w.patient(dose="15")
    for pid in (p1, p2, p3):
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    screens.record_screen(w.nurse, patient_id=p1, collected_on=A, results={"opiates": False})
    screens.record_screen(w.nurse, patient_id=p2, collected_on=A, results={"opiates": True})
    w.at(date(2025, 12, 1))
    p6 = w.patient(dose="30")
    w.at(date(2026, 1, 5))
    p4 = w.patient(dose="30")
    p5 = w.patient(dose="30")
    w.at(date(2026, 2, 10))
    w.stock_window(product=w.ph.tablets, quantity="100", lot="T1")
    p7 = w.patient(dose="4", method="buprenorphine", product=w.ph.tablets)
    record_dose(w.nurse, patient_id=p7, window_id=w.ph.window)
    w.at(TODAY, 10)
    for pid in (p5, p6):
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    for pid, positive in ((p5, True), (p6, False), (p7, False)):
        screens.record_screen(
            w.nurse, patient_id=pid, collected_on=TODAY, results={"opiates": positive}
        )
    for pid, status, on in (
        (p1, "discharged", date(2025, 2, 25)),
        (p2, "transferred_out", date(2025, 7, 25)),
        (p4, "deceased", date(2026, 1, 25)),
    ):
        records.change_status(w.doc, patient_id=pid, to_status=status, effective_on=on, reason="x")
    # Window count today: methadone expected 5000 - 135 = 4865 mL, counted 4863 (a 2 mL
    # shortfall beyond the liquid tolerance); tablets expected 98, counted 98.
    w.at(TODAY, 13)
    reconcile.record_count(
        w.ph.pharm,
        window_id=w.ph.window,
        product_id=w.ph.methadone,
        counted="4863",
        kind="handover",
        explanation="溢出 spill",
        **w.ph.witness(),
    )
    reconcile.record_count(
        w.ph.pharm, window_id=w.ph.window, product_id=w.ph.tablets, counted="98", kind="handover"
    )
    return Clinic(cut, w, cut.admin())


@pytest.fixture(scope="module", params=["sqlcipher", "postgresql"])
def small(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, keystore
) -> Iterator[Clinic]:  # type: ignore[no-untyped-def]
    url = request.getfixturevalue("pg_module_database") if request.param == "postgresql" else None
    cut = make_clinic(
        tmp_path_factory.mktemp(f"dash-{request.param}") / "clinic", keystore, request.param, url
    )
    try:
        yield _build(cut)
    finally:
        cut.clinic.close()
        keystore.delete(cut.clinic.settings.clinic_id)


def rows(table, *keys: str) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [tuple(row[table.column(k)] for k in keys) for row in table.rows]


def test_census_and_ended_by_reason(small: Clinic) -> None:
    board = dashboard.clinical_dashboard(small.w.doc, start=PERIOD[0], end=PERIOD[1])
    census = board.chart("census").table
    assert rows(census, "measure", "patients") == [
        ("in_treatment", 4),  # P3, P5, P6, P7
        ("active_today", 2),  # P5, P6
        ("new", 7),
        ("discharged", 1),
        ("transferred_out", 1),
        ("deceased", 1),
    ]
    # The period cuts what is counted: 2026 only has P4, P5, P7 new and P4's death.
    later = dashboard.clinical_dashboard(small.w.doc, start=date(2026, 1, 1), end=TODAY)
    assert rows(later.chart("census").table, "measure", "patients")[2:] == [
        ("new", 3),
        ("discharged", 0),
        ("transferred_out", 0),
        ("deceased", 1),
    ]


def test_retention_is_kaplan_meier_by_year_of_admission(small: Clinic) -> None:
    board = dashboard.clinical_dashboard(small.w.doc, start=PERIOD[0], end=PERIOD[1])
    table = board.chart("retention").table
    # 2025: P1 ends day 50, P6 censored day 91, P2 ends day 200, P3 censored day 420.
    # S(50) = 3/4; at day 200 two at risk, one ends: S = 3/4 x 1/2 = 3/8.
    # 2026: followed at most 56 days (P5): nothing to say at 3 months yet.
    assert rows(table, "cohort", "patients", "ended", "m3", "m6", "m12") == [
        ("2025", 4, 2, Decimal("75.0"), Decimal("75.0"), Decimal("37.5")),
        ("2026", 3, 1, None, None, None),
    ]


def test_dose_distribution_screens_and_dropouts(small: Clinic) -> None:
    board = dashboard.clinical_dashboard(small.w.doc, start=PERIOD[0], end=PERIOD[1])
    dist = board.chart("dose_distribution").table
    assert rows(dist, "drug", "mg_from", "mg_to", "patients") == [
        ("Buprenorphine", 4, 7, 1),  # P7
        ("Methadone", 0, 19, 1),  # P3
        ("Methadone", 20, 39, 2),  # P5, P6
    ]
    positivity = board.chart("screen_positivity").table
    by_month = {r[0]: r[1:] for r in rows(positivity, "month", "screens", "positive", "percent")}
    assert len(by_month) == 15  # 2025-01 .. 2026-03
    assert by_month["2025-01"] == (2, 1, Decimal("50.0"))
    assert by_month["2026-03"] == (3, 1, Decimal("33.3"))
    assert by_month["2025-06"] == (0, 0, None)
    dropouts = board.chart("dropouts").table
    assert rows(dropouts, "band", "patients") == [
        ("15–30", 1),  # P7, 19 days
        ("31–60", 0),
        ("61–90", 0),
        (">90", 1),  # P3
        ("never", 0),
    ]


def test_pharmacy_days_remaining_and_variances(small: Clinic) -> None:
    board = dashboard.pharmacy_dashboard(small.w.ph.pharm, start=date(2026, 1, 1), end=TODAY)
    days = board.chart("stock_days").table
    window = {
        r[0]: r[1:]
        for r in rows(days, "product", "balance", "daily", "days", "place")
        if r[0] and "Window" in str(r[4])
    }
    met = next(v for k, v in window.items() if "美沙酮" in str(k) or "ethadone" in str(k))
    # 4863 mL left (after the 2 mL shortfall's adjustment); 60 mL dispensed in 28 days.
    assert met[:3] == (Decimal("4863"), Decimal("2.14"), Decimal("2269.4"))
    tab = next(v for k, v in window.items() if v[0] == Decimal("98"))
    assert tab[2] == Decimal("1372.0")  # 98 tablets x 28 days / 2 given
    variances = board.chart("variance_history").table
    assert rows(variances, "month", "counts", "beyond", "net") == [
        ("2026-01", 0, 0, Decimal(0)),
        ("2026-02", 0, 0, Decimal(0)),
        ("2026-03", 2, 1, Decimal("-2")),
    ]


def test_nurse_sees_doses_against_the_queue(small: Clinic) -> None:
    board = dashboard.dosing_dashboard(small.w.nurse)
    # In treatment with an order today: P3, P5, P6, P7 = 4 doses expected; P5, P6 given.
    assert rows(board.chart("queue_today").table, "expected", "given", "waiting") == [(4, 2, 2)]


def test_permission_audit_and_no_identity(small: Clinic) -> None:
    with pytest.raises(PermissionDenied):
        dashboard.clinical_dashboard(small.w.nurse, start=PERIOD[0], end=PERIOD[1])
    with pytest.raises(PermissionDenied):
        dashboard.pharmacy_dashboard(small.w.doc, start=PERIOD[0], end=PERIOD[1])
    with pytest.raises(InvalidInput):
        dashboard.clinical_dashboard(small.w.doc, start=TODAY, end=PERIOD[0])
    board = dashboard.clinical_dashboard(small.admin, start=PERIOD[0], end=PERIOD[1])
    with UnitOfWork(small.cut.db, read_only=True) as uow:
        event = uow.session.scalars(
            select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
        ).one()
        assert (event.action, event.entity, event.entity_id) == (
            "dashboard.clinical",
            "dashboard",
            "clinical",
        )
    cells = " ".join(str(c) for chart in board.charts for r in chart.table.rows for c in r)
    assert "P00000" not in cells and "王小明" not in cells


def test_claims_by_month_and_status(clinic: ClinicUnderTest, tmp_path: Path) -> None:
    b = Billing(clinic)
    result = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    number = result.claims[0].number
    exports.export_batch(
        b.clerk,
        batch_number=result.batch_number,
        target=tmp_path / "b",
        passphrase=PASSPHRASE,
        clinic_name="x",
        formats=("csv",),
    )
    claims.record_outcome(b.clerk, claim_number=number, status="rejected", reason="wrong number")
    claims.correct_claim(b.clerk, claim_number=number)
    board = dashboard.claims_dashboard(b.clerk, start=date(2026, 1, 1), end=date(2026, 4, 2))
    table = board.chart("claims").table
    # V1 rejected then voided by its correction V2, a draft of the same 57.50 (payer 40.25).
    assert rows(table, "month", "status", "claims", "total", "payer") == [
        ("2026-03", "draft", 1, Decimal("57.50"), Decimal("40.25")),
        ("2026-03", "voided", 1, Decimal("57.50"), Decimal("40.25")),
    ]
    assert board.chart("claim_amounts").table.rows == table.rows
    with pytest.raises(PermissionDenied):
        dashboard.claims_dashboard(b.w.nurse, start=date(2026, 1, 1), end=date(2026, 4, 2))
