"""The Reports page on the hand-built clinic (tests/integration/report_clinic.py): each report run
from the page and read from its table; a contact attempt logged from the outreach report; the
saved PDF and Excel read back; each role sees its own list of reports."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDateTime, QItemSelectionModel, Qt, QTime

from clinic.ui.patient_common import to_qdate
from clinic.ui.register_page import RegisterPage
from clinic.ui.reports_page import ContactAttemptDialog, ReportsPage
from clinic.ui.worker import busy
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0
from tests.integration.report_clinic import DAY, ReportClinic, build

pytestmark = pytest.mark.parametrize("backend", ["sqlcipher"])


@pytest.fixture
def rc(clinic: ClinicUnderTest) -> ReportClinic:
    return build(clinic)


def run(qtbot, page: ReportsPage, key: str) -> None:  # type: ignore[no-untyped-def]
    page.choose(key)
    page.run()
    qtbot.waitUntil(lambda: not busy() and page.ran_for == key, timeout=20000)


def column(page: ReportsPage, key: str, tab: int = 0) -> list[str]:
    model = page.model(tab)
    return [model.text(row, key) for row in range(len(model.table.rows))]


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (poppler-utils)")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_physician_runs_each_report_and_reads_its_table(
    qtbot, rc: ReportClinic, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    n = rc.number
    page = ReportsPage(rc.w.doc, clinic_name="测试门诊")
    qtbot.addWidget(page)
    page.show()
    assert [s.key for s in page.specs] == [
        "worklist",
        "census",
        "dosing",
        "missed",
        "screens",
        "outreach",
        "mmt_month",
        "statistics",
    ]
    page.day.setDate(to_qdate(DAY))
    run(qtbot, page, "worklist")
    assert column(page, "number") == [n["A"], n["C"], n["B"], n["D"], n["E"]]
    assert page.model().headerData(0, Qt.Orientation.Horizontal) == "To do"
    run(qtbot, page, "census")
    assert page.tabs.count() == 2 and column(page, "active") == ["5"]
    assert column(page, "number", tab=1) == [n[k] for k in "ABCDE"]
    page.start.setDate(to_qdate(DAY0))
    page.end.setDate(to_qdate(DAY0 + timedelta(days=9)))
    run(qtbot, page, "dosing")
    assert column(page, "nurse") == ["Test nurse", "Test nurse2"]  # by name
    assert column(page, "doses") == ["15", "20"] and column(page, "mg") == ["390", "520"]
    model = page.model()
    assert model.rowCount() == 3 and model.is_totals(2) and model.text(2, "doses") == "35"
    run(qtbot, page, "missed")
    assert column(page, "missed", tab=1) == ["9", "3", "2", "1"]
    run(qtbot, page, "screens")
    assert column(page, "number") == [n[k] for k in "ABDE"]
    run(qtbot, page, "outreach")
    assert column(page, "phone") == ["13800138000", "13800138000"]
    assert column(page, "attempts") == ["2", "0"]
    assert page.contact_button.isVisible() and not page.contact_button.isEnabled()
    # log a contact attempt for the second row (D) from the report
    view = page.view()
    view.selectionModel().select(
        page.model().index(1, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert page.contact_button.isEnabled()
    dialog = page.contact_dialog()
    assert isinstance(dialog, ContactAttemptDialog) and dialog.patient.text() == n["D"]
    qtbot.addWidget(dialog)
    dialog.method.setCurrentIndex(dialog.method.findData("message"))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("message_left"))
    dialog.note.insert("已发短信")
    dialog.when.setDateTime(QDateTime(to_qdate(DAY), QTime(8, 5)))  # clinic time, Shanghai
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    run_again = page.ran_for
    page.ran_for = None
    run(qtbot, page, run_again or "outreach")
    assert column(page, "attempts") == ["2", "1"]
    assert column(page, "outcome")[1] == "已留言 Message left"
    assert column(page, "note")[1] == "已发短信"
    assert column(page, "last_attempt")[1] == f"{DAY} 08:05"
    # saved as Excel and PDF, read back
    xlsx = tmp_path / "outreach.xlsx"
    page.export_to(xlsx, "xlsx")
    qtbot.waitUntil(lambda: not busy() and page.last_export == xlsx, timeout=20000)
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    assert sheet["A1"].value == "失访随访 Outreach"
    assert [sheet.cell(5, 1).value, sheet.cell(6, 1).value] == [n["E"], n["D"]]
    assert sheet.cell(6, 7).value == 1  # attempts, a number
    pdf = tmp_path / "outreach.pdf"
    page.export_to(pdf, "pdf")
    qtbot.waitUntil(lambda: not busy() and page.last_export == pdf, timeout=20000)
    text = pdf_text(pdf)
    assert "失访随访" in text and n["E"] in text and "13800138000" in text
    assert "saved to" in page.message.text()


def test_the_pharmacist_reads_the_register_expiry_and_outreach_without_phones(
    qtbot, rc: ReportClinic, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = ReportsPage(rc.pharm)
    qtbot.addWidget(page)
    page.show()
    assert [s.key for s in page.specs] == ["register", "dosing", "outreach", "stock_expiry"]
    assert isinstance(page.register_page(), RegisterPage)
    page.day.setDate(to_qdate(DAY))
    page.within.setValue(30)
    run(qtbot, page, "stock_expiry")
    assert column(page, "lot") == ["L-EXP", "L-SOON"] and column(page, "days") == ["-5", "20"]
    assert page.model().headerData(2, Qt.Orientation.Horizontal) == "Lot"
    pdf = tmp_path / "expiry.pdf"
    page.export_to(pdf, "pdf")
    qtbot.waitUntil(lambda: not busy() and page.last_export == pdf, timeout=20000)
    text = pdf_text(pdf)
    assert "L-EXP" in text and "近效期及过期药品" in text and "已过期" in text
    run(qtbot, page, "outreach")
    assert column(page, "phone") == ["***", "***"]
    assert not page.contact_button.isVisible()


def test_a_nurse_sees_the_clinical_lists_but_neither_register_nor_worklist(
    qtbot, rc: ReportClinic
) -> None:  # type: ignore[no-untyped-def]
    page = ReportsPage(rc.w.nurse)
    qtbot.addWidget(page)
    assert [s.key for s in page.specs] == ["census", "dosing", "missed", "screens", "outreach"]
    page.show()
    page.day.setDate(to_qdate(DAY))
    page.start.setDate(to_qdate(DAY))
    page.end.setDate(to_qdate(DAY0))
    page.choose("dosing")
    page.run()
    qtbot.waitUntil(lambda: not busy() and page.message.isVisible(), timeout=20000)
    assert "ends before it starts" in page.message.text() and page.tables is None
