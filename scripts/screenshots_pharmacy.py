"""Screenshots of the pharmacist's screens (issue 15): the receipt dialog as filled in from a
delivery with a shortage and damage, the reconciliation page with a variance beyond tolerance
(and the one the demo left waiting this morning), and the register opened on a receipt line
with its quality, acceptance, shortage and damage. Drawn at the client area of a maximised
window on a 1366×768 screen, in Chinese and English.

    QT_QPA_PLATFORM=offscreen bash scripts/with-keyring.sh .venv/bin/python scripts/screenshots_pharmacy.py

SHOTS_DEMO=<a demo clinic the tests built, under .pytest_cache/…/clinic-demo/> copies that one
instead of building the demo (a minute or more).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import save, settle  # beside this script

from clinic.demo import create_demo
from clinic.inventory import catalogue, reconcile, stock
from clinic.service import AuthContext
from clinic.ui.main_window import MainWindow
from clinic.ui.patient_common import clinic_today

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1366, 705)


def choose(combo, data: object) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def methadone(auth: AuthContext) -> int:
    return next(
        p.product_id
        for p in catalogue.list_products(auth)
        if p.controlled and p.unit == "mL" and p.mg_per_unit == 1
    )


def main_places(auth: AuthContext) -> tuple[int, int]:
    places = stock.list_places(auth)
    safe = next(p.location_id for p in places if p.kind == "safe" and p.site_code == "MAIN")
    window = next(p.location_id for p in places if p.kind == "window" and p.site_code == "MAIN")
    return safe, window


def delivery(auth: AuthContext, passwords: dict[str, str]) -> None:
    """Today's delivery: 10,000 mL on the note, 9,500 good, 400 damaged, 100 short."""
    safe, _ = main_places(auth)
    stock.receive(
        auth,
        product_id=methadone(auth),
        lot_number="MT241120C",
        expiry_date=clinic_today(auth) + timedelta(days=700),
        manufacturer="示范制药有限公司",
        supplier="示范医药有限公司",
        safe_id=safe,
        expected="10000",
        received="9500",
        damaged="400",
        quality_condition="外箱一箱破损，其余封签完好 one carton crushed, seals intact",
        acceptance="accepted_with_exceptions",
        delivery_note="SH-20241120-07",
        witness="nurse",
        witness_password=passwords["nurse"],
    )


def receipt_dialog(application: QApplication, main: MainWindow, language: str) -> None:
    from clinic.ui.stock_forms import ReceiptDialog

    assert main.auth is not None
    dialog = ReceiptDialog(main.auth, parent=main)
    dialog.show()
    choose(dialog.product, methadone(main.auth))
    dialog.lot_number.setText("MT241203A")
    dialog.expiry.setText("2026-11-30")
    dialog.manufacturer.setText("示范制药有限公司")
    dialog.supplier.setText("示范医药有限公司")
    dialog.delivery_note.setText("SH-20241203-02")
    dialog.expected.setText("10000")
    dialog.received.setText("9500")
    dialog.damaged.setText("400")
    dialog.quality.setText("外箱一箱破损 one carton crushed")
    assert dialog.witness is not None
    dialog.witness.username.setText("nurse")
    dialog.witness.password.setText("********")
    dialog.save()  # refused: no acceptance conclusion chosen; the cursor goes there
    settle(application)
    dialog.adjustSize()
    settle(application)
    save(dialog, f"{language}-receipt-dialog")
    dialog.close()


def reconciliation(application: QApplication, main: MainWindow, language: str) -> None:
    from clinic.ui.reconcile_page import ReconciliationPage

    assert main.auth is not None
    main.show_page("reconciliation")
    page = main.page("reconciliation")
    assert isinstance(page, ReconciliationPage)
    _, window = main_places(main.auth)
    choose(page.window_choice, window)
    choose(page.product, methadone(main.auth))
    page.reload()
    sheet = page.sheet
    assert sheet is not None
    page.counted.setText(format(sheet.expected - Decimal("3.5"), "f"))
    page.explanation.setPlainText("")
    settle(application)
    save(main, f"{language}-reconciliation-variance")


def register_page(application: QApplication, main: MainWindow, language: str) -> None:
    from clinic.ui.register_page import RegisterPage

    assert main.auth is not None
    main.show_page("reports")
    page = main.page("reports")
    assert isinstance(page, RegisterPage)
    safe, _ = main_places(main.auth)
    choose(page.place, safe)
    choose(page.product, methadone(main.auth))
    page.reload()
    settle(application)
    last = page.table.rowCount() - 1
    receipt = next((r for r in range(last, -1, -1) if page.table.item(r, 11).text()), max(last, 0))
    page.table.scrollToItem(page.table.item(receipt, 0))
    page.table.selectRow(receipt)
    page.table.horizontalScrollBar().setValue(page.table.horizontalScrollBar().maximum())
    settle(application)
    save(main, f"{language}-register")


def main() -> int:
    from clinic.ui.common import ui_settings
    from clinic.ui.i18n import languages
    from clinic.ui.main import make_application

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="clinic-shots-ui-"))
    OUT.mkdir(parents=True, exist_ok=True)
    application = make_application()
    with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
        built = os.environ.get("SHOTS_DEMO")  # a demo already built (tests' cache): a quick look
        if built:
            import json

            from tests.demo_cache import PASSWORDS, copy_of

            clinic = copy_of(Path(built), Path(tmp) / "clinic")
            passwords = json.loads((Path(built).parent / PASSWORDS).read_text())
        else:
            clinic, passwords = create_demo(Path(tmp) / "clinic")
        try:
            pharmacist = clinic.login("pharmacist", passwords["pharmacist"])
            delivery(pharmacist, passwords)
            assert reconcile.waiting_variances(pharmacist), "the demo leaves a variance waiting"
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                main_window = MainWindow(clinic)
                main_window.start_session(clinic.login("pharmacist", passwords["pharmacist"]))
                main_window.resize(*SIZE)
                main_window.show()
                settle(application)
                receipt_dialog(application, main_window, language)
                reconciliation(application, main_window, language)
                register_page(application, main_window, language)
                main_window.close()
                settle(application)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
