"""The demo clinic (SQLCipher): its fictional patients, written through the audited services."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinic import app, clock
from clinic.demo.people import plan_patients
from clinic.dosing import daylog, screens
from clinic.dosing.window import open_for_dosing
from clinic.insurance import patient_fees
from clinic.insurance.schemes import list_payer_schemes
from clinic.inventory import reconcile, register, stock
from clinic.inventory.catalogue import list_products
from clinic.patients import records
from clinic.patients.records import PatientRecord
from clinic.privacy.audit import AuditFilter
from clinic.privacy.audit_service import count_audit_events, verify_audit_trail
from clinic.privacy.permissions import Role
from clinic.service import AuthContext
from clinic.storage.models import (
    BottleReturn,
    Destruction,
    DestructionApplication,
    Dose,
    DoseWithheld,
    Incident,
    Location,
    PatientCard,
    Product,
    ScreenReview,
    StockBalance,
    TransferReceipt,
    UrineScreen,
)
from clinic.storage.uow import UnitOfWork
from tests.demo_cache import copy_of
from tests.integration.stock_helpers import recomputed


@dataclass
class Demo:
    clinic: app.Clinic
    passwords: dict[str, str]
    physician: AuthContext
    records: list[PatientRecord]

    def login(self, username: str) -> AuthContext:
        return self.clinic.login(username, self.passwords[username])


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, demo_source: tuple[Path, dict[str, str]]
) -> Iterator[Demo]:
    source, passwords = demo_source
    clinic = copy_of(source, tmp_path_factory.mktemp("demo") / "clinic")
    try:
        physician = clinic.login("physician", passwords["physician"])
        items = records.list_patients(physician, limit=500)
        opened = [records.open_patient(physician, patient_id=i.patient_id) for i in items]
        yield Demo(clinic, passwords, physician, opened)
    finally:
        clinic.close()


def test_counts_by_status(demo: Demo) -> None:
    assert records.count_patients(demo.physician) == {
        "active": 46,
        "on_hold": 4,
        "discharged": 5,
        "transferred_out": 2,
        "deceased": 1,
        "applicant": 2,
    }
    assert len(demo.records) == 60


def test_products_and_schemes(demo: Demo) -> None:
    products = {p.code: p for p in list_products(demo.physician)}
    assert set(products) == {"MET-1", "MET-05", "BUP-02", "BUP-2"}
    assert products["MET-05"].controlled_class == "narcotic"
    assert products["BUP-02"].controlled_class == "psychotropic_1"
    schemes = {s.code: s.kind for s in list_payer_schemes(demo.physician)}
    assert schemes == {"RESIDENT": "resident", "EMPLOYEE": "employee"}


def test_every_active_patient_has_an_order(demo: Demo) -> None:
    active = [r for r in demo.records if r.status == "active"]
    assert len(active) == 46
    for record in active:
        order = record.current_order
        assert order is not None, record.patient_number
        assert "No dose order yet." not in [w[0] for w in record.warnings]
    methods = Counter(r.method for r in demo.records if r.status != "applicant")
    assert methods["buprenorphine"] == 10
    assert methods["methadone"] == 48


def test_doses_follow_the_titration_rules(demo: Demo) -> None:
    current = [r.current_order for r in demo.records if r.status in ("active", "on_hold")]
    orders = [o for o in current if o is not None]
    methadone = [o for o in orders if o.product_name and "美沙酮" in o.product_name]
    buprenorphine = [o for o in orders if o.product_name and "丁丙诺啡" in o.product_name]
    for order in methadone:
        assert order.daily_dose_mg is not None
        if order.induction:
            assert 20 <= order.daily_dose_mg <= 30
        else:
            assert 60 <= order.daily_dose_mg <= 120
            assert order.reason  # the step from the induction dose is more than 10 mg
    high = [o for o in methadone if o.daily_dose_mg is not None and o.daily_dose_mg > 100]
    assert len(high) == 1 and high[0].ecg_qtc_ms is not None
    assert any(o.slots_mg for o in methadone)
    for order in buprenorphine:
        assert order.daily_dose_mg is not None and 2 <= order.daily_dose_mg <= 16
    due = [r for r in demo.records if any("due for review" in w[0] for w in r.warnings)]
    assert len(due) == 1


def test_lifecycle_cases(demo: Demo) -> None:
    readmitted = [r for r in demo.records if r.episode_number == 2]
    assert len(readmitted) == 1 and readmitted[0].status == "active"
    assert readmitted[0].current_order is not None and readmitted[0].current_order.induction
    minors = [r for r in demo.records if r.age < 18]
    assert len(minors) == 1 and minors[0].age == 17 and minors[0].guardian
    for record in demo.records:
        if record.status in ("discharged", "transferred_out", "deceased"):
            assert record.status_history[-1].reason, record.patient_number
    assert sum("·" in r.name for r in demo.records) == 2
    assert all(r.photo and r.photo.startswith(b"\x89PNG") for r in demo.records)


def test_a_voided_card_exists_and_warns(demo: Demo) -> None:
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        reprinted = uow.session.scalars(
            select(PatientCard.patient_id).group_by(PatientCard.patient_id).having(func.count() > 1)
        ).all()
        assert len(reprinted) == 1
        old = uow.session.scalars(
            select(PatientCard.code).where(
                PatientCard.patient_id == reprinted[0], PatientCard.issue_number == 1
            )
        ).one()
    nurse = demo.login("nurse")
    found = records.open_by_card(nurse, code=old)
    assert found.voided and found.current_code != old
    with_card = [r for r in demo.records if r.card_code]
    assert len(with_card) > len(demo.records) * 0.8


def test_claims_consent_only_for_the_insured(demo: Demo) -> None:
    insured = [r for r in demo.records if r.status != "applicant" and r.payer_kind != "self_pay"]
    self_pay = [r for r in demo.records if r.status != "applicant" and r.payer_kind == "self_pay"]
    assert insured and self_pay
    for record in self_pay:
        assert record.insurance_number is None
        assert not [c for c in record.consents if c.purpose == "insurance_claims"]
    consenting = [r for r in insured if any(c.purpose == "insurance_claims" for c in r.consents)]
    assert len(consenting) == len(insured) - 1  # one insured patient declined claims
    for record in consenting:
        claims = [c for c in record.consents if c.purpose == "insurance_claims"]
        assert claims[0].recipient == record.payer_scheme


def test_every_write_was_audited_and_the_chain_verifies(demo: Demo) -> None:
    auditor = demo.login("auditor")

    def count(action: str, username: str) -> int:
        return count_audit_events(auditor, flt=AuditFilter(action=action, username=username))

    assert count("patient.register", "physician") == 60
    assert count("order.write", "physician") >= 46
    assert count("card.issue", "nurse") >= 50
    assert count("product.manage", "pharmacist") == 4
    assert count("payer.manage", "admin") == 10  # 2 schemes, 2 terms, 6 prices
    result = verify_audit_trail(demo.login("admin"))
    assert result.ok, result.problem_en
    assert result.checked > 300


def test_the_demo_inspector_signs_in_and_reads_the_inspection_reports(demo: Demo) -> None:
    """The demo's inspector has an open inspection of the month's history: the reports open,
    with the month's doses in them, and name no patient."""
    from clinic import inspection
    from clinic.demo.build import INSPECTION_OPEN_DAYS

    inspector = demo.login("inspector")
    assert inspector.actor.roles == frozenset({Role.INSPECTOR})
    [grant] = inspection.my_inspections(inspector)
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        today = clock.clinic_today(uow.session)
    assert grant.state == "open" and grant.period_to <= today
    assert (grant.period_to - grant.period_from).days >= 30
    assert grant.expires_on >= grant.period_to + timedelta(days=INSPECTION_OPEN_DAYS - 1)
    iid = grant.inspection_id
    dosing = inspection.inspection_dosing(
        inspector, inspection_id=iid, start=grant.period_from, end=grant.period_to
    )
    assert dosing.rows and int(dosing.totals[dosing.column("doses")]) > 100
    expiry = inspection.inspection_stock_expiry(inspector, inspection_id=iid, day=grant.period_to)
    assert expiry.columns
    month = inspection.inspection_work_report(
        inspector, inspection_id=iid, year=grant.period_to.year, month=grant.period_to.month
    )
    assert month.rows
    names = {r.name for r in demo.records}
    shown = " ".join(str(cell) for t in (dosing, expiry, month) for row in t.rows for cell in row)
    assert not any(name in shown for name in names)


def test_identifiers_are_not_readable_in_the_file(demo: Demo) -> None:
    names = {r.name for r in demo.records}
    today = min(r.in_treatment_since for r in demo.records if r.episode_number == 1)
    planned = plan_patients(today)
    assert {p.name for p in planned} == names
    demo.clinic.close()  # checkpoint the WAL into the file
    home = demo.clinic.home
    files = [p for p in home.rglob("*") if p.is_file() and p.name.startswith("clinic.db")]
    assert files
    for path in files:
        raw = path.read_bytes()
        text = subprocess.run(
            ["strings", "-n", "4", str(path)], check=True, capture_output=True, text=True
        ).stdout
        text_utf8 = subprocess.run(
            ["strings", "-n", "2", "-e", "S", str(path)], check=True, capture_output=True
        ).stdout.decode("utf-8", "replace")
        for person in planned:
            for secret in (person.name, person.national_id, person.phone, person.insured_number):
                if secret:
                    assert secret.encode() not in raw, f"{secret!r} in {path.name}"
                    assert secret not in text and secret not in text_utf8
            assert person.national_id[-8:] not in text


# --- stock (issue 6) -----------------------------------------------------------------------


def test_stock_books_agree_with_the_movements(demo: Demo) -> None:
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        stored = {
            (b.product_id, b.lot_id, b.location_id): b.quantity
            for b in uow.session.scalars(select(StockBalance))
            if b.quantity != 0
        }
        assert all(q >= 0 for q in uow.session.scalars(select(StockBalance.quantity)))
    assert stored == recomputed(demo.clinic)  # type: ignore[arg-type]
    assert len(stored) >= 8


def test_stock_story_of_the_month(demo: Demo) -> None:
    pharmacist = demo.login("pharmacist")
    waiting = reconcile.waiting_variances(pharmacist)
    assert len(waiting) == 1 and waiting[0].variance == -12
    lines = stock.balances(pharmacist)
    expired = [b for b in lines if b.expired and b.quantity > 0]
    assert expired and all(b.location_kind == "quarantine" for b in expired)
    assert any(b.expiring_soon and not b.expired and b.quantity > 0 for b in lines)
    assert {b.site_code for b in lines} >= {"MAIN", "SAT"}
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        session = uow.session
        assert len(session.scalars(select(Destruction)).all()) == 1
        assert len(session.scalars(select(DestructionApplication)).all()) == 2
        assert len(session.scalars(select(Incident)).all()) == 1
        assert len(session.scalars(select(TransferReceipt)).all()) == 1


def test_the_register_for_the_demo_month_has_lines(demo: Demo) -> None:
    pharmacist = demo.login("pharmacist")
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        session = uow.session
        window = session.scalars(
            select(Location.id).where(Location.code.like("MAIN-WINDOW%"))
        ).one()
        methadone = session.scalars(select(Product.id).where(Product.code == "MET-1")).one()
        today = clock.clinic_today(session)
        book = register.ledger_balance(session, window, methadone)
    earlier = today - timedelta(days=15)
    for year, month in sorted({(earlier.year, earlier.month), (today.year, today.month)}):
        reg = register.register_month(
            pharmacist,
            location_id=window,
            product_id=methadone,
            year=year,
            month=month,
            clinic_name="示范美沙酮门诊",
        )
        assert reg.lines and reg.lines[-1].balance == reg.closing
        assert reg.opening + reg.total_receipts - reg.total_issues == reg.closing
        kinds = {line.kind for line in reg.lines}
        assert "dispense" in kinds
    assert reg.closing == book  # the current month ends at the ledger's balance


# --- dosing (issue 7) ----------------------------------------------------------------------


def _main_window(demo: Demo) -> tuple[int, date]:
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        window = uow.session.scalars(
            select(Location.id).where(Location.code.like("MAIN-WINDOW%"))
        ).one()
        return window, clock.clinic_today(uow.session)


def test_every_missed_day_rule_shows_today(demo: Demo) -> None:
    nurse = demo.login("nurse")
    window, today = _main_window(demo)
    active = [r for r in demo.records if r.status == "active" and r.current_order is not None]
    panels = [open_for_dosing(nurse, patient_id=r.patient_id, window_id=window) for r in active]
    assert all(p.dosing_date == today for p in panels)
    fine = [p for p in panels if 1 <= p.missed_days <= 2 and p.can_dose]
    held = [p for p in panels if 3 <= p.missed_days <= 4]
    reinduce = [p for p in panels if p.missed_days >= 5]
    assert fine and held and reinduce
    assert all(p.refusal and "held until a physician" in p.refusal[0] for p in held)
    assert all(p.refusal and "re-induction order" in p.refusal[0] for p in reinduce)
    assert {p.missed_days for p in held} == {3, 4}
    dosed_today = [p for p in panels if p.dosed_slots]
    assert dosed_today and all(not p.can_dose for p in dosed_today if p.slots_total == 1)
    ready = [p for p in panels if p.can_dose and p.missed_days == 0]
    assert ready  # most patients came yesterday and are waiting today
    take_home = [p for p in panels if any("take-home bottle" in w[0] for w in p.warnings)]
    assert len(take_home) == 1


def test_fees_are_charged_paid_and_some_are_owed(demo: Demo) -> None:
    nurse = demo.login("nurse")
    window, _ = _main_window(demo)
    active = [r for r in demo.records if r.status == "active" and r.current_order is not None]
    accounts = [patient_fees.patient_account(nurse, patient_id=r.patient_id) for r in active]
    paying = [a for a in accounts if not a.billed_to_scheme]
    billed = [a for a in accounts if a.billed_to_scheme]
    assert paying and billed
    assert all(not any(e.kind == "charge" for e in a.entries) for a in billed)
    assert all(any(e.kind == "charge" for e in a.entries) for a in paying)
    assert sum(1 for a in paying if any(e.kind == "payment" for e in a.entries)) > len(paying) / 2
    owing = [a for a in paying if a.balance >= 100]  # stopped paying about ten days ago
    assert 1 <= len(owing) <= 2
    panel = open_for_dosing(nurse, patient_id=owing[0].patient_id, window_id=window)
    assert panel.balance_owed == owing[0].balance
    assert any(w[0].startswith(f"Balance owed: ¥{owing[0].balance}") for w in panel.warnings)
    fees = patient_fees.fees_today(demo.physician)
    assert sorted(fees.values()) == [Decimal("8.00"), Decimal("10.00")]


def test_outreach_and_screens(demo: Demo) -> None:
    nurse = demo.login("nurse")
    window, _ = _main_window(demo)
    outreach = daylog.outreach_list(nurse)
    assert outreach and all(e.days_absent > 14 for e in outreach)
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        s = uow.session
        screened = set(s.scalars(select(UrineScreen.patient_id)))
        unreviewed = s.scalars(
            select(UrineScreen)
            .outerjoin(ScreenReview, ScreenReview.screen_id == UrineScreen.id)
            .where(UrineScreen.any_positive.is_(True), ScreenReview.id.is_(None))
        ).all()
        reviewed = s.scalars(select(ScreenReview)).all()
        positive_patient = unreviewed[0].patient_id if unreviewed else None
    active = [r for r in demo.records if r.status == "active"]
    assert len(screened) >= len(active) * 0.8
    assert len(unreviewed) == 1 and len(reviewed) == 1
    assert positive_patient is not None
    panel = open_for_dosing(nurse, patient_id=positive_patient, window_id=window)
    assert any("awaits a physician's review" in w[0] for w in panel.warnings)
    assert screens.screens_due(nurse)  # a few have not had their first screen yet


def test_a_past_day_log_matches_the_ledger(demo: Demo) -> None:
    nurse = demo.login("nurse")
    window, today = _main_window(demo)
    for back in (5, 6, 11, 20):
        log = daylog.daily_log(nurse, window_id=window, day=today - timedelta(days=back))
        assert log.matches_ledger, (back, log.dispensed_by_product, log.ledger_dispensed_by_product)
        assert log.doses_given > 30
    voided = daylog.daily_log(nurse, window_id=window, day=today - timedelta(days=5))
    assert voided.doses_voided == 1
    assert next(line.void_reason for line in voided.lines if line.voided)
    wasted = daylog.daily_log(nurse, window_id=window, day=today - timedelta(days=6))
    assert any("part-dose" in (w.reason or "") for w in wasted.waste)
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        s = uow.session
        take_home = s.scalars(select(Dose).where(Dose.kind == "take_home")).all()
        returns = s.scalars(select(BottleReturn)).all()
        withheld = s.scalars(select(DoseWithheld)).all()
        doses = s.scalar(select(func.count()).select_from(Dose))
        first = s.scalar(select(func.min(Dose.dosing_date)))
    assert len(take_home) == 2 and len(returns) == 1 and len(withheld) == 1
    assert first == today - timedelta(days=30)
    auditor = demo.login("auditor")
    recorded = count_audit_events(auditor, flt=AuditFilter(action="dose.record", username="nurse"))
    assert doses and recorded >= doses  # every dose went through the audited service


def test_a_demo_month_of_claims_has_included_excluded_and_invalid_patients(demo: Demo) -> None:
    from clinic.demo.claims import DRUG_FEES, LATE_PRICED
    from clinic.insurance import claims, views

    clerk = demo.login("clerk")
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        first = clock.clinic_today(uow.session) - timedelta(days=30)
    built = claims.build_batch(clerk, scheme_code="RESIDENT", year=first.year, month=first.month)
    assert len(built.claims) >= 10
    for claim in built.claims:
        assert claim.payer_amount + claim.subsidy_amount + claim.patient_amount == claim.total
        assert claim.subsidy_amount > 0  # the resident scheme's subsidy pays half the rest
    reasons = Counter(e.reason_en for e in built.excluded)
    assert (
        reasons["no valid consent to insurance claims in this month"] == 1
    )  # insured, declined claims
    assert reasons["pays themselves (self-pay)"] >= 5
    late = DRUG_FEES[LATE_PRICED][1]
    assert built.problems and all(f"no price for {late}" in p.reason_en for p in built.problems)
    detail = views.claim_detail(clerk, claim_number=built.claims[0].number)
    assert {line.kind for line in detail.lines} >= {"service", "drug"}
    employee = claims.build_batch(clerk, scheme_code="EMPLOYEE", year=first.year, month=first.month)
    assert employee.claims and not employee.problems
    assert {t.scheme_code: t.annual_cap for t in views.list_scheme_terms(clerk)} == {
        "EMPLOYEE": 3000,
        "RESIDENT": None,
    }


def _pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(  # -raw: in drawing order, so the rotated mark's letters stay together
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_every_pdf_of_the_demo_clinic_says_demo(demo: Demo, tmp_path: Path) -> None:
    """A demo register, log or card printed and left on a desk is never taken for a real one."""
    nurse, pharmacist = demo.login("nurse"), demo.login("pharmacist")
    window, today = _main_window(demo)
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        methadone = uow.session.scalars(select(Product.id).where(Product.code == "MET-1")).one()
    carded = next(r for r in demo.records if r.card_code is not None)
    printed = {
        "daily log": daylog.daily_log_pdf(
            nurse, window_id=window, day=today - timedelta(days=1), clinic_name="示范"
        ),
        "register": register.export_register(
            pharmacist,
            location_id=window,
            product_id=methadone,
            year=today.year,
            month=today.month,
            clinic_name="示范",
            fmt="pdf",
        ),
        "card": records.card_pdf(nurse, patient_id=carded.patient_id, clinic_name="示范"),
    }
    for what, data in printed.items():
        pages = [p for p in _pdf_text(data, tmp_path).split("\f") if p.strip()]
        assert pages, what
        for page in pages:
            assert "DEMO示范·虚构患者fictionalpatients" in "".join(page.split()), what


# --- the demo is written by the services (issue 12) -----------------------------------------

# Events written outside a service call's own frame: sign-in and out, the second signature, the
# clinic's creation, and the extra events services add (each patient read through a list).
OUTSIDE_THE_FRAME = {
    ("login", "user"),
    ("logout", "user"),
    ("witness.sign", "user"),
    ("clinic.init", "clinic"),
    ("audit.genesis", "clinic"),
    ("patient.read", "patient"),
    ("disclosure", "patient"),
}
STOCK_STORY = {
    ("stock.receive", "receipt"),
    ("stock.move", "movement"),  # issues to the windows, a return to the safe
    ("stock.move", "transfer"),  # sent, then received at the satellite
    ("stock.waste", "movement"),
    ("stock.destroy", "destruction"),  # set aside, then destroyed
    ("stock.loss", "incident"),
    ("stock.count", "stock_count"),
    ("dose.record", "dose"),
}


def _service_kinds() -> set[tuple[str, str]]:
    import pkgutil

    import clinic
    from clinic.service import SERVICES

    for module in pkgutil.walk_packages(clinic.__path__, "clinic."):
        if not module.name.startswith(("clinic.ui", "clinic.storage.migrations")):
            __import__(module.name)
    return {(fn.action.value, fn.entity) for fn in SERVICES if fn.audited}  # type: ignore[attr-defined]


def test_the_demo_writes_only_what_the_services_write(demo: Demo) -> None:
    from clinic.storage.models import AuditEvent, StockMovement

    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        s = uow.session
        kinds = {
            (a, e) for a, e in s.execute(select(AuditEvent.action, AuditEvent.entity).distinct())
        }
        details = s.scalars(select(AuditEvent.details)).all()
        movements = s.scalar(select(func.count()).select_from(StockMovement))
    services = _service_kinds()
    assert ("stock.receive", "receipt") in services  # the registry sees the stock services
    assert kinds - services - OUTSIDE_THE_FRAME == set()
    assert kinds >= STOCK_STORY
    assert not any("demo_history" in (d or "") for d in details)
    assert movements and movements > 1000


@pytest.mark.long
def test_clinic_admin_demo_shows_its_progress_and_makes_a_clinic_to_sign_in_to(
    tmp_path: Path,
) -> None:
    """The README's command, as a user types it (the folder after the command), at the real
    password cost: one line per step while it works, then the users' passwords."""
    import os
    import sys

    home = tmp_path / "demo"
    admin = Path(sys.executable).with_name("clinic-admin")
    env = dict(os.environ, LANG="en_US.UTF-8")
    done = subprocess.run(
        [str(admin), "demo", "--path", str(home)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    steps = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("[")]
    assert steps[0] == "[ 0/34] the clinic and its users"
    assert steps[-1] == "[34/34] done"
    assert len(steps) == 35 and sum("the stock and doses of" in s for s in steps) == 31
    password = next(
        line.split()[1] for line in done.stdout.splitlines() if line.strip().startswith("admin ")
    )
    assert f"admin        {password}" in (home / "DEMO-PASSWORDS.txt").read_text()
    users = subprocess.run(
        [str(admin), "user", "list", "--path", str(home), "--user", "admin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert users.returncode == 0, users.stderr
    assert {"nurse", "pharmacist", "physician", "clerk", "auditor", "inspector"} <= {
        line.split()[1] for line in users.stdout.splitlines()
    }


def test_the_demo_months_platform_messages_validate(demo: Demo, tmp_path: Path) -> None:
    """Every message of the demo month, in each of its three rounds, passes its schema: the
    visit registrations, then (after the platform's ids) fee details and settlements, then the
    settlement lists."""
    import json

    import pyzipper

    from clinic.insurance import claims, exports, platform, views
    from clinic.insurance.platform_messages import Message, check

    clerk = demo.login("clerk")
    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        first = clock.clinic_today(uow.session) - timedelta(days=30)
    batches = views.list_batches(clerk, scheme_code="RESIDENT")
    if not batches:
        claims.build_batch(clerk, scheme_code="RESIDENT", year=first.year, month=first.month)
        batches = views.list_batches(clerk, scheme_code="RESIDENT")
    number = batches[0].batch_number
    problems = len(exports.export_problems(clerk, batch_number=number))

    def round_of(name: str) -> dict[str, list[dict]]:  # type: ignore[type-arg]
        out = exports.export_batch(
            clerk,
            batch_number=number,
            target=tmp_path / name,
            passphrase="demo export passphrase",
            clinic_name="示范",
            formats=("platform",),
            confirm_problems=problems or None,
        )
        sent: dict[str, list[dict]] = {}  # type: ignore[type-arg]
        with pyzipper.AESZipFile(out.path) as archive:
            archive.setpassword(b"demo export passphrase")
            for file in out.files:
                if file.endswith(".jsonl"):
                    infno = file.rsplit("-", 1)[1].removesuffix(".jsonl")
                    lines = archive.read(file).decode().splitlines()
                    sent[infno] = [json.loads(line) for line in lines]
        for infno, bodies in sent.items():
            for body in bodies:
                assert check(Message(infno, number, "", first, body)) == []
        return sent

    from clinic.storage.models import Claim, ClaimBatch, PlatformVisit

    with UnitOfWork(demo.clinic.db, read_only=True) as uow:
        visits_of_batch = uow.session.scalar(
            select(func.count(PlatformVisit.id))
            .join(Claim, Claim.id == PlatformVisit.claim_id)
            .join(ClaimBatch, ClaimBatch.id == Claim.batch_id)
            .where(ClaimBatch.number == number)
        )
    sent = round_of("one")
    # one registration per visit; how many the month holds depends on where today falls in it
    assert set(sent) == {"2201"} and len(sent["2201"]) == visits_of_batch > 0
    visits = [m["input"]["data"]["ipt_otp_no"] for m in sent["2201"]]

    def reply(infno: str, prefix: str) -> None:
        rows = "".join(f"{v},{infno},{prefix}{i}\n" for i, v in enumerate(visits))
        assert platform.import_platform_replies(clerk, data=rows.encode()).applied == len(visits)

    reply("2201", "MD")
    sent = round_of("two")
    assert set(sent) == {"2204", "2207"}
    lines = [x for m in sent["2204"] for x in m["input"]["feedetail"]]
    kinds = {x["medins_list_codg"]: x["med_chrgitm_type"] for x in lines}
    assert kinds["SVC-DOSING"] == "05" and kinds["DRUG-MET-1"] == "09"
    assert kinds.get("LAB-URINE", "04") == "04"
    assert {x["dise_codg"] for x in lines} == {"DEMO0830"}  # the chronic-disease code
    for m in sent["2207"]:
        pre = m["input"]["presettlement"]
        assert Decimal(pre["psn_part_amt"]) + Decimal(pre["fund_pay_sumamt"]) == Decimal(
            pre["medfee_sumamt"]
        )
    reply("2207", "ST")
    sent = round_of("three")
    assert set(sent) == {"4101A"} and len(sent["4101A"]) == len(visits)
