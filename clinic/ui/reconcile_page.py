"""The reconciliation screen: a window's count sheet, the count typed in, the variance in colour,
the explanation and second signature beyond tolerance, and the variances still waiting."""

from __future__ import annotations

import itertools
from decimal import Decimal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError, NeedsConfirmation
from clinic.inventory import catalogue, reconcile, stock
from clinic.inventory.catalogue import ProductInfo
from clinic.inventory.reconcile import CountResult, CountSheet, DayCounts, PendingVariance
from clinic.inventory.stock import PlaceInfo
from clinic.service import AuthContext
from clinic.ui.common import error_text
from clinic.ui.patient_common import message_label
from clinic.ui.stock_common import (
    WitnessSignIn,
    WitnessValues,
    fill_places,
    quantity_text,
    reserve_lines,
    signed_text,
    typed_count,
    unit_name,
)
from clinic.ui.stock_page import _cell, _table

AMBER = "#9a6700"


def focus_on(widget: QWidget | None) -> None:
    """The cursor to WIDGET (the field a refusal names), its text selected to be typed over."""
    if widget is None:
        return
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        widget.selectAll()


SHEET_ROWS = ("opening", "received", "dispensed", "wasted", "returned", "other", "expected")


def _set_state(label: QLabel, state: str) -> None:
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)


def confirm_day_close(parent: QWidget, asked: NeedsConfirmation) -> int | None:
    """Ask before a day is closed with patients still waiting or inside dosing hours; the
    confirmation names how many wait (None: the user kept the day open)."""
    box, close = day_close_box(parent, asked)
    box.exec()
    if box.clickedButton() is not close:
        return None
    return int(str(asked.details["waiting"]))


def day_close_box(parent: QWidget, asked: NeedsConfirmation) -> tuple[QMessageBox, QAbstractButton]:
    """The question, "Keep it open" the default: Enter typed by habit keeps the day open."""
    box = QMessageBox(parent)
    box.setObjectName("closeDayConfirmation")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QApplication.translate("ReconciliationPage", "Close the day?"))
    box.setText(error_text(asked))
    close = box.addButton(
        QApplication.translate("ReconciliationPage", "Close the day"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    keep = box.addButton(
        QApplication.translate("ReconciliationPage", "Keep it open"),
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(keep)
    return box, close


class SignOffDialog(QDialog):
    """Explain a waiting variance; a second person signs with their password."""

    def __init__(
        self,
        auth: AuthContext,
        pending: PendingVariance,
        summary: str,
        parent: QWidget | None,
        *,
        close_day: bool = True,
    ) -> None:
        super().__init__(parent)
        self.auth, self.pending, self.close_day = auth, pending, close_day
        self.result_value: CountResult | None = None
        self.setObjectName("signOffDialog")
        self.setWindowTitle(self.tr("Sign off a variance"))
        self.setMinimumWidth(520)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.explanation = QPlainTextEdit()
        self.explanation.setObjectName("explanation")
        self.explanation.setFixedHeight(72)
        self.explanation.setTabChangesFocus(True)
        self.witness = WitnessSignIn()
        self.message = reserve_lines(message_label(), 3)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Sign off"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Explanation"), self.explanation)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.witness)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        chain = [self.explanation, self.witness.username, self.witness.password, *buttons.buttons()]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.explanation.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self, confirm_waiting: int | None = None) -> None:
        values = self.witness.credentials()
        try:
            self.result_value = reconcile.sign_off_variance(
                self.auth,
                count_id=self.pending.count_id,
                explanation=self.explanation.toPlainText(),
                witness=values["witness"] or "",
                witness_password=values["witness_password"] or "",
                close_day=self.close_day,
                confirm_waiting=confirm_waiting,
            )
        except NeedsConfirmation as asked:
            confirmed = confirm_day_close(self, asked)
            if confirmed is None:
                self.message.setText(self.tr("Nothing was signed: the day stays open."))
                return
            self.save(confirmed)
            return
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            field = exc.details.get("field")
            target = self.witness.field(field) if isinstance(field, str) else None
            focus_on(self.explanation if field == "explanation" else target)
            return
        self.accept()


class ReconciliationPage(QWidget):
    """Pick a window and a product; count; settle the variance; close the day."""

    def __init__(
        self, auth: AuthContext, *, site_code: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.site_code = site_code
        self.sheet: CountSheet | None = None
        self.last_result: CountResult | None = None
        self.windows: list[PlaceInfo] = []
        self.products: list[ProductInfo] = []
        self.pending: list[PendingVariance] = []

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.window_label = QLabel()
        self.window_choice = QComboBox()
        self.window_choice.setObjectName("countWindow")
        self.product_label = QLabel()
        self.product = QComboBox()
        self.product.setObjectName("countProduct")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refreshSheet")
        self.refresh_button.clicked.connect(self.reload)

        self.sheet_box = QGroupBox()
        self.sheet_box.setObjectName("countSheet")
        grid = QGridLayout(self.sheet_box)
        self.sheet_names: dict[str, QLabel] = {}
        self.sheet_values: dict[str, QLabel] = {}
        for row, key in enumerate(SHEET_ROWS):
            name, value = QLabel(), QLabel()
            value.setObjectName(f"sheet_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if key == "expected":
                name.setObjectName("sheetTotal")
                value.setProperty("total", "true")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.sheet_names[key], self.sheet_values[key] = name, value
        self.tolerance = QLabel()
        self.tolerance.setObjectName("muted")
        self.day_status = QLabel()
        self.day_status.setObjectName("dayStatus")
        self.day_status.setWordWrap(True)
        grid.addWidget(self.tolerance, len(SHEET_ROWS), 0, 1, 2)
        grid.addWidget(self.day_status, len(SHEET_ROWS) + 1, 0, 1, 2)
        grid.setColumnStretch(2, 1)

        self.count_box = QGroupBox()
        self.count_box.setObjectName("countEntry")
        self.counted = QLineEdit()
        self.counted.setObjectName("counted")
        self.counted.setMaximumWidth(160)
        self.counted_unit = QLabel()
        self.variance = reserve_lines(QLabel(), 3)
        self.variance.setObjectName("variance")
        self.variance.setWordWrap(True)
        self.explanation = QPlainTextEdit()
        self.explanation.setObjectName("explanation")
        self.explanation.setFixedHeight(64)
        self.explanation.setTabChangesFocus(True)
        self.witness = WitnessSignIn()
        self.handover_button = QPushButton()
        self.handover_button.setObjectName("handoverCount")
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeDay")
        self.as_found_button = QPushButton()
        self.as_found_button.setObjectName("recordAsFound")
        policy = self.as_found_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the buttons beside it stay where they are
        self.as_found_button.setSizePolicy(policy)
        self.handover_button.clicked.connect(lambda: self.record("handover"))
        self.close_button.clicked.connect(lambda: self.record("day_close"))
        self.as_found_button.clicked.connect(lambda: self.record("day_close", as_found=True))
        self.hint = reserve_lines(QLabel(), 3)
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.message = reserve_lines(message_label("countMessage"), 3)
        counted_row = QHBoxLayout()
        counted_row.addWidget(self.counted)
        counted_row.addWidget(self.counted_unit)
        counted_row.addStretch(1)
        self.count_form = QFormLayout(self.count_box)
        self.counted_name = QLabel()
        self.explanation_name = QLabel()
        self.count_form.addRow(self.counted_name, counted_row)
        self.count_form.addRow("", self.variance)
        self.count_form.addRow(self.explanation_name, self.explanation)
        self.count_form.addRow(self.witness)
        buttons = QHBoxLayout()
        buttons.addWidget(self.handover_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.as_found_button)
        self.count_form.addRow(buttons)
        self.count_form.addRow(self.hint)
        self.count_form.addRow(self.message)

        self.counts_heading = QLabel()
        self.counts_heading.setObjectName("sectionHeading")
        self.counts_table = _table("dayCounts")
        self.counts_table.setFixedHeight(150)
        self.day_counts: DayCounts | None = None

        self.waiting_heading = QLabel()
        self.waiting_heading.setObjectName("sectionHeading")
        self.waiting = _table("waitingVariances")
        self.waiting.setMaximumHeight(170)
        self.sign_off_button = QPushButton()
        self.sign_off_button.setObjectName("signOff")
        self.sign_off_button.clicked.connect(self.sign_off_selected)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.window_label)
        top.addWidget(self.window_choice)
        top.addWidget(self.product_label)
        top.addWidget(self.product)
        top.addWidget(self.refresh_button)
        left = QVBoxLayout()
        left.addWidget(self.sheet_box)
        left.addWidget(self.counts_heading)
        left.addWidget(self.counts_table)
        left.addStretch(1)
        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addWidget(self.count_box, 3)
        waiting_top = QHBoxLayout()
        waiting_top.addWidget(self.waiting_heading)
        waiting_top.addStretch(1)
        waiting_top.addWidget(self.sign_off_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle)
        layout.addLayout(waiting_top)
        layout.addWidget(self.waiting)
        layout.addStretch(1)

        self._load_choices()
        self.retranslate()
        self.window_choice.currentIndexChanged.connect(self.reload)
        self.product.currentIndexChanged.connect(self.reload)
        self.counted.textChanged.connect(self.update_variance)
        self.explanation.textChanged.connect(self.update_buttons)
        self.witness.username.textChanged.connect(self.update_buttons)
        self.witness.password.textChanged.connect(self.update_buttons)
        chain = [
            self.counted,
            self.explanation,
            self.witness.username,
            self.witness.password,
            self.handover_button,
            self.close_button,
            self.as_found_button,
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.reload()

    def _load_choices(self) -> None:
        try:
            places = stock.list_places(self.auth, kinds=("window",))
            self.products = [p for p in catalogue.list_products(self.auth) if p.controlled]
        except ClinicError as exc:
            self.say(error_text(exc), error=True)
            return
        here = [p for p in places if p.site_code == self.site_code]
        self.windows = here + [p for p in places if p not in here]
        fill_places(self.window_choice, self.windows)
        for product in self.products:
            self.product.addItem(product.name, product.product_id)

    # --- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Reconciliation"))
        self.window_label.setText(self.tr("Window"))
        self.product_label.setText(self.tr("Product"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.sheet_box.setTitle(self.tr("Count sheet"))
        names = {
            "opening": self.tr("Opening (end of yesterday)"),
            "received": self.tr("+ Received from the safe"),
            "dispensed": self.tr("− Dispensed"),
            "wasted": self.tr("− Wasted"),
            "returned": self.tr("− Returned to the safe"),
            "other": self.tr("± Other (transfers, corrections)"),
            "expected": self.tr("= Expected"),
        }
        for key, label in self.sheet_names.items():
            label.setText(names[key])
        self.count_box.setTitle(self.tr("Count"))
        self.counted_name.setText(self.tr("Counted"))
        self.explanation_name.setText(self.tr("Explanation"))
        self.explanation.setPlaceholderText(self.tr("needed when the variance is beyond tolerance"))
        self.witness.setTitle(self.tr("Second person signs (beyond tolerance)"))
        self.handover_button.setText(self.tr("Handover count"))
        self.close_button.setText(self.tr("Close day"))
        self.as_found_button.setText(self.tr("Record as found, settle later"))
        self.waiting_heading.setText(self.tr("Variances waiting for sign-off"))
        self.counts_table.setColumnCount(6)
        self.counts_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Count"),
                self.tr("Expected"),
                self.tr("Counted"),
                self.tr("Variance"),
                self.tr("State"),
            ]
        )
        self.sign_off_button.setText(self.tr("Sign off…"))
        self.waiting.setColumnCount(7)
        self.waiting.setHorizontalHeaderLabels(
            [
                self.tr("Day"),
                self.tr("Window"),
                self.tr("Product"),
                self.tr("Count"),
                self.tr("Expected"),
                self.tr("Counted"),
                self.tr("Variance"),
            ]
        )
        self.show_sheet()
        self.show_waiting()
        self.show_day_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", "true" if error else "false")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # --- data -------------------------------------------------------------------------------

    def chosen_product(self) -> ProductInfo | None:
        wanted = self.product.currentData()
        return next((p for p in self.products if p.product_id == wanted), None)

    def reload(self) -> None:
        window, product = self.window_choice.currentData(), self.product.currentData()
        self.sheet = None
        self.day_counts = None
        try:
            if window is not None and product is not None:
                self.sheet = reconcile.count_sheet(
                    self.auth, window_id=int(window), product_id=int(product)
                )
                self.day_counts = reconcile.day_counts(
                    self.auth, window_id=int(window), product_id=int(product)
                )
            self.pending = reconcile.waiting_variances(self.auth)
        except ClinicError as exc:
            self.say(error_text(exc), error=True)
        self.show_sheet()
        self.show_waiting()
        self.show_day_counts()

    def show_sheet(self) -> None:
        sheet = self.sheet
        unit = sheet.unit if sheet else ""
        for key, value in self.sheet_values.items():
            value.setText(quantity_text(getattr(sheet, key), unit) if sheet else "—")
        self.counted_unit.setText(
            self.tr("%1 (whole tablets)").replace("%1", unit_name(unit))
            if unit == "tablet"
            else unit_name(unit)
        )
        if sheet is None:
            self.tolerance.setText("")
            self.day_status.setText(
                self.tr("Choose a dosing window and a product.")
                if self.windows
                else self.tr("There is no dosing window yet.")
            )
            _set_state(self.day_status, "none")
        else:
            self.tolerance.setText(
                self.tr("Business day %1 · tolerance ± %2")
                .replace("%1", sheet.business_date.isoformat())
                .replace("%2", quantity_text(sheet.tolerance, unit))
            )
            if sheet.closed:
                self.day_status.setText(
                    self.tr("Closed: the day %1 is signed and cannot be changed.").replace(
                        "%1", sheet.business_date.isoformat()
                    )
                )
                _set_state(self.day_status, "closed")
            else:
                waiting = sum(
                    1
                    for c in (self.day_counts.counts if self.day_counts else ())
                    if c.state == "waiting"
                )
                self.day_status.setText(
                    self.tr(
                        "Open: %1 waiting for sign-off; the day closes when it is signed."
                    ).replace("%1", self.counts_text(waiting))
                    if waiting
                    else self.tr("Open: count and close the day.")
                )
                _set_state(self.day_status, "waiting" if waiting else "open")
        self.count_box.setEnabled(sheet is not None and not sheet.closed)
        self.update_variance()

    def counted_value(self) -> Decimal | None:
        return typed_count(self.counted.text())

    def beyond_tolerance(self) -> bool:
        counted = self.counted_value()
        return bool(
            self.sheet is not None
            and counted is not None
            and not self.sheet.within_tolerance(counted)
        )

    def update_variance(self) -> None:
        """Counted − expected as it is typed: green within tolerance, red beyond."""
        sheet, counted = self.sheet, self.counted_value()
        if sheet is None or not self.counted.text().strip():
            self.variance.setText("")
            _set_state(self.variance, "none")
        elif counted is None or (sheet.unit == "tablet" and counted != counted.to_integral_value()):
            self.variance.setText(
                self.tr("Type the count in whole tablets.")
                if sheet.unit == "tablet"
                else self.tr("Type the measured volume in mL, e.g. 152.5.")
            )
            _set_state(self.variance, "invalid")
        else:
            variance = sheet.variance(counted)
            within = sheet.within_tolerance(counted)
            text = self.tr("Variance %1").replace("%1", signed_text(variance, sheet.unit))
            text += " — " + (self.tr("within tolerance") if within else self.tr("beyond tolerance"))
            self.variance.setText(text)
            _set_state(self.variance, "within" if within else "beyond")
        self.update_buttons()

    def update_buttons(self) -> None:
        sheet, counted = self.sheet, self.counted_value()
        valid = (
            sheet is not None
            and not sheet.closed
            and counted is not None
            and (sheet.unit != "tablet" or counted == counted.to_integral_value())
        )
        beyond = valid and self.beyond_tolerance()
        signed = bool(self.explanation.toPlainText().strip()) and self.witness.filled()
        self.handover_button.setEnabled(valid and (not beyond or signed))
        self.close_button.setEnabled(valid and (not beyond or signed))
        self.as_found_button.setVisible(beyond)
        self.as_found_button.setEnabled(beyond)
        self.explanation.setEnabled(beyond)
        self.witness.setEnabled(beyond)
        if beyond and not signed:
            self.hint.setText(
                self.tr(
                    "Beyond tolerance: write the explanation and have a second person sign to "
                    "settle it now, or record the count as found; the day cannot close until "
                    "the variance is signed off."
                )
            )
        else:
            self.hint.setText("")

    def record(
        self, kind: str, *, as_found: bool = False, confirm_waiting: int | None = None
    ) -> None:
        if self.sheet is None:
            return
        values: WitnessValues = (
            {"witness": None, "witness_password": None}
            if as_found or not self.beyond_tolerance()
            else self.witness.credentials()
        )
        explanation = (
            None if as_found or not self.beyond_tolerance() else self.explanation.toPlainText()
        )
        try:
            result = reconcile.record_count(
                self.auth,
                window_id=self.sheet.location_id,
                product_id=self.sheet.product_id,
                counted=self.counted.text(),
                kind=kind,
                explanation=explanation,
                confirm_waiting=confirm_waiting,
                **values,
            )
        except NeedsConfirmation as asked:
            confirmed = confirm_day_close(self, asked)
            if confirmed is None:
                self.say(self.tr("Nothing was recorded: the day stays open."))
                return
            self.record(kind, as_found=as_found, confirm_waiting=confirmed)
            return
        except ClinicError as exc:
            self.say(error_text(exc), error=True)
            waiting = exc.details.get("waiting_count_id")
            if isinstance(waiting, int):
                self.offer_waiting(waiting, error_text(exc))
                return
            field = exc.details.get("field")
            target = self.witness.field(field) if isinstance(field, str) else None
            focus_on(
                {"counted": self.counted, "explanation": self.explanation}.get(str(field), target)
            )
            return
        self.last_result = result
        self.counted.clear()
        self.explanation.clear()
        self.witness.username.clear()
        self.witness.clear_password()
        if result.pending:
            text = self.tr(
                "Count recorded as found: variance %1 waits for an explanation and a second "
                "signature."
            ).replace("%1", signed_text(result.variance, result.sheet.unit))
        elif result.day_closed:
            text = self.tr("Day closed. Variance %1.").replace(
                "%1", signed_text(result.variance, result.sheet.unit)
            )
        else:
            text = self.tr("Handover count recorded. Variance %1.").replace(
                "%1", signed_text(result.variance, result.sheet.unit)
            )
        self.reload()
        self.say(text, error=result.pending)

    # --- waiting variances ------------------------------------------------------------------

    def _window_name(self, location_id: int) -> str:
        return next((w.name for w in self.windows if w.location_id == location_id), "?")

    def _product(self, product_id: int) -> ProductInfo | None:
        return next((p for p in self.products if p.product_id == product_id), None)

    def show_waiting(self) -> None:
        self.waiting.setRowCount(len(self.pending))
        for row, item in enumerate(self.pending):
            product = self._product(item.product_id)
            unit = product.unit if product else ""
            kind = self.tr("Day close") if item.kind == "day_close" else self.tr("Handover")
            variance = _cell(signed_text(item.variance, unit), right=True)
            variance.setForeground(Qt.GlobalColor.red)
            cells = [
                _cell(item.business_date.isoformat()),
                _cell(self._window_name(item.location_id)),
                _cell(product.name if product else "?"),
                _cell(kind),
                _cell(quantity_text(item.expected, unit), right=True),
                _cell(quantity_text(item.counted, unit), right=True),
                variance,
            ]
            for column, cell in enumerate(cells):
                cell.setData(Qt.ItemDataRole.UserRole, item.count_id)
                self.waiting.setItem(row, column, cell)
        if self.pending and not self.waiting.selectedItems():
            self.waiting.selectRow(0)
        self.sign_off_button.setEnabled(bool(self.pending))
        self.waiting_heading.setText(
            self.tr("Variances waiting for sign-off (%1)").replace("%1", str(len(self.pending)))
            if self.pending
            else self.tr("No variance is waiting for sign-off.")
        )

    def sign_off_selected(self) -> None:
        row = self.waiting.currentRow()
        if 0 <= row < len(self.pending):
            self.sign_off(self.pending[row].count_id)

    def offer_waiting(self, count_id: int, text: str) -> None:
        """The count was refused over an earlier waiting variance: offer to open that one. Signed
        off from here, it leaves the day open, so the count still typed can close it."""
        box = QMessageBox(self)
        box.setObjectName("waitingVarianceQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Count not recorded"))
        box.setText(text)
        open_it = box.addButton(self.tr("Open that variance"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_it)
        box.exec()
        if box.clickedButton() is open_it:
            self.sign_off(count_id, close_day=False)

    def counts_text(self, n: int) -> str:
        return self.tr("one count") if n == 1 else self.tr("%1 counts").replace("%1", str(n))

    def show_day_counts(self) -> None:
        counts = self.day_counts.counts if self.day_counts else ()
        unit = self.day_counts.unit if self.day_counts else ""
        if self.day_counts is None:
            self.counts_heading.setText(self.tr("Today's counts"))
        else:
            self.counts_heading.setText(
                self.tr("Counts of %1: %2 recorded")
                .replace("%1", self.day_counts.business_date.isoformat())
                .replace("%2", str(len(counts)))
                if counts
                else self.tr("No count recorded on %1 yet.").replace(
                    "%1", self.day_counts.business_date.isoformat()
                )
            )
        self.counts_table.setRowCount(len(counts))
        for row, count in enumerate(counts):
            if count.state == "waiting":
                state = self.tr("Waiting for sign-off")
            elif count.state == "signed_off":
                state = self.tr("Signed off by %1").replace("%1", count.witness or "?")
            else:
                state = self.tr("Settled (within tolerance)")
            if count.closed_the_day:
                state += " · " + self.tr("closed the day")
            cells = [
                _cell(count.recorded_at.strftime("%H:%M")),
                _cell(self.tr("Day close") if count.kind == "day_close" else self.tr("Handover")),
                _cell(quantity_text(count.expected, unit), right=True),
                _cell(quantity_text(count.counted, unit), right=True),
                _cell(signed_text(count.variance, unit), right=True),
                _cell(state),
            ]
            if count.state == "waiting":
                cells[5].setForeground(QColor(AMBER))
            for column, cell in enumerate(cells):
                cell.setData(Qt.ItemDataRole.UserRole, count.count_id)
                self.counts_table.setItem(row, column, cell)
        self.counts_table.resizeColumnsToContents()

    def sign_off(self, count_id: int, *, close_day: bool = True) -> SignOffDialog | None:
        pending = next((p for p in self.pending if p.count_id == count_id), None)
        if pending is None:
            return None
        product = self._product(pending.product_id)
        unit = product.unit if product else ""
        summary = (
            self.tr("%1, %2, %3: expected %4, counted %5, variance %6.")
            .replace("%1", pending.business_date.isoformat())
            .replace("%2", self._window_name(pending.location_id))
            .replace("%3", product.name if product else "?")
            .replace("%4", quantity_text(pending.expected, unit))
            .replace("%5", quantity_text(pending.counted, unit))
            .replace("%6", signed_text(pending.variance, unit))
        )
        dialog = SignOffDialog(self.auth, pending, summary, self, close_day=close_day)
        if dialog.exec() and dialog.result_value is not None:
            result = dialog.result_value
            self.reload()
            if result.day_closed:
                self.say(self.tr("Variance signed off; the day is closed."))
            elif not close_day and self.counted.text().strip():
                self.say(
                    self.tr(
                        "Variance signed off. Your count is still typed: record it again to "
                        "close the day."
                    )
                )
                focus_on(self.close_button if self.close_button.isEnabled() else self.counted)
            else:
                self.say(self.tr("Variance signed off."))
        return dialog
