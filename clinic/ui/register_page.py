"""The controlled-drug register preview (专用账册): one place, one product, one month, a line per
movement with its running balance; saved as PDF or Excel off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError
from clinic.fileio import write_private
from clinic.inventory import catalogue, register
from clinic.inventory.catalogue import ProductInfo
from clinic.inventory.register import Register, RegisterLine
from clinic.inventory.stock import PlaceInfo
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import CompactComboBox, error_text
from clinic.ui.patient_common import clinic_today, message_label
from clinic.ui.printing import PrintPreview, print_in_background
from clinic.ui.stock_common import fill_places, movement_kind_name, quantity_text
from clinic.ui.worker import Progress, run_in_background
from clinic.wording import plural

FORMATS = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)"}
BALANCE = 6  # the running balance's column, in bold
RIGHT_ALIGNED = frozenset({4, 5, BALANCE})
# Columns sized to the lines on screen and this many more: a month's register has thousands.
SIZED_FROM_LINES = 50
Index = QModelIndex | QPersistentModelIndex
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
FONT = int(Qt.ItemDataRole.FontRole.value)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RegisterModel(QAbstractTableModel):
    """A register's lines as the view asks for them: a month at a busy window is thousands of
    lines, and a cell made for each (a QTableWidgetItem) cost a third of a second to show."""

    def __init__(self, page: RegisterPage) -> None:
        super().__init__(page)
        self.page = page
        self.headers: list[str] = []
        self.lines: list[RegisterLine] = []
        self.unit = ""
        self.texts: dict[int, list[str]] = {}
        self.bold = QFont()
        self.bold.setBold(True)

    def set_headers(self, headers: list[str]) -> None:
        self.beginResetModel()
        self.headers = headers
        self.texts = {}
        self.endResetModel()

    def set_register(self, reg: Register | None) -> None:
        self.beginResetModel()
        self.lines = list(reg.lines) if reg is not None else []
        self.unit = reg.unit if reg is not None else ""
        self.texts = {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> object:
        # Roles compared as plain ints: the view asks each cell for a dozen roles, and an
        # enum comparison costs more than the cell's text.
        role = int(role)
        if role == DISPLAY and index.isValid():
            return self.text(index.row(), index.column())
        if role == ALIGNMENT and index.column() in RIGHT_ALIGNED:
            return RIGHT
        if role == FONT and index.column() == BALANCE:
            return self.bold
        return None

    def text(self, row: int, column: int) -> str:
        """What the cell at ROW, COLUMN shows (a line's texts made once, when first asked)."""
        texts = self.texts.get(row)
        if texts is None:
            texts = self.texts[row] = [self._text(row, c) for c in range(len(self.headers))]
        return texts[column]

    def _text(self, row: int, column: int) -> str:
        line, unit, page = self.lines[row], self.unit, self.page
        if column == 0:
            return line.local_date.isoformat()
        if column == 1:
            return line.voucher
        if column == 2:
            return movement_kind_name(line.kind)
        if column == 3:
            return line.counterpart
        if column == 4:
            return quantity_text(line.receipt, unit) if line.receipt else ""
        if column == 5:
            return quantity_text(line.issue, unit) if line.issue else ""
        if column == BALANCE:
            return quantity_text(line.balance, unit)
        if column == 7:
            return line.lot_number
        if column == 8:
            return line.expiry_date.isoformat()
        if column == 9:
            return line.manufacturer
        if column == 10:
            return line.supplier
        if column == 11:
            return line.quality or ""
        if column == 12:
            return page.acceptance_text(line.acceptance)
        if column == 13:
            return line.done_by
        if column == 14:
            return line.checked_by or ""
        return page.note_text(line, unit)


def register_table(model: RegisterModel) -> QTableView:
    table = QTableView()
    table.setObjectName("registerTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(SIZED_FROM_LINES)
    header.setStretchLastSection(True)
    return table


class RegisterPage(QWidget):
    """Choose place, product and month; read the register; export it."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        clinic_name: str = "",
        site_code: str | None = None,
        parent: QWidget | None = None,
        load_choices: bool = True,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.clinic_name = clinic_name
        self.site_code = site_code
        self.register: Register | None = None
        self.places: list[PlaceInfo] = []
        self.products: list[ProductInfo] = []
        self.last_export: Path | None = None

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.place_label, self.product_label, self.month_label = QLabel(), QLabel(), QLabel()
        self.place = CompactComboBox(24)
        self.place.setObjectName("registerPlace")
        self.product = CompactComboBox(20)
        self.product.setObjectName("registerProduct")
        today = clinic_today(auth)
        self.month = QDateEdit(QDate(today.year, today.month, 1))
        self.month.setObjectName("registerMonth")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setCalendarPopup(True)
        self.month.setMaximumDate(QDate(today.year, today.month, 28))
        self.show_button = QPushButton()
        self.show_button.setObjectName("showRegister")
        self.show_button.clicked.connect(self.reload)
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.print_button = QPushButton()
        self.print_button.setObjectName("printRegister")
        self.print_button.clicked.connect(lambda: self.print_register())
        self.preview: PrintPreview | None = None
        self.xlsx_button = QPushButton()
        self.xlsx_button.setObjectName("exportXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.title = QLabel()
        self.title.setObjectName("registerTitle")
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("registerSummary")
        self.summary.setWordWrap(True)
        self.message = message_label("registerMessage")
        self.message.setVisible(False)
        self.model = RegisterModel(self)
        self.table = register_table(self.model)

        choose = QHBoxLayout()
        for label, widget in (
            (self.place_label, self.place),
            (self.product_label, self.product),
            (self.month_label, self.month),
        ):
            choose.addWidget(label)
            choose.addWidget(widget)
        choose.addWidget(self.show_button)
        choose.addStretch(1)
        # the documents beside the heading: on the choosers' row they passed a 1366-pixel screen
        actions = QHBoxLayout()
        actions.addWidget(self.heading)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.xlsx_button)
        # the pharmacist answers for the register: the authority's findings are read from here
        self.findings_button = QPushButton()
        self.findings_button.setObjectName("inspectionFindings")
        self.findings_button.clicked.connect(self.read_findings)
        self.findings_button.setVisible(allowed(Action.INSPECTION_FINDINGS, auth.actor.roles))
        actions.addWidget(self.findings_button)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(choose)
        layout.addWidget(self.message)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

        if load_choices:  # (a subclass that needs its own state first loads them itself)
            self._load_choices()
        self.retranslate()
        self.place.currentIndexChanged.connect(self.reload_if_shown)
        self.product.currentIndexChanged.connect(self.reload_if_shown)
        self.month.dateChanged.connect(self.reload_if_shown)
        self.loaded = False  # reading a register is audited: only when the page is looked at

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def reload_if_shown(self) -> None:
        if self.isVisible():
            self.reload()

    def read_findings(self) -> None:
        from clinic.ui.inspection_page import FindingsDialog

        FindingsDialog(self.auth, self).exec()

    # --- where the register comes from (the inspection page reads it through its grant) -----

    def fetch_places(self) -> list[PlaceInfo]:
        return register.register_places(self.auth)

    def fetch_busiest(self) -> register.RegisterChoice | None:
        return register.busiest_this_month(self.auth, site_code=self.site_code)

    def fetch_register(self, place: int, product: int, year: int, month: int) -> Register:
        return register.register_month(
            self.auth,
            location_id=place,
            product_id=product,
            year=year,
            month=month,
            clinic_name=self.clinic_name,
        )

    def exporter(
        self, place: int, product: int, year: int, month: int, fmt: str
    ) -> Callable[[Progress], bytes]:
        """The export as a call of plain values, to run off the UI thread with its progress."""
        auth, name = self.auth, self.clinic_name

        def work(progress: Progress) -> bytes:
            return register.export_register(
                auth,
                location_id=place,
                product_id=product,
                year=year,
                month=month,
                clinic_name=name,
                fmt=fmt,
                progress=progress,
            )

        return work

    def _load_choices(self) -> None:
        try:
            places = self.fetch_places()
            self.products = [p for p in catalogue.list_products(self.auth) if p.controlled]
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        here = [p for p in places if p.site_code == self.site_code]
        self.places = here + [p for p in places if p not in here]
        fill_places(self.place, self.places)
        for product in self.products:
            self.product.addItem(product.name, product.product_id)
        try:  # open on what moved this month, not on the first place and product listed
            busiest = self.fetch_busiest()
        except ClinicError:
            busiest = None
        if busiest is not None:
            for combo, wanted in (
                (self.place, busiest.location_id),
                (self.product, busiest.product_id),
            ):
                index = combo.findData(wanted)
                if index >= 0:
                    combo.setCurrentIndex(index)

    # --- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Controlled-drug register"))
        self.place_label.setText(self.tr("Place"))
        self.product_label.setText(self.tr("Product"))
        self.month_label.setText(self.tr("Month"))
        self.show_button.setText(self.tr("Show"))
        self.pdf_button.setText(self.tr("Save as PDF…"))
        self.print_button.setText(self.tr("Print…"))
        self.xlsx_button.setText(self.tr("Save as Excel…"))
        self.findings_button.setText(self.tr("Inspectors' findings…"))
        headers = [
            self.tr("Date"),
            self.tr("Voucher"),
            self.tr("Movement"),
            self.tr("From / to"),
            self.tr("Received"),
            self.tr("Issued"),
            self.tr("Balance"),
            self.tr("Lot"),
            self.tr("Expiry"),
            self.tr("Manufacturer"),
            self.tr("Supplier"),
            self.tr("Quality condition"),
            self.tr("Acceptance"),
            self.tr("Handled by (receiver)"),
            self.tr("Checked by (keeper / recipient)"),
            self.tr("Note"),
        ]
        self.model.set_headers(headers)
        self.show_register()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setProperty("error", "true" if error else "false")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    # --- data -------------------------------------------------------------------------------

    def chosen(self) -> tuple[int, int, int, int] | None:
        place, product = self.place.currentData(), self.product.currentData()
        if place is None or product is None:
            return None
        month = self.month.date()
        return int(place), int(product), month.year(), month.month()

    def reload(self) -> None:
        chosen = self.chosen()
        self.loaded = True
        self.register = None
        self.show_message("")
        if chosen is None:
            self.show_message(self.tr("There is no stock place or product to show yet."))
        else:
            place, product, year, month = chosen
            try:
                self.register = self.fetch_register(place, product, year, month)
            except ClinicError as exc:
                self.show_message(error_text(exc))
        self.show_register()

    def show_register(self) -> None:
        reg = self.register
        self.pdf_button.setEnabled(reg is not None)
        self.print_button.setEnabled(reg is not None)
        self.xlsx_button.setEnabled(reg is not None)
        self.model.set_register(reg)
        if reg is None:
            self.title.setText("")
            self.summary.setText("")
            return
        unit = reg.unit
        product = register.product_title(reg)
        self.title.setText(f"{product} · {reg.site_name} {reg.place_name} · {reg.period_label}")
        self.summary.setText(
            self.tr("Brought forward %1 · received %2 · issued %3 · balance %4 · %5")
            .replace("%1", quantity_text(reg.opening, unit))
            .replace("%2", quantity_text(reg.total_receipts, unit))
            .replace("%3", quantity_text(reg.total_issues, unit))
            .replace("%4", quantity_text(reg.closing, unit))
            .replace("%5", plural(len(reg.lines), self.tr("%n line"), self.tr("%n lines")))
        )

    def acceptance_text(self, acceptance: str | None) -> str:
        if acceptance == "accepted":
            return self.tr("Accepted")
        if acceptance == "accepted_with_exceptions":
            return self.tr("Accepted; shortage or damage recorded")
        return ""

    def note_text(self, line: RegisterLine, unit: str) -> str:
        """A delivery's figures (on the note, short, damaged), then the movement's own note."""
        parts = []
        if line.on_note is not None:
            parts.append(
                self.tr("on the note %1, short %2, damaged %3")
                .replace("%1", quantity_text(line.on_note, unit))
                .replace("%2", quantity_text(line.shortage or Decimal(0), unit))
                .replace("%3", quantity_text(line.damaged or Decimal(0), unit))
            )
        if line.note:
            parts.append(line.note)
        return " · ".join(parts)

    def last_balance(self) -> Decimal | None:
        """The running balance on the last line shown (the brought-forward one if no line)."""
        if self.register is None:
            return None
        return self.register.lines[-1].balance if self.register.lines else self.register.opening

    # --- export -----------------------------------------------------------------------------

    def export(self, fmt: str) -> None:
        chosen = self.chosen()
        if chosen is None or self.register is None:
            return
        default = Path.home() / register.file_name(self.register, fmt)
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the register"), str(default), FORMATS[fmt]
        )
        if target:
            path = Path(target)
            if path.suffix.lower() != f".{fmt}":
                path = path.with_name(path.name + f".{fmt}")
            self.export_to(path, fmt)

    def _work(self, fmt: str) -> Callable[[Progress], bytes] | None:
        """The register's file made in a worker, its progress moving through build and render."""
        chosen = self.chosen()
        if chosen is None:
            return None
        place, product, year, month = chosen
        return self.exporter(place, product, year, month, fmt)

    def print_register(self) -> None:
        """The register's PDF made off the UI thread, then opened in the print preview."""
        work = self._work("pdf")
        if work is None or self.register is None:
            return
        title = register.file_name(self.register, "pdf").removesuffix(".pdf")
        self.print_button.setEnabled(False)

        def shown(preview: PrintPreview) -> None:
            self.preview = preview
            self.show_register()

        def failed(exc: Exception) -> None:
            self.show_register()
            self.show_message(error_text(exc))

        print_in_background(self, title, work, on_shown=shown, on_failed=failed)

    def export_to(self, target: Path, fmt: str) -> None:
        """Render the register off the UI thread, with progress, and write it owner-only."""
        work = self._work(fmt)
        if work is None:
            return
        self.pdf_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.xlsx_button.setEnabled(False)

        def done(data: bytes) -> None:
            self.show_register()
            try:
                write_private(target, data)
            except OSError as exc:
                self.show_message(str(exc))
                return
            self.last_export = target
            self.show_message(
                self.tr("The register was saved to %1.").replace("%1", str(target)), error=False
            )

        def failed(exc: Exception) -> None:
            self.show_register()
            self.show_message(error_text(exc))

        run_in_background(
            self,
            self.tr("Making the register (%1)…").replace("%1", fmt.upper()),
            work,
            on_done=done,
            on_error=failed,
        )
