"""Screenshots of consents and the patient's history (runnable alone for a quick look): the
record's consents with their buttons, the consent dialog, the disclosure history, the dose and
screen history; at 1366×768, in Chinese and English; and the consent form PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import record_box, save, settle  # beside this script

from clinic.demo import create_demo
from clinic.patients import consent, records
from clinic.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SCREEN = (1366, 768)


def shots(application: QApplication, main: MainWindow, language: str, patient_id: int) -> None:
    from clinic.ui.consent_forms import ConsentDialog, DisclosureHistoryDialog
    from clinic.ui.history_dialog import PatientHistoryDialog
    from clinic.ui.patients_page import PatientsPage

    assert main.auth is not None
    main.resize(*SCREEN)
    record_box(application, main, patient_id, "consentsBox")
    save(main, f"{language}-record-consents")
    page = main.page("patients")
    assert isinstance(page, PatientsPage)
    record = page.record_view.record
    assert record is not None
    for dialog, name in (
        (
            ConsentDialog(
                main.auth, patient_id=patient_id, patient_number=record.patient_number, parent=main
            ),
            "consent-dialog",
        ),
        (
            DisclosureHistoryDialog(main.auth, patient_id, record.patient_number, main),
            "disclosure-history",
        ),
        (PatientHistoryDialog(main.auth, patient_id, record.patient_number, main), "dose-history"),
    ):
        dialog.show()
        settle(application)
        save(dialog, f"{language}-{name}")
        dialog.close()


def form_picture(main: MainWindow, patient_id: int, tmp: Path) -> None:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: consent-form.png skipped (apt-get install poppler-utils)")
        return
    from clinic.ui.patient_common import clinic_today

    assert main.auth is not None
    pdf = tmp / "consent.pdf"
    pdf.write_bytes(
        consent.consent_form_pdf(
            main.auth,
            patient_id=patient_id,
            purpose="transfer",
            recipient="示范县美沙酮维持治疗门诊",
            scope="当前医嘱、近 30 天服药及尿检记录 current order, last 30 days' doses and screens",
            signed_on=clinic_today(main.auth),
        )
    )
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf), str(OUT / "consent-form")],
        check=True,
    )
    print("docs/screenshots/consent-form.png")


def main() -> int:
    from clinic.ui.common import ui_settings
    from clinic.ui.i18n import languages
    from clinic.ui.main import make_application

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="clinic-shots-ui-"))
    OUT.mkdir(parents=True, exist_ok=True)
    application = make_application()
    with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
        clinic, passwords = create_demo(Path(tmp) / "clinic")
        try:
            physician = clinic.login("physician", passwords["physician"])
            active = records.list_patients(physician, status="active", limit=50)
            patient_id = int(active[0].patient_id)
            consent.record_disclosure(
                physician,
                patient_id=patient_id,
                purpose="authority_report",
                recipient="示范县公安局",
                scope="在治状态 treatment status",
                legal_basis="《戒毒条例》 Drug Rehabilitation Regulations",
                reference="示范-2026-001",
            )
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                main_window = MainWindow(clinic)
                main_window.start_session(clinic.login("physician", passwords["physician"]))
                main_window.show()
                settle(application)
                shots(application, main_window, language, patient_id)
                if language == "zh_CN":
                    form_picture(main_window, patient_id, Path(tmp))
                main_window.close()
                settle(application)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
