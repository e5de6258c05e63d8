"""The billing clerk's claims: build a payer's month (claims, who is excluded and why, problems
to fix), the batches with totals per payer and status, a claim in full, the payer's answers,
export in an encrypted zip off the UI thread, and remittance files."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic import administration
from clinic.errors import ClinicError, NeedsConfirmation
from clinic.insurance import claims, exports, platform, schemes, views
from clinic.insurance.claims import BatchResult
from clinic.insurance.exports import ExportResult, RemittanceReport
from clinic.insurance.views import BatchInfo, BatchView, ClaimRow, Money
from clinic.service import AuthContext
from clinic.ui.claim_dialogs import (
    ClaimDetailDialog,
    ExportChoice,
    ExportDialog,
    PaidDialog,
    ReasonDialog,
    RemittanceDialog,
    RemittanceReportDialog,
    fill_table,
    fit_rows,
    payer_note_text,
    status_name,
    yuan,
)
from clinic.ui.common import WARNING, error_text, setting_label
from clinic.ui.patient_common import clinic_today, message_label
from clinic.ui.platform_dialogs import RegistrationDialog, RepliesDialog
from clinic.ui.printing import print_in_background
from clinic.ui.stock_page import _table
from clinic.ui.worker import Progress, run_in_background
from clinic.wording import plural

MONEY_COLUMNS = {3, 4, 5, 6}


@dataclass(frozen=True)
class Month:
    year: int
    month: int


def previous_month(day: date) -> Month:
    return Month(day.year - (day.month == 1), (day.month - 2) % 12 + 1)


def _section(title_holder: list[QGroupBox], widget: QWidget, *, top: bool = False) -> QGroupBox:
    """A titled box around WIDGET; TOP keeps a widget of fixed height at the box's top."""
    box = QGroupBox()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(widget)
    if top:
        layout.addStretch(1)
    title_holder.append(box)
    return box


class ClaimsPage(QWidget):
    """Two tabs: build a batch; the batches and one batch's claims with their actions."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        clinic_name: str = "",
        timezone: str = "Asia/Shanghai",
        export_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.clinic_name = clinic_name
        self.timezone = timezone
        self.export_folder = export_folder or Path.home()
        self.result: BatchResult | None = None
        self.batches: list[BatchInfo] = []
        self.view: BatchView | None = None
        self.last_export: ExportResult | None = None
        self.last_report: RemittanceReport | None = None
        self.export_dialog: ExportDialog | None = None
        self.detail_dialog: ClaimDetailDialog | None = None
        self.report_dialog: RemittanceReportDialog | None = None
        self.today = clinic_today(auth)
        self.generation = 0  # a month read started before the latest choice or build is dropped
        self.follow_timer = QTimer(self)
        self.follow_timer.setSingleShot(True)
        self.follow_timer.setInterval(150)  # one read when scheme and month change together
        self.follow_timer.timeout.connect(self.read_month)

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.message = message_label("claimsMessage")
        self.message.setVisible(False)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("claimsTabs")
        self.tabs.addTab(self._build_tab(), "")
        self.tabs.addTab(self._batches_tab(), "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self._load_schemes()
        self.retranslate()
        self.reload_batches()
        self.scheme.currentIndexChanged.connect(self.follow)
        self.month.dateChanged.connect(self.follow)
        self.follow()

    # --- building ---------------------------------------------------------------------------

    def _build_tab(self) -> QWidget:
        tab = QWidget()
        self.scheme_label, self.month_label = QLabel(), QLabel()
        self.scheme = QComboBox()
        self.scheme.setObjectName("claimScheme")
        last = previous_month(self.today)
        self.month = QDateEdit(QDate(last.year, last.month, 1))
        self.month.setObjectName("claimMonth")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setCalendarPopup(True)
        self.build_button = QPushButton()
        self.build_button.setObjectName("buildBatch")
        self.build_button.clicked.connect(self.build)
        self.discard_button = QPushButton()
        self.discard_button.setObjectName("discardDrafts")
        self.discard_button.clicked.connect(self.ask_discard)
        self.discard_button.setEnabled(False)
        self.build_summary = QLabel()
        self.build_summary.setObjectName("buildSummary")
        self.build_summary.setWordWrap(True)
        self.included = _table("includedClaims")
        self.excluded = _table("excludedPatients")
        self.problems = _table("batchProblems")
        self.build_boxes: list[QGroupBox] = []
        choose = QHBoxLayout()
        for label, widget in ((self.scheme_label, self.scheme), (self.month_label, self.month)):
            choose.addWidget(label)
            choose.addWidget(widget)
        choose.addWidget(self.build_button)
        choose.addStretch(1)
        choose.addWidget(self.discard_button)
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(_section(self.build_boxes, self.included))
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(_section(self.build_boxes, self.excluded))
        below.addWidget(_section(self.build_boxes, self.problems))
        lists.addWidget(below)
        lists.setSizes([300, 220])
        layout = QVBoxLayout(tab)
        layout.addLayout(choose)
        layout.addWidget(self.build_summary)
        layout.addWidget(lists, 1)
        return tab

    def _load_schemes(self) -> None:
        try:
            found = schemes.list_payer_schemes(self.auth)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        for scheme in found:
            self.scheme.addItem(f"{scheme.code} · {scheme.name}", scheme.code)

    def chosen_month(self) -> Month:
        value = self.month.date()
        return Month(value.year(), value.month())

    def choose(self, scheme_code: str, year: int, month: int) -> None:
        index = self.scheme.findData(scheme_code)
        if index >= 0:
            self.scheme.setCurrentIndex(index)
        self.month.setDate(QDate(year, month, 1))

    def follow(self) -> None:
        """The chosen scheme or month changed: drop what was shown at once, then read the month
        as it stands (its newest batch, who is excluded, the problems still open)."""
        self.generation += 1
        self.result = None
        self.show_result()
        self.follow_timer.start()

    def read_month(self) -> None:
        code = self.scheme.currentData()
        if code is None:
            return
        month, generation, auth = self.chosen_month(), self.generation, self.auth

        def work(progress: Progress) -> BatchResult:
            return views.month_view(auth, scheme_code=str(code), year=month.year, month=month.month)

        def done(result: BatchResult) -> None:
            if generation != self.generation:
                return  # the clerk chose another scheme or month, or built, meanwhile
            self.result = result
            self.show_result()
            if result.batch_number:
                self.reload_batches(select=result.batch_number)

        def failed(exc: Exception) -> None:
            if generation == self.generation:
                self.show_message(error_text(exc))

        run_in_background(
            self,
            self.tr("Reading the claims of %1…").replace("%1", f"{month.year}-{month.month:02d}"),
            work,
            on_done=done,
            on_error=failed,
        )

    def build(self) -> None:
        code = self.scheme.currentData()
        if code is None:
            self.show_message(self.tr("There is no payer scheme yet: an administrator adds one."))
            return
        month = self.chosen_month()
        self.show_message("")
        self.build_button.setEnabled(False)
        self.follow_timer.stop()
        self.generation += 1  # what the build returns is shown, not a month read still running
        auth = self.auth

        def work(progress: Progress) -> claims.BatchResult:
            return claims.build_batch(
                auth, scheme_code=str(code), year=month.year, month=month.month
            )

        def done(result: claims.BatchResult) -> None:
            self.build_button.setEnabled(True)
            self.result = result
            self.show_result()
            self.reload_batches(select=result.batch_number)

        def failed(exc: Exception) -> None:
            self.build_button.setEnabled(True)
            self.show_message(error_text(exc))

        run_in_background(  # a month of a large clinic takes seconds: keep the window alive
            self,
            self.tr("Building the claims of %1…").replace("%1", f"{month.year}-{month.month:02d}"),
            work,
            on_done=done,
            on_error=failed,
        )

    def claims_count(self, count: int) -> str:
        return plural(count, self.tr("%n claim"), self.tr("%n claims"))

    def problems_count(self, count: int) -> str:
        return plural(count, self.tr("%n problem"), self.tr("%n problems"))

    def show_result(self) -> None:
        result = self.result
        self.discard_button.setEnabled(
            bool(result and any(c.status == "draft" for c in result.claims))
        )
        if result is None:
            code = self.scheme.currentData()
            self.build_summary.setText(
                self.tr("Reading %1 for %2…")
                .replace("%1", str(code))
                .replace("%2", self.month.date().toString("yyyy-MM"))
                if code is not None
                else self.tr("Choose a payer and a month, then build the batch.")
            )
            for table in (self.included, self.excluded, self.problems):
                table.setRowCount(0)
            self._problems_title(0)
            return
        live = [c for c in result.claims if c.status not in ("rejected", "voided", "discarded")]
        totals = Money()
        for c in live:
            totals = Money(
                totals.claims + 1,
                totals.total + c.total,
                totals.payer + c.payer_amount,
                totals.subsidy + c.subsidy_amount,
                totals.patient + c.patient_amount,
            )
        unresolved = len(result.unresolved)
        if result.batch_number:
            text = (
                self.tr(
                    "Batch %1 · %2 · total %3 · payer %4 · subsidy %5 · patient %6 · "
                    "%7 excluded · %8"
                )
                .replace("%1", result.batch_number)
                .replace("%2", self.claims_count(totals.claims))
                .replace("%3", yuan(totals.total))
                .replace("%4", yuan(totals.payer))
                .replace("%5", yuan(totals.subsidy))
                .replace("%6", yuan(totals.patient))
                .replace("%7", str(len(result.excluded)))
                .replace("%8", self.problems_count(unresolved))
            )
        else:
            text = (
                self.tr("No batch yet for %1 in %2: %3 can be built · %4 excluded · %5")
                .replace("%1", result.scheme_code)
                .replace("%2", f"{result.period_start:%Y-%m}")
                .replace("%3", self.claims_count(result.claimable))
                .replace("%4", str(len(result.excluded)))
                .replace("%5", self.problems_count(unresolved))
            )
        unpaid = sum(1 for c in live if c.payer_note is not None)
        if unpaid:
            text += " · " + plural(
                unpaid,
                self.tr("the payer pays nothing on %n claim: see its note"),
                self.tr("the payer pays nothing on %n claims: see their notes"),
            )
        self.build_summary.setText(text)
        fill_table(
            self.included,
            [
                [
                    c.number,
                    c.patient_number,
                    str(c.days),
                    yuan(c.total),
                    yuan(c.payer_amount),
                    yuan(c.subsidy_amount),
                    yuan(c.patient_amount),
                    status_name(c.status),
                    payer_note_text(c.payer_note),
                ]
                for c in result.claims
            ]
            + (
                [
                    [
                        self.tr("Total"),
                        "",
                        "",
                        yuan(totals.total),
                        yuan(totals.payer),
                        yuan(totals.subsidy),
                        yuan(totals.patient),
                        "",
                        "",
                    ]
                ]
                if result.claims or result.batch_number
                else []
            ),
            right={2} | MONEY_COLUMNS,
        )
        for row, c in enumerate(result.claims):
            note = self.included.item(row, 8)
            if note is not None and c.payer_note is not None:
                note.setForeground(QColor(WARNING.text))
                note.setToolTip(note.text())
        fill_table(
            self.excluded,
            [[e.patient_number, setting_label(e.reason_en, e.reason_zh)] for e in result.excluded],
        )
        fill_table(
            self.problems,
            [[p.patient_number, setting_label(p.reason_en, p.reason_zh)] for p in result.problems],
        )
        self._problems_title(unresolved)

    def _problems_title(self, unresolved: int) -> None:
        box = self.build_boxes[2]
        box.setTitle(
            self.tr("Problems to fix before a claim can be made")
            + (f" ({unresolved})" if unresolved else "")
        )
        box.setProperty("tone", "warning" if unresolved else "")
        box.style().unpolish(box)
        box.style().polish(box)

    def ask_discard(self) -> None:
        if self.result is None:
            return
        dialog = ReasonDialog(
            self.tr("Discard the drafts of %1").replace("%1", self.result.batch_number),
            self.tr("Why (e.g. fixing insured numbers)"),
            self,
        )
        if dialog.exec():
            self.discard(dialog.reason.text())

    def discard(self, reason: str) -> int | None:
        """Discard the built batch's drafts so the patients' data can be fixed and rebuilt."""
        if self.result is None:
            return None
        try:
            count = claims.discard_drafts(
                self.auth, batch_number=self.result.batch_number, reason=reason
            )
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return None
        self.show_message(
            plural(
                count,
                self.tr("%n draft claim of %2 discarded; fix the data and build again."),
                self.tr("%n draft claims of %2 discarded; fix the data and build again."),
            ).replace("%2", self.result.batch_number),
            error=False,
        )
        self.reload_batches()
        self.follow()
        return count

    # --- batches ----------------------------------------------------------------------------

    def _batches_tab(self) -> QWidget:
        tab = QWidget()
        self.batch_table = _table("batchList")
        self.batch_table.itemSelectionChanged.connect(self._batch_selected)
        self.payer_totals = _table("payerTotals")
        self.batch_heading = QLabel()
        self.batch_heading.setObjectName("sectionHeading")
        self.claim_table = _table("batchClaims")
        self.claim_table.itemSelectionChanged.connect(self._claim_selected)
        self.claim_table.cellDoubleClicked.connect(lambda *_: self.open_claim())
        self.status_totals = _table("statusTotals")
        self.batch_boxes: list[QGroupBox] = []

        def button(name: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
            widget = QPushButton()
            widget.setObjectName(name)
            widget.clicked.connect(slot)
            return widget

        self.refresh_button = button("refreshBatches", lambda: self.reload_batches())
        self.export_button = button("exportBatch", self.ask_export)
        self.print_summary_button = button("printBatchSummary", lambda: self.print_summary())
        self.remittance_button = button("importRemittance", self.ask_remittance)
        self.open_button = button("openClaim", self.open_claim)
        self.accepted_button = button("claimAccepted", lambda: self.record("accepted"))
        self.paid_button = button("claimPaid", self.ask_paid)
        self.rejected_button = button("claimRejected", self.ask_rejected)
        self.correct_button = button("correctClaim", self.correct)
        self.register_button = button("registerChronic", self.ask_registration)
        self.exclude_button = button("excludeClaim", self.ask_exclude)
        self.replies_button = button("importReplies", self.ask_replies)

        top = QHBoxLayout()
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.replies_button)
        top.addWidget(self.remittance_button)
        batch_list = _section(self.batch_boxes, self.batch_table)
        per_payer = _section(self.batch_boxes, self.payer_totals, top=True)
        per_status = _section(self.batch_boxes, self.status_totals, top=True)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for widget in (
            self.open_button,
            self.register_button,
            self.exclude_button,
            self.accepted_button,
            self.paid_button,
            self.rejected_button,
            self.correct_button,
            self.print_summary_button,
            self.export_button,
        ):
            actions.addWidget(widget)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.batch_heading)
        lower_layout.addLayout(actions)
        lower_layout.addWidget(self.claim_table, 1)
        totals = QHBoxLayout()  # below the claims, so the batch list has the full width
        totals.addWidget(per_status, 3)
        totals.addWidget(per_payer, 2)
        lower_layout.addLayout(totals)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(batch_list)
        split.addWidget(lower)
        split.setSizes([170, 470])
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        return tab

    def reload_batches(self, select: str | None = None) -> None:
        keep = select or (self.view.info.batch_number if self.view else None)
        try:
            self.batches = views.list_batches(self.auth)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self.batch_table.blockSignals(True)
        fill_table(
            self.batch_table,
            [
                [
                    b.batch_number,
                    b.scheme_code,
                    f"{b.period_start:%Y-%m}",
                    str(b.live.claims),
                    yuan(b.live.total),
                    yuan(b.live.payer),
                    yuan(b.live.subsidy),
                    yuan(b.live.patient),
                    yuan(b.live.paid),
                    self.status_counts(b.statuses),
                    str(b.exports),
                ]
                for b in self.batches
            ],
            right={3, 4, 5, 6, 7, 8, 10},
        )
        for row, b in enumerate(self.batches):  # the statuses may be wider than their column
            cell = self.batch_table.item(row, 9)
            if cell is not None:
                cell.setToolTip(self.status_counts(b.statuses))
        self.batch_table.blockSignals(False)
        per_payer: dict[str, Money] = defaultdict(Money)
        for b in self.batches:
            m = per_payer[b.scheme_code]
            per_payer[b.scheme_code] = Money(
                m.claims + b.live.claims,
                m.total + b.live.total,
                m.payer + b.live.payer,
                m.subsidy + b.live.subsidy,
                m.patient + b.live.patient,
                m.paid + b.live.paid,
            )
        fill_table(
            self.payer_totals,
            [
                [code, str(m.claims), yuan(m.total), yuan(m.payer), yuan(m.paid)]
                for code, m in sorted(per_payer.items())
            ],
            right={1, 2, 3, 4},
        )
        fit_rows(self.payer_totals, least=1, most=4)
        numbers = [b.batch_number for b in self.batches]
        if keep in numbers:
            self.batch_table.selectRow(numbers.index(keep))
            self.show_batch(keep)
        elif numbers:
            self.batch_table.selectRow(0)
        else:
            self.view = None
            self.show_view()

    def status_counts(self, statuses: dict[str, int]) -> str:
        order = list(views.STATUS_NAMES)
        return setting_label(", ", "、").join(
            f"{status_name(s)} {n}"
            for s, n in sorted(statuses.items(), key=lambda x: order.index(x[0]))
        )

    def _batch_selected(self) -> None:
        rows = self.batch_table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.batches):
            self.show_batch(self.batches[rows[0].row()].batch_number)

    def show_batch(self, batch_number: str) -> None:
        try:
            self.view = views.batch_view(self.auth, batch_number=batch_number)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            self.view = None
        self.show_view()

    def show_view(self) -> None:
        view = self.view
        self.export_button.setEnabled(view is not None and view.info.live.claims > 0)
        self.print_summary_button.setEnabled(view is not None and view.info.live.claims > 0)
        if view is None:
            self.batch_heading.setText(self.tr("No batch yet."))
            self.claim_table.setRowCount(0)
            self.status_totals.setRowCount(0)
            fit_rows(self.status_totals, least=1)
            self._claim_selected()
            return
        info = view.info
        self.batch_heading.setText(
            self.tr("%1 · %2 · %3 to %4")
            .replace("%1", info.batch_number)
            .replace("%2", info.scheme_name)
            .replace("%3", info.period_start.isoformat())
            .replace("%4", info.period_end.isoformat())
        )
        fill_table(
            self.claim_table,
            [
                [
                    c.number,
                    c.patient_number,
                    str(c.days),
                    yuan(c.total),
                    yuan(c.payer_amount),
                    yuan(c.subsidy_amount),
                    yuan(c.patient_amount),
                    status_name(c.status),
                    yuan(c.paid_amount),
                    c.reason or payer_note_text(c.payer_note),
                ]
                for c in view.claims
            ],
            right={2, 8} | MONEY_COLUMNS,
        )
        order = list(views.STATUS_NAMES)
        fill_table(
            self.status_totals,
            [
                [
                    status_name(s),
                    str(m.claims),
                    yuan(m.total),
                    yuan(m.payer),
                    yuan(m.subsidy),
                    yuan(m.patient),
                    yuan(m.paid),
                ]
                for s, m in sorted(view.by_status.items(), key=lambda x: order.index(x[0]))
            ],
            right={1, 2, 3, 4, 5, 6},
        )
        fit_rows(self.status_totals, least=1, most=4)
        self._claim_selected()

    def selected_claim(self) -> ClaimRow | None:
        if self.view is None:
            return None
        rows = self.claim_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.view.claims):
            return None
        return self.view.claims[rows[0].row()]

    def select_claim(self, number: str) -> None:
        if self.view is not None:
            numbers = [c.number for c in self.view.claims]
            if number in numbers:
                self.claim_table.selectRow(numbers.index(number))

    def _claim_selected(self) -> None:
        claim = self.selected_claim()
        status = claim.status if claim else ""
        self.open_button.setEnabled(claim is not None)
        self.register_button.setEnabled(claim is not None)
        self.exclude_button.setEnabled(status == "draft")
        self.accepted_button.setEnabled(status == "exported")
        self.paid_button.setEnabled(status in ("exported", "accepted"))
        self.rejected_button.setEnabled(status in ("exported", "accepted"))
        self.correct_button.setEnabled(status == "rejected")

    # --- one claim --------------------------------------------------------------------------

    def open_claim(self) -> ClaimDetailDialog | None:
        claim = self.selected_claim()
        if claim is None:
            return None
        try:
            detail = views.claim_detail(self.auth, claim_number=claim.number)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return None
        self.detail_dialog = ClaimDetailDialog(detail, self.timezone, self)
        self.detail_dialog.open()
        return self.detail_dialog

    def record(
        self,
        status: str,
        *,
        amount: str | None = None,
        on_date: date | None = None,
        reason: str | None = None,
    ) -> bool:
        claim = self.selected_claim()
        if claim is None:
            return False
        try:
            claims.record_outcome(
                self.auth,
                claim_number=claim.number,
                status=status,
                amount=amount,
                on_date=on_date,
                reason=reason,
            )
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return False
        self.show_message(
            self.tr("Claim %1 is now: %2.")
            .replace("%1", claim.number)
            .replace("%2", status_name(status)),
            error=False,
        )
        self.reload_batches()
        self.select_claim(claim.number)
        return True

    def ask_paid(self) -> None:
        claim = self.selected_claim()
        if claim is None:
            return
        dialog = PaidDialog(claim.number, claim.payer_amount, clinic_today(self.auth), self)
        if dialog.exec():
            self.record("paid", amount=dialog.amount.text(), on_date=dialog.day())

    def reason_for(self, title: str, prompt: str) -> tuple[ClaimRow, str] | None:
        """The selected claim and the reason the clerk gives (TITLE names the claim as %1)."""
        claim = self.selected_claim()
        if claim is None:
            return None
        dialog = ReasonDialog(title.replace("%1", claim.number), prompt, self)
        return (claim, dialog.reason.text()) if dialog.exec() else None

    def ask_rejected(self) -> None:
        if given := self.reason_for(self.tr("Rejected: %1"), self.tr("The payer's reason")):
            self.record("rejected", reason=given[1])

    def correct(self) -> None:
        claim = self.selected_claim()
        if claim is None:
            return
        try:
            fixed = claims.correct_claim(self.auth, claim_number=claim.number)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self.show_message(
            self.tr("%1 corrects %2, which is voided.")
            .replace("%1", fixed.number)
            .replace("%2", claim.number),
            error=False,
        )
        self.reload_batches()
        self.select_claim(fixed.number)

    def ask_registration(self) -> RegistrationDialog | None:
        claim = self.selected_claim()
        if claim is None or self.view is None:
            return None
        self.registration_dialog = RegistrationDialog(
            self.auth,
            claim.patient_number,
            self.view.info.scheme_code,
            clinic_today(self.auth),
            self,
        )
        self.registration_dialog.accepted.connect(
            lambda: self.show_message(
                self.tr(
                    "The chronic-disease registration of %1 is recorded; export the batch "
                    "again for its visits."
                ).replace("%1", claim.patient_number),
                error=False,
            )
        )
        self.registration_dialog.open()
        return self.registration_dialog

    def ask_exclude(self) -> None:
        if given := self.reason_for(
            self.tr("Leave %1 out of the export"),
            self.tr("Why (the days can be claimed once fixed)"),
        ):
            self.exclude(given[0].number, given[1])

    def exclude(self, claim_number: str, reason: str) -> bool:
        try:
            claims.exclude_claim(self.auth, claim_number=claim_number, reason=reason)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return False
        self.show_message(
            self.tr("%1 is left out of the export.").replace("%1", claim_number), error=False
        )
        self.reload_batches()
        return True

    def ask_replies(self) -> None:
        dialog = RepliesDialog(self)
        if dialog.exec() and dialog.chosen() is not None:
            self.import_replies(dialog.chosen())  # type: ignore[arg-type]

    def import_replies(self, path: Path) -> platform.ReplyReport | None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.show_message(str(exc))
            return None
        try:
            report = platform.import_platform_replies(self.auth, data=data, reference=path.name)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return None
        text = self.tr("%1 replies recorded.").replace("%1", str(report.applied))
        for row, en, zh in report.problems:
            text += " " + self.tr("Line %1: %2").replace("%1", str(row)).replace(
                "%2", setting_label(en, zh)
            )
        self.show_message(text, error=bool(report.problems))
        self.reload_batches()
        return report

    # --- export and remittance --------------------------------------------------------------

    def ask_export(self) -> ExportDialog | None:
        if self.view is None:
            return None
        try:
            settings = administration.get_settings(self.auth)
        except ClinicError:
            settings = {}
        medins = str(settings.get("medins_code") or "")
        ready = bool(str(settings.get("mdtrtarea_admvs") or "").strip())
        try:  # the same check the export makes: the month's unresolved problems, named
            problems = exports.export_problems(self.auth, batch_number=self.view.info.batch_number)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return None
        self.export_dialog = ExportDialog(
            self.view.info.batch_number,
            medins,
            self.export_folder,
            problems,
            self,
            platform_ready=ready,
        )
        self.export_dialog.accepted.connect(self._export_chosen)
        self.export_dialog.open()
        return self.export_dialog

    def _export_chosen(self) -> None:
        if self.export_dialog is not None and self.export_dialog.choice is not None:
            assert self.view is not None
            self.export(self.view.info.batch_number, self.export_dialog.choice)

    def print_summary(self) -> None:
        """The batch's summary made off the UI thread, then opened in the print preview."""
        if self.view is None:
            return
        auth, name, number = self.auth, self.clinic_name, self.view.info.batch_number
        print_in_background(
            self,
            self.tr("Batch %1").replace("%1", number),
            lambda progress: exports.batch_summary_pdf(auth, batch_number=number, clinic_name=name),
            on_failed=lambda exc: self.show_message(error_text(exc)),
        )

    def export(self, batch_number: str, choice: ExportChoice) -> None:
        """Write the batch's zip off the UI thread; the progress dialog follows the formats."""
        auth, name = self.auth, self.clinic_name
        self.export_button.setEnabled(False)

        def work(progress: Progress) -> ExportResult:
            return exports.export_batch(
                auth,
                batch_number=batch_number,
                target=choice.target,
                passphrase=choice.passphrase,
                clinic_name=name,
                medins_code=choice.medins_code,
                formats=choice.formats,
                progress=progress,
                confirm_problems=choice.confirm_problems,
            )

        def done(result: ExportResult) -> None:
            self.last_export = result
            text = (
                self.tr("%1 exported to %2 (SHA-256 %3…).")
                .replace("%1", self.claims_count(result.claims))
                .replace("%2", str(result.path))
                .replace("%3", result.checksum[:16])
            )
            if result.not_yet_registered:
                text += " " + self.tr(
                    "%1 visits are not yet registered with the platform: the file holds their "
                    "registration (2201); import its reply, then export again."
                ).replace("%1", str(result.not_yet_registered))
            self.show_message(text, error=False)
            self.reload_batches(select=batch_number)

        def failed(exc: Exception) -> None:
            if isinstance(exc, NeedsConfirmation):  # the problems changed since the dialog
                self.show_message(
                    error_text(exc) + " " + self.tr("Nothing was exported: open Export… again.")
                )
            else:
                self.show_message(error_text(exc))
            self.show_view()

        run_in_background(
            self,
            self.tr("Exporting %1…").replace("%1", batch_number),
            work,
            on_done=done,
            on_error=failed,
        )

    def ask_remittance(self) -> None:
        dialog = RemittanceDialog(clinic_today(self.auth), self)
        if dialog.exec() and dialog.path.text().strip():
            self.import_remittance(Path(dialog.path.text().strip()), dialog.day())

    def import_remittance(self, path: Path, paid_on: date) -> RemittanceReport | None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.show_message(str(exc))
            return None
        try:
            report = exports.import_remittance(self.auth, data=data, paid_on=paid_on)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return None
        self.last_report = report
        self.reload_batches()
        self.report_dialog = RemittanceReportDialog(report, self)
        self.report_dialog.open()
        return report

    # --- texts ------------------------------------------------------------------------------

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setProperty("error", "true" if error else "false")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Insurance claims"))
        self.tabs.setTabText(0, self.tr("Build a batch"))
        self.tabs.setTabText(1, self.tr("Batches"))
        self.scheme_label.setText(self.tr("Payer"))
        self.month_label.setText(self.tr("Month"))
        self.build_button.setText(self.tr("Build batch"))
        self.discard_button.setText(self.tr("Discard drafts to fix and rebuild…"))
        for box, title in zip(
            self.build_boxes,
            (
                self.tr("Claims in the batch"),
                self.tr("Excluded: never in a claim file"),
                self.tr("Problems to fix before a claim can be made"),
            ),
            strict=True,
        ):
            box.setTitle(title)
        money = [
            self.tr("Total"),
            self.tr("Payer", "amount column"),
            self.tr("Subsidy"),
            self.tr("Patient", "amount column"),
        ]
        self._headers(
            self.included,
            [
                self.tr("Claim"),
                self.tr("Patient no."),
                self.tr("Days"),
                *money,
                self.tr("Status"),
                self.tr("Note"),
            ],
        )
        self._headers(self.excluded, [self.tr("Patient no."), self.tr("Why excluded")])
        self._headers(self.problems, [self.tr("Patient no."), self.tr("Problem")])
        for box, title in zip(
            self.batch_boxes,
            (self.tr("Batches"), self.tr("Totals per payer"), self.tr("Totals per status")),
            strict=True,
        ):
            box.setTitle(title)
        self._headers(
            self.batch_table,
            [
                self.tr("Batch"),
                self.tr("Payer scheme"),
                self.tr("Month"),
                self.tr("Claims"),
                *money,
                self.tr("Paid"),
                self.tr("Status"),
                self.tr("Exports"),
            ],
        )
        self._headers(
            self.payer_totals,
            [
                self.tr("Payer scheme"),
                self.tr("Claims"),
                self.tr("Total"),
                self.tr("Payer", "amount column"),
                self.tr("Paid"),
            ],
        )
        self._headers(
            self.claim_table,
            [
                self.tr("Claim"),
                self.tr("Patient no."),
                self.tr("Days"),
                *money,
                self.tr("Status"),
                self.tr("Paid"),
                self.tr("Note"),
            ],
        )
        self._headers(
            self.status_totals,
            [self.tr("Status"), self.tr("Claims"), *money, self.tr("Paid")],
        )
        self.refresh_button.setText(self.tr("Refresh"))
        self.export_button.setText(self.tr("Export…"))
        self.print_summary_button.setText(self.tr("Print summary…"))
        self.remittance_button.setText(self.tr("Import remittance…"))
        self.replies_button.setText(self.tr("Import platform replies…"))
        self.register_button.setText(self.tr("Chronic-disease registration…"))
        self.exclude_button.setText(self.tr("Leave out…"))
        self.open_button.setText(self.tr("Open claim"))
        self.accepted_button.setText(self.tr("Accepted"))
        self.paid_button.setText(self.tr("Paid…"))
        self.rejected_button.setText(self.tr("Rejected…"))
        self.correct_button.setText(self.tr("Correct (new version)"))
        self.show_result()
        self.show_view()

    @staticmethod
    def _headers(table: QTableWidget, labels: list[str]) -> None:
        table.setColumnCount(len(labels))
        table.setHorizontalHeaderLabels(labels)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "batch_table"):
            self.retranslate()
        super().changeEvent(event)
