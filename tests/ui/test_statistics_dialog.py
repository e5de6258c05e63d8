"""The statistics release dialog on real widgets: the month's tables previewed with small cells
marked, refused in place without a purpose, then released to Excel and PDF and recorded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt

from clinic.analytics import deidentified
from clinic.analytics.suppression import MARK
from clinic.dosing import window
from clinic.ui.statistics_dialog import StatisticsDialog

from .counter import Counter
from .test_patients import type_in


def test_preview_refusal_and_release(qtbot, counter, tmp_path: Path) -> None:
    c: Counter = counter
    pid = c.patient(dose="30")  # one patient: every count of them is a small cell
    window.record_dose(c.nurse, patient_id=pid, window_id=c.window_id)
    today = c.today()
    admin = c.clinic.login("admin", c.passwords["admin"])
    dialog = StatisticsDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.month.setDate(QDate(today.year, today.month, 1))
    assert dialog.preview.count() == len(deidentified.BREAKDOWNS)
    sex = dialog.preview.widget(0)
    shown = [
        sex.item(r, col).text() for r in range(sex.rowCount()) for col in range(sex.columnCount())
    ]
    assert MARK in shown and "1" not in shown
    out = tmp_path / "out"
    out.mkdir()
    dialog.target.setText(str(out / "stats"))
    type_in(qtbot, dialog.recipient, "区疾控中心 CDC")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no purpose
    assert "purpose" in dialog.message.text().lower() or "用途" in dialog.message.text()
    assert dialog.focusWidget() is dialog.purpose
    assert dialog.isVisible() and not list(out.iterdir())
    type_in(qtbot, dialog.purpose, "月度统计 monthly")
    dialog.pdf.setChecked(False)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.outcome.files == (out / "stats.xlsx",)
    assert [p.name for p in out.iterdir()] == ["stats.xlsx"]
    (logged,) = deidentified.statistics_releases(admin)
    assert (logged.recipient, logged.purpose) == ("区疾控中心 CDC", "月度统计 monthly")
