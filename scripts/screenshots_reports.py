"""Screenshots of the Reports page (runnable alone): each report the physician, nurse and
pharmacist run on the demo clinic, the contact-attempt dialog, and each report's PDF's first page;
at 1366×768, in Chinese and English."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication
from shots import OUT, closed, save, settle, signed_in  # beside this script

from clinic.analytics import reports
from clinic.demo import create_demo
from clinic.patients.outreach import log_contact_attempt
from clinic.ui.main_window import MainWindow
from clinic.ui.patient_common import clinic_today, to_qdate
from clinic.ui.reports_page import ReportsPage
from clinic.ui.worker import busy

SCREEN = (1366, 768)


def wait(application: QApplication, done: Callable[[], bool]) -> None:
    give_up = time.monotonic() + 120
    while time.monotonic() < give_up:
        application.processEvents()
        if not busy() and done():
            break
        time.sleep(0.02)
    else:
        raise SystemExit("a report did not finish in two minutes")
    settle(application)


def run_each(
    application: QApplication, main: MainWindow, language: str, who: str, pdfs: Path | None
) -> None:
    assert main.auth is not None
    main.resize(*SCREEN)
    main.show_page("reports")
    page = main.page("reports")
    assert isinstance(page, ReportsPage)
    today = clinic_today(main.auth)
    page.start.setDate(to_qdate(today - timedelta(days=6)))
    page.within.setValue(400)
    for spec in page.specs:
        if spec.run is None:
            continue
        page.choose(spec.key)
        page.run()
        wait(application, lambda key=spec.key: page.ran_for == key)
        save(main, f"{language}-report-{who}-{spec.key}")
        if pdfs is not None and page.tables:
            target = pdfs / f"{spec.key}.pdf"
            target.write_bytes(reports.save_report(main.auth, tables=page.tables, fmt="pdf"))
            first_page(target, f"report-pdf-{spec.key}")
        if spec.key == "outreach" and page.contact_button.isVisible():
            page.view().selectionModel().select(
                page.model().index(0, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
            dialog = page.contact_dialog()
            assert dialog is not None
            dialog.method.setCurrentIndex(dialog.method.findData("phone"))
            dialog.outcome.setCurrentIndex(dialog.outcome.findData("will_return"))
            dialog.note.insert("答应周一来" if language == "zh_CN" else "will come on Monday")
            dialog.show()
            settle(application)
            save(dialog, f"{language}-report-contact-dialog")
            dialog.close()


def first_page(pdf: Path, name: str) -> None:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not installed: no PDF pictures")
        return
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(OUT / name),
        ],
        check=True,
    )
    print(f"docs/screenshots/{name}.png")


def main() -> int:
    from clinic.ui.common import ui_settings
    from clinic.ui.i18n import languages
    from clinic.ui.main import make_application

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="clinic-shots-ui-"))
    application = make_application()
    with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
        clinic, passwords = create_demo(Path(tmp) / "clinic")
        try:
            nurse = clinic.login("nurse", passwords["nurse"])
            today = clinic_today(nurse)
            outreach = reports.outreach_report(nurse, day=today)
            for pid in reports.table_patients(outreach)[:2]:
                log_contact_attempt(
                    nurse, patient_id=pid, method="phone", outcome="no_answer", note="关机"
                )
            pdfs = Path(tmp) / "pdfs"
            pdfs.mkdir()
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                for who in ("physician", "pharmacist", "nurse"):
                    window = signed_in(application, clinic, who, passwords[who])
                    keep = pdfs if language == "zh_CN" else None
                    run_each(application, window, language, who, keep)  # type: ignore[arg-type]
                    closed(application, window)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
