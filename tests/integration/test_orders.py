"""Dose orders: titration rules, supersession, policy, who may write them."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest

from clinic import administration
from clinic.dosing.orders import (
    OrderRequest,
    active_order,
    order_history,
    order_rules,
    stop_order,
    write_order,
)
from clinic.errors import ClinicError, Conflict, InvalidInput, NotFound, PermissionDenied
from clinic.patients import enrolment
from clinic.privacy.permissions import Role
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.test_patients import events, today_of


@pytest.fixture
def setup(clinic: ClinicUnderTest):  # type: ignore[no-untyped-def]
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    today = today_of(clinic)
    admin = clinic.admin()
    methadone = factories.methadone(admin)
    pid = enrolment.enrol_patient(doc, enrolment=factories.enrolment(today)).patient_id
    return clinic, doc, today, methadone, pid


def order(product: int, dose: object, start, **kw: object) -> OrderRequest:  # type: ignore[no-untyped-def]
    return OrderRequest(product_id=product, daily_dose_mg=dose, start_on=start, **kw)  # type: ignore[arg-type]


def test_induction_limits(setup) -> None:  # type: ignore[no-untyped-def]
    _clinic, doc, today, met, pid = setup
    for too_low_or_high in ("10", "35"):
        with pytest.raises(InvalidInput) as err:
            write_order(doc, patient_id=pid, request=order(met, too_low_or_high, today))
        assert "15–30" in err.value.message("en")
    with pytest.raises(InvalidInput) as first_day:
        write_order(doc, patient_id=pid, request=order(met, "45", today, slots_mg=("30", "15")))
    assert "40" in first_day.value.message("en")
    with pytest.raises(InvalidInput):  # slots must add up
        write_order(doc, patient_id=pid, request=order(met, "40", today, slots_mg=("30", "5")))
    for typo in ("abc", "-5", "0", 20.5):
        with pytest.raises(InvalidInput):
            write_order(doc, patient_id=pid, request=order(met, typo, today))
    first = write_order(doc, patient_id=pid, request=order(met, "40", today, slots_mg=("30", "10")))
    assert first.induction and first.slots_mg == (30, 10)


def test_steps_high_dose_and_supersession(setup) -> None:  # type: ignore[no-untyped-def]
    clinic, doc, today, met, pid = setup
    first = write_order(doc, patient_id=pid, request=order(met, "30", today))
    with pytest.raises(InvalidInput) as step:
        write_order(doc, patient_id=pid, request=order(met, "45", today))
    assert "more than 10 mg" in step.value.message("en")
    second = write_order(doc, patient_id=pid, request=order(met, "45", today, reason="withdrawal"))
    assert not second.induction and second.supersedes_id == first.order_id
    third = write_order(
        doc,
        patient_id=pid,
        request=order(met, "50", today + timedelta(days=7), review_on=today + timedelta(days=10)),
    )
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert active_order(uow.session, pid, today).id == second.order_id  # type: ignore[union-attr]
        assert active_order(uow.session, pid, today + timedelta(days=7)).id == third.order_id  # type: ignore[union-attr]
        history = order_history(uow.session, pid)
    assert [o.order_id for o in history] == [third.order_id, second.order_id, first.order_id]
    assert [o.superseded for o in history] == [False, True, True]
    # +10 mg at a time on one day adds up: from the second +10 on, a reason (issue 13)
    write_order(doc, patient_id=pid, request=order(met, "55", today + timedelta(days=7)))
    with pytest.raises(InvalidInput) as walked:
        write_order(doc, patient_id=pid, request=order(met, "60", today + timedelta(days=7)))
    assert "from a dose in force in the last 3 days (45 → 60 mg)" in walked.value.message("en")
    # above the high-dose threshold: a second physician or an ECG
    for dose in ("60", "70", "80", "90", "100"):
        write_order(
            doc, patient_id=pid, request=order(met, dose, today + timedelta(days=7), reason="up")
        )
    with pytest.raises(InvalidInput) as high:
        write_order(doc, patient_id=pid, request=order(met, "110", today + timedelta(days=7)))
    assert "second physician" in high.value.message("en")
    clinic.add_user("doc2", Role.PHYSICIAN)
    clinic.add_user("nurse", Role.NURSE)
    with pytest.raises(ClinicError):
        write_order(
            doc,
            patient_id=pid,
            request=order(
                met,
                "110",
                today + timedelta(days=7),
                reason="up",
                second_physician="doc",
                second_physician_password="doc-pass-1",
            ),
        )
    with pytest.raises(InvalidInput):
        write_order(
            doc,
            patient_id=pid,
            request=order(
                met,
                "110",
                today + timedelta(days=7),
                reason="up",
                second_physician="nurse",
                second_physician_password="nurse-pass-1",
            ),
        )
    signed = write_order(
        doc,
        patient_id=pid,
        request=order(
            met,
            "110",
            today + timedelta(days=7),
            reason="up",
            second_physician="doc2",
            second_physician_password="doc2-pass-1",
        ),
    )
    assert signed.second_physician_id is not None
    with pytest.raises(InvalidInput):
        write_order(
            doc,
            patient_id=pid,
            request=order(met, "120", today + timedelta(days=7), ecg_qtc_ms=900, ecg_on=today),
        )
    by_ecg = write_order(
        doc,
        patient_id=pid,
        request=order(
            met, "120", today + timedelta(days=7), ecg_qtc_ms=430, ecg_on=today, reason="up"
        ),
    )
    assert by_ecg.ecg_qtc_ms == 430
    stop = stop_order(
        doc, patient_id=pid, effective_on=today + timedelta(days=14), reason="tapered off"
    )
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert active_order(uow.session, pid, today + timedelta(days=14)) is None
        assert active_order(uow.session, pid, today + timedelta(days=13)).id == by_ecg.order_id  # type: ignore[union-attr]
    assert stop.supersedes_id == by_ecg.order_id


def test_the_high_dose_threshold_is_a_setting_the_form_and_the_service_share(setup) -> None:  # type: ignore[no-untyped-def]
    clinic, doc, today, met, pid = setup
    admin = clinic.admin()
    write_order(doc, patient_id=pid, request=order(met, "30", today))
    assert write_order(doc, patient_id=pid, request=order(met, "90", today, reason="titrated"))
    rules = order_rules(doc)
    assert rules.high_dose_threshold_mg == 100
    assert not rules.high_dose_check_needed("methadone", Decimal(100))
    assert rules.high_dose_check_needed("methadone", Decimal("100.5"))
    administration.update_setting(admin, key="high_dose_threshold_mg", value="80", reason="QTc")
    rules = order_rules(doc)
    assert rules.high_dose_threshold_mg == 80
    assert rules.high_dose_check_needed("methadone", Decimal(90))
    assert not rules.high_dose_check_needed("buprenorphine", Decimal(90))
    with pytest.raises(InvalidInput) as high:
        write_order(doc, patient_id=pid, request=order(met, "85", today))
    assert "Above 80 mg" in high.value.message("en") and "80 mg" in high.value.message("zh_CN")
    write_order(
        doc,
        patient_id=pid,
        request=order(met, "85", today, ecg_qtc_ms=440, ecg_on=today, reason="titrated"),
    )
    administration.update_setting(admin, key="high_dose_threshold_mg", value="120", reason="t")
    assert not order_rules(doc).high_dose_check_needed("methadone", Decimal(110))
    for dose in ("95", "105"):
        made = write_order(doc, patient_id=pid, request=order(met, dose, today, reason="titrated"))
        assert made.ecg_qtc_ms is None


def test_dates_policy_and_method(setup) -> None:  # type: ignore[no-untyped-def]
    clinic, doc, today, met, pid = setup
    with pytest.raises(InvalidInput):
        write_order(doc, patient_id=pid, request=order(met, "20", today - timedelta(days=1)))
    with pytest.raises(InvalidInput):
        write_order(
            doc,
            patient_id=pid,
            request=order(met, "20", today, review_on=today - timedelta(days=1)),
        )
    with pytest.raises(InvalidInput) as policy:
        write_order(doc, patient_id=pid, request=order(met, "20", today, take_home_days=2))
    assert "no take-home" in policy.value.message("en")
    administration.update_setting(clinic.admin(), key="take_home_max_days", value=3)
    assert (
        write_order(
            doc, patient_id=pid, request=order(met, "20", today, take_home_days=2)
        ).take_home_days
        == 2
    )
    bup = factories.buprenorphine(clinic.admin(), "2")
    with pytest.raises(InvalidInput) as method:
        write_order(doc, patient_id=pid, request=order(bup, "8", today))
    assert "treatment method" in method.value.message("en")
    with pytest.raises(NotFound):
        write_order(doc, patient_id=pid, request=order(9999, "20", today))


def test_buprenorphine_whole_tablets(clinic: ClinicUnderTest) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    today = today_of(clinic)
    bup2 = factories.buprenorphine(clinic.admin(), "2")
    factories.buprenorphine(clinic.admin(), "8")
    pid = enrolment.enrol_patient(
        doc, enrolment=factories.enrolment(today, method="buprenorphine")
    ).patient_id
    with pytest.raises(InvalidInput) as odd:
        write_order(doc, patient_id=pid, request=order(bup2, "3", today))
    assert "whole tablets" in odd.value.message("en")
    assert write_order(doc, patient_id=pid, request=order(bup2, "10", today)).daily_dose_mg == 10


def test_only_physicians_write_orders(setup) -> None:  # type: ignore[no-untyped-def]
    clinic, _doc, today, met, pid = setup
    for role in (Role.NURSE, Role.BILLING_CLERK, Role.PHARMACIST):
        other = clinic.add_user(f"u_{role.value}", role)
        with pytest.raises(PermissionDenied):
            write_order(other, patient_id=pid, request=order(met, "20", today))
    denied = [e for e in events(clinic, "order.write") if e.outcome == "denied"]
    assert {e.username for e in denied} == {"u_nurse", "u_billing_clerk", "u_pharmacist"}


def test_discharged_patient_gets_no_order(setup) -> None:  # type: ignore[no-untyped-def]
    from clinic.patients.records import change_status

    _clinic, doc, today, met, pid = setup
    change_status(
        doc, patient_id=pid, to_status="discharged", effective_on=today, reason="moved away"
    )
    with pytest.raises(Conflict):
        write_order(doc, patient_id=pid, request=order(met, "20", today))


def test_two_physicians_ordering_at_once_cannot_both_supersede(setup) -> None:  # type: ignore[no-untyped-def]
    clinic, doc, today, met, pid = setup
    write_order(doc, patient_id=pid, request=order(met, "20", today))
    doc2 = clinic.add_user("doc2", Role.PHYSICIAN)
    results: list[object] = []
    barrier = threading.Barrier(2)

    def go(auth, dose):  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            results.append(write_order(auth, patient_id=pid, request=order(met, dose, today)))
        except ClinicError as exc:
            results.append(exc)

    threads = [threading.Thread(target=go, args=(a, d)) for a, d in ((doc, "25"), (doc2, "30"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [r for r in results if isinstance(r, ClinicError)]
    assert len(errors) <= 1
    with UnitOfWork(clinic.db, read_only=True) as uow:
        history = order_history(uow.session, pid)
    supersedes = [o.supersedes_id for o in history if o.supersedes_id]
    assert len(supersedes) == len(set(supersedes))
