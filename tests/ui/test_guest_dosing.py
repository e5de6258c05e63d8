"""Guest dosing on real widgets: the physician orders it on the record (an overlap is refused in
place), ends it early; the home window's panel and queue say where the patient doses today."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableWidget

from clinic import administration
from clinic.dosing import guest
from clinic.ui.guest_forms import EndGuestDialog, GuestOrderDialog

from .conftest import when_shown
from .counter import Counter, open_window
from .test_patients import patients_page, type_in

GUEST_SITE = "东城延伸服药点 Dongcheng dosing point"


def _guest_site(c: Counter) -> int:
    admin = c.clinic.login("admin", c.passwords["admin"])
    return int(administration.add_site(admin, code="DC", name=GUEST_SITE).site_id)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_order_a_guest_period_refuse_an_overlap_and_end_it_early(qtbot, counter) -> None:
    c = counter
    site = _guest_site(c)
    pid = c.patient(dose="30")
    today = c.today()
    page = patients_page(qtbot, c.clinic, "physician", c.passwords["physician"])
    assert page.open_patient(pid)
    view = page.record_view
    seen: dict[str, object] = {}

    def order(dialog: GuestOrderDialog) -> None:
        dialog.site.setCurrentIndex(dialog.site.findData(site))
        dialog.starts.setDate(_qdate(today + timedelta(days=1)))
        dialog.ends.setDate(_qdate(today + timedelta(days=5)))
        type_in(qtbot, dialog.note, "探亲 visiting family")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(GuestOrderDialog, order)
    view.findChild(object, "newGuestOrder").click()
    table = view.guest_table
    assert isinstance(table, QTableWidget) and table.rowCount() == 1
    assert table.item(0, 0).text() == GUEST_SITE
    assert table.item(0, 1).text() == (today + timedelta(days=1)).isoformat()

    def overlap(dialog: GuestOrderDialog) -> None:
        dialog.at_clinic.setChecked(True)
        seen["site_off"] = not dialog.site.isEnabled() and dialog.clinic.isEnabled()
        type_in(qtbot, dialog.clinic, "海淀区美沙酮门诊")
        dialog.starts.setDate(_qdate(today + timedelta(days=4)))
        dialog.ends.setDate(_qdate(today + timedelta(days=8)))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["refusal"] = dialog.message.text()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    when_shown(GuestOrderDialog, overlap)
    view.findChild(object, "newGuestOrder").click()
    assert seen["site_off"] is True and seen["open"] is True
    assert "overlaps" in str(seen["refusal"]) or "重叠" in str(seen["refusal"])
    assert GUEST_SITE in str(seen["refusal"])

    def end(dialog: EndGuestDialog) -> None:
        dialog.home_from.setDate(_qdate(today + timedelta(days=3)))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused
        seen["no_reason"] = dialog.message.text()
        type_in(qtbot, dialog.reason, "came back early")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    table = view.guest_table
    assert isinstance(table, QTableWidget)
    table.selectRow(0)
    when_shown(EndGuestDialog, end)
    view.findChild(object, "endGuestOrder").click()
    assert seen["no_reason"]
    kept = guest.guest_orders(c.doc, patient_id=pid)
    assert [(g.last_day, g.end_reason) for g in kept] == [
        (today + timedelta(days=2), "came back early")
    ]
    table = view.guest_table
    assert isinstance(table, QTableWidget)
    assert "came back early" in table.item(0, 3).text()


def test_the_home_window_says_where_the_patient_doses_today(qtbot, counter) -> None:
    c = counter
    site = _guest_site(c)
    pid = c.patient(dose="30", name="外点病人")
    today = c.today()
    guest.order_guest_dosing(c.doc, patient_id=pid, starts_on=today, ends_on=today, site_id=site)
    number = c.number(pid)
    tab = open_window(qtbot, c)
    qtbot.keyClicks(tab.scan, number)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    refusal = tab.panel_view.refusal
    assert refusal.isVisible()
    assert f"Doses at {GUEST_SITE} today" in refusal.text() or "今日在" in refusal.text()
    assert not tab.panel_view.ready.isVisible()
    tab.refresh()
    texts = [tab.attended.item(i).text() for i in range(tab.attended.count())]
    assert any(number in t and GUEST_SITE in t for t in texts)
    waiting = [tab.to_attend.item(i).text() for i in range(tab.to_attend.count())]
    assert not any(number in t for t in waiting)
