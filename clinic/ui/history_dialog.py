"""The patient's dose and urine-screen history, from the record: a period, two tables; for a
physician, the HIV, HCV and syphilis results too, and a form to record one."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic.dosing import infections
from clinic.dosing.infections import RESULTS, STAGES, TESTS, InfectionResult
from clinic.errors import ClinicError
from clinic.numbers import plain
from clinic.patients import history
from clinic.patients.history import DoseLine, ScreenLine
from clinic.privacy.permissions import Action, allowed
from clinic.service import AuthContext
from clinic.ui.common import error_text, setting_label
from clinic.ui.patient_common import clinic_today, from_qdate
from clinic.ui.stock_forms import MovementDialog, _line

GREY = QColor("#777777")
RED = QColor("#b00020")


def _table(name: str, headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], grey: set[int], red: set[int]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if r in grey:
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(QBrush(GREY))
            elif r in red:
                item.setForeground(QBrush(RED))
            table.setItem(r, c, item)


class PatientHistoryDialog(QDialog):
    """Doses (voided ones struck through, with why; withheld ones in red) and urine screens."""

    def __init__(
        self, auth: AuthContext, patient_id: int, patient_number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("patientHistoryDialog")
        self.auth = auth
        self.patient_id = patient_id
        self.setWindowTitle(self.tr("History of %1").replace("%1", patient_number))
        self.resize(1000, 560)
        today = clinic_today(auth)
        start = today - timedelta(days=history.DEFAULT_DAYS - 1)
        self.since = QDateEdit(QDate(start.year, start.month, start.day))
        self.since.setObjectName("historySince")
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        self.until.setObjectName("historyUntil")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        show = QPushButton(self.tr("Show"))
        show.setObjectName("historyShow")
        show.clicked.connect(self.load_doses)
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("Doses from")))
        period.addWidget(self.since)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.until)
        period.addWidget(show)
        period.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("historyMessage")
        self.message.setWordWrap(True)
        self.doses = _table(
            "doseHistory",
            [
                self.tr("Day"),
                self.tr("Time"),
                self.tr("Window"),
                self.tr("Slot"),
                self.tr("Kind"),
                self.tr("Dose"),
                self.tr("Poured"),
                self.tr("Nurse"),
                self.tr("Note"),
            ],
            6,
        )
        self.screens = _table(
            "screenHistory",
            [
                self.tr("Collected"),
                self.tr("Random"),
                self.tr("Positive"),
                self.tr("Negative"),
                self.tr("Reviewed by"),
                self.tr("Review note"),
            ],
            5,
        )
        tabs = QTabWidget()
        tabs.setObjectName("historyTabs")
        tabs.addTab(self.doses, self.tr("Doses"))
        tabs.addTab(self.screens, self.tr("Urine screens"))
        self.infection_lines: list[InfectionResult] = []
        self.infections: QTableWidget | None = None
        if allowed(Action.INFECTION_READ, auth.actor.roles):
            self.infections = _table(
                "infectionHistory",
                [
                    self.tr("Tested"),
                    self.tr("Test"),
                    self.tr("Result"),
                    self.tr("When"),
                    self.tr("Note"),
                    self.tr("Recorded by"),
                ],
                4,
            )
            record = QPushButton(self.tr("Record a result…"))
            record.setObjectName("recordInfectionTest")
            record.clicked.connect(self.record_infection_test)
            record.setVisible(allowed(Action.INFECTION_RECORD, auth.actor.roles))
            page = QWidget()
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(self.infections, 1)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(record)
            column.addLayout(row)
            tabs.addTab(page, self.tr("HIV, HCV, syphilis"))
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.message)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.dose_lines: list[DoseLine] = []
        self.screen_lines: list[ScreenLine] = []
        self.load_doses()
        self.load_screens()
        self.load_infections()

    def kind_text(self, kind: str) -> str:
        names = {
            "observed": self.tr("observed"),
            "take_home": self.tr("take-home"),
            "redose": self.tr("re-dose"),
            "replacement": self.tr("replacement"),
            "withheld": self.tr("withheld"),
        }
        return names.get(kind, kind)

    def load_doses(self) -> None:
        try:
            self.dose_lines = history.dose_history(
                self.auth,
                patient_id=self.patient_id,
                since=from_qdate(self.since.date()),
                until=from_qdate(self.until.date()),
            )
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        rows, grey, red = [], set(), set()
        for r, line in enumerate(self.dose_lines):
            notes = [n for n in (line.exception_reason, line.note) if n]
            if line.voided:
                notes.insert(0, self.tr("voided: %1").replace("%1", line.void_reason or ""))
                grey.add(r)
            if line.kind == "withheld":
                red.add(r)
            rows.append(
                [
                    line.dosing_date.isoformat(),
                    line.at.strftime("%H:%M") if line.at else "",
                    line.window,
                    str(line.slot),
                    self.kind_text(line.kind),
                    f"{plain(line.dose_mg)} mg" if line.dose_mg is not None else "",
                    line.given,
                    line.nurse,
                    " · ".join(notes),
                ]
            )
        _fill(self.doses, rows, grey, red)
        given = sum(1 for line in self.dose_lines if line.kind != "withheld" and not line.voided)
        self.message.setText(
            self.tr("%1 doses given in the period.").replace("%1", str(given))
            if given != 1
            else self.tr("One dose given in the period.")
        )

    def load_screens(self) -> None:
        try:
            self.screen_lines = history.screen_history(self.auth, patient_id=self.patient_id)
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        rows = [
            [
                s.collected_on.isoformat(),
                self.tr("yes") if s.random else self.tr("no"),
                ", ".join(s.positives) or "—",
                ", ".join(s.negatives),
                s.reviewed_by or (self.tr("awaits review") if s.positives else ""),
                s.review_note or "",
            ]
            for s in self.screen_lines
        ]
        _fill(
            self.screens, rows, set(), {r for r, s in enumerate(self.screen_lines) if s.positives}
        )
        self.screens.sortItems(0, Qt.SortOrder.DescendingOrder)

    def load_infections(self) -> None:
        if self.infections is None:
            return
        try:
            self.infection_lines = infections.infection_history(
                self.auth, patient_id=self.patient_id
            )
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        rows = [
            [
                r.tested_on.isoformat(),
                setting_label(*TESTS[r.test]),
                setting_label(*RESULTS[r.result]),
                setting_label(*STAGES[r.stage]),
                r.note or "",
                r.recorded_by,
            ]
            for r in self.infection_lines
        ]
        red = {i for i, r in enumerate(self.infection_lines) if r.result == "positive"}
        _fill(self.infections, rows, set(), red)

    def record_infection_test(self) -> None:
        dialog = InfectionTestDialog(self.auth, self.patient_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.load_infections()


class InfectionTestDialog(MovementDialog):
    """One HIV, HCV or syphilis result: the test, the result, its date, enrolment or follow-up."""

    def __init__(self, auth: AuthContext, patient_id: int, parent: QWidget | None = None) -> None:
        super().__init__(auth, self.tr("Record a test result"), witness=False, parent=parent)
        self.setObjectName("infectionTestDialog")
        self.patient_id = patient_id
        today = clinic_today(auth)
        self.test_choice = QComboBox()
        self.test_choice.setObjectName("infectionTest")
        for code, names in TESTS.items():
            self.test_choice.addItem(setting_label(*names), code)
        self.result_choice = QComboBox()
        self.result_choice.setObjectName("infectionResult")
        for code, names in RESULTS.items():
            self.result_choice.addItem(setting_label(*names), code)
        self.result_choice.setCurrentIndex(self.result_choice.findData("negative"))
        self.stage_choice = QComboBox()
        self.stage_choice.setObjectName("infectionStage")
        for code, names in STAGES.items():
            self.stage_choice.addItem(setting_label(*names), code)
        self.tested_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.tested_on.setObjectName("infectionTestedOn")
        self.tested_on.setCalendarPopup(True)
        self.tested_on.setDisplayFormat("yyyy-MM-dd")
        self.note = _line("infectionNote", self.tr("e.g. confirmed by the CDC laboratory"))
        self.form.addRow(self.tr("Test"), self.test_choice)
        self.form.addRow(self.tr("Result"), self.result_choice)
        self.form.addRow(self.tr("Tested on"), self.tested_on)
        self.form.addRow(self.tr("When"), self.stage_choice)
        self.form.addRow(self.tr("Note"), self.note)
        self.fields = {"tested_on": self.tested_on}
        self.ok_button.setText(self.tr("Record the result"))

    def submit(self) -> InfectionResult:
        return infections.record_infection_test(
            self.auth,
            patient_id=self.patient_id,
            test=self.test_choice.currentData(),
            result=self.result_choice.currentData(),
            tested_on=from_qdate(self.tested_on.date()),
            stage=self.stage_choice.currentData(),
            note=self.note.text() or None,
        )
