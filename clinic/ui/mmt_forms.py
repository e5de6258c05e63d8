"""The report to the national MMT data system, from the patients page: a period, the legal basis,
a passphrase for the AES zip, where to save it. One service call; a refusal shows in place."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from clinic.errors import InvalidInput
from clinic.patients import mmt_export
from clinic.service import AuthContext
from clinic.ui.consent_forms import _date_edit
from clinic.ui.patient_common import clinic_today, from_qdate
from clinic.ui.stock_forms import MovementDialog, _line


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class MmtExportDialog(MovementDialog):
    """Each patient in the file is logged as a disclosure on the legal basis given here."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(
            auth, self.tr("Report to the national MMT data system"), witness=False, parent=parent
        )
        self.setObjectName("mmtExportDialog")
        today = clinic_today(auth)
        last_month_end = today.replace(day=1) - timedelta(days=1)
        self.set_intro(
            self.tr(
                "Demographics, HIV/HCV/syphilis status, random urine results and daily doses of "
                "every patient dosed or enrolled in the period. Each patient in the file is "
                "logged as a disclosure on the legal basis given here."
            )
        )
        self.since = _date_edit("mmtSince", _qdate(last_month_end.replace(day=1)))
        self.until = _date_edit("mmtUntil", _qdate(last_month_end))
        period = QHBoxLayout()
        period.addWidget(self.since)
        period.addWidget(self.until)
        self.basis = _line(
            "mmtBasis", self.tr("e.g. 《戒毒药物维持治疗工作管理办法》, the article")
        )
        self.recipient = _line("mmtRecipient")
        self.recipient.setText(mmt_export.RECIPIENT)
        self.code = _line("mmtClinicCode", self.tr("the clinic's code in the data system"))
        self.passphrase = _line("mmtPassphrase")
        self.again = _line("mmtPassphraseAgain")
        for edit in (self.passphrase, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.target = _line("mmtTarget")
        self.target.setText(str(Path.home() / f"MMT-{last_month_end:%Y%m}.zip"))
        choose = QPushButton(self.tr("Choose…"))
        choose.setObjectName("mmtChooseTarget")
        choose.clicked.connect(self.choose_target)
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(choose)
        self.form.addRow(self.tr("Period"), period)
        self.form.addRow(self.tr("Legal basis"), self.basis)
        self.form.addRow(self.tr("Recipient"), self.recipient)
        self.form.addRow(self.tr("Clinic code"), self.code)
        self.form.addRow(self.tr("Passphrase for the file"), self.passphrase)
        self.form.addRow(self.tr("Passphrase again"), self.again)
        self.form.addRow(self.tr("Save as"), where)
        self.fields = {"legal_basis": self.basis}
        self.ok_button.setText(self.tr("Export"))

    def choose_target(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report"), self.target.text(), self.tr("Zip files (*.zip)")
        )
        if chosen:
            self.target.setText(chosen)

    def submit(self) -> Any:
        if self.passphrase.text() != self.again.text():
            raise InvalidInput(en="The two passphrases differ.", zh="两次输入的口令不一致。")
        return mmt_export.export_mmt(
            self.auth,
            since=from_qdate(self.since.date()),
            until=from_qdate(self.until.date()),
            target=Path(self.target.text()),
            passphrase=self.passphrase.text(),
            legal_basis=self.basis.text(),
            recipient=self.recipient.text(),
            clinic_code=self.code.text(),
        )
