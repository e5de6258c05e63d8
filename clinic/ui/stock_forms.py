"""The stock movement forms: receipt, issue, return, transfers, waste, destruction, loss or theft.

Each form makes one service call with plain values; a refusal is shown in place, in the user's
language, and nothing is written. Forms that need two people carry the witness sign-in."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError
from clinic.inventory import catalogue, open_items, stock
from clinic.inventory.catalogue import ProductInfo
from clinic.inventory.stock import BalanceLine, PlaceInfo
from clinic.service import AuthContext
from clinic.ui.common import error_text
from clinic.ui.patient_common import message_label
from clinic.ui.stock_common import (
    WitnessSignIn,
    WitnessValues,
    fill_lots,
    fill_places,
    place_combo,
    place_kind_name,
    product_combo,
    quantity_text,
    reserve_lines,
    typed_count,
    typed_quantity,
    unit_beside,
    unit_name,
)


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _note(name: str, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(64)
    edit.setTabChangesFocus(True)
    return edit


class MovementDialog(QDialog):
    """A form, its witness sign-in if the rules ask for two people, an in-place message."""

    def __init__(
        self, auth: AuthContext, title: str, *, witness: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.outcome: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.witness = WitnessSignIn() if witness else None
        self.message = reserve_lines(message_label(), 3)
        self.fields: dict[str, QWidget] = {}  # a refusal's field name -> the widget to fix
        self.focus_ordered = False
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.intro = QLabel()
        self.intro.setObjectName("muted")
        self.intro.setWordWrap(True)
        self.intro.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        if self.witness is not None:
            layout.addWidget(self.witness)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def witness_values(self) -> WitnessValues:
        if self.witness is None:
            return {"witness": None, "witness_password": None}
        return self.witness.credentials()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def reading_order(self) -> list[QWidget]:
        """The fields as they are read: the form top to bottom, the witness, then the buttons."""
        order: list[QWidget] = []
        for row in range(self.form.rowCount()):
            for role in (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.SpanningRole):
                item = self.form.itemAt(row, role)
                if item is not None:
                    order += _focusable(item)
        if self.witness is not None:
            order += [self.witness.username, self.witness.password]
        order += [b for b in self.buttons.buttons() if isinstance(b, QWidget)]
        return order

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.focus_ordered:
            self.focus_ordered = True
            chain = self.reading_order()
            for before, after in itertools.pairwise(chain):
                QWidget.setTabOrder(before, after)
            first = next((w for w in chain if w.isEnabled()), None)
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_field(self, name: object) -> None:
        """Put the cursor on the field a refusal names, its text selected to be typed over."""
        widget: QWidget | None = None
        if isinstance(name, str):
            widget = self.fields.get(name)
            if widget is None and self.witness is not None:
                widget = self.witness.field(name)
        if widget is None:
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def submit(self) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        """Submit; a refusal is shown in place, every field kept (the witness's password too),
        and the cursor put on the field at fault."""
        try:
            self.outcome = self.submit()
        except ClinicError as exc:
            self.show_message(error_text(exc))
            self.focus_field(exc.details.get("field"))
            return
        self.accept()

    def nothing_to_do(self, text: str) -> None:
        self.show_message(text)
        self.ok_button.setEnabled(False)


def _focusable(item: QLayoutItem) -> list[QWidget]:
    """The widgets in a form item that take the keyboard focus, left to right."""
    widget = item.widget()
    if widget is not None:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return [widget]
        layout = widget.layout()
        return _focusable(layout) if layout is not None else []
    layout = item.layout()
    if layout is None:
        return []
    found: list[QWidget] = []
    for i in range(layout.count()):
        child = layout.itemAt(i)
        if child is not None:
            found += _focusable(child)
    return found


def _places(auth: AuthContext, *kinds: str) -> list[PlaceInfo]:
    return stock.list_places(auth, kinds=kinds)


def _held(
    lines: list[BalanceLine], location_id: object, product_id: object = None
) -> list[BalanceLine]:
    return [
        line
        for line in lines
        if line.location_id == location_id and (product_id is None or line.product_id == product_id)
    ]


def _products(auth: AuthContext) -> list[ProductInfo]:
    return [p for p in catalogue.list_products(auth) if p.controlled]


class ReceiptDialog(MovementDialog):
    """A delivery into a safe: lot, expiry, maker, supplier, the counts, the quality condition
    and the acceptance conclusion; received by the pharmacist and signed by the safe's keeper.
    Nothing that must be read off the delivery is filled in for the user."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Receive a delivery"), witness=True, parent=parent)
        self.setObjectName("receiptDialog")
        assert self.witness is not None
        self.witness.setTitle(self.tr("Second person signs: the keeper of the safe"))
        self.products = _products(auth)
        self.product = product_combo("product", self.products)
        self.safe = place_combo("safe", _places(auth, "safe"))
        self.lot_number = _line("lotNumber")
        self.expiry = _line("expiry", self.tr("as on the label, e.g. 2027-03-31"))
        self.manufacturer = _line("manufacturer")
        self.supplier = _line("supplier")
        self.delivery_note = _line("deliveryNote", self.tr("the delivery note's number"))
        self.expected = _line("expected", self.tr("as on the delivery note"))
        self.received = _line("received", self.tr("counted, in good condition"))
        self.damaged = _line("damaged", self.tr("none if left empty"))
        self.shortage = reserve_lines(QLabel(), 2)
        self.shortage.setObjectName("shortage")
        self.shortage.setWordWrap(True)
        self.quality = _line("qualityCondition", self.tr("packaging, seals, labels…"))
        self.acceptance = QComboBox()
        self.acceptance.setObjectName("acceptance")
        self.acceptance.addItem(self.tr("— choose —"), None)
        self.acceptance.addItem(self.tr("Accepted"), "accepted")
        self.acceptance.addItem(
            self.tr("Accepted; shortage or damage recorded"), "accepted_with_exceptions"
        )
        self.note = _line("note", self.tr("optional"))
        self.form.addRow(self.tr("Product"), self.product)
        self.form.addRow(self.tr("Into the safe"), self.safe)
        self.form.addRow(self.tr("Lot (batch) number"), self.lot_number)
        self.form.addRow(self.tr("Expiry date"), self.expiry)
        self.form.addRow(self.tr("Manufacturer"), self.manufacturer)
        self.form.addRow(self.tr("Supplier"), self.supplier)
        self.form.addRow(self.tr("Delivery note"), self.delivery_note)
        self.unit_labels: list[QLabel] = []
        for label, edit, name in (
            (self.tr("Quantity on the note"), self.expected, "expectedUnit"),
            (self.tr("Received in good condition"), self.received, "receivedUnit"),
            (self.tr("Damaged"), self.damaged, "damagedUnit"),
        ):
            box, unit = unit_beside(edit, name)
            self.unit_labels.append(unit)
            self.form.addRow(label, box)
        self.form.addRow(self.shortage)
        self.form.addRow(self.tr("Quality condition"), self.quality)
        self.form.addRow(self.tr("Acceptance conclusion"), self.acceptance)
        self.form.addRow(self.tr("Note"), self.note)
        self.fields.update(
            product=self.product,
            lot_number=self.lot_number,
            expiry_date=self.expiry,
            manufacturer=self.manufacturer,
            supplier=self.supplier,
            delivery_note=self.delivery_note,
            expected=self.expected,
            received=self.received,
            damaged=self.damaged,
            quality_condition=self.quality,
            acceptance=self.acceptance,
        )
        self.ok_button.setText(self.tr("Receive"))
        for edit in (self.expected, self.received, self.damaged):
            edit.textChanged.connect(self.update_shortage)
        self.product.currentIndexChanged.connect(self.update_shortage)
        if not self.products:
            self.nothing_to_do(self.tr("There is no controlled product in the catalogue."))
        elif self.safe.count() == 0:
            self.nothing_to_do(self.tr("There is no safe yet: add one first."))
        self.update_shortage()

    def unit(self) -> str:
        wanted = self.product.currentData()
        product = next((p for p in self.products if p.product_id == wanted), None)
        return product.unit if product else ""

    def update_shortage(self) -> None:
        """Expected − received − damaged as it is typed: a shortage is reported, an excess refused."""
        for label in self.unit_labels:
            label.setText(unit_name(self.unit()))
        expected = typed_quantity(self.expected.text())
        received = typed_count(self.received.text())
        damaged = typed_count(self.damaged.text() or "0")
        state, text = "none", ""
        if expected is not None and received is not None and damaged is not None:
            missing = expected - received - damaged
            unit = self.unit()
            if missing > 0:
                state = "short"
                text = self.tr("Shortage: %1 missing against the delivery note.").replace(
                    "%1", quantity_text(missing, unit)
                )
            elif missing < 0:
                state = "over"
                text = self.tr("More counted than the note says (%1 over): recount.").replace(
                    "%1", quantity_text(-missing, unit)
                )
            else:
                state = "ok"
                text = self.tr("No shortage.")
            if damaged > 0 and missing >= 0:
                text += " " + self.tr("%1 damaged go to quarantine.").replace(
                    "%1", quantity_text(damaged, unit)
                )
        self.shortage.setText(text)
        self.shortage.setProperty("state", state)
        self.shortage.style().unpolish(self.shortage)
        self.shortage.style().polish(self.shortage)

    def submit(self) -> stock.ReceiptInfo:
        return stock.receive(
            self.auth,
            product_id=int(self.product.currentData() or 0),
            lot_number=self.lot_number.text(),
            expiry_date=self.expiry.text(),
            manufacturer=self.manufacturer.text(),
            supplier=self.supplier.text(),
            safe_id=int(self.safe.currentData() or 0),
            expected=self.expected.text(),
            received=self.received.text(),
            damaged=self.damaged.text(),
            quality_condition=self.quality.text(),
            acceptance=str(self.acceptance.currentData() or ""),
            delivery_note=self.delivery_note.text() or None,
            note=self.note.text() or None,
            **self.witness_values(),
        )


class IssueDialog(MovementDialog):
    """From a safe to a dosing window at the same site; the earliest expiry first unless picked."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Issue to a dosing window"), witness=True, parent=parent)
        self.setObjectName("issueDialog")
        self.products = _products(auth)
        self.windows = _places(auth, "window")
        self.safes = _places(auth, "safe")
        self.lines = stock.balances(auth)
        self.product = product_combo("product", self.products)
        self.safe = place_combo("safe", self.safes)
        self.window_choice = QComboBox()
        self.window_choice.setObjectName("window")
        self.quantity = _line("quantity")
        quantity_box, self.unit = unit_beside(self.quantity, "quantityUnit")
        self.lot = QComboBox()
        self.lot.setObjectName("lot")
        self.suggestion = reserve_lines(QLabel(), 2)
        self.suggestion.setObjectName("muted")
        self.suggestion.setWordWrap(True)
        assert self.witness is not None
        self.witness.setTitle(self.tr("Second person signs: who takes the stock to the window"))
        self.form.addRow(self.tr("Product"), self.product)
        self.form.addRow(self.tr("From the safe"), self.safe)
        self.form.addRow(self.tr("To the window"), self.window_choice)
        self.form.addRow(self.tr("Quantity"), quantity_box)
        self.form.addRow(self.tr("Lot"), self.lot)
        self.form.addRow("", self.suggestion)
        self.fields.update(quantity=self.quantity, product=self.product, lot=self.lot)
        self.ok_button.setText(self.tr("Issue"))
        self.product.currentIndexChanged.connect(self.refresh)
        self.safe.currentIndexChanged.connect(self.refresh)
        self.quantity.textChanged.connect(self.update_suggestion)
        self.lot.currentIndexChanged.connect(self.update_suggestion)
        self.refresh()

    def held(self) -> list[BalanceLine]:
        return _held(self.lines, self.safe.currentData(), self.product.currentData())

    def refresh(self) -> None:
        safe = self.safe.currentData()
        site = next((p.site_id for p in self.safes if p.location_id == safe), None)
        fill_places(self.window_choice, [w for w in self.windows if w.site_id == site])
        held = self.held()
        self.lot.blockSignals(True)
        self.lot.clear()
        self.lot.addItem(self.tr("Earliest expiry first (suggested)"), None)
        scratch = QComboBox()
        fill_lots(scratch, held, usable_only=True)
        for i in range(scratch.count()):
            self.lot.addItem(scratch.itemText(i), scratch.itemData(i))
            if not scratch.model().item(i).isEnabled():  # type: ignore[attr-defined]
                self.lot.model().item(self.lot.count() - 1).setEnabled(False)  # type: ignore[attr-defined]
        self.lot.blockSignals(False)
        product = next(
            (p for p in self.products if p.product_id == self.product.currentData()), None
        )
        self.unit.setText(unit_name(product.unit) if product else "")
        self.update_suggestion()

    def update_suggestion(self) -> None:
        if not self.held():
            self.suggestion.setText(self.tr("This safe holds none of this product."))
            return
        if self.lot.currentData() is not None:
            self.suggestion.setText(self.tr("You chose the lot; its expiry is checked."))
            return
        typed = self.quantity.text()
        try:  # the core says which lot the issue takes: the form never works it out itself
            lot = stock.lot_to_issue(
                self.auth,
                product_id=int(self.product.currentData() or 0),
                safe_id=int(self.safe.currentData() or 0),
                quantity=typed if typed.strip() else None,
            )
        except ClinicError as exc:
            self.suggestion.setText(error_text(exc))
            return
        self.suggestion.setText(
            self.tr("Lot %1 (expires %2) will be used.")
            .replace("%1", lot.lot_number)
            .replace("%2", lot.expiry_date.isoformat())
        )

    def submit(self) -> Any:
        return stock.issue_to_window(
            self.auth,
            product_id=int(self.product.currentData() or 0),
            safe_id=int(self.safe.currentData() or 0),
            window_id=int(self.window_choice.currentData() or 0),
            quantity=self.quantity.text(),
            lot_id=self.lot.currentData(),
            **self.witness_values(),
        )


class _LotAtPlaceDialog(MovementDialog):
    """A form about one lot held at one place: the place chooser fills the lot chooser."""

    def setup_lot_choice(
        self, places: list[PlaceInfo], place_label: str, *, usable_only: bool = False
    ) -> None:
        self.lines = stock.balances(self.auth)
        self.usable_only = usable_only
        self.place = place_combo("place", places)
        self.lot = QComboBox()
        self.lot.setObjectName("lot")
        self.quantity = _line("quantity")
        quantity_box, self.unit = unit_beside(self.quantity, "quantityUnit")
        self.form.addRow(place_label, self.place)
        self.form.addRow(self.tr("Lot"), self.lot)
        self.form.addRow(self.tr("Quantity"), quantity_box)
        self.fields.update(quantity=self.quantity, lot=self.lot, place=self.place)
        self.place.currentIndexChanged.connect(self.refresh_lots)
        self.lot.currentIndexChanged.connect(self.show_unit)
        self.refresh_lots()

    def held_lines(self) -> list[BalanceLine]:
        return _held(self.lines, self.place.currentData())

    def refresh_lots(self) -> None:
        held = self.held_lines()
        fill_lots(self.lot, held, usable_only=self.usable_only)
        if not held:
            self.show_message(self.tr("Nothing is held here."))
        else:
            self.show_message("")
        self.show_unit()

    def show_unit(self) -> None:
        line = self.chosen_line()
        self.unit.setText(unit_name(line.unit) if line else "")

    def chosen_line(self) -> BalanceLine | None:
        wanted = self.lot.currentData()
        return next((x for x in self.held_lines() if x.lot_id == wanted), None)


class ReturnDialog(_LotAtPlaceDialog):
    """Stock back from a window to its site's safe."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Return to the safe"), witness=True, parent=parent)
        self.setObjectName("returnDialog")
        self.safes = _places(auth, "safe")
        self.windows = _places(auth, "window")
        self.setup_lot_choice(self.windows, self.tr("From the window"))
        self.safe = QComboBox()
        self.safe.setObjectName("safe")
        self.reason = _line("reason", self.tr("e.g. end of the week's stock"))
        self.form.addRow(self.tr("Into the safe"), self.safe)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.ok_button.setText(self.tr("Return"))
        self.place.currentIndexChanged.connect(self.refresh_safes)
        self.refresh_safes()

    def refresh_safes(self) -> None:
        window = next((w for w in self.windows if w.location_id == self.place.currentData()), None)
        fill_places(self.safe, [s for s in self.safes if window and s.site_id == window.site_id])

    def submit(self) -> Any:
        return stock.return_to_safe(
            self.auth,
            lot_id=int(self.lot.currentData() or 0),
            window_id=int(self.place.currentData() or 0),
            safe_id=int(self.safe.currentData() or 0),
            quantity=self.quantity.text(),
            reason=self.reason.text(),
            **self.witness_values(),
        )


class SendTransferDialog(_LotAtPlaceDialog):
    """Stock leaves this site's safe for another site's: in transit until counted there."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(
            auth, self.tr("Send a transfer to another site"), witness=True, parent=parent
        )
        self.setObjectName("sendTransferDialog")
        self.safes = _places(auth, "safe")
        self.setup_lot_choice(self.safes, self.tr("From the safe"), usable_only=True)
        self.target = QComboBox()
        self.target.setObjectName("toSafe")
        self.form.addRow(self.tr("To the safe"), self.target)
        self.ok_button.setText(self.tr("Send"))
        self.place.currentIndexChanged.connect(self.refresh_targets)
        self.refresh_targets()

    def refresh_targets(self) -> None:
        source = next((s for s in self.safes if s.location_id == self.place.currentData()), None)
        others = [s for s in self.safes if source and s.site_id != source.site_id]
        fill_places(self.target, others)
        if source is not None and not others:
            self.show_message(self.tr("There is no safe at another site."))

    def submit(self) -> Any:
        return stock.send_transfer(
            self.auth,
            lot_id=int(self.lot.currentData() or 0),
            from_safe_id=int(self.place.currentData() or 0),
            to_safe_id=int(self.target.currentData() or 0),
            quantity=self.quantity.text(),
            **self.witness_values(),
        )


class ReceiveTransferDialog(MovementDialog):
    """The receiving site counts what arrived; a difference needs a note."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Receive a transfer"), witness=True, parent=parent)
        self.setObjectName("receiveTransferDialog")
        self.items = open_items.transfers_in_transit(auth)
        self.transfer = QComboBox()
        self.transfer.setObjectName("transfer")
        for item in self.items:
            self.transfer.addItem(
                self.tr("No. %1: %2, lot %3, %4 from %5 to %6")
                .replace("%1", str(item.transfer_id))
                .replace("%2", item.product_name)
                .replace("%3", item.lot_number)
                .replace("%4", quantity_text(item.quantity_sent, item.unit))
                .replace("%5", item.from_name)
                .replace("%6", item.to_name),
                item.transfer_id,
            )
        self.counted = _line("counted", self.tr("counted on arrival"))
        counted_box, self.unit = unit_beside(self.counted, "countedUnit")
        self.difference = reserve_lines(QLabel(), 2)
        self.difference.setObjectName("shortage")
        self.difference.setWordWrap(True)
        self.note = _note("note", self.tr("needed when less arrived than was sent"))
        self.form.addRow(self.tr("Transfer"), self.transfer)
        self.form.addRow(self.tr("Counted on arrival"), counted_box)
        self.fields.update(counted=self.counted, quantity=self.counted, note=self.note)
        self.form.addRow("", self.difference)
        self.form.addRow(self.tr("Note"), self.note)
        self.ok_button.setText(self.tr("Receive"))
        self.counted.textChanged.connect(self.update_difference)
        self.transfer.currentIndexChanged.connect(self.update_difference)
        if not self.items:
            self.nothing_to_do(self.tr("No transfer is in transit."))
        self.update_difference()

    def chosen(self) -> open_items.TransitItem | None:
        wanted = self.transfer.currentData()
        return next((i for i in self.items if i.transfer_id == wanted), None)

    def update_difference(self) -> None:
        item = self.chosen()
        self.unit.setText(unit_name(item.unit) if item else "")
        counted = typed_count(self.counted.text())
        state, text = "none", ""
        if item is not None and counted is not None:
            missing = item.quantity_sent - counted
            if missing > 0:
                state = "short"
                text = self.tr("%1 less than was sent: say what happened.").replace(
                    "%1", quantity_text(missing, item.unit)
                )
            elif missing < 0:
                state = "over"
                text = self.tr("More than was sent: recount.")
            else:
                state = "ok"
                text = self.tr("All that was sent arrived.")
        self.difference.setText(text)
        self.difference.setProperty("state", state)
        self.difference.style().unpolish(self.difference)
        self.difference.style().polish(self.difference)
        self.difference.updateGeometry()

    def submit(self) -> Any:
        return stock.receive_transfer(
            self.auth,
            transfer_id=int(self.transfer.currentData() or 0),
            counted=self.counted.text(),
            note=self.note.toPlainText() or None,
            **self.witness_values(),
        )


class WasteDialog(_LotAtPlaceDialog):
    """A spill or a part-dose not taken, at a window, with a witness."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Record waste"), witness=True, parent=parent)
        self.setObjectName("wasteDialog")
        self.setup_lot_choice(_places(auth, "window"), self.tr("At the window"))
        self.reason = _line("reason", self.tr("spill, part-dose not taken…"))
        self.form.addRow(self.tr("What happened"), self.reason)
        self.fields["reason"] = self.reason
        self.ok_button.setText(self.tr("Record waste"))

    def submit(self) -> Any:
        return stock.record_waste(
            self.auth,
            window_id=int(self.place.currentData() or 0),
            lot_id=int(self.lot.currentData() or 0),
            quantity=self.quantity.text(),
            reason=self.reason.text(),
            **self.witness_values(),
        )


class SetAsideDialog(_LotAtPlaceDialog):
    """Expired or damaged stock moved to quarantine, and destruction applied for."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Set aside for destruction"), witness=False, parent=parent)
        self.setObjectName("setAsideDialog")
        self.set_intro(
            self.tr(
                "The stock goes to the site's quarantine shelf and an application for its "
                "destruction is recorded; it is destroyed later, under supervision."
            )
        )
        self.setup_lot_choice(_places(auth, "safe", "window", "quarantine"), self.tr("From"))
        self.reason = _line("reason", self.tr("expired, damaged…"))
        self.form.addRow(self.tr("Reason"), self.reason)
        self.ok_button.setText(self.tr("Set aside and apply"))
        self.lot.currentIndexChanged.connect(self.prefill)
        self.prefill()

    def prefill(self) -> None:
        line = self.chosen_line()
        if line is not None and line.expired and not self.quantity.text():
            self.quantity.setText(format(line.quantity.normalize(), "f"))
            self.reason.setText(
                self.tr("expired on %1").replace("%1", line.expiry_date.isoformat())
            )

    def submit(self) -> Any:
        return stock.set_aside_for_destruction(
            self.auth,
            lot_id=int(self.lot.currentData() or 0),
            location_id=int(self.place.currentData() or 0),
            quantity=self.quantity.text(),
            reason=self.reason.text(),
        )


class DestroyDialog(MovementDialog):
    """Destroyed under supervision: the authority's reference, the supervisor, a witness."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Record a destruction"), witness=True, parent=parent)
        self.setObjectName("destroyDialog")
        self.items = open_items.destructions_awaiting(auth)
        self.application = QComboBox()
        self.application.setObjectName("application")
        for item in self.items:
            self.application.addItem(
                self.tr("No. %1: %2, lot %3, %4 (%5)")
                .replace("%1", str(item.application_id))
                .replace("%2", item.product_name)
                .replace("%3", item.lot_number)
                .replace("%4", quantity_text(item.quantity, item.unit))
                .replace("%5", item.reason),
                item.application_id,
            )
        self.reference = _line("authorityReference", self.tr("the approval's document number"))
        self.supervisor = _line("supervisor", self.tr("name and office of the supervising officer"))
        self.form.addRow(self.tr("Stock awaiting destruction"), self.application)
        self.form.addRow(self.tr("Authority's reference"), self.reference)
        self.form.addRow(self.tr("Supervised by"), self.supervisor)
        self.ok_button.setText(self.tr("Record the destruction"))
        if not self.items:
            self.nothing_to_do(self.tr("No stock is awaiting destruction."))

    def submit(self) -> Any:
        return stock.destroy(
            self.auth,
            application_id=int(self.application.currentData() or 0),
            authority_reference=self.reference.text(),
            supervisor=self.supervisor.text(),
            **self.witness_values(),
        )


class LossDialog(_LotAtPlaceDialog):
    """Loss or theft, recorded at once; the incident report is offered afterwards."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Record a loss or theft"), witness=True, parent=parent)
        self.setObjectName("lossDialog")
        self.set_intro(
            self.tr(
                "Record it at once. Report it to the police, the drug regulator and the health "
                "authority: the incident report can be saved as PDF next."
            )
        )
        self.kind = QComboBox()
        self.kind.setObjectName("incidentKind")
        self.kind.addItem(self.tr("Loss"), "loss")
        self.kind.addItem(self.tr("Theft"), "theft")
        self.form.addRow(self.tr("Incident"), self.kind)
        self.setup_lot_choice(_places(auth, "safe", "window", "quarantine"), self.tr("Where"))
        self.circumstances = _note("circumstances", self.tr("what happened, when, who found it"))
        self.police = _line("policeReference", self.tr("optional: the police report's number"))
        self.form.addRow(self.tr("Circumstances"), self.circumstances)
        self.form.addRow(self.tr("Police reference"), self.police)
        self.ok_button.setText(self.tr("Record the incident"))

    def submit(self) -> stock.IncidentInfo:
        return stock.record_loss(
            self.auth,
            kind=str(self.kind.currentData()),
            location_id=int(self.place.currentData() or 0),
            lot_id=int(self.lot.currentData() or 0),
            quantity=self.quantity.text(),
            circumstances=self.circumstances.toPlainText(),
            police_reference=self.police.text() or None,
            **self.witness_values(),
        )


class AddPlaceDialog(MovementDialog):
    """A safe, a dosing window or a quarantine shelf at one of the clinic's sites."""

    def __init__(
        self, auth: AuthContext, sites: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(auth, self.tr("Add a stock place"), witness=False, parent=parent)
        self.setObjectName("addPlaceDialog")
        self.site = QComboBox()
        self.site.setObjectName("site")
        for code, name in sites:
            self.site.addItem(f"{code} · {name}", code)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in stock.PLACE_KINDS:
            self.kind.addItem(place_kind_name(kind), kind)
        self.name = _line("placeName")
        self.form.addRow(self.tr("Site"), self.site)
        self.form.addRow(self.tr("Kind"), self.kind)
        self.form.addRow(self.tr("Name"), self.name)
        self.ok_button.setText(self.tr("Add"))

    def submit(self) -> Any:
        return stock.add_place(
            self.auth,
            site_code=str(self.site.currentData() or ""),
            kind=str(self.kind.currentData()),
            name=self.name.text(),
        )
