"""The main window: a sidebar of the pages the user's roles allow, the idle lock, status bar."""

from __future__ import annotations

import contextlib
import importlib
import threading
from datetime import UTC, datetime
from pathlib import Path
from time import monotonic
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic import administration, backups
from clinic.administration import SiteInfo
from clinic.app import Clinic
from clinic.config import BACKUP_DIR
from clinic.errors import (
    AccountLocked,
    AuthenticationFailed,
    ClinicError,
    PermissionDenied,
    SessionLocked,
)
from clinic.privacy import audit_service, users
from clinic.privacy.audit import VerifyResult
from clinic.privacy.permissions import Action, allowed
from clinic.satellite.station import Station
from clinic.service import AuthContext
from clinic.ui.common import error_text, role_names, show_error, ui_settings
from clinic.ui.i18n import languages, resolve
from clinic.ui.lock import IdleWatcher, LockPage
from clinic.ui.login import LoginDialog
from clinic.ui.offline import LateDoseDialog, OfflineBanner, ReviewListDialog
from clinic.ui.pages import PageSpec, PlaceholderPage, pages_for
from clinic.ui.password import ChangePasswordDialog
from clinic.ui.worker import on_ui_thread, run_in_background

# How often the window tells the core that the user is still at it (a write a minute at most).
KEEP_ALIVE_SECONDS = 60
# How often a satellite workstation asks whether the server answers.
PROBE_EVERY_MS = 5_000


# The pages' modules, imported on first use: a third of a second of imports (the charts, the
# Excel writer, the print dialogs) that `prepare_pages` moves to while the login dialog waits.
PAGE_MODULES = (
    "clinic.ui.audit_page",
    "clinic.ui.claims_page",
    "clinic.ui.dashboard_page",
    "clinic.ui.dosing_page",
    "clinic.ui.inspection_page",
    "clinic.ui.patients_page",
    "clinic.ui.payers_page",
    "clinic.ui.reconcile_page",
    "clinic.ui.reports_page",
    "clinic.ui.settings_page",
    "clinic.ui.stock_page",
    "clinic.ui.users_page",
)


def prepare_pages() -> None:
    """Import every page's module now (the login dialog calls it while the user types), so the
    main window opens at once after sign-in."""
    for name in PAGE_MODULES:
        importlib.import_module(name)


class MainWindow(QMainWindow):
    """One window per running program; each login session rebuilds its pages."""

    session_started = Signal()

    def __init__(self, clinic: Clinic) -> None:
        super().__init__()
        self.clinic = clinic
        self.auth: AuthContext | None = None
        self.locked = False
        self.site_code: str | None = None
        self.site_name: str | None = None
        self.site_timezone = "Asia/Shanghai"
        self.clinic_name = clinic.settings.clinic_name
        # The pages built so far: each is built when first shown (or asked for), and stands in
        # the stack behind an empty placeholder until then.
        self.page_widgets: dict[str, QWidget] = {}
        self.placeholders: dict[str, QWidget] = {}
        self.specs: list[PageSpec] = []
        self.setObjectName("mainWindow")

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(200)
        self.navigation.setIconSize(QSize(0, 0))
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        self.navigation.currentRowChanged.connect(self._show_row)
        self.workspace = QWidget()
        self.workspace.setObjectName("workspace")
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.lock_page = LockPage()
        self.lock_page.unlock_requested.connect(self.unlock)
        self.lock_page.switch_user_requested.connect(self.switch_user)
        self.shell = QStackedWidget()
        self.shell.addWidget(self.workspace)
        self.shell.addWidget(self.lock_page)
        # A satellite workstation (server mode): its replica, and the banner while offline.
        self.station = Station.open(
            clinic.db,
            clinic.keystore,
            clinic.settings.satellite_site,
            clinic.home,
            clinic.demo,
        )
        self.online_clinic = clinic
        self._probing = False
        self.closing = False
        self.banner = OfflineBanner()
        self.banner.send_requested.connect(self.send_offline)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.shell, 1)
        self.setCentralWidget(central)
        self._refreshing = False
        self.probe_timer = QTimer(self)
        self.probe_timer.timeout.connect(self.probe_link)
        if self.station is not None:
            self.probe_timer.start(PROBE_EVERY_MS)

        self._build_status_bar()
        self._build_menus()
        self._last_keep_alive = monotonic()
        self.idle = IdleWatcher(self, 5)
        self.idle.idle.connect(lambda: self.lock(reason="idle"))
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(self.idle)
        self.clock_timer = QTimer(self)
        self.clock_timer.timeout.connect(self._tick)
        self.clock_timer.start(1000)
        self.retranslate()
        geometry = ui_settings().value("geometry")
        self.restored = geometry is not None and self.restoreGeometry(geometry)
        if not self.restored:
            self.resize(1280, 720)  # fits a 1366×768 screen when taken out of maximised

    def show_for_work(self) -> None:
        """Maximised the first time (the dosing window is made to fit 1366×768 so); as it was
        left after that."""
        if self.restored:
            self.show()
        else:
            self.showMaximized()

    # --- building ----------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel()
        self.user_label.setObjectName("statusUser")
        self.roles_label = QLabel()
        self.roles_label.setObjectName("statusRoles")
        self.site_label = QLabel()
        self.site_label.setObjectName("statusSite")
        self.mode_label = QLabel()
        self.mode_label.setObjectName("statusMode")
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demoBadge")
        self.demo_label.setVisible(self.clinic.demo)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("statusClock")
        for label in (self.user_label, self.roles_label, self.site_label, self.mode_label):
            bar.addWidget(label)
        bar.addPermanentWidget(self.demo_label)
        bar.addPermanentWidget(self.clock_label)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock(reason="manual"))
        self.password_action = QAction(self)
        self.password_action.triggered.connect(self.change_password)
        self.logout_action = QAction(self)
        self.logout_action.triggered.connect(self.logout)
        self.backup_action = QAction(self)
        self.backup_action.triggered.connect(self.backup)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.site_menu = self.file_menu.addMenu("")
        self.site_group = QActionGroup(self)
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.password_action)
        self.file_menu.addAction(self.logout_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.tools_menu = bar.addMenu("")
        self.verify_action = QAction(self)
        self.verify_action.triggered.connect(self.verify_audit)
        self.tools_menu.addAction(self.verify_action)
        self.review_action = QAction(self)
        self.review_action.triggered.connect(self.show_review_list)
        self.tools_menu.addAction(self.review_action)
        self.late_dose_action = QAction(self)
        self.late_dose_action.triggered.connect(self.enter_late_dose)
        self.tools_menu.addAction(self.late_dose_action)

        self.help_menu = bar.addMenu("")
        self.help_action = QAction(self)
        self.help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        if self.help_action.shortcut().isEmpty():
            self.help_action.setShortcut(QKeySequence("F1"))
        self.help_action.triggered.connect(self.show_help)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.help_action)
        self.help_menu.addAction(self.about_action)
        for action in (self.lock_action, self.quit_action, self.help_action):
            self.addAction(action)  # shortcuts work wherever the focus is in the window
        self.session_actions = [
            self.password_action,
            self.logout_action,
            self.backup_action,
            self.verify_action,
            self.site_menu.menuAction(),
        ]

    def retranslate(self) -> None:
        self.setWindowTitle(self._title())
        self.file_menu.setTitle(self.tr("&File"))
        self.site_menu.setTitle(self.tr("This workstation's site"))
        self.lock_action.setText(self.tr("&Lock screen"))
        self.password_action.setText(self.tr("Change my password…"))
        self.logout_action.setText(self.tr("Sign &out"))
        self.backup_action.setText(self.tr("&Back up now…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.verify_action.setText(self.tr("&Verify the audit trail"))
        self.review_action.setText(self.tr("Offline doses to review…"))
        self.late_dose_action.setText(self.tr("Enter a dose given by hand…"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.help_action.setText(self.tr("&Help"))
        self.about_action.setText(self.tr("&About"))
        self.demo_label.setText(self.tr("DEMO"))
        for index, spec in enumerate(self.specs):
            item = self.navigation.item(index)
            if item is not None:
                item.setText(spec.translated_title())
        self._update_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _title(self) -> str:
        title = self.clinic_name
        if self.clinic.demo:
            title = f"{title} — {self.tr('DEMO')}"
        return title

    # --- sessions ----------------------------------------------------------------------------

    def start_session(self, auth: AuthContext) -> None:
        """Rebuild the window for AUTH's user: their pages, their settings, a fresh idle timer."""
        self._clear_pages()
        self.auth = auth
        self.locked = False
        settings = administration.get_settings(auth)
        self.clinic_name = str(settings.get("clinic_name") or self.clinic.settings.clinic_name)
        clinic_language = settings.get("language", "system")
        choice = (
            clinic_language
            if clinic_language != "system"
            else ui_settings().value("language", "system")
        )
        if resolve(str(choice)) != languages.current:
            languages.apply(str(choice))
        self._choose_site(administration.list_sites(auth))
        self.specs = pages_for(auth.actor.roles)
        for spec in self.specs:
            placeholder = QWidget()
            self.placeholders[spec.key] = placeholder
            self.stack.addWidget(placeholder)
            item = QListWidgetItem(spec.translated_title())
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.navigation.addItem(item)
        if self.specs:
            self.navigation.setCurrentRow(0)
        roles = auth.actor.roles
        self.backup_action.setVisible(allowed(Action.BACKUP_CREATE, roles))
        self.verify_action.setVisible(allowed(Action.AUDIT_VERIFY, roles))
        online = not auth.db.replica
        self.review_action.setVisible(online and allowed(Action.DOSE_REVIEW, roles))
        self.late_dose_action.setVisible(online and allowed(Action.DOSE_LATE, roles))
        self.tools_menu.menuAction().setVisible(
            any(
                a.isVisible()
                for a in (self.verify_action, self.review_action, self.late_dose_action)
            )
        )
        for action in self.session_actions:
            action.setEnabled(True)
        self.lock_action.setEnabled(True)
        self.shell.setCurrentWidget(self.workspace)
        self.idle.set_minutes(int(settings.get("idle_lock_minutes", 5)))
        if self.station is not None and not auth.db.replica:
            self.refresh_replica()  # signed in online: the offline copy made current
        self.retranslate()
        self.session_started.emit()

    def _make_page(self, spec: PageSpec) -> QWidget:
        assert self.auth is not None
        if spec.key == "users":
            from clinic.ui.users_page import UsersPage

            return UsersPage(self.auth)
        if spec.key == "settings":
            from clinic.ui.settings_page import SettingsPage

            page = SettingsPage(self.auth)
            page.setting_changed.connect(self._setting_changed)
            page.sites_changed.connect(self._sites_changed)
            return page
        if spec.key == "audit":
            from clinic.ui.audit_page import AuditPage

            return AuditPage(self.auth, timezone=self.site_timezone)
        if spec.key == "patients":
            from clinic.ui.patients_page import PatientsPage

            return PatientsPage(self.auth, clinic_name=self.clinic_name, site_code=self.site_code)
        if spec.key == "stock":
            from clinic.ui.stock_page import StockPage

            return StockPage(self.auth, clinic_name=self.clinic_name, site_code=self.site_code)
        if spec.key == "reconciliation":
            from clinic.ui.reconcile_page import ReconciliationPage

            return ReconciliationPage(self.auth, site_code=self.site_code)
        if spec.key == "reports":
            from clinic.ui.reports_page import ReportsPage

            return ReportsPage(self.auth, clinic_name=self.clinic_name, site_code=self.site_code)
        if spec.key == "dosing":
            from clinic.ui.dosing_page import DosingPage

            return DosingPage(
                self.auth,
                clinic_name=self.clinic_name,
                site_code=self.site_code,
                timezone=self.site_timezone,
                settings_key=f"dosing_window/{self.clinic.settings.clinic_id}",
            )
        if spec.key == "claims":
            from clinic.ui.claims_page import ClaimsPage

            return ClaimsPage(self.auth, clinic_name=self.clinic_name, timezone=self.site_timezone)
        if spec.key == "inspection":
            from clinic.ui.inspection_page import InspectionPage

            return InspectionPage(self.auth, clinic_name=self.clinic_name, site_code=self.site_code)
        if spec.key == "dashboard":
            from clinic.ui.dashboard_page import DashboardPage

            return DashboardPage(self.auth, demo=self.clinic.demo)
        if spec.key == "payers":
            from clinic.ui.payers_page import PayersPage

            return PayersPage(self.auth)
        return PlaceholderPage(spec)

    def _clear_pages(self) -> None:
        # No spec first: clearing the sidebar moves its current row through the other pages,
        # and a page built then (the session ending) would meet a refusal, told in a modal box.
        self.specs = []
        self.navigation.clear()
        for widget in [*self.page_widgets.values(), *self.placeholders.values()]:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.page_widgets.clear()
        self.placeholders.clear()

    def _show_row(self, row: int) -> None:
        """The page chosen in the sidebar, built now if it is shown for the first time."""
        if self.auth is not None and not self.locked and 0 <= row < len(self.specs):
            key = self.specs[row].key
            self.stack.setCurrentWidget(self._built(key) or self.placeholders[key])

    def _built(self, key: str) -> QWidget | None:
        """KEY's page, built in its placeholder's place the first time it is wanted; None if
        its first reads were refused (a session the core locked shows the lock page)."""
        built = self.page_widgets.get(key)
        if built is not None:
            return built
        spec = next(s for s in self.specs if s.key == key)
        try:
            widget = self._make_page(spec)
        except SessionLocked:
            self.lock(reason="manual")  # unlocked, the page is built then
            return None
        except ClinicError as exc:
            self.statusBar().showMessage(error_text(exc), 15000)
            return None
        placeholder = self.placeholders.pop(key)
        self.page_widgets[key] = widget
        self.stack.insertWidget(self.stack.indexOf(placeholder), widget)
        if self.stack.currentWidget() is placeholder:
            # before the placeholder goes, or the stack would show (and load) another page
            self.stack.setCurrentWidget(widget)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        return widget

    def built_pages(self) -> list[str]:
        """The keys of the pages built so far in this session (shown, or asked for)."""
        return [spec.key for spec in self.specs if spec.key in self.page_widgets]

    def page(self, key: str) -> QWidget | None:
        """KEY's page (built now if it has not been shown yet); None if the user has none."""
        if key not in self.page_widgets and key not in self.placeholders:
            return None
        return self._built(key)

    def page_keys(self) -> list[str]:
        return [spec.key for spec in self.specs]

    def show_page(self, key: str) -> None:
        keys = self.page_keys()
        if key in keys:
            self.navigation.setCurrentRow(keys.index(key))

    def _choose_site(self, sites: list[SiteInfo]) -> None:
        active = [s for s in sites if s.active]
        key = f"site/{self.clinic.settings.clinic_id}"
        saved = ui_settings().value(key)
        if self.station is not None:  # a satellite's workstation is at its satellite
            saved = self.station.site_code
        chosen = next((s for s in active if s.code == saved), active[0] if active else None)
        self.site_menu.clear()
        for action in self.site_group.actions():
            self.site_group.removeAction(action)
        for site in active:
            action = QAction(f"{site.code} — {site.name}", self)
            action.setCheckable(True)
            action.setChecked(site is chosen)
            action.triggered.connect(lambda _=False, s=site: self._set_site(s))
            self.site_group.addAction(action)
            self.site_menu.addAction(action)
        self.site_menu.menuAction().setVisible(len(active) > 1)
        if chosen is not None:
            self._set_site(chosen)

    def _set_site(self, site: SiteInfo) -> None:
        self.site_code, self.site_name, self.site_timezone = site.code, site.name, site.timezone
        store = ui_settings()
        store.setValue(f"site/{self.clinic.settings.clinic_id}", site.code)
        store.setValue(f"site_name/{self.clinic.settings.clinic_id}", site.name)
        self._update_status()

    def _sites_changed(self) -> None:
        if self.auth is not None:
            try:
                self._choose_site(administration.list_sites(self.auth))
            except ClinicError as exc:
                show_error(self, exc)

    def _setting_changed(self, key: str, value: object) -> None:
        if key == "idle_lock_minutes":
            self.idle.set_minutes(int(value))  # type: ignore[call-overload]
        elif key == "language":
            choice = value if value != "system" else ui_settings().value("language", "system")
            languages.apply(str(choice))
        elif key == "clinic_name":
            self.clinic_name = str(value)
            self.setWindowTitle(self._title())

    def _update_status(self) -> None:
        if self.auth is None:
            for label in (self.user_label, self.roles_label, self.site_label):
                label.clear()
        else:
            actor = self.auth.actor
            self.user_label.setText(
                self.tr("User: %1 (%2)")
                .replace("%1", actor.full_name)
                .replace("%2", actor.username)
            )
            self.roles_label.setText(self.tr("Role: %1").replace("%1", role_names(actor.roles)))
            self.site_label.setText(self.tr("Site: %1").replace("%1", self.site_name or "—"))
        if self.clinic.db.replica:
            mode = self.tr("offline copy")
        elif self.clinic.db.mode == "embedded":
            mode = self.tr("embedded database")
        else:
            mode = self.tr("server database")
        self.mode_label.setText(mode)
        self._tick()

    def _tick(self) -> None:
        try:
            zone = ZoneInfo(self.site_timezone)
        except (KeyError, ValueError):
            zone = None
        now = datetime.now(UTC).astimezone(zone) if zone else datetime.now(UTC).astimezone()
        self.clock_label.setText(now.strftime("%Y-%m-%d %H:%M"))
        self._keep_session_alive()

    def _keep_session_alive(self) -> None:
        """Typing or reading without saving is not idle: the core locks idle sessions itself."""
        if self.auth is None or self.locked or not self.idle.active:
            return
        if monotonic() - self._last_keep_alive < KEEP_ALIVE_SECONDS:
            return
        self.idle.active = False
        self._last_keep_alive = monotonic()
        try:
            users.keep_alive(self.auth)
        except SessionLocked:  # locked by the core (idle elsewhere, too many witness typos)
            self.lock(reason="manual")
        except ClinicError:  # the next real call reports what is wrong
            pass

    # --- lock --------------------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self.locked

    def lock(self, *, reason: str = "idle") -> None:
        """Hide every page at once (and any open dialog) behind the lock page."""
        if self.auth is None or self.locked:
            return
        self.locked = True
        self.idle.stop()
        with contextlib.suppress(
            ClinicError
        ):  # the lock holds even if the record cannot be written
            users.lock(self.auth, reason=reason)
        for widget in QApplication.topLevelWidgets():
            if widget is not self and isinstance(widget, QDialog) and widget.isVisible():
                if widget.property("keepOverLock"):
                    continue
                widget.reject()
        self.lock_page.prepare(self.auth.actor.username, self.auth.actor.full_name)
        self.shell.setCurrentWidget(self.lock_page)
        for action in self.session_actions:
            action.setEnabled(False)
        self.lock_action.setEnabled(False)
        self.statusBar().showMessage(
            self.tr("Locked after inactivity") if reason == "idle" else self.tr("Locked"), 0
        )

    def unlock(self, password: str) -> None:
        assert self.auth is not None
        try:
            users.unlock(self.auth, password=password)
        except AccountLocked as exc:
            self.lock_page.show_message(error_text(exc))
            return
        except AuthenticationFailed as exc:
            self.lock_page.show_message(error_text(exc))
            return
        except PermissionDenied:
            self.lock_page.show_message(self.tr("This session has ended. Sign in again."))
            self.switch_user()
            return
        except ClinicError as exc:
            self.lock_page.show_message(error_text(exc))
            return
        self._unlocked()

    def _unlocked(self) -> None:
        self.locked = False
        self.statusBar().clearMessage()
        self._show_row(self.navigation.currentRow())  # built now if the lock came first
        self.shell.setCurrentWidget(self.workspace)
        for action in self.session_actions:
            action.setEnabled(True)
        self.lock_action.setEnabled(True)
        self.idle.restart()

    def switch_user(self) -> None:
        """Another user signs in on the locked screen; the locked user's session ends."""
        dialog = LoginDialog(self.clinic, self, take_over=True, site_name=self.site_name)
        dialog.setProperty("keepOverLock", True)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.auth is not None:
            self.statusBar().clearMessage()
            self.start_session(dialog.auth)

    # --- a satellite's link ------------------------------------------------------------------

    def probe_link(self) -> None:
        """Ask, off the UI thread, whether the server answers (a few seconds at most)."""
        station = self.station
        if station is None or self._probing:
            return
        self._probing = True
        answer = on_ui_thread(self, self.link_answered)

        def ask() -> None:
            answer(station.reachable())

        threading.Thread(target=ask, name="link-probe", daemon=True).start()

    def link_answered(self, up: bool) -> None:
        self._probing = False
        station = self.station
        if station is None or self.closing:
            return  # an answer that came back after the window was closed
        if not up and not station.offline:
            self.enter_offline()
        elif up and station.offline:
            self.banner.show_state("back", waiting=station.waiting()[0])
        elif up and station.due(datetime.now(UTC)):
            self.refresh_replica()

    def refresh_replica(self) -> None:
        """Bring the replica up to date with the server, off the UI thread (while online, at
        sign-in and every few minutes; the doses given here reach it as they are given)."""
        station = self.station
        if station is None or station.offline or self._refreshing:
            return
        self._refreshing = True
        done = on_ui_thread(self, self.replica_refreshed)

        def rebuild() -> None:
            try:
                station.refresh()
            except Exception as exc:
                done(str(exc))
            else:
                done("")

        threading.Thread(target=rebuild, name="replica-refresh", daemon=True).start()

    def replica_refreshed(self, problem: str) -> None:
        self._refreshing = False
        if problem and not self.closing:
            self.statusBar().showMessage(
                self.tr(
                    "This workstation's offline copy could not be brought up to date: %1"
                ).replace("%1", problem),
                15000,
            )

    def enter_offline(self) -> None:
        """The server cannot be reached: say so at once, and sign in on the replica to go on
        dosing (the sign-in there is the nurse's own, as online)."""
        station = self.station
        assert station is not None
        try:
            replica = station.go_offline("server unreachable")
        except ClinicError as exc:
            show_error(self, exc)
            return
        self.banner.limit_hours = station.offline_hours()
        self.banner.zone = self.site_timezone
        self.banner.show_state("offline", since=datetime.now(UTC))
        self.idle.stop()
        self._clear_pages()
        self.auth = None
        self.clinic = Clinic(
            self.online_clinic.home,
            self.online_clinic.settings,
            replica,
            self.online_clinic.keystore,
        )
        self._update_status()
        self.sign_in_here()

    def sign_in_here(self) -> None:
        dialog = LoginDialog(self.clinic, self, site_name=self.site_name)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.auth is not None:
            self.start_session(dialog.auth)

    def send_offline(self) -> None:
        """The link is back: the nurse signs in online; what was recorded offline is sent."""
        station = self.station
        if station is None or not station.offline:
            return
        dialog = LoginDialog(self.online_clinic, self, site_name=self.site_name)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.auth is None:
            return
        self.send_with(dialog.auth)

    def send_with(self, online: AuthContext) -> None:
        station = self.station
        assert station is not None
        if self.auth is not None and self.auth.db.replica:
            # The offline session ends first (its sign-out in the replica's trail, sent with it);
            # no page keeps writing to a replica about to be replaced.
            self._end_session("logout")
        try:
            result = station.send(online)
        except ClinicError as exc:
            show_error(self, exc)
            return
        self.clinic = self.online_clinic
        self.banner.show_state("online")
        self.start_session(online)
        self.statusBar().showMessage(
            self.tr("Sent: %1 doses recorded, %2 on the review list, %3 trail entries.")
            .replace("%1", str(result.recorded + result.already))
            .replace("%2", str(result.reviews))
            .replace("%3", str(result.events)),
            15000,
        )

    def show_review_list(self) -> None:
        if self.auth is not None:
            ReviewListDialog(self.auth, self).exec()

    def enter_late_dose(self) -> None:
        if self.auth is not None:
            LateDoseDialog(self.auth, self, zone=self.site_timezone).exec()

    # --- menu commands -----------------------------------------------------------------------

    def change_password(self) -> None:
        if self.auth is not None:
            ChangePasswordDialog(self.auth, self).exec()

    def logout(self) -> None:
        """End the session and show the login dialog again (or quit if it is cancelled)."""
        self._end_session("logout")
        self.hide()
        dialog = LoginDialog(self.clinic, None, site_name=self.site_name)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.auth is not None:
            self.start_session(dialog.auth)
            self.show()
        else:
            self.close()

    def _end_session(self, reason: str) -> None:
        if self.auth is not None:
            try:
                users.logout(self.auth, reason=reason)
            except ClinicError as exc:
                show_error(self, exc)
        self.idle.stop()
        self._clear_pages()
        self.auth = None
        self.locked = False
        self._update_status()

    def backup(self) -> None:
        if self.auth is None:
            return
        stamp = datetime.now(UTC).astimezone().strftime("%Y%m%d-%H%M")
        default = self.clinic.home / BACKUP_DIR / f"clinic-{stamp}.clinicbak"
        default.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Back up the clinic"),
            str(default),
            self.tr("Clinic backups (*.clinicbak)"),
        )
        if chosen:
            self.backup_to(Path(chosen))

    def backup_to(self, target: Path) -> None:
        """Write an encrypted backup to TARGET off the UI thread, with a progress dialog."""
        if self.auth is None:
            return
        auth, name = self.auth, self.clinic_name
        self.backup_action.setEnabled(False)
        run_in_background(
            self,
            self.tr("Backing up…"),
            lambda progress: backups.create_backup(
                auth, target=target, clinic_name=name, progress=progress
            ),
            on_done=lambda header: self._backed_up(str(target), header.rows),
            on_error=self._backup_failed,
            on_cancelled=lambda: self.backup_action.setEnabled(True),
        )

    def _backup_failed(self, exc: Exception) -> None:
        self.backup_action.setEnabled(True)
        show_error(self, exc)

    def _backed_up(self, target: str, rows: int) -> None:
        self.backup_action.setEnabled(True)
        self.last_backup = target
        QMessageBox.information(
            self,
            self.tr("Backup written"),
            self.tr(
                "The encrypted backup was written to %1 (%2 rows), then read back and checked: "
                "it restores."
            )
            .replace("%1", target)
            .replace("%2", str(rows)),
        )

    def verify_audit(self) -> None:
        if self.auth is None:
            return
        auth = self.auth
        run_in_background(
            self,
            self.tr("Verifying the audit trail…"),
            lambda progress: audit_service.verify_audit_trail(auth, progress=progress),
            on_done=self._verified,
            on_error=lambda exc: show_error(self, exc),
        )

    def _verified(self, result: VerifyResult) -> None:
        from clinic.ui.audit_page import describe_verify

        if result.ok:
            QMessageBox.information(self, self.tr("Audit trail"), describe_verify(result))
        else:
            QMessageBox.critical(self, self.tr("Audit trail"), describe_verify(result))

    def show_help(self) -> None:
        QMessageBox.information(
            self,
            self.tr("Help"),
            self.tr(
                "The pages on the left are those your role may use.\n\n"
                "Ctrl+L locks the screen at once; it also locks itself after the idle time set "
                "by the administrator. Unlock with your password, or let a colleague sign in "
                "(which ends your session).\n\n"
                "Ctrl+Q quits. Every action, and every record opened, is kept in the audit trail."
            ),
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr("Clinic records for voluntary drug-treatment clinics.\nDatabase: %1").replace(
                "%1",
                str(self.clinic.database_path)
                if self.clinic.db.mode == "embedded"
                else self.tr("server"),
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.probe_timer.stop()  # a closed window asks the server nothing more
        self.closing = True
        ui_settings().setValue("geometry", self.saveGeometry())
        if self.auth is not None:
            self._end_session("quit")
        application = QApplication.instance()
        if application is not None:
            application.removeEventFilter(self.idle)
        super().closeEvent(event)
