"""The patient's fee account: daily charges with the dose, payments, waivers, voids, the warning."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from clinic import administration
from clinic.dosing.orders import OrderRequest, write_order
from clinic.dosing.window import identify, record_dose, void_dose
from clinic.errors import Conflict, InvalidInput, NeedsConfirmation, NotFound, PermissionDenied
from clinic.insurance import patient_fees, schemes
from clinic.insurance.patient_fees import (
    patient_account,
    record_payment,
    set_site_fee,
    void_payment,
    waive_fee,
)
from clinic.patients import enrolment
from clinic.privacy.permissions import Role
from clinic.storage.models import AuditEvent, FeeCharge, FeePayment, SiteFee
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, Window, days, window


@pytest.fixture
def w(clinic: ClinicUnderTest) -> Window:
    w = window(clinic)
    w.stock_window()
    set_site_fee(clinic.admin(), site_id=main_site(w), daily_fee="10", effective_from=DAY0)
    return w


def main_site(w: Window) -> int:
    return next(s.site_id for s in administration.list_sites(w.cut.admin()) if s.code == "MAIN")


def count(cut: ClinicUnderTest, model: type) -> int:
    with UnitOfWork(cut.db, read_only=True) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def balance(w: Window, pid: int) -> Decimal:
    return patient_account(w.nurse, patient_id=pid).balance


def dose_days(w: Window, pid: int, n: int, start: date = DAY0) -> None:
    for k in range(n):
        w.at(start + days(k))
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)


def test_each_dosing_day_is_charged_once_and_shows_at_the_window(w: Window) -> None:
    pid = w.patient(dose="30")
    first = identify(w.nurse, identifier="P000001", window_id=w.ph.window)
    assert first.balance_owed == 0
    assert not any("owed" in en for en, _ in first.warnings)
    dose_days(w, pid, 3)
    assert balance(w, pid) == Decimal("30.00")

    w.at(DAY0 + days(3))
    panel = identify(w.nurse, identifier="P000001", window_id=w.ph.window)
    assert panel.balance_owed == Decimal("30.00")
    owed = [(en, zh) for en, zh in panel.warnings if "owed" in en]
    assert owed == [
        (
            "Balance owed: ¥30.00. Collect it or refer the patient to the office; "
            "do not withhold a dose for money.",
            "欠费 ¥30.00：请收费或请患者到收费处；不得因欠费停药。",
        )
    ]
    assert panel.can_dose  # a warning, never a refusal
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert balance(w, pid) == Decimal("40.00")


def test_split_doses_charge_the_day_once(w: Window) -> None:
    pid = w.patient(dose="40", slots_mg=("20", "20"))
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert count(w.cut, FeeCharge) == 1 and balance(w, pid) == Decimal("10.00")


def test_patients_billed_to_a_scheme_pay_through_the_claim(w: Window) -> None:
    schemes.add_payer_scheme(w.cut.admin(), code="RES", name="城乡居民医保", kind="resident")

    def enrol(name: str, consent: bool) -> int:
        pid = enrolment.enrol_patient(
            w.doc,
            enrolment=factories.enrolment(
                DAY0, name=name, scheme="RES", insured=f"R100{int(consent)}", claims_consent=consent
            ),
        ).patient_id
        write_order(
            w.doc,
            patient_id=pid,
            request=OrderRequest(product_id=w.ph.methadone, daily_dose_mg="30", start_on=DAY0),
        )
        return pid

    insured, no_consent = enrol("王小明", True), enrol("张伟", False)
    for pid in (insured, no_consent):
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert balance(w, insured) == 0
    assert patient_account(w.nurse, patient_id=insured).billed_to_scheme
    assert balance(w, no_consent) == Decimal("10.00")  # never in a claim, so pays at the window


def test_a_new_fee_applies_from_its_date_and_days_charged_keep_theirs(w: Window) -> None:
    pid = w.patient()
    site = main_site(w)
    set_site_fee(
        w.cut.admin(), site_id=site, daily_fee="12.50", effective_from=DAY0 + days(2), reason="物价"
    )
    dose_days(w, pid, 3)
    statement = patient_account(w.nurse, patient_id=pid)
    assert [e.amount for e in statement.entries] == [
        Decimal("10.00"),
        Decimal("10.00"),
        Decimal("12.50"),
    ]
    assert [e.balance for e in statement.entries] == [Decimal(10), Decimal(20), Decimal("32.50")]
    history = patient_fees.site_fee_history(w.cut.admin(), site_id=site)
    assert [(h.daily_fee, h.reason) for h in history] == [
        (Decimal("10.00"), None),
        (Decimal("12.50"), "物价"),
    ]


@pytest.mark.parametrize(
    ("fee", "words"),
    [
        ("10.005", "two decimal places"),
        ("-1", "between 0 and 1000"),
        ("ten", "not an amount"),
        ("1001", "between 0 and 1000"),
        ("NaN", "not an amount"),
        ("1O", "not an amount"),
        ("１０．００５", "two decimal places"),
    ],
)
def test_a_bad_fee_changes_nothing(w: Window, fee: str, words: str) -> None:
    before = count(w.cut, SiteFee)
    with pytest.raises(InvalidInput) as bad:
        set_site_fee(w.cut.admin(), site_id=main_site(w), daily_fee=fee, effective_from=DAY0)
    assert words in bad.value.message("en") and bad.value.message("zh_CN") != bad.value.message(
        "en"
    )
    assert count(w.cut, SiteFee) == before


def test_a_fee_cannot_start_in_the_past_or_be_set_by_a_nurse(w: Window) -> None:
    site = main_site(w)
    with pytest.raises(InvalidInput) as past:
        set_site_fee(w.cut.admin(), site_id=site, daily_fee="8", effective_from=DAY0 - days(1))
    assert "keep their fee" in past.value.message("en")
    with pytest.raises(PermissionDenied):
        set_site_fee(w.nurse, site_id=site, daily_fee="8", effective_from=DAY0)
    assert count(w.cut, SiteFee) == 1


def test_payments_receipts_credit_and_the_warning_clears(w: Window) -> None:
    pid = w.patient()
    dose_days(w, pid, 3)
    receipt = record_payment(w.nurse, patient_id=pid, amount="¥20", method="wechat")
    assert receipt.receipt_number.startswith("R20260304-") and receipt.balance_after == 10
    with pytest.raises(NeedsConfirmation) as asked:  # finding 9: ¥1000 typed for ¥10 owed
        record_payment(w.nurse, patient_id=pid, amount="50.00", method="cash", note="预付")
    assert asked.value.details == {"amount": "50.00", "owed": "10.00"}
    assert "¥50.00 is more than the ¥10.00 owed: ¥40.00" in asked.value.message("en")
    assert "收款 ¥50.00 超过欠费 ¥10.00" in asked.value.message("zh_CN")
    for wrong in (True, "5", "50.01", "fifty"):  # the confirmation repeats the amount itself
        with pytest.raises(NeedsConfirmation):
            record_payment(w.nurse, patient_id=pid, amount="50", confirm_above_owed=wrong)
    assert balance(w, pid) == 10
    ahead = record_payment(
        w.nurse, patient_id=pid, amount="50.00", method="cash", note="预付", confirm_above_owed="50"
    )
    assert ahead.balance_after == Decimal("-40.00")
    exact = record_payment(w.nurse, patient_id=pid, amount="0.01", confirm_above_owed="0.01")
    assert exact.balance_after == Decimal("-40.01")  # in credit: any payment is above owed
    w.at(DAY0 + days(3))
    panel = identify(w.nurse, identifier="P000001", window_id=w.ph.window)
    assert panel.balance_owed == Decimal("-40.01")
    assert not any("owed" in en for en, _ in panel.warnings)
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        events = uow.session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "fee.collect")
        ).all()
    taken = [e for e in events if '"receipt"' in e]  # the refused ones are audited too
    assert len(taken) == 3 and receipt.receipt_number in taken[0]
    assert sum('"needs_confirmation"' in e for e in events) == 5


@pytest.mark.parametrize(
    ("amount", "method", "words"),
    [
        ("0", "cash", "Enter the amount"),
        ("-5", "cash", "between 0"),
        ("1O", "cash", "not an amount"),
        ("3.333", "cash", "two decimal places"),
        ("10", "cheque", "how the patient paid"),
    ],
)
def test_a_bad_payment_changes_nothing(w: Window, amount: str, method: str, words: str) -> None:
    pid = w.patient()
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    with pytest.raises(InvalidInput) as bad:
        record_payment(w.nurse, patient_id=pid, amount=amount, method=method)
    assert words in bad.value.message("en")
    assert count(w.cut, FeePayment) == 0 and balance(w, pid) == 10


def test_waivers_need_a_reason_the_office_and_never_exceed_what_is_owed(w: Window) -> None:
    pid = w.patient()
    dose_days(w, pid, 2)
    clerk = w.cut.add_user("clerk", Role.BILLING_CLERK)
    with pytest.raises(PermissionDenied):
        waive_fee(w.nurse, patient_id=pid, amount="10", reason="困难")
    with pytest.raises(InvalidInput) as too_much:
        waive_fee(clerk, patient_id=pid, amount="20.01", reason="困难")
    assert "¥20.00" in too_much.value.message("en")
    with pytest.raises(InvalidInput):
        waive_fee(clerk, patient_id=pid, amount="5", reason="  ")
    assert count(w.cut, FeePayment) == 0
    waived = waive_fee(clerk, patient_id=pid, amount="15", reason="低保户减免")
    assert waived.kind == "waiver" and waived.balance_after == Decimal("5.00")
    entry = patient_account(clerk, patient_id=pid).entries[-1]
    assert entry.kind == "waiver" and entry.detail == "低保户减免" and entry.amount == -15


def test_a_wrong_payment_is_voided_and_stays_on_the_statement(w: Window) -> None:
    pid = w.patient()
    dose_days(w, pid, 2)
    clerk = w.cut.add_user("clerk", Role.BILLING_CLERK)
    wrong = record_payment(w.nurse, patient_id=pid, amount="200", confirm_above_owed="200")
    with pytest.raises(PermissionDenied):
        void_payment(w.nurse, receipt_number=wrong.receipt_number, reason="typo")
    with pytest.raises(InvalidInput):
        void_payment(clerk, receipt_number=wrong.receipt_number, reason="")
    assert void_payment(clerk, receipt_number=wrong.receipt_number.lower(), reason="输错金额") == 20
    with pytest.raises(Conflict):
        void_payment(clerk, receipt_number=wrong.receipt_number, reason="again")
    with pytest.raises(NotFound):
        void_payment(clerk, receipt_number="R20260101-XXXX", reason="none")
    statement = patient_account(clerk, patient_id=pid)
    voided = [e for e in statement.entries if e.reference == wrong.receipt_number]
    assert voided[0].cancelled and voided[0].cancel_reason == "输错金额"
    assert statement.balance == 20 and statement.entries[-1].balance == 20
    assert count(w.cut, FeePayment) == 1  # nothing deleted


def test_a_voided_dose_takes_back_its_day_and_a_new_dose_charges_it_again(w: Window) -> None:
    pid = w.patient()
    dose = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert balance(w, pid) == 10
    void_dose(
        w.nurse,
        dose_id=dose.dose_id,
        reason="wrong patient",
        witness="pharm",
        witness_password="pharm-pass-1",
    )
    assert balance(w, pid) == 0
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    statement = patient_account(w.nurse, patient_id=pid)
    assert [(e.cancelled, e.amount) for e in statement.entries] == [
        (True, Decimal(10)),
        (False, Decimal(10)),
    ]
    assert statement.balance == 10


def test_the_database_refuses_a_second_charge_for_the_same_day(w: Window) -> None:
    pid = w.patient(dose="40", slots_mg=("20", "20"))
    first = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    second = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    site = main_site(w)  # before the write transaction: a login inside it would wait on it
    with pytest.raises(IntegrityError), UnitOfWork(w.cut.db) as uow:
        uow.session.add(
            FeeCharge(
                patient_id=pid,
                site_id=site,
                service_date=DAY0,
                generation=1,
                dose_id=second.dose_id,
                amount=Decimal(10),
            )
        )
        uow.session.flush()
    assert first.dose_id != second.dose_id and count(w.cut, FeeCharge) == 1


def test_the_balance_is_exact_to_the_fen(w: Window) -> None:
    """Amounts binary floating point cannot hold (0.10, 0.07, 12.34) add up exactly."""
    pid = w.patient()
    dose_days(w, pid, 3)
    for amount in ("0.10", "0.10", "0.10", "0.07", "12.34", "0.01"):
        record_payment(w.nurse, patient_id=pid, amount=amount)
    assert balance(w, pid) == Decimal("17.28")
    assert str(balance(w, pid)) == "17.28"
