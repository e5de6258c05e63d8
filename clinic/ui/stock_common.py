"""Pieces the stock screens share: quantities with their unit, place and movement names, the
witness sign-in, choosers for places and lots."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from clinic.errors import InvalidInput
from clinic.inventory.catalogue import ProductInfo
from clinic.inventory.ledger import MOVEMENT_KINDS, OUTSIDE_NAMES
from clinic.inventory.stock import PLACE_KINDS, BalanceLine, PlaceInfo
from clinic.numbers import parse_quantity, plain
from clinic.ui.common import setting_label
from clinic.ui.password import password_field
from clinic.wording import plural

UNITS = {"mL": ("mL", "mL", "mL"), "tablet": ("tablet", "tablets", "片")}


def unit_name(unit: str, quantity: Decimal | None = None) -> str:
    """The unit as written after QUANTITY ("1 tablet", "2 tablets", "2 片"); plural without one."""
    one, many, zh = UNITS.get(unit, (unit, unit, unit))
    return setting_label(plural(2 if quantity is None else quantity, one, many), zh)


def quantity_text(quantity: Decimal, unit: str) -> str:
    return f"{plain(quantity)} {unit_name(unit, quantity)}"


def signed_text(quantity: Decimal, unit: str) -> str:
    sign = "+" if quantity > 0 else ""
    return f"{sign}{plain(quantity)} {unit_name(unit, abs(quantity))}"


def place_kind_name(kind: str) -> str:
    en, zh = PLACE_KINDS.get(kind) or OUTSIDE_NAMES.get(kind, (kind, kind))
    return setting_label(en, zh)


def movement_kind_name(kind: str) -> str:
    en, zh = MOVEMENT_KINDS.get(kind, (kind, kind))
    return setting_label(en, zh)


def place_label(place: PlaceInfo) -> str:
    site = f"{place.site_code} · " if place.site_code else ""
    return f"{site}{place.name}"


def typed_quantity(text: str, *, zero_ok: bool = False) -> Decimal | None:
    """The quantity as typed so far, or None while it is not (yet) a valid number."""
    try:
        return parse_quantity(text, "Quantity", "数量", zero_ok=zero_ok)
    except InvalidInput:
        return None


def typed_count(text: str) -> Decimal | None:
    """Like typed_quantity, but a count of nothing (0) is a real count."""
    return typed_quantity(text, zero_ok=True)


class WitnessValues(TypedDict):
    witness: str | None
    witness_password: str | None


class WitnessSignIn(QGroupBox):
    """The second person signs in on the same form: their user name and password."""

    def __init__(self, title: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("witnessSignIn")
        self.setTitle(title or self.tr("Second person (witness) signs"))
        self.username = QLineEdit()
        self.username.setObjectName("witnessUser")
        self.username.setPlaceholderText(self.tr("their user name"))
        self.password = password_field("witnessPassword")
        self.password.setPlaceholderText(self.tr("their password"))
        form = QFormLayout(self)
        form.addRow(self.tr("Witness"), self.username)
        form.addRow(self.tr("Password"), self.password)

    def filled(self) -> bool:
        return bool(self.username.text().strip() and self.password.text())

    def credentials(self) -> WitnessValues:
        return {
            "witness": self.username.text().strip() or None,
            "witness_password": self.password.text() or None,
        }

    def clear_password(self) -> None:
        self.password.clear()

    def field(self, name: str) -> QLineEdit | None:
        """The witness's field a refusal names (witness_user, witness_password), or None."""
        if name == "witness_user" or (name == "witness" and not self.username.text().strip()):
            return self.username
        if name in ("witness_password", "witness"):
            return self.password
        return None


def unit_beside(edit: QWidget, name: str) -> tuple[QWidget, QLabel]:
    """EDIT with its unit label on its right, as one form field."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel()
    label.setObjectName(name)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("tablets (whole)"))
    row.addWidget(edit, 1)
    row.addWidget(label)
    return box, label


def reserve_lines(label: QLabel, lines: int) -> QLabel:
    """Keep room for LINES lines of LABEL's text, so nothing below moves when it appears."""
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * lines + 4)
    return label


def product_combo(name: str, products: Iterable[ProductInfo]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for product in products:
        combo.addItem(product.name, product.product_id)
    return combo


def place_combo(name: str, places: Iterable[PlaceInfo]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    fill_places(combo, places)
    return combo


def fill_places(combo: QComboBox, places: Iterable[PlaceInfo]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for place in places:
        combo.addItem(place_label(place), place.location_id)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def lot_text(line: BalanceLine) -> str:
    text = QCoreApplication.translate("Stock", "lot %1, expires %2, %3 here")
    text = (
        text.replace("%1", line.lot_number)
        .replace("%2", line.expiry_date.isoformat())
        .replace("%3", quantity_text(line.quantity, line.unit))
    )
    if line.expired:
        text += " — " + QCoreApplication.translate("Stock", "EXPIRED")
    return text


def fill_lots(combo: QComboBox, lines: Iterable[BalanceLine], *, usable_only: bool) -> None:
    """One entry per lot held (earliest expiry first); expired lots greyed out when not usable."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for line in sorted(lines, key=lambda x: (x.expiry_date, x.lot_id)):
        combo.addItem(lot_text(line), line.lot_id)
        if usable_only and line.expired:
            item = combo.model().item(combo.count() - 1)  # type: ignore[attr-defined]
            item.setEnabled(False)
    index = combo.findData(current)
    if index < 0 or (usable_only and not combo.model().item(index).isEnabled()):  # type: ignore[attr-defined]
        index = next(
            (
                i
                for i in range(combo.count())
                if not usable_only or combo.model().item(i).isEnabled()  # type: ignore[attr-defined]
            ),
            -1,
        )
    combo.setCurrentIndex(index)
    combo.blockSignals(False)
