"""Screenshots of a satellite dosing point offline (issue 20), in Chinese and English, at the client
area of a maximised window on a 1366×768 screen: the dosing window with the offline banner and a
patient's panel opened from the replica; the banner once the link is back; the review list.

    bash scripts/with-keyring.sh .venv/bin/python scripts/screenshots_offline.py

Needs the PostgreSQL server of the tests (CLINIC_TEST_PG_URL, default postgres@127.0.0.1:5432): a
throw-away database is made and dropped. The link is cut with the tests' TCP proxy.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication
from shots import save, settle
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SIZE = (1366, 705)
ADMIN_URL = os.environ.get(
    "CLINIC_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def main() -> int:
    from clinic.dosing import late
    from clinic.patients.records import change_status, open_patient
    from clinic.privacy.keys import OsKeyringStore
    from clinic.privacy.users import login
    from clinic.ui.common import ui_settings
    from clinic.ui.i18n import languages
    from clinic.ui.main import make_application
    from clinic.ui.main_window import MainWindow
    from clinic.ui.offline import ReviewListDialog
    from tests.conftest import make_clinic
    from tests.integration.tcp_proxy import TcpProxy
    from tests.integration.test_satellite import Satellite

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="clinic-shots-ui-"))
    application = make_application()
    assert isinstance(application, QApplication)
    name = f"clinic_shots_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    keystore = OsKeyringStore()
    try:
        with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
            through = url.set(host="127.0.0.1", port=proxy.port)
            cut = make_clinic(
                Path(tmp) / "clinic",
                keystore,
                "postgresql",
                through.render_as_string(hide_password=False),
            )
            cut.clinic.settings = replace(cut.clinic.settings, satellite_site="SAT")
            s = Satellite(cut, proxy, create_engine(url), cut.home / "replica")
            w = s.w
            patient, discharged = s.patient(), s.patient()
            number = open_patient(w.doc, patient_id=patient).patient_number
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                main = MainWindow(cut.clinic)
                nurse = cut.clinic.login("nurse2", "nurse2-pass-1")
                main.start_session(nurse)
                main.resize(*SIZE)
                main.show()
                assert main.station is not None
                main.station.refresh()
                settle(application)
                # the link is cut: what enter_offline does, with the sign-in typed for it
                proxy.cut()
                replica = main.station.go_offline("server unreachable")
                main.banner.limit_hours = main.station.offline_hours()
                main.banner.zone = main.site_timezone
                main.banner.show_state("offline", since=w.now)
                main.clinic = type(cut.clinic)(cut.home, cut.clinic.settings, replica, keystore)
                offline = login(replica, username="nurse2", password="nurse2-pass-1")
                main.start_session(offline)
                main.show_page("dosing")
                page = main.page("dosing").window_tab  # type: ignore[union-attr]
                page.window_choice.setCurrentIndex(page.window_choice.findData(s.sites.sat))
                page.identify(number)
                settle(application)
                save(main, f"{language}-offline-dosing")
                time.sleep(0.7)  # the panel guards Enter for its first 0.6 s
                page.confirm()  # the dose, through the window's own button
                proxy.restore()
                main.banner.show_state("back", waiting=main.station.waiting()[0])
                settle(application)
                save(main, f"{language}-offline-back")
                online = cut.clinic.login("nurse2", "nurse2-pass-1")
                main.send_with(online)
                settle(application)
                # a dose given by hand for a patient discharged meanwhile: on the review list
                if language == "zh_CN":
                    change_status(
                        w.doc,
                        patient_id=discharged,
                        to_status="discharged",
                        effective_on=w.now.date(),
                        reason="迁居外地",
                    )
                    late.record_late_dose(
                        online,
                        key=str(uuid.uuid4()),
                        source="manual",
                        patient_id=discharged,
                        window_id=s.sites.sat,
                        given_at=w.now - timedelta(minutes=40),
                        given_by=online.actor.user_id,
                        note="停电时按打印队列给药",
                    )
                dialog = ReviewListDialog(w.doc, main)
                dialog.resize(1300, 420)
                dialog.show()
                settle(application)
                save(dialog, f"{language}-offline-review-list")
                dialog.close()
                main.close()
                settle(application)
                w.at(w.now.date() + timedelta(days=1))  # the next language on the next day
            cut.clinic.close()
            keystore.delete(cut.clinic.settings.clinic_id)
            keystore.delete(f"{cut.clinic.settings.clinic_id}:replica:{cut.db.workstation}")
            s.direct.dispose()
    finally:
        proxy.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
