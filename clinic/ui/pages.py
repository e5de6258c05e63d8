"""The main window's pages and who may see each: from the permission table where an action
exists, plus the one mapping below for pages (or parts of pages) that later issues fill in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from clinic.privacy.permissions import PERMISSIONS, Action, Role

CONTEXT = "Pages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark TEXT for translation in CONTEXT; it is translated where it is shown."""
    return text


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # English source text; translated in CONTEXT
    summary: str  # one line: what the page is (or will be) for
    action: Action | None = None
    roles: frozenset[Role] = frozenset()
    roles_from: Callable[[], frozenset[Role]] | None = None  # computed when asked

    def allowed_roles(self) -> frozenset[Role]:
        granted = PERMISSIONS[self.action] if self.action is not None else frozenset()
        computed = self.roles_from() if self.roles_from is not None else frozenset()
        return granted | self.roles | computed

    def visible_to(self, roles: frozenset[Role]) -> bool:
        return bool(self.allowed_roles() & roles)

    def translated_title(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.title)

    def translated_summary(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.summary)


def _report_roles() -> frozenset[Role]:
    from clinic.ui.reports_page import report_roles

    return report_roles()


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "dosing",
        QT_TRANSLATE_NOOP("Pages", "Dosing window"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Identify the patient, see today's dose order and every warning, and record a "
            "witnessed dose.",
        ),
        action=Action.DOSING_LOG,
    ),
    PageSpec(
        "patients",
        QT_TRANSLATE_NOOP("Pages", "Patients"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Enrol patients with their consent, find a patient by number or card, and open the "
            "record.",
        ),
        action=Action.PATIENT_READ,
    ),
    PageSpec(
        "stock",
        QT_TRANSLATE_NOOP("Pages", "Stock"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Receive controlled drugs by lot, move them between safe, window and satellite "
            "sites, and record waste and destruction with a witness.",
        ),
        action=Action.STOCK_READ,
    ),
    PageSpec(
        "reconciliation",
        QT_TRANSLATE_NOOP("Pages", "Reconciliation"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Count the dispensing stock at the end of the day, explain every variance and have "
            "it signed off.",
        ),
        action=Action.STOCK_COUNT,
    ),
    PageSpec(
        "claims",
        QT_TRANSLATE_NOOP("Pages", "Claims"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Turn a month of dosing into insurance claims per payer scheme, validate, export and "
            "track them.",
        ),
        action=Action.CLAIM_BUILD,
    ),
    PageSpec(
        "dashboard",
        QT_TRANSLATE_NOOP("Pages", "Dashboard"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Charts of the clinic's figures for your role, with the numbers behind each chart.",
        ),
        action=Action.DASHBOARD_CLINICAL,
        roles=PERMISSIONS[Action.DASHBOARD_PHARMACY]
        | PERMISSIONS[Action.DASHBOARD_CLAIMS]
        | PERMISSIONS[Action.DASHBOARD_DOSING],
    ),
    PageSpec(
        "reports",
        QT_TRANSLATE_NOOP("Pages", "Reports"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Print the controlled-drug register and the clinic's reports.",
        ),
        roles_from=_report_roles,  # whoever may run one of the reports listed there
    ),
    PageSpec(
        "users",
        QT_TRANSLATE_NOOP("Pages", "Users"),
        QT_TRANSLATE_NOOP(
            "Pages", "Add users, set their roles, reset passwords and disable accounts."
        ),
        action=Action.USER_LIST,
    ),
    PageSpec(
        "settings",
        QT_TRANSLATE_NOOP("Pages", "Settings"),
        QT_TRANSLATE_NOOP(
            "Pages", "The clinic's name, sites, language, lockout and idle-lock rules."
        ),
        action=Action.SETTINGS_UPDATE,
    ),
    PageSpec(
        "payers",
        QT_TRANSLATE_NOOP("Pages", "Payers and fees"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Payer schemes, their reimbursement terms by date, and the fee schedule for claims.",
        ),
        action=Action.PAYER_MANAGE,
    ),
    PageSpec(
        "audit",
        QT_TRANSLATE_NOOP("Pages", "Audit trail"),
        QT_TRANSLATE_NOOP(
            "Pages", "Read the audit trail, verify that it is intact, and export it."
        ),
        action=Action.AUDIT_READ,
    ),
    PageSpec(
        "inspection",
        QT_TRANSLATE_NOOP("Pages", "Inspection"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "The authority's inspector reads the register and the counts of the granted period, "
            "and writes findings.",
        ),
        action=Action.INSPECTION_READ,
    ),
)


def pages_for(roles: frozenset[Role]) -> list[PageSpec]:
    return [page for page in PAGES if page.visible_to(roles)]


class PlaceholderPage(QWidget):
    """A page a later version fills: one line on what will be there, and no data."""

    def __init__(self, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.line = QLabel()
        self.line.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.line)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.spec.translated_title())
        self.line.setText(self.spec.translated_summary())
        self.note.setText(self.tr("This page comes in a later version of the program."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
