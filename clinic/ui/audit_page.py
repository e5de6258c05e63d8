"""The auditor's page: the audit trail in a paged table with filters, chain verification, the
acknowledgement of a break it finds (an auditor and an administrator together) and CSV export,
the long work off the UI thread."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError
from clinic.privacy import audit_service
from clinic.privacy.audit import AuditFilter, AuditRecord, VerifyResult
from clinic.privacy.permissions import Action, Role, allowed
from clinic.service import AuthContext
from clinic.ui.common import REFUSED, error_text, local_time, show_error
from clinic.ui.i18n import languages
from clinic.ui.stock_forms import MovementDialog
from clinic.ui.worker import run_in_background
from clinic.wording import plural

PAGE_SIZE = 200
KNOWN_ACTIONS = (
    "login",
    "logout",
    *(a.value for a in Action),
    "clinic.init",
    "schema.upgrade",
    "identifiers.normalise",
)
Index = QModelIndex | QPersistentModelIndex


def as_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def describe_verify(result: VerifyResult, zone: ZoneInfo | None = None) -> str:
    """What a verification found; a break acknowledged earlier is named in every report (its
    time in ZONE, the clinic's, as the table shows times; else this computer's)."""
    lines = [
        QCoreApplication.translate(
            "Audit",
            "Acknowledged break at event %1: %2. Acknowledged in event %3 on %4 by auditor %5 "
            "and administrator %6: %7",
        )
        .replace("%1", str(ack.first_bad_seq))
        .replace("%2", ack.problem(languages.current))
        .replace("%3", str(ack.seq))
        .replace("%4", f"{ack.occurred_at.astimezone(zone):%Y-%m-%d %H:%M}")
        .replace("%5", ack.auditor)
        .replace("%6", ack.administrator)
        .replace("%7", ack.reason)
        for ack in result.acknowledged
    ]
    if result.ok and result.acknowledged:
        lines.append(
            QCoreApplication.translate(
                "Audit", "The audit trail is intact since event %1, the break(s) above kept."
            ).replace("%1", str(result.acknowledged[-1].seq))
        )
    elif result.ok:
        lines.append(
            plural(
                result.checked,
                QCoreApplication.translate("Audit", "The audit trail is intact: %n event checked."),
                QCoreApplication.translate(
                    "Audit", "The audit trail is intact: %n events checked."
                ),
            )
        )
    else:
        lines.append(
            QCoreApplication.translate("Audit", "The audit trail is NOT intact: %1").replace(
                "%1", result.problem(languages.current)
            )
        )
    return "\n".join(lines)


class AuditModel(QAbstractTableModel):
    """The filtered trail, newest first, loaded a page at a time as the view scrolls."""

    loaded = Signal()

    COLUMNS = (
        "seq",
        "time",
        "user",
        "workstation",
        "action",
        "entity",
        "entity_id",
        "outcome",
        "details",
    )

    def __init__(self, auth: AuthContext, timezone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.timezone = timezone
        self.filter = AuditFilter()
        self.rows: list[AuditRecord] = []
        self.total = 0

    def set_filter(self, flt: AuditFilter) -> None:
        """Count the matching events and load the first page."""
        self.beginResetModel()
        self.filter = flt
        self.rows = []
        self.total = 0
        try:
            self.total = audit_service.count_audit_events(self.auth, flt=flt)
            self.rows = audit_service.audit_page(self.auth, flt=flt, offset=0, limit=PAGE_SIZE)
        finally:
            self.endResetModel()
            self.loaded.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        try:
            more = audit_service.audit_page(
                self.auth, flt=self.filter, offset=len(self.rows), limit=PAGE_SIZE
            )
        except ClinicError as exc:
            self.total = len(self.rows)
            show_error(None, exc)
            return
        if not more:
            self.total = len(self.rows)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()
        self.loaded.emit()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = {
            "seq": self.tr("No."),
            "time": self.tr("Time"),
            "user": self.tr("User"),
            "workstation": self.tr("Workstation"),
            "action": self.tr("Action"),
            "entity": self.tr("Record"),
            "entity_id": self.tr("Record no."),
            "outcome": self.tr("Outcome"),
            "details": self.tr("Details"),
        }
        return titles[self.COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        rec = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "seq":
                return rec.seq
            if column == "time":
                return local_time(rec.occurred_at, self.timezone)
            if column == "user":
                return rec.username
            if column == "workstation":
                return rec.workstation
            if column == "action":
                return rec.action
            if column == "entity":
                return rec.entity
            if column == "entity_id":
                return rec.entity_id or ""
            if column == "outcome":
                return {
                    "done": self.tr("done"),
                    "denied": self.tr("denied"),
                    "failed": self.tr("failed"),
                }.get(rec.outcome, rec.outcome)
            if column == "details":
                return (
                    json.dumps(rec.details, ensure_ascii=False, sort_keys=True)
                    if rec.details
                    else ""
                )
        if role == Qt.ItemDataRole.ForegroundRole and column == "outcome" and rec.outcome != "done":
            return QColor(REFUSED.text)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1)
            )


class AuditPage(QWidget):
    def __init__(
        self, auth: AuthContext, *, timezone: str = "Asia/Shanghai", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.timezone = timezone
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")

        self.user = QLineEdit()
        self.user.setObjectName("auditUser")
        self.user.setClearButtonEnabled(True)
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.setEditable(True)
        self.action.addItem("")
        self.action.addItems(list(KNOWN_ACTIONS))
        self.entity_id = QLineEdit()
        self.entity_id.setObjectName("auditEntityId")
        self.entity_id.setClearButtonEnabled(True)
        today = QDate.currentDate()
        self.use_since = QCheckBox()
        self.use_since.setObjectName("auditUseSince")
        self.since = QDateEdit(today.addDays(-30))
        self.since.setObjectName("auditSince")
        self.since.setCalendarPopup(True)
        self.use_until = QCheckBox()
        self.use_until.setObjectName("auditUseUntil")
        self.until = QDateEdit(today)
        self.until.setObjectName("auditUntil")
        self.until.setCalendarPopup(True)
        for edit in (self.since, self.until):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.use_since.toggled.connect(self.since.setEnabled)
        self.use_until.toggled.connect(self.until.setEnabled)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("auditApply")
        self.apply_button.clicked.connect(self.apply_filter)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("auditClear")
        self.clear_button.clicked.connect(self.clear_filter)
        for field in (self.user, self.entity_id):
            field.returnPressed.connect(self.apply_filter)

        self.labels = {name: QLabel() for name in ("user", "action", "entity", "since", "until")}
        filters = QGridLayout()
        filters.addWidget(self.labels["user"], 0, 0)
        filters.addWidget(self.user, 0, 1)
        filters.addWidget(self.labels["action"], 0, 2)
        filters.addWidget(self.action, 0, 3)
        filters.addWidget(self.labels["entity"], 0, 4)
        filters.addWidget(self.entity_id, 0, 5)
        dates = QHBoxLayout()
        dates.addWidget(self.use_since)
        dates.addWidget(self.since)
        dates.addWidget(self.use_until)
        dates.addWidget(self.until)
        dates.addStretch(1)
        dates.addWidget(self.clear_button)
        dates.addWidget(self.apply_button)
        filters.addLayout(dates, 1, 0, 1, 6)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        filters.setColumnStretch(5, 1)

        self.model = AuditModel(auth, timezone, self)
        self.model.loaded.connect(self._update_count)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((60, 150, 90, 110, 130, 80, 90, 70)):
            self.table.setColumnWidth(column, width)
        self.count = QLabel()
        self.count.setObjectName("auditCount")

        self.verify_button = QPushButton()
        self.verify_button.setObjectName("verifyChain")
        self.verify_button.clicked.connect(self.verify)
        self.verify_button.setVisible(allowed(Action.AUDIT_VERIFY, auth.actor.roles))
        self.acknowledge_button = QPushButton()
        self.acknowledge_button.setObjectName("acknowledgeBreak")
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.acknowledge_button.setVisible(False)  # once a verification finds a break
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportCsv")
        self.export_button.clicked.connect(self.export)
        self.export_button.setVisible(allowed(Action.AUDIT_EXPORT, auth.actor.roles))
        self.verify_result = QLabel()
        self.verify_result.setObjectName("verifyResult")
        self.verify_result.setWordWrap(True)
        self.last_verify: VerifyResult | None = None
        actions = QHBoxLayout()
        actions.addWidget(self.verify_button)
        actions.addWidget(self.acknowledge_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.verify_result, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.retranslate()
        self.apply_filter()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Audit trail"))
        self.labels["user"].setText(self.tr("User"))
        self.labels["action"].setText(self.tr("Action"))
        self.labels["entity"].setText(self.tr("Patient / record no."))
        self.use_since.setText(self.tr("From"))
        self.use_until.setText(self.tr("To"))
        self.apply_button.setText(self.tr("Filter"))
        self.clear_button.setText(self.tr("Clear"))
        self.verify_button.setText(self.tr("Verify chain"))
        self.acknowledge_button.setText(self.tr("Acknowledge break…"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.model.retranslate()
        self._update_count()
        if self.last_verify is not None:
            self.verify_result.setText(describe_verify(self.last_verify, self._zone()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _zone(self) -> ZoneInfo | None:
        try:
            return ZoneInfo(self.timezone)
        except (KeyError, ValueError):
            return None

    def _utc(self, day: date) -> datetime:
        """Midnight at the start of DAY in the site's time zone, in UTC."""
        zone = self._zone()
        start = (
            datetime.combine(day, time(0, 0), tzinfo=zone)
            if zone
            else (datetime.combine(day, time(0, 0)).astimezone())
        )
        return start.astimezone(UTC)

    def current_filter(self) -> AuditFilter:
        since = self._utc(as_date(self.since.date())) if self.use_since.isChecked() else None
        until = (
            self._utc(as_date(self.until.date()) + timedelta(days=1))
            if self.use_until.isChecked()
            else None
        )
        return AuditFilter(
            since=since,
            until=until,
            username=self.user.text().strip().lower() or None,
            action=self.action.currentText().strip() or None,
            entity_id=self.entity_id.text().strip() or None,
        )

    def apply_filter(self) -> None:
        try:
            self.model.set_filter(self.current_filter())
        except ClinicError as exc:
            show_error(self, exc)

    def clear_filter(self) -> None:
        self.user.clear()
        self.action.setCurrentIndex(0)
        self.entity_id.clear()
        self.use_since.setChecked(False)
        self.use_until.setChecked(False)
        self.apply_filter()

    def _update_count(self) -> None:
        self.count.setText(
            self.tr("%1 of %2 matching events shown (more load as you scroll).")
            .replace("%1", str(len(self.model.rows)))
            .replace("%2", str(self.model.total))
        )

    def verify(self) -> None:
        auth = self.auth
        self.verify_button.setEnabled(False)
        self.verify_result.setText(self.tr("Verifying…"))
        run_in_background(
            self,
            self.tr("Verifying the audit trail…"),
            lambda progress: audit_service.verify_audit_trail(auth, progress=progress),
            on_done=self._verified,
            on_error=self._failed,
        )

    def _verified(self, result: VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        self.last_verify = result
        self.verify_result.setProperty("error", not result.ok or bool(result.acknowledged))
        self.verify_result.style().unpolish(self.verify_result)
        self.verify_result.style().polish(self.verify_result)
        self.verify_result.setText(describe_verify(result, self._zone()))
        self.acknowledge_button.setVisible(
            not result.ok
            and result.first_bad_seq is not None
            and allowed(Action.AUDIT_ACKNOWLEDGE, self.auth.actor.roles)
        )

    def acknowledge(self) -> None:
        """The break the last verification found, acknowledged by two people in a dialog; then
        the trail is verified again, so the page says it is whole since the acknowledgement."""
        found = self.last_verify
        if found is None or found.ok or found.first_bad_seq is None:
            return
        dialog = AcknowledgeBreakDialog(self.auth, found, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.acknowledge_button.setVisible(False)
            self.apply_filter()  # the acknowledgement's event in the table
            self.verify()

    def _failed(self, exc: Exception) -> None:
        self.verify_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.verify_result.setText(error_text(exc))
        show_error(self, exc)

    def export(self) -> None:
        default = (
            Path.home() / f"audit-{datetime.now(UTC).astimezone().strftime('%Y%m%d-%H%M')}.csv"
        )
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit trail"), str(default), self.tr("CSV files (*.csv)")
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, target: Path) -> None:
        """Write the events in the chosen date range to TARGET, off the UI thread."""
        flt = self.current_filter()
        auth = self.auth
        self.export_button.setEnabled(False)
        run_in_background(
            self,
            self.tr("Exporting the audit trail…"),
            lambda progress: audit_service.export_audit_csv(
                auth, target=target, since=flt.since, until=flt.until, progress=progress
            ),
            on_done=lambda rows: self._exported(target, rows),
            on_error=self._failed,
        )

    def _exported(self, target: Path, rows: int) -> None:
        self.export_button.setEnabled(True)
        self.last_export = (target, rows)
        self.verify_result.setText(
            self.tr("%1 events written to %2 (date range only; other filters do not apply).")
            .replace("%1", str(rows))
            .replace("%2", str(target))
        )


class AcknowledgeBreakDialog(MovementDialog):
    """The break a verification found, acknowledged by the auditor and an administrator
    together, each typing their own password: the broken events stay, every later verification
    names the break, and work goes on. A wrong password writes nothing."""

    def __init__(
        self, auth: AuthContext, found: VerifyResult, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            auth, self.tr("Acknowledge a break in the audit trail"), witness=False, parent=parent
        )
        self.setObjectName("acknowledgeBreakDialog")
        assert found.first_bad_seq is not None
        self.first_bad_seq = found.first_bad_seq
        roles = auth.actor.roles
        self.second_is_auditor = Role.ADMINISTRATOR in roles and Role.AUDITOR not in roles
        self.set_intro(
            self.tr(
                "An auditor and an administrator acknowledge this break together, each with their "
                "own password. The broken events stay in the trail and every later verification "
                "reports the break; work can go on. Acknowledge it only after examining it (e.g. "
                "against the last backup)."
            )
        )
        self.event_number = QLabel(str(found.first_bad_seq))
        self.event_number.setObjectName("ackEvent")
        self.problem = QLabel(found.problem(languages.current))
        self.problem.setObjectName("ackProblem")
        self.problem.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("ackReason")
        self.reason.setPlaceholderText(
            self.tr(
                "What was examined, and why work may go on (e.g. checked against the last backup)"
            )
        )
        self.reason.setFixedHeight(72)
        self.reason.setTabChangesFocus(True)
        self.own_password = _password("ackOwnPassword")
        self.second_user = QLineEdit()
        self.second_user.setObjectName("ackSecondUser")
        self.second_password = _password("ackSecondPassword")
        me = auth.actor.username
        self.form.addRow(self.tr("Break at event"), self.event_number)
        self.form.addRow(self.tr("Problem found"), self.problem)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.form.addRow(self.tr("Your password (%1)").replace("%1", me), self.own_password)
        if self.second_is_auditor:
            self.form.addRow(self.tr("Auditor's user name"), self.second_user)
            self.form.addRow(self.tr("Auditor's password"), self.second_password)
        else:
            self.form.addRow(self.tr("Administrator's user name"), self.second_user)
            self.form.addRow(self.tr("Administrator's password"), self.second_password)
        self.fields = {
            "reason": self.reason,
            "own_password": self.own_password,
            "authoriser": self.second_user,
            "authoriser_password": self.second_password,
        }
        self.ok_button.setText(self.tr("Acknowledge break"))
        self.busy = False

    def save(self) -> None:
        """Off the UI thread (the service verifies the whole trail again); a refusal is shown in
        place with the passwords cleared, nothing written."""
        if self.busy:
            return
        self.busy = True
        self.ok_button.setEnabled(False)
        self.show_message(self.tr("Verifying the trail and acknowledging the break…"))
        auth, seq = self.auth, self.first_bad_seq
        reason = self.reason.toPlainText()
        own = self.own_password.text()
        second, second_password = self.second_user.text(), self.second_password.text()
        run_in_background(
            self,
            self.tr("Acknowledging the break…"),
            lambda _progress: audit_service.acknowledge_audit_break(
                auth,
                first_bad_seq=seq,
                reason=reason,
                authoriser=second,
                authoriser_password=second_password,
                own_password=own,
            ),
            on_done=self._done,
            on_error=self._refused,
            cancellable=False,
        )

    def _done(self, outcome: object) -> None:
        self.busy = False
        self.outcome = outcome
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.own_password.clear()
        self.second_password.clear()
        self.show_message(error_text(exc) if isinstance(exc, ClinicError) else str(exc))
        self.focus_field(exc.details.get("field") if isinstance(exc, ClinicError) else None)


def _password(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit
