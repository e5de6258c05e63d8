"""Roles, and the one table that says which roles may do each service action."""

from __future__ import annotations

from enum import StrEnum

from clinic.wording import quoted


class Role(StrEnum):
    NURSE = "nurse"
    PHARMACIST = "pharmacist"
    PHYSICIAN = "physician"
    BILLING_CLERK = "billing_clerk"
    ADMINISTRATOR = "administrator"
    AUDITOR = "auditor"
    # The authority's inspector (卫生健康行政部门的监督检查): reads the register and the counts of
    # the period an inspection grants, writes findings; never a patient's record.
    INSPECTOR = "inspector"


ROLE_NAMES = {
    Role.NURSE: ("Nurse", "护士"),
    Role.PHARMACIST: ("Pharmacist", "药师"),
    Role.PHYSICIAN: ("Physician", "医师"),
    Role.BILLING_CLERK: ("Billing clerk", "医保结算员"),
    Role.ADMINISTRATOR: ("Administrator", "管理员"),
    Role.AUDITOR: ("Auditor", "审计员"),
    Role.INSPECTOR: ("Inspector", "监督检查员"),
}


class Action(StrEnum):
    SESSION_CHECK = "session.check"
    SESSION_LOCK = "session.lock"
    SESSION_UNLOCK = "session.unlock"
    PASSWORD_CHANGE = "password.change"
    WITNESS_SIGN = "witness.sign"
    USER_LIST = "user.list"
    USER_CREATE = "user.create"
    USER_SET_ROLES = "user.set_roles"
    USER_RESET_PASSWORD = "user.reset_password"
    USER_DISABLE = "user.disable"
    USER_ENABLE = "user.enable"
    LOGIN_THROTTLE_RESET = "login.throttle_reset"
    AUDIT_ACKNOWLEDGE = "audit.acknowledge"
    SETTINGS_READ = "settings.read"
    SETTINGS_UPDATE = "settings.update"
    SITE_MANAGE = "site.manage"
    AUDIT_READ = "audit.read"
    AUDIT_VERIFY = "audit.verify"
    AUDIT_EXPORT = "audit.export"
    BACKUP_CREATE = "backup.create"
    KEY_BACKUP = "key.backup"
    PATIENT_DUPLICATES = "patient.duplicates"
    PATIENT_REGISTER = "patient.register"
    PATIENT_READ = "patient.read"
    PATIENT_SEARCH = "patient.search"
    PATIENT_STATUS = "patient.status"
    PATIENT_PHOTO = "patient.photo"
    PATIENT_FLAG = "patient.flag"
    CARD_ISSUE = "card.issue"
    CONSENT_RECORD = "consent.record"
    CONSENT_READ = "consent.read"
    DISCLOSURE_RECORD = "disclosure.record"
    TRANSFER_SEND = "transfer.send"
    ORDER_WRITE = "order.write"
    GUEST_RETURN_VOID = "guest_return.void"
    PRODUCT_MANAGE = "product.manage"
    PRODUCT_READ = "product.read"
    PAYER_MANAGE = "payer.manage"
    LOCATION_MANAGE = "location.manage"
    STOCK_READ = "stock.read"
    STOCK_RECEIVE = "stock.receive"
    STOCK_MOVE = "stock.move"
    STOCK_WASTE = "stock.waste"
    STOCK_DESTROY = "stock.destroy"
    STOCK_LOSS = "stock.loss"
    STOCK_REVERSE = "stock.reverse"
    STOCK_COUNT = "stock.count"
    STOCK_REGISTER = "stock.register"
    LEDGER_PURGE = "ledger.purge"
    DOSE_RECORD = "dose.record"
    DOSE_WITHHOLD = "dose.withhold"
    DOSE_VOID = "dose.void"
    DOSE_EXCEPTION = "dose.exception"
    # A dose given while the record was out of reach: replayed from a satellite's outbox, or
    # entered by hand after the fact; both through the same gate, at the time given.
    DOSE_LATE = "dose.late"
    DOSE_REVIEW = "dose.review_sync"
    SCREEN_RECORD = "screen.record"
    SCREEN_REVIEW = "screen.review"
    INFECTION_RECORD = "infection.record"
    INFECTION_READ = "infection.read"
    MMT_EXPORT = "mmt.export"
    STATISTICS_READ = "statistics.read"
    STATISTICS_RELEASE = "statistics.release"
    DOSING_LOG = "dosing.log"
    DASHBOARD_CLINICAL = "dashboard.clinical"
    DASHBOARD_PHARMACY = "dashboard.pharmacy"
    DASHBOARD_CLAIMS = "dashboard.claims"
    DASHBOARD_DOSING = "dashboard.dosing"
    CLAIM_BUILD = "claim.build"
    CLAIM_READ = "claim.read"
    CLAIM_EXPORT = "claim.export"
    CLAIM_STATUS = "claim.status"
    FEE_READ = "fee.read"
    FEE_COLLECT = "fee.collect"
    FEE_WAIVE = "fee.waive"
    FEE_VOID = "fee.void"
    INSPECTION_GRANT = "inspection.grant"
    INSPECTION_READ = "inspection.read"
    INSPECTION_NOTE = "inspection.note"
    INSPECTION_FINDINGS = "inspection.findings"
    REPORT_CENSUS = "report.census"
    REPORT_DOSING = "report.dosing"
    REPORT_MISSED = "report.missed"
    REPORT_WORKLIST = "report.worklist"
    REPORT_SCREENS = "report.screens"
    REPORT_STOCK_EXPIRY = "report.stock_expiry"
    REPORT_OUTREACH = "report.outreach"
    OUTREACH_LOG = "outreach.log"
    REPORT_EXPORT = "report.export"


EVERYONE = frozenset(Role)
CLINICAL = frozenset({Role.NURSE, Role.PHARMACIST, Role.PHYSICIAN})
ADMIN = frozenset({Role.ADMINISTRATOR})
PHARMACY = frozenset({Role.PHARMACIST})
BILLING = frozenset({Role.BILLING_CLERK})
INSPECTORS = frozenset({Role.INSPECTOR})
PATIENT_READERS = frozenset({Role.NURSE, Role.PHYSICIAN, Role.PHARMACIST, Role.BILLING_CLERK})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.SESSION_CHECK: EVERYONE,
    Action.SESSION_LOCK: EVERYONE,
    Action.SESSION_UNLOCK: EVERYONE,
    Action.PASSWORD_CHANGE: EVERYONE,
    Action.WITNESS_SIGN: CLINICAL,
    Action.USER_LIST: ADMIN,
    Action.USER_CREATE: ADMIN,
    Action.USER_SET_ROLES: ADMIN,
    Action.USER_RESET_PASSWORD: ADMIN,
    Action.USER_DISABLE: ADMIN,
    Action.USER_ENABLE: ADMIN,
    Action.LOGIN_THROTTLE_RESET: ADMIN,
    Action.SETTINGS_READ: EVERYONE,
    Action.SETTINGS_UPDATE: ADMIN,
    Action.SITE_MANAGE: ADMIN,
    Action.AUDIT_READ: frozenset({Role.AUDITOR}),
    Action.AUDIT_VERIFY: frozenset({Role.AUDITOR, Role.ADMINISTRATOR}),
    Action.AUDIT_EXPORT: frozenset({Role.AUDITOR}),
    # two people together: an auditor and an administrator (clinic.privacy.audit_service)
    Action.AUDIT_ACKNOWLEDGE: frozenset({Role.AUDITOR, Role.ADMINISTRATOR}),
    Action.BACKUP_CREATE: ADMIN,
    Action.KEY_BACKUP: ADMIN,
    Action.PATIENT_DUPLICATES: ADMIN,
    Action.PATIENT_REGISTER: frozenset({Role.PHYSICIAN}),
    Action.PATIENT_READ: PATIENT_READERS,
    Action.PATIENT_SEARCH: PATIENT_READERS,
    Action.PATIENT_STATUS: frozenset({Role.PHYSICIAN}),
    Action.PATIENT_PHOTO: frozenset({Role.NURSE, Role.PHYSICIAN}),
    Action.PATIENT_FLAG: CLINICAL,
    Action.CARD_ISSUE: frozenset({Role.NURSE, Role.PHYSICIAN}),
    Action.CONSENT_RECORD: frozenset({Role.PHYSICIAN, Role.ADMINISTRATOR}),
    Action.CONSENT_READ: frozenset({Role.PHYSICIAN, Role.ADMINISTRATOR}),
    Action.DISCLOSURE_RECORD: frozenset({Role.PHYSICIAN, Role.BILLING_CLERK}),
    # A clinical summary: the physician's, not the administrator's (who does not see the
    # clinical record).
    Action.TRANSFER_SEND: frozenset({Role.PHYSICIAN}),
    Action.ORDER_WRITE: frozenset({Role.PHYSICIAN}),
    Action.GUEST_RETURN_VOID: frozenset({Role.PHYSICIAN}),
    Action.PRODUCT_MANAGE: frozenset({Role.PHARMACIST, Role.ADMINISTRATOR}),
    Action.PRODUCT_READ: EVERYONE,
    Action.PAYER_MANAGE: ADMIN,
    Action.LOCATION_MANAGE: frozenset({Role.PHARMACIST, Role.ADMINISTRATOR}),
    Action.STOCK_READ: frozenset({Role.PHARMACIST, Role.NURSE}),
    Action.STOCK_RECEIVE: PHARMACY,
    Action.STOCK_MOVE: PHARMACY,
    Action.STOCK_WASTE: frozenset({Role.PHARMACIST, Role.NURSE}),
    Action.STOCK_DESTROY: PHARMACY,
    Action.STOCK_LOSS: PHARMACY,
    Action.STOCK_REVERSE: PHARMACY,
    Action.STOCK_COUNT: frozenset({Role.PHARMACIST, Role.NURSE}),
    Action.STOCK_REGISTER: frozenset({Role.PHARMACIST, Role.AUDITOR}),
    Action.LEDGER_PURGE: ADMIN,
    Action.DOSE_RECORD: frozenset({Role.NURSE}),
    Action.DOSE_WITHHOLD: frozenset({Role.NURSE}),
    Action.DOSE_VOID: frozenset({Role.NURSE, Role.PHARMACIST}),
    Action.DOSE_EXCEPTION: frozenset({Role.NURSE}),
    Action.DOSE_LATE: frozenset({Role.NURSE}),
    Action.DOSE_REVIEW: frozenset({Role.PHYSICIAN, Role.PHARMACIST}),
    Action.SCREEN_RECORD: frozenset({Role.NURSE, Role.PHYSICIAN}),
    Action.SCREEN_REVIEW: frozenset({Role.PHYSICIAN}),
    Action.INFECTION_RECORD: frozenset({Role.PHYSICIAN}),
    Action.INFECTION_READ: frozenset({Role.PHYSICIAN}),
    Action.MMT_EXPORT: frozenset({Role.PHYSICIAN}),
    # Aggregates only: the physician in charge and the administrator (the clinic's manager)
    # read the month's figures and release the suppressed statistics to an authority.
    Action.STATISTICS_READ: frozenset({Role.PHYSICIAN, Role.ADMINISTRATOR}),
    Action.STATISTICS_RELEASE: frozenset({Role.PHYSICIAN, Role.ADMINISTRATOR}),
    Action.DOSING_LOG: frozenset({Role.NURSE, Role.PHARMACIST, Role.PHYSICIAN}),
    Action.DASHBOARD_CLINICAL: frozenset({Role.PHYSICIAN, Role.ADMINISTRATOR}),
    Action.DASHBOARD_PHARMACY: frozenset({Role.PHARMACIST, Role.ADMINISTRATOR}),
    Action.DASHBOARD_CLAIMS: frozenset({Role.BILLING_CLERK, Role.ADMINISTRATOR}),
    Action.DASHBOARD_DOSING: frozenset({Role.NURSE, Role.ADMINISTRATOR}),
    Action.CLAIM_BUILD: BILLING,
    Action.CLAIM_READ: BILLING,
    Action.CLAIM_EXPORT: BILLING,
    Action.CLAIM_STATUS: BILLING,
    Action.FEE_READ: frozenset({Role.NURSE, Role.BILLING_CLERK}),
    Action.FEE_COLLECT: frozenset({Role.NURSE, Role.BILLING_CLERK}),
    Action.FEE_WAIVE: frozenset({Role.BILLING_CLERK, Role.ADMINISTRATOR}),
    Action.FEE_VOID: BILLING,
    # An inspection is granted and ended by the administrator, who manages every account.
    Action.INSPECTION_GRANT: ADMIN,
    # The inspector's reads (register, counts, their notes) and their one write, their findings;
    # each call checks an open inspection of theirs and its period (clinic/inspection.py).
    Action.INSPECTION_READ: INSPECTORS,
    Action.INSPECTION_NOTE: INSPECTORS,
    # The findings are answered by the administrator (who granted the inspection) and the
    # pharmacist (the person responsible for the controlled drugs the findings are about).
    Action.INSPECTION_FINDINGS: frozenset({Role.ADMINISTRATOR, Role.PHARMACIST}),
    # Reports that name patients go to the clinical staff who care for them; the pharmacist
    # sees who is absent (for the window's expected doses) but not their phone (records.VIEWS).
    Action.REPORT_CENSUS: frozenset({Role.PHYSICIAN, Role.NURSE}),
    Action.REPORT_DOSING: frozenset({Role.NURSE, Role.PHARMACIST, Role.PHYSICIAN}),
    Action.REPORT_MISSED: frozenset({Role.NURSE, Role.PHYSICIAN}),
    Action.REPORT_WORKLIST: frozenset({Role.PHYSICIAN}),
    Action.REPORT_SCREENS: frozenset({Role.NURSE, Role.PHYSICIAN}),
    Action.REPORT_STOCK_EXPIRY: frozenset({Role.PHARMACIST, Role.AUDITOR}),
    Action.REPORT_OUTREACH: frozenset({Role.NURSE, Role.PHYSICIAN, Role.PHARMACIST}),
    Action.OUTREACH_LOG: frozenset({Role.NURSE, Role.PHYSICIAN}),
    # Saving a report already shown: its run checked the reader; this only records the file.
    Action.REPORT_EXPORT: EVERYONE - INSPECTORS,
}

# Everything an inspector may do: their own session and password, the clinic's name and
# settings, the product list, and the inspection's reads and notes. Nothing else, ever
# (tests/integration/test_inspection.py walks the table).
INSPECTOR_ACTIONS = frozenset(
    {
        Action.SESSION_CHECK,
        Action.SESSION_LOCK,
        Action.SESSION_UNLOCK,
        Action.PASSWORD_CHANGE,
        Action.SETTINGS_READ,
        Action.PRODUCT_READ,
        Action.INSPECTION_READ,
        Action.INSPECTION_NOTE,
    }
)


def allowed(action: Action, roles: frozenset[Role]) -> bool:
    return bool(PERMISSIONS[action] & roles)


def parse_roles(names: list[str] | tuple[str, ...] | set[str]) -> frozenset[Role]:
    from clinic.errors import InvalidInput

    roles = set()
    for name in names:
        try:
            roles.add(Role(name.strip()))
        except ValueError as exc:
            valid = ", ".join(r.value for r in Role)
            raise InvalidInput(
                en=f"Unknown role {quoted(name)}. Roles are: {valid}.",
                zh=f"未知角色 {quoted(name)}。可用角色：{valid}。",
            ) from exc
    if not roles:
        raise InvalidInput(en="A user needs at least one role.", zh="用户至少需要一个角色。")
    if Role.INSPECTOR in roles and len(roles) > 1:
        raise InvalidInput(
            en="An inspector comes from the authority: their account has the inspector role only.",
            zh="监督检查员来自主管部门，其账户只能有监督检查员一个角色。",
            field="roles",
        )
    return frozenset(roles)
