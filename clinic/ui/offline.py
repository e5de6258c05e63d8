"""A satellite's offline mode on screen: the banner that stays while the window doses from the
replica, the review list of doses the server refused on arrival, and the entry of doses given by
hand while even the workstation was down. The rules are in clinic.satellite and
clinic.dosing.late; these widgets only call them."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QEvent, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic.dosing import late
from clinic.errors import ClinicError, InvalidInput
from clinic.inventory import stock
from clinic.service import AuthContext
from clinic.ui.common import error_text
from clinic.ui.i18n import languages
from clinic.ui.patient_common import message_label, say


class OfflineBanner(QFrame):
    """Across the top of the window while the satellite is offline (and once the link is back,
    until what was recorded offline is sent)."""

    send_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self.state = "online"  # online | offline | back
        self.since: datetime | None = None
        self.limit_hours = 72
        self.waiting = 0
        self.zone = "Asia/Shanghai"  # the site's: the time shown is the clinic's
        self.text = QLabel()
        self.text.setObjectName("offlineText")
        self.text.setWordWrap(True)
        self.send_button = QPushButton()
        self.send_button.setObjectName("sendOffline")
        self.send_button.clicked.connect(self.send_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.send_button)
        self.setStyleSheet(
            "#offlineBanner[state='offline'] { background: #b3261e; }"
            "#offlineBanner[state='back'] { background: #8a5a00; }"
            "#offlineBanner QLabel { color: white; font-weight: bold; }"
        )
        self.show_state("online")

    def show_state(self, state: str, *, since: datetime | None = None, waiting: int = 0) -> None:
        self.state = state
        self.since = since or self.since
        self.waiting = waiting
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(state != "online")
        self.retranslate()

    def retranslate(self) -> None:
        since = self.since.astimezone(ZoneInfo(self.zone)).strftime("%H:%M") if self.since else "—"
        if self.state == "offline":
            self.text.setText(
                self.tr(
                    "OFFLINE since %1: the main clinic cannot be reached. Dosing goes on here "
                    "with the same checks, from this workstation's copy; only this site's "
                    "patients, for at most %2 hours. The doses are sent when the link is back."
                )
                .replace("%1", since)
                .replace("%2", str(self.limit_hours))
            )
        elif self.state == "back":
            self.text.setText(
                self.tr(
                    "The link to the main clinic is back. %1 doses recorded offline wait to be "
                    "sent: sign in online to send them."
                ).replace("%1", str(self.waiting))
            )
        self.send_button.setText(self.tr("Sign in and send…"))
        self.send_button.setVisible(self.state == "back")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _cell(text: object) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setToolTip(item.text())
    return item


class ReviewListDialog(QDialog):
    """Doses recorded late (offline, or by hand) that the server's gate refused: what was
    recorded beside what the record holds; a physician or pharmacist settles each with a note."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.items: list[late.ReviewItem] = []
        self.setObjectName("reviewListDialog")
        self.resize(1100, 520)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("reviewTable")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._enable)
        self.note = QPlainTextEdit()
        self.note.setObjectName("reviewNote")
        self.note.setMaximumHeight(70)
        self.note.textChanged.connect(self._enable)
        self.settle_button = QPushButton()
        self.settle_button.setObjectName("settleReview")
        self.settle_button.clicked.connect(self.settle)
        self.message = message_label("reviewMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.settle_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Offline doses to review"))
        self.intro.setText(
            self.tr(
                "Doses recorded offline or by hand that the main clinic's checks refused when "
                "they arrived. Nothing was dropped or changed: the dose as recorded and the "
                "record as it stands are shown side by side. Settle each with what was decided."
            )
        )
        headers = [
            self.tr("No."),
            self.tr("Patient"),
            self.tr("Given at"),
            self.tr("By"),
            self.tr("Window"),
            self.tr("From"),
            self.tr("Refused because"),
            self.tr("The record holds"),
            self.tr("Settled"),
        ]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.settle_button.setText(self.tr("Settle the selected one"))

    def reload(self) -> None:
        try:
            self.items = late.review_list(self.auth, open_only=False)
        except ClinicError as exc:
            self.items = []
            say(self.message, error_text(exc))
        zh = languages.current == "zh_CN"
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            state = item.server_state
            held = self.tr("dose %1 mg; %2 doses that day; last dose %3").replace(
                "%1", str(state.get("dose_mg") or "—")
            )
            that_day = state.get("doses_that_day") or []
            held = held.replace("%2", str(len(that_day) if isinstance(that_day, list) else 0))
            held = held.replace("%3", str(state.get("last_dose") or "—"))
            settled = (
                f"{item.resolved_at:%Y-%m-%d %H:%M} {item.resolved_by}: {item.resolution}"
                if item.resolved_at
                else ""
            )
            cells = [
                item.review_id,
                item.patient_number,
                f"{item.given_at:%Y-%m-%d %H:%M}",
                item.given_by,
                item.window,
                self.source_text(item.source) + f" ({item.workstation})",
                item.reason_zh if zh else item.reason_en,
                held,
                settled,
            ]
            for column, value in enumerate(cells):
                self.table.setItem(row, column, _cell(value))
        self.table.resizeColumnsToContents()
        self._enable()

    def source_text(self, source: str) -> str:
        return self.tr("offline") if source == "offline" else self.tr("by hand")

    def selected(self) -> late.ReviewItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _enable(self) -> None:
        chosen = self.selected()
        self.settle_button.setEnabled(
            chosen is not None
            and chosen.resolved_at is None
            and bool(self.note.toPlainText().strip())
        )

    def settle(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            late.resolve_review(self.auth, review_id=chosen.review_id, note=self.note.toPlainText())
        except ClinicError as exc:
            say(self.message, error_text(exc))
            return
        self.note.clear()
        self.reload()
        say(self.message, self.tr("Settled."), done=True)


class LateDoseDialog(QDialog):
    """A dose given by hand while the workstation was down, entered afterwards: the patient, the
    window, the time given and the nurse who gave it; through the same checks as of then."""

    def __init__(
        self, auth: AuthContext, parent: QWidget | None = None, *, zone: str = "Asia/Shanghai"
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.zone = ZoneInfo(zone)
        self.outcome: late.LateDose | None = None
        self.key = str(uuid.uuid4())  # one dose, one key: a second Save cannot enter it twice
        self.setObjectName("lateDoseDialog")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.patient = QLineEdit()
        self.patient.setObjectName("latePatient")
        self.window_choice = QComboBox()
        self.window_choice.setObjectName("lateWindow")
        self.given_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.given_at.setObjectName("lateGivenAt")
        self.given_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.given_at.setCalendarPopup(True)
        now = datetime.now(self.zone).replace(tzinfo=None, second=0, microsecond=0)
        self.given_at.setDateTime(
            QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))
        )  # the clinic's clock, whatever this computer's zone
        self.nurse = QComboBox()
        self.nurse.setObjectName("lateNurse")
        self.slot = QSpinBox()
        self.slot.setObjectName("lateSlot")
        self.slot.setRange(0, 4)
        self.note = QLineEdit()
        self.note.setObjectName("lateNote")
        self.message = message_label("lateMessage")
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(6)]
        for label, field in zip(
            self.labels,
            (self.patient, self.window_choice, self.given_at, self.nurse, self.slot, self.note),
            strict=True,
        ):
            self.form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        try:
            for place in stock.list_places(auth):
                if place.kind == "window":
                    self.window_choice.addItem(place.name, place.location_id)
            for person in late.dosing_staff(auth):
                self.nurse.addItem(person.full_name, person.user_id)
        except ClinicError as exc:
            say(self.message, error_text(exc))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Enter a dose given by hand"))
        self.intro.setText(
            self.tr(
                "For doses given from the printed queue while this workstation was down. The "
                "dose goes through the same checks as of the time given; if they refuse it, it "
                "goes to the review list for a physician or pharmacist."
            )
        )
        for label, text in zip(
            self.labels,
            (
                self.tr("Patient number or card"),
                self.tr("Window"),
                self.tr("Given at"),
                self.tr("Given by"),
                self.tr("Slot (0: the next)"),
                self.tr("Note"),
            ),
            strict=True,
        ):
            label.setText(text)

    def save(self) -> None:
        try:
            found, _ = late.patient_for_late_dose(self.auth, identifier=self.patient.text())
            picked = self.given_at.dateTime().toPython()
            assert isinstance(picked, datetime)
            when = picked.replace(tzinfo=self.zone)  # the clinic's time, as the clock shows
            window, nurse = self.window_choice.currentData(), self.nurse.currentData()
            if window is None or nurse is None:
                raise InvalidInput(en="Choose the window and the nurse.", zh="请选择窗口和护士。")
            self.outcome = late.record_late_dose(
                self.auth,
                key=self.key,
                source="manual",
                patient_id=found,
                window_id=int(window),
                given_at=when,
                given_by=int(nurse),
                slot=self.slot.value() or None,
                note=self.note.text() or None,
            )
        except ClinicError as exc:
            say(self.message, error_text(exc))
            return
        if self.outcome.outcome == "review":
            reason = (
                self.outcome.reason_zh if languages.current == "zh_CN" else self.outcome.reason_en
            )
            say(
                self.message,
                self.tr("Refused as of then, and put on the review list: %1").replace(
                    "%1", reason or ""
                ),
            )
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return
        self.accept()
