"""The dosing window: scan the card, check the panel, Enter to confirm the witnessed dose.

The scan field keeps the focus. A card scanner types the code and Enter: that opens the patient;
Enter on the empty field then confirms the dose shown, so a routine dose is scan + Enter + Enter.
After a dose the panel is disarmed: the next slot of a split dose needs a fresh scan, and a second
Enter only repeats why there is nothing to do. The database refuses a second dose in any case.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic.dosing import daylog, queue_sheet, window
from clinic.dosing.daylog import DailyLog, LogLine
from clinic.dosing.dispense import DosePart
from clinic.dosing.marks import bottle_name, strength_mark
from clinic.dosing.window import DoseInfo, DosePanel, Queue, QueueEntry
from clinic.errors import ClinicError
from clinic.fileio import write_private
from clinic.inventory import stock
from clinic.numbers import plain
from clinic.patients import records
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import WARNING, error_text, local_time, ui_settings
from clinic.ui.i18n import languages
from clinic.ui.patient_common import clinic_today, pair, photo_pixmap, say
from clinic.ui.printing import PrintPreview, print_in_background, print_pdf
from clinic.ui.stock_common import place_label, quantity_text
from clinic.ui.worker import Progress, run_in_background

REFRESH_MS = 20_000
ARMED_SECONDS = 120  # an older panel is shown again before Enter can dose from it
PHOTO = (180, 225)
STYLE = """
#dosePanel { border: 1px solid #c8c8c8; border-radius: 6px; background: #ffffff; }
#doseTextScroll, #doseText { background: #ffffff; }
#doseName { font-size: 20pt; font-weight: 600; }
#doseNumber { font-size: 13pt; color: #333333; }
#doseAmount { font-size: 24pt; font-weight: 700; color: #0b3d91; }
#doseWarnings { background: #fff4d6; color: #6b4500; border: 1px solid #e0a800;
  border-radius: 4px; padding: 6px; font-size: 11pt; }
#doseRefusal { background: #fde7e9; color: #a00016; border: 2px solid #c8102e;
  border-radius: 4px; padding: 8px; font-size: 13pt; font-weight: 600; }
#doseReady { background: #e6f4ea; color: #0b6b2b; border: 1px solid #34a853;
  border-radius: 4px; padding: 8px; font-size: 13pt; font-weight: 600; }
#doseResult { background: #e6f4ea; color: #0b6b2b; border: 2px solid #34a853;
  border-radius: 4px; padding: 6px; font-size: 13pt; font-weight: 700; }
#doseNotice { background: #fff4d6; color: #6b4500; border: 1px solid #e0a800;
  border-radius: 4px; padding: 6px; font-size: 12pt; }
#doseBottle { font-size: 15pt; font-weight: 600; }
#scanField { font-size: 16pt; padding: 4px; }
#photo { background: #eeeeee; border: 1px solid #cccccc; }
"""


def _set_visible_text(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class DosePanelView(QFrame):
    """Photo, name, number, today's dose, last dose, missed days, warnings, refusal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dosePanel")
        self.photo = QLabel()
        self.photo.setObjectName("photo")
        self.photo.setFixedSize(*PHOTO)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = QLabel()
        self.name.setObjectName("doseName")
        self.number = QLabel()
        self.number.setObjectName("doseNumber")
        self.amount = QLabel()
        self.amount.setObjectName("doseAmount")
        self.bottle = QLabel()
        self.bottle.setObjectName("doseBottle")
        self.bottle.setWordWrap(True)
        self.bottle.setTextFormat(Qt.TextFormat.RichText)
        self.facts = QLabel()
        self.facts.setObjectName("doseFacts")
        self.facts.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("doseWarnings")
        self.warnings.setWordWrap(True)
        self.refusal = QLabel()
        self.refusal.setObjectName("doseRefusal")
        self.refusal.setWordWrap(True)
        self.ready = QLabel()
        self.ready.setObjectName("doseReady")
        self.ready.setWordWrap(True)
        self.result = QLabel()
        self.result.setObjectName("doseResult")
        self.result.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("doseNotice")
        self.notice.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        # Everything beside the photo, so no banner ever covers it and the panel's height is the
        # photo's or the text's, whichever is taller: it fits a 1366×768 screen.
        column = QWidget()
        column.setObjectName("doseText")
        text = QVBoxLayout(column)
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(4)
        who = QHBoxLayout()
        who.addWidget(self.name)
        who.addSpacing(16)
        who.addWidget(self.number, 1, Qt.AlignmentFlag.AlignBottom)
        text.addLayout(who)
        # What decides the pour comes first: the dose and the bottle, then done / refused.
        for widget in (
            self.amount,
            self.bottle,
            self.result,
            self.notice,
            self.refusal,
            self.warnings,
            self.facts,
            self.ready,
        ):
            text.addWidget(widget)
        text.addStretch(1)
        photo = QVBoxLayout()
        photo.addWidget(self.photo)
        photo.addStretch(1)
        # Many warnings at once scroll inside the panel rather than grow the window.
        self.scroller = QScrollArea()
        self.scroller.setObjectName("doseTextScroll")
        self.scroller.setWidget(column)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top = QHBoxLayout()
        top.addLayout(photo)
        top.addWidget(self.scroller, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(top, 1)
        self.show_nothing("")

    def show_nothing(self, hint: str) -> None:
        for widget in (
            self.photo,
            self.name,
            self.number,
            self.amount,
            self.bottle,
            self.facts,
            self.warnings,
            self.refusal,
            self.ready,
            self.result,
            self.notice,
        ):
            widget.setVisible(False)
        _set_visible_text(self.empty, hint)

    def show_panel(self, panel: DosePanel, *, armed: bool, recorded: str = "") -> None:
        """The panel; RECORDED (the dose just given, in green) stands in for the refusal that the
        panel, reloaded after the dose, now gives: a second scan shows that refusal in red."""
        self.empty.setVisible(False)
        for widget in (self.photo, self.name, self.number, self.amount, self.facts):
            widget.setVisible(True)
        pixmap = photo_pixmap(panel.photo, *PHOTO)
        if pixmap is None:
            self.photo.setText(self.tr("No photo"))
        else:
            self.photo.setPixmap(pixmap)
        self.name.setText(panel.name)
        self.number.setText(f"{panel.patient_number}    {panel.national_id_masked}")
        _set_visible_text(self.bottle, bottle_html(panel.parts))
        if panel.dose_mg is not None:
            units = " + ".join(quantity_text(p.quantity, p.unit) for p in panel.parts)
            amount = f"{plain(panel.dose_mg)} mg"
            if units:
                amount += f"  =  {units}"
            if panel.slots_total > 1 and panel.slot is not None:
                amount += "   " + self.tr("(dose %1 of %2)").replace("%1", str(panel.slot)).replace(
                    "%2", str(panel.slots_total)
                )
            self.amount.setText(amount)
        self.amount.setVisible(panel.dose_mg is not None)
        facts = [
            self.tr("Last dose: %1").replace("%1", panel.last_dose_on.isoformat())
            if panel.last_dose_on
            else self.tr("No dose yet"),
            self.tr("Missed days in a row: %1").replace("%1", str(panel.missed_days)),
        ]
        if panel.dosed_slots:
            facts.append(
                self.tr("Dosed today: %1 of %2")
                .replace("%1", str(len(panel.dosed_slots)))
                .replace("%2", str(panel.slots_total))
            )
        self.facts.setText("    ".join(facts))
        _set_visible_text(self.warnings, "\n".join(f"⚠ {pair(w)}" for w in panel.warnings))
        refusal = f"✖ {pair(panel.refusal)}" if panel.refusal and not recorded else ""
        _set_visible_text(self.refusal, refusal)
        _set_visible_text(self.result, recorded)
        self.notice.setVisible(False)
        _set_visible_text(
            self.ready,
            self.tr("Ready: give the dose, then press Enter to confirm it (witnessed).")
            if armed and panel.can_dose
            else "",
        )

    def show_refusal(self, text: str) -> None:
        """Red: this dose may not be given."""
        _set_visible_text(self.refusal, f"✖ {text}")
        self.ready.setVisible(False)

    def show_notice(self, text: str) -> None:
        """Amber: nothing was done, and why (too soon after the panel opened, already recorded)."""
        _set_visible_text(self.notice, text)


def bottle_html(parts: tuple[DosePart, ...]) -> str:
    """Each bottle to pour from: its mark (shape and colour by strength), the product with its
    strength, the quantity, and the lot when the window holds more than one."""
    lines = []
    for part in parts:
        mark = strength_mark(part.strength)
        text = f"{bottle_name(part.product_name, part.strength, part.unit)} · "
        text += quantity_text(part.quantity, part.unit)
        if part.lot_number and part.lots_here > 1:
            lot = QCoreApplication.translate("DosePanelView", "lot %1").replace(
                "%1", part.lot_number
            )
            text += f" · {lot}"
        lines.append(
            f'<span style="color:{mark.colour}; font-size:20pt">{mark.glyph}</span> '
            f'<span style="color:{mark.colour}">{escape(text)}</span>'
        )
    return "<br>".join(lines)


class DoseLogTable(QTableWidget):
    """One window's lines of one day; a voided line stays, struck through, with its reason."""

    HEADERS = ("Time", "Patient no.", "Slot", "Dose", "Quantity", "Bottle", "Nurse", "Note")

    def __init__(self, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setObjectName("doseLog")
        self.timezone = timezone
        self.lines: list[LogLine] = []
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (5, 7):  # the bottle and the note share what is left, elided: no scrolling
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Patient no."),
                self.tr("Slot"),
                self.tr("Dose"),
                self.tr("Quantity"),
                self.tr("Bottle"),
                self.tr("Nurse"),
                self.tr("Note"),
            ]
        )

    def set_lines(self, lines: tuple[LogLine, ...]) -> None:
        self.lines = list(reversed(lines))  # newest first
        self.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            notes = []
            if line.kind == "take_home":
                notes.append(self.tr("take-home"))
            elif line.kind == "redose":
                notes.append(self.tr("re-dose: %1").replace("%1", line.exception_reason or ""))
            elif line.kind == "replacement":
                notes.append(self.tr("replacement: %1").replace("%1", line.exception_reason or ""))
            if line.kind in ("redose", "replacement") and not line.charged:
                notes.append(self.tr("not charged"))
            if line.note:
                notes.append(line.note)
            note = "; ".join(notes)
            if line.voided:
                note = self.tr("VOIDED: %1").replace("%1", line.void_reason or "")
            cells = (
                local_time(line.given_at, self.timezone)[11:16],
                line.patient_number,
                str(line.slot),
                f"{plain(line.dose_mg)} mg",
                ", ".join(a.text(languages.current) for a in line.amounts) or line.units,
                "".join(strength_mark(s).glyph for s in line.strengths) + " " + line.products,
                line.nurse,
                note,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if line.voided:
                    font = item.font()
                    font.setStrikeOut(column < len(cells) - 1)
                    item.setFont(font)
                    item.setForeground(
                        Qt.GlobalColor.darkRed if column == 7 else Qt.GlobalColor.gray
                    )
                elif column == 5 and line.strengths:
                    item.setForeground(QColor(strength_mark(line.strengths[0]).colour))
                self.setItem(row, column, item)

    def chosen(self) -> LogLine | None:
        row = self.currentRow()
        if 0 <= row < len(self.lines) and self.selectionModel().hasSelection():
            return self.lines[row]
        return None


class WindowTab(QWidget):
    """The nurse's screen at one window: scan field, patient panel, queue, today's doses."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        clinic_name: str,
        site_code: str | None,
        timezone: str,
        settings_key: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.clinic_name = clinic_name
        self.timezone = timezone
        self.settings_key = settings_key
        self.panel: DosePanel | None = None
        self.armed = False
        self.opened_at = 0.0
        self.recorded = ""  # the dose this panel just recorded, shown in green until the next scan
        self.log: DailyLog | None = None
        self.receipt_preview: PrintPreview | None = None  # the last receipt, in its preview
        self.labels_preview: PrintPreview | None = None
        roles = auth.actor.roles
        self.setStyleSheet(STYLE)

        self.window_label = QLabel()
        self.window_choice = QComboBox()
        self.window_choice.setObjectName("windowChoice")
        self.window_choice.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.scan_label = QLabel()
        self.scan = QLineEdit()
        self.scan.setObjectName("scanField")
        self.scan.returnPressed.connect(self.enter)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        self.panel_view = DosePanelView()
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirmDose")
        self.confirm_button.clicked.connect(self.confirm)
        self.withhold_button = QPushButton()
        self.withhold_button.setObjectName("withholdDose")
        self.withhold_button.clicked.connect(self.withhold)
        self.withhold_button.setVisible(allowed(Action.DOSE_WITHHOLD, roles))
        self.take_home_button = QPushButton()
        self.take_home_button.setObjectName("takeHome")
        self.take_home_button.clicked.connect(self.take_home)
        self.returns_button = QPushButton()
        self.returns_button.setObjectName("bottleReturns")
        self.returns_button.clicked.connect(self.bottle_returns)
        self.screen_button = QPushButton()
        self.screen_button.setObjectName("recordScreen")
        self.screen_button.clicked.connect(self.record_screen)
        self.screen_button.setVisible(allowed(Action.SCREEN_RECORD, roles))
        self.payment_button = QPushButton()
        self.payment_button.setObjectName("takePayment")
        self.payment_button.clicked.connect(self.take_payment)
        self.payment_button.setVisible(allowed(Action.FEE_COLLECT, roles))
        self.exception_button = QPushButton()
        self.exception_button.setObjectName("doseException")
        self.exception_button.clicked.connect(self.dose_exception)
        self.exception_button.setVisible(allowed(Action.DOSE_EXCEPTION, roles))
        self.flag_button = QPushButton()
        self.flag_button.setObjectName("raiseFlag")
        self.flag_button.clicked.connect(self.raise_flag)
        self.flag_button.setVisible(allowed(Action.PATIENT_FLAG, roles))
        actions = QHBoxLayout()
        for button in (
            self.confirm_button,
            self.withhold_button,
            self.take_home_button,
            self.returns_button,
            self.screen_button,
            self.payment_button,
            self.exception_button,
            self.flag_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the focus
            actions.addWidget(button)
        actions.addStretch(1)

        self.to_attend_label = QLabel()
        self.to_attend_label.setObjectName("queueHeading")
        self.to_attend = QListWidget()
        self.to_attend.setObjectName("toAttend")
        self.attended_label = QLabel()
        self.attended_label.setObjectName("queueHeading")
        self.attended = QListWidget()
        self.attended.setObjectName("attended")
        for listing in (self.to_attend, self.attended):
            # A long line (a guest patient's place) wraps rather than hides behind a scroll bar.
            listing.setWordWrap(True)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            listing.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            listing.itemActivated.connect(self._queue_activated)
            listing.itemDoubleClicked.connect(self._queue_activated)
        queue = QVBoxLayout()
        queue.addWidget(self.to_attend_label)
        queue.addWidget(self.to_attend, 3)
        queue.addWidget(self.attended_label)
        queue.addWidget(self.attended, 2)

        self.log_label = QLabel()
        self.log_label.setObjectName("queueHeading")
        self.log_table = DoseLogTable(timezone)
        self.log_table.setMinimumHeight(90)
        self.void_button = QPushButton()
        self.void_button.setObjectName("voidDose")
        self.void_button.clicked.connect(self.void)
        self.void_button.setVisible(allowed(Action.DOSE_VOID, roles))
        self.waste_button = QPushButton()
        self.waste_button.setObjectName("recordWaste")
        self.waste_button.clicked.connect(self.waste)
        self.waste_button.setVisible(allowed(Action.STOCK_WASTE, roles))
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("dailyLogPdf")
        self.pdf_button.clicked.connect(lambda: self.export_log())  # not clicked(checked)
        self.print_log_button = QPushButton()
        self.print_log_button.setObjectName("dailyLogPrint")
        self.print_log_button.clicked.connect(lambda: self.print_log())
        self.print_queue_button = QPushButton()
        self.print_queue_button.setObjectName("queueSheetPrint")
        self.print_queue_button.clicked.connect(lambda: self.print_queue())
        self.totals = QLabel()
        self.totals.setObjectName("logTotals")
        self.totals.setWordWrap(True)
        log_buttons = QHBoxLayout()
        log_buttons.addWidget(self.log_label)
        log_buttons.addStretch(1)
        for button in (
            self.void_button,
            self.waste_button,
            self.print_queue_button,
            self.print_log_button,
            self.pdf_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            log_buttons.addWidget(button)

        top = QHBoxLayout()
        top.addWidget(self.scan_label)
        top.addWidget(self.scan, 1)
        top.addSpacing(16)
        top.addWidget(self.window_label)
        top.addWidget(self.window_choice)
        left = QVBoxLayout()
        left.addWidget(self.panel_view, 1)
        left.addLayout(actions)
        middle = QHBoxLayout()
        middle.addLayout(left, 3)
        middle.addLayout(queue, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(middle, 3)
        layout.addLayout(log_buttons)
        layout.addWidget(self.log_table, 1)
        layout.addWidget(self.totals)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_MS)
        self._fill_windows(site_code)
        self.window_choice.currentIndexChanged.connect(self._window_changed)
        self.retranslate()
        self.refresh()
        self.scan.setFocus()

    # --- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.window_label.setText(self.tr("Window"))
        self.scan_label.setText(self.tr("Card, number or name"))
        self.scan.setPlaceholderText(
            self.tr("Scan the card, or type the patient number or a name, then Enter")
        )
        self.confirm_button.setText(self.tr("Confirm dose (Enter)"))
        self.withhold_button.setText(self.tr("Intoxication check failed…"))
        self.take_home_button.setText(self.tr("Take-home…"))
        self.returns_button.setText(self.tr("Bottle returns…"))
        self.screen_button.setText(self.tr("Urine screen…"))
        self.payment_button.setText(self.tr("Payment…"))
        self.exception_button.setText(self.tr("Exception…"))
        self.flag_button.setText(self.tr("Flag…"))
        self.log_label.setText(self.tr("Today at this window"))
        self.void_button.setText(self.tr("Void…"))
        self.waste_button.setText(self.tr("Waste / spill…"))
        self.pdf_button.setText(self.tr("Daily log PDF…"))
        self.print_log_button.setText(self.tr("Print daily log…"))
        self.print_queue_button.setText(self.tr("Print the queue…"))
        self.print_queue_button.setToolTip(
            self.tr(
                "Today's patients with the checks as of now and blank columns for the time "
                "and signature: print it each morning, to dose by hand if the workstation fails."
            )
        )
        self.log_table.retranslate()
        self._show_panel()
        self._show_queue_counts()
        self._show_totals()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.scan.setFocus()

    # --- window choice ----------------------------------------------------------------------

    def _fill_windows(self, site_code: str | None) -> None:
        try:
            places = stock.list_places(self.auth, kinds=("window",))
        except ClinicError as exc:
            self.show_message(error_text(exc))
            places = []
        here = [p for p in places if site_code is None or p.site_code == site_code] or places
        for place in here:
            self.window_choice.addItem(place_label(place), place.location_id)
        saved = ui_settings().value(self.settings_key)
        index = self.window_choice.findData(int(saved)) if saved not in (None, "") else -1
        self.window_choice.setCurrentIndex(max(index, 0))
        if not here:
            self.show_message(
                self.tr("There is no dosing window at this site: ask the pharmacist.")
            )

    def window_id(self) -> int | None:
        value = self.window_choice.currentData()
        return int(value) if value is not None else None

    def _window_changed(self) -> None:
        window_id = self.window_id()
        if window_id is not None:
            ui_settings().setValue(self.settings_key, window_id)
        self.clear_panel()
        self.refresh()
        self.scan.setFocus()

    # --- messages ---------------------------------------------------------------------------

    def show_message(self, text: str, *, done: bool = False) -> None:
        say(self.message, text, done=done)

    def clear_panel(self) -> None:
        self.panel, self.armed, self.recorded = None, False, ""
        self._show_panel()

    def _show_panel(self) -> None:
        if self.panel is None:
            self.panel_view.show_nothing(
                self.tr("Scan the patient's card, or type the number and press Enter.")
            )
        else:
            self.panel_view.show_panel(self.panel, armed=self.armed, recorded=self.recorded)
        dosable = self.panel is not None and self.armed and self.panel.can_dose
        self.confirm_button.setEnabled(dosable)
        has_patient = self.panel is not None
        self.withhold_button.setEnabled(
            has_patient and self.panel is not None and self.panel.status == "active"
        )
        self.take_home_button.setEnabled(has_patient and self._take_home_days() > 0)
        self.returns_button.setEnabled(has_patient)
        self.screen_button.setEnabled(has_patient)
        self.payment_button.setEnabled(has_patient)
        self.exception_button.setEnabled(has_patient)
        self.flag_button.setEnabled(has_patient)

    def _take_home_days(self) -> int:
        if self.panel is None or self.panel.status != "active":
            return 0
        return self.panel.take_home_days

    # --- the flow ---------------------------------------------------------------------------

    def enter(self) -> None:
        """Enter in the scan field: with text, open that patient; empty, confirm the dose shown."""
        text = self.scan.text().strip()
        self.scan.clear()
        if text:
            self.identify(text)
        else:
            self.confirm()

    def identify(self, identifier: str) -> None:
        window_id = self.window_id()
        if window_id is None:
            self.show_message(self.tr("Choose the dosing window first."))
            return
        self.show_message("")
        if records.query_kind(identifier) in ("name", "initials") and "-" not in identifier:
            self.find_by_name(identifier)
            return
        try:
            panel = window.identify(self.auth, identifier=identifier, window_id=window_id)
        except ClinicError as exc:
            self.clear_panel()
            self.show_message(error_text(exc))
            return
        self._open(panel)

    def find_by_name(self, text: str) -> None:
        """A name fragment or pinyin initials: one match opens, several ask which patient."""
        try:
            hits = records.search_patients(self.auth, query=text)
        except ClinicError as exc:
            self.clear_panel()
            self.show_message(error_text(exc))
            return
        if not hits:
            self.clear_panel()
            self.show_message(self.tr("No patient matches “%1”.").replace("%1", text))
            return
        if len(hits) == 1:
            self.open_patient(int(hits[0].patient_id))
            return
        from clinic.ui.dosing_forms import PatientChoiceDialog

        self.choice_dialog = PatientChoiceDialog(hits, self)
        if self.choice_dialog.exec():
            chosen = self.choice_dialog.chosen()
            if chosen is not None:
                self.open_patient(chosen)
        self.scan.setFocus()

    def open_patient(self, patient_id: int) -> None:
        window_id = self.window_id()
        if window_id is None:
            return
        self.show_message("")
        try:
            panel = window.open_for_dosing(self.auth, patient_id=patient_id, window_id=window_id)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self._open(panel)

    def _open(self, panel: DosePanel) -> None:
        self.panel, self.armed, self.recorded = panel, panel.can_dose, ""
        self.opened_at = time.monotonic()
        self._show_panel()
        self.scan.setFocus()

    def confirm(self) -> None:
        """Record the witnessed dose shown; never a second time from the same panel."""
        panel = self.panel
        window_id = self.window_id()
        if panel is None or window_id is None:
            return
        if not self.armed or not panel.can_dose:
            if self.recorded:
                self.panel_view.show_notice(
                    self.tr(
                        "Recorded already: this panel does not dose again. For the next patient,"
                        " or the next dose of a split order, scan the card."
                    )
                )
            else:
                self.panel_view.show_refusal(self._disarmed_reason(panel))
            return
        dwell = panel.dwell_ms / 1000
        if time.monotonic() - self.opened_at < dwell:
            self.panel_view.show_notice(
                self.tr(
                    "Check the photo and the dose first: Enter counts once the panel has been"
                    " shown for %1 s."
                ).replace("%1", f"{dwell:g}")
            )
            return
        if time.monotonic() - self.opened_at > ARMED_SECONDS:
            self.open_patient(int(panel.patient_id))
            self.show_message(
                self.tr("The panel had been open for a while: check it again, then press Enter.")
            )
            return
        self.armed = False  # whatever happens next, this panel does not dose again
        self.confirm_button.setEnabled(False)
        try:
            info = window.record_dose(
                self.auth, patient_id=int(panel.patient_id), window_id=window_id, slot=panel.slot
            )
        except ClinicError as exc:
            self._reload_panel(panel)
            self.panel_view.show_refusal(error_text(exc))
            self.refresh()
            return
        self.recorded = self._done_text(info)
        self._reload_panel(panel)
        self.refresh()
        self.scan.setFocus()

    def _disarmed_reason(self, panel: DosePanel) -> str:
        if panel.refusal:
            return pair(panel.refusal)
        return self.tr(
            "This dose was just recorded. For the next dose of a split order, scan the card again."
        )

    def _done_text(self, info: DoseInfo) -> str:
        units = " + ".join(
            f"{bottle_name(p.product_name, p.strength, p.unit)} {quantity_text(p.quantity, p.unit)}"
            for p in info.parts
        )
        return (
            self.tr("✔ Dose recorded at %1: %2 mg (%3), dose %4.")
            .replace("%1", local_time(info.given_at, self.timezone)[11:16])
            .replace("%2", plain(info.dose_mg))
            .replace("%3", units)
            .replace("%4", str(info.slot))
        )

    def _reload_panel(self, old: DosePanel) -> None:
        """The panel as it is now (the dose shows as given), still disarmed."""
        window_id = self.window_id()
        try:
            assert window_id is not None
            self.panel = window.open_for_dosing(
                self.auth, patient_id=int(old.patient_id), window_id=window_id
            )
        except (ClinicError, AssertionError):
            self.panel = old
        self.armed = False
        self._show_panel()

    def withhold(self) -> None:
        from clinic.ui.dosing_forms import WithholdDialog

        window_id = self.window_id()
        if self.panel is None or window_id is None:
            return
        dialog = WithholdDialog(self.auth, self.panel, window_id, self)
        if dialog.exec():
            old = self.panel
            self._reload_panel(old)
            self.panel_view.show_refusal(self.tr("Dose withheld and recorded: no dose today."))
        self.scan.setFocus()

    def take_home(self) -> None:
        from clinic.ui.dosing_forms import TakeHomeDialog

        window_id = self.window_id()
        if self.panel is None or window_id is None:
            return
        dialog = TakeHomeDialog(self.auth, self.panel, window_id, self._take_home_days(), self)
        if dialog.exec() and dialog.outcome:
            self.print_labels(list(dialog.outcome))
            self._reload_panel(self.panel)
            self.refresh()
        self.scan.setFocus()

    def print_labels(
        self, dose_ids: list[int], target: str | None = None, *, save: bool = False
    ) -> None:
        """The take-home bottles' labels: into the print preview, or saved to TARGET (asked
        for when SAVE)."""
        try:
            data = daylog.bottle_labels_pdf(self.auth, dose_ids=dose_ids)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        if target is None and not save:
            self.labels_preview = print_pdf(self, self.tr("Bottle labels"), data)
            return
        if target is None:
            target, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the bottle labels"), "bottle-labels.pdf", "PDF (*.pdf)"
            )
        if target:
            write_private(Path(target), data)
            self.show_message(
                self.tr("Bottle labels saved to %1.").replace("%1", target), done=True
            )

    def bottle_returns(self) -> None:
        from clinic.ui.dosing_forms import BottleReturnDialog

        if self.panel is None:
            return
        try:
            dialog = BottleReturnDialog(self.auth, self.panel, self)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        if dialog.exec():
            self._reload_panel(self.panel)
        self.scan.setFocus()

    def record_screen(self) -> None:
        from clinic.ui.dosing_forms import ScreenDialog

        if self.panel is None:
            return
        dialog = ScreenDialog(
            self.auth,
            patient_id=int(self.panel.patient_id),
            patient_number=self.panel.patient_number,
            parent=self,
        )
        if dialog.exec():
            armed = self.armed
            self.open_patient(int(self.panel.patient_id))
            self.armed = armed and self.panel is not None and self.panel.can_dose
            self._show_panel()
        self.scan.setFocus()

    def take_payment(self) -> None:
        """The patient's fee at the window: the amount owed is filled in; the dose is unaffected."""
        from clinic.ui.fee_forms import PaymentDialog, print_receipt, receipt_text

        if self.panel is None:
            return
        dialog = PaymentDialog(
            self.auth,
            patient_id=int(self.panel.patient_id),
            patient_number=self.panel.patient_number,
            owed=self.panel.balance_owed,
            parent=self,
        )
        if dialog.exec() and dialog.outcome is not None:
            armed = self.armed
            self.open_patient(int(self.panel.patient_id))
            self.armed = armed and self.panel is not None and self.panel.can_dose
            self._show_panel()
            self.show_message(receipt_text(dialog.outcome), done=True)
            self.receipt_preview = print_receipt(self, self.auth, dialog.outcome.receipt_number)
            if self.receipt_preview is not None:  # printed or closed: back to the scan field
                self.receipt_preview.finished.connect(lambda *_: self.scan.setFocus())
                return
        self.scan.setFocus()

    def dose_exception(self) -> None:
        """A re-dose or a replacement dose, signed for; shown as recorded like any dose."""
        from clinic.ui.dosing_forms import ExceptionDoseDialog

        window_id = self.window_id()
        if self.panel is None or window_id is None:
            return
        dialog = ExceptionDoseDialog(self.auth, self.panel, window_id, self)
        if dialog.exec() and dialog.outcome is not None:
            self.recorded = self._done_text(dialog.outcome)
            self._reload_panel(self.panel)
            self.refresh()
        self.scan.setFocus()

    def raise_flag(self) -> None:
        from clinic.ui.dosing_forms import FlagDialog

        if self.panel is None:
            return
        dialog = FlagDialog(
            self.auth,
            patient_id=int(self.panel.patient_id),
            patient_number=self.panel.patient_number,
            parent=self,
        )
        if dialog.exec():
            self.open_patient(int(self.panel.patient_id))  # the flag shows (or refuses) at once
        self.scan.setFocus()

    # --- mistakes ---------------------------------------------------------------------------

    def void(self) -> None:
        from clinic.ui.dosing_forms import VoidDoseDialog

        line = self.log_table.chosen()
        if line is None or line.voided:
            self.show_message(
                self.tr("Choose a dose of today in the list first (not a voided one).")
            )
            return
        dialog = VoidDoseDialog(self.auth, line, timezone=self.timezone, parent=self)
        if dialog.exec():
            self.recorded = ""
            self.show_message(
                self.tr("The dose was voided; it stays in the log, struck through."), done=True
            )
            if self.panel is not None:
                self._reload_panel(self.panel)
            self.refresh()
        self.scan.setFocus()

    def waste(self) -> None:
        from clinic.ui.dosing_forms import DoseWasteDialog

        window_id = self.window_id()
        if window_id is None:
            return
        line = self.log_table.chosen()
        dialog = DoseWasteDialog(
            self.auth,
            window_id=window_id,
            line=line if line is not None and not line.voided else None,
            timezone=self.timezone,
            parent=self,
        )
        if dialog.exec():
            self.show_message(self.tr("The waste was recorded with its witness."), done=True)
            self.refresh()
        self.scan.setFocus()

    # --- queue and log ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Queue and today's log again: other windows' doses show up here too."""
        window_id = self.window_id()
        if window_id is None:
            return
        try:
            queue = window.today_queue(self.auth, window_id=window_id)
            self.log = daylog.daily_log(self.auth, window_id=window_id)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self._fill_queue(queue)
        self.log_table.set_lines(self.log.lines)
        self._show_totals()

    def _fill_queue(self, queue: Queue) -> None:
        self.queue = queue
        for listing, entries in (
            (self.to_attend, queue.to_attend),
            (self.attended, (*queue.attended, *queue.elsewhere)),
        ):
            listing.clear()
            for entry in entries:
                item = QListWidgetItem(self._entry_text(entry))
                item.setToolTip(item.text())
                item.setData(Qt.ItemDataRole.UserRole, int(entry.patient_id))
                if entry.at_window:  # amber: someone else has this patient open
                    item.setForeground(QColor(WARNING.text))
                elif entry.doses_at:  # grey: doses at a guest place today, not here
                    item.setForeground(QColor("#8a8f96"))
                listing.addItem(item)
        self._show_queue_counts()

    def _entry_text(self, entry: QueueEntry) -> str:
        if entry.doses_at:  # not dosed here today: where instead, not the dose
            place = self.tr("doses at %1 today").replace("%1", entry.doses_at)
            return f"{entry.patient_number}  {entry.name}  — {place}"
        text = f"{entry.patient_number}  {entry.name}  {plain(entry.dose_mg)} mg"
        if entry.slots_total > 1:
            text += f"  ({entry.slots_done}/{entry.slots_total})"
        if entry.at_window:
            text += "  — " + self.tr("at %1").replace("%1", entry.at_window)
        if entry.guest:
            text += "  — " + self.tr("guest")
        return text

    def _show_queue_counts(self) -> None:
        queue = getattr(self, "queue", None)
        waiting = len(queue.to_attend) if queue else 0
        done = len(queue.attended) if queue else 0
        self.to_attend_label.setText(self.tr("To attend (%1)").replace("%1", str(waiting)))
        self.attended_label.setText(self.tr("Attended (%1)").replace("%1", str(done)))

    def _show_totals(self) -> None:
        log = self.log
        if log is None:
            self.totals.clear()
            return
        products = sorted(set(log.dispensed_by_product) | set(log.ledger_dispensed_by_product))
        parts = [
            f"{name}: {plain(log.dispensed_by_product.get(name, Decimal(0)))}" for name in products
        ]
        text = (
            self.tr("Doses given %1, voided %2.")
            .replace("%1", str(log.doses_given))
            .replace("%2", str(log.doses_voided))
        )
        if log.exceptions:
            text += "  " + self.tr("Exceptions: %1.").replace("%1", str(len(log.exceptions)))
        if parts:
            text += "  " + "; ".join(parts) + "  "
            text += (
                self.tr("Totals match the ledger.")
                if log.matches_ledger
                else self.tr("Totals DO NOT match the ledger.")
            )
        self.totals.setText(text)

    def _queue_activated(self, item: QListWidgetItem) -> None:
        self.open_patient(int(item.data(Qt.ItemDataRole.UserRole)))

    def print_log(self) -> None:
        window_id = self.window_id()
        if window_id is None:
            return
        print_daily_log(
            self,
            self.auth,
            window_id,
            self.clinic_name,
            lambda text, done: self.show_message(text, done=done),
        )

    def print_queue(self) -> None:
        """The morning's queue sheet, made off the UI thread, in the print preview."""
        window_id = self.window_id()
        if window_id is None:
            return
        auth = self.auth

        def work(progress: Progress) -> bytes:
            return queue_sheet.queue_sheet_pdf(auth, window_id=window_id)

        print_in_background(
            self,
            self.tr("Dosing sheet %1").replace("%1", clinic_today(auth).isoformat()),
            work,
            on_failed=lambda exc: self.show_message(error_text(exc)),
        )

    def export_log(self, target: str | None = None) -> None:
        window_id = self.window_id()
        if window_id is None:
            return
        export_daily_log(
            self,
            self.auth,
            window_id,
            self.clinic_name,
            target,
            lambda text, done: self.show_message(text, done=done),
        )
        self.scan.setFocus()


def print_daily_log(
    parent: QWidget,
    auth: AuthContext,
    window_id: int,
    clinic_name: str,
    report: Callable[[str, bool], None],
    day: date | None = None,
) -> None:
    """Render the day's log off the UI thread, then open it in the print preview."""
    shown = (day or clinic_today(auth)).isoformat()

    def work(progress: Progress) -> bytes:
        return daylog.daily_log_pdf(auth, window_id=window_id, day=day, clinic_name=clinic_name)

    print_in_background(
        parent,
        QCoreApplication.translate("WindowTab", "Daily log %1").replace("%1", shown),
        work,
        on_failed=lambda exc: report(error_text(exc), False),
    )


def export_daily_log(
    parent: QWidget,
    auth: AuthContext,
    window_id: int,
    clinic_name: str,
    target: str | None,
    report: Callable[[str, bool], None],  # (message, done)
    day: date | None = None,
) -> None:
    """Ask where to save (unless TARGET), render the day's log off the UI thread, write it."""
    if target is None:
        name = f"daily-log-{(day or clinic_today(auth)).isoformat()}.pdf"
        target, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("WindowTab", "Save the daily log"),
            name,
            "PDF (*.pdf)",
        )
    if not target:
        return
    path = Path(target)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")

    def work(progress: Progress) -> bytes:
        return daylog.daily_log_pdf(auth, window_id=window_id, day=day, clinic_name=clinic_name)

    def done(data: bytes) -> None:
        try:
            write_private(path, data)
        except OSError as exc:
            report(str(exc), False)
            return
        saved = QCoreApplication.translate("WindowTab", "The daily log was saved to %1.")
        report(saved.replace("%1", str(path)), True)

    run_in_background(
        parent,
        QCoreApplication.translate("WindowTab", "Making the daily log…"),
        work,
        on_done=done,
        on_error=lambda exc: report(error_text(exc), False),
    )


class DosingPage(QWidget):
    """The dosing window and the lists around it: the day's log, screens, outreach."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        clinic_name: str = "",
        site_code: str | None = None,
        timezone: str = "Asia/Shanghai",
        settings_key: str = "dosing_window",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from clinic.ui.dosing_lists import DailyLogTab, OutreachTab, ScreensTab

        self.auth = auth
        roles = auth.actor.roles
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dosingTabs")
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.window_tab: WindowTab | None = None
        self.log_tab: DailyLogTab | None = None
        self.screens_tab: ScreensTab | None = None
        self.outreach_tab: OutreachTab | None = None
        if allowed(Action.DOSE_RECORD, roles):
            self.window_tab = WindowTab(
                auth,
                clinic_name=clinic_name,
                site_code=site_code,
                timezone=timezone,
                settings_key=settings_key,
            )
            self.tabs.addTab(self.window_tab, "")
        else:
            self.log_tab = DailyLogTab(
                auth, clinic_name=clinic_name, site_code=site_code, timezone=timezone
            )
            self.tabs.addTab(self.log_tab, "")
        if allowed(Action.SCREEN_RECORD, roles) or allowed(Action.SCREEN_REVIEW, roles):
            self.screens_tab = ScreensTab(auth)
            self.tabs.addTab(self.screens_tab, "")
        if allowed(Action.DOSING_LOG, roles):
            self.outreach_tab = OutreachTab(auth)
            self.tabs.addTab(self.outreach_tab, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs)
        # The menu on the left and the tab already name the page: the nurse's height goes to the
        # panel (the window fits a 1366×768 screen).
        self.heading.setVisible(self.window_tab is None)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Dosing window"))
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            title = ""
            if widget is self.window_tab:
                title = self.tr("Window")
            elif widget is self.log_tab:
                title = self.tr("Daily log")
            elif widget is self.screens_tab:
                title = self.tr("Urine screens")
            elif widget is self.outreach_tab:
                title = self.tr("Outreach")
            self.tabs.setTabText(index, title)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        reload = getattr(widget, "reload", None)
        if callable(reload):
            reload()
        if widget is self.window_tab and self.window_tab is not None:
            self.window_tab.refresh()
            self.window_tab.scan.setFocus()
