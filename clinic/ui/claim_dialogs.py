"""The claims screens' dialogs: one claim in full, export with a passphrase, paid, a reason,
and the remittance file with its problem report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from clinic.insurance.claims import FEE_KINDS, Excluded
from clinic.insurance.exports import FORMATS, RemittanceReport
from clinic.insurance.money import PayerNote
from clinic.insurance.views import STATUS_NAMES, ClaimDetail
from clinic.ui.common import local_time, set_tone, setting_label
from clinic.ui.password import password_field
from clinic.ui.patient_common import date_edit, from_qdate, message_label, say
from clinic.ui.stock_page import _cell, _table
from clinic.wording import plural


def yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def plain_number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def status_name(status: str) -> str:
    return setting_label(*STATUS_NAMES.get(status, (status, status)))


def fee_kind_name(kind: str) -> str:
    return setting_label(*FEE_KINDS.get(kind, (kind, kind)))


def payer_note_text(note: PayerNote | None) -> str:
    return setting_label(note.en, note.zh) if note else ""


def problem_text(problem: Excluded) -> str:
    return f"{problem.patient_number} — {setting_label(problem.reason_en, problem.reason_zh)}"


def percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def fill_table(table, rows: list[list[str]], right: set[int] = frozenset()) -> None:  # type: ignore[no-untyped-def,assignment]
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.setItem(r, c, _cell(text, right=c in right))


def fit_rows(table: QTableWidget, *, least: int = 2, most: int = 8) -> None:
    """Make a short table as tall as its rows (between LEAST and MOST), so none hides behind a
    scroll bar while a long table beside it takes the rest of the space."""
    rows = min(max(table.rowCount(), least), most)
    table.setFixedHeight(
        table.horizontalHeader().sizeHint().height()
        + rows * table.verticalHeader().defaultSectionSize()
        + 2 * table.frameWidth()
    )


class ClaimDetailDialog(QDialog):
    """One claim: patient, diagnosis, the scheme's terms, each line's split, the status history."""

    def __init__(self, detail: ClaimDetail, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimDetail")
        self.detail = detail
        self.setWindowTitle(self.tr("Claim %1").replace("%1", detail.number))
        self.resize(1000, 720)
        t = detail.terms
        head = QFormLayout()
        cap = (
            self.tr("annual cap %1").replace("%1", yuan(t.annual_cap))
            if t.annual_cap is not None
            else self.tr("no annual cap")
        )
        version = str(detail.version)
        if detail.supersedes:
            version += " · " + self.tr("corrects %1").replace("%1", detail.supersedes)
        if detail.superseded_by:
            version += " · " + self.tr("corrected by %1").replace("%1", detail.superseded_by)
        for label, value in (
            (self.tr("Claim"), detail.number),
            (self.tr("Version"), version),
            (self.tr("Status"), status_name(detail.status)),
            (self.tr("Batch"), f"{detail.batch_number} · {detail.period_start:%Y-%m}"),
            (self.tr("Payer"), f"{detail.scheme_code} · {detail.scheme_name}"),
            (
                self.tr("Patient"),
                f"{detail.patient_number} · {detail.patient_name}",
            ),
            (self.tr("Insured-person no."), detail.insured_number),
            (self.tr("Diagnosis"), f"{detail.diagnosis_code} {detail.diagnosis_name}"),
            (
                self.tr("Terms"),
                self.tr(
                    "from %1: payer %2 after a deductible of %3 a year, %4; subsidy %5 of the "
                    "patient's part; insurance type %6, medical type %7"
                )
                .replace("%1", t.effective_from.isoformat())
                .replace("%2", percent(t.ratio))
                .replace("%3", yuan(t.deductible))
                .replace("%4", cap)
                .replace("%5", percent(t.subsidy_share))
                .replace("%6", t.insutype)
                .replace("%7", t.med_type),
            ),
        ):
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            head.addRow(label, shown)
        self.lines = _table("claimLines")
        headers = [
            self.tr("No."),
            self.tr("Date"),
            self.tr("Item"),
            self.tr("Kind"),
            self.tr("Count"),
            self.tr("Unit price"),
            self.tr("Amount"),
            self.tr("Payer", "amount column"),
            self.tr("Subsidy"),
            self.tr("Patient", "amount column"),
        ]
        self.lines.setColumnCount(len(headers))
        self.lines.setHorizontalHeaderLabels(headers)
        fill_table(
            self.lines,
            [
                [
                    str(line.line_no),
                    line.service_date.isoformat(),
                    f"{line.item_code} {line.name}",
                    fee_kind_name(line.kind),
                    f"{plain_number(line.count)} {line.unit}",
                    plain_number(line.unit_price),
                    yuan(line.amount),
                    yuan(line.payer_amount),
                    yuan(line.subsidy_amount),
                    yuan(line.patient_amount),
                ]
                for line in detail.lines
            ],
            right={0, 4, 5, 6, 7, 8, 9},
        )
        self.totals = QLabel(
            self.tr("Total %1 = payer %2 + subsidy %3 + patient %4 (deductible %5)")
            .replace("%1", yuan(detail.total))
            .replace("%2", yuan(detail.payer_amount))
            .replace("%3", yuan(detail.subsidy_amount))
            .replace("%4", yuan(detail.patient_amount))
            .replace("%5", yuan(detail.deductible))
        )
        self.totals.setObjectName("claimTotals")
        self.payer_note = QLabel(payer_note_text(detail.payer_note))
        self.payer_note.setObjectName("payerNote")
        self.payer_note.setWordWrap(True)
        set_tone(self.payer_note, "warning")
        self.payer_note.setVisible(detail.payer_note is not None)
        self.history = _table("claimHistory")
        headers = [
            self.tr("When"),
            self.tr("Status"),
            self.tr("By"),
            self.tr("Amount"),
            self.tr("Date"),
            self.tr("Reason / reference"),
        ]
        self.history.setColumnCount(len(headers))
        self.history.setHorizontalHeaderLabels(headers)
        fill_table(
            self.history,
            [
                [
                    local_time(e.recorded_at, timezone),
                    status_name(e.status),
                    e.recorded_by,
                    yuan(e.amount),
                    e.on_date.isoformat() if e.on_date else "",
                    " · ".join(x for x in (e.reason, e.reference) if x),
                ]
                for e in detail.events
            ],
            right={3},
        )
        fit_rows(self.history, most=6)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.payer_note)
        heading = QLabel(self.tr("Status history"))
        heading.setObjectName("sectionHeading")
        layout.addWidget(heading)
        layout.addWidget(self.history)
        layout.addWidget(close)


@dataclass(frozen=True)
class ExportChoice:
    target: Path
    passphrase: str
    medins_code: str
    formats: tuple[str, ...]
    confirm_problems: int | None = None  # how many unresolved problems the clerk accepted


class ExportDialog(QDialog):
    """Where to write the batch's zip, its passphrase (twice), the clinic's code, the formats;
    the month's unresolved problems first, named, with a box to tick to export anyway; and
    which programs open the AES-256 zip."""

    def __init__(
        self,
        batch_number: str,
        medins_code: str,
        folder: Path,
        problems: Sequence[Excluded] = (),
        parent: QWidget | None = None,
        platform_ready: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export batch %1").replace("%1", batch_number))
        self.choice: ExportChoice | None = None
        self.problems = tuple(problems)
        self.warning = QFrame()
        self.warning.setObjectName("warningBox")
        self.problem_heading = QLabel(
            plural(
                len(self.problems),
                self.tr(
                    "This payer's month still has %n unresolved problem: its days are in no "
                    "claim of this file."
                ),
                self.tr(
                    "This payer's month still has %n unresolved problems: their days are in no "
                    "claim of this file."
                ),
            )
        )
        self.problem_heading.setObjectName("exportProblemHeading")
        self.problem_heading.setWordWrap(True)
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("exportProblemList")
        self.problem_list.addItems([problem_text(p) for p in self.problems])
        self.problem_list.setMaximumHeight(
            min(len(self.problems), 6) * self.problem_list.sizeHintForRow(0)
            + 2 * self.problem_list.frameWidth()
            + 6
        )
        self.confirm = QCheckBox(
            self.tr("Export anyway: those days wait for a later batch, once fixed")
        )
        self.confirm.setObjectName("confirmProblems")
        warning_layout = QVBoxLayout(self.warning)
        warning_layout.addWidget(self.problem_heading)
        warning_layout.addWidget(self.problem_list)
        warning_layout.addWidget(self.confirm)
        self.warning.setVisible(bool(self.problems))
        self.target = QLineEdit(str(folder / f"{batch_number}.zip"))
        self.target.setObjectName("exportTarget")
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(browse)
        self.passphrase = password_field("exportPassphrase")
        self.repeat = password_field("exportPassphraseAgain")
        self.medins = QLineEdit(medins_code)
        self.medins.setObjectName("medinsCode")
        self.formats = {
            fmt: QCheckBox(
                self.tr("Platform messages (2201/2204/2207/4101A)")
                if fmt == "platform"
                else fmt.upper()
            )
            for fmt in FORMATS
        }
        boxes = QHBoxLayout()
        for fmt, box in self.formats.items():
            box.setObjectName(f"format_{fmt}")
            # the platform's messages once the clinic's platform codes are set (Settings)
            box.setChecked(fmt != "platform" or platform_ready)
            boxes.addWidget(box)
        boxes.addStretch(1)
        note = QLabel(
            self.tr(
                "The claims are sealed in an AES-256 zip. Windows Explorer and macOS Archive "
                "Utility cannot open it: use 7-Zip, WinRAR or Bandizip on Windows, Keka on "
                "macOS, 7z on Linux. Give the passphrase to the payer by another way than the "
                "file. Every claim in it is recorded as a disclosure."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("zipNote")
        self.zip_note = note
        form = QFormLayout()
        form.addRow(self.tr("File"), where)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Passphrase again"), self.repeat)
        form.addRow(self.tr("Institution code (medins_code)"), self.medins)
        form.addRow(self.tr("Formats"), boxes)
        self.message = message_label("exportMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(720, self.sizeHint().height())

    def browse(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the batch"), self.target.text(), "Zip (*.zip)"
        )
        if target:
            self.target.setText(target)

    def save(self) -> None:
        formats = tuple(fmt for fmt, box in self.formats.items() if box.isChecked())
        if self.problems and not self.confirm.isChecked():
            say(
                self.message,
                self.tr(
                    "Fix the problems first, or tick “Export anyway” to export without their days."
                ),
            )
            self.confirm.setFocus()
        elif not self.target.text().strip():
            say(self.message, self.tr("Choose where to write the file."))
        elif self.passphrase.text() != self.repeat.text():
            say(self.message, self.tr("The two passphrases differ."))
        elif not formats:
            say(self.message, self.tr("Choose at least one format."))
        else:
            self.choice = ExportChoice(
                Path(self.target.text().strip()),
                self.passphrase.text(),
                self.medins.text().strip(),
                formats,
                len(self.problems) if self.problems else None,
            )
            self.accept()


class PaidDialog(QDialog):
    """The payer paid: how much (the claimed payer amount unless it paid less) and when."""

    def __init__(self, claim_number: str, claimed: Decimal, today: date, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("paidDialog")
        self.setWindowTitle(self.tr("Paid: %1").replace("%1", claim_number))
        self.amount = QLineEdit(f"{claimed:.2f}")
        self.amount.setObjectName("paidAmount")
        self.on_date = date_edit("paidOn", today, latest=today)
        form = QFormLayout(self)
        form.addRow(self.tr("Amount paid (yuan)"), self.amount)
        form.addRow(self.tr("Paid on"), self.on_date)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def day(self) -> date:
        return from_qdate(self.on_date.date())


class ReasonDialog(QDialog):
    """One line of reason (a rejection's, or why drafts are discarded)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMinimumWidth(360)
        form = QFormLayout(self)
        form.addRow(prompt, self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class RemittanceDialog(QDialog):
    """The payer's remittance CSV and the day it paid."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remittanceDialog")
        self.setWindowTitle(self.tr("Import a remittance file"))
        self.path = QLineEdit()
        self.path.setObjectName("remittancePath")
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.paid_on = date_edit("remittancePaidOn", today, latest=today)
        note = QLabel(
            self.tr(
                "CSV, one claim a row: claim number, paid amount, status (paid, accepted, "
                "rejected), reason. Rows that are unknown or malformed are reported and change "
                "nothing."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        form = QFormLayout(self)
        form.addRow(self.tr("File"), where)
        form.addRow(self.tr("Paid on"), self.paid_on)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Remittance file"), self.path.text(), "CSV (*.csv);;* (*)"
        )
        if path:
            self.path.setText(path)

    def day(self) -> date:
        return from_qdate(self.paid_on.date())


class RemittanceReportDialog(QDialog):
    """What a remittance file did: how many rows were applied, and each row that was not."""

    def __init__(self, report: RemittanceReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remittanceReport")
        self.setWindowTitle(self.tr("Remittance imported"))
        self.resize(640, 360)
        self.summary = QLabel(
            self.tr("%1 applied; %2 not applied, changing nothing:")
            .replace("%1", self.rows(report.applied))
            .replace("%2", self.rows(len(report.problems)))
            if report.problems
            else self.tr("%1 applied; no problems.").replace("%1", self.rows(report.applied))
        )
        self.summary.setObjectName("remittanceSummary")
        self.problems = _table("remittanceProblems")
        self.problems.setColumnCount(2)
        self.problems.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Problem")])
        fill_table(
            self.problems,
            [[str(row), setting_label(en, zh)] for row, en, zh in report.problems],
            right={0},
        )
        self.problems.setVisible(bool(report.problems))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(close)

    def rows(self, count: int) -> str:
        return plural(count, self.tr("%n row"), self.tr("%n rows"))
