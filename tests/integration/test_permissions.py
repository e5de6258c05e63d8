"""Every action in the permission table, tried with every role: only allowed ones succeed,
and every denial is in the audit trail."""

from __future__ import annotations

import contextlib
import itertools
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from clinic import administration, clock, inspection
from clinic.analytics import dashboard, deidentified, mmt_report, reports
from clinic.backups import create_backup
from clinic.dosing import daylog, flags, guest, infections, late, orders, screens, window
from clinic.errors import AuthenticationFailed, Conflict, InvalidInput, PermissionDenied
from clinic.insurance import claims, exports, patient_fees, schemes, views
from clinic.inventory import catalogue, reconcile, register, stock
from clinic.key_custody import backup_keys
from clinic.patients import (
    consent,
    duplicates,
    enrolment,
    mmt_export,
    outreach,
    records,
    registry,
    transfer,
)
from clinic.patients.identity import check_digit
from clinic.privacy import audit_service, users
from clinic.privacy.audit import AuditFilter
from clinic.privacy.permissions import PERMISSIONS, Action, Role
from clinic.service import AuthContext
from clinic.storage.models import AuditEvent, UserSession
from clinic.storage.types import utcnow
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest, make_clinic

_counter = itertools.count(1)


def national_id(n: int) -> str:
    first17 = f"110101199001{n % 28 + 1:02d}{n % 1000:03d}"
    return first17 + check_digit(first17)


class World:
    """One clinic with a user per role, shared by every case of the matrix on a backend.

    Every case signs its person in afresh (as_): a session shared by the cases would carry one
    case's state into the next, and the module's outcome would hang on which cases run, in what
    order, and how long they take. A session.lock case leaves it locked; and it goes idle, since
    only a call that succeeds counts as activity (service.session_verdict), so a role denied
    everything for a few minutes meets the idle lock (5 minutes by default, 2 to 51 once a
    settings.update case has run) instead of the denial the case asserts."""

    def __init__(self, cut: ClinicUnderTest, tmp: Path) -> None:
        self.cut = cut
        self.tmp = tmp
        self.passwords: dict[str, str] = {}
        self.user_ids: dict[Role, int] = {}
        for role in Role:
            name = f"u_{role.value}"
            self.passwords[name] = f"{name}-pass-1"
            self.user_ids[role] = cut.add_user(
                name, role, password=self.passwords[name]
            ).actor.user_id
        self.witness = "w_pharm"
        self.passwords[self.witness] = "w-pharm-pass-1"
        cut.add_user(self.witness, Role.PHARMACIST, password=self.passwords[self.witness])
        doctor = self.as_(Role.PHYSICIAN)
        self.patient = registry.register_patient(
            doctor, name="测试患者", national_id=national_id(0), sex="F"
        )
        self.today = clock_today(cut)
        self.product = factories.methadone(self.cut.admin())
        administration.add_site(self.cut.admin(), code="SAT", name="Satellite")
        self.safe = stock.add_place(
            self.pharm, site_code="MAIN", kind="safe", name="Safe"
        ).location_id
        self.window = stock.add_place(
            self.pharm, site_code="MAIN", kind="window", name="W1"
        ).location_id
        self.lot = self.receive()
        stock.issue_to_window(
            self.pharm,
            product_id=self.product,
            safe_id=self.safe,
            window_id=self.window,
            quantity="500",
            **self.witnessed(),
        )

    def as_(self, role: Role) -> AuthContext:
        """ROLE's person, signed in now."""
        name = f"u_{role.value}"
        return self.cut.clinic.login(name, self.passwords[name])

    @property
    def pharm(self) -> AuthContext:
        return self.as_(Role.PHARMACIST)

    def witnessed(self) -> dict[str, str]:
        return {"witness": self.witness, "witness_password": self.passwords[self.witness]}

    def receive(self, auth: AuthContext | None = None) -> int:
        return stock.receive(
            auth or self.pharm,
            product_id=self.product,
            lot_number=f"L{next(_counter)}",
            expiry_date=self.today + timedelta(days=400),
            manufacturer="厂",
            supplier="公司",
            safe_id=self.safe,
            expected="1000",
            received="1000",
            quality_condition="包装完好 intact",
            acceptance="accepted",
            **self.witnessed(),
        ).lot.lot_id

    def dosing_patient(self) -> int:
        pid = self.active_patient()
        orders.write_order(
            self.as_(Role.PHYSICIAN),
            patient_id=pid,
            request=orders.OrderRequest(
                product_id=self.product, daily_dose_mg="20", start_on=self.today
            ),
        )
        return pid

    def fresh_dose(self) -> int:
        return window.record_dose(
            self.as_(Role.NURSE), patient_id=self.dosing_patient(), window_id=self.window
        ).dose_id

    def dosed_patient(self) -> int:
        """A patient given today's dose at the window (something to re-dose)."""
        return int(
            window.record_dose(
                self.as_(Role.NURSE), patient_id=self.dosing_patient(), window_id=self.window
            ).patient_id
        )

    def owing_patient(self) -> int:
        """A patient dosed today at a site that charges a daily fee: something to waive."""
        admin = self.cut.admin()
        site = next(s.site_id for s in administration.list_sites(admin) if s.code == "MAIN")
        if not patient_fees.site_fee_history(admin, site_id=site):
            patient_fees.set_site_fee(
                admin, site_id=site, daily_fee="10", effective_from=self.today
            )
        dose = window.record_dose(
            self.as_(Role.NURSE), patient_id=self.dosing_patient(), window_id=self.window
        )
        return int(dose.patient_id)

    def receipt(self) -> str:
        return patient_fees.record_payment(
            self.as_(Role.NURSE),
            patient_id=self.patient.patient_id,
            amount="5",
            confirm_above_owed="5",  # paid ahead
        ).receipt_number

    def fresh_screen(self) -> int:
        return screens.record_screen(
            self.as_(Role.NURSE),
            patient_id=self.patient.patient_id,
            collected_on=self.today,
            results={"opiates": True},
        ).screen_id

    def scheme(self) -> str:
        code = f"S{next(_counter)}"
        admin = self.cut.admin()
        schemes.add_payer_scheme(admin, code=code, name=f"Scheme {code}", kind="resident")
        claims.set_scheme_terms(
            admin,
            scheme_code=code,
            effective_from=self.today.replace(day=1),
            ratio="0.7",
            deductible="0",
            annual_cap=None,
            subsidy_share="0",
            covered=["service"],
            insutype="390",
        )
        return code

    def batch(self) -> str:
        clerk = self.as_(Role.BILLING_CLERK)
        return claims.build_batch(
            clerk, scheme_code=self.scheme(), year=self.today.year, month=self.today.month
        ).batch_number

    def fresh_movement(self) -> int:
        return stock.issue_to_window(
            self.pharm,
            product_id=self.product,
            safe_id=self.safe,
            window_id=self.window,
            quantity="1",
            **self.witnessed(),
        ).movement_id

    def active_patient(self) -> int:
        doctor = self.as_(Role.PHYSICIAN)
        return enrolment.enrol_patient(doctor, enrolment=factories.enrolment(self.today)).patient_id

    def guest_return(self) -> dict[str, int]:
        """A patient at another clinic from today, its last dose there recorded (to void)."""
        doctor = self.as_(Role.PHYSICIAN)
        guest_id = guest.order_guest_dosing(
            doctor,
            patient_id=self.active_patient(),
            starts_on=self.today,
            ends_on=self.today + timedelta(days=1),
            other_clinic="外院",
        ).guest_id
        back = guest.record_guest_return(
            doctor, guest_id=guest_id, last_dose_on=self.today, reference="函 1"
        )
        assert back.return_id is not None
        return {"guest_id": guest_id, "return_id": back.return_id}

    def target_user(self) -> int:
        name = f"t{next(_counter)}"
        info = users.create_user(
            self.cut.admin(),
            username=name,
            full_name="Target",
            roles=["nurse"],
            password="target-pass-1",
        )
        return info.user_id

    def inspection(self) -> int:
        """An open inspection of u_inspector's (granted once per world)."""
        if not hasattr(self, "_inspection"):
            self._inspection = grant(self.cut.admin(), self)
        return self._inspection

    def password(self, auth: AuthContext) -> str:
        return self.passwords[auth.actor.username]


def _change_password(auth: AuthContext, w: World) -> None:
    old = w.password(auth)
    users.change_password(auth, old_password=old, new_password=old + "x")
    users.change_password(auth, old_password=old + "x", new_password=old)


def grant(auth: AuthContext, w: World) -> int:
    return inspection.grant_inspection(
        auth,
        inspector_username="u_inspector",
        authority="卫健委 Health commission",
        purpose="检查 inspection",
        period_from=w.today - timedelta(days=30),
        period_to=w.today,
        expires_on=w.today + timedelta(days=7),
    ).inspection_id


def _reset_throttle(auth: AuthContext, w: World) -> Any:
    """One unknown-name sign-in counted at a workstation, then its reset."""
    with contextlib.suppress(AuthenticationFailed):
        users.login(auth.db, username="nobody", password="whatever-1", workstation="perm-ws")
    return users.reset_login_throttle(auth, workstation="perm-ws", reason="permissions test")


def _acknowledge(auth: AuthContext, w: World) -> Any:
    """Acknowledge a break with the other role's person; on this whole trail the allowed get
    "nothing to acknowledge" (past the permission check), the others PermissionDenied."""
    other = Role.ADMINISTRATOR if Role.AUDITOR in auth.actor.roles else Role.AUDITOR
    second = f"u_{other.value}"
    with contextlib.suppress(Conflict):
        audit_service.acknowledge_audit_break(
            auth,
            first_bad_seq=1,
            reason="permissions test",
            authoriser=second,
            authoriser_password=w.passwords[second],
        )


INVOKERS: dict[Action, Callable[[AuthContext, World], Any]] = {
    Action.SESSION_CHECK: lambda a, w: users.check_session(a),
    Action.SESSION_LOCK: lambda a, w: users.lock(a, reason="idle"),
    Action.SESSION_UNLOCK: lambda a, w: (
        users.lock(a, reason="idle"),
        users.unlock(a, password=w.password(a)),
    ),
    Action.PASSWORD_CHANGE: _change_password,
    Action.WITNESS_SIGN: lambda a, w: users.check_witness(
        a, username=w.witness, password=w.passwords[w.witness]
    ),
    Action.USER_LIST: lambda a, w: users.list_users(a),
    Action.USER_CREATE: lambda a, w: users.create_user(
        a, username=f"n{next(_counter)}", full_name="New", roles=["nurse"], password="new-pass-1"
    ),
    Action.USER_SET_ROLES: lambda a, w: users.set_roles(
        a, user_id=w.target_user(), roles=["nurse", "pharmacist"]
    ),
    Action.USER_RESET_PASSWORD: lambda a, w: users.reset_password(
        a, user_id=w.target_user(), new_password="reset-pass-1"
    ),
    Action.USER_DISABLE: lambda a, w: users.disable_user(
        a, user_id=w.target_user(), reason="left the clinic"
    ),
    Action.USER_ENABLE: lambda a, w: users.enable_user(a, user_id=w.target_user()),
    Action.LOGIN_THROTTLE_RESET: _reset_throttle,
    Action.AUDIT_ACKNOWLEDGE: _acknowledge,
    Action.SETTINGS_READ: lambda a, w: administration.get_settings(a),
    Action.SETTINGS_UPDATE: lambda a, w: administration.update_setting(
        a, key="idle_lock_minutes", value=next(_counter) % 50 + 2
    ),
    Action.SITE_MANAGE: lambda a, w: administration.add_site(
        a, code=f"S{next(_counter)}", name="Satellite", timezone="Asia/Shanghai"
    ),
    Action.AUDIT_READ: lambda a, w: audit_service.audit_page(
        a, flt=AuditFilter(), offset=0, limit=10
    ),
    Action.AUDIT_VERIFY: lambda a, w: audit_service.verify_audit_trail(a),
    Action.AUDIT_EXPORT: lambda a, w: audit_service.export_audit_csv(
        a, target=w.tmp / f"audit-{next(_counter)}.csv"
    ),
    Action.BACKUP_CREATE: lambda a, w: create_backup(
        a, target=w.tmp / f"b-{next(_counter)}.bak", clinic_name="x"
    ),
    Action.KEY_BACKUP: lambda a, w: backup_keys(
        a, target=w.tmp / f"k-{next(_counter)}.json", passphrase="a long recovery phrase"
    ),
    Action.PATIENT_DUPLICATES: lambda a, w: duplicates.patients_sharing_an_id_number(a),
    Action.PATIENT_REGISTER: lambda a, w: registry.register_patient(
        a, name="新患者", national_id=national_id(next(_counter)), sex="M"
    ),
    Action.PATIENT_READ: lambda a, w: registry.open_patient(a, patient_id=w.patient.patient_id),
    Action.PATIENT_SEARCH: lambda a, w: records.search_patients(a, query="P000001"),
    Action.PATIENT_STATUS: lambda a, w: records.change_status(
        a,
        patient_id=w.active_patient(),
        to_status="on_hold",
        effective_on=w.today,
        reason="travelling",
    ),
    Action.PATIENT_PHOTO: lambda a, w: records.set_photo(
        a, patient_id=w.patient.patient_id, image=factories.PNG
    ),
    Action.PATIENT_FLAG: lambda a, w: flags.raise_flag(
        a, patient_id=w.patient.patient_id, level="note", text="speaks Uyghur"
    ),
    Action.CARD_ISSUE: lambda a, w: records.issue_card(a, patient_id=w.active_patient()),
    Action.CONSENT_RECORD: lambda a, w: consent.record_consent(
        a,
        patient_id=w.patient.patient_id,
        purpose="transfer",
        recipient="某某美沙酮门诊",
        scope="treatment summary",
        signed_on=w.today,
    ),
    Action.CONSENT_READ: lambda a, w: consent.consent_form_pdf(
        a,
        patient_id=w.patient.patient_id,
        purpose="transfer",
        recipient="某某美沙酮门诊",
        scope="treatment summary",
        signed_on=w.today,
    ),
    Action.DISCLOSURE_RECORD: lambda a, w: consent.record_disclosure(
        a,
        patient_id=w.patient.patient_id,
        purpose="authority_report",
        recipient="卫生健康委",
        scope="monthly count",
        legal_basis="statutory reporting",
    ),
    Action.TRANSFER_SEND: lambda a, w: transfer.transfer_notes(a, patient_id=w.patient.patient_id),
    Action.ORDER_WRITE: lambda a, w: orders.write_order(
        a,
        patient_id=w.active_patient(),
        request=orders.OrderRequest(product_id=w.product, daily_dose_mg="20", start_on=w.today),
    ),
    Action.GUEST_RETURN_VOID: lambda a, w: guest.void_guest_return(
        a, **w.guest_return(), reason="the other clinic corrected its date"
    ),
    Action.PRODUCT_MANAGE: lambda a, w: factories.methadone(a),
    Action.PRODUCT_READ: lambda a, w: catalogue.list_products(a),
    Action.LOCATION_MANAGE: lambda a, w: stock.add_place(
        a, site_code="SAT", kind="window", name=f"W{next(_counter)}"
    ),
    Action.STOCK_READ: lambda a, w: stock.balances(a),
    Action.STOCK_RECEIVE: lambda a, w: w.receive(a),
    Action.STOCK_MOVE: lambda a, w: stock.issue_to_window(
        a, product_id=w.product, safe_id=w.safe, window_id=w.window, quantity="1", **w.witnessed()
    ),
    Action.STOCK_WASTE: lambda a, w: stock.record_waste(
        a, window_id=w.window, lot_id=w.lot, quantity="0.5", reason="spill", **w.witnessed()
    ),
    Action.STOCK_DESTROY: lambda a, w: stock.set_aside_for_destruction(
        a, lot_id=w.lot, location_id=w.safe, quantity="1", reason="damaged"
    ),
    Action.STOCK_LOSS: lambda a, w: stock.record_loss(
        a,
        kind="loss",
        location_id=w.safe,
        lot_id=w.lot,
        quantity="1",
        circumstances="broken",
        **w.witnessed(),
    ),
    Action.STOCK_REVERSE: lambda a, w: stock.reverse_movement(
        a, movement_id=w.fresh_movement(), reason="wrong window", **w.witnessed()
    ),
    Action.STOCK_COUNT: lambda a, w: reconcile.record_count(
        a,
        window_id=w.window,
        product_id=w.product,
        kind="handover",
        counted=str(
            reconcile.count_sheet(w.pharm, window_id=w.window, product_id=w.product).expected
        ),
    ),
    Action.STOCK_REGISTER: lambda a, w: register.register_month(
        a,
        location_id=w.safe,
        product_id=w.product,
        year=w.today.year,
        month=w.today.month,
        clinic_name="x",
    ),
    Action.LEDGER_PURGE: lambda a, w: refused_with_date(
        lambda: register.purge_expired_records(a, lot_id=w.lot)
    ),
    Action.DOSE_RECORD: lambda a, w: window.record_dose(
        a, patient_id=w.dosing_patient(), window_id=w.window
    ),
    Action.DOSE_WITHHOLD: lambda a, w: window.withhold_dose(
        a, patient_id=w.dosing_patient(), window_id=w.window
    ),
    Action.DOSE_VOID: lambda a, w: window.void_dose(
        a, dose_id=w.fresh_dose(), reason="wrong entry", **w.witnessed()
    ),
    Action.DOSE_LATE: lambda a, w: late.record_late_dose(
        a,
        key=str(uuid.uuid4()),
        source="manual",
        patient_id=w.dosing_patient(),
        window_id=w.window,
        given_at=a.db.clock() - timedelta(minutes=10),
        given_by=w.user_ids[Role.NURSE],
    ),
    Action.DOSE_REVIEW: lambda a, w: late.review_list(a),
    Action.DOSE_EXCEPTION: lambda a, w: window.record_exception_dose(
        a,
        patient_id=w.dosed_patient(),
        window_id=w.window,
        kind="redose",
        reason="vomited within 15 minutes",
        authoriser="u_physician",
        authoriser_password=w.passwords["u_physician"],
        charged=False,
    ),
    Action.SCREEN_RECORD: lambda a, w: screens.record_screen(
        a, patient_id=w.patient.patient_id, collected_on=w.today, results={"opiates": False}
    ),
    Action.SCREEN_REVIEW: lambda a, w: screens.review_screen(a, screen_id=w.fresh_screen()),
    Action.INFECTION_RECORD: lambda a, w: infections.record_infection_test(
        a,
        patient_id=w.patient.patient_id,
        test="hiv",
        result="negative",
        tested_on=w.today,
        stage="follow_up",
    ),
    Action.INFECTION_READ: lambda a, w: infections.infection_history(
        a, patient_id=w.patient.patient_id
    ),
    Action.DOSING_LOG: lambda a, w: daylog.daily_log(a, window_id=w.window),
    Action.DASHBOARD_CLINICAL: lambda a, w: dashboard.clinical_dashboard(
        a, start=w.today - timedelta(days=30), end=w.today
    ),
    Action.DASHBOARD_PHARMACY: lambda a, w: dashboard.pharmacy_dashboard(
        a, start=w.today - timedelta(days=30), end=w.today
    ),
    Action.DASHBOARD_CLAIMS: lambda a, w: dashboard.claims_dashboard(
        a, start=w.today - timedelta(days=30), end=w.today
    ),
    Action.DASHBOARD_DOSING: lambda a, w: dashboard.dosing_dashboard(a),
    Action.MMT_EXPORT: lambda a, w: refused_as_empty(
        lambda: mmt_export.export_mmt(
            a,
            since=w.today,
            until=w.today,
            target=w.tmp / f"m{next(_counter)}",
            passphrase="a long passphrase",
            legal_basis="reporting duty",
        )
    ),
    Action.STATISTICS_READ: lambda a, w: mmt_report.mmt_work_report(a, month=w.today),
    Action.STATISTICS_RELEASE: lambda a, w: deidentified.release_statistics(
        a,
        month=w.today,
        recipient="CDC",
        purpose="planning",
        target=w.tmp / f"s{next(_counter)}",
    ),
    Action.CLAIM_BUILD: lambda a, w: claims.build_batch(
        a, scheme_code=w.scheme(), year=w.today.year, month=w.today.month
    ),
    Action.CLAIM_READ: lambda a, w: views.list_batches(a),
    Action.CLAIM_EXPORT: lambda a, w: refused_as_empty(
        lambda: exports.export_batch(
            a,
            batch_number=w.batch(),
            target=w.tmp / f"e{next(_counter)}",
            passphrase="a long passphrase",
            clinic_name="x",
        )
    ),
    Action.CLAIM_STATUS: lambda a, w: exports.import_remittance(a, data=b"claim,paid,status\n"),
    Action.FEE_READ: lambda a, w: patient_fees.patient_account(a, patient_id=w.patient.patient_id),
    Action.FEE_COLLECT: lambda a, w: patient_fees.record_payment(
        a, patient_id=w.patient.patient_id, amount="10", method="cash", confirm_above_owed="10"
    ),
    Action.FEE_WAIVE: lambda a, w: patient_fees.waive_fee(
        a, patient_id=w.owing_patient(), amount="1", reason="hardship"
    ),
    Action.FEE_VOID: lambda a, w: patient_fees.void_payment(
        a, receipt_number=w.receipt(), reason="typed twice"
    ),
    Action.REPORT_CENSUS: lambda a, w: reports.patient_census(a),
    Action.REPORT_DOSING: lambda a, w: reports.dosing_by_nurse(a, start=w.today, end=w.today),
    Action.REPORT_MISSED: lambda a, w: reports.missed_doses(a, day=w.today),
    Action.REPORT_WORKLIST: lambda a, w: reports.physician_worklist(a, day=w.today),
    Action.REPORT_SCREENS: lambda a, w: reports.screens_due_report(a, day=w.today),
    Action.REPORT_STOCK_EXPIRY: lambda a, w: reports.stock_expiry(a, day=w.today),
    Action.REPORT_OUTREACH: lambda a, w: reports.outreach_report(a, day=w.today),
    Action.REPORT_EXPORT: lambda a, w: reports.save_report(
        a, tables=[reports.ReportTable("t", "表", "Table", (), ())], fmt="xlsx"
    ),
    Action.OUTREACH_LOG: lambda a, w: outreach.log_contact_attempt(
        a, patient_id=w.patient.patient_id, method="phone", outcome="no_answer"
    ),
    Action.PAYER_MANAGE: lambda a, w: schemes.add_payer_scheme(
        a, code=f"PS{next(_counter)}", name="城乡居民基本医疗保险", kind="resident", region="110105"
    ),
    Action.INSPECTION_GRANT: grant,
    Action.INSPECTION_READ: lambda a, w: inspection.my_inspections(a),
    Action.INSPECTION_NOTE: lambda a, w: inspection.add_inspection_note(
        a, inspection_id=w.inspection(), text="发现 finding"
    ),
    Action.INSPECTION_FINDINGS: lambda a, w: inspection.list_inspections(a),
}


def refused_as_empty(attempt: Callable[[], Any]) -> str:
    """An empty batch is refused after the permission check: that refusal means access was given."""
    try:
        attempt()
    except InvalidInput as refusal:
        return refusal.message("en")
    return "exported"


def refused_with_date(attempt: Callable[[], Any]) -> str:
    """Purging inside the retention period is refused with a date: that is its success."""
    try:
        attempt()
    except Conflict as refusal:
        return str(refusal.details["allowed_from"])
    raise AssertionError("a purge inside the retention period went through")


def clock_today(cut: ClinicUnderTest):  # type: ignore[no-untyped-def]
    with UnitOfWork(cut.db, read_only=True) as uow:
        return clock.clinic_today(uow.session)


def test_every_action_has_an_invoker() -> None:
    assert set(INVOKERS) == set(PERMISSIONS) == set(Action)


@pytest.fixture(scope="module", params=["sqlcipher", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, keystore
) -> Iterator[World]:  # type: ignore[no-untyped-def]
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_module_database")
    tmp = tmp_path_factory.mktemp(f"perm-{request.param}")
    cut = make_clinic(tmp / "clinic", keystore, request.param, url)
    try:
        yield World(cut, tmp)
    finally:
        cut.clinic.close()
        keystore.delete(cut.clinic.settings.clinic_id)


def _last_event(w: World, username: str) -> AuditEvent:
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        event = uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.username == username)
            .order_by(AuditEvent.seq.desc())
            .limit(1)
        ).one()
        uow.session.expunge(event)
        return event


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_action_by_role(world: World, action: Action, role: Role) -> None:
    auth = world.as_(role)
    if role in PERMISSIONS[action]:
        INVOKERS[action](auth, world)
        return
    with pytest.raises(PermissionDenied) as raised:
        INVOKERS[action](auth, world)
    assert action.value in raised.value.message("en")
    event = _last_event(world, auth.actor.username)
    assert (event.action, event.outcome, event.user_id) == (
        action.value,
        "denied",
        auth.actor.user_id,
    )


def test_no_case_meets_a_session_an_earlier_case_left(world: World) -> None:
    """After a session.lock case, and with every session idle for an hour and the idle lock at
    2 minutes, a case still meets the permission it asserts, not the lock."""
    test_action_by_role(world, Action.SESSION_LOCK, Role.NURSE)
    administration.update_setting(world.as_(Role.ADMINISTRATOR), key="idle_lock_minutes", value=2)
    an_hour_ago = utcnow() - timedelta(hours=1)
    with UnitOfWork(world.cut.db) as uow:
        uow.session.execute(
            update(UserSession)
            .where(UserSession.ended_at.is_(None))
            .values(started_at=an_hour_ago, last_seen_at=an_hour_ago)
        )
        uow.commit()
    test_action_by_role(world, Action.USER_LIST, Role.NURSE)  # denied, and said so
    test_action_by_role(world, Action.SETTINGS_READ, Role.NURSE)  # allowed
    test_action_by_role(world, Action.DASHBOARD_PHARMACY, Role.PHARMACIST)
