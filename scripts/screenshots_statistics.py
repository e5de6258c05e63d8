"""Screenshots of the monthly figures (runnable alone): the statistics release dialog in Chinese
and English (also at 1366×768), and the first page of the MMT work report's PDF and of the
released statistics' PDF (the PDFs are bilingual: one picture each)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication
from shots import OUT, save, settle  # beside this script

from clinic.analytics import deidentified, mmt_report
from clinic.demo import create_demo
from clinic.reports.table_pdf import render_table_pdf
from clinic.service import AuthContext
from clinic.ui.patient_common import clinic_today


def dialog_shots(application: QApplication, auth: AuthContext, language: str) -> None:
    from clinic.ui.statistics_dialog import StatisticsDialog

    month = clinic_today(auth) - timedelta(days=15)
    dialog = StatisticsDialog(auth)
    dialog.month.setDate(QDate(month.year, month.month, 1))
    dialog.recipient.setText("区疾控中心" if language == "zh_CN" else "District CDC")
    dialog.purpose.setText("月度工作统计" if language == "zh_CN" else "monthly service planning")
    dialog.target.setText(str(Path.home() / f"statistics-{month:%Y%m}"))
    dialog.show()
    settle(application)
    save(dialog, f"{language}-statistics-release")
    dialog.resize(1366, 768)
    dialog.preview.setCurrentIndex(3)
    settle(application)
    save(dialog, f"{language}-statistics-release-1366x768")
    dialog.close()


def pdf_first_page(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
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
                str(path),
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
            physician = clinic.login("physician", passwords["physician"])
            month = clinic_today(physician) - timedelta(days=15)
            report = mmt_report.mmt_work_report(physician, month=month)
            pdf_first_page(render_table_pdf(report, demo=True), "mmt-work-report-pdf")
            tables = deidentified.deidentified_statistics(physician, month=month)
            pdf_first_page(render_table_pdf(tables, demo=True), "statistics-pdf")
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                dialog_shots(application, physician, language)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
