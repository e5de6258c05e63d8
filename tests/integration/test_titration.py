"""Titration holds for what the patient receives over time (issue 13, findings 2 and 12)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic import clock
from clinic.dosing.orders import Needs, OrderRequest, order_needs, write_order
from clinic.dosing.window import record_dose
from clinic.errors import InvalidInput
from clinic.patients import enrolment
from clinic.privacy.permissions import Role
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, Window, days, window


@pytest.fixture
def w(clinic: ClinicUnderTest) -> Window:
    found = window(clinic)
    found.stock_window()
    return found


def _order(w: Window, pid: int, dose: str, start: date, **more: object) -> object:
    return write_order(
        w.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=w.ph.methadone,
            daily_dose_mg=dose,
            start_on=start,
            **more,  # type: ignore[arg-type]
        ),
    )


def test_consecutive_small_steps_add_up(w: Window) -> None:
    """Eight +10 mg orders in one sitting took a patient on induction from 20 to 100 mg."""
    pid = w.patient(dose="20")
    tomorrow = DAY0 + days(1)
    _order(w, pid, "30", tomorrow)  # +10 from what is in force: fine
    with pytest.raises(InvalidInput) as walked:
        _order(w, pid, "40", tomorrow)
    message = walked.value.message("en")
    assert "more than 10 mg" in message and "(20 → 40 mg)" in message
    assert "请说明理由" in walked.value.message("zh_CN")
    made = _order(w, pid, "40", tomorrow, reason="withdrawal signs at 30 mg")
    assert made.reason == "withdrawal signs at 30 mg"  # type: ignore[attr-defined]
    # the look-back window moves on: a week later 50 mg is a step from 40 mg again
    _order(w, pid, "50", DAY0 + days(8))


def test_a_second_order_on_the_first_day_counts_the_doses_given(w: Window) -> None:
    """30 mg given, then 30+10 and 30+10+10 written the same day: 50 mg on day one."""
    pid = w.patient(dose="30")
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    _order(w, pid, "40", DAY0, slots_mg=("30", "10"))  # 30 given + 10 still to come: 40
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)  # the 10 mg slot
    with pytest.raises(InvalidInput) as over:
        _order(w, pid, "50", DAY0, slots_mg=("30", "10", "10"))
    message = over.value.message("en")
    assert "first day's methadone total would be 50 mg" in message
    assert "(given 40 mg, still ordered 10 mg)" in message
    assert (
        "美沙酮首日总量将达 50 mg（已服 40 mg，尚待服 10 mg），超过 40 mg。"
        in over.value.message("zh_CN")
    )
    needs = order_needs(
        w.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=w.ph.methadone,
            daily_dose_mg="50",
            slots_mg=("30", "10", "10"),
            start_on=DAY0,
        ),
    )
    assert len(needs.reasons) == 1 and not needs.high_dose_check  # the form is told the same
    _order(w, pid, "50", DAY0, slots_mg=("30", "10", "10"), reason="severe withdrawal at 4 h")
    # the next day is no first day
    _order(w, pid, "50", DAY0 + days(1))


def test_a_first_order_over_the_first_day_limit_needs_a_reason(w: Window) -> None:
    pid = w.patient(dose="30")
    with pytest.raises(InvalidInput, match="more than 40 mg"):
        _order(w, pid, "45", DAY0, slots_mg=("30", "15"))


def _held(w: Window, dose: str, missed: int) -> int:
    """A patient on DOSE mg (from the day after induction) who then missed MISSED days."""
    pid = w.patient(dose="30")
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    _order(w, pid, dose, DAY0 + days(1), reason="established maintenance dose elsewhere")
    w.at(DAY0 + days(1))
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0 + days(2 + missed))
    return pid


@pytest.mark.parametrize(
    ("dose", "missed", "proposed"),
    [("80", 3, 40), ("80", 4, 40), ("100", 3, 50), ("100", 4, 40), ("70", 4, 35), ("65", 3, 32)],
)
def test_a_reassessment_after_missed_days_proposes_the_reduced_dose(
    w: Window, dose: str, missed: int, proposed: int
) -> None:
    """After 3–4 missed days any new order released the hold, the full old dose included."""
    pid = _held(w, dose, missed)
    today = DAY0 + days(2 + missed)
    ask = OrderRequest(product_id=w.ph.methadone, daily_dose_mg=dose, start_on=today)
    needs = order_needs(w.doc, patient_id=pid, request=ask)
    assert needs.proposed_mg == proposed
    with pytest.raises(InvalidInput) as full:
        _order(w, pid, dose, today)
    assert f"proposes {proposed} mg (from {dose} mg)" in full.value.message("en")
    _order(w, pid, str(proposed), today)  # the reduced dose needs no reason
    assert record_dose(w.nurse, patient_id=pid, window_id=w.ph.window).dose_mg == proposed


def test_keeping_the_full_dose_after_missed_days_needs_a_reason(w: Window) -> None:
    pid = _held(w, "80", 3)
    today = DAY0 + days(5)
    made = _order(w, pid, "80", today, reason="missed for a documented hospital stay with dosing")
    assert made.daily_dose_mg == 80  # type: ignore[attr-defined]
    assert record_dose(w.nurse, patient_id=pid, window_id=w.ph.window).dose_mg == 80


def test_no_proposal_outside_the_hold(w: Window) -> None:
    pid = _held(w, "80", 2)  # two days missed: same dose, no reassessment
    ask = OrderRequest(product_id=w.ph.methadone, daily_dose_mg="80", start_on=DAY0 + days(4))
    assert order_needs(w.doc, patient_id=pid, request=ask).proposed_mg is None


# --- any sequence of orders ---------------------------------------------------------------------

ORDERS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=6),  # start, days from today
        st.integers(min_value=2, max_value=12).map(lambda n: n * 5),  # 10–60 mg
        st.booleans(),  # with a reason
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(orders=ORDERS)
def test_no_sequence_of_orders_raises_the_dose_beyond_the_limits_without_a_reason(
    clinic: ClinicUnderTest, orders: list[tuple[int, int, bool]]
) -> None:
    """Whatever orders a physician writes, in whatever order and for whatever days: every order
    written without a reason is within the first-day total and within the step of every dose
    in force during the look-back window before it (recomputed here from the orders kept)."""
    doc = clinic.add_user(f"doc{next(_serial)}", Role.PHYSICIAN)
    with UnitOfWork(clinic.db, read_only=True) as uow:
        today = clock.clinic_today(uow.session)
    pid = enrolment.enrol_patient(doc, enrolment=factories.enrolment(today)).patient_id
    methadone = _methadone(clinic)
    kept: list[tuple[date, Decimal, bool]] = []  # (start, dose, had a reason), in writing order
    for offset, dose, with_reason in [(0, 20, False), *orders]:
        start = today + timedelta(days=offset)
        before = list(kept)
        try:
            write_order(
                doc,
                patient_id=pid,
                request=OrderRequest(
                    product_id=methadone,
                    daily_dose_mg=str(dose),
                    start_on=start,
                    reason="clinical judgement" if with_reason else None,
                ),
            )
        except InvalidInput:
            continue
        kept.append((start, Decimal(dose), with_reason))
        if with_reason or not before:
            continue
        if start == today:  # the induction's first day: nothing was given in this test
            assert dose <= 40
        window_doses = [in_force_of(before, start - timedelta(days=n)) for n in range(4)]
        for earlier in (d for d in window_doses if d is not None):
            assert abs(Decimal(dose) - earlier) <= 10, (kept, dose, start)


def in_force_of(kept: list[tuple[date, Decimal, bool]], day: date) -> Decimal | None:
    started = [dose for start, dose, _ in kept if start <= day]
    return started[-1] if started else None


_serial = itertools.count(1)
_products: dict[int, int] = {}


def _methadone(clinic: ClinicUnderTest) -> int:
    key = id(clinic)
    if key not in _products:
        _products[key] = factories.methadone(clinic.admin())
    return _products[key]


def test_a_dose_on_the_day_the_episode_opened_counts_for_missed_days(w: Window) -> None:
    pid = w.patient(dose="30")
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)  # the episode's first day
    w.at(DAY0 + days(4))  # days 1, 2 and 3 missed
    ask = OrderRequest(product_id=w.ph.methadone, daily_dose_mg="30", start_on=DAY0 + days(4))
    assert order_needs(w.doc, patient_id=pid, request=ask).proposed_mg == 15


def test_the_reassessment_is_proposed_for_an_order_from_today_or_tomorrow(w: Window) -> None:
    pid = _held(w, "80", 3)
    today = DAY0 + days(5)

    def needs(start: date) -> Needs:
        ask = OrderRequest(product_id=w.ph.methadone, daily_dose_mg="80", start_on=start)
        return order_needs(w.doc, patient_id=pid, request=ask)

    assert needs(today).reasons == (
        (
            "Missed 3 days in a row: the reassessment proposes 40 mg (from 80 mg); more needs a "
            "reason.",
            "已连续漏服 3 天：评估建议剂量为 40 mg（原 80 mg）；高于此剂量须说明理由。",
        ),
    )
    assert needs(today + days(1)).proposed_mg == 40
    later = needs(today + days(2))
    assert later.proposed_mg is None and later.reasons == ()
