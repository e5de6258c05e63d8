"""Consents on the patient record: record one (with the signed form's scan, or print the form for
signature first), renew, revoke at once with why; the patient's disclosure history, printable.

Each form makes one service call; a refusal is shown in place and nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError, InvalidInput
from clinic.fileio import write_private
from clinic.patients import consent
from clinic.patients.consent import PURPOSES, ConsentInfo, Revocation
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import REFUSED, WARNING, error_text, setting_label, show_error
from clinic.ui.history_dialog import _table
from clinic.ui.patient_common import clinic_today, from_qdate
from clinic.ui.printing import PrintPreview, print_pdf
from clinic.ui.stock_forms import MovementDialog, _line


def purpose_label(purpose: str) -> str:
    en, zh = PURPOSES.get(purpose, (purpose, purpose))
    return setting_label(en, zh)


def _date_edit(name: str, day: QDate) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ConsentDialog(MovementDialog):
    """A consent the patient signs: purpose, recipient, information, from when, until when; the
    signed form attached as a scan, or printed here for signature first. Renewing keeps the
    purpose, recipient and information of the consent it renews."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        patient_id: int,
        patient_number: str,
        renews: ConsentInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("Renew a consent") if renews else self.tr("Record a consent")
        super().__init__(auth, title, witness=False, parent=parent)
        self.setObjectName("consentDialog")
        self.patient_id = patient_id
        self.patient_number = patient_number
        self.renews = renews
        self.scan: bytes | None = None
        today = clinic_today(auth)
        self.set_intro(
            self.tr(
                "Patient %1. Record what the patient signed. Nothing leaves the clinic for this "
                "purpose without a consent in force."
            ).replace("%1", patient_number)
        )
        self.purpose = QComboBox()
        self.purpose.setObjectName("consentPurpose")
        for code in PURPOSES:
            self.purpose.addItem(purpose_label(code), code)
        self.recipient = _line(
            "consentRecipient", self.tr("e.g. the resident scheme, 城乡居民医保")
        )
        self.scope = _line(
            "consentScope", self.tr("e.g. daily doses, urine screens and fees for claims")
        )
        if renews is not None:
            self.purpose.setCurrentIndex(self.purpose.findData(renews.purpose))
            self.recipient.setText(renews.recipient)
            self.scope.setText(renews.scope)
            for widget in (self.purpose, self.recipient, self.scope):
                widget.setEnabled(False)
        self.signed = _date_edit("consentSigned", QDate(today.year, today.month, today.day))
        self.until_revoked = QCheckBox(self.tr("Until the patient revokes it"))
        self.until_revoked.setObjectName("consentUntilRevoked")
        self.until_revoked.setChecked(True)
        self.expires = _date_edit("consentExpires", QDate(today.year, today.month, today.day))
        self.expires.setEnabled(False)
        self.until_revoked.toggled.connect(lambda on: self.expires.setEnabled(not on))
        until = QHBoxLayout()
        until.addWidget(self.until_revoked)
        until.addWidget(self.expires, 1)
        self.scan_label = QLabel(self.tr("No scan: the signed paper form is kept on file."))
        self.scan_label.setObjectName("consentScanLabel")
        self.scan_label.setWordWrap(True)
        attach = QPushButton(self.tr("Attach the signed form…"))
        attach.setObjectName("consentAttach")
        attach.clicked.connect(self.choose_scan)
        self.save_form_button = QPushButton(self.tr("Save the form as PDF…"))
        self.save_form_button.setObjectName("consentPrintForm")
        self.save_form_button.clicked.connect(self.choose_form_target)
        self.print_button = QPushButton(self.tr("Print the form for signature…"))
        self.print_button.setObjectName("consentPrintPaper")
        self.print_button.clicked.connect(self.print_form)
        self.preview: PrintPreview | None = None
        files = QHBoxLayout()
        files.addWidget(self.print_button)
        files.addWidget(self.save_form_button)
        files.addWidget(attach)
        files.addStretch(1)
        self.form.addRow(self.tr("Purpose"), self.purpose)
        self.form.addRow(self.tr("Recipient"), self.recipient)
        self.form.addRow(self.tr("Information shared"), self.scope)
        self.form.addRow(self.tr("Signed on"), self.signed)
        self.form.addRow(self.tr("Valid until"), until)
        self.form.addRow(self.tr("Signed form"), self.scan_label)
        self.form.addRow("", files)
        self.ok_button.setText(self.tr("Record the consent"))
        (self.signed if renews else self.purpose).setFocus()

    def _dates(self) -> tuple[Any, Any]:
        signed = from_qdate(self.signed.date())
        expires = None if self.until_revoked.isChecked() else from_qdate(self.expires.date())
        return signed, expires

    def choose_scan(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the scan of the signed form"),
            "",
            self.tr("Scans (*.pdf *.png *.jpg *.jpeg)"),
        )
        if chosen:
            self.attach_scan_from(Path(chosen))

    def attach_scan_from(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.show_message(
                error_text(
                    InvalidInput(
                        en=f"The file cannot be read: {exc.strerror}.",
                        zh=f"无法读取该文件：{exc.strerror}。",
                    )
                )
            )
            return
        self.scan = data
        self.scan_label.setText(
            self.tr("%1 (%2 KB) will be kept, encrypted, with the consent.")
            .replace("%1", path.name)
            .replace("%2", str(max(1, len(data) // 1024)))
        )

    def choose_form_target(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the consent form as PDF"),
            str(Path.home() / f"consent-{self.patient_number}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if chosen:
            self.print_form_to(Path(chosen))

    def print_form(self) -> None:
        """The form as filled in, in the print preview, for the patient to sign."""
        try:
            data = self._form_pdf()
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self.preview = print_pdf(self, self.tr("Consent form"), data)

    def _form_pdf(self) -> bytes:
        signed, expires = self._dates()
        return consent.consent_form_pdf(
            self.auth,
            patient_id=self.patient_id,
            purpose=self.purpose.currentData(),
            recipient=self.recipient.text(),
            scope=self.scope.text(),
            signed_on=signed,
            expires_on=expires,
            renews=self.renews.consent_id if self.renews else None,
        )

    def print_form_to(self, target: Path) -> bool:
        """The form as filled in, for the patient to sign; nothing is recorded."""
        signed, expires = self._dates()
        try:
            data = consent.consent_form_pdf(
                self.auth,
                patient_id=self.patient_id,
                purpose=self.purpose.currentData(),
                recipient=self.recipient.text(),
                scope=self.scope.text(),
                signed_on=signed,
                expires_on=expires,
                renews=self.renews.consent_id if self.renews else None,
            )
            write_private(target, data)
        except (ClinicError, OSError) as exc:
            self.show_message(error_text(exc))
            return False
        self.show_message(
            self.tr("Form saved to %1: print it for signature.").replace("%1", str(target))
        )
        return True

    def submit(self) -> Any:
        signed, expires = self._dates()
        if self.renews is not None:
            return consent.renew_consent(
                self.auth,
                consent_id=self.renews.consent_id,
                signed_on=signed,
                expires_on=expires,
                scan=self.scan,
            )
        return consent.record_consent(
            self.auth,
            patient_id=self.patient_id,
            purpose=self.purpose.currentData(),
            recipient=self.recipient.text(),
            scope=self.scope.text(),
            signed_on=signed,
            expires_on=expires,
            scan=self.scan,
        )


class RevokeConsentDialog(MovementDialog):
    """The patient withdraws a consent: at once, with their reason."""

    def __init__(
        self, auth: AuthContext, given: ConsentInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(auth, self.tr("Revoke a consent"), witness=False, parent=parent)
        self.setObjectName("revokeConsentDialog")
        self.given = given
        self.set_intro(
            self.tr(
                "%1 to %2: from today nothing more is shared under this consent. What was shared "
                "before cannot be taken back."
            )
            .replace("%1", purpose_label(given.purpose))
            .replace("%2", given.recipient)
        )
        self.reason = _line("revokeReason", self.tr("the patient's words, e.g. pays privately now"))
        self.form.addRow(self.tr("Why"), self.reason)
        self.ok_button.setText(self.tr("Revoke now"))
        self.reason.setFocus()

    def submit(self) -> Revocation:
        return consent.revoke_consent(
            self.auth, consent_id=self.given.consent_id, reason=self.reason.text()
        )


def exported_days_text(revocation: Revocation, recipient: str) -> str:
    """The days of a revoked claims consent that had already been sent, or ""."""
    days = revocation.exported_days
    if not days:
        return ""
    shown = ", ".join(d.isoformat() for d in days[:31]) + (" …" if len(days) > 31 else "")
    if len(days) == 1:
        text = QCoreApplication.translate(
            "ConsentForms",
            "One day was already sent to %2 in an exported claim and stays with them: %3",
        )
    else:
        text = QCoreApplication.translate(
            "ConsentForms",
            "%1 days were already sent to %2 in exported claims and stay with them: %3",
        )
    return text.replace("%1", str(len(days))).replace("%2", recipient).replace("%3", shown)


class DisclosureHistoryDialog(QDialog):
    """Every disclosure of the patient's identified data; saved as a PDF for the patient."""

    def __init__(
        self, auth: AuthContext, patient_id: int, patient_number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("disclosureHistoryDialog")
        self.auth = auth
        self.patient_id = patient_id
        self.patient_number = patient_number
        self.setWindowTitle(self.tr("Disclosure history"))
        self.resize(860, 420)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("disclosureHistory")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("When"),
                self.tr("Purpose"),
                self.tr("Recipient"),
                self.tr("Information"),
                self.tr("Basis"),
                self.tr("Reference"),
                self.tr("By"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("disclosureSummary")
        self.summary.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save for the patient (PDF)…"))
        self.save_button.setObjectName("saveDisclosureHistory")
        self.save_button.clicked.connect(self.choose_target)
        self.print_button = QPushButton(self.tr("Print for the patient…"))
        self.print_button.setObjectName("printDisclosureHistory")
        self.print_button.clicked.connect(self.print_history)
        self.preview: PrintPreview | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        try:
            rows = consent.disclosure_history(self.auth, patient_id=self.patient_id)
        except ClinicError as exc:
            self.summary.setText(error_text(exc))
            return
        self.table.setRowCount(len(rows))
        for r, d in enumerate(rows):
            basis = (
                self.tr("consent #%1").replace("%1", str(d.consent_id))
                if d.consent_id
                else self.tr("legal basis: %1").replace("%1", d.legal_basis or "")
            )
            when = d.disclosed_at.strftime("%Y-%m-%d %H:%M") if d.disclosed_at else ""
            cells = [
                when,
                purpose_label(d.purpose),
                d.recipient,
                d.scope,
                basis,
                d.reference or "",
                d.disclosed_by,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.summary.setText(
            self.tr("No identified data of patient %1 has left the clinic.").replace(
                "%1", self.patient_number
            )
            if not rows
            else (
                self.tr("Patient %1: one disclosure of identified data.")
                if len(rows) == 1
                else self.tr("Patient %1: %2 disclosures of identified data.")
            )
            .replace("%1", self.patient_number)
            .replace("%2", str(len(rows)))
        )

    def choose_target(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the disclosure history as PDF"),
            str(Path.home() / f"disclosures-{self.patient_number}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if chosen:
            self.save_to(Path(chosen))

    def print_history(self) -> None:
        try:
            data = consent.disclosure_history_pdf(self.auth, patient_id=self.patient_id)
        except ClinicError as exc:
            show_error(self, exc)
            return
        self.preview = print_pdf(self, self.tr("Disclosure history"), data)

    def save_to(self, target: Path) -> bool:
        try:
            write_private(
                target, consent.disclosure_history_pdf(self.auth, patient_id=self.patient_id)
            )
        except (ClinicError, OSError) as exc:
            show_error(self, exc)
            return False
        return True


def show_revocation(parent: QWidget, revocation: Revocation, recipient: str) -> None:
    """After a revocation of a consent to claims: the days already sent, which stay sent."""
    text = exported_days_text(revocation, recipient)
    if not text:
        return
    box = QMessageBox(parent)
    box.setObjectName("exportedDays")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("ConsentForms", "Consent revoked"))
    box.setText(text)
    box.exec()


class ExpiringConsentsDialog(QDialog):
    """Consents that expire in the next 30, 14 and 7 days, soonest first: ask the patient to
    renew, or let them lapse. A row opens the patient's record."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expiringConsentsDialog")
        self.auth = auth
        self.chosen_patient: int | None = None
        self.setWindowTitle(self.tr("Consents about to expire"))
        self.resize(900, 420)
        self.summary = QLabel()
        self.summary.setObjectName("expiringSummary")
        self.summary.setWordWrap(True)
        self.table = _table(
            "expiringConsents",
            [
                self.tr("Expires on"),
                self.tr("Days left"),
                self.tr("Patient no."),
                self.tr("Name"),
                self.tr("Purpose"),
                self.tr("Recipient"),
            ],
            5,
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        self.open_button = QPushButton(self.tr("Open the record"))
        self.open_button.setObjectName("openExpiringPatient")
        self.open_button.clicked.connect(self.open_selected)
        self.may_open = allowed(Action.PATIENT_READ, auth.actor.roles)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setVisible(self.may_open)  # after addButton, which shows it
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.listed: list[consent.ExpiringConsent] = []
        self.load()

    def _days_text(self, c: consent.ExpiringConsent) -> str:
        if c.days_left == 0:
            return self.tr("today")
        return (
            self.tr("%1 (within %2 days)")
            .replace("%1", str(c.days_left))
            .replace("%2", str(c.within))
        )

    def load(self) -> None:
        try:
            self.listed = consent.consents_expiring(self.auth)
        except ClinicError as exc:
            self.summary.setText(error_text(exc))
            return
        self.table.setRowCount(len(self.listed))
        for r, c in enumerate(self.listed):
            texts = [
                c.expires_on.isoformat(),
                self._days_text(c),
                c.patient_number,
                c.patient_name,
                purpose_label(c.purpose),
                c.recipient,
            ]
            tone = REFUSED if c.within == 7 else WARNING if c.within == 14 else None
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if tone is not None:
                    item.setForeground(QBrush(QColor(tone.text)))
                self.table.setItem(r, column, item)
        counts = {ahead: sum(1 for c in self.listed if c.within == ahead) for ahead in (7, 14, 30)}
        self.summary.setText(
            self.tr("Within 7 days: %1 · within 14 days: %2 · within 30 days: %3")
            .replace("%1", str(counts[7]))
            .replace("%2", str(counts[14]))
            .replace("%3", str(counts[30]))
            if self.listed
            else self.tr("No consent expires in the next 30 days.")
        )
        self.open_button.setEnabled(bool(self.listed))

    def open_row(self, row: int) -> None:
        if self.may_open and 0 <= row < len(self.listed):
            self.chosen_patient = int(self.listed[row].patient_id)
            self.accept()

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_row(rows[0].row())
