"""The stock screens on real widgets: a witnessed receipt, refusals shown in place, day close
within tolerance, a variance beyond it waiting and signed off, the register's last balance, and
what a nurse may do."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from clinic import administration
from clinic.app import Clinic
from clinic.inventory import catalogue, open_items, reconcile, stock
from clinic.service import AuthContext
from clinic.ui.patient_common import clinic_today
from clinic.ui.reconcile_page import ReconciliationPage, SignOffDialog
from clinic.ui.register_page import RegisterPage
from clinic.ui.reports_page import ReportsPage
from clinic.ui.stock_forms import (
    DestroyDialog,
    IssueDialog,
    LossDialog,
    ReceiptDialog,
    ReceiveTransferDialog,
    ReturnDialog,
    SendTransferDialog,
    SetAsideDialog,
    WasteDialog,
)
from clinic.ui.stock_page import StockPage
from clinic.ui.worker import busy

from .conftest import sign_in, when_shown


@dataclass
class Shelf:
    pharm: AuthContext
    nurse_password: str
    site: str
    safe: int
    window: int
    methadone: int
    tablets: int


def shelf(clinic: Clinic, passwords: dict[str, str]) -> Shelf:
    """A safe and a window of our own at the clinic's first site, methadone and tablets."""
    pharm = clinic.login("pharmacist", passwords["pharmacist"])
    site = administration.list_sites(pharm)[0].code
    safe = stock.add_place(pharm, site_code=site, kind="safe", name="测试药库 Test safe")
    window = stock.add_place(pharm, site_code=site, kind="window", name="测试窗口 Test window")
    products = catalogue.list_products(pharm)
    liquid = next(p for p in products if p.unit == "mL" and p.mg_per_unit == 1)
    tablets = next(p for p in products if p.unit == "tablet")
    return Shelf(
        pharm,
        passwords["nurse"],
        site,
        safe.location_id,
        window.location_id,
        liquid.product_id,
        tablets.product_id,
    )


def witness(s: Shelf) -> dict[str, str]:
    return {"witness": "nurse", "witness_password": s.nurse_password}


def receive(s: Shelf, product: int, lot: str, quantity: str, days: int = 400) -> None:
    stock.receive(
        s.pharm,
        product_id=product,
        lot_number=lot,
        expiry_date=clinic_today(s.pharm) + timedelta(days=days),
        manufacturer="某制药厂",
        supplier="某医药公司",
        safe_id=s.safe,
        expected=quantity,
        received=quantity,
        quality_condition="包装完好 intact",
        acceptance="accepted",
        **witness(s),
    )


def to_window(s: Shelf, product: int, quantity: str) -> None:
    stock.issue_to_window(
        s.pharm,
        product_id=product,
        safe_id=s.safe,
        window_id=s.window,
        quantity=quantity,
        **witness(s),
    )


def stock_page(qtbot, clinic: Clinic, username: str, password: str) -> StockPage:  # type: ignore[no-untyped-def]
    window = sign_in(qtbot, clinic, username, password)
    window.show_page("stock")
    page = window.page("stock")
    assert isinstance(page, StockPage)
    return page


def choose(combo, data: object) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def fill_receipt(
    qtbot, dialog: ReceiptDialog, s: Shelf, *, lot: str, received: str, who: str, password: str
) -> None:  # type: ignore[no-untyped-def]
    choose(dialog.product, s.methadone)
    choose(dialog.safe, s.safe)
    qtbot.keyClicks(dialog.lot_number, lot)
    qtbot.keyClicks(dialog.expiry, (clinic_today(s.pharm) + timedelta(days=500)).isoformat())
    qtbot.keyClicks(dialog.manufacturer, "Maker Pharma")
    qtbot.keyClicks(dialog.supplier, "Supplier Co")
    qtbot.keyClicks(dialog.delivery_note, "DN-77")
    qtbot.keyClicks(dialog.expected, "1000")
    qtbot.keyClicks(dialog.received, received)
    qtbot.keyClicks(dialog.quality, "packaging and seals intact")
    choose(dialog.acceptance, "accepted" if received == "1000" else "accepted_with_exceptions")
    assert dialog.witness is not None
    qtbot.keyClicks(dialog.witness.username, who)
    qtbot.keyClicks(dialog.witness.password, password)


def test_receipt_through_the_dialog_with_a_witness(qtbot, demo) -> None:
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    page = stock_page(qtbot, clinic, "pharmacist", passwords["pharmacist"])
    seen: dict[str, object] = {}

    def act(dialog: ReceiptDialog) -> None:  # type: ignore[override]
        fill_receipt(
            qtbot, dialog, s, lot="UI-LOT-1", received="995", who="nurse", password=s.nurse_password
        )
        seen["shortage"] = dialog.shortage.text()
        seen["state"] = dialog.shortage.property("state")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(ReceiptDialog, act)  # type: ignore[arg-type]
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    assert seen["shortage"] == "Shortage: 5 mL missing against the delivery note."
    assert seen["state"] == "short"
    assert page.message.text().startswith("Recorded: voucher RK")
    lots = [page.table.item(r, 4).text() for r in range(page.table.rowCount())]
    assert "UI-LOT-1" in lots
    assert page.total_for(s.methadone, s.safe) == Decimal(995)


def test_the_witness_cannot_be_the_same_person_and_a_typo_changes_nothing(qtbot, demo) -> None:
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    page = stock_page(qtbot, clinic, "pharmacist", passwords["pharmacist"])
    before = stock.balances(s.pharm)
    dialog = ReceiptDialog(page.auth, parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_receipt(
        qtbot,
        dialog,
        s,
        lot="UI-LOT-2",
        received="1000",
        who="pharmacist",
        password=passwords["pharmacist"],
    )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.outcome is None
    assert dialog.message.text() == "The witness must be a different person."
    assert dialog.witness is not None
    assert dialog.witness.password.text() == passwords["pharmacist"]  # kept, not cleared
    assert dialog.focusWidget() is dialog.witness.username  # the field at fault

    dialog.received.clear()
    qtbot.keyClicks(dialog.received, "1O00")  # the letter O for a zero
    assert dialog.shortage.text() == ""
    dialog.witness.username.clear()
    dialog.witness.password.clear()
    qtbot.keyClicks(dialog.witness.username, "nurse")
    qtbot.keyClicks(dialog.witness.password, s.nurse_password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Quantity received: “1O00” is not a number."
    assert dialog.focusWidget() is dialog.received
    assert dialog.witness.password.text() == s.nurse_password
    assert dialog.outcome is None
    assert stock.balances(s.pharm) == before

    from clinic.ui.i18n import languages

    languages.apply("zh_CN")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "实收数量：“1O00” 不是数字。"


def reconciliation_page(
    qtbot, clinic: Clinic, username: str, password: str, s: Shelf
) -> ReconciliationPage:  # type: ignore[no-untyped-def]
    window = sign_in(qtbot, clinic, username, password)
    window.show_page("reconciliation")
    page = window.page("reconciliation")
    assert isinstance(page, ReconciliationPage)
    choose(page.window_choice, s.window)
    choose(page.product, s.methadone)
    return page


def answer_day_close(answer: str, seen: list[str]) -> None:
    """Answer the next day-close confirmation with the button labelled ANSWER."""

    def act(box: QMessageBox) -> None:  # type: ignore[override]
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == answer).click()

    when_shown(QMessageBox, act)  # type: ignore[arg-type]


def waiting_text(s: Shelf) -> str:
    waiting = reconcile.day_close_check(s.pharm, window_id=s.window).waiting
    assert waiting > 0  # the demo's patients who have not come yet this morning
    return (
        f"{waiting} patient at this site has not been dosed yet today."
        if waiting == 1
        else f"{waiting} patients at this site have not been dosed yet today."
    )


def test_day_close_within_tolerance(qtbot, demo) -> None:
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    receive(s, s.methadone, "REC-1", "500")
    to_window(s, s.methadone, "120")
    page = reconciliation_page(qtbot, clinic, "nurse", passwords["nurse"], s)
    assert page.sheet_values["received"].text() == "120 mL"
    assert page.sheet_values["expected"].text() == "120 mL"
    assert not page.close_button.isEnabled()
    qtbot.keyClicks(page.counted, "119.8")
    assert page.variance.text() == "Variance -0.2 mL — within tolerance"
    assert page.variance.property("state") == "within"
    assert page.close_button.isEnabled() and not page.as_found_button.isVisible()
    asked: list[str] = []
    answer_day_close("Keep it open", asked)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith(waiting_text(s))
    assert page.message.text() == "Nothing was recorded: the day stays open."
    assert page.sheet is not None and not page.sheet.closed
    answer_day_close("Close the day", asked)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert page.message.text() == "Day closed. Variance -0.2 mL."
    assert page.sheet is not None and page.sheet.closed
    assert page.day_status.text().startswith("Closed:")
    assert not page.count_box.isEnabled()


def test_variance_beyond_tolerance_waits_and_is_signed_off(qtbot, demo) -> None:
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    receive(s, s.tablets, "TAB-1", "100")
    to_window(s, s.tablets, "40")
    page = reconciliation_page(qtbot, clinic, "pharmacist", passwords["pharmacist"], s)
    choose(page.product, s.tablets)
    qtbot.keyClicks(page.counted, "37.5")
    assert page.variance.property("state") == "invalid"
    assert page.variance.text() == "Type the count in whole tablets."
    page.counted.clear()
    qtbot.keyClicks(page.counted, "38")
    assert page.variance.text() == "Variance -2 tablets — beyond tolerance"
    assert page.variance.property("state") == "beyond"
    # beyond tolerance: neither button until explained and signed; "as found" is offered
    assert not page.close_button.isEnabled() and not page.handover_button.isEnabled()
    assert "Beyond tolerance" in page.hint.text()
    assert page.as_found_button.isVisible()
    page.explanation.setPlainText("two tablets dropped")
    assert not page.close_button.isEnabled()  # still no witness
    qtbot.mouseClick(page.as_found_button, Qt.MouseButton.LeftButton)
    assert page.last_result is not None and page.last_result.pending
    mine = [p for p in page.pending if p.location_id == s.window]
    assert len(mine) == 1 and mine[0].variance == Decimal(-2)
    assert page.sheet is not None and not page.sheet.closed
    row = page.pending.index(mine[0])
    page.waiting.selectRow(row)
    assert page.waiting.item(row, 6).text() == "-2 tablets"

    def refuse_then_sign(dialog: SignOffDialog) -> None:  # type: ignore[override]
        dialog.explanation.setPlainText("two tablets dropped behind the counter, found broken")
        qtbot.keyClicks(dialog.witness.username, "pharmacist")
        qtbot.keyClicks(dialog.witness.password, passwords["pharmacist"])
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.message.text() == "The witness must be a different person."
        assert dialog.witness.password.text() == passwords["pharmacist"]  # kept
        dialog.witness.username.clear()
        dialog.witness.password.clear()
        qtbot.keyClicks(dialog.witness.username, "nurse")
        qtbot.keyClicks(dialog.witness.password, s.nurse_password)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    asked: list[str] = []
    answer_day_close("Close the day", asked)
    when_shown(SignOffDialog, refuse_then_sign)  # type: ignore[arg-type]
    qtbot.mouseClick(page.sign_off_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith(waiting_text(s))
    assert page.message.text() == "Variance signed off; the day is closed."
    assert all(p.location_id != s.window for p in page.pending)
    assert page.sheet is not None and page.sheet.closed and page.sheet.expected == 38
    assert reconcile.waiting_variances(s.pharm) == page.pending


def test_signing_beyond_tolerance_on_the_page_closes_the_day(qtbot, demo) -> None:
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    receive(s, s.methadone, "REC-2", "300")
    to_window(s, s.methadone, "200")
    page = reconciliation_page(qtbot, clinic, "pharmacist", passwords["pharmacist"], s)
    qtbot.keyClicks(page.counted, "190")
    assert page.variance.property("state") == "beyond"
    page.explanation.setPlainText("spill not recorded at the time")
    qtbot.keyClicks(page.witness.username, "nurse")
    qtbot.keyClicks(page.witness.password, s.nurse_password)
    assert page.close_button.isEnabled()
    asked: list[str] = []
    answer_day_close("Close the day", asked)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith(waiting_text(s))
    assert page.message.text() == "Day closed. Variance -10 mL."
    assert page.sheet is not None and page.sheet.closed and page.sheet.expected == 190


def test_register_preview_ends_on_the_overview_balance(qtbot, demo, tmp_path: Path) -> None:
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    receive(s, s.methadone, "REG-1", "1000", days=300)
    receive(s, s.methadone, "REG-2", "500", days=200)
    to_window(s, s.methadone, "250")
    window = sign_in(qtbot, clinic, "pharmacist", passwords["pharmacist"])
    overview = window.page("stock")
    assert isinstance(overview, StockPage)
    window.show_page("reports")
    reports = window.page("reports")
    assert isinstance(reports, ReportsPage)
    page = reports.register_page()
    assert isinstance(page, RegisterPage)
    choose(page.place, s.safe)
    choose(page.product, s.methadone)
    assert page.model.rowCount() == 3
    assert page.last_balance() == overview.total_for(s.methadone, s.safe) == Decimal(1250)
    shown = page.table.model().index(2, 6)  # what the view is given
    assert shown.data() == "1250 mL" and shown.data(Qt.ItemDataRole.FontRole).bold()
    assert page.model.text(2, 2) == "Issue to window"
    assert page.model.text(0, 4) == "1000 mL" and page.model.text(0, 5) == ""
    # a busy month: the view asks for the lines on screen (and 50 to size the columns), not all
    assert page.register is not None
    page.model.set_register(replace(page.register, lines=page.register.lines * 1000))
    QApplication.processEvents()
    assert page.model.rowCount() == 3000 and page.table.isVisible()
    assert 0 < len(page.model.texts) <= 200
    page.show_register()
    target = tmp_path / "register.xlsx"
    page.export_to(target, "xlsx")
    qtbot.waitUntil(lambda: not busy() and page.last_export == target, timeout=20000)
    assert target.read_bytes()[:2] == b"PK"
    assert "saved to" in page.message.text()


def test_nurse_sees_stock_and_counts_but_not_receipts_or_destruction(qtbot, demo) -> None:
    clinic, passwords = demo
    shelf(clinic, passwords)
    window = sign_in(qtbot, clinic, "nurse", passwords["nurse"])
    assert "stock" in window.page_keys() and "reconciliation" in window.page_keys()
    assert "reports" in window.page_keys()  # the clinical lists, not the register
    reports = window.page("reports")
    assert isinstance(reports, ReportsPage)
    assert "register" not in [spec.key for spec in reports.specs]
    window.show_page("stock")
    page = window.page("stock")
    assert isinstance(page, StockPage)
    assert page.waste_button.isVisible()
    for hidden in (
        page.receive_button,
        page.issue_button,
        page.send_button,
        page.set_aside_button,
        page.destroy_button,
        page.loss_button,
        page.place_button,
    ):
        assert not hidden.isVisible()


def test_expiring_lines_are_marked_fefo_is_suggested_and_every_form_opens(qtbot, demo) -> None:
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    receive(s, s.methadone, "SOON-1", "50", days=10)
    receive(s, s.methadone, "LATER-1", "100", days=400)
    page = stock_page(qtbot, clinic, "pharmacist", passwords["pharmacist"])
    rows = {page.table.item(r, 4).text(): r for r in range(page.table.rowCount())}
    soon = page.table.item(rows["SOON-1"], 7)
    assert soon.text() == "Expires soon"
    assert soon.background().color().name() == "#fff3cd"
    for kind in (
        IssueDialog,
        ReturnDialog,
        SendTransferDialog,
        ReceiveTransferDialog,
        WasteDialog,
        SetAsideDialog,
        DestroyDialog,
        LossDialog,
    ):
        dialog = kind(page.auth, parent=page)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.close()
    issue = IssueDialog(page.auth, parent=page)
    qtbot.addWidget(issue)
    choose(issue.product, s.methadone)
    choose(issue.safe, s.safe)
    qtbot.keyClicks(issue.quantity, "40")
    assert issue.suggestion.text().startswith("Lot SOON-1 ")
    issue.quantity.clear()
    qtbot.keyClicks(issue.quantity, "60")
    assert issue.suggestion.text().startswith("Lot LATER-1 ")


def test_the_issue_form_shows_the_lot_the_issue_then_takes(qtbot, demo) -> None:
    """The suggested lot comes from the core, live: stock taken by another workstation after the
    form opened changes the suggestion, and the issue takes exactly the lot shown."""
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    receive(s, s.methadone, "SOON-2", "50", days=10)
    receive(s, s.methadone, "LATER-2", "100", days=400)
    dialog = IssueDialog(s.pharm)
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog.product, s.methadone)
    choose(dialog.safe, s.safe)
    choose(dialog.window_choice, s.window)
    qtbot.keyClicks(dialog.quantity, "40")
    assert dialog.suggestion.text().startswith("Lot SOON-2 ")
    to_window(s, s.methadone, "30")  # another workstation: 20 mL of SOON-2 are left
    dialog.quantity.clear()
    dialog.quantity.insert("４０")  # full-width, committed by a Chinese input method
    assert dialog.suggestion.text().startswith("Lot LATER-2 "), dialog.suggestion.text()
    dialog.quantity.clear()
    qtbot.keyClicks(dialog.quantity, "1000")
    refusal = dialog.suggestion.text()
    assert "No usable lot" in refusal
    assert dialog.witness is not None
    qtbot.keyClicks(dialog.witness.username, "nurse")
    qtbot.keyClicks(dialog.witness.password, s.nurse_password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == refusal and dialog.outcome is None
    assert dialog.witness.password.text() == s.nurse_password  # kept after the refusal
    dialog.quantity.clear()
    qtbot.keyClicks(dialog.quantity, "40")
    shown = dialog.suggestion.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome is not None, dialog.message.text()
    taken = next(lot for lot in stock.list_lots(s.pharm) if lot.lot_id == dialog.outcome.lot_id)
    assert shown.startswith(f"Lot {taken.lot_number} ") and taken.lot_number == "LATER-2"


def test_loss_offers_the_incident_report(qtbot, demo, tmp_path: Path, monkeypatch) -> None:
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    receive(s, s.methadone, "LOSS-1", "100")
    page = stock_page(qtbot, clinic, "pharmacist", passwords["pharmacist"])
    target = tmp_path / "incident.pdf"
    monkeypatch.setattr(
        "clinic.ui.stock_page.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )

    def act(dialog: LossDialog) -> None:  # type: ignore[override]
        choose(dialog.place, s.safe)
        choose(dialog.kind, "theft")
        qtbot.keyClicks(dialog.quantity, "10")
        dialog.circumstances.setPlainText("The safe was found forced open in the morning.")
        qtbot.keyClicks(dialog.witness.username, "nurse")  # type: ignore[union-attr]
        qtbot.keyClicks(dialog.witness.password, s.nurse_password)  # type: ignore[union-attr]
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(LossDialog, act)  # type: ignore[arg-type]
    qtbot.mouseClick(page.loss_button, Qt.MouseButton.LeftButton)
    offer = page.findChild(QMessageBox, "incidentReportOffer")
    assert offer is not None and offer.isVisible()
    offer.findChild(QPushButton, "incidentSave").click()
    qtbot.waitUntil(lambda: not busy() and page.last_incident_file == target, timeout=20000)
    assert target.read_bytes()[:5] == b"%PDF-"
    assert page.total_for(s.methadone, s.safe) == Decimal(90)


@pytest.mark.parametrize("language", ["zh_CN"])
def test_stock_page_in_chinese(qtbot, demo, language: str) -> None:
    from clinic.ui.i18n import languages

    clinic, passwords = demo
    s = shelf(clinic, passwords)
    receive(s, s.methadone, "ZH-1", "100")
    page = stock_page(qtbot, clinic, "pharmacist", passwords["pharmacist"])
    languages.apply(language)
    QApplication.processEvents()
    assert page.heading.text() == "药品库存"
    assert page.receive_button.text() == "入库验收…"
    assert open_items.transfers_in_transit(s.pharm) == []
