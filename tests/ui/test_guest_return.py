"""Back from another clinic, on real widgets: the nurse's window refuses for the days away; the
physician records the other clinic's last dose on the record (a day outside the period refused in
place); the record shows it and the window doses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QGroupBox, QTableWidget

from clinic.dosing import guest, window
from clinic.ui.guest_forms import GuestReturnDialog

from .conftest import when_shown
from .counter import open_window
from .test_patients import patients_page, type_in

AWAY = "海淀区美沙酮维持治疗门诊"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_record_the_last_dose_at_the_other_clinic_and_the_window_doses(
    qtbot, counter, tmp_path: Path
) -> None:
    c = counter
    real = datetime.now(UTC)
    c.clinic.db.clock = lambda: real - timedelta(days=9)
    try:
        pid = c.patient(dose="30", name="外院归来")
        window.record_dose(c.nurse, patient_id=pid, window_id=c.window_id)
        start = c.today() + timedelta(days=1)
        guest.order_guest_dosing(
            c.doc,
            patient_id=pid,
            starts_on=start,
            ends_on=start + timedelta(days=7),
            other_clinic=AWAY,
        )
    finally:
        c.clinic.db.clock = lambda: real
    today = c.today()
    assert window.open_for_dosing(c.nurse, patient_id=pid, window_id=c.window_id).missed_days == 8

    page = patients_page(qtbot, c.clinic, "physician", c.passwords["physician"])
    assert page.open_patient(pid)
    view = page.record_view
    button = view.findChild(object, "guestReturn")
    assert button.isVisible() and button.isEnabled()
    table = view.guest_table
    assert isinstance(table, QTableWidget) and table.item(0, 6).text() == ""
    table.selectRow(0)
    seen: dict[str, object] = {}

    def record(dialog: GuestReturnDialog) -> None:
        seen["default"] = dialog.last_dose.date() == _qdate(today - timedelta(days=1))
        dialog.last_dose.setDate(_qdate(today))  # the day after the period: refused in place
        type_in(qtbot, dialog.reference, "海淀函 12")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["refusal"] = dialog.message.text()
        seen["open"] = dialog.isVisible()
        dialog.grab().save(str(tmp_path / "guest_return_dialog.png"))
        dialog.last_dose.setDate(_qdate(today - timedelta(days=1)))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(GuestReturnDialog, record)
    button.click()
    assert seen["default"] is True and seen["open"] is True
    assert "not a guest day" in str(seen["refusal"]) or "不在" in str(seen["refusal"])
    table = view.guest_table
    assert isinstance(table, QTableWidget)
    assert table.item(0, 6).text() == f"{today - timedelta(days=1)} (海淀函 12)"
    assert not view.findChild(object, "guestReturn").isEnabled()  # once per period
    kept = guest.guest_orders(c.doc, patient_id=pid)
    assert [g.last_dose_there for g in kept] == [today - timedelta(days=1)]

    tab = open_window(qtbot, c)
    qtbot.keyClicks(tab.scan, c.number(pid))
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert tab.panel is not None and tab.panel.missed_days == 0 and tab.panel.can_dose


def test_the_guest_box_and_the_form_speak_chinese(qtbot, counter, tmp_path: Path) -> None:
    from clinic.ui.i18n import languages

    c = counter
    real = datetime.now(UTC)
    c.clinic.db.clock = lambda: real - timedelta(days=5)
    try:
        pid = c.patient(dose="30", name="外院归来")
        start = c.today() + timedelta(days=1)
        ordered = guest.order_guest_dosing(
            c.doc,
            patient_id=pid,
            starts_on=start,
            ends_on=start + timedelta(days=2),
            other_clinic=AWAY,
        )
    finally:
        c.clinic.db.clock = lambda: real
    languages.apply("zh_CN")
    dialog = GuestReturnDialog(c.doc, ordered)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "外院末次服药" and dialog.ok_button.text() == "记录末次服药"
    dialog.grab().save(str(tmp_path / "guest_return_dialog_zh.png"))
    dialog.reject()
    guest.record_guest_return(
        c.doc, guest_id=ordered.guest_id, last_dose_on=start + timedelta(days=2), reference="电话"
    )
    page = patients_page(qtbot, c.clinic, "physician", c.passwords["physician"])
    languages.apply("zh_CN")  # signing in applied the user's language
    assert page.open_patient(pid)
    box = page.record_view.findChild(QGroupBox, "guestBox")
    table = page.record_view.guest_table
    assert isinstance(table, QTableWidget)
    assert table.horizontalHeaderItem(6).text() == "外院末次服药（已确认）"
    assert page.record_view.findChild(object, "guestReturn").text() == "外院末次服药…"
    box.grab().save(str(tmp_path / "guest_box_zh.png"))
    table.selectRow(0)
    page.record_view.record_guest_return()  # once per period: said, no form
    assert "已记录在 海淀区美沙酮维持治疗门诊 的末次服药" in page.record_view.notice.text()


def test_void_a_wrong_last_dose_beside_it_and_record_the_right_one(
    qtbot, counter, tmp_path: Path
) -> None:
    """The return recorded as the last guest day let the window dose; the physician voids it
    from the guest box (a reason is asked, refused in place without one) and records the right
    day in the same form: the box keeps the voided row greyed with why, and the window refuses
    again for the days missed since the right day."""
    from PySide6.QtWidgets import QPushButton, QScrollArea

    from clinic.ui.guest_forms import VoidGuestReturnDialog

    c = counter
    real = datetime.now(UTC)
    c.clinic.db.clock = lambda: real - timedelta(days=9)
    try:
        pid = c.patient(dose="30", name="外院更正")
        window.record_dose(c.nurse, patient_id=pid, window_id=c.window_id)
        start = c.today() + timedelta(days=1)
        ordered = guest.order_guest_dosing(
            c.doc,
            patient_id=pid,
            starts_on=start,
            ends_on=start + timedelta(days=7),
            other_clinic=AWAY,
        )
    finally:
        c.clinic.db.clock = lambda: real
    today = c.today()
    wrong = guest.record_guest_return(
        c.doc, guest_id=ordered.guest_id, last_dose_on=today - timedelta(days=1), reference="函 12"
    ).return_id
    assert window.open_for_dosing(c.nurse, patient_id=pid, window_id=c.window_id).can_dose

    page = patients_page(qtbot, c.clinic, "physician", c.passwords["physician"])
    main = page.window()
    main.resize(1366, 768)
    assert page.open_patient(pid)
    view = page.record_view
    button = view.findChild(QPushButton, f"voidGuestReturn{wrong}")
    assert button is not None and button.isVisible() and button.text() == "Void…"
    box = view.findChild(QGroupBox, "guestBox")
    box.grab().save(str(tmp_path / "guest_box_before_void.png"))
    right = start + timedelta(days=3)
    seen: dict[str, object] = {}

    def void(dialog: VoidGuestReturnDialog) -> None:
        seen["dates_off"] = not dialog.last_dose.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused
        seen["refusal"] = dialog.message.text()
        seen["open"] = dialog.isVisible()
        type_in(qtbot, dialog.reason, "外院更正日期 corrected by the other clinic")
        dialog.replace.setChecked(True)
        dialog.last_dose.setDate(_qdate(right))
        type_in(qtbot, dialog.reference, "海淀函 13")
        dialog.grab().save(str(tmp_path / "guest_return_void_dialog.png"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(VoidGuestReturnDialog, void)
    button.click()
    assert seen["dates_off"] is True and seen["open"] is True
    assert "Give the reason for voiding" in str(seen["refusal"])
    table = view.guest_returns_table
    assert table.rowCount() == 2
    assert table.item(0, 1).text() == str(today - timedelta(days=1))
    assert table.item(0, 4).text().startswith("voided by 陈医师 (demo), ")
    assert "corrected by the other clinic" in table.item(0, 4).text()
    assert table.item(0, 4).foreground().color().name() == "#8a8f96"  # greyed
    assert table.cellWidget(0, 5) is None  # a voided row has nothing left to void
    assert (table.item(1, 1).text(), table.item(1, 4).text()) == (str(right), "in force")
    assert view.guest_table.item(0, 6).text() == f"{right} (海淀函 13)"
    after = view.findChild(QGroupBox, "guestBox")
    area = view.findChild(QScrollArea)
    assert area is not None
    area.ensureWidgetVisible(after, 0, 0)
    qtbot.wait(50)
    main.grab().save(str(tmp_path / "patient_record_after_void_1366x768.png"))
    after.grab().save(str(tmp_path / "guest_box_after_void.png"))
    panel = window.open_for_dosing(c.nurse, patient_id=pid, window_id=c.window_id)
    assert panel.missed_days == (today - right).days - 1


def test_the_void_form_speaks_chinese(qtbot, counter, tmp_path: Path) -> None:
    from clinic.patients.records import open_patient
    from clinic.ui.guest_forms import VoidGuestReturnDialog
    from clinic.ui.i18n import languages

    c = counter
    real = datetime.now(UTC)
    c.clinic.db.clock = lambda: real - timedelta(days=5)
    try:
        pid = c.patient(dose="30", name="外院更正")
        start = c.today() + timedelta(days=1)
        ordered = guest.order_guest_dosing(
            c.doc,
            patient_id=pid,
            starts_on=start,
            ends_on=start + timedelta(days=2),
            other_clinic=AWAY,
        )
    finally:
        c.clinic.db.clock = lambda: real
    guest.record_guest_return(
        c.doc, guest_id=ordered.guest_id, last_dose_on=start + timedelta(days=2), reference="电话"
    )
    record = open_patient(c.doc, patient_id=pid)
    languages.apply("zh_CN")
    dialog = VoidGuestReturnDialog(c.doc, record.guest_returns[0], record.guest_orders[0])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "作废外院末次服药" and dialog.ok_button.text() == "作废"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "请填写作废原因" in dialog.message.text()
    dialog.grab().save(str(tmp_path / "guest_return_void_dialog_zh.png"))
    dialog.reject()
