"""Screenshots of transfer summaries (runnable alone): page 1 of the transfer summary PDF, and
the import confirmation at a second clinic (signature verified, each field to confirm), in
Chinese and English, at 1366×768."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shots import OUT, save, settle  # beside this script

from clinic.app import open_clinic
from clinic.demo import create_demo
from clinic.patients import consent, records, transfer
from clinic.ui.patient_common import clinic_today

SCREEN = (1366, 768)
RECIPIENT = "示范市第二美沙酮维持治疗门诊"
PASSPHRASE = "示范转诊口令-2026-demo"


def pdf_picture(pdf: bytes, tmp: Path) -> None:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: transfer-summary.png skipped (apt-get install poppler-utils)")
        return
    path = tmp / "transfer.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            *("pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile"),
            str(path),
            str(OUT / "transfer-summary"),
        ],
        check=True,
    )
    print("docs/screenshots/transfer-summary.png")


def import_shots(
    application: QApplication, receiving_home: Path, sealed: Path, passwords: dict[str, str]
) -> None:
    from clinic.ui.common import ui_settings
    from clinic.ui.i18n import languages
    from clinic.ui.main_window import MainWindow
    from clinic.ui.transfer_dialogs import ImportTransferDialog

    clinic = open_clinic(receiving_home)
    try:
        for language in ("zh_CN", "en"):
            ui_settings().setValue("language", language)
            languages.apply(language)
            main = MainWindow(clinic)
            main.start_session(clinic.login("physician", passwords["physician"]))
            main.resize(*SCREEN)
            main.show()
            settle(application)
            assert main.auth is not None
            dialog = ImportTransferDialog(main.auth, parent=main)
            dialog.path.setText(str(sealed))
            dialog.passphrase.setText(PASSPHRASE)
            dialog.show()
            dialog.open_file()
            for row in range(4):  # part-way through the checking
                item = dialog.table.item(row, 2)
                if item is not None:
                    item.setCheckState(Qt.CheckState.Checked)
            settle(application)
            save(dialog, f"{language}-transfer-import")
            dialog.resize(*SCREEN)
            settle(application)
            save(dialog, f"{language}-transfer-import-1366")
            dialog.close()
            main.close()
            settle(application)
    finally:
        clinic.close()


def main() -> int:
    from clinic.ui.main import make_application

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="clinic-shots-ui-"))
    OUT.mkdir(parents=True, exist_ok=True)
    application = make_application()
    with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
        home = Path(tmp) / "clinic"
        clinic, passwords = create_demo(home)
        try:
            physician = clinic.login("physician", passwords["physician"])
            active = records.list_patients(physician, status="active", limit=50)
            patient_id = int(active[0].patient_id)
            consent.record_consent(
                physician,
                patient_id=patient_id,
                purpose="transfer",
                recipient=RECIPIENT,
                scope="转诊摘要 transfer summary",
                signed_on=clinic_today(physician),
            )
            package = transfer.send_transfer(
                physician,
                patient_id=patient_id,
                recipient=RECIPIENT,
                passphrase=PASSPHRASE,
                note="患者上午服药，随访电话已告知 doses in the morning; follow-up number given",
            )
            pdf_picture(package.pdf, Path(tmp))
            sealed = Path(tmp) / "transfer.json"
            sealed.write_bytes(package.file)
        finally:
            clinic.close()
        # The receiving clinic: a demo with its users and no patients yet.
        receiving = Path(tmp) / "receiving"
        other, other_passwords = create_demo(receiving, fill=False)
        other.close()
        import_shots(application, receiving, sealed, other_passwords)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
