"""Numbers as people type them, on real widgets (issue 13, findings 7 and 10): a patient number
completed at the dosing window and in the patients page's search; the format shown when nothing
matches; the QTc field; the administrator's list of records that share an ID number.

qtbot.keyClicks cannot type full-width characters, so an input method's committed text arrives
through QLineEdit.insert, as in test_patients.type_in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from clinic.patients import records
from clinic.storage.models import Patient
from clinic.storage.uow import UnitOfWork
from clinic.ui.order_form import OrderDialog
from clinic.ui.patients_page import PatientsPage
from clinic.ui.settings_page import SettingsPage

from .conftest import sign_in
from .counter import Counter, open_window

FULL_WIDTH = str.maketrans("0123456789Pp", "０１２３４５６７８９Ｐｐ")


def enter(qtbot, field: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """TEXT into FIELD as it arrives (keys for ASCII, committed text otherwise), then Enter."""
    field.clear()
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        field.insert(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_dosing_window_completes_a_typed_patient_number(qtbot, counter: Counter) -> None:
    c = counter
    c.patient(name="第一病人")
    pid = c.patient(name="第二病人")
    number = c.number(pid)
    serial = int(number[1:])
    tab = open_window(qtbot, c)
    for text in (
        str(serial),
        f"{serial:06d}",
        f"p{serial}",
        f"P{serial}".translate(FULL_WIDTH),  # "Ｐ２", as a Chinese input method commits it
        str(serial).translate(FULL_WIDTH),
    ):
        enter(qtbot, tab.scan, text)
        assert tab.panel is not None and tab.panel.patient_number == number, text
        assert tab.panel.patient_id == pid and tab.message.text() == ""
        assert tab.scan.hasFocus()

    enter(qtbot, tab.scan, "99")
    assert tab.panel is None
    assert "No patient P000099" in tab.message.text() and "P000123" in tab.message.text()
    enter(qtbot, tab.scan, "٢")  # an Arabic-Indic two: refused, not read as 2
    assert tab.panel is None and "0-9" in tab.message.text()
    assert c.doses() == 0


def test_the_patients_page_opens_a_completed_number(qtbot, counter: Counter) -> None:
    c = counter
    pid = c.patient(name="第三病人")
    number = c.number(pid)
    window = sign_in(qtbot, c.clinic, "physician", c.passwords["physician"])
    window.show_page("patients")
    page = window.page("patients")
    assert isinstance(page, PatientsPage)
    for text in (f"p{int(number[1:])}", f"P{int(number[1:])}".translate(FULL_WIDTH)):
        page.show_list()
        enter(qtbot, page.search, text)
        assert page.stack.currentWidget() is page.record_view, page.message.text()
        assert page.record_view.record is not None
        assert page.record_view.record.patient_number == number
    page.show_list()
    enter(qtbot, page.search, "P99")
    assert page.stack.currentWidget() is not page.record_view
    assert "P000123" in page.message.text()


def test_the_qtc_field_takes_whole_milliseconds_only(qtbot, counter: Counter) -> None:
    c = counter
    pid = c.patient(dose="30")
    record = records.open_patient(c.doc, patient_id=pid)
    dialog = OrderDialog(c.doc, record)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.product.setCurrentIndex(dialog.product.findData(c.methadone))
    dialog.dose.insert("30")
    before = len(records.open_patient(c.doc, patient_id=pid).orders)
    for bad in ("2_5", "1e3", "NaN", "Infinity", "٤٣٠", "430.5"):
        dialog.qtc.clear()
        dialog.qtc.insert(bad)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible(), bad
        assert "QTc" in dialog.message.text(), (bad, dialog.message.text())
    assert len(records.open_patient(c.doc, patient_id=pid).orders) == before
    dialog.qtc.clear()
    dialog.qtc.insert("４３０")
    assert dialog.request().ecg_qtc_ms == 430


def test_the_administrator_sees_records_that_share_an_id_number(qtbot, counter: Counter) -> None:
    c = counter
    first, second = c.patient(dose=None), c.patient(dose=None)
    with UnitOfWork(c.clinic.db) as uow:
        kept = uow.session.get(Patient, first)
        copy = uow.session.get(Patient, second)
        assert kept is not None and copy is not None
        # the second record as the old checks kept it: the first's ID number in full-width digits
        copy.national_id = kept.national_id.translate(FULL_WIDTH)
        copy.national_id_index = c.clinic.db.cipher.blind_index(copy.national_id, "national_id")
        uow.commit()
    window = sign_in(qtbot, c.clinic, "admin", c.passwords["admin"])
    window.show_page("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    assert page.shared_box.isVisible()
    listed = page.shared_list.text()
    assert c.number(first) in listed and c.number(second) in listed
    assert listed.count("In treatment") == 2 and "registered" in listed
    assert page.shared_note.isVisible() and "never merges" in page.shared_note.text()
