"""GUI fixtures: a demo clinic per test (SQLCipher, key file), real widgets, offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from clinic.app import Clinic
from clinic.ui.common import ui_settings
from clinic.ui.i18n import languages
from clinic.ui.login import LoginDialog
from clinic.ui.main import make_application
from clinic.ui.main_window import MainWindow
from tests.demo_cache import copy_of


@pytest.fixture(autouse=True)
def ui_home(tmp_path: Path, qapp: QApplication) -> Iterator[None]:
    """Interface preferences in a throw-away folder, English unless a test switches."""
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ui-settings")
    )
    make_application()
    ui_settings().setValue("language", "en")
    languages.apply("en")
    yield
    languages.apply("en")


@pytest.fixture
def demo(
    tmp_path: Path, demo_source: tuple[Path, dict[str, str]]
) -> Iterator[tuple[Clinic, dict[str, str]]]:
    """A copy of the demo clinic of its own."""
    source, passwords = demo_source
    clinic = copy_of(source, tmp_path / "clinic")
    try:
        yield clinic, passwords
    finally:
        clinic.close()


def fill_login(qtbot, dialog: LoginDialog, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.username.clear()
    dialog.password.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)


def sign_in(qtbot, clinic: Clinic, username: str, password: str) -> MainWindow:  # type: ignore[no-untyped-def]
    """Log in through the real dialog, then open the main window as main.py does."""
    dialog = LoginDialog(clinic)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_login(qtbot, dialog, username, password)
    assert dialog.result() == LoginDialog.DialogCode.Accepted, dialog.message.text()
    assert dialog.auth is not None
    window = MainWindow(clinic)
    qtbot.addWidget(window)
    window.start_session(dialog.auth)
    window.show()
    qtbot.waitExposed(window)

    def active() -> bool:
        # Asked again until it holds: a read's progress dialog (shown when the machine is slow)
        # takes the activation while it is up and leaves none behind when it closes.
        if QApplication.activeWindow() is not window and QApplication.activeModalWidget() is None:
            window.activateWindow()
        return QApplication.activeWindow() is window

    qtbot.waitUntil(active)
    return window


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None], delay: int = 50) -> None:
    """Run ACT on the next visible top-level KIND (a modal dialog that exec() is about to open)."""

    def attempt() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                act(widget)
                return
        QTimer.singleShot(delay, attempt)

    QTimer.singleShot(delay, attempt)


# The nurse-window fixtures shared by the dosing and fee tests (defined after sign_in, used there).
from .counter import bare_demo, counter  # noqa: E402, F401
