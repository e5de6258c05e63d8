"""Guest dosing on the patient record: a physician's guest order (another site of this clinic or
another clinic, for set dates), its early end, the other clinic's last dose and its void. The dose
gate does the rest.

Each form makes one service call; a refusal is shown in place and nothing is written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QRadioButton,
    QWidget,
)

from clinic.dosing import guest
from clinic.dosing.guest import GuestInfo, ReturnInfo
from clinic.errors import ClinicError
from clinic.service import AuthContext
from clinic.ui.common import error_text
from clinic.ui.consent_forms import _date_edit
from clinic.ui.patient_common import clinic_today, from_qdate
from clinic.ui.stock_forms import MovementDialog, _line


def _qdate(day: Any) -> QDate:
    return QDate(day.year, day.month, day.day)


class GuestOrderDialog(MovementDialog):
    """Where the patient doses for a while, and from when to when: the home site's order is
    suspended for exactly those dates, and no other place may dose on them."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        patient_id: int,
        patient_number: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(auth, self.tr("Guest dosing"), witness=False, parent=parent)
        self.setObjectName("guestOrderDialog")
        self.patient_id = patient_id
        today = clinic_today(auth)
        self.set_intro(
            self.tr(
                "Patient %1 doses at the place below on these dates, and nowhere else: not at "
                "the patient's own site. The dose order in force applies there."
            ).replace("%1", patient_number)
        )
        self.at_site = QRadioButton(self.tr("Another site of this clinic"))
        self.at_site.setObjectName("guestAtSite")
        self.at_clinic = QRadioButton(self.tr("Another clinic"))
        self.at_clinic.setObjectName("guestAtClinic")
        kinds = QButtonGroup(self)
        kinds.addButton(self.at_site)
        kinds.addButton(self.at_clinic)
        self.site = QComboBox()
        self.site.setObjectName("guestSite")
        try:
            for site_id, name in guest.guest_sites(auth, patient_id=patient_id):
                self.site.addItem(name, int(site_id))
        except ClinicError as exc:
            self.show_message(error_text(exc))
        self.clinic = _line("guestClinic", self.tr("e.g. 海淀区美沙酮维持治疗门诊"))
        self.starts = _date_edit("guestStarts", _qdate(today))
        self.ends = _date_edit("guestEnds", _qdate(today + timedelta(days=6)))
        self.note = _line("guestNote", self.tr("e.g. visiting family; the receiving clinic agreed"))
        site_row = QHBoxLayout()
        site_row.addWidget(self.at_site)
        site_row.addWidget(self.site, 1)
        clinic_row = QHBoxLayout()
        clinic_row.addWidget(self.at_clinic)
        clinic_row.addWidget(self.clinic, 1)
        self.at_site.toggled.connect(self._kind_changed)
        has_sites = self.site.count() > 0
        self.at_site.setEnabled(has_sites)
        (self.at_site if has_sites else self.at_clinic).setChecked(True)
        self._kind_changed()
        self.form.addRow(self.tr("Doses at"), site_row)
        self.form.addRow("", clinic_row)
        self.form.addRow(self.tr("First guest day"), self.starts)
        self.form.addRow(self.tr("Last guest day"), self.ends)
        self.form.addRow(self.tr("Note"), self.note)
        self.fields = {"starts_on": self.starts, "ends_on": self.ends, "other_clinic": self.clinic}
        self.ok_button.setText(self.tr("Order guest dosing"))

    def _kind_changed(self) -> None:
        on_site = self.at_site.isChecked()
        self.site.setEnabled(on_site)
        self.clinic.setEnabled(not on_site)

    def submit(self) -> Any:
        on_site = self.at_site.isChecked()
        return guest.order_guest_dosing(
            self.auth,
            patient_id=self.patient_id,
            starts_on=from_qdate(self.starts.date()),
            ends_on=from_qdate(self.ends.date()),
            site_id=self.site.currentData() if on_site else None,
            other_clinic=None if on_site else self.clinic.text(),
            note=self.note.text() or None,
        )


class EndGuestDialog(MovementDialog):
    """The patient comes back early: home dosing from a day on, with why."""

    def __init__(self, auth: AuthContext, given: GuestInfo, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("End guest dosing early"), witness=False, parent=parent)
        self.setObjectName("endGuestDialog")
        self.given = given
        today = clinic_today(auth)
        self.set_intro(
            self.tr("Guest dosing at %1 from %2 to %3. The order stays on the record.")
            .replace("%1", given.place)
            .replace("%2", given.starts_on.isoformat())
            .replace("%3", given.last_day.isoformat())
        )
        self.home_from = _date_edit("guestHomeFrom", _qdate(max(today, given.starts_on)))
        self.reason = _line("guestEndReason", self.tr("e.g. came back early"))
        self.form.addRow(self.tr("Doses at home again from"), self.home_from)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.fields = {"home_from": self.home_from, "reason": self.reason}
        self.ok_button.setText(self.tr("End guest dosing"))

    def submit(self) -> Any:
        return guest.end_guest_dosing(
            self.auth,
            guest_id=self.given.guest_id,
            home_from=from_qdate(self.home_from.date()),
            reason=self.reason.text(),
        )


class GuestReturnDialog(MovementDialog):
    """Back from another clinic: the last day it dosed the patient, from its confirmation. The
    missed-day rule counts from that day, so the days away are not missed days."""

    def __init__(self, auth: AuthContext, given: GuestInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            auth, self.tr("Last dose at the other clinic"), witness=False, parent=parent
        )
        self.setObjectName("guestReturnDialog")
        self.given = given
        today = clinic_today(auth)
        self.set_intro(
            self.tr(
                "Guest dosing at %1 from %2 to %3. Record the last day that clinic confirms it "
                "dosed the patient: missed days are counted from it. It cannot be changed later."
            )
            .replace("%1", given.place)
            .replace("%2", given.starts_on.isoformat())
            .replace("%3", given.last_day.isoformat())
        )
        self.last_dose = _date_edit("guestLastDose", _qdate(min(today, given.last_day)))
        self.reference = _line(
            "guestReturnReference", self.tr("e.g. letter number, or whom you spoke to")
        )
        self.note = _line("guestReturnNote", self.tr("e.g. confirmed by phone"))
        self.form.addRow(self.tr("Last dose there"), self.last_dose)
        self.form.addRow(self.tr("Confirmation"), self.reference)
        self.form.addRow(self.tr("Note"), self.note)
        self.fields = {
            "last_dose_on": self.last_dose,
            "reference": self.reference,
            "note": self.note,
        }
        self.ok_button.setText(self.tr("Record last dose"))

    def submit(self) -> Any:
        return guest.record_guest_return(
            self.auth,
            guest_id=self.given.guest_id,
            last_dose_on=from_qdate(self.last_dose.date()),
            reference=self.reference.text(),
            note=self.note.text() or None,
        )


class VoidGuestReturnDialog(MovementDialog):
    """A last dose at another clinic recorded wrong: voided with a reason (the row stays on the
    record), and the right one recorded in the same act if it is known."""

    def __init__(
        self,
        auth: AuthContext,
        given: ReturnInfo,
        period: GuestInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(auth, self.tr("Void the last dose there"), witness=False, parent=parent)
        self.setObjectName("voidGuestReturnDialog")
        self.given = given
        today = clinic_today(auth)
        self.set_intro(
            self.tr(
                "Last dose at %1 recorded as %2 (confirmation: %3) by %4. Voiding keeps it on the "
                "record, but missed days are no longer counted from it."
            )
            .replace("%1", given.place)
            .replace("%2", given.last_dose_on.isoformat())
            .replace("%3", given.reference)
            .replace("%4", given.recorded_by)
        )
        self.reason = _line("guestVoidReason", self.tr("e.g. the other clinic corrected its date"))
        self.replace = QCheckBox(self.tr("Record the right last dose there"))
        self.replace.setObjectName("guestVoidReplace")
        self.last_dose = _date_edit("guestVoidLastDose", _qdate(min(today, period.last_day)))
        self.reference = _line(
            "guestVoidReference", self.tr("e.g. letter number, or whom you spoke to")
        )
        self.note = _line("guestVoidNote", self.tr("e.g. corrected by letter"))
        self.form.addRow(self.tr("Reason for voiding"), self.reason)
        self.form.addRow("", self.replace)
        self.form.addRow(self.tr("Right last dose there"), self.last_dose)
        self.form.addRow(self.tr("Confirmation"), self.reference)
        self.form.addRow(self.tr("Note"), self.note)
        self.replace.toggled.connect(self._replace_changed)
        self._replace_changed()
        self.fields = {
            "reason": self.reason,
            "last_dose_on": self.last_dose,
            "reference": self.reference,
            "note": self.note,
        }
        self.ok_button.setText(self.tr("Void"))

    def _replace_changed(self) -> None:
        on = self.replace.isChecked()
        for widget in (self.last_dose, self.reference, self.note):
            widget.setEnabled(on)

    def submit(self) -> Any:
        right = self.replace.isChecked()
        return guest.void_guest_return(
            self.auth,
            guest_id=self.given.guest_id,
            return_id=self.given.return_id,
            reason=self.reason.text(),
            last_dose_on=from_qdate(self.last_dose.date()) if right else None,
            reference=self.reference.text() if right else None,
            note=(self.note.text() or None) if right else None,
        )
