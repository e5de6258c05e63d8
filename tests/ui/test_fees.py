"""The patient's fee on real widgets: the balance owed at the window, a payment taken there, the
statement with a waiver and a voided receipt, and a site's daily fee in the settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from PySide6.QtWidgets import QDialogButtonBox

from clinic import administration
from clinic.dosing import window
from clinic.insurance import patient_fees
from clinic.storage.models import FeePayment
from clinic.storage.uow import UnitOfWork
from clinic.ui.fee_forms import AccountDialog, PaymentDialog, VoidReceiptDialog, WaiveDialog
from clinic.ui.settings_page import SettingsPage, SiteFeeDialog

from .conftest import sign_in, when_shown
from .counter import Counter, open_window


def _site(c: Counter) -> int:
    return administration.list_sites(c.doc)[0].site_id


def _owing(c: Counter, days: int) -> int:
    """A patient dosed on each of the DAYS days before today at ¥10 a day, none of it paid."""
    real = datetime.now(UTC)
    c.clinic.db.clock = lambda: real - timedelta(days=days)
    try:
        admin = c.clinic.login("admin", c.passwords["admin"])
        patient_fees.set_site_fee(admin, site_id=_site(c), daily_fee="10", effective_from=c.today())
        pid = c.patient(dose="30")
        for back in range(days, 0, -1):
            c.clinic.db.clock = lambda back=back: real - timedelta(days=back)  # type: ignore[misc]
            window.record_dose(c.nurse, patient_id=pid, window_id=c.window_id)
    finally:
        c.clinic.db.clock = lambda: real
    return pid


def _payments(c: Counter) -> int:
    with UnitOfWork(c.clinic.db, read_only=True) as uow:
        return len(uow.session.query(FeePayment).all())


def _press_ok(dialog: QDialogButtonBox | object) -> None:
    buttons = dialog.buttons  # type: ignore[attr-defined]
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_window_shows_what_is_owed_and_takes_the_payment(qtbot, counter) -> None:
    c = counter
    pid = _owing(c, 2)
    tab = open_window(qtbot, c)
    qtbot.keyClicks(tab.scan, c.number(pid))
    qtbot.keyClick(tab.scan, "\r")
    assert "Balance owed: ¥20.00" in tab.panel_view.warnings.text()
    assert tab.confirm_button.isEnabled()  # money never stops a dose
    assert tab.payment_button.isEnabled()

    seen: dict[str, str] = {}

    def typo_then_pay(dialog: PaymentDialog) -> None:
        seen["prefilled"] = dialog.amount.text()
        dialog.amount.setText("2O")  # a letter O for a zero
        _press_ok(dialog)
        seen["error"] = dialog.message.text()
        seen["after_typo"] = str(_payments(c))
        dialog.amount.setText("20")
        _press_ok(dialog)
        if dialog.isVisible():
            dialog.reject()

    when_shown(PaymentDialog, typo_then_pay)  # type: ignore[arg-type]
    tab.payment_button.click()
    assert seen["prefilled"] == "20.00"
    assert "not an amount of money" in seen["error"] and seen["after_typo"] == "0"
    assert _payments(c) == 1
    assert "Received ¥20.00" in tab.message.text() and "Nothing owed" in tab.message.text()
    assert "Balance owed" not in tab.panel_view.warnings.text()
    assert tab.confirm_button.isEnabled()  # still armed: Enter doses
    qtbot.keyClick(tab.scan, "\r")
    assert c.doses() == 1
    assert patient_fees.patient_account(c.nurse, patient_id=pid).balance == Decimal("10.00")


def test_the_office_waives_and_voids_on_the_statement(qtbot, counter) -> None:
    c = counter
    pid = _owing(c, 3)
    clerk = c.clinic.login("clerk", c.passwords["clerk"])
    patient_fees.record_payment(
        c.nurse, patient_id=pid, amount="100", method="cash", confirm_above_owed="100"
    )
    dialog = AccountDialog(clerk, pid)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 4  # three days charged, one payment
    assert "In credit: ¥70.00" in dialog.summary.text()
    # the office takes payments, waives and voids
    assert all(b.isVisibleTo(dialog) for b in (dialog.pay_button, dialog.waive_button))
    assert dialog.void_button.isVisibleTo(dialog)

    dialog.table.selectRow(0)  # a charge cannot be voided here
    dialog.void_receipt()
    assert "Choose a payment" in dialog.message.text()

    def void(d: VoidReceiptDialog) -> None:
        d.reason.setText("多收：应收 30 元 typed 100 for 30")
        _press_ok(d)
        if d.isVisible():
            d.reject()

    dialog.table.selectRow(3)
    when_shown(VoidReceiptDialog, void)  # type: ignore[arg-type]
    dialog.void_receipt()
    assert "voided" in dialog.message.text()
    assert "Owed: ¥30.00" in dialog.summary.text()
    cancelled = dialog.table.item(3, 3)
    assert cancelled.font().strikeOut() and "多收" in cancelled.text()

    seen: dict[str, str] = {}

    def waive(d: WaiveDialog) -> None:
        seen["prefilled"] = d.amount.text()
        d.reason.setText("低保户减免 hardship")
        d.amount.setText("40")
        _press_ok(d)  # more than is owed: refused in place
        seen["error"] = d.message.text()
        d.amount.setText("30")
        _press_ok(d)
        if d.isVisible():
            d.reject()

    when_shown(WaiveDialog, waive)  # type: ignore[arg-type]
    dialog.waive()
    assert seen["prefilled"] == "30.00"
    assert "Only what is owed" in seen["error"]
    assert "Waived ¥30.00" in dialog.message.text()
    assert "Nothing owed" in dialog.summary.text()
    assert dialog.table.rowCount() == 5


def test_the_administrator_sets_a_sites_daily_fee(qtbot, counter) -> None:
    c = counter
    main = sign_in(qtbot, c.clinic, "admin", c.passwords["admin"])
    page = main.page("settings")
    assert isinstance(page, SettingsPage)
    column = next(
        n
        for n in range(page.sites_table.columnCount())
        if page.sites_table.horizontalHeaderItem(n).text() == "Daily fee"
    )
    assert page.sites_table.item(0, column).text() == "¥0.00"
    page.sites_table.selectRow(0)

    def set_fee(d: SiteFeeDialog) -> None:
        d.fee.setText("10.005")
        d.save()
        assert "two decimal places" in d.message.text()
        d.fee.setText("12.5")
        d.reason.setText("物价局通知")
        d.save()
        if d.isVisible():
            d.reject()

    when_shown(SiteFeeDialog, set_fee)  # type: ignore[arg-type]
    page.edit_site_fee()
    assert page.sites_table.item(0, column).text() == "¥12.50"
    history = patient_fees.site_fee_history(c.doc, site_id=_site(c))
    assert [(h.daily_fee, h.reason, h.recorded_by) for h in history] == [
        (Decimal("12.50"), "物价局通知", "admin")
    ]
