"""Entry point of the desktop program: `clinic [--path DIR]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from clinic.config import default_home
from clinic.errors import ClinicError
from clinic.ui.common import APPLICATION, ORGANISATION, error_text, ui_settings
from clinic.ui.i18n import RESOURCES, languages

LOGIN_SHOWN = "clinic-ui: login shown"
# The pages are imported this long after the login dialog is shown, while the password is typed.
PREPARE_AFTER_MS = 200


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="clinic", description="Clinic records (desktop).")
    parser.add_argument("--path", help="the clinic's folder (default: the user data folder)")
    parser.add_argument(
        "--exit-when-login-shown", action="store_true", help=argparse.SUPPRESS
    )  # for benchmarks/gui.py: print a line and quit once the login dialog is on screen
    return parser.parse_args(argv)


def make_application() -> QApplication:
    existing = QApplication.instance()
    application = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    application.setOrganizationName(ORGANISATION)
    application.setApplicationName(APPLICATION)
    application.setApplicationDisplayName("Clinic")
    style = RESOURCES / "style.qss"
    if style.exists():
        application.setStyleSheet(style.read_text("utf-8"))
    font = QFont(application.font())
    font.setFamilies([font.family(), "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei"])
    application.setFont(font)
    return application


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    application = make_application()
    languages.apply(str(ui_settings().value("language", "system")))
    home = Path(args.path).expanduser().resolve() if args.path else default_home()

    from clinic.app import open_clinic
    from clinic.ui.login import LoginDialog
    from clinic.ui.main_window import MainWindow, prepare_pages

    try:
        clinic = open_clinic(home, offline_ok=True)
    except ClinicError as exc:
        print(error_text(exc), file=sys.stderr)
        if QGuiApplication.platformName() != "offscreen":  # nobody could close the box there
            QMessageBox.critical(
                None, QCoreApplication.translate("Main", "Cannot open the clinic"), error_text(exc)
            )
        return 1
    try:
        site_name = ui_settings().value(f"site_name/{clinic.settings.clinic_id}")
        if clinic.unreachable:  # a satellite whose server is out of reach: dose from its copy
            window = MainWindow(clinic)
            window.show_for_work()
            window.enter_offline()
            if window.auth is None:
                return 0
            return application.exec()
        dialog = LoginDialog(clinic, site_name=str(site_name) if site_name else None)
        QTimer.singleShot(PREPARE_AFTER_MS, prepare_pages)  # while the user types
        if args.exit_when_login_shown:

            def report() -> None:
                print(LOGIN_SHOWN, flush=True)
                dialog.reject()

            QTimer.singleShot(0, report)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.auth is None:
            return 0
        window = MainWindow(clinic)
        window.start_session(dialog.auth)
        window.show_for_work()
        QGuiApplication.processEvents()
        return application.exec()
    finally:
        clinic.close()


if __name__ == "__main__":
    sys.exit(main())
