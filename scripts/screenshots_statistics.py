"""Screenshots of the monthly figures (runnable alone): the statistics release dialog in Chinese
and English (also at 1366×768), and the first page of the MMT work report's PDF and of the
released statistics' PDF (the PDFs are bilingual: one picture each).

The clinic is the demo's users and products with a small month written here through the real
services (two sites, twenty patients, a day of doses and screens): the full demo's build is not
needed for figures this small."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication
from shots import OUT, save, settle  # beside this script

from clinic import administration
from clinic.analytics import deidentified, mmt_report
from clinic.app import Clinic
from clinic.demo import create_demo
from clinic.dosing import screens, window
from clinic.dosing.orders import OrderRequest, write_order
from clinic.inventory import catalogue, stock
from clinic.patients import enrolment
from clinic.reports.table_pdf import render_table_pdf
from clinic.service import AuthContext
from clinic.ui.patient_common import clinic_today

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests import factories  # fictional identities with valid ID numbers


def prepare(clinic: Clinic, passwords: dict[str, str]) -> None:
    """Twenty patients at two sites, most dosed today, some screened."""
    admin = clinic.login("admin", passwords["admin"])
    pharm = clinic.login("pharmacist", passwords["pharmacist"])
    doc = clinic.login("physician", passwords["physician"])
    nurse = clinic.login("nurse", passwords["nurse"])
    witness = {"witness": "nurse", "witness_password": passwords["nurse"]}
    sites = {s.code for s in administration.list_sites(admin)}
    main = next(iter(sorted(sites)))
    if "SAT" not in sites:
        administration.add_site(admin, code="SAT", name="卫星点 Satellite")
    today = clinic_today(admin)
    liquid = catalogue.add_product(
        pharm,
        code="MET-SHOT",
        name="盐酸美沙酮口服溶液 1 mg/mL",
        drug="methadone",
        form="oral_solution",
        mg_per_unit="1",
        controlled_class="narcotic",
    ).product_id
    safe = stock.add_place(pharm, site_code=main, kind="safe", name="药库 Safe").location_id
    counter = stock.add_place(pharm, site_code=main, kind="window", name="窗口 Window").location_id
    stock.receive(
        pharm,
        product_id=liquid,
        lot_number="SHOT-1",
        expiry_date=today + timedelta(days=400),
        manufacturer="示范制药",
        supplier="示范医药",
        safe_id=safe,
        expected="5000",
        received="5000",
        quality_condition="包装完好 intact",
        acceptance="accepted",
        **witness,
    )
    stock.issue_to_window(
        pharm, product_id=liquid, safe_id=safe, window_id=counter, quantity="3000", **witness
    )
    names = "张伟 王芳 李娜 刘洋 陈静 杨磊 赵敏 黄勇 周杰 吴霞 徐强 孙丽 马超 朱红 胡斌 郭涛 林峰 何平 高军 罗刚"
    for index, name in enumerate(names.split()):
        sex = "F" if index % 5 in (1, 4) else "M"
        birth = date(1965 + (index * 7) % 35, 1 + index % 12, 10)
        draft = factories.enrolment(today, name=name, sex=sex, birth=birth)
        site = "SAT" if index % 4 == 3 else None
        pid = enrolment.enrol_patient(doc, enrolment=draft, site_code=site).patient_id
        write_order(
            doc,
            patient_id=pid,
            request=OrderRequest(
                product_id=liquid, daily_dose_mg=str(15 + 5 * (index % 4)), start_on=today
            ),
        )
        if site is None and index % 7 != 6:
            window.record_dose(nurse, patient_id=pid, window_id=counter)
        if index % 3 == 0:
            screens.record_screen(
                nurse, patient_id=pid, collected_on=today, results={"opiates": index % 9 == 0}
            )


def dialog_shots(application: QApplication, auth: AuthContext, language: str) -> None:
    from clinic.ui.statistics_dialog import StatisticsDialog

    month = clinic_today(auth)
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
        clinic, passwords = create_demo(Path(tmp) / "clinic", fill=False)
        try:
            prepare(clinic, passwords)
            physician = clinic.login("physician", passwords["physician"])
            month = clinic_today(physician)
            report = mmt_report.mmt_work_report(physician, month=month)
            pdf_first_page(render_table_pdf(report, demo=True), "mmt-work-report-pdf")
            released = deidentified.release_statistics(
                physician,
                month=month,
                recipient="区疾控中心 District CDC",
                purpose="月度工作统计 monthly planning",
                target=Path(tmp) / "statistics",
                formats=("pdf",),
            )
            pdf_first_page(released.files[0].read_bytes(), "statistics-pdf")
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                dialog_shots(application, physician, language)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
