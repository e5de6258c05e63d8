"""Lists around the dosing window: a day's log of any window, urine screens due or waiting for
review, and patients absent long enough for outreach (a physician can discharge from there)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.dosing import daylog, screens
from clinic.dosing.daylog import OutreachEntry
from clinic.errors import ClinicError
from clinic.numbers import plain
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import error_text, setting_label
from clinic.ui.dosing_page import DoseLogTable, export_daily_log, print_daily_log
from clinic.ui.patient_common import clinic_today, date_edit, from_qdate, message_label, say
from clinic.ui.stock_common import place_label


def _list(name: str) -> QListWidget:
    listing = QListWidget()
    listing.setObjectName(name)
    listing.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return listing


def _chosen(listing: QListWidget) -> object:
    item = listing.currentItem()
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class DailyLogTab(QWidget):
    """Any window's log of any day, with voids (pharmacist) and the PDF for day close."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        clinic_name: str,
        site_code: str | None,
        timezone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth, self.clinic_name, self.timezone = auth, clinic_name, timezone
        self.window_label = QLabel()
        self.window_choice = QComboBox()
        self.window_choice.setObjectName("logWindow")
        try:
            places = daylog.dosing_windows(auth)
        except ClinicError:
            places = []
        for place in sorted(places, key=lambda p: p.site_code != site_code):
            self.window_choice.addItem(place_label(place), place.location_id)
        today = clinic_today(auth)
        self.day_label = QLabel()
        self.day = date_edit("logDay", today, latest=today)
        self.table = DoseLogTable(timezone)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.message = message_label()
        self.void_button = QPushButton()
        self.void_button.setObjectName("voidDose")
        self.void_button.setVisible(allowed(Action.DOSE_VOID, auth.actor.roles))
        self.void_button.clicked.connect(self.void)
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("dailyLogPdf")
        self.pdf_button.clicked.connect(lambda: self.export())
        self.print_button = QPushButton()
        self.print_button.setObjectName("dailyLogPrint")
        self.print_button.clicked.connect(lambda: self.print_log())
        top = QHBoxLayout()
        top.addWidget(self.window_label)
        top.addWidget(self.window_choice)
        top.addWidget(self.day_label)
        top.addWidget(self.day)
        top.addStretch(1)
        top.addWidget(self.void_button)
        top.addWidget(self.print_button)
        top.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        self.window_choice.currentIndexChanged.connect(self.reload)
        self.day.dateChanged.connect(self.reload)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.window_label.setText(self.tr("Window"))
        self.day_label.setText(self.tr("Day"))
        self.void_button.setText(self.tr("Void…"))
        self.pdf_button.setText(self.tr("Daily log PDF…"))
        self.print_button.setText(self.tr("Print daily log…"))
        self.table.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reload(self) -> None:
        window_id = self.window_choice.currentData()
        if window_id is None:
            self.message.setText(self.tr("There is no dosing window yet."))
            return
        try:
            log = daylog.daily_log(
                self.auth, window_id=int(window_id), day=from_qdate(self.day.date())
            )
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.message.clear()
        self.table.set_lines(log.lines)
        totals = "; ".join(
            f"{name}: {plain(value)}" for name, value in sorted(log.dispensed_by_product.items())
        )
        verdict = (
            self.tr("Totals match the ledger.")
            if log.matches_ledger
            else self.tr("Totals DO NOT match the ledger.")
        )
        self.totals.setText(
            self.tr("Doses given %1, voided %2.")
            .replace("%1", str(log.doses_given))
            .replace("%2", str(log.doses_voided))
            + f"  {totals}  {verdict}"
        )

    def void(self) -> None:
        from clinic.ui.dosing_forms import VoidDoseDialog

        line = self.table.chosen()
        if line is None or line.voided:
            self.message.setText(self.tr("Choose a dose in the list first (not a voided one)."))
            return
        if VoidDoseDialog(self.auth, line, timezone=self.timezone, parent=self).exec():
            self.reload()

    def print_log(self) -> None:
        window_id = self.window_choice.currentData()
        if window_id is not None:
            print_daily_log(
                self,
                self.auth,
                int(window_id),
                self.clinic_name,
                lambda text, done: say(self.message, text, done=done),
                from_qdate(self.day.date()),
            )

    def export(self, target: str | None = None) -> None:
        window_id = self.window_choice.currentData()
        if window_id is not None:
            export_daily_log(
                self,
                self.auth,
                int(window_id),
                self.clinic_name,
                target,
                lambda text, done: say(self.message, text, done=done),
                from_qdate(self.day.date()),
            )


class ScreensTab(QWidget):
    """Patients due for a urine screen (record one) and positive screens to review."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        roles = auth.actor.roles
        self.can_record = allowed(Action.SCREEN_RECORD, roles)
        self.can_review = allowed(Action.SCREEN_REVIEW, roles)
        self.due_label = QLabel()
        self.due_label.setObjectName("queueHeading")
        self.due = _list("screensDue")
        self.record_button = QPushButton()
        self.record_button.setObjectName("recordScreen")
        self.record_button.clicked.connect(self.record)
        self.review_label = QLabel()
        self.review_label.setObjectName("queueHeading")
        self.pending = _list("screensToReview")
        self.review_button = QPushButton()
        self.review_button.setObjectName("reviewScreen")
        self.review_button.clicked.connect(self.review)
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        columns = QHBoxLayout()
        if self.can_record:
            left = QVBoxLayout()
            left.addWidget(self.due_label)
            left.addWidget(self.due, 1)
            left.addWidget(self.record_button)
            columns.addLayout(left, 1)
        if self.can_review:
            right = QVBoxLayout()
            right.addWidget(self.review_label)
            right.addWidget(self.pending, 1)
            right.addWidget(self.review_button)
            columns.addLayout(right, 1)
        layout.addLayout(columns, 1)
        # Read (and audited) when the tab is chosen (the dosing page reloads a tab then), not
        # behind the window tab at sign-in.
        self.loaded = False
        self.retranslate()

    def retranslate(self) -> None:
        self.record_button.setText(self.tr("Record a screen…"))
        self.review_button.setText(self.tr("Reviewed…"))
        self._counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _counts(self) -> None:
        self.due_label.setText(
            self.tr("Due for a screen (%1)").replace("%1", str(self.due.count()))
        )
        self.review_label.setText(
            self.tr("Positive, waiting for a physician's review (%1)").replace(
                "%1", str(self.pending.count())
            )
        )

    def reload(self) -> None:
        self.loaded = True
        try:
            due = screens.screens_due(self.auth) if self.can_record else []
            pending = screens.screens_awaiting_review(self.auth) if self.can_review else []
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.due.clear()
        for entry in due:
            item = QListWidgetItem(
                self.tr("%1 — last screen %2")
                .replace("%1", entry.patient_number)
                .replace("%2", entry.last_screen.isoformat())
                if entry.last_screen
                else self.tr("%1 — never screened").replace("%1", entry.patient_number)
            )
            item.setData(Qt.ItemDataRole.UserRole, (int(entry.patient_id), entry.patient_number))
            self.due.addItem(item)
        self.pending.clear()
        for screen in pending:
            names = "、" if setting_label("en", "zh") == "zh" else ", "
            found = names.join(setting_label(*screens.SUBSTANCES[s]) for s in screen.positives)
            item = QListWidgetItem(
                self.tr("%1 — collected %2 — positive: %3")
                .replace("%1", screen.patient_number)
                .replace("%2", screen.collected_on.isoformat())
                .replace("%3", found)
            )
            item.setData(Qt.ItemDataRole.UserRole, screen.screen_id)
            self.pending.addItem(item)
        self._counts()

    def record(self) -> None:
        from clinic.ui.dosing_forms import ScreenDialog

        chosen = _chosen(self.due)
        if not isinstance(chosen, tuple):
            self.message.setText(self.tr("Choose a patient in the list first."))
            return
        patient_id, number = chosen
        if ScreenDialog(
            self.auth, patient_id=patient_id, patient_number=number, parent=self
        ).exec():
            self.reload()

    def review(self) -> None:
        screen_id = _chosen(self.pending)
        if screen_id is None:
            self.message.setText(self.tr("Choose a screen in the list first."))
            return
        note, ok = QInputDialog.getText(
            self, self.tr("Review the screen"), self.tr("Your note (optional):")
        )
        if not ok:
            return
        try:
            screens.review_screen(self.auth, screen_id=int(str(screen_id)), note=note or None)
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.reload()


class OutreachTab(QWidget):
    """Patients absent more than the dropout limit; a physician can discharge with the reason."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.entries: list[OutreachEntry] = []
        self.heading = QLabel()
        self.heading.setObjectName("queueHeading")
        self.heading.setWordWrap(True)
        self.listing = _list("outreach")
        self.discharge_button = QPushButton()
        self.discharge_button.setObjectName("discharge")
        self.discharge_button.setVisible(allowed(Action.PATIENT_STATUS, auth.actor.roles))
        self.discharge_button.clicked.connect(self.discharge)
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.listing, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.discharge_button)
        layout.addLayout(row)
        # Read (and audited) when the tab is chosen (the dosing page reloads a tab then), not
        # behind the window tab at sign-in.
        self.loaded = False
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(
            self.tr("Absent longer than the dropout limit: contact them (%1)").replace(
                "%1", str(len(self.entries))
            )
        )
        self.discharge_button.setText(self.tr("End treatment (exit reason)…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reload(self) -> None:
        self.loaded = True
        try:
            self.entries = daylog.outreach_list(self.auth)
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.listing.clear()
        for entry in self.entries:
            last = entry.last_dose_on.isoformat() if entry.last_dose_on else "—"
            item = QListWidgetItem(
                self.tr("%1  %2 — last dose %3, absent %4 days")
                .replace("%1", entry.patient_number)
                .replace("%2", entry.name)
                .replace("%3", last)
                .replace("%4", str(entry.days_absent))
            )
            item.setData(Qt.ItemDataRole.UserRole, int(entry.patient_id))
            self.listing.addItem(item)
        self.retranslate()

    def discharge(self) -> None:
        from clinic.patients import records
        from clinic.ui.patient_record import StatusDialog

        patient_id = _chosen(self.listing)
        if patient_id is None:
            self.message.setText(self.tr("Choose a patient in the list first."))
            return
        try:
            record = records.open_patient(self.auth, patient_id=int(str(patient_id)))
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        dialog = StatusDialog(self.auth, record, self)
        index = dialog.to_status.findData("discharged")
        if index >= 0:
            dialog.to_status.setCurrentIndex(index)
        if dialog.exec():
            self.reload()
