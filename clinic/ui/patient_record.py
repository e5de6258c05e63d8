"""One patient's record, as much as the reader's roles allow, and the actions those roles may take:
status change, re-admission, dose order, photo, card issue / reprint / PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic.dosing.guest import ReturnInfo
from clinic.dosing.orders import ORDERABLE_STATUSES, OrderInfo
from clinic.errors import ClinicError
from clinic.fileio import write_private
from clinic.patients import records
from clinic.patients.consent import ConsentInfo
from clinic.patients.records import ENDING, READMITTABLE, TRANSITIONS, PatientRecord
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import error_text, show_error
from clinic.ui.patient_common import (
    AgreementForm,
    clinic_today,
    date_edit,
    from_qdate,
    message_label,
    method_name,
    order_dose_text,
    pair,
    photo_bytes,
    photo_pixmap,
    purpose_name,
    sex_name,
    shown,
    status_name,
)
from clinic.ui.printing import PrintPreview, print_in_background, print_pdf
from clinic.ui.worker import run_in_background

GREY = QColor("#8a8f96")


def _table(name: str, headers: list[str], rows: list[list[str]], stretch: int) -> QWidget:
    """A read-only table sized to its rows (up to 8; more scroll), or a line saying it is empty."""
    if not rows:
        empty = QLabel(QCoreApplication.translate("PatientRecordView", "None recorded."))
        empty.setObjectName(name)
        empty.setProperty("muted", True)
        return empty
    table = QTableWidget(len(rows), len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    row_height = table.verticalHeader().defaultSectionSize()
    height = header.sizeHint().height() + row_height * min(len(rows), 8)
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)
    return table


class PatientRecordView(QWidget):
    """Shown in place of the patient list; rebuilt from the record each time it is opened."""

    back_requested = Signal()
    changed = Signal()

    def __init__(
        self, auth: AuthContext, *, clinic_name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.clinic_name = clinic_name
        self.record: PatientRecord | None = None
        self.extra_warnings: list[str] = []
        roles = auth.actor.roles
        self.may_status = allowed(Action.PATIENT_STATUS, roles)
        self.may_order = allowed(Action.ORDER_WRITE, roles)
        self.may_void_return = allowed(Action.GUEST_RETURN_VOID, roles)
        self.may_card = allowed(Action.CARD_ISSUE, roles)
        self.may_photo = allowed(Action.PATIENT_PHOTO, roles)
        self.last_card_file: Path | None = None
        self.transfer_preview: PrintPreview | None = None
        self.today = clinic_today(auth)

        self.back_button = QPushButton()
        self.back_button.setObjectName("backToList")
        self.back_button.clicked.connect(self.back_requested)
        self.status_button = self._button("changeStatus", self.change_status)
        self.readmit_button = self._button("readmit", self.readmit)
        self.order_button = self._button("newOrder", self.new_order)
        self.photo_button = self._button("changePhoto", self.change_photo)
        self.issue_button = self._button("issueCard", self.issue_card)
        self.reprint_button = self._button("reprintCard", self.reprint_card)
        self.print_button = self._button("printCard", self.save_card)
        self.card_print_button = self._button("printCardPaper", self.print_card)
        self.account_button = self._button("feeAccount", self.fee_account)
        self.history_button = self._button("patientHistory", self.open_history)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        for button in (
            self.status_button,
            self.readmit_button,
            self.order_button,
            self.photo_button,
            self.issue_button,
            self.reprint_button,
            self.card_print_button,
            self.print_button,
            self.account_button,
            self.history_button,
        ):
            bar.addWidget(button)
        self.notice = message_label("recordNotice")
        self.notice.setVisible(False)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("recordScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.scroll_area, 1)
        self.fields: dict[str, QLabel] = {}
        self.clear()

    def _button(self, name: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setVisible(False)
        return button

    # --- showing ----------------------------------------------------------------------------

    def clear(self) -> None:
        self.record = None
        self.extra_warnings = []
        self.notice.setVisible(False)
        self.scroll_area.setWidget(QWidget())
        for button in self._action_buttons():
            button.setVisible(False)

    def _action_buttons(self) -> list[QPushButton]:
        return [
            self.status_button,
            self.readmit_button,
            self.order_button,
            self.photo_button,
            self.issue_button,
            self.reprint_button,
            self.card_print_button,
            self.print_button,
            self.account_button,
            self.history_button,
        ]

    def show_record(self, record: PatientRecord) -> None:
        self.record = record
        self.extra_warnings = []
        self.notice.setVisible(False)
        self.show_current()

    def show_warning(self, text: str) -> None:
        self.extra_warnings.append(text)
        self.show_current()

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setProperty("error", "false")
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)
        self.notice.setVisible(bool(text))

    def reload(self) -> None:
        if self.record is None:
            return
        try:
            self.record = records.open_patient(self.auth, patient_id=self.record.patient_id)
        except ClinicError as exc:
            show_error(self, exc)
            return
        self.show_current()
        self.changed.emit()

    def show_current(self) -> None:
        record = self.record
        self.back_button.setText(self.tr("← Back to the list"))
        self.status_button.setText(self.tr("Change status…"))
        self.readmit_button.setText(self.tr("Re-admit…"))
        self.order_button.setText(self.tr("New dose order…"))
        self.photo_button.setText(self.tr("Change photo…"))
        self.issue_button.setText(self.tr("Issue a card"))
        self.reprint_button.setText(self.tr("Reprint the card…"))
        self.print_button.setText(self.tr("Card PDF…"))
        self.card_print_button.setText(self.tr("Print card…"))
        self.account_button.setText(self.tr("Fee account…"))
        self.history_button.setText(self.tr("Doses and screens…"))
        if record is None:
            return
        has_card = record.card_code is not None
        self.status_button.setVisible(self.may_status and bool(TRANSITIONS[record.status]))
        self.readmit_button.setVisible(self.may_status and record.status in READMITTABLE)
        self.order_button.setVisible(self.may_order and record.status in ORDERABLE_STATUSES)
        self.photo_button.setVisible(self.may_photo)
        self.issue_button.setVisible(self.may_card and not has_card)
        self.reprint_button.setVisible(self.may_card and has_card)
        self.print_button.setVisible(self.may_card and has_card)
        self.card_print_button.setVisible(self.may_card and has_card)
        self.account_button.setVisible(allowed(Action.FEE_READ, self.auth.actor.roles))
        self.history_button.setVisible("clinical" in record.view)

        self.fields = {}
        content = QWidget()
        content.setObjectName("recordContent")
        column = QVBoxLayout(content)
        column.addLayout(self._header(record))
        warnings = [*self.extra_warnings, *(pair(w) for w in record.warnings)]
        if warnings:
            box = QLabel("\n".join(f"⚠ {w}" for w in warnings))
            box.setObjectName("recordWarnings")
            box.setWordWrap(True)
            column.addWidget(box)
        view = record.view
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        left: list[QWidget] = []
        right: list[QWidget] = []
        if "contact" in view:
            left.append(self._contact(record))
        if "payer" in view:
            left.append(self._payer(record))
        if "diagnosis" in view:
            left.append(self._diagnosis(record))
        if "clinical" in view:
            right.append(self._treatment(record))
        for index, widget in enumerate(left):
            grid.addWidget(widget, index, 0)
        for index, widget in enumerate(right):
            grid.addWidget(widget, index, 1, max(len(left), 1), 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        column.addLayout(grid)
        if "clinical" in view:
            column.addWidget(self._orders(record))
            column.addWidget(self._guests(record))
        if "consents" in view:
            column.addWidget(self._consents(record))
        column.addStretch(1)
        self.scroll_area.setWidget(content)

    def _field(self, form: QFormLayout, key: str, label: str, value: str) -> None:
        shown_value = QLabel(value or "—")
        shown_value.setObjectName(f"field_{key}")
        shown_value.setWordWrap(True)
        shown_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields[key] = shown_value
        form.addRow(label, shown_value)

    def _header(self, record: PatientRecord) -> QHBoxLayout:
        row = QHBoxLayout()
        photo = QLabel()
        photo.setObjectName("patientPhoto")
        photo.setFixedSize(132, 168)
        photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = photo_pixmap(record.photo, 132, 168)
        if pixmap is not None:
            photo.setPixmap(pixmap)
        else:
            photo.setText(self.tr("No photo"))
        row.addWidget(photo, 0, Qt.AlignmentFlag.AlignTop)
        info = QVBoxLayout()
        title = QLabel(f"{record.name}   {record.patient_number}")
        title.setObjectName("pageHeading")
        info.addWidget(title)
        form = QFormLayout()
        self._field(form, "national_id", self.tr("ID number"), record.national_id_masked)
        self._field(
            form,
            "sex_age",
            self.tr("Sex, age"),
            self.tr("%1, %2 years (born %3)")
            .replace("%1", sex_name(record.sex))
            .replace("%2", str(record.age))
            .replace("%3", record.birth_date.isoformat()),
        )
        self._field(form, "status", self.tr("Status"), status_name(record.status))
        self._field(
            form,
            "episode",
            self.tr("Episode"),
            self.tr("%1, since %2")
            .replace("%1", str(record.episode_number))
            .replace("%2", record.in_treatment_since.isoformat()),
        )
        years = record.monitoring_ends_on.year - record.in_treatment_since.year
        self._field(
            form,
            "monitoring",
            self.tr("%1 years' abstinence / police monitoring ends on").replace("%1", str(years)),
            record.monitoring_ends_on.isoformat(),
        )
        self._field(form, "card", self.tr("Card"), record.card_code or self.tr("none issued"))
        info.addLayout(form)
        row.addLayout(info, 1)
        return row

    def _group(self, name: str, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        box.setObjectName(name)
        form = QFormLayout(box)
        return box, form

    def _contact(self, record: PatientRecord) -> QGroupBox:
        box, form = self._group("contactBox", self.tr("Contact"))
        self._field(form, "phone", self.tr("Phone"), record.phone or "")
        self._field(form, "address", self.tr("Address"), record.address or "")
        self._field(
            form, "emergency_contact", self.tr("Emergency contact"), record.emergency_contact or ""
        )
        if record.guardian:
            self._field(form, "guardian", self.tr("Guardian"), record.guardian)
        return box

    def _payer(self, record: PatientRecord) -> QGroupBox:
        box, form = self._group("payerBox", self.tr("Payer"))
        scheme = record.payer_scheme or self.tr("Self-pay")
        self._field(form, "payer_scheme", self.tr("Scheme"), scheme)
        self._field(
            form,
            "insurance_number",
            self.tr("Insured-person number"),
            record.insurance_number or "",
        )
        return box

    def _diagnosis(self, record: PatientRecord) -> QGroupBox:
        box, form = self._group("diagnosisBox", self.tr("Diagnosis"))
        self._field(form, "diagnosis", self.tr("Diagnosis"), record.diagnosis_name or "")
        codes = (
            f"ICD-11 {record.diagnosis_icd11} / ICD-10 {record.diagnosis_icd10}"
            if record.diagnosis_icd11
            else ""
        )
        self._field(form, "diagnosis_codes", self.tr("Codes"), codes)
        return box

    def _treatment(self, record: PatientRecord) -> QGroupBox:
        box = QGroupBox(self.tr("Treatment"))
        box.setObjectName("treatmentBox")
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self._field(form, "method", self.tr("Agreement: method"), method_name(record.method))
        layout.addLayout(form)
        rows = [
            [
                entry.effective_on.isoformat(),
                (status_name(entry.from_status) + " → " if entry.from_status else "")
                + status_name(entry.to_status),
                self._reason(entry.reason),
                str(entry.episode_number),
            ]
            for entry in reversed(record.status_history)
        ]
        layout.addWidget(QLabel(self.tr("Status history")))
        layout.addWidget(
            _table(
                "statusHistory",
                [self.tr("Date"), self.tr("Change"), self.tr("Reason"), self.tr("Episode")],
                rows,
                2,
            )
        )
        layout.addStretch(1)
        return box

    def _reason(self, reason: str | None) -> str:
        known = {
            "registered": self.tr("registered"),
            "enrolled": self.tr("enrolled"),
            "re-admitted": self.tr("re-admitted"),
        }
        return known.get(reason or "", reason or "")

    def _order_state(self, order: OrderInfo, current: OrderInfo | None) -> str:
        if order.kind == "stop":
            return self.tr("stop")
        if order.superseded:
            return self.tr("superseded")
        if current is not None and order.order_id == current.order_id:
            return self.tr("current") + (" — " + self.tr("review due") if order.expiring else "")
        return ""

    def _orders(self, record: PatientRecord) -> QGroupBox:
        box = QGroupBox(self.tr("Dose orders"))
        box.setObjectName("ordersBox")
        layout = QVBoxLayout(box)
        current = record.current_order
        if current is not None:
            summary = (
                self.tr("Current: %1, %2 a day from %3")
                .replace("%1", current.product_name or "")
                .replace("%2", order_dose_text(current))
                .replace("%3", current.start_on.isoformat())
            )
            if current.review_on:
                summary += "; " + self.tr("review %1").replace("%1", current.review_on.isoformat())
            if current.end_on:
                summary += "; " + self.tr("ends %1").replace("%1", current.end_on.isoformat())
        else:
            summary = self.tr("No dose order in force.")
        current_label = QLabel(summary)
        current_label.setObjectName("currentOrder")
        current_label.setWordWrap(True)
        layout.addWidget(current_label)
        rows = [
            [
                order.start_on.isoformat(),
                order.product_name or "—",
                order_dose_text(order),
                shown(order.review_on),
                shown(order.end_on),
                str(order.take_home_days) if order.take_home_days else "",
                order.reason or "",
                self._order_state(order, current),
            ]
            for order in record.orders
        ]
        table = _table(
            "orderHistory",
            [
                self.tr("Start"),
                self.tr("Product"),
                self.tr("Daily dose"),
                self.tr("Review"),
                self.tr("End"),
                self.tr("Take-home days"),
                self.tr("Reason"),
                self.tr("State"),
            ],
            rows,
            6,
        )
        for r, order in enumerate(record.orders):
            if order.superseded and isinstance(table, QTableWidget):
                for c in range(table.columnCount()):
                    item = table.item(r, c)
                    if item is not None:
                        item.setForeground(QBrush(GREY))
        layout.addWidget(table)
        return box

    def _guests(self, record: PatientRecord) -> QGroupBox:
        """Guest orders: where the patient doses on which dates, and any early end."""
        box = QGroupBox(self.tr("Guest dosing"))
        box.setObjectName("guestBox")
        layout = QVBoxLayout(box)
        rows = [
            [
                g.place,
                g.starts_on.isoformat(),
                g.ends_on.isoformat(),
                self.tr("home again from %1 (%2)")
                .replace("%1", g.home_from.isoformat())
                .replace("%2", g.end_reason or "")
                if g.home_from
                else "",
                g.note or "",
                g.ordered_by,
                f"{g.last_dose_there.isoformat()} ({g.return_reference or ''})"
                if g.last_dose_there
                else "",
            ]
            for g in record.guest_orders
        ]
        self.guest_table = _table(
            "guestTable",
            [
                self.tr("Doses at"),
                self.tr("First day"),
                self.tr("Last day"),
                self.tr("Ended early"),
                self.tr("Note"),
                self.tr("Ordered by"),
                self.tr("Last dose there (confirmed)"),
            ],
            rows,
            4,
        )
        table = self.guest_table
        if isinstance(table, QTableWidget) and self.may_order:
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout.addWidget(table)
        if record.guest_returns:
            layout.addWidget(QLabel(self.tr("Last doses at other clinics, as recorded")))
            layout.addWidget(self._guest_returns(record))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for name, text, slot, enabled in (
            ("newGuestOrder", self.tr("Guest dosing…"), self.new_guest_order, True),
            ("endGuestOrder", self.tr("End early…"), self.end_guest_order, bool(rows)),
            (
                "guestReturn",
                self.tr("Last dose there…"),
                self.record_guest_return,
                any(g.elsewhere and g.last_dose_there is None for g in record.guest_orders),
            ),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            button.setVisible(self.may_order and record.status in ORDERABLE_STATUSES)
            button.setEnabled(enabled)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        return box

    def _guest_returns(self, record: PatientRecord) -> QWidget:
        """Every last dose recorded at another clinic, voided ones greyed with who, when and
        why; a Void button beside each one in force."""
        rows = [
            [
                r.place,
                r.last_dose_on.isoformat(),
                r.reference,
                f"{r.recorded_by}, {r.recorded_at.astimezone():%Y-%m-%d %H:%M}",
                self.tr("voided by %1, %2: %3")
                .replace("%1", r.voided_by or "")
                .replace("%2", f"{r.voided_at.astimezone():%Y-%m-%d %H:%M}")
                .replace("%3", r.void_reason or "")
                if r.voided_at is not None
                else self.tr("in force"),
                "",
            ]
            for r in record.guest_returns
        ]
        table = _table(
            "guestReturnsTable",
            [
                self.tr("Doses at"),
                self.tr("Last dose there"),
                self.tr("Confirmation"),
                self.tr("Recorded"),
                self.tr("State"),
                "",
            ],
            rows,
            4,
        )
        assert isinstance(table, QTableWidget)
        self.guest_returns_table = table
        may_void = self.may_void_return and record.status in ORDERABLE_STATUSES
        for r, given in enumerate(record.guest_returns):
            if given.voided:
                for c in range(table.columnCount() - 1):
                    item = table.item(r, c)
                    if item is not None:
                        item.setForeground(QBrush(GREY))
            elif may_void:
                button = QPushButton(self.tr("Void…"))
                button.setObjectName(f"voidGuestReturn{given.return_id}")
                button.clicked.connect(lambda _=False, given=given: self.void_guest_return(given))
                table.setCellWidget(r, table.columnCount() - 1, button)
        return table

    def void_guest_return(self, given: ReturnInfo) -> None:
        if self.record is None:
            return
        from clinic.ui.guest_forms import VoidGuestReturnDialog

        period = next(g for g in self.record.guest_orders if g.guest_id == given.guest_id)
        dialog = VoidGuestReturnDialog(self.auth, given, period, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def new_guest_order(self) -> None:
        if self.record is None:
            return
        from clinic.ui.guest_forms import GuestOrderDialog

        dialog = GuestOrderDialog(
            self.auth,
            patient_id=self.record.patient_id,
            patient_number=self.record.patient_number,
            parent=self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def end_guest_order(self) -> None:
        if self.record is None:
            return
        from clinic.ui.guest_forms import EndGuestDialog

        table = self.guest_table
        rows = table.selectionModel().selectedRows() if isinstance(table, QTableWidget) else []
        if not rows:
            self.show_notice(self.tr("Select a guest order in the table first."))
            return
        dialog = EndGuestDialog(self.auth, self.record.guest_orders[rows[0].row()], self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def record_guest_return(self) -> None:
        if self.record is None:
            return
        from clinic.ui.guest_forms import GuestReturnDialog

        table = self.guest_table
        rows = table.selectionModel().selectedRows() if isinstance(table, QTableWidget) else []
        if not rows:
            self.show_notice(self.tr("Select a guest order in the table first."))
            return
        given = self.record.guest_orders[rows[0].row()]
        if not given.elsewhere:
            self.show_notice(
                self.tr(
                    "%1 is a site of this clinic: its doses are already on the record."
                ).replace("%1", given.place)
            )
            return
        if given.last_dose_there is not None:
            self.show_notice(
                self.tr("The last dose at %1 is already recorded: %2.")
                .replace("%1", given.place)
                .replace("%2", given.last_dose_there.isoformat())
            )
            return
        dialog = GuestReturnDialog(self.auth, given, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def _consents(self, record: PatientRecord) -> QGroupBox:
        box = QGroupBox(self.tr("Consents and disclosures"))
        box.setObjectName("consentsBox")
        layout = QVBoxLayout(box)
        today = self.today
        consent_rows = [
            [
                f"#{c.consent_id} {purpose_name(c.purpose)}",
                c.recipient,
                c.scope,
                self._signed_text(c),
                shown(c.expires_on),
                self.tr("revoked %1: %2")
                .replace("%1", c.revoked_on.isoformat())
                .replace("%2", c.revoked_reason or "")
                if c.revoked_on
                else (self.tr("valid") if c.valid_on(today) else self.tr("not valid")),
            ]
            for c in record.consents
        ]
        self.consents_table = _table(
            "consentsTable",
            [
                self.tr("Purpose"),
                self.tr("Recipient"),
                self.tr("Information"),
                self.tr("Signed"),
                self.tr("Expires"),
                self.tr("State"),
            ],
            consent_rows,
            2,
        )
        layout.addWidget(self.consents_table)
        layout.addLayout(self._consent_buttons(record))
        layout.addWidget(QLabel(self.tr("Disclosures")))
        disclosure_rows = [
            [
                purpose_name(d.purpose),
                d.recipient,
                d.scope,
                self.tr("consent #%1").replace("%1", str(d.consent_id))
                if d.consent_id
                else self.tr("legal basis: %1").replace("%1", d.legal_basis or ""),
                d.reference or "",
            ]
            for d in record.disclosures
        ]
        layout.addWidget(
            _table(
                "disclosuresTable",
                [
                    self.tr("Purpose"),
                    self.tr("Recipient"),
                    self.tr("Information"),
                    self.tr("Basis"),
                    self.tr("Reference"),
                ],
                disclosure_rows,
                2,
            )
        )
        return box

    def _signed_text(self, c: ConsentInfo) -> str:
        text = c.signed_on.isoformat()
        if c.renews_id:
            text += " · " + self.tr("renews #%1").replace("%1", str(c.renews_id))
        if c.has_scan:
            text += " · " + self.tr("scanned")
        return text

    def _consent_buttons(self, record: PatientRecord) -> QHBoxLayout:
        """Record, renew and revoke (physician, administrator); the scan and the disclosure
        history (the same). Renew, revoke and the scan act on the consent selected above."""
        roles = self.auth.actor.roles
        manage = allowed(Action.CONSENT_RECORD, roles)
        read = allowed(Action.CONSENT_READ, roles)
        table = self.consents_table
        if isinstance(table, QTableWidget) and (manage or read):
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        row = QHBoxLayout()
        buttons = [
            ("newConsent", self.tr("New consent…"), self.new_consent, manage),
            (
                "renewConsent",
                self.tr("Renew…"),
                self.renew_consent,
                manage and bool(record.consents),
            ),
            (
                "revokeConsent",
                self.tr("Revoke…"),
                self.revoke_consent,
                manage and bool(record.consents),
            ),
            (
                "viewConsentScan",
                self.tr("Signed form"),
                self.view_consent_scan,
                read and bool(record.consents),
            ),
            ("disclosureHistory", self.tr("Disclosure history…"), self.disclosure_history, read),
            (
                "transferSummary",
                self.tr("Transfer summary…"),
                self.transfer_summary,
                allowed(Action.TRANSFER_SEND, roles),
            ),
        ]
        for name, text, slot, shown_ in buttons:
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            button.setVisible(shown_)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def selected_consent(self) -> ConsentInfo | None:
        """The consent selected in the table; says so in place when none is."""
        table = self.consents_table
        if self.record is None:
            return None
        rows = table.selectionModel().selectedRows() if isinstance(table, QTableWidget) else []
        if not rows:
            self.show_notice(self.tr("Select a consent in the table first."))
            return None
        return self.record.consents[rows[0].row()]

    def new_consent(self) -> None:
        from clinic.ui.consent_forms import ConsentDialog

        if self.record is None:
            return
        dialog = ConsentDialog(
            self.auth,
            patient_id=int(self.record.patient_id),
            patient_number=self.record.patient_number,
            parent=self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.show_notice(self.tr("Consent recorded."))

    def renew_consent(self) -> None:
        from clinic.ui.consent_forms import ConsentDialog

        chosen = self.selected_consent()
        if chosen is None or self.record is None:
            return
        dialog = ConsentDialog(
            self.auth,
            patient_id=int(self.record.patient_id),
            patient_number=self.record.patient_number,
            renews=chosen,
            parent=self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.show_notice(self.tr("Consent renewed."))

    def revoke_consent(self) -> None:
        from clinic.ui.consent_forms import RevokeConsentDialog, show_revocation

        chosen = self.selected_consent()
        if chosen is None:
            return
        dialog = RevokeConsentDialog(self.auth, chosen, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.show_notice(self.tr("Consent revoked: nothing more is shared under it."))
            show_revocation(self, dialog.outcome, chosen.recipient)

    def view_consent_scan(self) -> None:
        chosen = self.selected_consent()
        if chosen is None:
            return
        chosen_path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the signed form"), str(Path.home() / f"consent-{chosen.consent_id}")
        )
        if chosen_path:
            self.save_consent_scan_to(chosen, Path(chosen_path))

    def save_consent_scan_to(self, chosen: ConsentInfo, target: Path) -> Path | None:
        """The signed form's scan written to TARGET, with the extension its kind has."""
        from clinic.patients import consent

        try:
            data, kind = consent.consent_scan(self.auth, consent_id=chosen.consent_id)
            path = target.with_suffix(f".{'jpg' if kind == 'jpeg' else kind}")
            write_private(path, data)
        except (ClinicError, OSError) as exc:
            show_error(self, exc)
            return None
        self.show_notice(self.tr("Signed form saved to %1.").replace("%1", str(path)))
        return path

    def disclosure_history(self) -> None:
        from clinic.ui.consent_forms import DisclosureHistoryDialog

        if self.record is None:
            return
        DisclosureHistoryDialog(
            self.auth, int(self.record.patient_id), self.record.patient_number, self
        ).exec()

    def transfer_summary(self) -> None:
        from clinic.ui.transfer_dialogs import TransferDialog

        if self.record is None:
            return
        dialog = TransferDialog(
            self.auth,
            patient_id=int(self.record.patient_id),
            patient_number=self.record.patient_number,
            consents=list(self.record.consents),
            parent=self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.reload()
            pdf, sealed = dialog.saved
            self.show_notice(
                self.tr(
                    "Transfer summary saved: %1 and %2. Key fingerprint %3. Give the passphrase "
                    "to the receiving clinic separately."
                )
                .replace("%1", str(pdf))
                .replace("%2", sealed.name)
                .replace("%3", dialog.outcome.fingerprint)
            )
            # the summary travels on paper too: the same pages, in the print preview
            self.transfer_preview = print_pdf(
                self, self.tr("Transfer summary %1").replace("%1", pdf.stem), dialog.outcome.pdf
            )

    # --- actions ----------------------------------------------------------------------------

    def fee_account(self) -> None:
        from clinic.ui.fee_forms import AccountDialog

        if self.record is None:
            return
        AccountDialog(self.auth, int(self.record.patient_id), self).exec()

    def open_history(self) -> None:
        from clinic.ui.history_dialog import PatientHistoryDialog

        if self.record is None:
            return
        PatientHistoryDialog(
            self.auth, int(self.record.patient_id), self.record.patient_number, self
        ).exec()

    def change_status(self) -> None:
        if self.record is None:
            return
        dialog = StatusDialog(self.auth, self.record, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def readmit(self) -> None:
        if self.record is None:
            return
        dialog = ReadmitDialog(self.auth, self.record, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def new_order(self) -> None:
        if self.record is None:
            return
        from clinic.ui.order_form import OrderDialog

        dialog = OrderDialog(self.auth, self.record, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def change_photo(self) -> None:
        if self.record is None:
            return
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a photo"), "", self.tr("Images (*.png *.jpg *.jpeg *.bmp)")
        )
        if chosen:
            self.set_photo_from(Path(chosen))

    def set_photo_from(self, path: Path) -> None:
        assert self.record is not None
        image = QImage(str(path))
        if image.isNull():
            show_error(self, _NotAnImage())
            return
        try:
            records.set_photo(
                self.auth, patient_id=self.record.patient_id, image=photo_bytes(image)
            )
        except ClinicError as exc:
            show_error(self, exc)
            return
        self.reload()

    def issue_card(self) -> None:
        if self.record is None:
            return
        try:
            card = records.issue_card(self.auth, patient_id=self.record.patient_id)
        except ClinicError as exc:
            show_error(self, exc)
            return
        self.reload()
        self.show_notice(self.tr("Card %1 issued.").replace("%1", card.code))

    def reprint_card(self) -> None:
        """A new card with a reason; the old one is void from now on."""
        if self.record is None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("reprintReason")
        dialog.setWindowTitle(self.tr("Reprint the card"))
        dialog.setLabelText(
            self.tr("Why is the card replaced (lost, damaged…)? The old card becomes void.")
        )
        dialog.setTextValue("")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            card = records.issue_card(
                self.auth, patient_id=self.record.patient_id, reason=dialog.textValue()
            )
        except ClinicError as exc:
            show_error(self, exc)
            return
        self.reload()
        self.show_notice(
            self.tr("Card %1 issued; the earlier card is void.").replace("%1", card.code)
        )

    def save_card(self) -> None:
        if self.record is None:
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the card as PDF"),
            str(Path.home() / f"card-{self.record.patient_number}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if chosen:
            self.save_card_to(Path(chosen))

    def print_card(self) -> None:
        """The card's PDF made off the UI thread, then opened in the print preview."""
        if self.record is None:
            return
        auth, patient_id, name = self.auth, self.record.patient_id, self.clinic_name
        self.card_print_button.setEnabled(False)

        def shown(_preview: PrintPreview) -> None:
            self.card_print_button.setEnabled(True)

        def failed(exc: Exception) -> None:
            self.card_print_button.setEnabled(True)
            show_error(self, exc)

        print_in_background(
            self,
            self.tr("Card %1").replace("%1", self.record.patient_number),
            lambda progress: records.card_pdf(auth, patient_id=patient_id, clinic_name=name),
            on_shown=shown,
            on_failed=failed,
        )

    def save_card_to(self, target: Path) -> None:
        """Render the card PDF off the UI thread and write it (owner-only) to TARGET."""
        if self.record is None:
            return
        auth, patient_id, name = self.auth, self.record.patient_id, self.clinic_name
        self.print_button.setEnabled(False)

        def done(pdf: bytes) -> None:
            self.print_button.setEnabled(True)
            try:
                write_private(target, pdf)
            except OSError as exc:
                show_error(self, exc)
                return
            self.last_card_file = target
            self.show_notice(
                self.tr("The card was saved to %1: open it to print.").replace("%1", str(target))
            )

        def failed(exc: Exception) -> None:
            self.print_button.setEnabled(True)
            show_error(self, exc)

        run_in_background(
            self,
            self.tr("Making the card…"),
            lambda progress: records.card_pdf(auth, patient_id=patient_id, clinic_name=name),
            on_done=done,
            on_error=failed,
        )


class _NotAnImage(ClinicError):
    def __init__(self) -> None:
        super().__init__(
            en="This file is not an image the program can read.",
            zh="无法读取该图片文件。",
        )


class StatusDialog(QDialog):
    """Move the patient to one of the statuses allowed from the current one."""

    def __init__(self, auth: AuthContext, record: PatientRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.auth, self.record = auth, record
        self.setWindowTitle(self.tr("Change the status of %1").replace("%1", record.patient_number))
        today = clinic_today(auth)
        self.current = QLabel(status_name(record.status))
        self.to_status = QComboBox()
        self.to_status.setObjectName("toStatus")
        for status in sorted(TRANSITIONS[record.status]):
            self.to_status.addItem(status_name(status), status)
        self.effective = date_edit("effectiveOn", today, latest=today)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("statusReason")
        self.reason.setFixedHeight(70)
        self.reason_hint = QLabel()
        self.reason_hint.setObjectName("muted")
        self.message = message_label()
        form = QFormLayout()
        form.addRow(self.tr("Now"), self.current)
        form.addRow(self.tr("New status"), self.to_status)
        form.addRow(self.tr("From"), self.effective)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow("", self.reason_hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.to_status.currentIndexChanged.connect(self._hint)
        self._hint()

    def _hint(self) -> None:
        ending = self.to_status.currentData() in ENDING
        self.reason_hint.setText(
            self.tr("Required: why treatment ends (the exit reason is kept).")
            if ending
            else self.tr("Optional.")
        )

    def save(self) -> None:
        try:
            records.change_status(
                self.auth,
                patient_id=self.record.patient_id,
                to_status=str(self.to_status.currentData()),
                effective_on=from_qdate(self.effective.date()),
                reason=self.reason.toPlainText(),
            )
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()


class ReadmitDialog(QDialog):
    """Re-admission: a new episode on the same record, with a newly signed agreement."""

    def __init__(self, auth: AuthContext, record: PatientRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.auth, self.record = auth, record
        self.setWindowTitle(self.tr("Re-admit %1").replace("%1", record.patient_number))
        note = QLabel(
            self.tr(
                "Re-admission opens episode %1 on the same record. Record the newly signed "
                "voluntary-treatment agreement."
            ).replace("%1", str(record.episode_number + 1))
        )
        note.setWordWrap(True)
        self.agreement = AgreementForm(clinic_today(auth))
        if record.method:
            self.agreement.method.setCurrentIndex(
                max(self.agreement.method.findData(record.method), 0)
            )
        self.message = message_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.agreement)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            records.readmit(
                self.auth, patient_id=self.record.patient_id, agreement=self.agreement.value()
            )
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()
