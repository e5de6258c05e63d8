"""Small pieces every screen uses: error boxes, role names, local settings, time display."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QMessageBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from clinic.errors import ClinicError
from clinic.privacy.permissions import ROLE_NAMES, Role
from clinic.ui.i18n import languages

ORGANISATION = "clinic"
APPLICATION = "clinic-desktop"


def ui_settings() -> QSettings:
    """This workstation's interface preferences (window geometry, language, site)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def error_text(exc: BaseException) -> str:
    """What to tell the person at the screen about EXC, in the interface language."""
    if isinstance(exc, ClinicError):
        return exc.message(languages.current)
    return QCoreApplication.translate(
        "Errors", "Something went wrong that the program did not expect: %1"
    ).replace("%1", f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    if not isinstance(exc, ClinicError):
        traceback.print_exception(exc)
    QMessageBox.warning(
        parent, title or QCoreApplication.translate("Errors", "Not done"), error_text(exc)
    )


def role_name(role: Role) -> str:
    en, zh = ROLE_NAMES[role]
    return zh if languages.current == "zh_CN" else en


def role_names(roles: frozenset[Role] | set[Role]) -> str:
    separator = "、" if languages.current == "zh_CN" else ", "
    return separator.join(role_name(r) for r in sorted(roles))


def local_time(moment: datetime, timezone: str) -> str:
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        zone = None
    shown = moment.astimezone(zone) if zone else moment.astimezone()
    return shown.strftime("%Y-%m-%d %H:%M:%S")


def setting_label(en: str, zh: str) -> str:
    return zh if languages.current == "zh_CN" else en


@dataclass(frozen=True)
class Tone:
    """One meaning's colours: its text, the background of its box, the box's border."""

    text: str
    background: str
    border: str


# One meaning per colour across the whole app, the dosing window included (style.qss and the
# dosing page's style use these values): green done, amber warning, red refused or failed.
DONE = Tone("#0b6b2b", "#e6f4ea", "#34a853")
WARNING = Tone("#6b4500", "#fff4d6", "#e0a800")
REFUSED = Tone("#a00016", "#fde7e9", "#c8102e")
TONES = {"done": DONE, "warning": WARNING, "refused": REFUSED}


def set_tone(widget: QWidget, tone: str) -> None:
    """Colour WIDGET by what it says: "done", "warning", "refused" ("" for none); style.qss
    reads the "tone" property."""
    widget.setProperty("tone", tone)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class CompactComboBox(QComboBox):
    """A combo box about CHARS characters wide whatever its items (a place's or a product's
    name runs to 40), so a row of choosers fits a 1366-pixel screen: the chosen item elided in
    the box and whole in its tooltip, the list opened as wide as its longest item."""

    def __init__(self, chars: int = 18, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(chars)

    def showPopup(self) -> None:
        view = self.view()
        scrollbar = view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + scrollbar)
        super().showPopup()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self.setToolTip(self.currentText())
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, max(field.width() - 2, 0)
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
