"""Transfer summaries: produce one from the patient record (PDF and sealed, signed file), and
import one at the receiving clinic, where a physician confirms each field before enrolment.

Each form makes its service calls and shows a refusal in place; nothing is written then."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError, InvalidInput, NeedsConfirmation
from clinic.fileio import write_private
from clinic.numbers import plain
from clinic.patients import transfer
from clinic.patients.consent import ConsentInfo
from clinic.patients.enrolment import EnrolledPatient
from clinic.patients.transfer import OrderLine, ReceivedTransfer, TransferSummary
from clinic.service import AuthContext
from clinic.ui.common import error_text, set_tone
from clinic.ui.patient_common import (
    AgreementForm,
    clinic_today,
    message_label,
    method_name,
    sex_name,
)
from clinic.ui.stock_forms import MovementDialog, _line

TRANSFER_FILTER = "*.json"


def _passphrase(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class TransferDialog(MovementDialog):
    """The transfer summary of one patient for the clinic named in their consent: a PDF to
    print and a sealed, signed file, both saved in the folder chosen."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        patient_id: int,
        patient_number: str,
        consents: list[ConsentInfo],
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(auth, self.tr("Transfer summary"), witness=False, parent=parent)
        self.setObjectName("transferDialog")
        self.patient_id = patient_id
        self.patient_number = patient_number
        self.saved: tuple[Path, Path] | None = None
        self.set_intro(
            self.tr(
                "Patient %1. The summary goes only to a clinic the patient's consent to transfer "
                "names, and it is recorded in the disclosure history. Give the passphrase to the "
                "receiving clinic separately, by telephone, never with the file."
            ).replace("%1", patient_number)
        )
        today = clinic_today(auth)
        self.recipient = QComboBox()
        self.recipient.setObjectName("transferRecipient")
        self.recipient.setEditable(True)
        for given in consents:
            if given.purpose == "transfer" and given.valid_on(today):
                self.recipient.addItem(given.recipient)
        self.notes = QListWidget()
        self.notes.setObjectName("transferNotes")
        self.notes.setMaximumHeight(90)
        try:
            choices = transfer.transfer_notes(auth, patient_id=patient_id)
        except ClinicError as exc:
            choices = []
            self.show_message(error_text(exc))
        for choice in choices:
            item = QListWidgetItem(choice.text)
            item.setData(Qt.ItemDataRole.UserRole, choice.flag_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.notes.addItem(item)
        self.notes.setVisible(bool(choices))
        self.note = _line("transferNote", self.tr("e.g. takes the dose late in the morning"))
        self.passphrase = _passphrase("transferPassphrase")
        self.passphrase_again = _passphrase("transferPassphraseAgain")
        self.folder = QLineEdit(str(folder or Path.home()))
        self.folder.setObjectName("transferFolder")
        choose = QPushButton(self.tr("Choose…"))
        choose.setObjectName("transferChooseFolder")
        choose.clicked.connect(self.choose_folder)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(choose)
        self.form.addRow(self.tr("Receiving clinic"), self.recipient)
        if choices:
            self.form.addRow(self.tr("Notes to include"), self.notes)
        self.form.addRow(self.tr("Note to the receiving clinic"), self.note)
        self.form.addRow(self.tr("Passphrase (12 or more characters)"), self.passphrase)
        self.form.addRow(self.tr("Passphrase again"), self.passphrase_again)
        self.form.addRow(self.tr("Save in folder"), where)
        self.fields = {"recipient": self.recipient}
        self.ok_button.setText(self.tr("Make the summary"))

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Save the summary in"))
        if chosen:
            self.folder.setText(chosen)

    def chosen_notes(self) -> tuple[int, ...]:
        picked = []
        for row in range(self.notes.count()):
            item = self.notes.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                picked.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(picked)

    def submit(self) -> Any:
        if self.passphrase.text() != self.passphrase_again.text():
            raise InvalidInput(
                en="The two passphrases differ: type the same one twice.",
                zh="两次输入的口令不一致：请输入相同的口令。",
            )
        folder = Path(self.folder.text().strip() or ".")
        if not folder.is_dir():
            raise InvalidInput(
                en="Choose a folder that exists to save the summary in.",
                zh="请选择一个存在的文件夹来保存摘要。",
            )
        package = transfer.send_transfer(
            self.auth,
            patient_id=self.patient_id,
            recipient=self.recipient.currentText(),
            passphrase=self.passphrase.text(),
            flag_ids=self.chosen_notes(),
            note=self.note.text() or None,
        )
        pdf = folder / f"transfer-{self.patient_number}.pdf"
        sealed = folder / f"transfer-{self.patient_number}.json"
        try:
            write_private(pdf, package.pdf)
            write_private(sealed, package.file)
        except OSError as exc:
            raise InvalidInput(
                en=f"The summary was made but cannot be saved there: {exc.strerror}. Make it "
                "again into another folder.",
                zh=f"摘要已生成，但无法保存到该位置：{exc.strerror}。请换一个文件夹重新生成。",
            ) from exc
        self.saved = (pdf, sealed)
        return package


def _order_text(line: OrderLine | None) -> str:
    if line is None:
        return "—"
    text = f"{line.product} {plain(line.daily_dose_mg)} mg"
    if len(line.slots_mg) > 1:
        text += " (" + " + ".join(plain(mg) for mg in line.slots_mg) + ")"
    return text + f" · {line.start_on.isoformat()}"


class ImportTransferDialog(QDialog):
    """Open a transfer file with its passphrase; see whether the signature holds and whose key
    made it; confirm each field; then enrol the patient with the wizard, pre-filled."""

    def __init__(
        self, auth: AuthContext, *, site_code: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.site_code = site_code
        self.data: bytes | None = None
        self.received: ReceivedTransfer | None = None
        self.enrolled: EnrolledPatient | None = None
        self.setObjectName("importTransferDialog")
        self.setWindowTitle(self.tr("Import a transfer summary"))
        self.setMinimumWidth(640)
        intro = QLabel(
            self.tr(
                "Open the file the sending clinic gave you, with the passphrase they told you "
                "separately. Check each field with the patient and the printed summary, tick it, "
                "then enrol. Nothing is stored until enrolment."
            )
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("transferFile")
        choose = QPushButton(self.tr("Choose…"))
        choose.setObjectName("transferChooseFile")
        choose.clicked.connect(self.choose_file)
        self.passphrase = _passphrase("importPassphrase")
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setObjectName("transferOpen")
        self.open_button.clicked.connect(self.open_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.passphrase, 1)
        secret_row.addWidget(self.open_button)
        form = QFormLayout()
        form.addRow(self.tr("File"), file_row)
        form.addRow(self.tr("Passphrase"), secret_row)
        self.signature = QLabel()
        self.signature.setObjectName("transferSignature")
        self.signature.setWordWrap(True)
        self.signature.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("transferFields")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("In the summary"), self.tr("Checked")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(lambda _item: self._update())
        self.message = message_label("importMessage")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.enrol_button = self.buttons.addButton(
            self.tr("Enrol…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.enrol_button.setObjectName("transferEnrol")
        self.enrol_button.setEnabled(False)
        self.buttons.accepted.connect(self.enrol)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.signature)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(760, 600)

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the transfer file"),
            "",
            self.tr("Transfer summaries (%1)").replace("%1", TRANSFER_FILTER),
        )
        if chosen:
            self.path.setText(chosen)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def open_file(self) -> bool:
        """Read, open and verify the file; fill the fields to confirm, or say why not."""
        self.received = None
        self.data = None
        self.table.setRowCount(0)
        self._update()
        try:
            data = Path(self.path.text().strip()).read_bytes()
        except OSError as exc:
            self._refused(
                InvalidInput(
                    en=f"The file cannot be read: {exc.strerror}.",
                    zh=f"无法读取该文件：{exc.strerror}。",
                )
            )
            return False
        try:
            received = transfer.read_transfer(
                self.auth, data=data, passphrase=self.passphrase.text()
            )
        except ClinicError as exc:
            self._refused(exc)
            return False
        self.data, self.received = data, received
        summary = received.summary
        self.signature.setText(
            self.tr(
                "Signature verified: signed by %1 for %2 on %3, with the key whose fingerprint "
                "is %4. Compare it with the fingerprint printed on the paper summary."
            )
            .replace("%1", summary.sender)
            .replace("%2", summary.recipient)
            .replace("%3", summary.issued_on.isoformat())
            .replace("%4", received.fingerprint)
        )
        set_tone(self.signature, "done")
        if not received.addressed_here:
            said = self.signature.text()
            self.signature.setText(
                said
                + ("" if said.endswith("。") else " ")  # Chinese sentences follow without a space
                + self.tr(
                    "It was made for %1, not for this clinic: ask the sending clinic before "
                    "enrolling."
                ).replace("%1", summary.recipient)
            )
            set_tone(self.signature, "warning")
        if received.readmits:
            self.show_message(
                self.tr(
                    "A former patient of this clinic holds this ID number (%1): confirm the "
                    "fields, then re-admit them on their own record (a new episode)."
                ).replace("%1", str(received.registered_as))
            )
        elif received.registered_as:
            self.show_message(
                self.tr(
                    "A patient with this ID number is already registered here (%1): open that "
                    "record instead."
                ).replace("%1", received.registered_as)
            )
        else:
            self.show_message("")
        self.enrol_button.setText(self.tr("Re-admit…") if received.readmits else self.tr("Enrol…"))
        self._fill(summary)
        return True

    def _refused(self, exc: BaseException) -> None:
        self.signature.setText(self.tr("Not verified: the file was refused."))
        set_tone(self.signature, "refused")
        self.show_message(error_text(exc))

    def rows(self, s: TransferSummary) -> list[tuple[str, str, str]]:
        last = (
            f"{s.last_dose_on.isoformat()} · {plain(s.last_dose_mg)} mg"
            if s.last_dose_on and s.last_dose_mg is not None
            else "—"
        )
        doses = "; ".join(f"{d.day.isoformat()} {plain(d.dose_mg)} mg" for d in s.doses[-7:])
        if len(s.doses) > 7:
            doses = self.tr("%1 doses, the last: ").replace("%1", str(len(s.doses))) + doses
        screens = "; ".join(
            f"{sc.collected_on.isoformat()} +{','.join(sc.positives) or '0'}" for sc in s.screens
        )
        missed = "; ".join(f"{m.first.isoformat()} ×{m.days}" for m in s.missed)
        titration = " → ".join(plain(o.daily_dose_mg) + " mg" for o in s.titration)
        return [
            (
                "identity",
                self.tr("Name, sex, birth, ID number"),
                f"{s.name} · {sex_name(s.sex)} · {s.birth_date.isoformat()} · {s.national_id}",
            ),
            (
                "contact",
                self.tr("Phone, address, emergency contact"),
                " · ".join(x or "—" for x in (s.phone, s.address, s.emergency_contact)),
            ),
            (
                "diagnosis",
                self.tr("Diagnosis and treatment"),
                f"ICD-11 {s.icd11 or '—'} · "
                f"{s.diagnosed_on.isoformat() if s.diagnosed_on else '—'} · "
                f"{method_name(s.method)}",
            ),
            ("order", self.tr("Current order"), _order_text(s.order)),
            ("last_dose", self.tr("Last dose there"), last),
            (
                "doses",
                self.tr("Doses (30 days) and titration"),
                doses + "\n" + self.tr("Titration: %1").replace("%1", titration or "—"),
            ),
            ("screens", self.tr("Urine screens"), screens or "—"),
            ("missed", self.tr("Missed days"), missed or "—"),
            ("notes", self.tr("Notes"), "\n".join(s.notes) or "—"),
        ]

    def _fill(self, summary: TransferSummary) -> None:
        rows = self.rows(summary)
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for n, (key, label, value) in enumerate(rows):
            self.table.setItem(n, 0, QTableWidgetItem(label))
            self.table.setItem(n, 1, QTableWidgetItem(value))
            box = QTableWidgetItem(self.tr("confirmed"))
            box.setData(Qt.ItemDataRole.UserRole, key)
            box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            box.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(n, 2, box)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._update()

    def confirmed(self) -> frozenset[str]:
        keys = set()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 2)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                keys.add(str(item.data(Qt.ItemDataRole.UserRole)))
        return frozenset(keys)

    def confirm_all(self) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 2)
            if item is not None:
                item.setCheckState(Qt.CheckState.Checked)

    def _update(self) -> None:
        ready = (
            self.received is not None
            and (self.received.registered_as is None or self.received.readmits)
            and self.confirmed() >= set(transfer.CONFIRMED_FIELDS)
        )
        self.enrol_button.setEnabled(ready)

    def enrol(self) -> None:
        """The enrolment wizard, pre-filled from the summary; enrolled on its last page."""
        from clinic.ui.enrolment_wizard import EnrolmentWizard, PendingTransfer

        if self.received is None or self.data is None:
            return
        if self.received.readmits:
            dialog = ReadmitTransferDialog(
                self.auth,
                data=self.data,
                passphrase=self.passphrase.text(),
                received=self.received,
                confirmed=self.confirmed(),
                parent=self,
            )
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.readmitted is not None:
                self.enrolled = dialog.readmitted
                self.accept()
            return
        wizard = EnrolmentWizard(
            self.auth,
            site_code=self.site_code,
            transfer=PendingTransfer(
                self.data, self.passphrase.text(), self.received.summary, self.confirmed()
            ),
            parent=self,
        )
        if wizard.exec() == QDialog.DialogCode.Accepted and wizard.enrolled is not None:
            self.enrolled = wizard.enrolled
            self.accept()


class ReadmitTransferDialog(MovementDialog):
    """A former patient back with another clinic's transfer summary: the newly signed agreement,
    then, once the physician confirms who it is, a new episode on their own record."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        data: bytes,
        passphrase: str,
        received: ReceivedTransfer,
        confirmed: frozenset[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            auth, self.tr("Re-admit from a transfer summary"), witness=False, parent=parent
        )
        self.setObjectName("readmitTransferDialog")
        self.data, self.passphrase, self.received, self.confirmed = (
            data,
            passphrase,
            received,
            confirmed,
        )
        self.readmitted: EnrolledPatient | None = None
        summary = received.summary
        self.set_intro(
            self.tr(
                "%1 was treated here before as %2. Re-admission opens a new episode on that "
                "record, with the last dose at %3 counted for missed days. Record the newly signed "
                "voluntary-treatment agreement."
            )
            .replace("%1", summary.name)
            .replace("%2", str(received.registered_as))
            .replace("%3", summary.sender)
        )
        self.agreement = AgreementForm(clinic_today(auth))
        if summary.method:
            self.agreement.method.setCurrentIndex(
                max(self.agreement.method.findData(summary.method), 0)
            )
        self.form.addRow(self.agreement)
        self.ok_button.setText(self.tr("Re-admit"))

    def submit(self) -> Any:
        try:
            return self._readmit(None)
        except NeedsConfirmation as asked:  # who it is, named, then asked
            box = QMessageBox(self)
            box.setObjectName("readmitWhoItIs")
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(self.tr("Re-admit a former patient"))
            box.setText(error_text(asked))
            yes = box.addButton(
                self.tr("Re-admit %1").replace("%1", str(asked.details["patient_number"])),
                QMessageBox.ButtonRole.AcceptRole,
            )
            no = box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(no)
            box.exec()
            if box.clickedButton() is not yes:
                raise InvalidInput(
                    en="Nothing was recorded: the patient was not re-admitted.",
                    zh="未作任何记录：患者未重新入组。",
                ) from asked
            return self._readmit(str(asked.details["patient_number"]))

    def _readmit(self, patient_number: str | None) -> EnrolledPatient:
        self.readmitted = transfer.readmit_transferred(
            self.auth,
            data=self.data,
            passphrase=self.passphrase,
            agreement=self.agreement.value(),
            confirmed=self.confirmed,
            confirm_patient=patient_number,
        )
        return self.readmitted
