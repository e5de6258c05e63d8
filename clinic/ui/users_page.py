"""The administrator's users page: add, set roles, reset password, disable or enable. Users are
never deleted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError
from clinic.privacy import users
from clinic.privacy.permissions import Role
from clinic.privacy.users import UserInfo
from clinic.service import AuthContext
from clinic.ui.common import error_text, role_name, role_names, show_error
from clinic.ui.password import NewPasswordForm


class RoleChecks(QGroupBox):
    """One checkbox per role."""

    def __init__(self, chosen: frozenset[Role] = frozenset(), parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Roles"))
        self.boxes: dict[Role, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for role in Role:
            box = QCheckBox(role_name(role))
            box.setObjectName(f"role_{role.value}")
            box.setChecked(role in chosen)
            self.boxes[role] = box
            layout.addWidget(box)

    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.boxes.items() if box.isChecked())


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def attempt(self, call: Callable[[], object]) -> None:
        try:
            call()
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()

    def save(self) -> None:
        raise NotImplementedError


class AddUserDialog(_FormDialog):
    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add a user"), parent)
        self.auth = auth
        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("newFullName")
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        self.layout_.addLayout(form)
        self.roles = RoleChecks()
        self.layout_.addWidget(self.roles)
        self.password = NewPasswordForm()
        self.layout_.addWidget(self.password)
        self.must_change = QCheckBox(self.tr("Must choose a new password at first sign-in"))
        self.must_change.setChecked(True)
        self.layout_.addWidget(self.must_change)
        self.finish_layout()

    def save(self) -> None:
        password = self.password.value()
        if password is None:
            self.message.setText(self.tr("The two passwords differ."))
            return
        self.attempt(
            lambda: users.create_user(
                self.auth,
                username=self.username.text(),
                full_name=self.full_name.text(),
                roles=self.roles.roles(),
                password=password,
                must_change_password=self.must_change.isChecked(),
            )
        )


class RolesDialog(_FormDialog):
    def __init__(self, auth: AuthContext, user: UserInfo, parent: QWidget | None = None):
        super().__init__(self.tr("Roles of %1").replace("%1", user.username), parent)
        self.auth, self.user = auth, user
        self.roles = RoleChecks(user.roles)
        self.layout_.addWidget(self.roles)
        self.finish_layout()

    def save(self) -> None:
        self.attempt(
            lambda: users.set_roles(self.auth, user_id=self.user.user_id, roles=self.roles.roles())
        )


class ResetPasswordDialog(_FormDialog):
    def __init__(self, auth: AuthContext, user: UserInfo, parent: QWidget | None = None):
        super().__init__(self.tr("Reset the password of %1").replace("%1", user.username), parent)
        self.auth, self.user = auth, user
        note = QLabel(
            self.tr(
                "The user signs in with this temporary password and must then choose a new one. "
                "A lockout is cleared."
            )
        )
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.password = NewPasswordForm()
        self.layout_.addWidget(self.password)
        self.finish_layout()

    def save(self) -> None:
        password = self.password.value()
        if password is None:
            self.message.setText(self.tr("The two passwords differ."))
            return
        self.attempt(
            lambda: users.reset_password(
                self.auth, user_id=self.user.user_id, new_password=password
            )
        )


class UsersPage(QWidget):
    COLUMNS = 5

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.users: list[UserInfo] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("usersTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addUser")
        self.add_button.clicked.connect(self.add_user)
        self.roles_button = QPushButton()
        self.roles_button.setObjectName("setRoles")
        self.roles_button.clicked.connect(self.set_roles)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.reset_password)
        self.disable_button = QPushButton()
        self.disable_button.setObjectName("disableUser")
        self.disable_button.clicked.connect(self.disable)
        self.enable_button = QPushButton()
        self.enable_button.setObjectName("enableUser")
        self.enable_button.clicked.connect(self.enable)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.roles_button,
            self.reset_button,
            self.disable_button,
            self.enable_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        from clinic.ui.inspection_admin import InspectionsBox

        self.inspections = InspectionsBox(auth)
        layout.addWidget(self.inspections)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Users"))
        self.note.setText(
            self.tr("Users are never deleted: disable an account to stop it signing in.")
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("User name"),
                self.tr("Full name"),
                self.tr("Roles"),
                self.tr("Status"),
                self.tr("Password"),
            ]
        )
        self.add_button.setText(self.tr("Add user…"))
        self.roles_button.setText(self.tr("Set roles…"))
        self.reset_button.setText(self.tr("Reset password…"))
        self.disable_button.setText(self.tr("Disable…"))
        self.enable_button.setText(self.tr("Enable"))
        if self.users:
            self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        try:
            self.users = users.list_users(self.auth)
        except ClinicError as exc:
            show_error(self, exc)
            return
        self._fill()
        self.inspections.refresh(self.users)

    def _status(self, user: UserInfo) -> str:
        if not user.active:
            return self.tr("disabled")
        if user.locked_until and user.locked_until > datetime.now(UTC):
            return self.tr("locked out")
        return self.tr("active")

    def _fill(self) -> None:
        selected = self.selected()
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            cells = [
                user.username,
                user.full_name,
                role_names(user.roles),
                self._status(user),
                self.tr("must change") if user.must_change_password else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.user_id)
                self.table.setItem(row, column, item)
            if selected is not None and user.user_id == selected.user_id:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        row = rows[0].row()
        return self.users[row] if row < len(self.users) else None

    def select_user(self, username: str) -> None:
        for row, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.roles_button, self.reset_button):
            button.setEnabled(user is not None)
        self.disable_button.setEnabled(user is not None and user.active)
        self.enable_button.setEnabled(user is not None and not user.active)

    def add_user(self) -> None:
        if AddUserDialog(self.auth, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def set_roles(self) -> None:
        user = self.selected()
        if user and RolesDialog(self.auth, user, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def reset_password(self) -> None:
        user = self.selected()
        if (
            user
            and ResetPasswordDialog(self.auth, user, self).exec() == QDialog.DialogCode.Accepted
        ):
            self.refresh()

    def disable(self) -> None:
        user = self.selected()
        if user is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Disable %1").replace("%1", user.username),
            self.tr("Why is this account disabled? (kept in the audit trail)"),
        )
        if not ok:
            return
        try:
            users.disable_user(self.auth, user_id=user.user_id, reason=reason)
        except ClinicError as exc:
            show_error(self, exc)
        self.refresh()

    def enable(self) -> None:
        user = self.selected()
        if user is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Enable %1").replace("%1", user.username),
            self.tr("Allow %1 to sign in again?").replace("%1", user.username),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            users.enable_user(self.auth, user_id=user.user_id)
        except ClinicError as exc:
            show_error(self, exc)
        self.refresh()
