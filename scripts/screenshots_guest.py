"""Screenshots of guest dosing (runnable alone): the guest order dialog, the record's guest box,
the home window's panel and queue saying where the patient doses today, and the consents about to
expire; at 1366×768, in Chinese and English."""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication
from shots import closed, record_box, save, settle, signed_in  # beside this script

from clinic import administration
from clinic.demo import create_demo
from clinic.dosing import daylog, guest, window
from clinic.patients import consent, records
from clinic.service import AuthContext
from clinic.ui.main_window import MainWindow
from clinic.ui.patient_common import clinic_today

SCREEN = (1366, 768)
DOSING = (1366, 705)  # a maximised window's client area on a 1366×768 screen


def prepare(physician: AuthContext, nurse: AuthContext) -> tuple[int, int, str]:
    """A patient the nurse could dose today, sent to the satellite for a week from today;
    another whose guest dialog is drawn; a consent expiring in 6 days."""
    today = clinic_today(physician)
    sites = administration.list_sites(physician)
    satellite = next(s for s in sites if s.code != "MAIN")
    main_window = next(
        p.location_id for p in daylog.dosing_windows(nurse) if "Main" in p.name or "主" in p.name
    )
    away, number = None, ""
    for entry in window.today_queue(nurse, window_id=main_window).to_attend:
        panel = window.open_for_dosing(
            nurse, patient_id=int(entry.patient_id), window_id=main_window
        )
        window.close_panel(nurse, patient_id=int(entry.patient_id), window_id=main_window)
        if panel.can_dose and panel.photo:
            away, number = int(entry.patient_id), panel.patient_number
            break
    assert away is not None, "no patient ready at the main window"
    guest.order_guest_dosing(
        physician,
        patient_id=away,
        starts_on=today,
        ends_on=today + timedelta(days=6),
        site_id=int(satellite.site_id),
        note="探亲 visiting family",
    )
    other = next(
        int(p.patient_id)
        for p in records.list_patients(physician, status="active", limit=20)
        if int(p.patient_id) != away
    )
    signed = {"signed_on": today - timedelta(days=350), "expires_on": today + timedelta(days=6)}
    scheme = "城乡居民基本医疗保险 resident scheme"
    consent.record_consent(
        physician,
        patient_id=other,
        purpose="insurance_claims",
        recipient=scheme,
        scope="服药天数与费用 dosing days and fees",
        **signed,
    )
    return away, other, number


def record_and_dialogs(
    application: QApplication, main: MainWindow, language: str, away: int, other: int
) -> None:
    from clinic.ui.consent_forms import ExpiringConsentsDialog
    from clinic.ui.guest_forms import GuestOrderDialog

    assert main.auth is not None
    main.resize(*SCREEN)
    record_box(application, main, away, "guestBox")
    save(main, f"{language}-record-guest")
    record = records.open_patient(main.auth, patient_id=other)
    dialog = GuestOrderDialog(
        main.auth, patient_id=other, patient_number=record.patient_number, parent=main
    )
    today = clinic_today(main.auth)
    start = today + timedelta(days=3)
    dialog.starts.setDate(QDate(start.year, start.month, start.day))
    end = today + timedelta(days=16)
    dialog.ends.setDate(QDate(end.year, end.month, end.day))
    dialog.note.setText("外出务工 working away" if language == "zh_CN" else "working away")
    dialog.show()
    settle(application)
    save(dialog, f"{language}-guest-order-dialog")
    dialog.close()
    expiring = ExpiringConsentsDialog(main.auth, main)
    expiring.show()
    settle(application)
    save(expiring, f"{language}-expiring-consents")
    expiring.close()


def window_panel(application: QApplication, main: MainWindow, language: str, number: str) -> None:
    from clinic.ui.dosing_page import DosingPage

    assert main.auth is not None
    main.resize(*DOSING)
    main.show_page("dosing")
    page = main.page("dosing")
    assert isinstance(page, DosingPage) and page.window_tab is not None
    tab = page.window_tab
    for index in range(tab.window_choice.count()):
        if "Main" in tab.window_choice.itemText(index):
            tab.window_choice.setCurrentIndex(index)
    tab.refresh()
    tab.scan.setText(number)
    tab.enter()
    settle(application)
    for index in range(tab.attended.count()):  # the queue's line: where the patient doses
        item = tab.attended.item(index)
        if item is not None and item.text().startswith(number):
            tab.attended.scrollToItem(item)
    settle(application)
    save(main, f"{language}-dosing-doses-elsewhere")
    tab.clear_panel()


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
            nurse = clinic.login("nurse", passwords["nurse"])
            away, other, number = prepare(physician, nurse)
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                doctor = signed_in(application, clinic, "physician", passwords["physician"])
                record_and_dialogs(application, doctor, language, away, other)  # type: ignore[arg-type]
                closed(application, doctor)
                at_window = signed_in(application, clinic, "nurse", passwords["nurse"])
                window_panel(application, at_window, language, number)  # type: ignore[arg-type]
                closed(application, at_window)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
