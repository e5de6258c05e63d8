"""The patient record's dose and screen history, opened from the record as staff open it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from clinic.patients import records
from clinic.ui.history_dialog import PatientHistoryDialog

from .conftest import when_shown
from .test_patients import patients_page


def _dosed_patient(clinic, passwords) -> int:  # type: ignore[no-untyped-def]
    physician = clinic.login("physician", passwords["physician"])
    active = records.list_patients(physician, status="active", limit=50)
    return int(active[0].patient_id)


def test_the_history_shows_the_demo_patients_doses_and_screens(qtbot, demo) -> None:
    clinic, passwords = demo
    pid = _dosed_patient(clinic, passwords)
    page = patients_page(qtbot, clinic, "nurse", passwords["nurse"])
    assert page.open_patient(pid)
    view = page.record_view
    assert view.history_button.isVisible()
    seen: dict[str, object] = {}

    def look(dialog: PatientHistoryDialog) -> None:
        seen["doses"] = dialog.doses.rowCount()
        seen["first_day"] = dialog.doses.item(0, 0).text()
        seen["kinds"] = {dialog.doses.item(r, 4).text() for r in range(dialog.doses.rowCount())}
        seen["message"] = dialog.findChild(QLabel, "historyMessage").text()
        seen["lines"] = len(dialog.dose_lines)
        seen["screens"] = dialog.screens.rowCount() == len(dialog.screen_lines)
        dialog.reject()

    when_shown(PatientHistoryDialog, look)
    view.history_button.click()
    assert isinstance(seen["doses"], int) and seen["doses"] > 5
    assert seen["doses"] == seen["lines"] and seen["screens"] is True
    assert "observed" in seen["kinds"]  # type: ignore[operator]
    assert "given in the period" in str(seen["message"])


def test_a_clerk_has_no_history_button(qtbot, demo) -> None:
    clinic, passwords = demo
    pid = _dosed_patient(clinic, passwords)
    page = patients_page(qtbot, clinic, "clerk", passwords["clerk"])
    assert page.open_patient(pid)
    assert not page.record_view.history_button.isVisible()
