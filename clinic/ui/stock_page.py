"""The stock overview: balances by place and lot (expired in red, expiring soon marked), totals
per product, what is in transit or awaiting destruction, and the movement forms the role allows."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic import administration
from clinic.errors import ClinicError
from clinic.fileio import write_private
from clinic.inventory import open_items, stock
from clinic.inventory.stock import BalanceLine
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import error_text, show_error
from clinic.ui.patient_common import message_label
from clinic.ui.printing import print_in_background
from clinic.ui.stock_common import place_kind_name, quantity_text
from clinic.ui.stock_forms import (
    AddPlaceDialog,
    DestroyDialog,
    IssueDialog,
    LossDialog,
    MovementDialog,
    ReceiptDialog,
    ReceiveTransferDialog,
    ReturnDialog,
    SendTransferDialog,
    SetAsideDialog,
    WasteDialog,
)
from clinic.ui.worker import run_in_background
from clinic.wording import plural

EXPIRED = QColor("#fde0e0")
EXPIRED_TEXT = QColor("#b00020")
EXPIRING = QColor("#fff3cd")
TOTAL_KINDS = ("safe", "window", "quarantine", "transit")


def _cell(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class StockPage(QWidget):
    """Balances at every place the user may see, and the actions their role allows."""

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
        self.lines: list[BalanceLine] = []
        self.last_incident_file: Path | None = None
        roles = auth.actor.roles

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.site_label = QLabel()
        self.site_filter = QComboBox()
        self.site_filter.setObjectName("siteFilter")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refreshStock")
        self.refresh_button.clicked.connect(self.reload)

        def button(name: str, action: Action, dialog: type[MovementDialog]) -> QPushButton:
            widget = QPushButton()
            widget.setObjectName(name)
            widget.setVisible(allowed(action, roles))
            widget.clicked.connect(lambda: self.open_form(dialog))
            return widget

        self.receive_button = button("receiveStock", Action.STOCK_RECEIVE, ReceiptDialog)
        self.issue_button = button("issueStock", Action.STOCK_MOVE, IssueDialog)
        self.return_button = button("returnStock", Action.STOCK_MOVE, ReturnDialog)
        self.send_button = button("sendTransfer", Action.STOCK_MOVE, SendTransferDialog)
        self.arrive_button = button("receiveTransfer", Action.STOCK_MOVE, ReceiveTransferDialog)
        self.waste_button = button("recordWaste", Action.STOCK_WASTE, WasteDialog)
        self.set_aside_button = button("setAside", Action.STOCK_DESTROY, SetAsideDialog)
        self.destroy_button = button("destroyStock", Action.STOCK_DESTROY, DestroyDialog)
        self.loss_button = button("recordLoss", Action.STOCK_LOSS, LossDialog)
        self.place_button = QPushButton()
        self.place_button.setObjectName("addPlace")
        self.place_button.setVisible(allowed(Action.LOCATION_MANAGE, roles))
        self.place_button.clicked.connect(self.add_place)

        self.message = message_label("stockMessage")
        self.message.setVisible(False)
        self.table = _table("balanceTable")
        self.totals = _table("totalsTable")
        self.totals_heading = QLabel()
        self.totals_heading.setObjectName("sectionHeading")
        self.open_items = QLabel()
        self.open_items.setObjectName("openItems")
        self.open_items.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setObjectName("muted")

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.site_label)
        top.addWidget(self.site_filter)
        top.addWidget(self.refresh_button)
        movements = QHBoxLayout()
        for widget in (
            self.receive_button,
            self.issue_button,
            self.return_button,
            self.send_button,
            self.arrive_button,
        ):
            movements.addWidget(widget)
        movements.addStretch(1)
        movements.addWidget(self.place_button)
        problems = QHBoxLayout()
        for widget in (
            self.waste_button,
            self.set_aside_button,
            self.destroy_button,
            self.loss_button,
        ):
            problems.addWidget(widget)
        problems.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.totals_heading)
        lower_layout.addWidget(self.totals, 1)
        lower_layout.addWidget(self.open_items)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(movements)
        layout.addLayout(problems)
        layout.addWidget(self.message)
        layout.addWidget(self.legend)
        layout.addWidget(splitter, 1)

        self.sites = self._load_sites()
        self.retranslate()
        self.site_filter.currentIndexChanged.connect(self.reload)
        self.reload()

    def _load_sites(self) -> list[tuple[str, str]]:
        try:
            return [(s.code, s.name) for s in administration.list_sites(self.auth) if s.active]
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return []

    # --- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Stock"))
        self.site_label.setText(self.tr("Site"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.receive_button.setText(self.tr("Receive a delivery…"))
        self.issue_button.setText(self.tr("Issue to a window…"))
        self.return_button.setText(self.tr("Return to the safe…"))
        self.send_button.setText(self.tr("Send a transfer…"))
        self.arrive_button.setText(self.tr("Receive a transfer…"))
        self.waste_button.setText(self.tr("Waste…"))
        self.set_aside_button.setText(self.tr("Set aside for destruction…"))
        self.destroy_button.setText(self.tr("Destruction…"))
        self.loss_button.setText(self.tr("Loss or theft…"))
        self.place_button.setText(self.tr("Add a place…"))
        self.totals_heading.setText(self.tr("Totals by product"))
        self.legend.setText(
            self.tr(
                "Red: expired, never issued or dispensed. Yellow: expires within the warning period."
            )
        )
        current = self.site_filter.currentData()
        self.site_filter.blockSignals(True)
        self.site_filter.clear()
        self.site_filter.addItem(self.tr("All sites"), None)
        for code, name in self.sites:
            self.site_filter.addItem(f"{code} · {name}", code)
        index = self.site_filter.findData(current)
        self.site_filter.setCurrentIndex(max(index, 0))
        self.site_filter.blockSignals(False)
        self.table.setColumnCount(8)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Site"),
                self.tr("Place"),
                self.tr("Kind"),
                self.tr("Product"),
                self.tr("Lot"),
                self.tr("Expiry"),
                self.tr("Quantity"),
                self.tr("Note"),
            ]
        )
        self.totals.setColumnCount(6)
        self.totals.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                place_kind_name("safe"),
                place_kind_name("window"),
                place_kind_name("quarantine"),
                place_kind_name("transit"),
                self.tr("Total"),
            ]
        )
        if self.lines:
            self.show_lines(self.lines)

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

    def reload(self) -> None:
        try:
            lines = stock.balances(self.auth, site_code=self.site_filter.currentData())
            transit = open_items.transfers_in_transit(self.auth)
            awaiting = open_items.destructions_awaiting(self.auth)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self.show_lines(lines)
        parts = []
        if transit:
            parts.append(
                plural(
                    len(transit),
                    self.tr("%n transfer in transit"),
                    self.tr("%n transfers in transit"),
                )
            )
        if awaiting:
            parts.append(
                plural(
                    len(awaiting),
                    self.tr("%n lot awaiting destruction"),
                    self.tr("%n lots awaiting destruction"),
                )
            )
        self.open_items.setText(" · ".join(parts))
        self.open_items.setVisible(bool(parts))

    def show_lines(self, lines: list[BalanceLine]) -> None:
        self.lines = lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            note = ""
            if line.location_kind == "quarantine":
                note = self.tr("Awaiting destruction")
            elif line.expired:
                note = self.tr("Expired: set aside for destruction")
            elif line.expiring_soon:
                note = self.tr("Expires soon")
            cells = [
                _cell(line.site_code or "—"),
                _cell(line.location_name),
                _cell(place_kind_name(line.location_kind)),
                _cell(line.product_name),
                _cell(line.lot_number),
                _cell(line.expiry_date.isoformat()),
                _cell(quantity_text(line.quantity, line.unit), right=True),
                _cell(note),
            ]
            for column, item in enumerate(cells):
                if line.expired:
                    item.setBackground(QBrush(EXPIRED))
                    item.setForeground(QBrush(EXPIRED_TEXT))
                elif line.expiring_soon:
                    item.setBackground(QBrush(EXPIRING))
                item.setData(Qt.ItemDataRole.UserRole, line.lot_id)
                self.table.setItem(row, column, item)
        self._show_totals(lines)

    def _show_totals(self, lines: list[BalanceLine]) -> None:
        sums: dict[tuple[int, str, str], dict[str, Decimal]] = defaultdict(
            lambda: defaultdict(Decimal)
        )
        for line in lines:
            sums[(line.product_id, line.product_name, line.unit)][line.location_kind] += (
                line.quantity
            )
        self.totals.setRowCount(len(sums))
        for row, ((_, name, unit), by_kind) in enumerate(sorted(sums.items())):
            self.totals.setItem(row, 0, _cell(name))
            for column, kind in enumerate(TOTAL_KINDS, start=1):
                amount = by_kind.get(kind, Decimal(0))
                self.totals.setItem(
                    row, column, _cell(quantity_text(amount, unit) if amount else "—", right=True)
                )
            total = _cell(quantity_text(sum(by_kind.values(), Decimal(0)), unit), right=True)
            font = total.font()
            font.setBold(True)
            total.setFont(font)
            self.totals.setItem(row, len(TOTAL_KINDS) + 1, total)
        rows = sum(self.totals.rowHeight(r) for r in range(self.totals.rowCount()))
        self.totals.setFixedHeight(
            self.totals.horizontalHeader().height() + rows + 2 * self.totals.frameWidth() + 2
        )

    def total_for(self, product_id: int, location_id: int | None = None) -> Decimal:
        """What the overview shows for PRODUCT (at LOCATION): the sum of its lines."""
        return sum(
            (
                line.quantity
                for line in self.lines
                if line.product_id == product_id
                and (location_id is None or line.location_id == location_id)
            ),
            Decimal(0),
        )

    # --- actions ----------------------------------------------------------------------------

    def open_form(self, kind: type[MovementDialog]) -> MovementDialog | None:
        try:
            dialog = kind(self.auth, parent=self)  # type: ignore[call-arg]
        except ClinicError as exc:
            show_error(self, exc)
            return None
        if dialog.exec():
            self.reload()
            self.after(dialog)
        return dialog

    def after(self, dialog: MovementDialog) -> None:
        outcome = dialog.outcome
        voucher = getattr(outcome, "voucher", None)
        if voucher is None and getattr(outcome, "movement", None) is not None:
            voucher = outcome.movement.voucher
        self.show_message(
            self.tr("Recorded: voucher %1.").replace("%1", voucher)
            if voucher
            else self.tr("Recorded."),
            error=False,
        )
        if isinstance(outcome, stock.IncidentInfo):
            self.offer_incident_report(outcome)

    def add_place(self) -> None:
        dialog = AddPlaceDialog(self.auth, self.sites, parent=self)
        if dialog.exec():
            self.reload()
            self.show_message(
                self.tr("Place %1 added.").replace("%1", dialog.outcome.name), error=False
            )

    def offer_incident_report(self, incident: stock.IncidentInfo) -> QMessageBox:
        """Print the report for the authorities, or save it as PDF, now (or later)."""
        box = QMessageBox(self)
        box.setObjectName("incidentReportOffer")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Incident report"))
        box.setText(
            self.tr(
                "The %1 is recorded (voucher %2). Print or save the incident report for the "
                "police, the drug regulator and the health authority now?"
            )
            .replace("%1", self.tr("theft") if incident.kind == "theft" else self.tr("loss"))
            .replace("%2", incident.voucher)
        )
        print_button = box.addButton(self.tr("Print…"), QMessageBox.ButtonRole.AcceptRole)
        print_button.setObjectName("incidentPrint")
        save_button = box.addButton(self.tr("Save as PDF…"), QMessageBox.ButtonRole.ActionRole)
        save_button.setObjectName("incidentSave")
        box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(print_button)

        def chosen_button(button: object) -> None:
            if button is print_button:
                self.print_incident_report(incident.incident_id)
            elif button is save_button:
                self.choose_incident_target(incident)

        box.buttonClicked.connect(chosen_button)
        box.open()
        return box

    def print_incident_report(self, incident_id: int) -> None:
        """The incident report made off the UI thread, then opened in the print preview."""
        auth, name = self.auth, self.clinic_name
        print_in_background(
            self,
            self.tr("Incident report"),
            lambda progress: stock.incident_report_pdf(
                auth, incident_id=incident_id, clinic_name=name
            ),
            on_failed=lambda exc: show_error(self, exc),
        )

    def choose_incident_target(self, incident: stock.IncidentInfo) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the incident report"),
            str(Path.home() / f"incident-{incident.incident_id}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if chosen:
            self.save_incident_report(incident.incident_id, Path(chosen))

    def save_incident_report(self, incident_id: int, target: Path) -> None:
        """Render the incident report off the UI thread and write it owner-only to TARGET."""
        auth, name = self.auth, self.clinic_name

        def done(pdf: bytes) -> None:
            try:
                write_private(target, pdf)
            except OSError as exc:
                show_error(self, exc)
                return
            self.last_incident_file = target
            self.show_message(
                self.tr("The incident report was saved to %1.").replace("%1", str(target)),
                error=False,
            )

        run_in_background(
            self,
            self.tr("Making the incident report…"),
            lambda progress: stock.incident_report_pdf(
                auth, incident_id=incident_id, clinic_name=name
            ),
            on_done=done,
            on_error=lambda exc: show_error(self, exc),
        )
