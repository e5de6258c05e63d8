"""The patient's fee account on screen: take a payment, the statement, a waiver, a voided receipt.

Each form makes one service call; a refusal is shown in place and nothing is written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
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

from clinic.errors import ClinicError, InvalidInput, NeedsConfirmation
from clinic.insurance import patient_fees
from clinic.insurance.patient_fees import Account, AccountEntry
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import error_text, setting_label
from clinic.ui.printing import PrintPreview, print_pdf
from clinic.ui.stock_forms import MovementDialog, _line


def money(amount: Decimal) -> str:
    return f"-¥{-amount:,.2f}" if amount < 0 else f"¥{amount:,.2f}"


def balance_text(balance: Decimal) -> str:
    if balance > 0:
        return QCoreApplication.translate("FeeForms", "Owed: %1").replace("%1", money(balance))
    if balance < 0:
        return QCoreApplication.translate("FeeForms", "In credit: %1").replace(
            "%1", money(-balance)
        )
    return QCoreApplication.translate("FeeForms", "Nothing owed")


class PaymentDialog(MovementDialog):
    """Money received at the window: the amount owed is filled in; Enter takes it."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        patient_id: int,
        patient_number: str,
        owed: Decimal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(auth, self.tr("Take a payment"), witness=False, parent=parent)
        self.setObjectName("paymentDialog")
        self.patient_id = patient_id
        self.set_intro(
            self.tr("Patient %1. %2. A receipt number is given for every payment.")
            .replace("%1", patient_number)
            .replace("%2", balance_text(owed))
        )
        self.amount = _line("paymentAmount", self.tr("yuan, e.g. 10 or 10.50"))
        if owed > 0:
            self.amount.setText(f"{owed:.2f}")
        self.method = QComboBox()
        self.method.setObjectName("paymentMethod")
        for code, (en, zh) in patient_fees.METHODS.items():
            self.method.addItem(setting_label(en, zh), code)
        self.note = _line("paymentNote", self.tr("optional, e.g. paid for the week ahead"))
        self.form.addRow(self.tr("Amount (¥)"), self.amount)
        self.form.addRow(self.tr("Paid by"), self.method)
        self.form.addRow(self.tr("Note"), self.note)
        self.ok_button.setText(self.tr("Record the payment"))
        self.amount.setFocus()
        self.amount.selectAll()

    def submit(self) -> Any:
        try:
            return self._record(None)
        except NeedsConfirmation as asked:  # more than is owed: both amounts named, then asked
            box = QMessageBox(self)
            box.setObjectName("paymentAboveOwed")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("More than is owed"))
            box.setText(error_text(asked))
            take = box.addButton(
                self.tr("Take ¥%1").replace("%1", str(asked.details["amount"])),
                QMessageBox.ButtonRole.AcceptRole,
            )
            change = box.addButton(self.tr("Change the amount"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(change)
            box.exec()
            if box.clickedButton() is not take:
                raise InvalidInput(
                    en="Nothing was taken: check the amount.", zh="未收款：请核对金额。"
                ) from asked
            return self._record(asked.details["amount"])

    def _record(self, confirmed: object) -> Any:
        return patient_fees.record_payment(
            self.auth,
            patient_id=self.patient_id,
            amount=self.amount.text(),
            method=self.method.currentData(),
            note=self.note.text() or None,
            confirm_above_owed=confirmed,
        )


class WaiveDialog(MovementDialog):
    """Forgive what is owed, in part or whole, with the reason."""

    def __init__(self, auth: AuthContext, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Waive a fee"), witness=False, parent=parent)
        self.setObjectName("waiveDialog")
        self.account = account
        self.set_intro(
            self.tr("Patient %1. %2. Only what is owed can be waived.")
            .replace("%1", account.patient_number)
            .replace("%2", balance_text(account.balance))
        )
        self.amount = _line("waiveAmount", self.tr("yuan"))
        if account.balance > 0:
            self.amount.setText(f"{account.balance:.2f}")
        self.reason = _line("waiveReason", self.tr("e.g. hardship, approved by the director"))
        self.form.addRow(self.tr("Amount (¥)"), self.amount)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.ok_button.setText(self.tr("Waive"))

    def submit(self) -> Any:
        return patient_fees.waive_fee(
            self.auth,
            patient_id=int(self.account.patient_id),
            amount=self.amount.text(),
            reason=self.reason.text(),
        )


class VoidReceiptDialog(MovementDialog):
    """A payment or waiver entered in error: voided with a reason; it stays, struck through."""

    def __init__(
        self, auth: AuthContext, entry: AccountEntry, parent: QWidget | None = None
    ) -> None:
        super().__init__(auth, self.tr("Void a receipt"), witness=False, parent=parent)
        self.setObjectName("voidReceiptDialog")
        self.entry = entry
        self.set_intro(
            self.tr("Receipt %1 for %2 stays on the statement, struck through, with the reason.")
            .replace("%1", entry.reference)
            .replace("%2", money(-entry.amount))
        )
        self.reason = _line("voidReceiptReason", self.tr("e.g. wrong amount typed"))
        self.form.addRow(self.tr("Reason"), self.reason)
        self.ok_button.setText(self.tr("Void the receipt"))

    def submit(self) -> Any:
        return patient_fees.void_payment(
            self.auth, receipt_number=self.entry.reference, reason=self.reason.text()
        )


class AccountDialog(QDialog):
    """The patient's statement: every day charged, every payment and waiver, the balance."""

    def __init__(self, auth: AuthContext, patient_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountDialog")
        self.auth = auth
        self.patient_id = patient_id
        self.account: Account | None = None
        self.setWindowTitle(self.tr("Fee account"))
        self.resize(760, 480)
        roles = auth.actor.roles
        self.summary = QLabel()
        self.summary.setObjectName("accountSummary")
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("accountEntries")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Item"),
                self.tr("Reference"),
                self.tr("Detail"),
                self.tr("Amount"),
                self.tr("Balance"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.pay_button = QPushButton(self.tr("Take a payment…"))
        self.pay_button.setObjectName("takePayment")
        self.pay_button.clicked.connect(self.take_payment)
        self.pay_button.setVisible(allowed(Action.FEE_COLLECT, roles))
        self.waive_button = QPushButton(self.tr("Waive…"))
        self.waive_button.setObjectName("waiveFee")
        self.waive_button.clicked.connect(self.waive)
        self.waive_button.setVisible(allowed(Action.FEE_WAIVE, roles))
        self.void_button = QPushButton(self.tr("Void receipt…"))
        self.void_button.setObjectName("voidReceipt")
        self.void_button.clicked.connect(self.void_receipt)
        self.void_button.setVisible(allowed(Action.FEE_VOID, roles))
        self.reprint_button = QPushButton(self.tr("Print receipt…"))
        self.reprint_button.setObjectName("reprintReceipt")
        self.reprint_button.clicked.connect(self.reprint)
        self.preview: PrintPreview | None = None
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.pay_button, self.waive_button, self.void_button, self.reprint_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        try:
            self.account = patient_fees.patient_account(self.auth, patient_id=self.patient_id)
        except ClinicError as exc:
            self.summary.setText(error_text(exc))
            return
        account = self.account
        lines = [
            self.tr("Patient %1 · %2")
            .replace("%1", account.patient_number)
            .replace("%2", balance_text(account.balance))
        ]
        if account.billed_to_scheme:
            lines.append(
                self.tr(
                    "Billed to a payer scheme: the patient's share is settled through the claim, "
                    "so no daily fee is charged at the window."
                )
            )
        self.summary.setText("\n".join(lines))
        kinds = {
            "charge": self.tr("Dosing day"),
            "payment": self.tr("Payment"),
            "waiver": self.tr("Waiver"),
        }
        methods = {code: setting_label(en, zh) for code, (en, zh) in patient_fees.METHODS.items()}
        self.table.setRowCount(len(account.entries))
        for row, entry in enumerate(account.entries):
            detail = methods.get(entry.detail, entry.detail)
            if entry.cancelled:
                detail = (
                    self.tr("Cancelled: %1 — %2")
                    .replace("%1", entry.cancel_reason or "")
                    .replace("%2", detail)
                )
            reference = (
                self.tr("dose no. %1").replace("%1", entry.reference)
                if entry.kind == "charge"
                else entry.reference
            )
            cells = [
                entry.on.isoformat(),
                kinds.get(entry.kind, entry.kind),
                reference,
                detail,
                money(entry.amount),
                money(entry.balance),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column >= 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if entry.cancelled:
                    font = QFont(item.font())
                    font.setStrikeOut(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        if account.entries:
            QTimer.singleShot(
                0, self.table, self.table.scrollToBottom
            )  # the latest entries first in view

    def chosen(self) -> AccountEntry | None:
        row = self.table.currentRow()
        if self.account is None or not (0 <= row < len(self.account.entries)):
            return None
        return self.account.entries[row]

    def take_payment(self) -> None:
        if self.account is None:
            return
        dialog = PaymentDialog(
            self.auth,
            patient_id=self.patient_id,
            patient_number=self.account.patient_number,
            owed=self.account.balance,
            parent=self,
        )
        if dialog.exec() and dialog.outcome is not None:
            self.message.setText(receipt_text(dialog.outcome))
            self.reload()
            self.preview = print_receipt(self, self.auth, dialog.outcome.receipt_number)

    def waive(self) -> None:
        if self.account is None:
            return
        dialog = WaiveDialog(self.auth, self.account, self)
        if dialog.exec() and dialog.outcome is not None:
            self.message.setText(receipt_text(dialog.outcome))
            self.reload()
            self.preview = print_receipt(self, self.auth, dialog.outcome.receipt_number)

    def reprint(self) -> None:
        """Print a past receipt again (a voided one says so on the paper)."""
        entry = self.chosen()
        if entry is None or entry.kind == "charge":
            self.message.setText(self.tr("Choose a payment or waiver to print its receipt."))
            return
        self.preview = print_receipt(self, self.auth, entry.reference)

    def void_receipt(self) -> None:
        entry = self.chosen()
        if entry is None or entry.kind == "charge" or entry.cancelled:
            self.message.setText(self.tr("Choose a payment or waiver that is not already voided."))
            return
        dialog = VoidReceiptDialog(self.auth, entry, self)
        if dialog.exec():
            self.message.setText(self.tr("Receipt %1 voided.").replace("%1", entry.reference))
            self.reload()


def print_receipt(parent: QWidget, auth: AuthContext, receipt_number: str) -> PrintPreview | None:
    """The receipt's print preview, opened; a refusal is shown and nothing opens."""
    try:
        pdf = patient_fees.receipt_pdf(auth, receipt_number=receipt_number)
    except ClinicError as exc:
        QMessageBox.warning(
            parent, QCoreApplication.translate("FeeForms", "Receipt"), error_text(exc)
        )
        return None
    title = QCoreApplication.translate("FeeForms", "Receipt %1").replace("%1", receipt_number)
    return print_pdf(parent, title, pdf)


def receipt_text(receipt: patient_fees.Receipt) -> str:
    what = (
        QCoreApplication.translate("FeeForms", "Received %1")
        if receipt.kind == "payment"
        else QCoreApplication.translate("FeeForms", "Waived %1")
    ).replace("%1", money(receipt.amount))
    return (
        QCoreApplication.translate("FeeForms", "%1 · receipt %2 · %3")
        .replace("%1", what)
        .replace("%2", receipt.receipt_number)
        .replace("%3", balance_text(receipt.balance_after))
    )
