"""HIV, HCV and syphilis results in the patient's history: the physician records one through the
form and sees it; the nurse's history has no such tab."""

from __future__ import annotations

from PySide6.QtCore import Qt

from clinic.ui.history_dialog import InfectionTestDialog, PatientHistoryDialog

from .conftest import when_shown
from .counter import Counter


def test_the_physician_records_a_result_and_the_nurse_does_not_see_them(qtbot, counter) -> None:
    c: Counter = counter
    pid = c.patient(dose="30")
    dialog = PatientHistoryDialog(c.doc, pid, "P-1")
    qtbot.addWidget(dialog)
    assert dialog.infections is not None and dialog.infections.rowCount() == 0

    def record(form: InfectionTestDialog) -> None:
        form.test_choice.setCurrentIndex(form.test_choice.findData("hcv"))
        form.result_choice.setCurrentIndex(form.result_choice.findData("positive"))
        form.stage_choice.setCurrentIndex(form.stage_choice.findData("enrolment"))
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)

    when_shown(InfectionTestDialog, record)
    dialog.findChild(object, "recordInfectionTest").click()
    assert dialog.infections.rowCount() == 1
    assert [r.result for r in dialog.infection_lines] == ["positive"]
    assert dialog.infections.item(0, 0).text() == c.today().isoformat()

    nurse_view = PatientHistoryDialog(c.nurse, pid, "P-1")
    qtbot.addWidget(nurse_view)
    assert nurse_view.infections is None
    assert nurse_view.tabs.count() == 2
