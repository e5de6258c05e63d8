"""Issue 15, the pharmacist's findings on real widgets: forms open on their first field and move in
reading order, nothing is pre-filled from paper, a refusal keeps every field (the witness's
password too) and puts the cursor on the field at fault, units beside quantities, the
reconciliation page does not move while typing, a count refused over a waiting variance offers
it, the register opens on what moved and names its files, the receipt columns of the register."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from clinic import administration
from clinic.app import Clinic
from clinic.inventory import reconcile, register, stock
from clinic.ui.patient_common import clinic_today
from clinic.ui.reconcile_page import ReconciliationPage, SignOffDialog
from clinic.ui.register_page import RegisterPage
from clinic.ui.stock_forms import ReceiptDialog, WasteDialog

from .conftest import when_shown
from .test_stock import Shelf, choose, receive, shelf, to_window


def quiet_shelf(clinic: Clinic, passwords: dict[str, str]) -> Shelf:
    """The shelf at a site without dosing hours: a day closes without a confirmation."""
    s = shelf(clinic, passwords)
    admin = clinic.login("admin", passwords["admin"])
    site = next(x for x in administration.list_sites(admin) if x.code == s.site)
    administration.set_dosing_hours(admin, site_id=site.site_id, opens="00:00", closes="00:00")
    return s


def shown(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def tab_chain(qtbot, start: QWidget, steps: int) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """The widgets the cursor visits from START pressing Tab STEPS times."""
    seen = [start]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_the_receipt_form_opens_on_its_first_field_reads_in_order_and_fills_in_nothing(
    qtbot, bare_demo
) -> None:
    clinic, passwords = bare_demo
    s = shelf(clinic, passwords)
    dialog = ReceiptDialog(s.pharm)
    shown(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.product  # not the witness's field
    w = dialog.witness
    assert w is not None
    order = [
        dialog.product,
        dialog.safe,
        dialog.lot_number,
        dialog.expiry,
        dialog.manufacturer,
        dialog.supplier,
        dialog.delivery_note,
        dialog.expected,
        dialog.received,
        dialog.damaged,
        dialog.quality,
        dialog.acceptance,
        dialog.note,
        w.username,
        w.password,
        dialog.ok_button,
    ]
    assert tab_chain(qtbot, dialog.product, len(order) - 1) == order
    # nothing to be read off the delivery is filled in: expiry, lot, quantities, conclusion
    for edit in (
        dialog.lot_number,
        dialog.expiry,
        dialog.expected,
        dialog.received,
        dialog.damaged,
    ):
        assert edit.text() == "", edit.objectName()
    assert dialog.quality.text() == "" and dialog.acceptance.currentData() is None
    # the unit beside every quantity follows the product
    choose(dialog.product, s.methadone)
    assert [label.text() for label in dialog.unit_labels] == ["mL"] * 3
    choose(dialog.product, s.tablets)
    assert [label.text() for label in dialog.unit_labels] == ["tablets"] * 3


def fill(qtbot, dialog: ReceiptDialog, s: Shelf, **typed: str) -> None:  # type: ignore[no-untyped-def]
    values = {
        "lot_number": "DELIV-1",
        "expiry": (clinic_today(s.pharm).replace(year=clinic_today(s.pharm).year + 2)).isoformat(),
        "manufacturer": "Maker Pharma",
        "supplier": "Supplier Co",
        "delivery_note": "DN-10000",
        "expected": "10000",
        "received": "9500",
        "damaged": "400",
        "quality": "两箱外包装破损 two cartons crushed",
    }
    values.update(typed)
    choose(dialog.product, s.methadone)
    choose(dialog.safe, s.safe)
    for name, text in values.items():
        getattr(dialog, name).clear()
        if text.isascii():
            qtbot.keyClicks(getattr(dialog, name), text)
        else:  # committed by a Chinese input method
            getattr(dialog, name).insert(text)


def test_a_refusal_keeps_every_field_and_the_witness_password_and_points_at_the_fault(
    qtbot, bare_demo
) -> None:
    clinic, passwords = bare_demo
    s = shelf(clinic, passwords)
    dialog = ReceiptDialog(s.pharm)
    shown(qtbot, dialog)
    assert dialog.witness is not None
    fill(qtbot, dialog, s, expiry="2027-02-30")
    choose(dialog.acceptance, "accepted")
    qtbot.keyClicks(dialog.witness.username, "nurse")
    qtbot.keyClicks(dialog.witness.password, s.nurse_password)
    typed = {
        name: getattr(dialog, name).text()
        for name in ("lot_number", "expiry", "manufacturer", "supplier", "expected", "received")
    }

    def refused(message: str, at: QWidget) -> None:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.outcome is None
        assert dialog.message.text() == message
        assert QApplication.focusWidget() is at, QApplication.focusWidget()
        assert dialog.witness is not None
        assert dialog.witness.password.text() == s.nurse_password
        assert dialog.witness.username.text() == "nurse"
        for name, text in typed.items():
            if getattr(dialog, name) is not at:
                assert getattr(dialog, name).text() == text, name

    refused(
        "Expiry date: 2027-02-30 is not a date; type it as year-month-day, e.g. 2027-03-31.",
        dialog.expiry,
    )
    assert dialog.expiry.selectedText() == "2027-02-30"  # typed over at once
    later = clinic_today(s.pharm).replace(year=clinic_today(s.pharm).year + 2, day=28)
    qtbot.keyClicks(dialog.expiry, later.isoformat())
    typed["expiry"] = dialog.expiry.text()
    refused(
        "A shortage or damage was counted: the conclusion is \u201caccepted; shortage or damage "
        "recorded\u201d.",
        dialog.acceptance,
    )
    choose(dialog.acceptance, "accepted_with_exceptions")
    dialog.witness.password.clear()
    qtbot.keyClicks(dialog.witness.password, "not-the-password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is dialog.witness.password
    assert dialog.witness.password.selectedText() == "not-the-password"
    assert stock.balances(s.pharm) == []
    qtbot.keyClicks(dialog.witness.password, s.nurse_password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome is not None, dialog.message.text()
    assert (dialog.outcome.received, dialog.outcome.damaged, dialog.outcome.shortage) == (
        9500,
        400,
        100,
    )
    # the receipt's register line carries the note's quantity, the shortage and the damage
    today = clinic_today(s.pharm)
    reg = register.register_month(
        s.pharm,
        location_id=s.safe,
        product_id=s.methadone,
        year=today.year,
        month=today.month,
        clinic_name="c",
    )
    (line,) = reg.lines
    assert (line.receipt, line.on_note, line.shortage, line.damaged) == (9500, 10000, 100, 400)
    assert line.quality == "两箱外包装破损 two cartons crushed"
    assert line.acceptance == "accepted_with_exceptions"
    assert line.done_by and line.checked_by and line.done_by != line.checked_by


def test_the_waste_form_starts_at_the_window_and_shows_the_unit(qtbot, bare_demo) -> None:
    clinic, passwords = bare_demo
    s = shelf(clinic, passwords)
    receive(s, s.methadone, "W-1", "100")
    receive(s, s.tablets, "W-2", "50")
    to_window(s, s.methadone, "40")
    to_window(s, s.tablets, "10")
    dialog = WasteDialog(s.pharm)
    shown(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.place
    assert dialog.witness is not None
    assert tab_chain(qtbot, dialog.place, 5) == [
        dialog.place,
        dialog.lot,
        dialog.quantity,
        dialog.reason,
        dialog.witness.username,
        dialog.witness.password,
    ]
    choose(dialog.place, s.window)
    units = set()
    for i in range(dialog.lot.count()):
        dialog.lot.setCurrentIndex(i)
        units.add(dialog.unit.text())
    assert units == {"mL", "tablets"}
    assert dialog.unit.parent() is dialog.quantity.parent()  # beside the quantity


def geometry(page: QWidget, widgets: list[QWidget]) -> list[QRect]:
    return [QRect(w.mapTo(page, w.rect().topLeft()), w.size()) for w in widgets]


def test_the_reconciliation_page_does_not_move_while_typing(qtbot, bare_demo) -> None:
    clinic, passwords = bare_demo
    s = shelf(clinic, passwords)
    receive(s, s.tablets, "R-1", "100")
    to_window(s, s.tablets, "40")
    page = ReconciliationPage(s.pharm, site_code=s.site)
    page.resize(1366, 768)
    shown(qtbot, page)
    choose(page.window_choice, s.window)
    choose(page.product, s.tablets)
    watched = [
        page.counted,
        page.explanation,
        page.witness.username,
        page.witness.password,
        page.handover_button,
        page.close_button,
        page.as_found_button,
        page.waiting,
        page.counts_table,
        page.sign_off_button,
    ]
    before = geometry(page, watched)
    page.counted.setFocus()
    qtbot.keyClicks(page.counted, "37")  # 3 short: beyond tolerance, the banner and the help
    assert page.variance.property("state") == "beyond" and page.hint.text()
    assert page.as_found_button.isVisible()
    assert geometry(page, watched) == before
    qtbot.keyClicks(page.explanation, "three tablets dropped")
    qtbot.keyClicks(page.witness.username, "nurse")
    assert geometry(page, watched) == before
    page.counted.clear()
    qtbot.keyClicks(page.counted, "40")  # within: banner changes, help and button go
    assert page.variance.property("state") == "within" and not page.hint.text()
    assert geometry(page, watched) == before
    page.counted.clear()
    qtbot.keyClicks(page.counted, "3x")
    assert page.variance.property("state") == "invalid"
    assert geometry(page, watched) == before
    # the cursor moves in reading order: count, explanation, witness, buttons
    page.counted.clear()
    qtbot.keyClicks(page.counted, "37")
    assert tab_chain(qtbot, page.counted, 3) == [
        page.counted,
        page.explanation,
        page.witness.username,
        page.witness.password,
    ]


def test_a_count_refused_over_a_waiting_variance_offers_it_then_records_and_closes(
    qtbot, bare_demo
) -> None:
    clinic, passwords = bare_demo
    s = quiet_shelf(clinic, passwords)
    receive(s, s.methadone, "C-1", "500")
    to_window(s, s.methadone, "200")
    earlier = reconcile.record_count(
        s.pharm, window_id=s.window, product_id=s.methadone, counted="190"
    )
    assert earlier.pending
    page = ReconciliationPage(s.pharm, site_code=s.site)
    shown(qtbot, page)
    choose(page.window_choice, s.window)
    choose(page.product, s.methadone)
    assert page.day_status.property("state") == "waiting"
    assert page.counts_table.rowCount() == 1
    assert page.counts_table.item(0, 5).text() == "Waiting for sign-off"
    assert page.sheet is not None and page.sheet.expected == 200  # not adjusted while it waits
    qtbot.keyClicks(page.counted, "190")  # counted again: still 190 on the shelf
    assert page.as_found_button.isEnabled() and not page.close_button.isEnabled()
    seen: list[str] = []

    def sign(dialog: SignOffDialog) -> None:  # type: ignore[override]
        assert dialog.close_day is False
        dialog.explanation.setPlainText("ten mL poured and not recorded")
        qtbot.keyClicks(dialog.witness.username, "nurse")
        qtbot.keyClicks(dialog.witness.password, s.nurse_password)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def open_it(box: QMessageBox) -> None:  # type: ignore[override]
        seen.append(box.text())
        when_shown(SignOffDialog, sign)  # type: ignore[arg-type]
        next(b for b in box.buttons() if b.text() == "Open that variance").click()

    when_shown(QMessageBox, open_it)  # type: ignore[arg-type]
    qtbot.mouseClick(page.as_found_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].startswith("Your count was not recorded: the count of ")
    assert "(variance -10 mL) is still waiting" in seen[0]
    assert page.message.text() == (
        "Variance signed off. Your count is still typed: record it again to close the day."
    )
    assert page.counted.text() == "190"  # still typed, and now it matches the book
    assert page.sheet is not None and not page.sheet.closed and page.sheet.expected == 190
    assert page.counts_table.rowCount() == 1  # the refused count was not recorded
    assert page.counts_table.item(0, 5).text() == "Signed off by " + full_name(
        clinic, passwords, "nurse"
    )
    assert page.focusWidget() is page.close_button
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Day closed. Variance 0 mL."
    assert page.sheet is not None and page.sheet.closed
    assert page.counts_table.rowCount() == 2
    assert page.counts_table.item(1, 5).text() == "Settled (within tolerance) · closed the day"
    assert page.day_status.text().startswith("Closed:")


def full_name(clinic: Clinic, passwords: dict[str, str], username: str) -> str:
    from clinic.privacy import users

    admin = clinic.login("admin", passwords["admin"])
    return next(u.full_name for u in users.list_users(admin) if u.username == username)


def test_the_register_opens_on_what_moved_and_names_its_files(
    qtbot, bare_demo, monkeypatch
) -> None:
    clinic, passwords = bare_demo
    s = shelf(clinic, passwords)
    receive(s, s.tablets, "G-1", "100")
    to_window(s, s.tablets, "10")
    to_window(s, s.tablets, "10")
    page = RegisterPage(s.pharm, clinic_name="Demo", site_code=s.site)
    shown(qtbot, page)
    assert page.place.currentData() == s.safe and page.product.currentData() == s.tablets
    model = page.table.model()
    assert model.rowCount() == 3
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers[11:16] == [
        "Quality condition",
        "Acceptance",
        "Handled by (receiver)",
        "Checked by (keeper / recipient)",
        "Note",
    ]
    assert model.index(0, 11).data() == "包装完好 intact"
    assert model.index(0, 12).data() == "Accepted"
    assert model.index(0, 15).data() == (
        "on the note 100 tablets, short 0 tablets, damaged 0 tablets"
    )
    offered: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (offered.append(a[2]), ("", ""))[1]
    )
    page.export("pdf")
    assert page.register is not None
    name = Path(offered[0]).name
    month = f"{page.register.year}-{page.register.month:02d}"
    assert name.startswith("专用账册_") and name.endswith(f"_{month}.pdf")
    assert page.register.product_name.split()[0] in name
    assert page.register.place_name.split()[0] in name
    assert Decimal(page.register.closing) == 80
