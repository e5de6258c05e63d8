"""The login dialog: who is signing in, to which clinic and site; lockout and caps-lock hints."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.app import Clinic
from clinic.errors import AccountLocked, ClinicError
from clinic.privacy import users
from clinic.service import AuthContext
from clinic.ui.common import error_text, ui_settings
from clinic.ui.i18n import languages
from clinic.ui.password import ChangePasswordDialog
from clinic.wording import plural

LANGUAGE_CHOICES = (("system", None), ("zh_CN", "中文"), ("en", "English"))


class CapsLockWatcher(QObject):
    """Guesses caps lock from typed letters: Qt has no portable way to ask the keyboard."""

    def __init__(self, parent: QObject, on_change: Callable[[bool], None]) -> None:
        super().__init__(parent)
        self.on_change = on_change
        self.state: bool | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if len(text) == 1 and text.isalpha() and text.lower() != text.upper():
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                caps = text.isupper() != shift
                if caps != self.state:
                    self.state = caps
                    self.on_change(caps)
            elif event.key() == Qt.Key.Key_CapsLock and self.state is not None:
                self.state = not self.state
                self.on_change(self.state)
        return False


class LoginDialog(QDialog):
    """Signs a user in with Clinic.login; .auth holds the result once accepted."""

    def __init__(
        self,
        clinic: Clinic,
        parent: QWidget | None = None,
        *,
        take_over: bool = False,
        site_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.take_over = take_over
        self.site_name = site_name
        self.auth: AuthContext | None = None
        self.setObjectName("loginDialog")
        self.setMinimumWidth(440)

        self.title = QLabel()
        self.title.setObjectName("loginTitle")
        self.clinic_label = QLabel(clinic.settings.clinic_name)
        self.clinic_label.setObjectName("clinicName")
        self.clinic_label.setWordWrap(True)
        self.site_label = QLabel()
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demoBanner")
        self.demo_label.setVisible(clinic.demo)
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.caps = QLabel()
        self.caps.setObjectName("capsHint")
        self.caps.setVisible(False)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.setVisible(not take_over)

        self.username_label = QLabel()
        self.password_label = QLabel()
        self.language_label = QLabel()
        self.language_label.setVisible(not take_over)
        self.form = QFormLayout()
        self.form.addRow(self.username_label, self.username)
        self.form.addRow(self.password_label, self.password)
        self.form.addRow("", self.caps)
        self.form.addRow(self.language_label, self.language)

        # Own buttons, not standard ones: QDialogButtonBox resets standard texts on LanguageChange.
        self.buttons = QDialogButtonBox()
        self.sign_in = QPushButton()
        self.sign_in.setObjectName("signIn")
        self.sign_in.setDefault(True)
        self.cancel = QPushButton()
        self.cancel.setObjectName("cancel")
        self.buttons.addButton(self.sign_in, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.clinic_label)
        layout.addWidget(self.site_label)
        layout.addWidget(self.demo_label)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        watcher = CapsLockWatcher(self, self.show_caps)
        self.username.installEventFilter(watcher)
        self.password.installEventFilter(watcher)
        self.retranslate()
        self._fill_languages()
        self.language.currentIndexChanged.connect(self.choose_language)
        self.username.setFocus()

    def _fill_languages(self) -> None:
        saved = ui_settings().value("language", "system")
        self.language.blockSignals(True)
        self.language.clear()
        for value, label in LANGUAGE_CHOICES:
            self.language.addItem(label or self.tr("Follow the system"), value)
        index = self.language.findData(saved)
        self.language.setCurrentIndex(max(index, 0))
        self.language.blockSignals(False)

    def choose_language(self) -> None:
        choice = self.language.currentData()
        ui_settings().setValue("language", choice)
        languages.apply(choice)

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Sign in as another user") if self.take_over else self.tr("Sign in")
        )
        self.title.setText(
            self.tr("Sign in as another user") if self.take_over else self.tr("Sign in")
        )
        site = self.site_name or self.tr("not chosen yet (set after the first sign-in)")
        self.site_label.setText(self.tr("Site: %1").replace("%1", site))
        self.demo_label.setText(self.tr("DEMO clinic: fictional data only"))
        self.intro.setText(
            self.tr("The screen was locked. Signing in here ends the locked user's session.")
            if self.take_over
            else ""
        )
        self.intro.setVisible(self.take_over)
        self.username_label.setText(self.tr("User name"))
        self.password_label.setText(self.tr("Password"))
        self.language_label.setText(self.tr("Language"))
        self.caps.setText(self.tr("Caps Lock appears to be on."))
        self.sign_in.setText(self.tr("Sign in"))
        self.cancel.setText(self.tr("Cancel") if self.take_over else self.tr("Quit"))
        if self.language.count():
            self.language.setItemText(0, self.tr("Follow the system"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_caps(self, on: bool) -> None:
        self.caps.setVisible(on)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def try_login(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username or not password:
            self.show_message(self.tr("Enter your user name and password."))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.auth = self.clinic.login(username, password, take_over=self.take_over)
        except AccountLocked as exc:
            minutes = int(str(exc.details.get("minutes_left", 0)))
            self.show_message(
                plural(
                    minutes,
                    self.tr(
                        "This account is locked for %n more minute after too many wrong "
                        "passwords. Wait, or ask an administrator to reset it."
                    ),
                    self.tr(
                        "This account is locked for %n more minutes after too many wrong "
                        "passwords. Wait, or ask an administrator to reset it."
                    ),
                )
            )
            self.password.clear()
            return
        except ClinicError as exc:
            self.show_message(error_text(exc))
            self.password.clear()
            self.password.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.password.clear()
        if self.auth.audit_broken is not None:
            # Only the auditor and the administrator get this far on a broken trail.
            QMessageBox.warning(
                self, self.tr("Audit trail damaged"), error_text(self.auth.audit_broken)
            )
        if self.auth.actor.must_change_password and not self._forced_change(password):
            return
        self.accept()

    def _forced_change(self, password: str) -> bool:
        """A temporary password must be replaced before the session may be used."""
        assert self.auth is not None
        dialog = ChangePasswordDialog(self.auth, self, forced=True, current_password=password)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return True
        with contextlib.suppress(ClinicError):  # the session is abandoned either way
            users.logout(self.auth, reason="password not changed")
        self.auth = None
        self.show_message(self.tr("Choose a new password to sign in."))
        self.username.setFocus()
        return False
