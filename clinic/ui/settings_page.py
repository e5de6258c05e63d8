"""The administrator's settings page: each clinic setting saved by its own audited call, and
the clinic's sites with their time zones."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from zoneinfo import available_timezones

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic import administration
from clinic.administration import SiteInfo
from clinic.config import CLINIC_SETTINGS, Setting
from clinic.errors import ClinicError
from clinic.ids import SiteId
from clinic.insurance import patient_fees
from clinic.patients.duplicates import SharedRecord, patients_sharing_an_id_number
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import error_text, setting_label, show_error
from clinic.ui.patient_common import clinic_today, date_edit, from_qdate, status_name, to_qdate


@cache
def timezones() -> list[str]:
    return sorted(available_timezones())


def timezone_box(current: str) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItems(timezones())
    box.setCurrentText(current)
    return box


class SettingRow:
    """The editor and save button of one setting."""

    def __init__(self, page: SettingsPage, spec: Setting) -> None:
        self.page = page
        self.spec = spec
        self.saved: object = spec.default
        self.label = QLabel()
        self.editor: QWidget
        if spec.kind is int:
            spin = QSpinBox()
            spin.setRange(spec.minimum or 0, spec.maximum or 1_000_000)
            spin.valueChanged.connect(self.changed)
            self.editor = spin
        elif spec.choices:
            combo = QComboBox()
            for choice in spec.choices:
                combo.addItem(choice, choice)
            combo.currentIndexChanged.connect(self.changed)
            self.editor = combo
        elif spec.key == "clinic_timezone":
            combo = timezone_box(str(spec.default))
            combo.currentTextChanged.connect(self.changed)
            self.editor = combo
        else:
            line = QLineEdit()
            line.textChanged.connect(self.changed)
            self.editor = line
        self.editor.setObjectName(f"setting_{spec.key}")
        self.button = QPushButton()
        self.button.setObjectName(f"save_{spec.key}")
        self.button.clicked.connect(self.save)
        self.button.setEnabled(False)

    def value(self) -> object:
        editor = self.editor
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentData() if self.spec.choices else editor.currentText()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def show(self, value: object) -> None:
        self.saved = value
        editor = self.editor
        editor.blockSignals(True)
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value))  # type: ignore[call-overload]
        elif isinstance(editor, QComboBox) and self.spec.choices:
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))
        editor.blockSignals(False)
        self.changed()

    def changed(self, *_: object) -> None:
        self.button.setEnabled(self.value() != self.saved)

    def save(self) -> None:
        self.page.save_setting(self)

    def retranslate(self) -> None:
        self.label.setText(setting_label(self.spec.en, self.spec.zh))
        self.button.setText(QCoreApplication.translate("SettingsPage", "Save"))
        if self.spec.key == "language" and isinstance(self.editor, QComboBox):
            system = QCoreApplication.translate("SettingsPage", "Follow the system")
            names = {"system": system, "zh_CN": "中文", "en": "English"}
            for index in range(self.editor.count()):
                self.editor.setItemText(index, names.get(self.editor.itemData(index), ""))


class SiteDialog(QDialog):
    """Add a site, or change an existing site's name, time zone or whether it is in use."""

    def __init__(
        self, auth: AuthContext, site: SiteInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth, self.site = auth, site
        self.setWindowTitle(self.tr("Add a site") if site is None else self.tr("Edit site"))
        self.code = QLineEdit(site.code if site else "")
        self.code.setObjectName("siteCode")
        self.code.setEnabled(site is None)
        self.name = QLineEdit(site.name if site else "")
        self.name.setObjectName("siteName")
        self.timezone = timezone_box(site.timezone if site else "Asia/Shanghai")
        self.timezone.setObjectName("siteTimezone")
        self.active = QCheckBox(self.tr("In use"))
        self.active.setChecked(site.active if site else True)
        self.active.setVisible(site is not None)
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Time zone"), self.timezone)
        form.addRow("", self.active)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            if self.site is None:
                administration.add_site(
                    self.auth,
                    code=self.code.text(),
                    name=self.name.text(),
                    timezone=self.timezone.currentText(),
                )
            else:
                administration.update_site(
                    self.auth,
                    site_id=self.site.site_id,
                    name=self.name.text(),
                    timezone=self.timezone.currentText(),
                    active=self.active.isChecked(),
                )
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()


class DosingHoursDialog(QDialog):
    """When a site doses: closing a window's day inside these hours, or with patients still
    waiting, asks the pharmacist to confirm how many are left undosed."""

    def __init__(self, auth: AuthContext, site: SiteInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dosingHoursDialog")
        self.auth, self.site = auth, site
        self.setWindowTitle(self.tr("Dosing hours at %1").replace("%1", site.name))
        self.opens = QLineEdit(site.dosing_opens)
        self.opens.setObjectName("dosingOpens")
        self.opens.setPlaceholderText(self.tr("e.g. 07:00"))
        self.closes = QLineEdit(site.dosing_closes)
        self.closes.setObjectName("dosingCloses")
        self.closes.setPlaceholderText(self.tr("e.g. 12:00"))
        intro = QLabel(
            self.tr(
                "Closing a window's day before the hours end, or while patients of today's "
                "queue are still to come, needs the pharmacist to confirm how many are waiting."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        form = QFormLayout()
        form.addRow(self.tr("Dosing opens"), self.opens)
        form.addRow(self.tr("Dosing closes"), self.closes)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def save(self) -> None:
        try:
            administration.set_dosing_hours(
                self.auth,
                site_id=int(self.site.site_id),
                opens=self.opens.text(),
                closes=self.closes.text(),
            )
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()


class SiteFeeDialog(QDialog):
    """A site's flat daily patient fee from a date on, with the fees recorded before."""

    def __init__(self, auth: AuthContext, site: SiteInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("siteFeeDialog")
        self.auth, self.site = auth, site
        self.setWindowTitle(self.tr("Daily fee at %1").replace("%1", site.name))
        history = patient_fees.site_fee_history(auth, site_id=site.site_id)
        today = clinic_today(auth)
        self.history = QLabel(
            "\n".join(
                f"{h.effective_from} · ¥{h.daily_fee:.2f} · {h.recorded_by}"
                + (f" · {h.reason}" if h.reason else "")
                for h in history
            )
            or self.tr("No fee recorded: patients at this site are charged nothing.")
        )
        self.history.setObjectName("feeHistory")
        self.history.setWordWrap(True)
        self.fee = QLineEdit(f"{history[-1].daily_fee:.2f}" if history else "")
        self.fee.setObjectName("siteDailyFee")
        self.fee.setPlaceholderText(self.tr("yuan a day, e.g. 10"))
        self.effective = date_edit("feeEffectiveFrom", today)
        self.effective.setMinimumDate(to_qdate(today))
        self.reason = QLineEdit()
        self.reason.setObjectName("feeReason")
        self.reason.setPlaceholderText(self.tr("e.g. price bureau notice 2026-12"))
        intro = QLabel(
            self.tr(
                "Charged once for each day a patient is dosed here, unless the day is billed to "
                "a payer scheme. Days already charged keep their fee."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        form = QFormLayout()
        form.addRow(self.tr("Recorded fees"), self.history)
        form.addRow(self.tr("Daily fee (¥)"), self.fee)
        form.addRow(self.tr("From"), self.effective)
        form.addRow(self.tr("Reason"), self.reason)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def save(self) -> None:
        try:
            patient_fees.set_site_fee(
                self.auth,
                site_id=self.site.site_id,
                daily_fee=self.fee.text(),
                effective_from=from_qdate(self.effective.date()),
                reason=self.reason.text() or None,
            )
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()


class SettingsPage(QWidget):
    setting_changed = Signal(str, object)
    sites_changed = Signal()

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.sites: list[SiteInfo] = []
        self.fees: dict[SiteId, Decimal] = {}
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.rules = QGroupBox()
        grid = QGridLayout(self.rules)
        self.rows: dict[str, SettingRow] = {}
        for index, spec in enumerate(CLINIC_SETTINGS.values()):
            row = SettingRow(self, spec)
            self.rows[spec.key] = row
            grid.addWidget(row.label, index, 0)
            grid.addWidget(row.editor, index, 1)
            grid.addWidget(row.button, index, 2)
        grid.setColumnStretch(1, 1)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        self.sites_box = QGroupBox()
        self.sites_table = QTableWidget(0, 6)
        self.sites_table.setObjectName("sitesTable")
        self.sites_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sites_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sites_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sites_table.verticalHeader().setVisible(False)
        self.sites_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.sites_table.horizontalHeader().setStretchLastSection(True)
        self.sites_table.setMinimumHeight(120)
        self.add_site_button = QPushButton()
        self.add_site_button.setObjectName("addSite")
        self.add_site_button.clicked.connect(self.add_site)
        self.edit_site_button = QPushButton()
        self.edit_site_button.setObjectName("editSite")
        self.edit_site_button.clicked.connect(self.edit_site)
        self.site_fee_button = QPushButton()
        self.site_fee_button.setObjectName("siteFee")
        self.site_fee_button.clicked.connect(self.edit_site_fee)
        self.hours_button = QPushButton()
        self.hours_button.setObjectName("dosingHours")
        self.hours_button.clicked.connect(self.edit_dosing_hours)
        site_buttons = QHBoxLayout()
        site_buttons.addWidget(self.add_site_button)
        site_buttons.addWidget(self.edit_site_button)
        site_buttons.addWidget(self.site_fee_button)
        site_buttons.addWidget(self.hours_button)
        site_buttons.addStretch(1)
        sites_layout = QVBoxLayout(self.sites_box)
        sites_layout.addLayout(site_buttons)
        sites_layout.addWidget(self.sites_table)

        self.shared: list[tuple[SharedRecord, ...]] = []
        self.shared_box = QGroupBox()
        self.shared_box.setObjectName("sharedIdNumbers")
        self.shared_note = QLabel()
        self.shared_note.setObjectName("muted")
        self.shared_note.setWordWrap(True)
        self.shared_list = QLabel()
        self.shared_list.setObjectName("sharedIdNumbersList")
        self.shared_list.setWordWrap(True)
        self.shared_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shared_layout = QVBoxLayout(self.shared_box)
        shared_layout.addWidget(self.shared_list)
        shared_layout.addWidget(self.shared_note)

        self.expiring_button = QPushButton()
        self.expiring_button.setObjectName("expiringConsents")
        self.expiring_button.setVisible(allowed(Action.CONSENT_READ, auth.actor.roles))
        self.expiring_button.clicked.connect(self.show_expiring_consents)
        heading = QHBoxLayout()
        heading.addWidget(self.heading)
        heading.addStretch(1)
        heading.addWidget(self.expiring_button)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addLayout(heading)
        inner.addWidget(self.note)
        inner.addWidget(self.rules)
        inner.addWidget(self.message)
        inner.addWidget(self.sites_box)
        inner.addWidget(self.shared_box)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate()
        self.refresh()

    def show_expiring_consents(self) -> None:
        from clinic.ui.consent_forms import ExpiringConsentsDialog

        ExpiringConsentsDialog(self.auth, self).exec()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Settings"))
        self.expiring_button.setText(self.tr("Consents about to expire…"))
        self.note.setText(
            self.tr("Each change is saved on its own and recorded in the audit trail.")
        )
        self.rules.setTitle(self.tr("Clinic rules"))
        for row in self.rows.values():
            row.retranslate()
        self.sites_box.setTitle(self.tr("Sites"))
        self.sites_table.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Time zone"),
                self.tr("Daily fee"),
                self.tr("Dosing hours"),
                self.tr("In use"),
            ]
        )
        self.add_site_button.setText(self.tr("Add site…"))
        self.edit_site_button.setText(self.tr("Edit site…"))
        self.site_fee_button.setText(self.tr("Daily fee…"))
        self.hours_button.setText(self.tr("Dosing hours…"))
        self._fill_sites()
        self.shared_box.setTitle(self.tr("Patient records that share an ID number"))
        self.shared_note.setText(
            self.tr(
                "Each line is one ID number held by more than one record (typed differently, "
                "e.g. in full-width digits, before this version). The program never merges "
                "records: have a physician open each one, check the photo, and end the record "
                "made in error with the reason."
            )
        )
        self._fill_shared()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        try:
            values = administration.get_settings(self.auth)
            self.sites = administration.list_sites(self.auth)
            self.fees = patient_fees.fees_today(self.auth)
            self.shared = patients_sharing_an_id_number(self.auth)
        except ClinicError as exc:
            show_error(self, exc)
            return
        for key, row in self.rows.items():
            row.show(values.get(key, row.spec.default))
        self._fill_sites()
        self._fill_shared()

    def _fill_shared(self) -> None:
        self.shared_list.setText(
            "\n".join(
                " · ".join(
                    self.tr("%1 (%2, registered %3)")
                    .replace("%1", r.patient_number)
                    .replace("%2", status_name(r.status))
                    .replace("%3", str(r.registered_on))
                    for r in group
                )
                for group in self.shared
            )
            or self.tr("None: every ID number belongs to one record.")
        )
        self.shared_note.setVisible(bool(self.shared))

    def save_setting(self, row: SettingRow) -> None:
        try:
            saved = administration.update_setting(self.auth, key=row.spec.key, value=row.value())
        except ClinicError as exc:
            self.show_message(error_text(exc), error=True)
            return
        row.show(saved)
        self.show_message(
            self.tr("Saved: %1.").replace("%1", setting_label(row.spec.en, row.spec.zh))
        )
        self.setting_changed.emit(row.spec.key, saved)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _fill_sites(self) -> None:
        self.sites_table.setRowCount(len(self.sites))
        for index, site in enumerate(self.sites):
            cells = [
                site.code,
                site.name,
                site.timezone,
                f"¥{self.fees.get(site.site_id, 0):.2f}",
                f"{site.dosing_opens}–{site.dosing_closes}",
                self.tr("yes") if site.active else self.tr("no"),
            ]
            for column, text in enumerate(cells):
                self.sites_table.setItem(index, column, QTableWidgetItem(text))

    def _selected_site(self) -> SiteInfo | None:
        rows = self.sites_table.selectionModel().selectedRows()
        return self.sites[rows[0].row()] if rows else None

    def add_site(self) -> None:
        if SiteDialog(self.auth, None, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.sites_changed.emit()

    def edit_site_fee(self) -> None:
        site = self._selected_site()
        if site is None and len(self.sites) == 1:
            site = self.sites[0]
        if site is None:
            self.show_message(self.tr("Choose a site in the table first."), error=True)
            return
        try:
            dialog = SiteFeeDialog(self.auth, site, self)
        except ClinicError as exc:
            self.show_message(error_text(exc), error=True)
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.show_message(self.tr("Saved: daily fee at %1.").replace("%1", site.name))

    def edit_dosing_hours(self) -> None:
        site = self._selected_site()
        if site is None and len(self.sites) == 1:
            site = self.sites[0]
        if site is None:
            self.show_message(self.tr("Choose a site in the table first."), error=True)
            return
        if DosingHoursDialog(self.auth, site, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.show_message(self.tr("Saved: dosing hours at %1.").replace("%1", site.name))

    def edit_site(self) -> None:
        site = self._selected_site()
        if site is None and len(self.sites) == 1:
            site = self.sites[0]
        if site is None:
            self.show_message(self.tr("Choose a site in the table first."), error=True)
            return
        if SiteDialog(self.auth, site, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.sites_changed.emit()
