"""The monthly MMT work report and the de-identified statistics, computed from a small clinic
built through the real services whose every figure is known by hand; the release is recorded
with its recipient and purpose sealed, and its Excel and PDF show no small count."""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from clinic import administration
from clinic.analytics.deidentified import (
    BREAKDOWNS,
    category_counts,
    deidentified_statistics,
    release_statistics,
    statistics_releases,
)
from clinic.analytics.mmt_report import FIELDS, collect_month, mmt_work_report
from clinic.analytics.suppression import MARK
from clinic.dosing.infections import record_infection_test
from clinic.dosing.orders import OrderRequest, write_order
from clinic.dosing.screens import record_screen
from clinic.dosing.window import record_dose, void_dose
from clinic.errors import InvalidInput, PermissionDenied
from clinic.patients import enrolment
from clinic.patients.records import change_status
from clinic.privacy.permissions import Role
from clinic.reports.table_xlsx import render_table_xlsx
from clinic.storage.models import AggregateDisclosure, AuditEvent
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import Window, window

MARCH = date(2026, 3, 1)


@dataclass
class HandBuilt:
    w: Window
    ids: dict[str, int]


def _enrol(w: Window, *, sex: str, birth: date, product: int, dose: str, site: str | None) -> int:
    today = w.now.date()
    draft = factories.enrolment(
        today,
        sex=sex,
        birth=birth,
        method="methadone" if product == w.ph.methadone else "buprenorphine",
    )
    pid = enrolment.enrol_patient(w.doc, enrolment=draft, site_code=site).patient_id
    write_order(
        w.doc,
        patient_id=pid,
        request=OrderRequest(product_id=product, daily_dose_mg=dose, start_on=today),
    )
    return pid


def build(clinic: ClinicUnderTest) -> HandBuilt:
    """Four patients. MAIN: P1 (man, 35, methadone, last dosed 20 Feb: absent in March), P2
    (woman, 56, methadone 30 mg on 2 and 3 March, opiate-positive urine, HIV test), P3 (man,
    25, buprenorphine 4 mg on 2 March, a dose on 3 March voided, discharged 10 March). SAT: P4 (man, 43, enrolled
    20 March, not yet dosed). The dropout limit is 30 days."""
    w = window(clinic, date(2026, 2, 20))
    admin = clinic.admin()
    administration.update_setting(admin, key="dropout_days", value=30, reason="test")
    w.stock_window()
    w.stock_window(product=w.ph.tablets, quantity="100", lot="T1")
    ids: dict[str, int] = {}
    ids["p1"] = _enrol(
        w, sex="M", birth=date(1990, 5, 1), product=w.ph.methadone, dose="30", site=None
    )
    record_dose(w.nurse, patient_id=ids["p1"], window_id=w.ph.window)
    w.at(date(2026, 3, 2))
    ids["p2"] = _enrol(
        w, sex="F", birth=date(1970, 1, 1), product=w.ph.methadone, dose="30", site=None
    )
    ids["p3"] = _enrol(
        w, sex="M", birth=date(2000, 6, 1), product=w.ph.tablets, dose="4", site=None
    )
    record_dose(w.nurse, patient_id=ids["p2"], window_id=w.ph.window)
    record_dose(w.nurse, patient_id=ids["p3"], window_id=w.ph.window)
    record_infection_test(
        w.doc,
        patient_id=ids["p2"],
        test="hiv",
        result="negative",
        tested_on=date(2026, 3, 2),
        stage="enrolment",
    )
    w.at(date(2026, 3, 3))
    record_dose(w.nurse, patient_id=ids["p2"], window_id=w.ph.window)
    record_screen(
        w.nurse, patient_id=ids["p2"], collected_on=date(2026, 3, 3), results={"opiates": True}
    )
    # A dose entered for P3 by mistake and voided: counted nowhere.
    wrong = record_dose(w.nurse, patient_id=ids["p3"], window_id=w.ph.window)
    void_dose(
        w.nurse,
        dose_id=wrong.dose_id,
        reason="entered in error",
        witness="pharm",
        witness_password="pharm-pass-1",
    )
    w.at(date(2026, 3, 10))
    change_status(
        w.doc,
        patient_id=ids["p3"],
        to_status="discharged",
        effective_on=date(2026, 3, 10),
        reason="完成治疗 finished",
    )
    w.at(date(2026, 3, 20))
    ids["p4"] = _enrol(
        w, sex="M", birth=date(1982, 4, 1), product=w.ph.methadone, dose="20", site="SAT"
    )
    w.at(date(2026, 4, 2))
    return HandBuilt(w, ids)


# MAIN, SAT, total — worked out by hand from the story in `build`.
EXPECTED: dict[str, tuple[object, object, object]] = {
    "in_treatment": (2, 1, 3),
    "cumulative": (3, 1, 4),
    "new": (2, 1, 3),
    "readmitted": (0, 0, 0),
    "transferred_in": (0, 0, 0),
    "exits": (1, 0, 1),
    "exit_discharged": (1, 0, 1),
    "exit_transferred": (0, 0, 0),
    "exit_deceased": (0, 0, 0),
    "dropouts": (1, 0, 1),
    "guest_away": (0, 0, 0),
    "dosed": (2, 0, 2),
    "dosed_methadone": (1, 0, 1),
    "dosed_buprenorphine": (1, 0, 1),
    "person_days": (3, 0, 3),
    "daily_mean": (Decimal("0.1"), Decimal("0.0"), Decimal("0.1")),  # 3 person-days / 31
    "methadone_mg": (Decimal(60), Decimal(0), Decimal(60)),
    "mean_dose": (Decimal("30.0"), None, Decimal("30.0")),
    "take_home": (0, 0, 0),
    "urine_people": (1, 0, 1),
    "urine_tests": (1, 0, 1),
    "urine_opiates": (1, 0, 1),
    "urine_rate": (Decimal("100.0"), None, Decimal("100.0")),
    "hiv_tested": (1, 0, 1),
    "hiv_positive": (0, 0, 0),
    "hcv_tested": (0, 0, 0),
    "hcv_positive": (0, 0, 0),
    "syphilis_tested": (0, 0, 0),
    "syphilis_positive": (0, 0, 0),
}


@pytest.fixture
def built(clinic: ClinicUnderTest) -> HandBuilt:
    return build(clinic)


def test_the_mmt_work_report_of_a_hand_built_month(built: HandBuilt) -> None:
    report = mmt_work_report(built.w.doc, month=date(2026, 3, 17))
    assert report.period == (date(2026, 3, 1), date(2026, 3, 31))
    assert [c.key for c in report.columns] == ["item", "site_MAIN", "site_SAT", "total"]
    assert len(report.rows) == len(FIELDS) == len(EXPECTED)
    for (key, zh, _), row in zip(FIELDS, report.rows, strict=True):
        assert row[0].startswith(zh)
        assert tuple(row[1:]) == EXPECTED[key], key
    # The workbook keeps the numbers as numbers: the methadone line reads 60 / 0 / 60.
    sheet = load_workbook(io.BytesIO(render_table_xlsx(report))).worksheets[0]
    lines = {str(r[0]).split("\n")[0]: r[1:] for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert lines["美沙酮用量（mg）"] == (60, 0, 60)
    one = mmt_work_report(built.w.doc, month=MARCH, site_code="SAT")
    assert [c.key for c in one.columns] == ["item", "site_SAT"]
    assert [row[1] for row in one.rows] == [EXPECTED[k][1] for k, _, _ in FIELDS]


def test_the_report_refuses_a_month_to_come_and_other_roles(built: HandBuilt) -> None:
    with pytest.raises(InvalidInput):
        mmt_work_report(built.w.doc, month=date(2026, 5, 1))
    with pytest.raises(PermissionDenied):
        mmt_work_report(built.w.nurse, month=MARCH)
    with pytest.raises(PermissionDenied):
        release_statistics(
            built.w.nurse, month=MARCH, recipient="x", purpose="y", target=Path("/nonexistent")
        )


def test_the_statistics_counts_of_the_hand_built_month(built: HandBuilt) -> None:
    with UnitOfWork(built.w.cut.db, read_only=True) as uow:
        facts = collect_month(uow.session, date(2026, 3, 1), date(2026, 3, 31))
    counts = {b.key: category_counts(facts, b) for b in BREAKDOWNS}
    # Columns: MAIN, SAT. In treatment at the end: P1 (M, 35), P2 (F, 56), P4 (M, 43, SAT).
    assert counts == {
        "sex": [[1, 1], [1, 0]],
        "age": [[0, 0], [1, 0], [0, 1], [1, 0]],
        "drug": [[2, 0], [0, 0], [0, 1]],
        # enrolled, left, absent, dosed, tested for infections
        "events": [[2, 1], [1, 0], [1, 0], [2, 0], [1, 0]],
        "urine": [[0, 0], [1, 0]],
    }


def _cells(path: Path) -> list[list[object]]:
    book = load_workbook(path)
    return [
        [c for c in row]
        for sheet in book.worksheets
        for row in sheet.iter_rows(min_row=5, values_only=True)
    ]


def test_a_release_is_recorded_sealed_and_its_files_show_no_small_count(
    built: HandBuilt, tmp_path: Path
) -> None:
    cut = built.w.cut
    admin = cut.admin()
    preview = deidentified_statistics(admin, month=MARCH)
    done = release_statistics(
        admin,
        month=MARCH,
        recipient="区疾控中心 District CDC",
        purpose="月度工作统计 monthly planning",
        target=tmp_path / "stats",
    )
    assert [p.name for p in done.files] == ["stats.xlsx", "stats.pdf"]
    assert done.threshold == 5
    # The released figures are the previewed ones; nothing in 1..4 is shown anywhere.
    assert [t.rows for t in done.tables] == [t.rows for t in preview]
    numbers = [
        v for row in _cells(done.files[0]) for v in row if isinstance(v, int) and v is not True
    ]
    assert numbers and all(v == 0 or v >= 5 for v in numbers), numbers
    assert any(v == MARK for row in _cells(done.files[0]) for v in row)
    pdf = subprocess.run(
        ["pdftotext", "-layout", str(done.files[1]), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "月末在治人数（按性别）" in pdf and done.reference in pdf
    for token in pdf.split():
        assert token not in {"1", "2", "3", "4"}, token
    # Recorded: who, to whom, why; the recipient and purpose sealed in the database.
    assert statistics_releases(admin)[0].recipient == "区疾控中心 District CDC"
    with UnitOfWork(cut.db, read_only=True) as uow:
        row = uow.session.scalars(select(AggregateDisclosure)).one()
        assert (row.purpose, row.reference, row.cells_withheld) == (
            "月度工作统计 monthly planning",
            done.reference,
            done.cells_withheld,
        )
        raw = uow.session.execute(
            text("SELECT recipient, purpose FROM aggregate_disclosures")
        ).one()
        assert "District CDC" not in str(raw[0]) and "planning" not in str(raw[1])
        event = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "statistics.release")
        ).one()
        assert event.entity_id == done.reference


def test_a_lower_threshold_shows_more_and_still_withholds_the_ones(
    built: HandBuilt, tmp_path: Path
) -> None:
    admin = built.w.cut.admin()
    administration.update_setting(admin, key="statistics_threshold", value=2, reason="test")
    tables = {t.key: t for t in deidentified_statistics(admin, month=MARCH)}
    # Patients dosed: MAIN 2, SAT 0, total 2 — all shown at a threshold of 2.
    dosed = tables["statistics_events"].rows[3]
    assert dosed[1:] == (2, 0, 2)
    # By drug, methadone at MAIN is 2 but the 1 at SAT ("not yet dosed") must not show.
    drug = tables["statistics_drug"]
    assert drug.rows[2][2] == MARK
    for table in tables.values():
        for row in (*table.rows, *([table.totals] if table.totals else [])):
            assert all(not (isinstance(v, int) and 0 < v < 2) for v in row[1:]), row


def test_a_release_needs_a_recipient_and_a_purpose(built: HandBuilt, tmp_path: Path) -> None:
    admin = built.w.cut.admin()
    out = tmp_path / "out"
    out.mkdir()
    for recipient, purpose in (("", "planning"), ("CDC", "  ")):
        with pytest.raises(InvalidInput):
            release_statistics(
                admin, month=MARCH, recipient=recipient, purpose=purpose, target=out / "s"
            )
    assert not list(out.iterdir())
    assert statistics_releases(admin) == []


def test_physicians_may_release(clinic: ClinicUnderTest, tmp_path: Path) -> None:
    doc = clinic.add_user("chief", Role.PHYSICIAN)
    done = release_statistics(
        doc, month=date(2026, 1, 1), recipient="CDC", purpose="annual", target=tmp_path / "s"
    )
    assert done.files and statistics_releases(doc)[0].reference == done.reference
