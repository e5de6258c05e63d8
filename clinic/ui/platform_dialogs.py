"""The clerk's dialogs for the national platform: a patient's chronic-disease registration
(recorded, never edited: a correction is a new registration) and the platform's reply file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError
from clinic.insurance import platform
from clinic.insurance.platform import FILE_CERT_TYPES, MDTRT_CERT_TYPES, RegistrationInfo
from clinic.service import AuthContext
from clinic.ui.claim_dialogs import fill_table
from clinic.ui.common import error_text, setting_label
from clinic.ui.patient_common import message_label, say
from clinic.ui.stock_page import _table


class RegistrationDialog(QDialog):
    """A patient's outpatient chronic-disease registration with a scheme, and the earlier ones."""

    def __init__(
        self,
        auth: AuthContext,
        patient_number: str,
        scheme_code: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registrationDialog")
        self.setWindowTitle(
            self.tr("Chronic-disease registration: %1").replace("%1", patient_number)
        )
        self.auth = auth
        self.patient_number = patient_number
        self.scheme_code = scheme_code
        self.saved: RegistrationInfo | None = None
        self.history = _table("registrationHistory")
        self.code = self._line("diseaseCode")
        self.name = self._line("diseaseName")
        # the dates as on the region's approval: nothing here to leave unchecked
        self.begins = self._line("registrationBegins")
        self.ends = self._line("registrationEnds")
        for edit in (self.begins, self.ends):
            edit.setPlaceholderText(self.tr("as on the approval, e.g. 2026-01-01"))
        self.number = self._line("registrationNumber")
        self.division = self._line("insuredDivision")
        self.cert_type = QComboBox()
        self.cert_type.setObjectName("certType")
        for code in FILE_CERT_TYPES:
            self.cert_type.addItem(f"{code} {setting_label(*MDTRT_CERT_TYPES[code])}", code)
        self.cert_no = self._line("certNo")
        self.reason = self._line("registrationReason")
        form = QFormLayout()
        form.addRow(self.tr("Scheme"), QLabel(scheme_code))
        form.addRow(self.tr("Disease catalogue code (opsp_dise_code)"), self.code)
        form.addRow(self.tr("Disease name"), self.name)
        form.addRow(self.tr("From"), self.begins)
        form.addRow(self.tr("Until"), self.ends)
        form.addRow(self.tr("Registration number (given by the region)"), self.number)
        form.addRow(self.tr("Insured place's division code (insuplc_admdvs)"), self.division)
        form.addRow(self.tr("Credential (mdtrt_cert_type)"), self.cert_type)
        form.addRow(self.tr("Social security card number"), self.cert_no)
        form.addRow(self.tr("Reason (for a correction)"), self.reason)
        self.message = message_label("registrationMessage")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            self.tr(
                "The platform pays an outpatient chronic-disease visit only inside the patient's "
                "registration for that disease. Use the region's disease catalogue code, not "
                "the ICD-10 diagnosis. A correction is recorded as a new registration; the "
                "earlier ones stay listed."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.history)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.history.setColumnCount(6)
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("Scheme"),
                self.tr("Disease code"),
                self.tr("Disease name"),
                self.tr("From"),
                self.tr("Until"),
                self.tr("Registration number"),
            ]
        )
        self.cert_type.currentIndexChanged.connect(self._cert_changed)
        self._cert_changed()
        self.reload()
        self.resize(760, self.sizeHint().height())

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        return edit

    def _cert_changed(self) -> None:
        self.cert_no.setEnabled(self.cert_type.currentData() == "03")

    def reload(self) -> None:
        try:
            rows = platform.registrations_of(self.auth, patient_number=self.patient_number)
        except ClinicError as exc:
            say(self.message, error_text(exc))
            return
        fill_table(
            self.history,
            [
                [
                    r.scheme_code,
                    r.disease_code,
                    r.disease_name,
                    r.begins_on.isoformat(),
                    r.ends_on.isoformat(),
                    r.registration_number,
                ]
                for r in rows
            ],
        )
        if rows and not self.code.text():
            newest = rows[-1]
            self.code.setText(newest.disease_code)
            self.name.setText(newest.disease_name)
            self.division.setText(newest.insuplc_admdvs)

    def save(self) -> None:
        kind = str(self.cert_type.currentData())
        try:
            self.saved = platform.register_chronic_disease(
                self.auth,
                patient_number=self.patient_number,
                scheme_code=self.scheme_code,
                disease_code=self.code.text(),
                disease_name=self.name.text(),
                begins_on=self.begins.text(),
                ends_on=self.ends.text(),
                registration_number=self.number.text(),
                insuplc_admdvs=self.division.text(),
                cert_type=kind,
                cert_no=self.cert_no.text() if kind == "03" else None,
                reason=self.reason.text() or None,
            )
        except ClinicError as exc:
            say(self.message, error_text(exc))
            return
        self.accept()


class RepliesDialog(QDialog):
    """The platform's reply file: the visits' mdtrt_id and setl_id, or its rejections."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repliesDialog")
        self.setWindowTitle(self.tr("Import the platform's replies"))
        self.path = QLineEdit()
        self.path.setObjectName("repliesPath")
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        note = QLabel(
            self.tr(
                "One line per visit: outpatient number (ipt_otp_no), 2201 or 2207, the id the "
                "platform issued (mdtrt_id or setl_id), or an empty id and its reason for "
                "refusing. Export the batch again afterwards for the next messages."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("The platform's reply file"), "", "CSV (*.csv *.txt)"
        )
        if chosen:
            self.path.setText(chosen)

    def chosen(self) -> Path | None:
        text = self.path.text().strip()
        return Path(text) if text else None
