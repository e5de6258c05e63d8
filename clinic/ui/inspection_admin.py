"""The administrator's part of an inspection, on the users page (an inspection is an account's
access): grant one to an inspector's account for a period until a date, end it, read the findings."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic import inspection
from clinic.errors import ClinicError
from clinic.inspection import InspectionInfo
from clinic.privacy.permissions import Role
from clinic.privacy.users import UserInfo
from clinic.service import AuthContext
from clinic.ui.common import error_text, show_error
from clinic.ui.inspection_page import FindingsDialog, pydate, qdate
from clinic.ui.patient_common import clinic_today, message_label, say
from clinic.ui.stock_page import _cell, _table


class GrantInspectionDialog(QDialog):
    """Which inspector, sent by whom and why, the days of records they may read, and until when."""

    def __init__(
        self, auth: AuthContext, inspectors: list[UserInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.granted: InspectionInfo | None = None
        self.setWindowTitle(self.tr("Grant an inspection"))
        today = clinic_today(auth)
        self.inspector = QComboBox()
        self.inspector.setObjectName("grantInspector")
        for user in inspectors:
            self.inspector.addItem(f"{user.full_name} ({user.username})", user.username)
        self.authority = QLineEdit()
        self.authority.setObjectName("grantAuthority")
        self.purpose = QPlainTextEdit()
        self.purpose.setObjectName("grantPurpose")
        self.purpose.setMaximumHeight(70)
        first_of_month = today.replace(day=1)
        last_month = (first_of_month - timedelta(days=1)).replace(day=1)
        self.period_from = self._date("grantFrom", last_month)
        self.period_to = self._date("grantTo", today)
        self.expires_on = self._date("grantExpires", today + timedelta(days=14))
        note = QLabel(
            self.tr(
                "The inspector reads the controlled-drug register and the daily counts of these "
                "days only, never a patient's record, and writes findings. Every view is in the "
                "audit trail. The access ends after the expiry date, or when you end it."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        period = QHBoxLayout()
        period.addWidget(self.period_from)
        period.addWidget(QLabel("–"))
        period.addWidget(self.period_to)
        period.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Inspector"), self.inspector)
        form.addRow(self.tr("Authority"), self.authority)
        form.addRow(self.tr("Purpose"), self.purpose)
        form.addRow(self.tr("Records of"), period)
        form.addRow(self.tr("Access until"), self.expires_on)
        self.message = message_label("grantMessage")
        if not inspectors:
            say(
                self.message,
                self.tr(
                    "There is no inspector's account yet: add a user with the inspector role first."
                ),
            )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Grant"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    @staticmethod
    def _date(name: str, day: date) -> QDateEdit:
        edit = QDateEdit(qdate(day))
        edit.setObjectName(name)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(QDate(2000, 1, 1))
        return edit

    def save(self) -> None:
        try:
            self.granted = inspection.grant_inspection(
                self.auth,
                inspector_username=str(self.inspector.currentData() or ""),
                authority=self.authority.text(),
                purpose=self.purpose.toPlainText(),
                period_from=pydate(self.period_from.date()),
                period_to=pydate(self.period_to.date()),
                expires_on=pydate(self.expires_on.date()),
            )
        except ClinicError as exc:
            say(self.message, error_text(exc))
            return
        self.accept()


class InspectionsBox(QGroupBox):
    """The inspections granted, newest first, with grant / end / findings."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.setObjectName("inspectionsBox")
        self.inspections: list[InspectionInfo] = []
        self.inspectors: list[UserInfo] = []
        self.table = _table("inspectionsTable")
        self.table.setMaximumHeight(180)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.grant_button = QPushButton()
        self.grant_button.setObjectName("grantInspection")
        self.grant_button.clicked.connect(self.grant)
        self.end_button = QPushButton()
        self.end_button.setObjectName("endInspection")
        self.end_button.clicked.connect(self.end)
        self.findings_button = QPushButton()
        self.findings_button.setObjectName("readFindings")
        self.findings_button.clicked.connect(self.findings)
        buttons = QHBoxLayout()
        for button in (self.grant_button, self.end_button, self.findings_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Inspections by the authority"))
        self.grant_button.setText(self.tr("Grant an inspection…"))
        self.end_button.setText(self.tr("End access…"))
        self.findings_button.setText(self.tr("Read the findings…"))
        headers = [
            self.tr("No."),
            self.tr("Inspector"),
            self.tr("Authority"),
            self.tr("Records of"),
            self.tr("Access until"),
            self.tr("Notes"),
            self.tr("Status"),
        ]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self, users_known: list[UserInfo]) -> None:
        self.inspectors = [u for u in users_known if Role.INSPECTOR in u.roles and u.active]
        try:
            self.inspections = inspection.list_inspections(self.auth)
        except ClinicError as exc:
            show_error(self, exc)
            return
        self.fill()

    def state_text(self, info: InspectionInfo) -> str:
        if info.state == "ended":
            return self.tr("ended %1").replace("%1", f"{info.ended_at:%Y-%m-%d}")
        if info.state == "expired":
            return self.tr("expired")
        return self.tr("open")

    def fill(self) -> None:
        self.table.setRowCount(len(self.inspections))
        for row, info in enumerate(self.inspections):
            cells = [
                _cell(str(info.inspection_id), right=True),
                _cell(f"{info.inspector_name} ({info.inspector_username})"),
                _cell(info.authority),
                _cell(f"{info.period_from.isoformat()} – {info.period_to.isoformat()}"),
                _cell(info.expires_on.isoformat()),
                _cell(str(info.notes), right=True),
                _cell(self.state_text(info)),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.update_buttons()

    def selected(self) -> InspectionInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.inspections[rows[0].row()] if rows else None

    def update_buttons(self) -> None:
        chosen = self.selected()
        self.end_button.setEnabled(chosen is not None and chosen.state == "open")
        self.findings_button.setEnabled(bool(self.inspections))

    def grant(self) -> None:
        dialog = GrantInspectionDialog(self.auth, self.inspectors, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh_all()

    def refresh_all(self) -> None:
        self.refresh([*self.inspectors])

    def end(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("End the inspection's access"),
            self.tr("Why is inspection %1's access ended now?").replace(
                "%1", str(chosen.inspection_id)
            ),
        )
        if not ok:
            return
        try:
            inspection.end_inspection(self.auth, inspection_id=chosen.inspection_id, reason=reason)
        except ClinicError as exc:
            show_error(self, exc)
            return
        self.refresh_all()

    def findings(self) -> None:
        FindingsDialog(self.auth, self).exec()
