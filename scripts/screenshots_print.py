"""Screenshots of printing (issue 18, items 4–7): the print preview of the controlled-drug register
(a busy month of the demo, landscape, day totals) and of a receipt just taken at the window, in
Chinese and English; and the printed pages themselves (QPrinter's PDF output through the same
helper, rendered with pdftoppm), so what the preview shows is checked against the paper.

    QT_QPA_PLATFORM=offscreen bash scripts/with-keyring.sh .venv/bin/python scripts/screenshots_print.py

SHOTS_DEMO=<a demo clinic the tests built, under …/clinic-demo/demo-…/clinic> copies that one
instead of building the demo (a few minutes).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from shots import save, settle  # beside this script

from clinic.demo import create_demo
from clinic.insurance import patient_fees
from clinic.inventory import register
from clinic.patients import records
from clinic.ui.fee_forms import print_receipt
from clinic.ui.main_window import MainWindow
from clinic.ui.printing import PrintPreview, print_pdf, print_pdf_to

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1366, 705)


def busiest_register(auth) -> tuple[bytes, str]:  # type: ignore[no-untyped-def]
    choice = register.busiest_this_month(auth)
    assert choice is not None
    today = auth.db.clock().date()
    reg = register.register_month(
        auth,
        location_id=choice.location_id,
        product_id=choice.product_id,
        year=today.year,
        month=today.month,
        clinic_name="城东社区卫生服务门诊",
    )
    pdf = register.export_register(
        auth,
        location_id=choice.location_id,
        product_id=choice.product_id,
        year=today.year,
        month=today.month,
        clinic_name="城东社区卫生服务门诊",
        fmt="pdf",
    )
    return pdf, register.file_name(reg, "pdf").removesuffix(".pdf")


def a_receipt(clinic, passwords) -> str:  # type: ignore[no-untyped-def]
    """A payment of ¥30 by a demo patient, taken now by the nurse: its receipt number."""
    nurse = clinic.login("nurse", passwords["nurse"])
    patient_id = int(records.list_patients(nurse, status="active", limit=1)[0].patient_id)
    return patient_fees.record_payment(
        nurse, patient_id=patient_id, amount="30", method="wechat", confirm_above_owed="30"
    ).receipt_number


def shoot(application: QApplication, preview: PrintPreview, name: str) -> None:
    preview.resize(*SIZE)
    preview.show()
    for _ in range(20):
        settle(application)
    save(preview, name)
    preview.close()
    settle(application)


def printed_pages(pdf: bytes, name: str, last: int = 1) -> None:
    """The pages as a printer gets them (through QPrinter's PDF output), rendered to PNG."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"{name}.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        print_pdf_to(printer, pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                str(last),
                str(target),
                str(OUT / name),
            ],
            check=True,
        )
    for png in sorted(OUT.glob(f"{name}-*.png")):
        print(png.relative_to(OUT.parent.parent))


def main() -> int:
    from clinic.ui.common import ui_settings
    from clinic.ui.i18n import languages
    from clinic.ui.main import make_application

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="clinic-shots-ui-"))
    OUT.mkdir(parents=True, exist_ok=True)
    application = make_application()
    with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
        built = os.environ.get("SHOTS_DEMO")
        if built:
            import json

            from tests.demo_cache import PASSWORDS, copy_of

            clinic = copy_of(Path(built), Path(tmp) / "clinic")
            passwords = json.loads((Path(built).parent / PASSWORDS).read_text())
        else:
            clinic, passwords = create_demo(Path(tmp) / "clinic")
        try:
            pharmacist = clinic.login("pharmacist", passwords["pharmacist"])
            register_pdf, register_title = busiest_register(pharmacist)
            receipt_number = a_receipt(clinic, passwords)
            nurse = clinic.login("nurse", passwords["nurse"])
            printed_pages(register_pdf, "print-register-printed", last=2)  # day 1's total on 2
            printed_pages(
                patient_fees.receipt_pdf(nurse, receipt_number=receipt_number),
                "print-receipt-printed",
            )
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                main_window = MainWindow(clinic)
                main_window.start_session(clinic.login("nurse", passwords["nurse"]))
                main_window.resize(*SIZE)
                main_window.show()
                settle(application)
                shoot(
                    application,
                    print_pdf(main_window, register_title, register_pdf),
                    f"{language}-print-preview-register",
                )
                preview = print_receipt(main_window, nurse, receipt_number)
                assert preview is not None
                shoot(application, preview, f"{language}-print-preview-receipt")
                main_window.close()
                settle(application)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
