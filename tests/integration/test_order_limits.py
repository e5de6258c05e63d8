"""The titration limits at their exact bounds, and what they say in both languages (issue 13:
every surviving mutant of the titration checks is killed here or named as equivalent).

`make mutation MUTATE=clinic/dosing/orders.py ONLY="titration_needs _dose_in_force _induction_day
_parse_slots _check_order missed_days" TESTS="-k sqlcipher tests/integration/test_titration.py
tests/integration/test_orders.py tests/integration/test_order_limits.py"`. Equivalent survivors:
- x__induction_day__mutmut_3 (`if inductions or True`): it is asked only for a non-induction
  order, so the drug has an earlier order, and a drug's first order is always an induction.
- x_missed_days__mutmut_15 (`return 1, last` when the episode has no dose): the only use of the
  count is reassessment_dose, which needs missed_days_hold days (at least 2).
- x_titration_needs__mutmut_64, x__parse_slots__mutmut_24 (`sum(x, )`): Decimals summed from int
  0 or from Decimal(0) are the same Decimal.
- x_titration_needs__mutmut_126, _127, _133, _134 (`previous or Decimal(None)`, `Decimal(1)` in
  the reassessment message, en and zh): a proposal needs a previous dose above 0, so `or` never
  looks right.
- x__check_order__mutmut_37 (a missing second signer's password sent as "XXXX", not ""): no
  password is shorter than 8 characters, so both are rejected alike.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clinic.dosing.orders import OrderRequest, order_needs, write_order
from clinic.errors import InvalidInput
from clinic.inventory import catalogue
from clinic.patients import enrolment
from clinic.privacy.permissions import Role
from clinic.service import AuthContext
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.test_patients import today_of


class Clinic:
    def __init__(self, cut: ClinicUnderTest) -> None:
        self.cut = cut
        self.doc: AuthContext = cut.add_user("doc", Role.PHYSICIAN)
        self.today: date = today_of(cut)
        self.met = factories.methadone(cut.admin())

    def patient(self, method: str = "methadone") -> int:
        return enrolment.enrol_patient(
            self.doc, enrolment=factories.enrolment(self.today, method=method)
        ).patient_id

    def day(self, n: int) -> date:
        return self.today + timedelta(days=n)

    def request(self, dose: str, start: date, **more: object) -> OrderRequest:
        more.setdefault("product_id", self.met)
        return OrderRequest(daily_dose_mg=dose, start_on=start, **more)  # type: ignore[arg-type]

    def order(self, pid: int, dose: str, start: date, **more: object) -> object:
        return write_order(self.doc, patient_id=pid, request=self.request(dose, start, **more))

    def refused(self, pid: int, dose: str, start: date, **more: object) -> tuple[str, str]:
        with pytest.raises(InvalidInput) as refused:
            self.order(pid, dose, start, **more)
        return refused.value.message("en"), refused.value.message("zh_CN")

    def reasons(self, pid: int, dose: str, start: date, **more: object) -> list[str]:
        needs = order_needs(self.doc, patient_id=pid, request=self.request(dose, start, **more))
        return [en for en, _ in needs.reasons]


@pytest.fixture
def c(clinic: ClinicUnderTest) -> Clinic:
    return Clinic(clinic)


def test_a_methadone_induction_starts_within_the_range_bounds_included(c: Clinic) -> None:
    low = c.patient()
    assert c.refused(low, "14", c.today) == (
        "A methadone induction starts at 15–30 mg (this order starts at 14 mg).",
        "美沙酮诱导首剂量应为 15–30 mg（本医嘱首剂 14 mg）。",
    )
    # the first slot is the first dose, even when the day's total is in the range
    assert "(this order starts at 14 mg)" in c.refused(low, "30", c.today, slots_mg=("14", "16"))[0]
    assert c.order(low, "15", c.today).induction  # type: ignore[attr-defined]
    high = c.patient()
    assert "(this order starts at 31 mg)" in c.refused(high, "31", c.today)[0]
    assert "(this order starts at 31 mg)" in c.refused(high, "40", c.today, slots_mg=("31", "9"))[0]
    assert c.order(high, "40", c.today, slots_mg=("30", "10")).induction  # type: ignore[attr-defined]


def test_the_first_day_total_exactly_at_the_limit_needs_no_reason(c: Clinic) -> None:
    pid = c.patient()
    assert c.reasons(pid, "40", c.today, slots_mg=("30", "10")) == []
    assert c.refused(pid, "41", c.today, slots_mg=("30", "11")) == (
        "The first day's methadone total would be 41 mg (given 0 mg, still ordered 41 mg), more "
        "than 40 mg. State the reason.",
        "美沙酮首日总量将达 41 mg（已服 0 mg，尚待服 41 mg），超过 40 mg。请说明理由。",
    )
    c.order(pid, "40", c.today, slots_mg=("30", "10"))
    # a second order on the first day is measured both ways; a blank reason is no reason
    assert c.refused(pid, "51", c.today, slots_mg=("30", "11", "10"), reason="  ") == (
        "The first day's methadone total would be 51 mg (given 0 mg, still ordered 51 mg), more "
        "than 40 mg. The dose changes by more than 10 mg from the last order (40 → 51 mg). "
        "State the reason.",
        "美沙酮首日总量将达 51 mg（已服 0 mg，尚待服 51 mg），超过 40 mg。"
        "剂量较上一医嘱调整超过 10 mg（40 → 51 mg）。请说明理由。",
    )
    made = c.order(pid, "51", c.today, slots_mg=("30", "11", "10"), reason=" withdrawal ")
    assert made.reason == "withdrawal" and not made.induction  # type: ignore[attr-defined]


def test_a_reinduction_day_is_a_first_day_again(c: Clinic) -> None:
    pid = c.patient()
    c.order(pid, "30", c.today)
    c.order(pid, "20", c.day(2), reinduction=True)
    first_day = "The first day's methadone total would be 45 mg"
    assert any(
        r.startswith(first_day) for r in c.reasons(pid, "45", c.day(2), slots_mg=("20", "25"))
    )
    # the day after the re-induction is no first day
    assert not any("first day" in r for r in c.reasons(pid, "30", c.day(3)))
    assert c.reasons(pid, "30", c.day(3)) == []


def test_a_step_exactly_at_the_limit_needs_no_reason_either_way(c: Clinic) -> None:
    pid = c.patient()
    c.order(pid, "30", c.today)
    assert c.reasons(pid, "40", c.day(1)) == []
    assert c.reasons(pid, "20", c.day(1)) == []
    assert c.refused(pid, "41", c.day(1)) == (
        "The dose changes by more than 10 mg from the last order (30 → 41 mg). State the reason.",
        "剂量较上一医嘱调整超过 10 mg（30 → 41 mg）。请说明理由。",
    )
    assert c.reasons(pid, "19", c.day(1)) == [
        "The dose changes by more than 10 mg from the last order (30 → 19 mg)."
    ]


def test_a_change_is_measured_over_exactly_the_look_back_window(c: Clinic) -> None:
    """30 mg on days 0–1, 40 mg from day 2: on day 4 the 30 mg of day 1 is within the three
    days; on day 5 it is not."""
    pid = c.patient()
    c.order(pid, "30", c.today)
    c.order(pid, "40", c.day(2))
    assert c.reasons(pid, "50", c.day(4)) == [
        "The dose changes by more than 10 mg from a dose in force in the last 3 days (30 → 50 mg)."
    ]
    needs = order_needs(c.doc, patient_id=pid, request=c.request("50", c.day(4)))
    assert needs.reasons[0][1] == "剂量较近 3 天内的剂量调整超过 10 mg（30 → 50 mg）。"
    assert c.reasons(pid, "50", c.day(5)) == []
    # a decrease is measured the same way: the farthest dose in the window counts
    assert c.reasons(pid, "30", c.day(5)) == []
    assert c.reasons(pid, "29", c.day(5)) == [
        "The dose changes by more than 10 mg from the last order (40 → 29 mg)."
    ]


def test_the_daily_maximum_is_a_hard_limit_bound_included(c: Clinic) -> None:
    pid = c.patient()
    c.order(pid, "30", c.today)
    high = {"reason": "documented", "ecg_qtc_ms": 430, "ecg_on": c.today}
    assert c.refused(pid, "401", c.day(1), **high) == (
        "401 mg a day is beyond any methadone dose: check for a typo.",
        "每日 401 mg 超出该药物的任何剂量，请检查是否输入有误。",
    )
    assert c.order(pid, "400", c.day(1), **high).daily_dose_mg == 400  # type: ignore[attr-defined]
    bup = factories.buprenorphine(c.cut.admin(), "2")
    other = c.patient("buprenorphine")
    assert c.refused(other, "34", c.today, product_id=bup)[0] == (
        "34 mg a day is beyond any buprenorphine dose: check for a typo."
    )
    assert c.order(other, "32", c.today, product_id=bup).daily_dose_mg == 32  # type: ignore[attr-defined]


def test_a_buprenorphine_step_is_measured_from_the_last_order_of_that_drug(c: Clinic) -> None:
    bup = factories.buprenorphine(c.cut.admin(), "2")
    combined = catalogue.add_product(
        c.cut.admin(),
        code="BNX2",
        name="丁丙诺啡纳洛酮舌下片 2 mg",
        drug="buprenorphine_naloxone",
        form="sublingual_tablet",
        mg_per_unit="2",
        controlled_class="psychotropic_1",
    ).product_id
    pid = c.patient("buprenorphine")
    c.order(pid, "8", c.today, product_id=bup)  # no methadone induction range for it
    assert c.reasons(pid, "18", c.today, product_id=bup) == []
    assert c.refused(pid, "20", c.today, product_id=bup) == (
        "The dose changes by more than 10 mg from the last order (8 → 20 mg). State the reason.",
        "剂量较上一医嘱调整超过 10 mg（8 → 20 mg）。请说明理由。",
    )
    assert c.reasons(pid, "18", c.today, product_id=bup) == []
    # another drug's orders are not this drug's titration: its first order is an induction
    first = c.order(pid, "24", c.today, product_id=combined)
    assert first.induction  # type: ignore[attr-defined]


def test_a_high_dose_needs_a_valid_ecg_or_a_second_physician(c: Clinic) -> None:
    pid = c.patient()
    c.order(pid, "30", c.today)
    c.order(pid, "100", c.day(1), reason="transfer at 100 mg")  # at the threshold: nothing more
    up = {"reason": "transfer"}
    assert c.refused(pid, "101", c.day(1), **up) == (
        "Above 100 mg a day a second physician must sign, or an ECG with its QTc must be recorded.",
        "每日超过 100 mg 须第二名医师签名，或记录心电图 QTc 值。",
    )
    for qtc in (249, 701):
        assert c.refused(pid, "101", c.day(1), ecg_qtc_ms=qtc, ecg_on=c.today, **up) == (
            "A QTc is recorded in milliseconds (250–700).",
            "QTc 以毫秒记录（250–700）。",
        )
    for undated in ({}, {"ecg_on": c.day(1)}):
        assert c.refused(pid, "101", c.day(1), ecg_qtc_ms=430, **undated, **up) == (
            "Give the ECG's date.",
            "请填写心电图检查日期。",
        )
    for qtc in (250, 700):
        made = c.order(pid, "101", c.day(1), ecg_qtc_ms=qtc, ecg_on=c.today, **up)
        assert made.ecg_qtc_ms == qtc  # type: ignore[attr-defined]
    c.cut.add_user("nurse", Role.NURSE)
    c.cut.add_user("doc2", Role.PHYSICIAN)
    nurse = {"second_physician": "nurse", "second_physician_password": "nurse-pass-1"}
    assert c.refused(pid, "102", c.day(1), **nurse, **up) == (
        "The second signature must be a physician's.",
        "第二签名人须为医师。",
    )
    doc2 = {"second_physician": "doc2", "second_physician_password": "doc2-pass-1"}
    signed = c.order(pid, "102", c.day(1), **doc2, **up)
    assert signed.second_physician_id is not None and signed.ecg_qtc_ms is None  # type: ignore[attr-defined]


def test_slots_at_most_three_adding_up_to_the_daily_dose(c: Clinic) -> None:
    pid = c.patient()
    assert c.refused(pid, "28", c.today, slots_mg=("7", "7", "7", "7")) == (
        "A daily dose is split into at most 3 slots.",
        "每日剂量最多分 3 次。",
    )
    assert c.refused(pid, "30", c.today, slots_mg=("20", "5")) == (
        "The slots add up to 25 mg, not the daily dose of 30 mg.",
        "各次剂量合计 25 mg，与每日剂量 30 mg 不符。",
    )
    en, zh = c.refused(pid, "30", c.today, slots_mg=("20", "x"))
    assert en.startswith("Slot dose (mg): ") and zh.startswith("分次剂量（mg）：")
    made = c.order(pid, "30", c.today, slots_mg=("20", "5", "5"))
    assert made.slots_mg == (20, 5, 5)  # type: ignore[attr-defined]


def test_the_last_order_is_the_dose_in_force_on_the_start_day(c: Clinic) -> None:
    """A later-starting order written since does not move what the new one is measured from."""
    pid = c.patient()
    c.order(pid, "30", c.today)
    c.order(pid, "50", c.day(7), reason="planned increase")
    assert c.reasons(pid, "41", c.day(1)) == [
        "The dose changes by more than 10 mg from the last order (30 → 41 mg)."
    ]
    # nor does the look-back window look past the start: the new order supersedes day 7's
    assert c.reasons(pid, "39", c.day(6)) == []


def test_after_an_order_ended_a_change_is_measured_from_it(c: Clinic) -> None:
    pid = c.patient()
    c.order(pid, "30", c.today, end_on=c.day(1))
    assert c.reasons(pid, "45", c.day(5)) == [
        "The dose changes by more than 10 mg from the last order (30 → 45 mg)."
    ]
    assert c.reasons(pid, "40", c.day(5)) == []
