"""The administrator's pages: settings changes are audited and take effect; language switch;
users are added, given roles, reset and disabled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

from clinic.errors import AuthenticationFailed
from clinic.privacy import audit_service
from clinic.privacy.audit import AuditFilter
from clinic.privacy.permissions import Role
from clinic.ui.users_page import AddUserDialog, RolesDialog

from .conftest import sign_in, when_shown

CLICK = Qt.MouseButton.LeftButton


def settings_events(clinic, passwords, key):  # type: ignore[no-untyped-def]
    """The audited changes of one setting (the demo clinic's own setup changes others)."""
    auditor = clinic.login("auditor", passwords["auditor"])
    flt = AuditFilter(action="settings.update")
    events = audit_service.audit_page(auditor, flt=flt, offset=0, limit=50)
    return [e for e in events if e.entity_id == key]


def test_settings_change_is_audited_and_applies(qtbot, demo) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "admin", passwords["admin"])
    window.show_page("settings")
    page = window.page("settings")
    row = page.rows["idle_lock_minutes"]
    assert row.editor.value() == 5 and not row.button.isEnabled()
    row.editor.selectAll()
    qtbot.keyClicks(row.editor.lineEdit() if hasattr(row.editor, "lineEdit") else row.editor, "7")
    assert row.button.isEnabled()
    qtbot.mouseClick(row.button, CLICK)
    assert not row.button.isEnabled()
    assert window.idle.timer.interval() == 7 * 60_000
    assert "Idle lock minutes" in page.message.text()

    events = settings_events(clinic, passwords, "idle_lock_minutes")
    assert [(e.username, e.entity_id, e.details["before"], e.details["after"]) for e in events] == [
        ("admin", "idle_lock_minutes", 5, 7)
    ]


def test_bad_setting_value_is_refused_in_words(qtbot, demo) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "admin", passwords["admin"])
    page = window.page("settings")
    row = page.rows["clinic_timezone"]
    row.editor.setCurrentText("Mars/Olympus")
    qtbot.mouseClick(row.button, CLICK)
    assert "is not a known time zone" in page.message.text()
    assert [e.outcome for e in settings_events(clinic, passwords, "clinic_timezone")] == ["failed"]


def test_language_switch_changes_visible_text(qtbot, demo) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "admin", passwords["admin"])
    window.show_page("settings")
    page = window.page("settings")
    users = window.navigation.item(window.page_keys().index("users"))
    settings = window.navigation.item(window.page_keys().index("settings"))
    assert users.text() == "Users"
    assert page.heading.text() == "Settings"
    row = page.rows["language"]
    row.editor.setCurrentIndex(row.editor.findData("zh_CN"))
    qtbot.mouseClick(row.button, CLICK)

    qtbot.waitUntil(lambda: users.text() == "用户")  # LanguageChange is posted
    assert settings.text() == "设置"
    assert page.heading.text() == "设置"
    assert window.file_menu.title() == "文件(&F)"
    assert window.roles_label.text() == "角色：管理员"
    assert row.label.text() == "界面语言"
    # domain errors follow the interface language
    page.rows["clinic_timezone"].editor.setCurrentText("Mars/Olympus")
    qtbot.mouseClick(page.rows["clinic_timezone"].button, CLICK)
    assert "不是有效的时区" in page.message.text()

    row.editor.setCurrentIndex(row.editor.findData("en"))
    qtbot.mouseClick(row.button, CLICK)
    qtbot.waitUntil(lambda: users.text() == "Users")
    assert [e.details["after"] for e in settings_events(clinic, passwords, "language")] == [
        "en",
        "zh_CN",
    ]


def test_login_dialog_language_choice(qtbot, demo) -> None:
    from clinic.ui.login import LoginDialog

    clinic, _ = demo
    dialog = LoginDialog(clinic)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sign_in.text() == "Sign in"
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    qtbot.waitUntil(lambda: dialog.sign_in.text() == "登录")
    assert dialog.demo_label.text() == "演示诊所：仅含虚构数据"


def test_users_page_add_set_roles_reset_and_disable(qtbot, demo, monkeypatch) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "admin", passwords["admin"])
    page = window.page("users")
    assert [u.username for u in page.users] == sorted(passwords)

    def add(dialog: AddUserDialog) -> None:
        qtbot.keyClicks(dialog.username, "nurse2")
        dialog.full_name.insert("王护士")  # as an input method would; QTest types ASCII only
        dialog.roles.boxes[Role.NURSE].setChecked(True)
        qtbot.keyClicks(dialog.password.first, "temporary-pass-1")
        qtbot.keyClicks(dialog.password.second, "temporary-pass-1")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    when_shown(AddUserDialog, add)
    qtbot.mouseClick(page.add_button, CLICK)
    assert "nurse2" in [u.username for u in page.users]
    clinic.login("nurse2", "temporary-pass-1")

    page.select_user("nurse2")

    def roles(dialog: RolesDialog) -> None:
        dialog.roles.boxes[Role.PHARMACIST].setChecked(True)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    when_shown(RolesDialog, roles)
    qtbot.mouseClick(page.roles_button, CLICK)
    user = next(u for u in page.users if u.username == "nurse2")
    assert user.roles == {Role.NURSE, Role.PHARMACIST}

    page.select_user("nurse2")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("left the clinic", True))
    qtbot.mouseClick(page.disable_button, CLICK)
    user = next(u for u in page.users if u.username == "nurse2")
    assert not user.active
    row = [u.username for u in page.users].index("nurse2")
    assert page.table.item(row, 3).text() == "disabled"
    try:
        clinic.login("nurse2", "temporary-pass-1")
    except AuthenticationFailed as exc:
        assert "disabled" in exc.message("en")
    else:
        raise AssertionError("a disabled user signed in")
