"""Logging in through the real dialog: each role sees exactly its pages; lockout; caps lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from clinic.privacy.users import check_session
from clinic.ui.login import LoginDialog
from clinic.ui.main_window import MainWindow

from .conftest import fill_login, sign_in

EXPECTED_PAGES = {
    "admin": ["dashboard", "reports", "users", "settings", "payers"],
    "nurse": ["dosing", "patients", "stock", "reconciliation", "dashboard", "reports"],
    "pharmacist": ["dosing", "patients", "stock", "reconciliation", "dashboard", "reports"],
    "physician": ["dosing", "patients", "dashboard", "reports"],
    "clerk": ["patients", "claims", "dashboard"],
    "auditor": ["reports", "audit"],
}
TITLES = {
    "users": "Users",
    "settings": "Settings",
    "dosing": "Dosing window",
    "patients": "Patients",
    "stock": "Stock",
    "reconciliation": "Reconciliation",
    "reports": "Reports",
    "claims": "Claims",
    "dashboard": "Dashboard",
    "payers": "Payers and fees",
    "audit": "Audit trail",
}


@pytest.mark.parametrize("username", list(EXPECTED_PAGES))
def test_each_role_sees_exactly_its_pages(qtbot, demo, username) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, username, passwords[username])
    assert window.page_keys() == EXPECTED_PAGES[username]
    shown = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert shown == [TITLES[key] for key in EXPECTED_PAGES[username]]
    assert window.stack.count() == len(EXPECTED_PAGES[username])
    assert username in window.user_label.text()
    assert window.mode_label.text() == "embedded database"
    assert window.demo_label.isVisible() and window.demo_label.text() == "DEMO"
    assert "Demo clinic" in window.site_label.text()


PAGE_CLASSES = {
    "users": "UsersPage",
    "settings": "SettingsPage",
    "dosing": "DosingPage",
    "patients": "PatientsPage",
    "stock": "StockPage",
    "reconciliation": "ReconciliationPage",
    "reports": "ReportsPage",
    "claims": "ClaimsPage",
    "dashboard": "DashboardPage",
    "payers": "PayersPage",
    "audit": "AuditPage",
}


@pytest.mark.parametrize("username", list(EXPECTED_PAGES))
def test_pages_are_built_when_first_shown(qtbot, demo, username) -> None:
    """Only the page shown at sign-in is built; each other page is built the first time it is
    shown, once, and shows; signing out with pages never shown builds none and asks nothing."""
    from PySide6.QtWidgets import QApplication, QDialog

    clinic, passwords = demo
    window = sign_in(qtbot, clinic, username, passwords[username])
    keys = EXPECTED_PAGES[username]
    assert window.built_pages() == keys[:1]
    assert type(window.stack.currentWidget()).__name__ == PAGE_CLASSES[keys[0]]
    for n, key in enumerate(keys[1:], start=2):
        window.show_page(key)
        page = window.stack.currentWidget()
        assert type(page).__name__ == PAGE_CLASSES[key]
        assert page.isVisible() and window.page(key) is page
        assert window.built_pages() == keys[:n] and window.stack.count() == len(keys)
    window.show_page(keys[0])
    assert window.stack.currentWidget() is window.page(keys[0])
    window.close()

    again = MainWindow(clinic)
    qtbot.addWidget(again)
    again.start_session(clinic.login(username, passwords[username]))
    again.show()
    qtbot.waitExposed(again)
    assert again.built_pages() == keys[:1]
    again.close()  # the session ends with pages never built: none is built then
    assert again.built_pages() == [] and again.stack.count() == 0
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
    assert not [d for d in dialogs if d.isVisible()]


def test_the_dosing_pages_other_tabs_read_their_lists_when_first_shown(qtbot, demo) -> None:
    """The screens due and the outreach list (names of absent patients) are read, and audited,
    when the nurse opens their tab, not at sign-in behind the dosing window."""
    import json

    from sqlalchemy import func, select

    from clinic.storage.models import AuditEvent
    from clinic.storage.uow import UnitOfWork
    from clinic.ui.dosing_page import DosingPage

    def read_by_nurse(after: int) -> list[tuple[str, bool]]:
        """The screens and outreach reads by the nurse after event AFTER (the daily log, also
        dosing.log, has no results count)."""
        with UnitOfWork(clinic.db, read_only=True) as uow:
            rows = uow.session.execute(
                select(AuditEvent.action, AuditEvent.details)
                .where(
                    AuditEvent.seq > after,
                    AuditEvent.username == "nurse",
                    AuditEvent.action.in_(["screen.record", "dosing.log"]),
                )
                .order_by(AuditEvent.seq)
            ).all()
        return [
            (a, "results" in json.loads(d or "{}"))
            for a, d in rows
            if a == "screen.record" or "results" in json.loads(d or "{}")
        ]

    clinic, passwords = demo
    with UnitOfWork(clinic.db, read_only=True) as uow:
        start = int(uow.session.scalar(select(func.max(AuditEvent.seq))) or 0)
    window = sign_in(qtbot, clinic, "nurse", passwords["nurse"])
    page = window.page("dosing")
    assert isinstance(page, DosingPage)
    screens, outreach = page.screens_tab, page.outreach_tab
    assert screens is not None and outreach is not None
    assert not screens.loaded and not outreach.loaded
    assert read_by_nurse(start) == []
    page.tabs.setCurrentWidget(screens)
    assert screens.loaded and not outreach.loaded
    assert [a for a, _ in read_by_nurse(start)] == ["screen.record"]
    page.tabs.setCurrentWidget(outreach)
    assert outreach.loaded and outreach.listing.count() == len(outreach.entries)
    assert read_by_nurse(start) == [("screen.record", False), ("dosing.log", True)]


def test_login_dialog_shows_clinic_site_and_demo(qtbot, demo) -> None:
    clinic, _ = demo
    dialog = LoginDialog(clinic, site_name="示范门诊 Demo clinic")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.clinic_label.text() == clinic.settings.clinic_name
    assert "示范门诊" in dialog.site_label.text()
    assert dialog.demo_label.isVisible()
    assert "DEMO" in dialog.demo_label.text()


def test_wrong_password_is_refused_with_a_clear_message(qtbot, demo) -> None:
    clinic, _ = demo
    dialog = LoginDialog(clinic)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_login(qtbot, dialog, "nurse", "not-the-password")
    assert dialog.auth is None and dialog.isVisible()
    assert dialog.message.text() == "Wrong user name or password."
    assert dialog.password.text() == ""


def test_broken_audit_trail_is_told_to_the_administrator_and_refuses_a_nurse(qtbot, demo) -> None:
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import text

    from .conftest import when_shown

    clinic, passwords = demo
    with clinic.db.engine.begin() as conn:
        conn.execute(
            text("DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)")
        )
    dialog = LoginDialog(clinic)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_login(qtbot, dialog, "nurse", passwords["nurse"])
    assert dialog.auth is None and dialog.isVisible()
    assert "audit trail is damaged" in dialog.message.text()
    told: list[str] = []

    def read_and_close(box: QMessageBox) -> None:  # type: ignore[override]
        told.append(box.text())
        box.accept()

    when_shown(QMessageBox, read_and_close)  # type: ignore[arg-type]
    fill_login(qtbot, dialog, "admin", passwords["admin"])
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert len(told) == 1 and "audit trail is damaged" in told[0]


def test_lockout_after_five_wrong_passwords(qtbot, demo) -> None:
    clinic, passwords = demo
    dialog = LoginDialog(clinic)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(4):
        fill_login(qtbot, dialog, "nurse", "wrong-password")
        assert dialog.message.text() == "Wrong user name or password."
    fill_login(qtbot, dialog, "nurse", "wrong-password")
    assert "locked for 15 more minutes" in dialog.message.text()
    fill_login(qtbot, dialog, "nurse", passwords["nurse"])
    assert dialog.auth is None
    assert "locked for" in dialog.message.text()
    # another account on the same workstation is unaffected
    fill_login(qtbot, dialog, "pharmacist", passwords["pharmacist"])
    assert dialog.auth is not None and dialog.auth.actor.username == "pharmacist"
    check_session(dialog.auth)


def test_caps_lock_hint(qtbot, demo) -> None:
    clinic, _ = demo
    dialog = LoginDialog(clinic)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.caps.isVisible()
    qtbot.keyClicks(dialog.password, "ABC")  # capitals typed without Shift: caps lock is on
    assert dialog.caps.isVisible()
    qtbot.keyClicks(dialog.password, "abc")
    assert not dialog.caps.isVisible()
    qtbot.keyClick(dialog.password, "A", Qt.KeyboardModifier.ShiftModifier)
    assert not dialog.caps.isVisible()


def test_the_pages_are_imported_while_the_login_dialog_waits(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`main` imports every page's module while the login dialog is shown (so the window opens
    at once after sign-in), and PAGE_MODULES names each module `_make_page` imports."""
    import inspect
    import re
    import subprocess
    import sys

    from clinic.ui import main_window

    made = set(
        re.findall(
            r"from (clinic\.ui\.\w+) import", inspect.getsource(main_window.MainWindow._make_page)
        )
    )
    assert made and made <= set(main_window.PAGE_MODULES)
    from clinic.demo import create_demo

    clinic, _ = create_demo(tmp_path / "clinic", fill=False)
    clinic.close()
    script = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from clinic.ui import main
from clinic.ui.login import LoginDialog

import time

started = time.monotonic()

def look():
    # Polled, not once after a fixed delay: on a loaded machine the clinic opens slowly.
    pages = {sorted(main_window.PAGE_MODULES)!r}
    imported = sum(name in sys.modules for name in pages)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog)]
    shown = any(w.isVisible() for w in dialogs)
    if shown and (imported == len(pages) or time.monotonic() - started > 45):
        print("imported:", imported, "of", len(pages), flush=True)
        for widget in dialogs:
            widget.reject()
    else:
        QTimer.singleShot(100, look)

main.make_application()  # the timer needs the application; main() takes this one
QTimer.singleShot(main.PREPARE_AFTER_MS, look)
sys.exit(main.main(["--path", {str(tmp_path / "clinic")!r}]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=90,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    count = len(main_window.PAGE_MODULES)
    assert f"imported: {count} of {count}" in done.stdout, done.stdout + done.stderr
