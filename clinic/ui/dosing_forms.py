"""The dosing window's forms: void with a witness, waste of a part-dose or a spill, a withheld
dose, take-home doses and their labels, bottle returns, a urine screen, a dose exception, a flag.

Each form makes one service call; a refusal is shown in place and nothing is written."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinic.dosing import daylog, flags, screens, window
from clinic.dosing.daylog import LogLine
from clinic.dosing.window import DosePanel
from clinic.numbers import plain
from clinic.patients.records import PatientListItem
from clinic.service import AuthContext
from clinic.ui.common import local_time, setting_label
from clinic.ui.i18n import languages
from clinic.ui.patient_common import (
    clinic_today,
    date_edit,
    from_qdate,
    status_name,
    to_qdate,
)
from clinic.ui.stock_forms import MovementDialog, WasteDialog, _line


class PatientChoiceDialog(QDialog):
    """Several patients match a typed name: the nurse picks one (arrows and Enter)."""

    def __init__(self, hits: list[PatientListItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientChoiceDialog")
        self.setWindowTitle(self.tr("Which patient?"))
        self.hits = hits
        self.choices = QListWidget()
        self.choices.setObjectName("patientChoices")
        for hit in hits:
            item = QListWidgetItem(
                f"{hit.patient_number} · {hit.name} · {hit.sex} · {hit.age} · "
                f"{hit.national_id_masked} · {status_name(hit.status)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, int(hit.patient_id))
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = QLabel(self.tr("Check the photo on the next screen before dosing."))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.choices, 1)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def chosen(self) -> int | None:
        item = self.choices.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


def dose_line_text(line: LogLine, timezone: str) -> str:
    return (
        f"{local_time(line.given_at, timezone)[11:16]} · {line.patient_number} · "
        f"{plain(line.dose_mg)} mg · "
        + (", ".join(a.text(languages.current) for a in line.amounts) or line.units)
    )


class VoidDoseDialog(MovementDialog):
    """Void a wrong entry: the reason and a second person; stock goes back, the line stays."""

    def __init__(
        self, auth: AuthContext, line: LogLine, *, timezone: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(auth, self.tr("Void a dose"), witness=True, parent=parent)
        self.setObjectName("voidDoseDialog")
        self.line = line
        self.set_intro(
            self.tr(
                "The dose stays in the log, struck through, with the reason; its stock goes back "
                "to the window."
            )
        )
        self.dose = QLabel(dose_line_text(line, timezone))
        self.dose.setObjectName("voidedDose")
        self.reason = _line("voidReason", self.tr("e.g. recorded for the wrong patient"))
        self.form.addRow(self.tr("Dose"), self.dose)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.ok_button.setText(self.tr("Void the dose"))

    def submit(self) -> Any:
        values = self.witness_values()
        return window.void_dose(
            self.auth,
            dose_id=self.line.dose_id,
            reason=self.reason.text(),
            witness=values["witness"] or "",
            witness_password=values["witness_password"] or "",
        )


class DoseWasteDialog(WasteDialog):
    """Waste at this window: a part-dose not taken (of the chosen dose) or a spill."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        window_id: int,
        line: LogLine | None,
        timezone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(auth, parent)
        self.setObjectName("doseWasteDialog")
        self.place.setCurrentIndex(max(self.place.findData(window_id), 0))
        self.place.setEnabled(False)
        self.reference = f"dose {line.dose_id}" if line is not None else None
        if line is not None:
            self.set_intro(
                self.tr("Part of this dose was not taken: %1").replace(
                    "%1", dose_line_text(line, timezone)
                )
            )
            self.reason.setText(self.tr("part-dose not taken"))
        else:
            self.set_intro(self.tr("A spill or other loss at this window, not tied to a dose."))

    def submit(self) -> Any:
        from clinic.inventory import stock

        return stock.record_waste(
            self.auth,
            window_id=int(self.place.currentData() or 0),
            lot_id=int(self.lot.currentData() or 0),
            quantity=self.quantity.text(),
            reason=self.reason.text(),
            reference=self.reference,
            **self.witness_values(),
        )


class WithholdDialog(MovementDialog):
    """The intoxication check failed: no dose today in this slot, and that is recorded."""

    REASONS = ("intoxication", "refused_by_patient", "other")

    def __init__(
        self, auth: AuthContext, panel: DosePanel, window_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(auth, self.tr("Withhold the dose"), witness=False, parent=parent)
        self.setObjectName("withholdDialog")
        self.panel, self.window_id = panel, window_id
        self.set_intro(self.tr("No dose is given; the record says why. A physician can see it."))
        self.reason = QComboBox()
        self.reason.setObjectName("withholdReason")
        self.reason.addItem(self.tr("Intoxication check failed"), "intoxication")
        self.reason.addItem(self.tr("The patient refused the dose"), "refused_by_patient")
        self.reason.addItem(self.tr("Other"), "other")
        self.note = _line("withholdNote", self.tr("what you saw (optional)"))
        self.form.addRow(self.tr("Patient"), QLabel(panel.patient_number))
        self.form.addRow(self.tr("Why"), self.reason)
        self.form.addRow(self.tr("Note"), self.note)
        self.ok_button.setText(self.tr("Withhold"))

    def submit(self) -> Any:
        return window.withhold_dose(
            self.auth,
            patient_id=int(self.panel.patient_id),
            window_id=self.window_id,
            reason=str(self.reason.currentData()),
            note=self.note.text() or None,
        )


class TakeHomeDialog(MovementDialog):
    """Dispense N days of take-home doses, then print their bottle labels."""

    def __init__(
        self,
        auth: AuthContext,
        panel: DosePanel,
        window_id: int,
        allowed_days: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(auth, self.tr("Take-home doses"), witness=False, parent=parent)
        self.setObjectName("takeHomeDialog")
        self.panel, self.window_id = panel, window_id
        self.set_intro(
            self.tr(
                "Doses for the days after today, one bottle per dose, each with its label. "
                "Empty bottles come back at the next visit."
            )
        )
        self.days = QSpinBox()
        self.days.setObjectName("takeHomeDays")
        self.days.setRange(1, max(allowed_days, 1))
        self.form.addRow(self.tr("Patient"), QLabel(panel.patient_number))
        self.form.addRow(self.tr("Days"), self.days)
        self.form.addRow(
            "", QLabel(self.tr("at most %1 by the order").replace("%1", str(allowed_days)))
        )
        self.ok_button.setText(self.tr("Dispense"))

    def submit(self) -> Any:
        return window.give_take_home(
            self.auth,
            patient_id=int(self.panel.patient_id),
            window_id=self.window_id,
            days=self.days.value(),
        )


class BottleReturnDialog(MovementDialog):
    """Tick the empty take-home bottles the patient brought back."""

    def __init__(self, auth: AuthContext, panel: DosePanel, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Bottle returns"), witness=False, parent=parent)
        self.setObjectName("bottleReturnDialog")
        self.bottles = QListWidget()
        self.bottles.setObjectName("bottles")
        for bottle in daylog.outstanding_bottles(auth, patient_id=int(panel.patient_id)):
            item = QListWidgetItem(
                self.tr("%1, dose %2: %3 mg")
                .replace("%1", bottle.dosing_date.isoformat())
                .replace("%2", str(bottle.slot))
                .replace("%3", plain(bottle.dose_mg))
            )
            item.setData(Qt.ItemDataRole.UserRole, bottle.dose_id)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.bottles.addItem(item)
        self.form.addRow(self.tr("Patient"), QLabel(panel.patient_number))
        self.form.addRow(self.tr("Returned"), self.bottles)
        self.ok_button.setText(self.tr("Record the returns"))
        if self.bottles.count() == 0:
            self.nothing_to_do(self.tr("No bottle is waiting to come back."))

    def submit(self) -> Any:
        done = []
        for row in range(self.bottles.count()):
            item = self.bottles.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                dose_id = int(item.data(Qt.ItemDataRole.UserRole))
                daylog.return_bottle(self.auth, dose_id=dose_id)
                done.append(dose_id)
        return done


class ScreenDialog(MovementDialog):
    """A urine screen: collection date and one box per substance (ticked = positive)."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        patient_id: int,
        patient_number: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(auth, self.tr("Urine screen"), witness=False, parent=parent)
        self.setObjectName("screenDialog")
        self.patient_id = patient_id
        today = clinic_today(auth)
        self.collected = date_edit("collectedOn", today, latest=today)
        self.random = QCheckBox(self.tr("Random (unannounced) screen"))
        self.random.setObjectName("randomScreen")
        self.random.setChecked(True)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for index, (key, (en, zh)) in enumerate(screens.SUBSTANCES.items()):
            box = QCheckBox(setting_label(en, zh))
            box.setObjectName(f"positive_{key}")
            self.boxes[key] = box
            grid.addWidget(box, index // 2, index % 2)
        holder = QWidget()
        holder.setLayout(grid)
        self.form.addRow(self.tr("Patient"), QLabel(patient_number))
        self.form.addRow(self.tr("Collected on"), self.collected)
        self.form.addRow("", self.random)
        self.form.addRow(self.tr("Positive for"), holder)
        self.form.addRow("", QLabel(self.tr("Leave a box empty for a negative result.")))
        self.ok_button.setText(self.tr("Record the screen"))

    def submit(self) -> Any:
        return screens.record_screen(
            self.auth,
            patient_id=self.patient_id,
            collected_on=from_qdate(self.collected.date()),
            results={key: box.isChecked() for key, box in self.boxes.items()},
            random=self.random.isChecked(),
        )


class ExceptionDoseDialog(MovementDialog):
    """A dose outside the order's slots: a re-dose after vomiting (the physician signs) or a
    replacement for a lost take-home dose (a witness signs); the reason, and whether it is
    charged. The dose gate decides as for any dose."""

    def __init__(
        self, auth: AuthContext, panel: DosePanel, window_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(auth, self.tr("Dose exception"), witness=True, parent=parent)
        self.setObjectName("exceptionDoseDialog")
        self.panel, self.window_id = panel, window_id
        self.set_intro(
            self.tr(
                "A re-dose after vomiting needs the physician's order: the physician signs below. "
                "A replacement for a lost take-home dose needs a witness. The day's exceptions "
                "are listed in the daily log."
            )
        )
        self.kind = QComboBox()
        self.kind.setObjectName("exceptionKind")
        self.kind.addItem(self.tr("Re-dose after vomiting (physician's order)"), "redose")
        self.kind.addItem(self.tr("Replacement for a lost take-home dose"), "replacement")
        self.reason = _line("exceptionReason", self.tr("e.g. vomited 10 minutes after the dose"))
        self.charged = QCheckBox(self.tr("Charge for this dose"))
        self.charged.setObjectName("exceptionCharged")
        self.form.addRow(self.tr("Patient"), QLabel(f"{panel.patient_number}  {panel.name}"))
        self.form.addRow(self.tr("Exception"), self.kind)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.form.addRow("", self.charged)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.ok_button.setText(self.tr("Record the dose"))
        self.reason.setFocus()

    def _kind_changed(self) -> None:
        assert self.witness is not None
        if self.kind.currentData() == "redose":
            self.witness.setTitle(self.tr("The physician who ordered the re-dose signs"))
        else:
            self.witness.setTitle(self.tr("Second person (witness) signs"))

    def submit(self) -> Any:
        values = self.witness_values()
        return window.record_exception_dose(
            self.auth,
            patient_id=int(self.panel.patient_id),
            window_id=self.window_id,
            kind=str(self.kind.currentData()),
            reason=self.reason.text(),
            authoriser=values["witness"] or "",
            authoriser_password=values["witness_password"] or "",
            charged=self.charged.isChecked(),
        )


class FlagDialog(MovementDialog):
    """Tell the window something about a patient: a note, a warning, or stop dose until a
    physician has seen them; from a day, until an expiry if one is given."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        patient_id: int,
        patient_number: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(auth, self.tr("Flag for the window"), witness=False, parent=parent)
        self.setObjectName("flagDialog")
        self.patient_id = patient_id
        today = clinic_today(auth)
        self.level = QComboBox()
        self.level.setObjectName("flagLevel")
        for key, (en, zh) in flags.LEVELS.items():
            self.level.addItem(setting_label(en, zh), key)
        self.text = _line("flagText", self.tr("e.g. appears intoxicated, smells of alcohol"))
        self.starts = date_edit("flagStarts", today)
        self.starts.setMinimumDate(to_qdate(today))
        self.expires = QCheckBox(self.tr("Expires on"))
        self.expires.setObjectName("flagExpires")
        self.expires_on = date_edit("flagExpiresOn", today)
        self.expires_on.setEnabled(False)
        self.expires.toggled.connect(self.expires_on.setEnabled)
        self.form.addRow(self.tr("Patient"), QLabel(patient_number))
        self.form.addRow(self.tr("Level"), self.level)
        self.form.addRow(self.tr("What the window should know"), self.text)
        self.form.addRow(self.tr("From"), self.starts)
        self.form.addRow(self.expires, self.expires_on)
        self.form.addRow(
            "", QLabel(self.tr("A stop-dose flag refuses every dose until a physician clears it."))
        )
        self.ok_button.setText(self.tr("Raise the flag"))
        self.text.setFocus()

    def submit(self) -> Any:
        return flags.raise_flag(
            self.auth,
            patient_id=self.patient_id,
            level=str(self.level.currentData()),
            text=self.text.text(),
            starts_on=from_qdate(self.starts.date()),
            expires_on=from_qdate(self.expires_on.date()) if self.expires.isChecked() else None,
        )
