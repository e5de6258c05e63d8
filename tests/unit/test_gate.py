"""The dose gate's decision (clinic/dosing/gate.py) at every bound, in the order its refusals come,
with both languages' messages: written to kill the module's mutants (make mutation
MUTATE=clinic/dosing/gate.py TESTS=tests/unit/test_gate.py). The database half of the gate, which
gathers these facts, is tested on real clinics in tests/integration/test_dose_gate.py and
test_gate_bounds.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from clinic.dosing.gate import (
    EXCEPTIONS,
    GateFacts,
    GuestFacts,
    MissedFacts,
    closed_refusal,
    decide,
    missed_rule,
)
from clinic.storage.models import PatientFlag

TODAY = date(2026, 3, 10)
D = Decimal


def missed_facts(last_days_ago: int | None = 1, **changes: object) -> MissedFacts:
    """Last dose LAST_DAYS_AGO days before TODAY (1: yesterday, nothing missed); hold 3, re-induce 7;
    the order written a month ago, not an induction."""
    facts = MissedFacts(
        last=None if last_days_ago is None else TODAY - timedelta(days=last_days_ago),
        episode_opened_on=TODAY - timedelta(days=60),
        agonist=True,
        ordered_on=TODAY - timedelta(days=30),
        induction=False,
        hold=3,
        reinduce=7,
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def facts(**changes: object) -> GateFacts:
    """An active patient with a 60 mg order, nothing given today, nothing missed."""
    base = GateFacts(
        today=TODAY,
        day=TODAY,
        kind="observed",
        requested_slot=None,
        status="active",
        stop_flag=None,
        intoxication_check_passed=True,
        slots=(D(60),),
        dosed=(),
        missed=missed_facts(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def stop_flag() -> PatientFlag:
    return PatientFlag(level="stop_dose", text="sedated on arrival", starts_on=date(2026, 3, 9))


# --- missed days -------------------------------------------------------------------------------


def test_no_dose_ever_or_none_this_episode_counts_no_missed_days() -> None:
    assert missed_rule(missed_facts(None), TODAY) == (0, None)
    before = missed_facts(40, episode_opened_on=TODAY - timedelta(days=39))
    assert missed_rule(before, TODAY) == (0, None)


def test_a_dose_on_the_episodes_first_day_counts() -> None:
    opened = missed_facts(5, episode_opened_on=TODAY - timedelta(days=5))
    assert missed_rule(opened, TODAY)[0] == 4


@pytest.mark.parametrize(("days_ago", "missed"), [(1, 0), (2, 1), (3, 2)])
def test_missed_days_are_the_whole_days_between_the_last_dose_and_today(
    days_ago: int, missed: int
) -> None:
    assert missed_rule(missed_facts(days_ago), TODAY) == (missed, None)


def test_the_hold_starts_at_the_hold_threshold() -> None:
    missed, refusal = missed_rule(missed_facts(4), TODAY)  # 3 missed = hold
    assert missed == 3
    assert refusal == (
        "Missed 3 days in a row (last dose 2026-03-06): the dose is held until a physician "
        "reassesses the patient and confirms the order.",
        "已连续漏服 3 天（末次服药 2026-03-06）：暂停服药，须医师重新评估并确认医嘱。",
    )


def test_the_hold_lasts_until_the_day_before_re_induction() -> None:
    missed, refusal = missed_rule(missed_facts(7), TODAY)  # 6 missed: reinduce - 1
    assert missed == 6
    assert refusal is not None and "held until a physician reassesses" in refusal[0]


def test_an_order_written_after_the_hold_began_clears_the_hold() -> None:
    # Last dose on the 6th, hold 3: the third missed day is the 9th; an order of the 9th is a
    # reassessment, one of the 8th (before the hold) is not.
    last = TODAY - timedelta(days=4)
    assert missed_rule(missed_facts(4, ordered_on=last + timedelta(days=3)), TODAY) == (3, None)
    held = missed_rule(missed_facts(4, ordered_on=last + timedelta(days=2)), TODAY)
    assert held[1] is not None and "held" in held[1][0]


def test_re_induction_is_needed_from_the_re_induction_threshold() -> None:
    missed, refusal = missed_rule(missed_facts(8), TODAY)  # 7 missed = reinduce
    assert missed == 7
    assert refusal == (
        "Missed 7 days in a row (last dose 2026-03-02): a re-induction order by a physician is "
        "needed before any dose.",
        "已连续漏服 7 天（末次服药 2026-03-02）：须医师开具重新诱导医嘱后方可服药。",
    )


def test_only_a_re_induction_written_after_the_hold_began_clears_many_missed_days() -> None:
    last = TODAY - timedelta(days=8)
    after = last + timedelta(days=3)
    cleared = missed_facts(8, ordered_on=after, induction=True)
    assert missed_rule(cleared, TODAY) == (7, None)
    not_induction = missed_facts(8, ordered_on=after, induction=False)
    assert "re-induction order" in (missed_rule(not_induction, TODAY)[1] or ("",))[0]
    too_early = missed_facts(8, ordered_on=last + timedelta(days=2), induction=True)
    assert "re-induction order" in (missed_rule(too_early, TODAY)[1] or ("",))[0]


def test_missed_days_of_a_non_agonist_never_stop_the_dose() -> None:
    assert missed_rule(missed_facts(30, agonist=False), TODAY) == (29, None)


def test_the_thresholds_are_the_settings_not_constants() -> None:
    assert missed_rule(missed_facts(3, hold=2, reinduce=5), TODAY)[1] is not None  # 2 missed
    assert missed_rule(missed_facts(4, hold=4, reinduce=9), TODAY)[1] is None  # 3 missed
    refusal = missed_rule(missed_facts(6, hold=2, reinduce=5), TODAY)[1]  # 5 missed
    assert refusal is not None and "re-induction" in refusal[0]
    refusal = missed_rule(missed_facts(6, hold=2, reinduce=6), TODAY)[1]  # 5 missed
    assert refusal is not None and "held" in refusal[0]


# --- the decision ------------------------------------------------------------------------------


def test_an_active_patient_with_an_order_is_cleared_for_the_first_slot() -> None:
    decision = decide(facts())
    assert (decision.slot, decision.dose_mg, decision.missed, decision.refusal) == (
        1,
        D(60),
        0,
        None,
    )


@pytest.mark.parametrize(
    ("status", "en", "zh"),
    [
        ("on_hold", "on hold", "暂停"),
        ("discharged", "discharged", "已出组"),
        ("applicant", "applicant", "申请中"),
        ("mystery", "mystery", "mystery"),
    ],
)
def test_a_patient_not_in_treatment_is_refused(status: str, en: str, zh: str) -> None:
    assert decide(facts(status=status)).refusal == (
        f"The patient's status is “{en}”: no dosing until a physician changes it.",
        f"患者状态为“{zh}”：不能服药，须医师变更状态。",
    )


def test_a_stop_dose_flag_refuses_with_its_text() -> None:
    assert decide(facts(stop_flag=stop_flag())).refusal == (
        "Stop dose: sedated on arrival (flag of 2026-03-09). No dose until a physician sees the "
        "patient and clears the flag.",
        "停药：sedated on arrival（2026-03-09 标记）。须医师诊视并解除标记后方可服药。",
    )


def test_a_failed_intoxication_check_refuses() -> None:
    assert decide(facts(intoxication_check_passed=False)).refusal == (
        "The intoxication check did not pass: withhold the dose and record why.",
        "醉酒/中毒检查未通过：请暂停给药并记录原因。",
    )


def test_no_order_refuses_and_clears_no_slot() -> None:
    decision = decide(facts(slots=None, missed=None))
    assert decision.refusal == (
        "No active dose order for today: a physician must write one.",
        "今日没有有效的剂量医嘱：须医师开具。",
    )
    assert (decision.slot, decision.dose_mg, decision.missed) == (None, None, 0)
    assert decide(facts(slots=(D(60),), missed=None)).refusal == decision.refusal
    assert decide(facts(slots=None)).refusal == decision.refusal


def test_the_refusals_come_in_order_status_flag_intoxication_order() -> None:
    everything = facts(
        status="on_hold", stop_flag=stop_flag(), intoxication_check_passed=False, slots=None
    )
    refusal = decide(everything).refusal
    assert refusal is not None and refusal[0].startswith("The patient's status")
    refusal = decide(replace(everything, status="active")).refusal
    assert refusal is not None and refusal[0].startswith("Stop dose")
    refusal = decide(replace(everything, status="active", stop_flag=None)).refusal
    assert refusal is not None and refusal[0].startswith("The intoxication check")
    refusal = decide(
        replace(everything, status="active", stop_flag=None, intoxication_check_passed=True)
    ).refusal
    assert refusal is not None and refusal[0].startswith("No active dose order")


def test_missed_days_refuse_before_the_slot_and_still_report_the_count() -> None:
    decision = decide(facts(missed=missed_facts(8), dosed=(1,)))
    assert decision.refusal is not None and "re-induction" in decision.refusal[0]
    assert decision.missed == 7
    assert decide(facts(missed=missed_facts(3))).missed == 2


def test_the_intoxication_refusal_comes_before_the_missed_days() -> None:
    refusal = decide(facts(missed=missed_facts(8), intoxication_check_passed=False)).refusal
    assert refusal is not None and refusal[0].startswith("The intoxication check")


# --- take-home doses ---------------------------------------------------------------------------


def take_home(ahead: int, allowed: int = 3, **changes: object) -> GateFacts:
    return facts(
        kind="take_home", day=TODAY + timedelta(days=ahead), take_home_allowed=allowed, **changes
    )


@pytest.mark.parametrize("ahead", [1, 2, 3])
def test_take_home_days_within_the_allowance_are_cleared(ahead: int) -> None:
    decision = decide(take_home(ahead))
    assert (decision.slot, decision.dose_mg, decision.refusal) == (1, D(60), None)


@pytest.mark.parametrize(("ahead", "allowed"), [(0, 3), (4, 3), (-1, 3), (1, 0)])
def test_take_home_days_outside_the_allowance_are_refused(ahead: int, allowed: int) -> None:
    assert decide(take_home(ahead, allowed)).refusal == (
        f"Take-home doses allowed here: {allowed} {'day' if allowed == 1 else 'days'} ahead.",
        f"此处允许的带药天数：{allowed} 天。",
    )


def test_a_take_home_day_the_order_does_not_cover_is_refused() -> None:
    assert decide(take_home(2, order_covers_day=False)).refusal == (
        "The order does not cover 2026-03-12.",
        "医嘱不覆盖 2026-03-12。",
    )
    refusal = decide(take_home(5, order_covers_day=False)).refusal  # both: the allowance first
    assert refusal is not None and refusal[0].startswith("Take-home doses allowed here")


def test_the_take_home_allowance_does_not_apply_to_a_dose_at_the_window() -> None:
    assert decide(facts(take_home_allowed=0, order_covers_day=False)).refusal is None


def test_missed_days_refuse_a_take_home_dose_too() -> None:
    refusal = decide(take_home(1, missed=missed_facts(18))).refusal
    assert refusal is not None and "re-induction" in refusal[0]


def test_a_take_home_day_already_given_is_refused_with_its_date() -> None:
    assert decide(take_home(2, dosed=(1,))).refusal == (
        "Already dosed for 2026-03-12 (1 of 1 slot). Never dose twice.",
        "2026-03-12已服药（1/1 次）。不得重复给药。",
    )


# --- slots -------------------------------------------------------------------------------------

SPLIT = (D(30), D(20))


@pytest.mark.parametrize(
    ("dosed", "slot", "dose"), [((), 1, D(30)), ((1,), 2, D(20)), ((2,), 1, D(30))]
)
def test_the_first_open_slot_of_a_split_dose_is_chosen(
    dosed: tuple[int, ...], slot: int, dose: Decimal
) -> None:
    decision = decide(facts(slots=SPLIT, dosed=dosed))
    assert (decision.slot, decision.dose_mg, decision.refusal) == (slot, dose, None)


def test_all_slots_given_refuses_a_further_dose() -> None:
    decision = decide(facts(slots=SPLIT, dosed=(1, 2)))
    assert decision.refusal == (
        "Already dosed today (2 of 2 slots). Never dose twice.",
        "今日已服药（2/2 次）。不得重复给药。",
    )
    assert (decision.slot, decision.dose_mg) == (None, None)


def test_a_slot_asked_for_is_given_if_open_and_refused_if_given() -> None:
    decision = decide(facts(slots=SPLIT, requested_slot=2))
    assert (decision.slot, decision.dose_mg, decision.refusal) == (2, D(20), None)
    given = decide(facts(slots=SPLIT, dosed=(1,), requested_slot=1))
    assert given.refusal == (
        "Already dosed today (1 of 2 slots). Never dose twice.",
        "今日已服药（1/2 次）。不得重复给药。",
    )
    assert (given.slot, given.dose_mg) == (1, D(30))  # the panel still shows what slot 1 was


def test_a_slot_beyond_the_order_is_refused() -> None:
    decision = decide(facts(slots=SPLIT, requested_slot=3))
    assert decision.refusal == ("The order has 2 slots a day.", "医嘱每日分 2 次。")
    assert (decision.slot, decision.dose_mg) == (3, None)


def test_slot_zero_means_the_next_open_slot() -> None:
    assert decide(facts(slots=SPLIT, dosed=(1,), requested_slot=0)).slot == 2


def test_re_doses_and_replacements_repeat_a_slot_already_given() -> None:
    assert set(EXCEPTIONS) == {"redose", "replacement"}
    for kind in EXCEPTIONS:
        decision = decide(facts(kind=kind, slots=SPLIT, dosed=(1, 2)))
        assert (decision.slot, decision.dose_mg, decision.refusal) == (2, D(20), None)
        chosen = decide(facts(kind=kind, slots=SPLIT, dosed=(1, 2), requested_slot=1))
        assert (chosen.slot, chosen.dose_mg, chosen.refusal) == (1, D(30), None)


@pytest.mark.parametrize(("dosed", "slot"), [((1,), 1), ((1, 2, 3), 3)])
def test_a_re_dose_without_a_slot_repeats_the_latest_slot_given(
    dosed: tuple[int, ...], slot: int
) -> None:
    decision = decide(facts(kind="redose", slots=(D(20), D(20), D(10)), dosed=dosed))
    assert (decision.slot, decision.refusal) == (slot, None)


@pytest.mark.parametrize(("dosed", "slot"), [((), None), ((1,), 2)])
def test_a_re_dose_of_a_slot_not_given_is_refused(dosed: tuple[int, ...], slot: int | None) -> None:
    decision = decide(facts(kind="redose", slots=SPLIT, dosed=dosed, requested_slot=slot))
    assert decision.refusal == (
        "There is no dose today to repeat or replace in this slot: record an ordinary dose.",
        "今日该次尚无服药记录，无需补服或补发：请按常规给药。",
    )
    assert decision.slot == slot


def test_an_ordinary_dose_is_not_a_repeat() -> None:
    refusal = decide(facts(kind="observed", dosed=(1,))).refusal
    assert refusal is not None and refusal[0].startswith("Already dosed today")


# --- the window's day close --------------------------------------------------------------------


def test_an_open_window_does_not_refuse() -> None:
    assert closed_refusal("Window 1", []) is None


def test_a_closed_window_names_itself_and_the_first_closed_product() -> None:
    assert closed_refusal("Window 2", ["Methadone 1 mg/mL", "Methadone 0.5 mg/mL"]) == (
        "Window 2 is closed for today for Methadone 1 mg/mL: the day's count is signed. Nothing "
        "can be dosed from it until tomorrow; ask the pharmacist.",
        "Window 2 今日 Methadone 1 mg/mL 已日结（盘点已签字），次日前不能再从此发药；请联系药师。",
    )


# --- guest dosing: one place a day ---------------------------------------------------------------


def guest(here: bool, first: int = -1, last: int = 3, place: str = "卫星点") -> GuestFacts:
    """A guest period from FIRST to LAST days around TODAY, at PLACE."""
    return GuestFacts(place, TODAY + timedelta(days=first), TODAY + timedelta(days=last), here)


def test_a_guest_period_elsewhere_refuses_here_naming_the_place_and_dates() -> None:
    assert decide(facts(guest=guest(False), guest_today=guest(False))).refusal == (
        "Doses at 卫星点 today (guest dosing 2026-03-09 – 2026-03-13): no dose here on those dates.",
        "今日在 卫星点 服药（外点服药 2026-03-09 – 2026-03-13）：期间本点不得给药。",
    )


def test_the_guest_site_doses_in_the_guest_dates() -> None:
    decision = decide(facts(guest=guest(True), guest_today=guest(True), home_elsewhere="主站"))
    assert (decision.slot, decision.dose_mg, decision.refusal) == (1, D(60), None)


def test_a_take_home_day_in_a_guest_period_elsewhere_is_refused_with_its_date() -> None:
    ahead = take_home(2, guest=guest(False, 2, 4, "外院"))
    assert decide(ahead).refusal == (
        "Doses at 外院 on 2026-03-12 (guest dosing 2026-03-12 – 2026-03-14): no take-home dose "
        "from here for those dates.",
        "2026-03-12 在 外院 服药（外点服药 2026-03-12 – 2026-03-14）：本点不得发放这些日期的带药。",
    )


def test_the_guest_site_gives_no_take_home_dose_for_a_day_after_the_period() -> None:
    ahead = take_home(2, guest=None, guest_today=guest(True, -3, 1))
    assert decide(ahead).refusal == (
        "Guest dosing here ends on 2026-03-11: the dose for 2026-03-12 is given at the patient's "
        "own site.",
        "本点外点服药至 2026-03-11 结束：2026-03-12 的药在患者本人的服药点发放。",
    )
    # A guest period elsewhere today says nothing of a day after it.
    assert decide(take_home(2, guest_today=guest(False, -3, 1))).refusal is None


def test_outside_guest_dates_only_the_patients_own_site_doses() -> None:
    assert decide(facts(home_elsewhere="主站")).refusal == (
        "Doses at 主站, the patient's own site: no dose here without a guest order.",
        "应在患者本人的服药点 主站 服药：无外点服药医嘱，本点不得给药。",
    )
    assert decide(facts(guest=guest(True), home_elsewhere="主站")).refusal is None


def test_the_place_refusal_comes_after_the_status_and_before_the_stop_flag() -> None:
    away = facts(guest=guest(False), stop_flag=stop_flag(), intoxication_check_passed=False)
    refusal = decide(away).refusal
    assert refusal is not None and refusal[0].startswith("Doses at 卫星点 today")
    refusal = decide(replace(away, status="discharged")).refusal
    assert refusal is not None and refusal[0].startswith("The patient's status")
    refusal = decide(replace(away, slots=None)).refusal  # no order: still the place first
    assert refusal is not None and refusal[0].startswith("Doses at")
