"""The inspector's page (监督检查): the inspection's grant at the top, then read-only tabs for the
controlled-drug register and the counts of the granted period, and the inspector's notes. Every
read goes through clinic.inspection, which refuses what lies outside the period and audits the
rest; the page only keeps the date choosers inside the period so a refusal is rare.

The clinic's side (administrator, pharmacist) reads the findings in FindingsDialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic import inspection
from clinic.errors import ClinicError
from clinic.fileio import write_private
from clinic.inspection import InspectionInfo, InspectionNoteInfo
from clinic.inventory import catalogue, register
from clinic.inventory.reconcile import CountLine
from clinic.inventory.register import Register
from clinic.inventory.stock import PlaceInfo
from clinic.privacy.permissions import Action
from clinic.service import AuthContext
from clinic.ui.common import REFUSED, CompactComboBox, error_text
from clinic.ui.patient_common import message_label
from clinic.ui.patient_common import say as say_in
from clinic.ui.reconcile_page import AMBER
from clinic.ui.register_page import RegisterPage
from clinic.ui.reports_page import QT_TRANSLATE_NOOP, ReportsPage, ReportSpec
from clinic.ui.stock_common import place_label, quantity_text, signed_text
from clinic.ui.stock_page import _cell, _table
from clinic.ui.worker import Progress

# The page's tabs, in order. Every read goes through a service under Action.INSPECTION_READ that
# calls clinic.inspection.open_inspection and clamps its period (see _make_tab).
TAB_KEYS: tuple[str, ...] = ("register", "counts", "reports", "notes")


def say(label: QLabel, text: str, *, done: bool = False) -> None:
    """A message in its colour, and no empty line where there is none."""
    say_in(label, text, done=done)
    label.setVisible(bool(text))


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class InspectionRegisterView(RegisterPage):
    """The register page's parts, read through the inspection: months of the period only."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        grant: InspectionInfo,
        clinic_name: str = "",
        site_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            auth, clinic_name=clinic_name, site_code=site_code, parent=parent, load_choices=False
        )
        self.grant = grant
        self.heading.setVisible(False)  # the tab's title says it
        self._load_choices()
        first, last = grant.period_from, grant.period_to
        self.month.setMinimumDate(QDate(first.year, first.month, 1))
        self.month.setMaximumDate(qdate(last))
        self.month.setDate(QDate(last.year, last.month, 1))

    def fetch_places(self) -> list[PlaceInfo]:
        return inspection.inspection_places(self.auth, inspection_id=self.grant.inspection_id)

    def fetch_busiest(self) -> register.RegisterChoice | None:
        return None  # that is the pharmacist's read of this month, not the inspection's

    def fetch_register(self, place: int, product: int, year: int, month: int) -> Register:
        return inspection.inspection_register(
            self.auth,
            inspection_id=self.grant.inspection_id,
            location_id=place,
            product_id=product,
            year=year,
            month=month,
            clinic_name=self.clinic_name,
        )

    def exporter(
        self, place: int, product: int, year: int, month: int, fmt: str
    ) -> Callable[[Progress], bytes]:
        auth, name, iid = self.auth, self.clinic_name, self.grant.inspection_id
        return lambda progress: inspection.export_inspection_register(
            auth,
            inspection_id=iid,
            location_id=place,
            product_id=product,
            year=year,
            month=month,
            clinic_name=name,
            fmt=fmt,
            progress=progress,
        )


def inspection_report_specs(auth: AuthContext, grant: InspectionInfo) -> list[ReportSpec]:
    """The reports an inspection reads (clinic.inspection.INSPECTION_REPORTS), each through the
    inspection's own service; the titles are the Reports page's."""
    iid = grant.inspection_id
    return [
        ReportSpec(
            "dosing",
            QT_TRANSLATE_NOOP("Reports", "Dosing by nurse and window"),
            QT_TRANSLATE_NOOP(
                "Reports",
                "Doses, total mg and quantity per product, take-home doses and voided doses, "
                "per nurse and window.",
            ),
            Action.INSPECTION_READ,
            ("period", "site"),
            lambda auth, **kw: inspection.inspection_dosing(auth, inspection_id=iid, **kw),
        ),
        ReportSpec(
            "stock_expiry",
            QT_TRANSLATE_NOOP("Reports", "Stock expiry"),
            QT_TRANSLATE_NOOP(
                "Reports",
                "Lots that had expired or were expiring within the days given, with their "
                "balances at the end of the chosen day.",
            ),
            Action.INSPECTION_READ,
            ("day", "within_days", "place"),
            lambda auth, **kw: inspection.inspection_stock_expiry(auth, inspection_id=iid, **kw),
        ),
        ReportSpec(
            "mmt_month",
            QT_TRANSLATE_NOOP("Reports", "MMT monthly work report"),
            QT_TRANSLATE_NOOP(
                "Reports",
                "The month's figures the national MMT data system asks of a clinic, per site "
                "and in total; only the days inside the inspection's period.",
            ),
            Action.INSPECTION_READ,
            ("month",),
            lambda auth, **kw: inspection.inspection_work_report(auth, inspection_id=iid, **kw),
        ),
    ]


class InspectionReportsView(ReportsPage):
    """The Reports page's parts, read through the inspection: the dates chosen inside the period,
    and a saved or printed report made again through the inspection (its checks run again)."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        grant: InspectionInfo,
        clinic_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            auth,
            clinic_name=clinic_name,
            specs=inspection_report_specs(auth, grant),
            parent=parent,
        )
        self.grant = grant
        first, last = qdate(grant.period_from), qdate(grant.period_to)
        for edit in (self.day, self.start, self.end):
            edit.setMinimumDate(first)
            edit.setMaximumDate(last)
        self.start.setDate(first)
        self.end.setDate(last)
        self.day.setDate(last)
        self.month.setMinimumDate(QDate(first.year(), first.month(), 1))
        self.month.setMaximumDate(last)
        self.month.setDate(QDate(last.year(), last.month(), 1))

    def renderer(self, fmt: str) -> Callable[[], bytes]:
        auth, iid = self.auth, self.grant.inspection_id
        report, parameters = self.ran_for or "", dict(self.ran_with)
        return lambda: inspection.export_inspection_report(
            auth, inspection_id=iid, report=report, parameters=parameters, fmt=fmt
        )


class CountsView(QWidget):
    """Every count of the chosen days (inside the period): the sheet, what was found, the
    variance, its explanation, who counted and who signed off."""

    def __init__(
        self, auth: AuthContext, *, grant: InspectionInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.grant = grant
        self.lines: list[CountLine] = []
        self.loaded = False
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.first_label, self.last_label = QLabel(), QLabel()
        self.window_label, self.product_label = QLabel(), QLabel()
        self.first = QDateEdit(qdate(grant.period_from))
        self.first.setObjectName("countsFirst")
        self.last = QDateEdit(qdate(grant.period_to))
        self.last.setObjectName("countsLast")
        for edit in (self.first, self.last):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setMinimumDate(qdate(grant.period_from))
            edit.setMaximumDate(qdate(grant.period_to))
        self.window_choice = CompactComboBox(24)
        self.window_choice.setObjectName("countsWindow")
        self.product = CompactComboBox(20)
        self.product.setObjectName("countsProduct")
        self.show_button = QPushButton()
        self.show_button.setObjectName("showCounts")
        self.show_button.clicked.connect(self.reload)
        self.summary = QLabel()
        self.summary.setObjectName("countsSummary")
        self.summary.setWordWrap(True)
        self.message = message_label("countsMessage")
        self.message.setVisible(False)
        self.table = _table("countsTable")
        choose = QHBoxLayout()
        for label, widget in (
            (self.first_label, self.first),
            (self.last_label, self.last),
            (self.window_label, self.window_choice),
            (self.product_label, self.product),
        ):
            choose.addWidget(label)
            choose.addWidget(widget)
        choose.addWidget(self.show_button)
        choose.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(choose)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.places: list[PlaceInfo] = []
        self._load_choices()
        self.retranslate()

    def _load_choices(self) -> None:
        self.window_choice.addItem("", None)
        self.product.addItem("", None)
        try:
            places = inspection.inspection_places(self.auth, inspection_id=self.grant.inspection_id)
            products = [p for p in catalogue.list_products(self.auth) if p.controlled]
        except ClinicError as exc:
            say(self.message, error_text(exc))
            return
        self.places = [p for p in places if p.kind == "window"]
        for place in self.places:
            self.window_choice.addItem(place_label(place), place.location_id)
        for product in products:
            self.product.addItem(product.name, product.product_id)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Daily counts and variances"))
        self.first_label.setText(self.tr("From"))
        self.last_label.setText(self.tr("To"))
        self.window_label.setText(self.tr("Window"))
        self.product_label.setText(self.tr("Product"))
        self.window_choice.setItemText(0, self.tr("All windows"))
        self.product.setItemText(0, self.tr("All products"))
        self.show_button.setText(self.tr("Show"))
        headers = [
            self.tr("Day"),
            self.tr("Window"),
            self.tr("Product"),
            self.tr("Count"),
            self.tr("Opening"),
            self.tr("Received"),
            self.tr("Dispensed"),
            self.tr("Wasted"),
            self.tr("Returned"),
            self.tr("Other"),
            self.tr("Expected"),
            self.tr("Found"),
            self.tr("Variance"),
            self.tr("State"),
            self.tr("Counted by"),
            self.tr("Explanation"),
            self.tr("Signed off by"),
            self.tr("Second signature"),
            self.tr("Day closed"),
        ]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.show_lines()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:  # reading the counts is audited: only when the tab is looked at
            self.reload()

    def reload(self) -> None:
        self.loaded = True
        self.lines = []
        say(self.message, "")
        window, product = self.window_choice.currentData(), self.product.currentData()
        try:
            self.lines = inspection.inspection_counts(
                self.auth,
                inspection_id=self.grant.inspection_id,
                first=pydate(self.first.date()),
                last=pydate(self.last.date()),
                window_id=None if window is None else int(window),
                product_id=None if product is None else int(product),
            )
        except ClinicError as exc:
            say(self.message, error_text(exc))
        self.show_lines()

    def state_text(self, state: str) -> str:
        return {
            "settled": self.tr("within tolerance"),
            "signed_off": self.tr("explained and signed off"),
            "waiting": self.tr("waiting for sign-off"),
        }.get(state, state)

    def kind_text(self, kind: str) -> str:
        return self.tr("day close") if kind == "day_close" else self.tr("shift handover")

    def show_lines(self) -> None:
        lines = self.lines
        self.table.setRowCount(len(lines))
        waiting = sum(1 for line in lines if line.state == "waiting")
        beyond = sum(1 for line in lines if line.state != "settled")
        self.summary.setText(
            self.tr("%1 counts · %2 beyond tolerance · %3 still waiting for sign-off")
            .replace("%1", str(len(lines)))
            .replace("%2", str(beyond))
            .replace("%3", str(waiting))
            if self.loaded
            else ""
        )
        for row, line in enumerate(lines):
            unit = line.unit
            cells = [
                _cell(line.business_date.isoformat()),
                _cell(line.place_name),
                _cell(line.product_name),
                _cell(f"{self.kind_text(line.kind)} {line.recorded_at:%H:%M}"),
                _cell(quantity_text(line.opening, unit), right=True),
                _cell(quantity_text(line.received, unit), right=True),
                _cell(quantity_text(line.dispensed, unit), right=True),
                _cell(quantity_text(line.wasted, unit), right=True),
                _cell(quantity_text(line.returned, unit), right=True),
                _cell(signed_text(line.other, unit) if line.other else "", right=True),
                _cell(quantity_text(line.expected, unit), right=True),
                _cell(quantity_text(line.counted, unit), right=True),
                _cell(signed_text(line.variance, unit) if line.variance else "0", right=True),
                _cell(self.state_text(line.state)),
                _cell(line.counted_by),
                _cell(line.explanation or ""),
                _cell(line.signed_off_by or ""),
                _cell(line.witness or ""),
                _cell(self.tr("yes") if line.closed_the_day else ""),
            ]
            if line.state != "settled":  # beyond tolerance: what an inspector looks at first
                set_tone_item(cells[12], line.state)
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)


def set_tone_item(cell: QTableWidgetItem, state: str) -> None:
    font = cell.font()
    font.setBold(True)
    cell.setFont(font)
    cell.setForeground(QColor(REFUSED.text if state == "waiting" else AMBER))


class NotesView(QWidget):
    """The inspector's findings: listed (audited), written, corrected by a new note, saved as PDF."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        grant: InspectionInfo,
        clinic_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.grant = grant
        self.clinic_name = clinic_name
        self.notes: list[InspectionNoteInfo] = []
        self.correcting: int | None = None
        self.loaded = False
        self.last_export: Path | None = None
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.table = _table("notesTable")
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteText")
        self.editor.setMaximumHeight(110)
        self.editor.textChanged.connect(self.update_buttons)
        self.mode = QLabel()
        self.mode.setObjectName("noteMode")
        self.add_button = QPushButton()
        self.add_button.setObjectName("addNote")
        self.add_button.clicked.connect(self.save)
        self.correct_button = QPushButton()
        self.correct_button.setObjectName("correctNote")
        self.correct_button.clicked.connect(self.start_correction)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelCorrection")
        self.cancel_button.clicked.connect(self.cancel_correction)
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("notesPdf")
        self.pdf_button.clicked.connect(self.export)
        self.message = message_label("notesMessage")
        self.message.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mode)
        buttons.addStretch(1)
        for button in (self.cancel_button, self.correct_button, self.add_button):
            buttons.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Inspection notes"))
        self.note.setText(
            self.tr(
                "Notes are kept as written: a correction is a new note that names the one it "
                "corrects, and both stay in the list and in the PDF."
            )
        )
        self.add_button.setText(self.tr("Save note"))
        self.correct_button.setText(self.tr("Correct the selected note…"))
        self.cancel_button.setText(self.tr("Cancel the correction"))
        self.pdf_button.setText(self.tr("Save notes as PDF…"))
        self.table.setColumnCount(4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Written"), self.tr("Finding"), self.tr("Status")]
        )
        self.show_notes()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        self.loaded = True
        try:
            self.notes = inspection.inspection_notes(
                self.auth, inspection_id=self.grant.inspection_id
            )
        except ClinicError as exc:
            self.notes = []
            say(self.message, error_text(exc))
        self.show_notes()

    def status_text(self, note: InspectionNoteInfo) -> str:
        parts = []
        if note.supersedes_id is not None:
            parts.append(self.tr("corrects note %1").replace("%1", str(note.supersedes_id)))
        if note.superseded_by is not None:
            parts.append(self.tr("corrected by note %1").replace("%1", str(note.superseded_by)))
        return " · ".join(parts) or self.tr("current")

    def show_notes(self) -> None:
        self.table.setRowCount(len(self.notes))
        for row, note in enumerate(self.notes):
            cells = [
                _cell(str(note.note_id), right=True),
                _cell(f"{note.written_at:%Y-%m-%d %H:%M} {note.written_by}"),
                _cell(note.text),
                _cell(self.status_text(note)),
            ]
            if note.superseded_by is not None:
                for cell in cells:
                    cell.setForeground(Qt.GlobalColor.gray)
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.mode.setText(
            self.tr("Correcting note %1").replace("%1", str(self.correcting))
            if self.correcting is not None
            else ""
        )
        self.update_buttons()

    def selected(self) -> InspectionNoteInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.notes[rows[0].row()] if rows else None

    def update_buttons(self) -> None:
        chosen = self.selected()
        self.correct_button.setEnabled(chosen is not None and chosen.current)
        self.cancel_button.setVisible(self.correcting is not None)
        self.add_button.setEnabled(bool(self.editor.toPlainText().strip()))
        self.pdf_button.setEnabled(self.loaded)

    def start_correction(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self.correcting = chosen.note_id
        self.editor.setPlainText(chosen.text)
        self.editor.setFocus()
        self.show_notes()

    def cancel_correction(self) -> None:
        self.correcting = None
        self.editor.clear()
        self.show_notes()

    def save(self) -> None:
        try:
            saved = inspection.add_inspection_note(
                self.auth,
                inspection_id=self.grant.inspection_id,
                text=self.editor.toPlainText(),
                supersedes=self.correcting,
            )
        except ClinicError as exc:
            say(self.message, error_text(exc))
            return
        self.correcting = None
        self.editor.clear()
        self.reload()
        say(self.message, self.tr("Note %1 saved.").replace("%1", str(saved.note_id)), done=True)

    def export(self) -> None:
        default = Path.home() / f"inspection_{self.grant.inspection_id}_notes.pdf"
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the notes"), str(default), "PDF (*.pdf)"
        )
        if target:
            path = Path(target)
            if path.suffix.lower() != ".pdf":
                path = path.with_name(path.name + ".pdf")
            self.export_to(path)

    def export_to(self, target: Path) -> None:
        try:
            data = inspection.export_inspection_notes(
                self.auth, inspection_id=self.grant.inspection_id, clinic_name=self.clinic_name
            )
            write_private(target, data)
        except (ClinicError, OSError) as exc:
            say(self.message, error_text(exc))
            return
        self.last_export = target
        say(
            self.message,
            self.tr("The notes were saved to %1.").replace("%1", str(target)),
            done=True,
        )


class InspectionPage(QWidget):
    """The inspector's one page: the open inspection (a choice if several), then its tabs."""

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
        self.grants: list[InspectionInfo] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.chooser = QComboBox()
        self.chooser.setObjectName("inspectionChooser")
        self.banner = QLabel()
        self.banner.setObjectName("inspectionBanner")
        self.banner.setWordWrap(True)
        self.purpose = QLabel()
        self.purpose.setObjectName("muted")
        self.purpose.setWordWrap(True)
        self.message = message_label("inspectionMessage")
        self.message.setVisible(False)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("inspectionTabs")
        self.tab_widgets: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.chooser)
        layout.addWidget(self.banner)
        layout.addWidget(self.purpose)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        try:
            self.grants = inspection.my_inspections(auth)
        except ClinicError as exc:
            say(self.message, error_text(exc))
        for grant in self.grants:
            self.chooser.addItem(str(grant.inspection_id), grant.inspection_id)
        self.chooser.setVisible(len(self.grants) > 1)
        self.chooser.currentIndexChanged.connect(self.build_tabs)
        self.build_tabs()
        self.retranslate()

    def current(self) -> InspectionInfo | None:
        index = self.chooser.currentIndex()
        return self.grants[index] if 0 <= index < len(self.grants) else None

    def _make_tab(self, key: str, grant: InspectionInfo) -> QWidget:
        if key == "register":
            return InspectionRegisterView(
                self.auth, grant=grant, clinic_name=self.clinic_name, site_code=self.site_code
            )
        if key == "counts":
            return CountsView(self.auth, grant=grant)
        if key == "reports":
            return InspectionReportsView(self.auth, grant=grant, clinic_name=self.clinic_name)
        if key == "notes":
            return NotesView(self.auth, grant=grant, clinic_name=self.clinic_name)
        raise ValueError(key)

    def build_tabs(self) -> None:
        self.tabs.clear()
        for widget in self.tab_widgets.values():
            widget.deleteLater()
        self.tab_widgets = {}
        grant = self.current()
        self.tabs.setVisible(grant is not None)
        if grant is None:
            return
        for key in TAB_KEYS:
            widget = self._make_tab(key, grant)
            self.tab_widgets[key] = widget
            self.tabs.addTab(widget, "")
        self.retranslate()

    def tab_title(self, key: str) -> str:
        return {
            "register": self.tr("Controlled-drug register"),
            "counts": self.tr("Reconciliations"),
            "reports": self.tr("Reports"),
            "notes": self.tr("Notes"),
        }.get(key, key)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Inspection"))
        for index, key in enumerate(self.tab_widgets):
            self.tabs.setTabText(index, self.tab_title(key))
        for index, each in enumerate(self.grants):
            self.chooser.setItemText(
                index,
                self.tr("Inspection %1 (%2 to %3)")
                .replace("%1", str(each.inspection_id))
                .replace("%2", each.period_from.isoformat())
                .replace("%3", each.period_to.isoformat()),
            )
        grant = self.current()
        if grant is None:
            self.banner.setText("")
            self.purpose.setText("")
            if not self.message.text():
                say(
                    self.message,
                    self.tr(
                        "You have no open inspection. The clinic's administrator grants an "
                        "inspection for a period of records, until a date; ask them to grant "
                        "one. Nothing else can be shown here."
                    ),
                )
            return
        self.banner.setText(
            self.tr("Inspection %1 · %2 · records %3 to %4 · access until %5")
            .replace("%1", str(grant.inspection_id))
            .replace("%2", grant.authority)
            .replace("%3", grant.period_from.isoformat())
            .replace("%4", grant.period_to.isoformat())
            .replace("%5", grant.expires_on.isoformat())
        )
        self.purpose.setText(
            self.tr("Purpose: %1 · granted by %2. Read only: every view is in the audit trail.")
            .replace("%1", grant.purpose)
            .replace("%2", grant.granted_by)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class FindingsDialog(QDialog):
    """The clinic's reading of the inspectors' findings (administrator, pharmacist): choose an
    inspection, read its notes as written (each reading audited)."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.setWindowTitle(self.tr("Inspectors' findings"))
        self.resize(900, 520)
        self.grants: list[InspectionInfo] = []
        self.notes: list[InspectionNoteInfo] = []
        self.chooser = QComboBox()
        self.chooser.setObjectName("findingsChooser")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.message = message_label("findingsMessage")
        self.table = _table("findingsTable")
        self.table.setColumnCount(4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Written"), self.tr("Finding"), self.tr("Status")]
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        try:
            self.grants = inspection.list_inspections(auth)
        except ClinicError as exc:
            say(self.message, error_text(exc))
        for grant in self.grants:
            self.chooser.addItem(
                self.tr("Inspection %1 · %2 · %3 to %4")
                .replace("%1", str(grant.inspection_id))
                .replace("%2", grant.authority)
                .replace("%3", grant.period_from.isoformat())
                .replace("%4", grant.period_to.isoformat()),
                grant.inspection_id,
            )
        if not self.grants:
            say(self.message, self.tr("No inspection has been granted."))
        self.chooser.currentIndexChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        index = self.chooser.currentIndex()
        self.notes = []
        if 0 <= index < len(self.grants):
            grant = self.grants[index]
            self.banner.setText(
                self.tr("Inspector: %1 · purpose: %2 · %3 notes")
                .replace("%1", grant.inspector_name)
                .replace("%2", grant.purpose)
                .replace("%3", str(grant.notes))
            )
            try:
                self.notes = inspection.inspection_findings(
                    self.auth, inspection_id=grant.inspection_id
                )
            except ClinicError as exc:
                say(self.message, error_text(exc))
        self.table.setRowCount(len(self.notes))
        for row, note in enumerate(self.notes):
            status = []
            if note.supersedes_id is not None:
                status.append(self.tr("corrects note %1").replace("%1", str(note.supersedes_id)))
            if note.superseded_by is not None:
                status.append(
                    self.tr("corrected by note %1").replace("%1", str(note.superseded_by))
                )
            cells = [
                _cell(str(note.note_id), right=True),
                _cell(f"{note.written_at:%Y-%m-%d %H:%M} {note.written_by}"),
                _cell(note.text),
                _cell(" · ".join(status) or self.tr("current")),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
