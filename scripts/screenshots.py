"""Render the app's screens offscreen into docs/screenshots/, in Chinese and English.

A fresh demo clinic in a temporary folder; the audit trail shown is what these steps did.
screenshots_dosing.py and screenshots_claims.py, run alone, render just their screens."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="clinic-shots-ui-")

from PySide6.QtWidgets import QApplication
from shots import save, settle  # beside this script

from clinic import administration, app
from clinic.demo import create_demo
from clinic.errors import ClinicError
from clinic.patients import records
from clinic.patients.identity import check_digit
from clinic.patients.records import PatientRecord
from clinic.service import AuthContext
from clinic.ui.common import ui_settings
from clinic.ui.i18n import languages
from clinic.ui.login import LoginDialog
from clinic.ui.main import make_application
from clinic.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1180, 720)
ROLES = ("nurse", "pharmacist", "physician", "clerk", "admin", "auditor")


def showcase(auth: AuthContext) -> PatientRecord:
    """The demo patient whose record shows the most: orders (one superseded) and consents."""
    best: tuple[int, PatientRecord] | None = None
    for item in records.list_patients(auth, status="active", limit=80):
        record = records.open_patient(auth, patient_id=item.patient_id)
        score = 2 * min(len(record.orders), 3) + len(record.consents) + bool(record.photo)
        if record.method == "methadone" and (best is None or score > best[0]):
            best = (score, record)
    assert best is not None, "the demo clinic has no active methadone patient"
    return best[1]


def patient_screens(application: QApplication, window: MainWindow, language: str) -> None:
    """Patient list, a record, the enrolment wizard and an order form, as a physician sees them."""
    from clinic.ui.enrolment_wizard import EnrolmentWizard
    from clinic.ui.order_form import OrderDialog
    from clinic.ui.patient_common import to_qdate
    from clinic.ui.patients_page import PatientsPage

    assert window.auth is not None
    window.show_page("patients")
    page = window.page("patients")
    assert isinstance(page, PatientsPage)
    settle(application)
    save(window, f"{language}-patients")
    record = showcase(window.auth)
    page.open_patient(record.patient_id)
    window.resize(SIZE[0], 900)
    settle(application)
    save(window, f"{language}-patient-record")

    dialog = OrderDialog(window.auth, record, window)
    dialog.show()
    dialog.dose.setText("110")
    dialog.reason.setText("戒断症状未控制 withdrawal not controlled")
    settle(application)
    dialog.adjustSize()
    settle(application)
    save(dialog, f"{language}-order-form")
    dialog.close()

    wizard = EnrolmentWizard(window.auth, parent=window)
    wizard.show()
    identity = wizard.identity_page
    identity.name.setText("欧阳示例")  # fictional
    identity.sex.setCurrentIndex(identity.sex.findData("F"))
    identity.national_id.setText("11010519900307004X")  # check digit deliberately wrong
    identity.birth.setDate(to_qdate(date(1990, 3, 7)))
    identity.phone.setText("13800000000")
    identity.address.setText("示范市示范区示范路 1 号")
    identity.emergency.setText("欧阳大 13900000000")
    wizard.next()
    settle(application)
    save(wizard, f"{language}-enrolment-identity")
    minor = date(wizard.today.year - 16, 3, 7)  # a minor: the guardian's consent is asked for
    first17 = f"110105{minor:%Y%m%d}004"
    identity.national_id.setText(first17 + check_digit(first17))
    identity.birth.setDate(to_qdate(minor))
    wizard.next()
    wizard.next()
    eligibility = wizard.eligibility_page
    eligibility.voluntary.setChecked(True)
    eligibility.capacity.setChecked(True)
    wizard.next()  # refused: no guardian yet
    settle(application)
    save(wizard, f"{language}-enrolment-eligibility")
    wizard.close()
    window.resize(*SIZE)
    page.show_list()


def card_picture(auth: AuthContext, tmp: Path) -> None:
    """The printed card: the PDF rendered to PNG by pdftoppm (as a printer would see it)."""
    record = showcase(auth)
    if record.card_code is None:
        records.issue_card(auth, patient_id=record.patient_id)
    pdf = tmp / "card.pdf"
    pdf.write_bytes(records.card_pdf(auth, patient_id=record.patient_id, clinic_name="示范门诊"))
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: card.png skipped (apt-get install poppler-utils)")
        return
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(OUT / "card")], check=True
    )
    print((OUT / "card.png").relative_to(OUT.parent.parent))


def stock_setup(clinic: app.Clinic, passwords: dict[str, str]) -> dict[str, int]:
    """Stock to show when the demo clinic has none: two lots (one expiring soon), tablets, an
    issue to the window and a transfer in transit to the satellite."""
    from datetime import timedelta

    from clinic.inventory import catalogue, stock
    from clinic.ui.patient_common import clinic_today

    pharm = clinic.login("pharmacist", passwords["pharmacist"])
    places = stock.list_places(pharm)
    main_site = administration.list_sites(pharm)[0].code

    def place(kind: str, site: str, name: str) -> int:
        found = next((p for p in places if p.kind == kind and p.site_code == site), None)
        if found is None:
            found = stock.add_place(pharm, site_code=site, kind=kind, name=name)
        return found.location_id

    safe = place("safe", main_site, "药库 Safe")
    window = place("window", main_site, "一号窗口 Window 1")
    satellite = place("safe", "SAT1", "城东药柜 East safe")
    products = {p.code: p for p in catalogue.list_products(pharm)}
    liquid = products["MET-1"].product_id
    tablets = next(p for p in products.values() if p.unit == "tablet").product_id
    witness = {"witness": "nurse", "witness_password": passwords["nurse"]}
    if not stock.balances(pharm):
        today = clinic_today(pharm)
        for product, lot, quantity, days in (
            (liquid, "M240611", "3000", 45),
            (liquid, "M250203", "10000", 540),
            (tablets, "B250117", "600", 400),
        ):
            stock.receive(
                pharm,
                product_id=product,
                lot_number=lot,
                expiry_date=today + timedelta(days=days),
                manufacturer="示范制药有限公司",
                supplier="示范医药有限公司",
                safe_id=safe,
                expected=quantity,
                received=quantity,
                quality_condition="包装完好 intact",
                acceptance="accepted",
                delivery_note=f"SH-{lot}",
                **witness,
            )
        for product, quantity in ((liquid, "1500"), (tablets, "120")):
            stock.issue_to_window(
                pharm,
                product_id=product,
                safe_id=safe,
                window_id=window,
                quantity=quantity,
                **witness,
            )
        lot = next(
            x for x in stock.list_lots(pharm, product_id=liquid) if x.lot_number == "M250203"
        )
        stock.send_transfer(
            pharm,
            lot_id=lot.lot_id,
            from_safe_id=safe,
            to_safe_id=satellite,
            quantity="500",
            **witness,
        )
    return {"safe": safe, "window": window, "liquid": liquid, "tablets": tablets}


def stock_screens(
    application: QApplication,
    window: MainWindow,
    language: str,
    chosen: dict[str, int],
    passwords: dict[str, str],
) -> None:
    """Stock overview, a receipt with its witness, a red variance, the register preview."""
    from clinic.ui.reconcile_page import ReconciliationPage
    from clinic.ui.register_page import RegisterPage
    from clinic.ui.reports_page import ReportsPage
    from clinic.ui.stock_forms import IssueDialog, ReceiptDialog

    assert window.auth is not None
    window.show_page("stock")
    settle(application)
    save(window, f"{language}-stock")

    dialog = ReceiptDialog(window.auth, window)
    dialog.show()
    dialog.product.setCurrentIndex(dialog.product.findData(chosen["liquid"]))
    dialog.safe.setCurrentIndex(dialog.safe.findData(chosen["safe"]))
    dialog.lot_number.setText("M250618")
    dialog.manufacturer.setText("示范制药有限公司")
    dialog.supplier.setText("示范医药有限公司")
    dialog.delivery_note.setText("SH-20250618")
    dialog.expected.setText("5000")
    dialog.received.setText("4980")
    dialog.damaged.setText("10")
    assert dialog.witness is not None
    dialog.witness.username.setText("nurse")
    dialog.witness.password.setText(passwords["nurse"])
    settle(application)
    dialog.adjustSize()
    settle(application)
    save(dialog, f"{language}-stock-receipt")
    dialog.close()

    issue = IssueDialog(window.auth, window)
    issue.show()
    issue.product.setCurrentIndex(issue.product.findData(chosen["liquid"]))
    issue.safe.setCurrentIndex(issue.safe.findData(chosen["safe"]))
    issue.quantity.setText("500")
    settle(application)
    issue.adjustSize()
    settle(application)
    save(issue, f"{language}-stock-issue")  # the lot the issue will take, as the core says
    issue.close()

    window.show_page("reconciliation")
    page = window.page("reconciliation")
    assert isinstance(page, ReconciliationPage)
    page.window_choice.setCurrentIndex(page.window_choice.findData(chosen["window"]))
    page.product.setCurrentIndex(page.product.findData(chosen["liquid"]))
    if page.sheet is not None and not page.sheet.closed:
        page.counted.setText(format(page.sheet.expected - 8, "f"))
    settle(application)
    save(window, f"{language}-reconciliation")
    page.counted.clear()

    window.show_page("reports")
    reports = window.page("reports")
    assert isinstance(reports, ReportsPage)
    register = reports.register_page()
    assert isinstance(register, RegisterPage)
    register.place.setCurrentIndex(register.place.findData(chosen["safe"]))
    register.product.setCurrentIndex(register.product.findData(chosen["liquid"]))
    settle(application)
    save(window, f"{language}-register")


def site_fee_screen(application: QApplication, window: MainWindow, language: str) -> None:
    """The administrator's daily-fee dialog for the main site, with the demo's fee history."""
    from clinic.ui.settings_page import SiteFeeDialog

    assert window.auth is not None
    site = next(s for s in administration.list_sites(window.auth) if s.code == "MAIN")
    dialog = SiteFeeDialog(window.auth, site, window)
    dialog.show()
    dialog.fee.setText("12.00")
    dialog.reason.setText("物价局 2026-12 通知 price bureau notice")
    settle(application)
    dialog.adjustSize()
    settle(application)
    save(dialog, f"{language}-site-fee")
    dialog.close()


def main() -> int:
    from screenshots_claims import claims_screens, payers_screens  # beside this script
    from screenshots_dosing import dosing_screens

    OUT.mkdir(parents=True, exist_ok=True)
    application = make_application()
    with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
        clinic, passwords = create_demo(Path(tmp) / "clinic")
        try:
            admin = clinic.login("admin", passwords["admin"])
            administration.add_site(
                admin, code="SAT1", name="城东延伸服药点 East satellite", timezone="Asia/Shanghai"
            )
            with contextlib.suppress(ClinicError):  # a refused login, for the audit trail
                clinic.login("nurse", "a-wrong-password")
            stocked = stock_setup(clinic, passwords)
            dosing_state: dict[str, object] = {}
            claims_state: dict[str, object] = {}
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                settle(application)
                dialog = LoginDialog(clinic, site_name="示范门诊 Demo clinic")
                dialog.show()
                dialog.username.setText("nurse")
                settle(application)
                save(dialog, f"{language}-login")
                dialog.close()
                for username in ROLES:
                    window = MainWindow(clinic)
                    window.resize(*SIZE)
                    window.start_session(clinic.login(username, passwords[username]))
                    window.show()
                    settle(application)
                    save(window, f"{language}-main-{username}")
                    for key in ("users", "settings", "audit"):
                        if key in window.page_keys():
                            window.show_page(key)
                            settle(application)
                            save(window, f"{language}-{key}")
                    if username == "nurse":
                        dosing_screens(
                            application, window, language, passwords, Path(tmp), dosing_state
                        )
                        window.lock(reason="idle")
                        settle(application)
                        save(window, f"{language}-locked")
                    if username == "physician":
                        patient_screens(application, window, language)
                    if username == "pharmacist":
                        stock_screens(application, window, language, stocked, passwords)
                    if username == "clerk":
                        claims_screens(application, window, language, Path(tmp), claims_state)
                    if username == "admin":
                        payers_screens(application, window, language)
                        site_fee_screen(application, window, language)
                    window.close()
                    settle(application)
            card_picture(clinic.login("nurse", passwords["nurse"]), Path(tmp))
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
