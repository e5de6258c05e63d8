"""The idle lock hides everything and unlocks with the password; another user can take over."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from clinic.errors import PermissionDenied
from clinic.privacy import audit_service
from clinic.privacy.audit import AuditFilter
from clinic.privacy.users import check_session
from clinic.ui.login import LoginDialog

from .conftest import fill_login, sign_in, when_shown


def audit_events(clinic, passwords, action):  # type: ignore[no-untyped-def]
    auditor = clinic.login("auditor", passwords["auditor"])
    return audit_service.audit_page(auditor, flt=AuditFilter(action=action), offset=0, limit=50)


def test_idle_lock_hides_patient_data_and_unlocks(qtbot, demo) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "nurse", passwords["nurse"])
    window.show_page("patients")
    patients = window.page("patients")
    assert patients is not None and patients.isVisible()
    assert window.idle.timer.interval() == 5 * 60_000  # the idle_lock_minutes default

    window.idle.set_timeout_ms(150)
    qtbot.waitUntil(window.is_locked, timeout=3000)
    assert not window.workspace.isVisible()
    assert not patients.isVisible()
    assert not window.navigation.isVisible()
    assert window.lock_page.isVisible()
    assert "nurse" in window.lock_page.who.text()
    assert not window.logout_action.isEnabled()

    qtbot.keyClicks(window.lock_page.password, "wrong-password")
    qtbot.mouseClick(window.lock_page.unlock_button, Qt.MouseButton.LeftButton)
    assert window.is_locked()
    assert window.lock_page.message.text() == "Wrong user name or password."

    qtbot.keyClicks(window.lock_page.password, passwords["nurse"])
    qtbot.keyClick(window.lock_page.password, Qt.Key.Key_Return)
    assert not window.is_locked()
    assert window.workspace.isVisible() and patients.isVisible()
    assert window.idle.timer.isActive()
    assert window.auth is not None
    check_session(window.auth)

    unlocks = audit_events(clinic, passwords, "session.unlock")
    assert [(e.username, e.outcome) for e in unlocks] == [("nurse", "done"), ("nurse", "failed")]
    locks = audit_events(clinic, passwords, "session.lock")
    assert [(e.username, e.outcome, e.details["reason"]) for e in locks] == [
        ("nurse", "done", "idle")
    ]


def test_ctrl_l_locks_at_once(qtbot, demo) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "pharmacist", passwords["pharmacist"])
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()
    assert not window.stack.isVisible()
    locks = audit_events(clinic, passwords, "session.lock")
    assert [(e.username, e.details["reason"]) for e in locks] == [("pharmacist", "manual")]


def test_another_user_taking_over_ends_the_first_session(qtbot, demo) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "nurse", passwords["nurse"])
    first = window.auth
    assert first is not None
    window.lock(reason="idle")

    when_shown(LoginDialog, lambda d: fill_login(qtbot, d, "pharmacist", passwords["pharmacist"]))
    qtbot.mouseClick(window.lock_page.switch_button, Qt.MouseButton.LeftButton)

    assert window.auth is not None and window.auth.actor.username == "pharmacist"
    assert not window.is_locked() and window.workspace.isVisible()
    assert window.page_keys() == [
        "dosing",
        "patients",
        "stock",
        "reconciliation",
        "dashboard",
        "reports",
    ]
    assert "pharmacist" in window.user_label.text()
    with pytest.raises(PermissionDenied):
        check_session(first)
    check_session(window.auth)
    ended = [
        e
        for e in audit_events(clinic, passwords, "logout")
        if e.details.get("reason") == "taken_over"
    ]
    names = [e.username for e in ended]
    assert "nurse" in names and "pharmacist" not in names  # (create_demo's admin session ends too)


def test_a_session_the_core_locked_shows_the_lock_page(qtbot, demo) -> None:
    from clinic.privacy.users import lock

    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "nurse", passwords["nurse"])
    assert window.auth is not None
    lock(window.auth, reason="manual")  # as too many witness typos would, behind the window
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)  # the nurse is at the screen
    # the Patients page, shown for the first time, is refused its first read: the lock page
    assert window.is_locked() and window.lock_page.isVisible()
    assert window.built_pages() == ["dosing"]
    window._last_keep_alive -= 61
    window._tick()
    assert window.is_locked() and window.lock_page.isVisible()
    qtbot.keyClicks(window.lock_page.password, passwords["nurse"])
    qtbot.keyClick(window.lock_page.password, Qt.Key.Key_Return)
    assert not window.is_locked()
    assert window.built_pages() == ["dosing", "patients"]  # built once unlocked, and shown
    assert window.stack.currentWidget() is window.page("patients")
