"""The patients page: find a patient (card scan, number, name, pinyin initials, ID tail), list
them with masked ID numbers, open the record; physicians enrol from here."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError
from clinic.ids import PatientId
from clinic.patients import records
from clinic.patients.identity import completed_number
from clinic.patients.records import STATUSES, PatientListItem, query_kind
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import error_text
from clinic.ui.pages import QT_TRANSLATE_NOOP
from clinic.ui.patient_common import message_label, sex_name, status_name
from clinic.ui.patient_record import PatientRecordView

Index = QModelIndex | QPersistentModelIndex
LIST_LIMIT = 200


class PatientTableModel(QAbstractTableModel):
    """Patients as listed: number, name, masked ID number, sex, age, status."""

    HEADERS = (
        QT_TRANSLATE_NOOP("PatientTableModel", "Patient no."),
        QT_TRANSLATE_NOOP("PatientTableModel", "Name"),
        QT_TRANSLATE_NOOP("PatientTableModel", "ID number"),
        QT_TRANSLATE_NOOP("PatientTableModel", "Sex"),
        QT_TRANSLATE_NOOP("PatientTableModel", "Age"),
        QT_TRANSLATE_NOOP("PatientTableModel", "Status"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[PatientListItem] = []

    def set_items(self, items: list[PatientListItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("PatientTableModel", self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.patient_number,
                item.name,
                item.national_id_masked,
                sex_name(item.sex),
                str(item.age),
                status_name(item.status),
            )[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return item.patient_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def patient_at(self, row: int) -> PatientListItem:
        return self.items[row]


class PatientsPage(QWidget):
    """The list of patients and, in place of it, one patient's record."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        clinic_name: str = "",
        site_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.clinic_name = clinic_name
        self.site_code = site_code
        roles = auth.actor.roles

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.search = QLineEdit()
        self.search.setObjectName("patientSearch")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.currentIndexChanged.connect(self.reload)
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("enrolPatient")
        self.enrol_button.setVisible(allowed(Action.PATIENT_REGISTER, roles))
        self.enrol_button.clicked.connect(self.enrol)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importTransfer")
        self.import_button.setVisible(allowed(Action.PATIENT_REGISTER, roles))
        self.import_button.clicked.connect(self.import_transfer)
        self.expiring_button = QPushButton()
        self.expiring_button.setObjectName("expiringConsents")
        self.expiring_button.setVisible(allowed(Action.CONSENT_READ, roles))
        self.expiring_button.clicked.connect(self.show_expiring_consents)
        self.mmt_button = QPushButton()
        self.mmt_button.setObjectName("mmtExport")
        self.mmt_button.setVisible(allowed(Action.MMT_EXPORT, roles))
        self.mmt_button.clicked.connect(self.export_mmt)
        self.counts = QLabel()
        self.counts.setObjectName("statusCounts")
        self.counts.setWordWrap(True)
        self.message = message_label("searchMessage")
        self.message.setVisible(False)
        self.model = PatientTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("patientTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._activated)

        top = QHBoxLayout()
        self.search_label = QLabel()
        self.filter_label = QLabel()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.filter_label)
        top.addWidget(self.status_filter)
        top.addWidget(self.expiring_button)
        top.addWidget(self.mmt_button)
        top.addWidget(self.enrol_button)
        top.addWidget(self.import_button)
        self.list_view = QWidget()
        column = QVBoxLayout(self.list_view)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addLayout(top)
        column.addWidget(self.message)
        column.addWidget(self.counts)
        column.addWidget(self.table, 1)

        self.record_view = PatientRecordView(auth, clinic_name=clinic_name)
        self.record_view.back_requested.connect(self.show_list)
        self.record_view.changed.connect(self.reload)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.record_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self.retranslate()
        self.reload()

    # --- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Patients"))
        self.search_label.setText(self.tr("Find"))
        self.search.setPlaceholderText(
            self.tr("Scan the card, or type a patient number, name, initials or ID-number tail")
        )
        self.filter_label.setText(self.tr("Status"))
        self.enrol_button.setText(self.tr("Enrol a patient…"))
        self.import_button.setText(self.tr("Import a transfer…"))
        self.expiring_button.setText(self.tr("Consents about to expire…"))
        self.mmt_button.setText(self.tr("MMT data system report…"))
        current = self.status_filter.currentData()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(self.tr("All"), None)
        for status in STATUSES:
            self.status_filter.addItem(status_name(status), status)
        index = self.status_filter.findData(current)
        self.status_filter.setCurrentIndex(max(index, 0))
        self.status_filter.blockSignals(False)
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )
        if self.stack.currentWidget() is self.record_view:
            self.record_view.show_current()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- list -------------------------------------------------------------------------------

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setProperty("error", "true" if error else "false")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def reload(self) -> None:
        """The list for the chosen status, and the counts by status."""
        try:
            items = records.list_patients(
                self.auth, status=self.status_filter.currentData(), limit=LIST_LIMIT
            )
            counts = records.count_patients(self.auth)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self.model.set_items(items)
        self._show_counts(counts)
        if len(items) >= LIST_LIMIT:
            self.counts.setText(
                self.counts.text()
                + "  "
                + self.tr("(the newest %1 are listed: search to find others)").replace(
                    "%1", str(LIST_LIMIT)
                )
            )

    def _show_counts(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        parts = [
            f"{status_name(status)} {counts[status]}" for status in STATUSES if counts.get(status)
        ]
        separator = " · "
        self.counts.setText(
            self.tr("%1 patients: %2")
            .replace("%1", str(total))
            .replace("%2", separator.join(parts))
            if parts
            else self.tr("No patients yet.")
        )

    def run_search(self) -> None:
        """Enter in the search box: a card or patient number opens the record at once."""
        text = self.search.text().strip()
        self.show_message("")
        if not text:
            self.reload()
            return
        kind = query_kind(text)
        try:
            if kind == "card":
                found = records.open_by_card(self.auth, code=text)
                self.search.clear()
                self.show_record(found.record)
                if found.voided:
                    self.record_view.show_warning(
                        self.tr(
                            "This card has been replaced and is void: ask for the current card "
                            "and keep this one."
                        )
                    )
                return
            items = records.search_patients(self.auth, query=text)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self.model.set_items(items)
        if not items:
            self.show_message(self.tr("No patient found."))
        elif len(items) == 1 and (
            kind == "number" or items[0].patient_number == completed_number(text)
        ):
            self.search.clear()
            self.open_patient(items[0].patient_id)
        else:
            self.table.selectRow(0)
            self.table.setFocus()

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_patient(self.model.patient_at(index.row()).patient_id)

    # --- record -----------------------------------------------------------------------------

    def show_expiring_consents(self) -> None:
        """The consents expiring in 30, 14 and 7 days; the one chosen opens its record."""
        from clinic.ui.consent_forms import ExpiringConsentsDialog

        dialog = ExpiringConsentsDialog(self.auth, self)
        if dialog.exec() and dialog.chosen_patient is not None:
            self.open_patient(dialog.chosen_patient)

    def export_mmt(self) -> None:
        """The period's report to the national MMT data system, each patient a disclosure."""
        from clinic.ui.mmt_forms import MmtExportDialog

        dialog = MmtExportDialog(self.auth, self)
        if dialog.exec() and dialog.outcome is not None:
            done = dialog.outcome
            self.show_message(
                self.tr("Patients reported: %1, in %2. Each is logged as a disclosure.")
                .replace("%1", str(done.patients))
                .replace("%2", str(done.path)),
                error=False,
            )

    def open_patient(self, patient_id: PatientId | int) -> bool:
        """Open the record (audited by the service) in place of the list."""
        try:
            record = records.open_patient(self.auth, patient_id=int(patient_id))
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return False
        self.show_record(record)
        return True

    def show_record(self, record: records.PatientRecord) -> None:
        """A record the service opened (and audited), in place of the list."""
        self.record_view.show_record(record)
        self.stack.setCurrentWidget(self.record_view)

    def show_list(self) -> None:
        self.record_view.clear()
        self.stack.setCurrentWidget(self.list_view)
        self.reload()
        self.search.setFocus()

    def enrol(self) -> None:
        from clinic.ui.enrolment_wizard import EnrolmentWizard

        try:
            wizard = EnrolmentWizard(self.auth, site_code=self.site_code, parent=self)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        accepted = wizard.exec()
        enrolled = wizard.enrolled
        wizard.deleteLater()
        if accepted and enrolled is not None:
            self.reload()
            self.open_patient(enrolled.patient_id)

    def import_transfer(self) -> None:
        """A patient from another clinic: their transfer file opened, checked, then enrolled."""
        from clinic.ui.transfer_dialogs import ImportTransferDialog

        dialog = ImportTransferDialog(self.auth, site_code=self.site_code, parent=self)
        accepted = dialog.exec()
        enrolled = dialog.enrolled
        dialog.deleteLater()
        if accepted and enrolled is not None:
            self.reload()
            self.open_patient(enrolled.patient_id)
