"""Releasing the month's de-identified statistics to an authority: the month, who receives them
and why, the tables as they will leave (withheld cells marked), where to save Excel and PDF.
One service call records the release; a refusal shows in place."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from clinic.analytics import deidentified
from clinic.analytics.table import ReportTable, cell_text
from clinic.errors import ClinicError, InvalidInput
from clinic.service import AuthContext
from clinic.ui.common import error_text
from clinic.ui.patient_common import clinic_today, from_qdate
from clinic.ui.stock_forms import MovementDialog, _line


def _last_month(today: date) -> date:
    return date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)


def table_widget(table: ReportTable) -> QTableWidget:
    """A released table as it reads: headings in both languages, marks as they are."""
    rows = [*table.rows, *([table.totals] if table.totals is not None else [])]
    view = QTableWidget(len(rows), len(table.columns))
    view.setObjectName(f"table_{table.key}")
    view.setHorizontalHeaderLabels([c.heading() for c in table.columns])
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(cell_text(value))
            if table.columns[c].numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if table.totals is not None and r == len(rows) - 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            view.setItem(r, c, item)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.resizeRowsToContents()
    return view


class StatisticsDialog(MovementDialog):
    """What leaves the clinic is shown before it leaves; the release is logged with its
    recipient and purpose."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(
            auth, self.tr("Release de-identified statistics"), witness=False, parent=parent
        )
        self.setObjectName("statisticsDialog")
        self.setMinimumWidth(760)
        self.set_intro(
            self.tr(
                "Monthly counts by site, with small counts withheld (marked *) so that no "
                "patient can be singled out. The release is recorded with its recipient and "
                "purpose."
            )
        )
        month = _last_month(clinic_today(auth))
        self.month = QDateEdit(QDate(month.year, month.month, 1))
        self.month.setObjectName("statisticsMonth")
        self.month.setDisplayFormat("yyyy-MM")
        self.recipient = _line("statisticsRecipient", self.tr("e.g. the district CDC"))
        self.purpose = _line("statisticsPurpose", self.tr("e.g. monthly service planning"))
        self.target = _line("statisticsTarget")
        self.target.setText(str(Path.home() / f"statistics-{month:%Y%m}"))
        choose = QPushButton(self.tr("Choose…"))
        choose.setObjectName("statisticsChooseTarget")
        choose.clicked.connect(self.choose_target)
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(choose)
        self.excel = QCheckBox(self.tr("Excel"))
        self.excel.setObjectName("statisticsExcel")
        self.pdf = QCheckBox(self.tr("PDF"))
        self.pdf.setObjectName("statisticsPdf")
        for box in (self.excel, self.pdf):
            box.setChecked(True)
        kinds = QHBoxLayout()
        kinds.addWidget(self.excel)
        kinds.addWidget(self.pdf)
        kinds.addStretch(1)
        self.preview = QTabWidget()
        self.preview.setObjectName("statisticsPreview")
        self.preview.setMinimumHeight(260)
        self.form.addRow(self.tr("Month"), self.month)
        self.form.addRow(self.tr("Recipient"), self.recipient)
        self.form.addRow(self.tr("Purpose"), self.purpose)
        self.form.addRow(self.tr("Save as"), where)
        self.form.addRow(self.tr("Formats"), kinds)
        self.form.addRow(self.preview)
        self.fields = {"recipient": self.recipient, "purpose": self.purpose, "month": self.month}
        self.ok_button.setText(self.tr("Release"))
        self.month.dateChanged.connect(self.refresh)
        self.refresh()

    def chosen_month(self) -> date:
        return from_qdate(self.month.date()).replace(day=1)

    def refresh(self) -> None:
        """The tables as they would be released for the chosen month."""
        self.preview.clear()
        try:
            tables = deidentified.deidentified_statistics(self.auth, month=self.chosen_month())
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self.show_message("")
        for table in tables:
            self.preview.addTab(table_widget(table), table.title_zh)

    def choose_target(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the statistics"), self.target.text()
        )
        if chosen:
            self.target.setText(str(Path(chosen).with_suffix("")))

    def submit(self) -> Any:
        formats = tuple(
            kind for kind, box in (("xlsx", self.excel), ("pdf", self.pdf)) if box.isChecked()
        )
        if not formats:
            raise InvalidInput(en="Choose Excel, PDF or both.", zh="请选择 Excel、PDF 或两者。")
        return deidentified.release_statistics(
            self.auth,
            month=self.chosen_month(),
            recipient=self.recipient.text(),
            purpose=self.purpose.text(),
            target=Path(self.target.text()),
            formats=formats,
        )
