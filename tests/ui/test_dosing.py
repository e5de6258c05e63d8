"""The dosing window on real widgets: scan, Enter, Enter doses once and never twice; refusals
in red with nothing written; a void needs a witness; the daily log and bottle labels as PDFs."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from clinic import administration
from clinic.dosing import daylog, window
from clinic.patients import records
from clinic.ui.dosing_forms import PatientChoiceDialog, VoidDoseDialog

from .conftest import when_shown
from .counter import open_window


def test_scan_enter_enter_records_exactly_one_dose(qtbot, counter) -> None:
    c = counter
    pid = c.patient(dose="30")
    code = records.issue_card(c.nurse, patient_id=pid).code
    tab = open_window(qtbot, c)
    waiting = tab.to_attend.count()
    assert tab.to_attend_label.text() == f"To attend ({waiting})"

    qtbot.keyClicks(tab.scan, code)  # the scanner types the card's code...
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)  # ...and Enter: 1
    assert tab.panel is not None and tab.panel.patient_id == pid
    assert tab.panel_view.ready.isVisible()
    assert "30 mg" in tab.panel_view.amount.text() and "30 mL" in tab.panel_view.amount.text()
    assert not tab.panel_view.refusal.isVisible()
    assert tab.scan.hasFocus()

    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)  # Enter confirms: 2
    assert c.doses() == 1
    assert "Dose recorded" in tab.panel_view.result.text()
    assert tab.log_table.rowCount() == 1
    assert tab.log_table.item(0, 1).text() == c.number(pid)
    assert tab.attended.count() >= 1
    assert tab.to_attend.count() == waiting - 1
    assert tab.scan.hasFocus()

    # finding 6: success is green, not a red "already dosed" above a small green line
    assert tab.panel_view.result.isVisible() and not tab.panel_view.refusal.isVisible()
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)  # a second press: never twice
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert c.doses() == 1
    assert not tab.panel_view.refusal.isVisible()  # amber: nothing done, and why
    assert tab.panel_view.notice.isVisible()
    assert "Recorded already" in tab.panel_view.notice.text()
    assert tab.panel_view.result.isVisible()
    assert not tab.confirm_button.isEnabled()

    # scanning the card again does not re-arm it either: the panel itself refuses
    qtbot.keyClicks(tab.scan, code)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert c.doses() == 1
    assert tab.panel_view.refusal.isVisible() and not tab.panel_view.result.isVisible()
    assert "Already dosed today" in tab.panel_view.refusal.text()  # red on a second scan


def test_split_dose_needs_a_fresh_scan_for_the_next_slot(qtbot, counter) -> None:
    c = counter
    pid = c.patient(dose="35", slots_mg=("20", "15"))
    number = c.number(pid)
    tab = open_window(qtbot, c)
    qtbot.keyClicks(tab.scan, number)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert "dose 1 of 2" in tab.panel_view.amount.text()
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)  # a double press does not give slot 2
    assert c.doses() == 1
    assert "scan the card" in tab.panel_view.notice.text()
    qtbot.keyClicks(tab.scan, number)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert "dose 2 of 2" in tab.panel_view.amount.text()
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert c.doses() == 2


def test_patient_without_an_order_is_refused_in_red(qtbot, counter) -> None:
    c = counter
    pid = c.patient(dose=None)
    tab = open_window(qtbot, c)
    qtbot.keyClicks(tab.scan, c.number(pid))
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert tab.panel_view.refusal.isVisible()
    assert "No active dose order" in tab.panel_view.refusal.text()
    assert "physician" in tab.panel_view.refusal.text()
    assert "#c8102e" in tab.styleSheet()  # the refusal's red frame
    assert not tab.panel_view.ready.isVisible()
    assert not tab.confirm_button.isEnabled()
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert c.doses() == 0


def test_missed_five_days_needs_a_reinduction_order(qtbot, counter) -> None:
    c = counter
    real = datetime.now(UTC)
    c.clinic.db.clock = lambda: real - timedelta(days=8)
    try:
        pid = c.patient(dose="30", days_ago=0)
        window.record_dose(c.nurse, patient_id=pid, window_id=c.window_id)
    finally:
        c.clinic.db.clock = lambda: real
    assert c.doses() == 0  # that dose was on another day
    tab = open_window(qtbot, c)
    qtbot.keyClicks(tab.scan, c.number(pid))
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert tab.panel is not None and tab.panel.missed_days == 7
    assert "Missed days in a row: 7" in tab.panel_view.facts.text()
    assert "re-induction" in tab.panel_view.refusal.text()
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert c.doses() == 0


def test_unknown_number_says_so(qtbot, counter) -> None:
    tab = open_window(qtbot, counter)
    qtbot.keyClicks(tab.scan, "NO-SUCH-CARD")
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert tab.panel is None
    assert "No card with this code" in tab.message.text()


def test_a_typed_name_finds_the_patient_and_asks_which_when_several_match(qtbot, counter) -> None:
    c = counter
    first = c.patient(name="欧阳测一")
    second = c.patient(name="欧阳测二")
    tab = open_window(qtbot, c)
    # Chinese arrives through the input method as committed text (QTest types Latin-1 only)
    tab.scan.setText("欧阳测一")  # one match: its panel opens at once
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert tab.panel is not None and tab.panel.patient_id == first

    def pick_second(dialog) -> None:  # type: ignore[no-untyped-def]
        rows = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
        assert len(rows) == 2 and all("欧阳测" in row for row in rows)
        dialog.choices.setCurrentRow(1)
        qtbot.keyClick(dialog.choices, Qt.Key.Key_Return)

    when_shown(PatientChoiceDialog, pick_second)
    tab.scan.setText("欧阳测")  # two match: the nurse picks one
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert tab.panel is not None and tab.panel.patient_id == second
    assert c.doses() == 0  # finding a patient never doses

    tab.scan.setText("没有此人")
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert tab.panel is None and "No patient matches" in tab.message.text()


def test_void_needs_a_witness_and_the_line_stays_struck_through(qtbot, counter) -> None:
    c = counter
    pid = c.patient(dose="25")
    tab = open_window(qtbot, c)
    qtbot.keyClicks(tab.scan, c.number(pid))
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert c.doses() == 1
    tab.log_table.selectRow(0)
    line = tab.log_table.chosen()
    assert line is not None
    dialog = VoidDoseDialog(c.nurse, line, timezone="Asia/Shanghai", parent=tab)
    qtbot.addWidget(dialog)
    assert dialog.witness is not None
    qtbot.keyClicks(dialog.reason, "recorded for the wrong patient")
    dialog.save()
    assert dialog.result() != VoidDoseDialog.DialogCode.Accepted
    assert "witness" in dialog.message.text().lower()
    assert c.doses() == 1
    qtbot.keyClicks(dialog.witness.username, "pharmacist")
    qtbot.keyClicks(dialog.witness.password, c.passwords["pharmacist"])
    dialog.save()
    assert dialog.result() == VoidDoseDialog.DialogCode.Accepted
    tab.refresh()
    log = daylog.daily_log(c.nurse, window_id=c.window_id)
    assert log.doses_given == 0 and log.doses_voided == 1 and log.matches_ledger
    assert tab.log_table.rowCount() == 1
    assert tab.log_table.item(0, 1).font().strikeOut()
    assert "VOIDED" in tab.log_table.item(0, 7).text()
    # the slot is free again: the patient can be dosed correctly
    qtbot.keyClicks(tab.scan, c.number(pid))
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert c.doses() == 1


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (poppler-utils)")
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_daily_log_pdf_from_the_window(qtbot, counter, tmp_path) -> None:
    c = counter
    pid = c.patient(dose="28")
    tab = open_window(qtbot, c)
    number = c.number(pid)
    qtbot.keyClicks(tab.scan, number)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    target = tmp_path / "log.pdf"
    tab.export_log(str(target))
    # waits on this export's own message, not on every background job of the process (a job left
    # by an earlier test in this worker kept busy() true)
    qtbot.waitUntil(lambda: "saved" in tab.message.text() and target.exists(), timeout=20000)
    text = pdf_text(target)
    assert number in text
    assert "测试病人" not in text  # numbers only, never names
    assert "28 mL" in text
    assert "Totals by product" in text and "matches" in text
    assert "Dispensing nurse" in text
    assert "saved" in tab.message.text()


def test_take_home_labels_name_no_drug(counter, tmp_path) -> None:
    c = counter
    admin = c.clinic.login("admin", c.passwords["admin"])
    administration.update_setting(admin, key="take_home_max_days", value=3)
    pid = c.patient(dose="20", take_home_days=2)
    panel = window.open_for_dosing(c.nurse, patient_id=pid, window_id=c.window_id)
    assert panel.take_home_days >= 1
    ids = window.give_take_home(c.nurse, patient_id=pid, window_id=c.window_id, days=1)
    target = tmp_path / "labels.pdf"
    target.write_bytes(daylog.bottle_labels_pdf(c.nurse, dose_ids=ids))
    text = pdf_text(target)
    assert panel.patient_number in text
    assert "Keep out of reach of children" in text
    assert "20 mg" in text and "20 mL (1 mg/mL)" in text  # the strength, never the drug
    assert "methadone" not in text.lower() and "美沙酮" not in text


def test_the_daily_log_pdf_names_the_bottle_and_the_exceptions(counter, tmp_path) -> None:
    """The printed log says what was poured (product, strength, lot), the nurse's note, and a
    re-dose with who ordered it and that it was free."""
    c = counter
    pid = c.patient(dose="30")
    window.record_dose(
        c.nurse,
        patient_id=pid,
        window_id=c.window_id,
        note="自诉昨夜失眠",
    )
    window.record_exception_dose(
        c.nurse,
        patient_id=pid,
        window_id=c.window_id,
        kind="redose",
        reason="服药后呕吐",
        authoriser="physician",
        authoriser_password=c.passwords["physician"],
        charged=False,
    )
    target = tmp_path / "log.pdf"
    target.write_bytes(daylog.daily_log_pdf(c.nurse, window_id=c.window_id, clinic_name="示范"))
    text = " ".join(pdf_text(target).split())
    assert "盐酸美沙酮口服溶液 1" in text and "mg/mL (T-UI-1)" in text  # wrapped in its cell
    assert "自诉昨夜失眠" in text
    assert "补服 re-dose" in text and "服药后呕吐" in text and "not charged" in text


def test_a_panel_left_open_is_shown_again_before_it_can_dose(qtbot, counter, monkeypatch) -> None:
    from clinic.ui import dosing_page

    c = counter
    pid = c.patient()
    tab = open_window(qtbot, c)
    qtbot.keyClicks(tab.scan, c.number(pid))
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    monkeypatch.setattr(dosing_page, "ARMED_SECONDS", -1)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert c.doses() == 0
    assert "check it again" in tab.message.text()
    monkeypatch.setattr(dosing_page, "ARMED_SECONDS", 120)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert c.doses() == 1
