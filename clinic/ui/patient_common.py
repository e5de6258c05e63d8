"""Pieces the patient screens share: names in the interface language, dates, photos, forms."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt
from PySide6.QtGui import QImage, QImageWriter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from clinic import administration
from clinic.dosing.orders import OrderInfo
from clinic.patients.consent import PURPOSES
from clinic.patients.enrolment import METHODS, Agreement
from clinic.patients.identity import SEXES
from clinic.patients.records import STATUS_NAMES
from clinic.service import AuthContext
from clinic.ui.common import setting_label

PHOTO_SIDE = 600  # pixels: enough to recognise a face at the window, small enough to store


def status_name(status: str) -> str:
    en, zh = STATUS_NAMES.get(status, (status, status))
    return setting_label(en, zh)


def method_name(method: str | None) -> str:
    if method is None:
        return "—"
    en, zh = METHODS.get(method, (method, method))
    return setting_label(en, zh)


def purpose_name(purpose: str) -> str:
    en, zh = PURPOSES.get(purpose, (purpose, purpose))
    return setting_label(en, zh)


def sex_name(sex: str) -> str:
    en, zh = SEXES.get(sex, (sex, sex))
    return setting_label(en.capitalize(), zh)


def pair(message: tuple[str, str]) -> str:
    return setting_label(*message)


def shown(day: date | None) -> str:
    return day.isoformat() if day else "—"


def clinic_today(auth: AuthContext) -> date:
    """Today in the clinic's time zone (the day the services check dates against)."""
    settings = administration.get_settings(auth)
    try:
        zone = ZoneInfo(str(settings.get("clinic_timezone") or "Asia/Shanghai"))
    except (KeyError, ValueError):
        zone = ZoneInfo("Asia/Shanghai")
    return datetime.now(UTC).astimezone(zone).date()


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(name: str, day: date, *, latest: date | None = None) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if latest is not None:
        edit.setMaximumDate(to_qdate(latest))
    return edit


def photo_pixmap(data: bytes | None, width: int, height: int) -> QPixmap | None:
    if not data:
        return None
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return QPixmap.fromImage(image).scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def photo_bytes(image: QImage) -> bytes:
    """IMAGE scaled down to fit PHOTO_SIDE and stored as JPEG (well under the 2 MB limit)."""
    if max(image.width(), image.height()) > PHOTO_SIDE:
        image = image.scaled(
            PHOTO_SIDE,
            PHOTO_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"jpeg"))
    writer.setQuality(88)
    if not writer.write(image.convertToFormat(QImage.Format.Format_RGB32)):
        buffer.close()
        buffer = QBuffer(data)  # no JPEG plugin: PNG is accepted too
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        QImageWriter(buffer, QByteArray(b"png")).write(image)
    buffer.close()
    return bytes(data.data())


def message_label(name: str = "message") -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def say(label: QLabel, text: str, *, done: bool = False) -> None:
    """A message in its colour: green when something was DONE, red when it was refused or
    failed (style.qss reads the "error" property)."""
    label.setProperty("error", "false" if done else "true")
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)


def order_dose_text(order: OrderInfo) -> str:
    if order.kind == "stop" or order.daily_dose_mg is None:
        return "—"
    text = f"{order.daily_dose_mg.normalize():f} mg"
    if order.slots_mg:
        text += " (" + " + ".join(f"{s.normalize():f}" for s in order.slots_mg) + ")"
    return text


class AgreementForm(QWidget):
    """The voluntary-treatment agreement: method, duration, one box per term, signed date."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = QComboBox()
        self.method.setObjectName("method")
        for key in METHODS:
            self.method.addItem(method_name(key), key)
        self.duration = QLineEdit()
        self.duration.setObjectName("duration")
        self.duration.setPlaceholderText(self.tr("e.g. 12 months"))
        self.confidentiality = QCheckBox(self.tr("Confidentiality of the patient's information"))
        self.confidentiality.setObjectName("coversConfidentiality")
        self.rules = QCheckBox(self.tr("The clinic's rules"))
        self.rules.setObjectName("coversClinicRules")
        self.termination = QCheckBox(self.tr("When treatment ends"))
        self.termination.setObjectName("coversTermination")
        self.risks = QCheckBox(self.tr("Expected effect and risks"))
        self.risks.setObjectName("coversRisks")
        self.signed_on = date_edit("agreementSigned", today, latest=today)
        self.terms_label = QLabel(self.tr("The signed agreement states:"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Treatment method"), self.method)
        form.addRow(self.tr("Duration"), self.duration)
        form.addRow(self.terms_label)
        for box in (self.confidentiality, self.rules, self.termination, self.risks):
            form.addRow("", box)
        form.addRow(self.tr("Signed on"), self.signed_on)

    def value(self, scan: bytes | None = None) -> Agreement:
        return Agreement(
            method=str(self.method.currentData()),
            duration=self.duration.text(),
            covers_confidentiality=self.confidentiality.isChecked(),
            covers_clinic_rules=self.rules.isChecked(),
            covers_termination=self.termination.isChecked(),
            covers_effects_and_risks=self.risks.isChecked(),
            signed_on=from_qdate(self.signed_on.date()),
            scan=scan,
        )
