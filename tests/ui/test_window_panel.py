"""The dosing window's panel on real widgets, for the findings of the dose-gate issue: the dwell
guard, a closed day refused before Enter, the bottle named with its strength, the take-home
button of a refused patient, green for done, the window's size at 1366×768, exceptions, flags,
a patient open at another window, and a payment above what is owed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clinic import administration
from clinic.dosing import daylog, flags, marks, window
from clinic.errors import NeedsConfirmation
from clinic.insurance import patient_fees
from clinic.inventory import catalogue, reconcile, stock
from clinic.ui.dosing_forms import ExceptionDoseDialog, FlagDialog
from clinic.ui.dosing_page import WindowTab
from clinic.ui.fee_forms import PaymentDialog
from clinic.ui.patient_common import clinic_today

from .conftest import when_shown
from .counter import Counter, open_window

SCREEN = (1366, 705)  # a maximised window's client area on a 1366×768 screen


def _admin(c: Counter):  # type: ignore[no-untyped-def]
    return c.clinic.login("admin", c.passwords["admin"])


def _scan(qtbot, tab: WindowTab, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(tab.scan, text)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)


def _enter(qtbot, tab: WindowTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)


def test_enter_inside_the_dwell_time_is_ignored_then_one_dose_after_it(qtbot, counter) -> None:
    """Finding 5: Enter, Enter 20 ms apart recorded a dose nobody looked at."""
    c = counter
    administration.update_setting(_admin(c), key="dose_dwell_ms", value=600, reason="default")
    pid = c.patient(dose="30")
    tab = open_window(qtbot, c)
    _scan(qtbot, tab, c.number(pid))  # the scanner's code and Enter...
    assert tab.panel is not None and tab.panel.dwell_ms == 600
    _enter(qtbot, tab)  # ...and its second Enter, a few ms later
    qtbot.wait(20)
    _enter(qtbot, tab)
    assert c.doses() == 0
    assert tab.panel_view.notice.isVisible() and "0.6 s" in tab.panel_view.notice.text()
    assert not tab.panel_view.refusal.isVisible()  # amber, not red: nothing is wrong
    assert tab.panel_view.ready.isVisible()  # still ready, once the photo has been looked at
    qtbot.wait(650)
    _enter(qtbot, tab)
    _enter(qtbot, tab)  # a double press after the dwell: still one dose
    assert c.doses() == 1
    assert tab.panel_view.result.isVisible()


def test_the_dwell_counts_from_each_panel_shown(qtbot, counter) -> None:
    c = counter
    administration.update_setting(_admin(c), key="dose_dwell_ms", value=400, reason="t")
    first, second = c.patient(dose="30"), c.patient(dose="25")
    tab = open_window(qtbot, c)
    _scan(qtbot, tab, c.number(first))
    qtbot.wait(450)
    _scan(qtbot, tab, c.number(second))  # another patient: their photo has not been seen yet
    _enter(qtbot, tab)
    assert c.doses() == 0
    qtbot.wait(450)
    _enter(qtbot, tab)
    log = daylog.daily_log(c.nurse, window_id=c.window_id)
    assert [line.patient_number for line in log.lines] == [c.number(second)]


def test_a_closed_day_is_refused_before_enter(qtbot, counter) -> None:
    """Finding 4: the panel showed green "ready", and only Enter said the day was closed."""
    c = counter
    pid = c.patient(dose="30")
    pharmacist = c.clinic.login("pharmacist", c.passwords["pharmacist"])
    sheet = reconcile.count_sheet(pharmacist, window_id=c.window_id, product_id=c.methadone)
    count = {"window_id": c.window_id, "product_id": c.methadone, "counted": str(sheet.expected)}
    try:
        reconcile.record_count(pharmacist, **count)  # type: ignore[arg-type]
    except NeedsConfirmation as asked:  # patients waiting (this one), or inside dosing hours
        waiting = int(str(asked.details["waiting"]))
        assert waiting >= 1
        reconcile.record_count(pharmacist, confirm_waiting=waiting, **count)  # type: ignore[arg-type]
    tab = open_window(qtbot, c)
    _scan(qtbot, tab, c.number(pid))
    assert tab.panel_view.refusal.isVisible()
    assert "closed for today" in tab.panel_view.refusal.text()
    assert not tab.panel_view.ready.isVisible() and not tab.confirm_button.isEnabled()
    _enter(qtbot, tab)
    assert c.doses() == 0


def _second_strength(c: Counter) -> int:
    """Methadone 0.5 mg/mL at the counter's window too (the demo stocks both strengths)."""
    pharmacist = c.clinic.login("pharmacist", c.passwords["pharmacist"])
    half = next(
        p
        for p in catalogue.list_products(pharmacist)
        if p.unit == "mL" and str(p.mg_per_unit) in ("0.5", "0.50")
    )
    safe = next(
        p for p in stock.list_places(pharmacist, kinds=("safe",)) if p.name.startswith("测试")
    )
    witness = {"witness": "nurse", "witness_password": c.passwords["nurse"]}
    for lot in ("T-HALF-1", "T-HALF-2"):  # each issue takes the safe's earliest expiry
        stock.receive(
            pharmacist,
            product_id=half.product_id,
            lot_number=lot,
            expiry_date=clinic_today(pharmacist)
            + timedelta(days=500 if lot.endswith("1") else 300),
            manufacturer="示范制药",
            supplier="示范医药",
            safe_id=safe.location_id,
            expected="500",
            received="500",
            quality_condition="包装完好 intact",
            acceptance="accepted",
            delivery_note=lot,
            **witness,
        )
        stock.issue_to_window(
            pharmacist,
            product_id=half.product_id,
            safe_id=safe.location_id,
            window_id=c.window_id,
            quantity="200",
            **witness,
        )
    return half.product_id


def test_the_panel_names_the_product_and_the_strength(qtbot, counter) -> None:
    """Finding 3: "60 mg = 120 mL" without the bottle; a nurse pouring from the other bottle
    gives double or half."""
    c = counter
    half = _second_strength(c)
    one = c.patient(dose="30")
    other = c.patient(dose="30", product_id=half)
    tab = open_window(qtbot, c)
    _scan(qtbot, tab, c.number(one))
    bottle = tab.panel_view.bottle
    assert bottle.isVisible()
    assert "盐酸美沙酮口服溶液 1 mg/mL · 30 mL" in bottle.text()
    assert marks.strength_mark(Decimal(1)).glyph in bottle.text()  # ● for 1 mg/mL
    assert "lot" not in bottle.text()  # one lot of it at this window: nothing to choose
    _scan(qtbot, tab, c.number(other))
    assert "0.5 mg/mL · 60 mL" in tab.panel_view.bottle.text()
    assert "30 mg  =  60 mL" in tab.panel_view.amount.text()
    half_mark = marks.strength_mark(Decimal("0.5"))
    assert half_mark.glyph in tab.panel_view.bottle.text()
    assert half_mark.colour in tab.panel_view.bottle.text()
    assert half_mark != marks.strength_mark(
        Decimal(1)
    )  # another shape and colour for another strength
    assert "lot T-HALF-2" in tab.panel_view.bottle.text()  # two lots here: the earliest expiry
    tab.opened_at -= 5
    _enter(qtbot, tab)
    assert "0.5 mg/mL" in tab.panel_view.result.text()
    cell = tab.log_table.item(0, 5)  # the window's table names the bottle too, in its colour
    assert "0.5 mg/mL" in cell.text() and "T-HALF-2" in cell.text()
    assert cell.foreground().color() == QColor(half_mark.colour)


def test_the_take_home_button_follows_the_gate(qtbot, counter) -> None:
    """Finding 1: a patient refused for 17 missed days was still given 3 take-home doses."""
    c = counter
    administration.update_setting(_admin(c), key="take_home_max_days", value=3, reason="t")
    real = datetime.now(UTC)
    c.clinic.db.clock = lambda: real - timedelta(days=8)
    try:
        away = c.patient(dose="30", take_home_days=2)
        window.record_dose(c.nurse, patient_id=away, window_id=c.window_id)
    finally:
        c.clinic.db.clock = lambda: real
    steady = c.patient(dose="30", take_home_days=2)
    window.record_dose(c.nurse, patient_id=steady, window_id=c.window_id)
    tab = open_window(qtbot, c)
    _scan(qtbot, tab, c.number(steady))  # dosed today, bottles for the days ahead allowed
    assert tab.take_home_button.isEnabled()
    _scan(qtbot, tab, c.number(away))
    assert "re-induction" in tab.panel_view.refusal.text()
    assert not tab.take_home_button.isEnabled()


def test_the_window_fits_1366x768_and_never_grows(qtbot, counter) -> None:
    """Finding 11: it opened at 1100×720, grew after a dose, and was taller than the screen."""
    c = counter
    pid = c.patient(dose="30")
    tab = open_window(qtbot, c)
    main = tab.window()
    main.resize(*SCREEN)
    qtbot.wait(10)
    assert main.minimumSizeHint().height() <= SCREEN[1]
    _scan(qtbot, tab, c.number(pid))
    for _ in range(3):  # warnings, a refusal and a result at once still fit
        flags.raise_flag(c.doc, patient_id=pid, level="warning", text="步态不稳，请留意 " * 4)
    _scan(qtbot, tab, c.number(pid))
    _enter(qtbot, tab)
    qtbot.wait(10)
    assert c.doses() == 1
    assert (main.width(), main.height()) == SCREEN
    assert main.minimumSizeHint().height() <= SCREEN[1]
    panel = tab.panel_view
    photo_right = panel.photo.mapTo(panel, panel.photo.rect().topRight()).x()
    for banner in (panel.result, panel.warnings):  # beside the photo: no banner covers it
        assert banner.isVisible()
        assert banner.mapTo(panel, banner.rect().topLeft()).x() > photo_right
    assert tab.to_attend_label.isVisible() and tab.attended_label.isVisible()


def test_the_main_window_opens_maximised_the_first_time(qtbot, counter) -> None:
    c = counter
    tab = open_window(qtbot, c)
    main = tab.window()
    assert not main.restored  # no geometry kept yet in this test's settings
    main.show_for_work()
    qtbot.waitUntil(lambda: main.isMaximized())


def test_a_redose_at_the_window_needs_the_physician_and_is_listed(qtbot, counter) -> None:
    c = counter
    pid = c.patient(dose="30")
    window.record_dose(c.nurse, patient_id=pid, window_id=c.window_id)
    tab = open_window(qtbot, c)
    _scan(qtbot, tab, c.number(pid))
    assert tab.exception_button.isEnabled()
    seen: dict[str, str] = {}

    def fill(dialog: ExceptionDoseDialog) -> None:
        assert dialog.witness is not None
        seen["title"] = dialog.witness.title()
        dialog.reason.setText("服药后 10 分钟呕吐 vomited")
        dialog.witness.username.setText("pharmacist")  # not a physician
        dialog.witness.password.setText(c.passwords["pharmacist"])
        dialog.save()
        seen["refused"] = dialog.message.text()
        dialog.witness.username.setText("physician")
        dialog.witness.password.setText(c.passwords["physician"])
        dialog.save()

    when_shown(ExceptionDoseDialog, fill)  # type: ignore[arg-type]
    tab.exception_button.click()
    assert "physician" in seen["title"]
    assert "physician" in seen["refused"]
    log = daylog.daily_log(c.nurse, window_id=c.window_id)
    assert len(log.exceptions) == 1 and not log.exceptions[0].charged
    assert tab.panel_view.result.isVisible() and "Dose recorded" in tab.panel_view.result.text()
    assert not tab.panel_view.refusal.isVisible()
    notes = [tab.log_table.item(row, 7).text() for row in range(tab.log_table.rowCount())]
    assert any("re-dose: 服药后 10 分钟呕吐 vomited" in n and "not charged" in n for n in notes)
    assert "Exceptions: 1." in tab.totals.text()


def test_a_stop_flag_raised_at_the_window_refuses_at_once(qtbot, counter) -> None:
    c = counter
    pid = c.patient(dose="30")
    tab = open_window(qtbot, c)
    _scan(qtbot, tab, c.number(pid))
    assert tab.confirm_button.isEnabled()

    def fill(dialog: FlagDialog) -> None:
        dialog.level.setCurrentIndex(dialog.level.findData("stop_dose"))
        dialog.text.setText("前台观察：疑似醉酒 appears intoxicated")
        dialog.save()

    when_shown(FlagDialog, fill)  # type: ignore[arg-type]
    tab.flag_button.click()
    assert tab.panel_view.refusal.isVisible()
    assert "Stop dose: 前台观察：疑似醉酒" in tab.panel_view.refusal.text()
    assert not tab.confirm_button.isEnabled() and not tab.take_home_button.isEnabled()
    _enter(qtbot, tab)
    assert c.doses() == 0
    (flag,) = flags.patient_flags(c.doc, patient_id=pid)
    flags.clear_flag(c.doc, flag_id=flag.flag_id, reason="seen, sober")
    _scan(qtbot, tab, c.number(pid))
    _enter(qtbot, tab)
    assert c.doses() == 1


def test_a_patient_open_at_another_window_says_so_in_the_queue(qtbot, counter) -> None:
    c = counter
    pid = c.patient(dose="30")
    pharmacist = c.clinic.login("pharmacist", c.passwords["pharmacist"])
    site = administration.list_sites(pharmacist)[0].code
    other = stock.add_place(pharmacist, site_code=site, kind="window", name="二号窗口 Window 2")
    colleague = c.clinic.login("nurse", c.passwords["nurse"])
    tab = open_window(qtbot, c)

    def entry() -> str:
        for row in range(tab.to_attend.count()):
            item = tab.to_attend.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == pid:
                return item.text()
        raise AssertionError("the patient is not in the queue")

    assert "at " not in entry()
    window.open_for_dosing(colleague, patient_id=pid, window_id=other.location_id)
    tab.refresh()
    assert "— at 二号窗口 Window 2" in entry()


def test_a_payment_above_what_is_owed_asks_naming_both(qtbot, counter) -> None:
    """Finding 9: ¥1000 typed where ¥10 was owed was taken at once."""
    c = counter
    pid = c.patient(dose="30")
    dialog = PaymentDialog(c.nurse, patient_id=pid, patient_number=c.number(pid), owed=0)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.setText("1000")
    asked: dict[str, str] = {}

    def answer(button: str) -> None:
        def act(box: QMessageBox) -> None:
            asked["text"] = box.text()
            chosen = next(b for b in box.buttons() if b.text().startswith(button))
            chosen.click()

        when_shown(QMessageBox, act)  # type: ignore[arg-type]

    answer("Change")
    dialog.save()
    assert "¥1000.00 is more than the ¥0.00 owed" in asked["text"]
    assert patient_fees.patient_account(c.nurse, patient_id=pid).entries == ()
    assert "Nothing was taken" in dialog.message.text() and dialog.isVisible()
    answer("Take ¥1000.00")
    dialog.save()
    assert dialog.outcome is not None and dialog.outcome.balance_after == -1000
    QApplication.processEvents()


def test_the_day_close_question_keeps_the_day_open_by_default(qtbot, counter) -> None:
    from clinic.ui.reconcile_page import day_close_box

    c = counter
    c.patient(dose="30")
    pharmacist = c.clinic.login("pharmacist", c.passwords["pharmacist"])
    sheet = reconcile.count_sheet(pharmacist, window_id=c.window_id, product_id=c.methadone)
    try:
        reconcile.record_count(
            pharmacist,
            window_id=c.window_id,
            product_id=c.methadone,
            counted=str(sheet.expected),
        )
    except NeedsConfirmation as asked:
        parent = QWidget()
        qtbot.addWidget(parent)
        box, close = day_close_box(parent, asked)
        assert box.defaultButton() is not close  # Enter by habit keeps the day open
        assert str(asked.details["waiting"]) in box.text()
        return
    raise AssertionError("a patient waits: closing the day must ask")


def test_the_administrator_sets_a_sites_dosing_hours(qtbot, counter) -> None:
    from clinic.ui.settings_page import DosingHoursDialog, SettingsPage

    from .conftest import sign_in

    c = counter
    main = sign_in(qtbot, c.clinic, "admin", c.passwords["admin"])
    page = main.page("settings")
    assert isinstance(page, SettingsPage)
    column = next(
        n
        for n in range(page.sites_table.columnCount())
        if page.sites_table.horizontalHeaderItem(n).text() == "Dosing hours"
    )
    before = page.sites_table.item(0, column).text()
    page.sites_table.selectRow(0)
    seen: dict[str, str] = {}

    def set_hours(d: DosingHoursDialog) -> None:
        d.opens.setText("25:00")
        d.save()
        seen["bad"] = d.message.text()
        seen["after_bad"] = administration.list_sites(c.doc)[0].dosing_opens
        d.opens.setText("０７：３０")  # as a Chinese input method types it
        d.closes.setText("11:30 ")
        d.save()
        if d.isVisible():
            d.reject()

    when_shown(DosingHoursDialog, set_hours)  # type: ignore[arg-type]
    page.edit_dosing_hours()
    assert "HH:MM" in seen["bad"] and seen["after_bad"] == before.split("–")[0]
    assert page.sites_table.item(0, column).text() == "07:30–11:30"
    site = administration.list_sites(c.doc)[0]
    assert (site.dosing_opens, site.dosing_closes) == ("07:30", "11:30")
