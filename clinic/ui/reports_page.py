"""The Reports page: a list of the reports this user may run on the left, the chosen one on the
right — its parameters, Run, the table(s), Save as PDF / Excel. Each report is a ReportSpec in
REPORTS (register_report adds more): the action that may run it, its parameters and the service
returning its ReportTable(s). The controlled-drug register is one entry, with its own page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    Qt,
    QTime,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
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
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic.analytics import deidentified, mmt_report, reports
from clinic.analytics.table import ReportTable, cell_text
from clinic.errors import ClinicError
from clinic.fileio import write_private
from clinic.patients.outreach import METHODS, OUTCOMES, log_contact_attempt
from clinic.privacy.permissions import Action, Role, allowed
from clinic.service import AuthContext
from clinic.ui.common import CompactComboBox, error_text
from clinic.ui.i18n import languages
from clinic.ui.patient_common import from_qdate, message_label, say, to_qdate
from clinic.ui.printing import PrintPreview, print_in_background
from clinic.ui.worker import Progress, run_in_background

CONTEXT = "Reports"
FORMATS = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)"}
# What a report may ask for, and the keyword arguments each becomes in the service call:
# day -> day; period -> start, end; month -> year, month; site -> site_id (None: all);
# place -> location_id (None: all); within_days -> within_days.
PARAMETERS = ("day", "period", "month", "site", "place", "within_days")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    return text


Run = Callable[..., ReportTable | list[ReportTable]]


@dataclass(frozen=True)
class ReportSpec:
    """One entry of the list: RUN(auth, **parameters) returns its table(s); or WIDGET makes a
    page of its own (the register). Titles are English source text, translated in CONTEXT."""

    key: str
    title: str
    summary: str
    action: Action
    parameters: tuple[str, ...] = ()
    run: Run | None = None
    widget: Callable[[AuthContext, ReportsPage], QWidget] | None = None

    def translated_title(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.title)

    def translated_summary(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.summary)


def _register_widget(auth: AuthContext, page: ReportsPage) -> QWidget:
    from clinic.ui.register_page import RegisterPage

    return RegisterPage(auth, clinic_name=page.clinic_name, site_code=page.site_code)


REPORTS: list[ReportSpec] = [
    ReportSpec(
        "register",
        QT_TRANSLATE_NOOP("Reports", "Controlled-drug register"),
        QT_TRANSLATE_NOOP(
            "Reports", "One place, one product, one month: every movement and its balance."
        ),
        Action.STOCK_REGISTER,
        widget=_register_widget,
    ),
    ReportSpec(
        "worklist",
        QT_TRANSLATE_NOOP("Reports", "Physician's worklist"),
        QT_TRANSLATE_NOOP(
            "Reports",
            "Orders due for review or ending, positive screens awaiting review, and patients "
            "held after missed days.",
        ),
        Action.REPORT_WORKLIST,
        ("day",),
        reports.physician_worklist,
    ),
    ReportSpec(
        "census",
        QT_TRANSLATE_NOOP("Reports", "Patient census"),
        QT_TRANSLATE_NOOP(
            "Reports",
            "Patients by status and site; everyone in care with the order in force and the "
            "last dose.",
        ),
        Action.REPORT_CENSUS,
        ("site",),
        reports.patient_census,
    ),
    ReportSpec(
        "dosing",
        QT_TRANSLATE_NOOP("Reports", "Dosing by nurse and window"),
        QT_TRANSLATE_NOOP(
            "Reports",
            "Doses, total mg and quantity per product, take-home doses and voided doses, per "
            "nurse and window.",
        ),
        Action.REPORT_DOSING,
        ("period", "site"),
        reports.dosing_by_nurse,
    ),
    ReportSpec(
        "missed",
        QT_TRANSLATE_NOOP("Reports", "Missed doses"),
        QT_TRANSLATE_NOOP(
            "Reports",
            "Patients who missed 1, 2, 3 or more days in a row, and what the missed-day rule "
            "requires.",
        ),
        Action.REPORT_MISSED,
        ("day",),
        reports.missed_doses,
    ),
    ReportSpec(
        "screens",
        QT_TRANSLATE_NOOP("Reports", "Urine screens due"),
        QT_TRANSLATE_NOOP(
            "Reports", "Patients in treatment whose last urine screen is older than allowed."
        ),
        Action.REPORT_SCREENS,
        ("day",),
        reports.screens_due_report,
    ),
    ReportSpec(
        "outreach",
        QT_TRANSLATE_NOOP("Reports", "Outreach"),
        QT_TRANSLATE_NOOP(
            "Reports",
            "Patients absent long enough that their dose is held, with the contact attempts "
            "logged.",
        ),
        Action.REPORT_OUTREACH,
        ("day",),
        reports.outreach_report,
    ),
    ReportSpec(
        "stock_expiry",
        QT_TRANSLATE_NOOP("Reports", "Stock expiry"),
        QT_TRANSLATE_NOOP(
            "Reports", "Lots with a balance that have expired or expire within the days given."
        ),
        Action.REPORT_STOCK_EXPIRY,
        ("day", "within_days", "place"),
        reports.stock_expiry,
    ),
    ReportSpec(
        "mmt_month",
        QT_TRANSLATE_NOOP("Reports", "MMT monthly work report"),
        QT_TRANSLATE_NOOP(
            "Reports",
            "The month's figures the national MMT data system asks of a clinic, per site and in "
            "total (docs/mmt-work-report.md).",
        ),
        Action.STATISTICS_READ,
        ("month",),
        lambda auth, *, year, month: mmt_report.mmt_work_report(auth, month=date(year, month, 1)),
    ),
    ReportSpec(
        "statistics",
        QT_TRANSLATE_NOOP("Reports", "De-identified statistics"),
        QT_TRANSLATE_NOOP(
            "Reports",
            "Monthly counts by site for an authority, small counts withheld (*) so that no "
            "patient can be singled out; releasing them records the recipient and purpose.",
        ),
        Action.STATISTICS_READ,
        ("month",),
        lambda auth, *, year, month: deidentified.deidentified_statistics(
            auth, month=date(year, month, 1)
        ),
    ),
]


def register_report(spec: ReportSpec) -> None:
    """Add a report to the page (the lead's wiring for reports built elsewhere)."""
    unknown = set(spec.parameters) - set(PARAMETERS)
    if unknown:
        raise ValueError(f"{spec.key}: unknown parameters {sorted(unknown)}")
    REPORTS[:] = [s for s in REPORTS if s.key != spec.key] + [spec]


def reports_for(roles: frozenset[Role]) -> list[ReportSpec]:
    return [spec for spec in REPORTS if allowed(spec.action, roles)]


def report_roles() -> frozenset[Role]:
    """Who sees the Reports page: whoever may run at least one report."""
    from clinic.privacy.permissions import PERMISSIONS

    return frozenset().union(*(PERMISSIONS[spec.action] for spec in REPORTS))


def _zh() -> bool:
    return languages.current == "zh_CN"


class ReportTableModel(QAbstractTableModel):
    """A ReportTable in a view: headings in the interface language, totals as a bold last row."""

    def __init__(self, table: ReportTable) -> None:
        super().__init__()
        self.table = table
        self.rows = list(table.rows) + ([table.totals] if table.totals is not None else [])

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # type: ignore[override]
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # type: ignore[override]
        return 0 if parent is not None and parent.isValid() else len(self.table.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # type: ignore[override]
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = self.table.columns[index.column()].numeric or isinstance(value, int | Decimal)
            if numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_totals(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        column = self.table.columns[section]
        return column.zh if _zh() else column.en

    def is_totals(self, row: int) -> bool:
        return self.table.totals is not None and row == len(self.rows) - 1

    def text(self, row: int, key: str) -> str:
        return cell_text(self.rows[row][self.table.column(key)])


def table_title(table: ReportTable) -> str:
    return table.title_zh if _zh() else table.title_en


class ContactAttemptDialog(QDialog):
    """Log one try to reach a patient: how, what came of it, a note."""

    def __init__(
        self,
        auth: AuthContext,
        patient_id: int,
        patient_number: str,
        parent: QWidget | None,
        *,
        timezone: str = "Asia/Shanghai",
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.patient_id = patient_id
        self.zone = ZoneInfo(timezone)
        self.setObjectName("contactAttemptDialog")
        self.setWindowTitle(self.tr("Log a contact attempt"))
        self.patient = QLabel(patient_number)
        self.patient.setObjectName("contactPatient")
        self.method = QComboBox()
        self.method.setObjectName("contactMethod")
        self.outcome = QComboBox()
        self.outcome.setObjectName("contactOutcome")
        for combo, names in ((self.method, METHODS), (self.outcome, OUTCOMES)):
            for code, (en, zh) in names.items():
                combo.addItem(zh if _zh() else en, code)
        # the clinic's local time, whatever this computer's zone
        here = datetime.now(self.zone)
        self.when = QDateTimeEdit(
            QDateTime(QDate(here.year, here.month, here.day), QTime(here.hour, here.minute))
        )
        self.opened_at = self.when.dateTime().toPython()
        self.when.setObjectName("contactWhen")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.note = QLineEdit()
        self.note.setObjectName("contactNote")
        self.note.setMaxLength(500)
        self.message = message_label("contactMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Patient"), self.patient)
        form.addRow(self.tr("How"), self.method)
        form.addRow(self.tr("Outcome"), self.outcome)
        form.addRow(self.tr("When"), self.when)
        form.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        when = self.when.dateTime().toPython()
        assert isinstance(when, datetime)
        # left as it opened: "now" by the clinic's clock, not this computer's
        attempted_at = None if when == self.opened_at else when.replace(tzinfo=self.zone)
        try:
            log_contact_attempt(
                self.auth,
                patient_id=self.patient_id,
                method=str(self.method.currentData()),
                outcome=str(self.outcome.currentData()),
                note=self.note.text() or None,
                attempted_at=attempted_at,
            )
        except ClinicError as exc:
            say(self.message, error_text(exc))
            return
        self.accept()


class ReportsPage(QWidget):
    """Choose a report, set its parameters, run it, read it, save it."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        clinic_name: str = "",
        site_code: str | None = None,
        specs: list[ReportSpec] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.clinic_name = clinic_name
        self.site_code = site_code
        self.specs = reports_for(auth.actor.roles) if specs is None else specs
        self.spec: ReportSpec | None = None
        self.tables: list[ReportTable] | None = None
        self.ran_for: str | None = None
        self.ran_with: dict[str, object] = {}  # the arguments the tables shown were made with
        self.last_export: Path | None = None
        self.widgets: dict[str, QWidget] = {}
        try:
            self.choices = reports.report_choices(auth)
        except ClinicError:
            self.choices = reports.ReportChoices((), (), datetime.now(UTC).date(), "UTC")
        today = self.choices.today

        self.listing = QListWidget()
        self.listing.setObjectName("reportList")
        for spec in self.specs:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.listing.addItem(item)

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.summary = QLabel()
        self.summary.setObjectName("reportSummary")
        self.summary.setWordWrap(True)
        self.day_label, self.from_label, self.to_label = QLabel(), QLabel(), QLabel()
        self.month_label, self.site_label, self.place_label = QLabel(), QLabel(), QLabel()
        self.within_label = QLabel()
        self.day = self._date("reportDay", today)
        self.start = self._date("reportStart", today.replace(day=1))
        self.end = self._date("reportEnd", today)
        self.month = QDateEdit(to_qdate(today.replace(day=1)))
        self.month.setObjectName("reportMonth")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setCalendarPopup(True)
        self.site = CompactComboBox(20)
        self.site.setObjectName("reportSite")
        self.site.addItem("", None)
        for choice in self.choices.sites:
            self.site.addItem(choice.name, choice.choice_id)
        self.place = CompactComboBox(24)
        self.place.setObjectName("reportPlace")
        self.place.addItem("", None)
        for choice in self.choices.places:
            self.place.addItem(choice.name, choice.choice_id)
        self.within = QSpinBox()
        self.within.setObjectName("reportWithinDays")
        self.within.setRange(0, 3650)
        self.within.setValue(90)
        self.inputs: dict[str, list[QWidget]] = {
            "day": [self.day_label, self.day],
            "period": [self.from_label, self.start, self.to_label, self.end],
            "month": [self.month_label, self.month],
            "site": [self.site_label, self.site],
            "place": [self.place_label, self.place],
            "within_days": [self.within_label, self.within],
        }
        self.run_button = QPushButton()
        self.run_button.setObjectName("runReport")
        self.run_button.clicked.connect(self.run)
        self.contact_button = QPushButton()
        self.contact_button.setObjectName("logContact")
        self.contact_button.clicked.connect(self.log_contact)
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("reportPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton()
        self.xlsx_button.setObjectName("reportXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.print_button = QPushButton()
        self.print_button.setObjectName("reportPrint")
        self.print_button.clicked.connect(self.print_report)
        self.release_button = QPushButton()
        self.release_button.setObjectName("releaseStatistics")
        self.release_button.clicked.connect(self.release_statistics)
        self.message = message_label("reportMessage")
        self.message.setVisible(False)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportTabs")
        self.tabs.currentChanged.connect(self._show_notes)
        self.notes = QLabel()
        self.notes.setObjectName("reportNotes")
        self.notes.setWordWrap(True)

        self.parameters_row = QHBoxLayout()
        for widgets in self.inputs.values():
            for widget in widgets:
                self.parameters_row.addWidget(widget)
                widget.setVisible(False)  # the chosen report's only: all of them pass 1366 px
        self.parameters_row.addWidget(self.run_button)
        self.parameters_row.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.contact_button)
        actions.addWidget(self.release_button)
        actions.addStretch(1)
        self.save_row = actions
        actions.addWidget(self.print_button)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.xlsx_button)
        panel = QWidget()
        panel.setObjectName("reportPanel")
        right = QVBoxLayout(panel)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.summary)
        right.addLayout(self.parameters_row)
        right.addLayout(actions)
        right.addWidget(self.message)
        right.addWidget(self.tabs, 1)
        right.addWidget(self.notes)
        self.stack = QStackedWidget()
        self.stack.addWidget(panel)
        self.panel = panel
        splitter = QSplitter()
        splitter.addWidget(self.listing)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.listing.currentRowChanged.connect(self._chosen)
        self.retranslate()
        if self.specs:
            self.listing.setCurrentRow(0)

    def _date(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(to_qdate(day))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # --- choosing -------------------------------------------------------------------------

    def choose(self, key: str) -> None:
        for row, spec in enumerate(self.specs):
            if spec.key == key:
                self.listing.setCurrentRow(row)
                return
        raise KeyError(key)

    def register_page(self) -> QWidget:
        """The register's own page (choosing it in the list)."""
        self.choose("register")
        return self.widgets["register"]

    def _chosen(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            return
        spec = self.specs[row]
        self.spec = spec
        if spec.widget is not None:
            if spec.key not in self.widgets:
                widget = spec.widget(self.auth, self)
                self.widgets[spec.key] = widget
                self.stack.addWidget(widget)
            self.stack.setCurrentWidget(self.widgets[spec.key])
            return
        self.stack.setCurrentWidget(self.panel)
        for name, widgets in self.inputs.items():
            for widget in widgets:
                widget.setVisible(name in spec.parameters)
        self.contact_button.setVisible(
            spec.key == "outreach" and allowed(Action.OUTREACH_LOG, self.auth.actor.roles)
        )
        self.release_button.setVisible(
            spec.key == "statistics" and allowed(Action.STATISTICS_RELEASE, self.auth.actor.roles)
        )
        self.tables = None
        self.ran_for = None
        self.tabs.clear()
        self.notes.clear()
        self.message.setVisible(False)
        self._enable()
        self._texts()

    def _enable(self) -> None:
        has = bool(self.tables)
        self.pdf_button.setEnabled(has)
        self.print_button.setEnabled(has)
        self.xlsx_button.setEnabled(has)
        self.contact_button.setEnabled(has and self._outreach_row() is not None)

    # --- running --------------------------------------------------------------------------

    def arguments(self) -> dict[str, object]:
        assert self.spec is not None
        wanted = self.spec.parameters
        kwargs: dict[str, object] = {}
        if "day" in wanted:
            kwargs["day"] = from_qdate(self.day.date())
        if "period" in wanted:
            kwargs["start"] = from_qdate(self.start.date())
            kwargs["end"] = from_qdate(self.end.date())
        if "month" in wanted:
            kwargs["year"] = self.month.date().year()
            kwargs["month"] = self.month.date().month()
        if "site" in wanted:
            kwargs["site_id"] = self.site.currentData()
        if "place" in wanted:
            kwargs["location_id"] = self.place.currentData()
        if "within_days" in wanted:
            kwargs["within_days"] = self.within.value()
        return kwargs

    def run(self) -> None:
        """Run the chosen report off the UI thread; a progress dialog if it takes a while."""
        spec = self.spec
        if spec is None or spec.run is None:
            return
        runner, auth, kwargs = spec.run, self.auth, self.arguments()
        self.run_button.setEnabled(False)
        self.message.setVisible(False)

        def work(progress: Progress) -> list[ReportTable]:
            progress(0, 1)
            result = runner(auth, **kwargs)
            progress(1, 1)
            return result if isinstance(result, list) else [result]

        def done(tables: list[ReportTable]) -> None:
            self.run_button.setEnabled(True)
            if self.spec is not spec:
                return  # another report was chosen meanwhile
            self.show_tables(tables)
            self.ran_for = spec.key
            self.ran_with = kwargs

        def failed(exc: Exception) -> None:
            self.run_button.setEnabled(True)
            self.show_message(error_text(exc))

        run_in_background(self, self.tr("Making the report…"), work, on_done=done, on_error=failed)

    def show_tables(self, tables: list[ReportTable]) -> None:
        self.tables = tables
        self.tabs.clear()
        for table in tables:
            view = QTableView()
            view.setObjectName(f"reportTable_{table.key}")
            view.setModel(ReportTableModel(table))
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setAlternatingRowColors(True)
            view.verticalHeader().setVisible(False)
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(True)
            view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
            self.tabs.addTab(view, self._tab_title(table))
        self._show_notes()
        self._enable()

    def _tab_title(self, table: ReportTable) -> str:
        return f"{table_title(table)} ({len(table.rows)})"

    def view(self, index: int = 0) -> QTableView:
        widget = self.tabs.widget(index)
        assert isinstance(widget, QTableView)
        return widget

    def model(self, index: int = 0) -> ReportTableModel:
        model = self.view(index).model()
        assert isinstance(model, ReportTableModel)
        return model

    def _show_notes(self, *_: object) -> None:
        index = self.tabs.currentIndex()
        if self.tables is None or not 0 <= index < len(self.tables):
            self.notes.clear()
            return
        table = self.tables[index]
        parts = [p for p in (table.subtitle, *table.notes) if p]
        self.notes.setText("\n".join(parts))

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setVisible(True)
        say(self.message, text, done=not error)

    # --- outreach -------------------------------------------------------------------------

    def _outreach_row(self) -> tuple[int, str] | None:
        """The patient of the row chosen in the outreach table: (id, patient number)."""
        if self.ran_for != "outreach" or not self.tables or self.tabs.count() == 0:
            return None
        rows = self.view(0).selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        ids = reports.table_patients(self.tables[0])
        if row >= len(ids):
            return None
        return ids[row], self.model(0).text(row, "number")

    def contact_dialog(self) -> ContactAttemptDialog | None:
        chosen = self._outreach_row()
        if chosen is None:
            return None
        return ContactAttemptDialog(
            self.auth, chosen[0], chosen[1], self, timezone=self.choices.timezone
        )

    def log_contact(self) -> None:
        dialog = self.contact_dialog()
        if dialog is not None and dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_message(self.tr("The contact attempt was logged."), error=False)
            self.run()

    # --- saving ---------------------------------------------------------------------------

    def renderer(self, fmt: str) -> Callable[[], bytes]:
        """The tables shown as a file, made off the UI thread: the audit event of the saving
        names the patients in them."""
        auth, tables = self.auth, list(self.tables or [])
        return lambda: reports.save_report(auth, tables=tables, fmt=fmt)

    def print_report(self) -> None:
        """The report shown, as its PDF (recorded as it leaves the screen, like a save), in the
        print preview; made off the UI thread."""
        if not self.tables:
            return
        tables, render = list(self.tables), self.renderer("pdf")
        self.print_button.setEnabled(False)

        def work(progress: Progress) -> bytes:
            progress(0, 1)
            return render()

        def shown(preview: PrintPreview) -> None:
            self.preview = preview
            self._enable()

        def failed(exc: Exception) -> None:
            self._enable()
            say(self.message, error_text(exc))

        print_in_background(self, tables[0].file_stem(), work, on_shown=shown, on_failed=failed)

    def release_statistics(self) -> None:
        """The release dialog: recipient, purpose, formats; what leaves is logged there."""
        from clinic.ui.statistics_dialog import StatisticsDialog

        dialog = StatisticsDialog(self.auth, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.release_dialog = dialog
        dialog.open()

    def export(self, fmt: str) -> None:
        if not self.tables:
            return
        default = Path.home() / f"{self.tables[0].file_stem()}.{fmt}"
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report"), str(default), FORMATS[fmt]
        )
        if target:
            path = Path(target)
            if path.suffix.lower() != f".{fmt}":
                path = path.with_name(path.name + f".{fmt}")
            self.export_to(path, fmt)

    def export_to(self, target: Path, fmt: str) -> None:
        """Render the report off the UI thread and write it owner-only."""
        if not self.tables:
            return
        render = self.renderer(fmt)
        self.pdf_button.setEnabled(False)
        self.xlsx_button.setEnabled(False)

        def work(progress: Progress) -> bytes:
            progress(0, 1)
            data = render()
            progress(1, 1)
            return data

        def done(data: bytes) -> None:
            self._enable()
            try:
                write_private(target, data)
            except OSError as exc:
                self.show_message(str(exc))
                return
            self.last_export = target
            self.show_message(
                self.tr("The report was saved to %1.").replace("%1", str(target)), error=False
            )

        def failed(exc: Exception) -> None:
            self._enable()
            self.show_message(error_text(exc))

        run_in_background(
            self,
            self.tr("Saving the report (%1)…").replace("%1", fmt.upper()),
            work,
            on_done=done,
            on_error=failed,
        )

    # --- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        for row, spec in enumerate(self.specs):
            item = self.listing.item(row)
            if item is not None:
                item.setText(spec.translated_title())
        self.day_label.setText(self.tr("Date"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        self.month_label.setText(self.tr("Month"))
        self.site_label.setText(self.tr("Site"))
        self.place_label.setText(self.tr("Place"))
        self.within_label.setText(self.tr("Expiring within (days)"))
        self.site.setItemText(0, self.tr("All sites"))
        self.place.setItemText(0, self.tr("All places"))
        self.run_button.setText(self.tr("Run"))
        self.contact_button.setText(self.tr("Log a contact attempt…"))
        self.print_button.setText(self.tr("Print…"))
        self.release_button.setText(self.tr("Release to an authority…"))
        self.pdf_button.setText(self.tr("Save as PDF…"))
        self.xlsx_button.setText(self.tr("Save as Excel…"))
        self._texts()

    def _texts(self) -> None:
        if self.spec is not None:
            self.heading.setText(self.spec.translated_title())
            self.summary.setText(self.spec.translated_summary())
        if self.tables:
            for index, table in enumerate(self.tables):
                self.tabs.setTabText(index, self._tab_title(table))
            for index in range(self.tabs.count()):
                self.model(index).headerDataChanged.emit(
                    Qt.Orientation.Horizontal, 0, len(self.tables[index].columns) - 1
                )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
