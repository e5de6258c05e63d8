"""Password dialogs: a user changes their own; an administrator sets a temporary one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError
from clinic.privacy import users
from clinic.service import AuthContext
from clinic.ui.common import error_text


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class NewPasswordForm(QWidget):
    """A new password typed twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = password_field("newPassword")
        self.second = password_field("repeatPassword")
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("New password"), self.first)
        self.form.addRow(self.tr("Repeat it"), self.second)

    def value(self) -> str | None:
        """The password, or None if the two entries differ."""
        if self.first.text() != self.second.text():
            return None
        return self.first.text()


class ChangePasswordDialog(QDialog):
    """FORCED: right after signing in with a temporary password; the current one is known."""

    def __init__(
        self,
        auth: AuthContext,
        parent: QWidget | None = None,
        *,
        forced: bool = False,
        current_password: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.forced = forced
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Change my password"))
        self.old = password_field("oldPassword")
        self.new = NewPasswordForm()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.note = QLabel(
            self.tr(
                "You signed in with a temporary password. Choose your own password now to continue."
            )
        )
        self.note.setObjectName("forcedNote")
        self.note.setWordWrap(True)
        self.note.setVisible(forced)
        form = QFormLayout()
        if forced and current_password is not None:
            self.old.setText(current_password)
        else:
            form.addRow(self.tr("Current password"), self.old)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.new)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        new = self.new.value()
        if new is None:
            self.message.setText(self.tr("The two new passwords differ."))
            return
        try:
            users.change_password(self.auth, old_password=self.old.text(), new_password=new)
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()
