"""The report to the national MMT data system from the patients page: refused in place without a
legal basis, then written; the patient's disclosure history shows it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt

from clinic.dosing import window
from clinic.patients import consent
from clinic.ui.mmt_forms import MmtExportDialog

from .conftest import when_shown
from .counter import Counter
from .test_patients import patients_page, type_in


def test_export_from_the_patients_page(qtbot, counter, tmp_path: Path) -> None:
    c: Counter = counter
    pid = c.patient(dose="30")
    window.record_dose(c.nurse, patient_id=pid, window_id=c.window_id)
    today = c.today()
    page = patients_page(qtbot, c.clinic, "physician", c.passwords["physician"])
    assert page.mmt_button.isVisible()
    target = tmp_path / "report.zip"
    seen: dict[str, object] = {}

    def fill(dialog: MmtExportDialog) -> None:
        day = QDate(today.year, today.month, today.day)
        dialog.since.setDate(day)
        dialog.until.setDate(day)
        dialog.target.setText(str(target))
        type_in(qtbot, dialog.passphrase, "a long passphrase")
        type_in(qtbot, dialog.again, "a long passphrase")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no legal basis
        seen["refusal"] = dialog.message.text()
        type_in(qtbot, dialog.basis, "戒毒药物维持治疗工作管理办法")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(MmtExportDialog, fill)
    page.mmt_button.click()
    assert "legal basis" in str(seen["refusal"]) or "法律依据" in str(seen["refusal"])
    assert target.exists()
    assert page.message.text().startswith(f"Patients reported: 1, in {target}.")
    (logged,) = consent.disclosure_history(c.doc, patient_id=pid)
    assert logged.legal_basis == "戒毒药物维持治疗工作管理办法"
