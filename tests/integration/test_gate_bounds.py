"""The dose gate at its exact bounds, and what it says in both languages (issue 13: every
surviving mutant of the gate is killed here or named as equivalent).

`make mutation MUTATE=clinic/dosing/window.py ONLY="dose_gate take_home_days _warnings"
TESTS="-k sqlcipher tests/integration/test_gate_bounds.py tests/integration/test_dose_gate.py"`
(the decision itself, clinic/dosing/gate.py, by tests/unit/test_gate.py; figures and every
equivalent survivor in docs/mutation.md). Equivalent survivors of _warnings:
- x__warnings__mutmut_46, _48 (no default for an unknown withheld reason): withhold_dose stores
  only the keys of WITHHELD_REASONS, so the default is never taken.
- x__warnings__mutmut_59, _61, _101, _103 (`outerjoin(T, None)`, `outerjoin(T, )`): SQLAlchemy
  infers the same ON clause from the table's one foreign key.
- x__warnings__mutmut_36 (`order_by(None)` for today's withheld doses): not strictly equivalent,
  but not observable: SQLite returns the rows in id order anyway.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from clinic import administration
from clinic.dosing import flags, screens
from clinic.dosing.orders import OrderRequest, write_order
from clinic.dosing.units import compose_tablets
from clinic.dosing.window import (
    DosePanel,
    DoseRefused,
    build_panel,
    give_take_home,
    identify,
    open_for_dosing,
    record_dose,
    record_exception_dose,
    void_dose,
    withhold_dose,
)
from clinic.errors import InvalidInput
from clinic.insurance import patient_fees
from clinic.inventory import ledger
from clinic.patients.records import change_status, issue_card
from clinic.storage.models import Patient, Product
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, SHANGHAI, Window, days, window
from tests.integration.test_dose_gate import _close_at

HELD = (
    "Missed {n} days in a row (last dose 2026-03-02): the dose is held until a physician "
    "reassesses the patient and confirms the order.",
    "已连续漏服 {n} 天（末次服药 2026-03-02）：暂停服药，须医师重新评估并确认医嘱。",
)
REINDUCE = (
    "Missed {n} days in a row (last dose 2026-03-02): a re-induction order by a physician "
    "is needed before any dose.",
    "已连续漏服 {n} 天（末次服药 2026-03-02）：须医师开具重新诱导医嘱后方可服药。",
)


@pytest.fixture
def w(clinic: ClinicUnderTest) -> Window:
    return window(clinic)


def _panel(w: Window, pid: int) -> DosePanel:
    return open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window)


def _dosed_on_day0(w: Window, **order: object) -> int:
    pid = w.patient(dose="30", **order)
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    return pid


def _reorder(w: Window, pid: int, **more: object) -> None:
    """The physician confirms 30 mg from today (the clock's day)."""
    today = w.now.astimezone(SHANGHAI).date()
    write_order(
        w.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=w.ph.methadone,
            daily_dose_mg="30",
            start_on=today,
            **more,  # type: ignore[arg-type]
        ),
    )


@pytest.mark.parametrize(
    ("missed", "refusal"), [(2, None), (3, HELD), (4, HELD), (5, REINDUCE), (6, REINDUCE)]
)
def test_missed_days_hold_exactly_from_the_threshold(
    w: Window, missed: int, refusal: tuple[str, str] | None
) -> None:
    w.stock_window()
    pid = _dosed_on_day0(w)  # the episode's first day counts as a dose day
    w.at(DAY0 + days(missed + 1))
    panel = _panel(w, pid)
    assert panel.missed_days == missed and panel.last_dose_on == DAY0
    expected = (
        None if refusal is None else (refusal[0].format(n=missed), refusal[1].format(n=missed))
    )
    assert panel.refusal == expected
    if refusal is not None:
        with pytest.raises(DoseRefused) as refused:
            record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
        assert refused.value.message("zh_CN") == expected[1]  # type: ignore[index]


def test_the_hold_thresholds_are_the_settings(w: Window) -> None:
    w.stock_window()
    admin = w.cut.admin()
    administration.update_setting(admin, key="missed_days_hold", value=4, reason="t")
    administration.update_setting(admin, key="missed_days_reinduce", value=6, reason="t")
    pid = _dosed_on_day0(w)
    w.at(DAY0 + days(4))
    assert _panel(w, pid).can_dose  # three missed: below the clinic's hold
    w.at(DAY0 + days(5))
    assert _panel(w, pid).refusal == (HELD[0].format(n=4), HELD[1].format(n=4))
    w.at(DAY0 + days(7))
    assert _panel(w, pid).refusal == (REINDUCE[0].format(n=6), REINDUCE[1].format(n=6))


def test_only_an_order_written_on_a_held_day_reassesses(w: Window) -> None:
    """Hold 3: the days missed are 1, 2, 3; an order written on day 2 came before the hold."""
    w.stock_window()
    early, late = _dosed_on_day0(w), _dosed_on_day0(w)
    w.at(DAY0 + days(2))
    _reorder(w, early)
    w.at(DAY0 + days(3))
    _reorder(w, late)
    w.at(DAY0 + days(4))
    assert _panel(w, early).refusal == (HELD[0].format(n=3), HELD[1].format(n=3))
    assert _panel(w, late).can_dose
    assert record_dose(w.nurse, patient_id=late, window_id=w.ph.window).dose_mg == 30


def test_after_five_missed_days_only_a_reinduction_written_since_releases(w: Window) -> None:
    w.stock_window()
    pid = _dosed_on_day0(w)
    w.at(DAY0 + days(6))
    _reorder(w, pid)  # reassessed, but no re-induction
    assert _panel(w, pid).refusal == (REINDUCE[0].format(n=5), REINDUCE[1].format(n=5))
    _reorder(w, pid, reinduction=True)
    assert _panel(w, pid).can_dose


def test_exactly_enough_stock_is_allowed(w: Window) -> None:
    w.stock_window(quantity="30")
    pid = w.patient(dose="30")
    panel = _panel(w, pid)
    assert panel.can_dose and panel.dose_mg == 30 and panel.parts[0].quantity == 30
    assert record_dose(w.nurse, patient_id=pid, window_id=w.ph.window).dose_mg == 30


def test_one_ml_short_is_refused(w: Window) -> None:
    w.stock_window(quantity="29")
    pid = w.patient(dose="30")
    refusal = _panel(w, pid).refusal
    assert refusal is not None and refusal[0].startswith("No usable stock of")
    assert "30 mL" in refusal[0]
    with pytest.raises(DoseRefused, match="No usable stock"):
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)


def test_the_first_refusal_is_the_one_shown(w: Window) -> None:
    """On hold, stopped by a flag, held for missed days, the window empty: the status first."""
    pid = _dosed_emptying_the_window(w)
    w.at(DAY0 + days(4))
    flags.raise_flag(w.nurse, patient_id=pid, level="stop_dose", text="see the physician")
    change_status(
        w.doc, patient_id=pid, to_status="on_hold", effective_on=DAY0 + days(4), reason="x"
    )
    assert _panel(w, pid).refusal == (
        "The patient's status is “on hold”: no dosing until a physician changes it.",
        "患者状态为“暂停”：不能服药，须医师变更状态。",
    )


def _dosed_emptying_the_window(w: Window) -> int:
    w.stock_window(quantity="30")
    return _dosed_on_day0(w)


def test_a_failed_intoxication_check_and_no_order_say_why(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    with pytest.raises(DoseRefused) as drunk:
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window, intoxication_check_passed=False)
    assert (drunk.value.message("en"), drunk.value.message("zh_CN")) == (
        "The intoxication check did not pass: withhold the dose and record why.",
        "醉酒/中毒检查未通过：请暂停给药并记录原因。",
    )
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    with pytest.raises(DoseRefused) as twice:
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert (twice.value.message("en"), twice.value.message("zh_CN")) == (
        "Already dosed today (1 of 1 slot). Never dose twice.",
        "今日已服药（1/1 次）。不得重复给药。",
    )
    with pytest.raises(DoseRefused) as no_slot:
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window, slot=2)
    assert (no_slot.value.message("en"), no_slot.value.message("zh_CN")) == (
        "The order has 1 slot a day.",
        "医嘱每日分 1 次。",
    )


def test_take_home_days_are_the_lower_of_the_policy_and_the_order(w: Window) -> None:
    admin = w.cut.admin()
    administration.update_setting(admin, key="take_home_max_days", value=3, reason="t")
    w.stock_window()
    pid = _dosed_on_day0(w, take_home_days=2)
    panel = _panel(w, pid)
    assert panel.take_home_days == 2
    assert ("Take-home doses allowed: 2 days.", "允许带药 2 天。") in panel.warnings
    with pytest.raises(DoseRefused) as three:
        give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=3)
    assert (three.value.message("en"), three.value.message("zh_CN")) == (
        "Take-home doses allowed here: 2 days ahead.",
        "此处允许的带药天数：2 天。",
    )
    administration.update_setting(admin, key="take_home_max_days", value=1, reason="t")
    panel = _panel(w, pid)
    assert panel.take_home_days == 1
    # the warning says what the gate allows, not what the order asked for
    assert ("Take-home doses allowed: 1 day.", "允许带药 1 天。") in panel.warnings
    assert len(give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1)) == 1
    with pytest.raises(DoseRefused) as again:
        give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1)
    assert (again.value.message("en"), again.value.message("zh_CN")) == (
        "Already dosed for 2026-03-03 (1 of 1 slot). Never dose twice.",
        "2026-03-03已服药（1/1 次）。不得重复给药。",
    )


def test_take_home_days_stop_where_the_order_ends(w: Window) -> None:
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=3, reason="t")
    w.stock_window()
    pid = _dosed_on_day0(w, take_home_days=3, end_on=DAY0 + days(1))
    assert _panel(w, pid).take_home_days == 1
    with pytest.raises(DoseRefused) as uncovered:
        give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=2)
    assert (uncovered.value.message("en"), uncovered.value.message("zh_CN")) == (
        "The order does not cover 2026-03-04.",
        "医嘱不覆盖 2026-03-04。",
    )


def test_a_take_home_day_is_counted_by_its_first_slot_as_take_home_gives_them(w: Window) -> None:
    """give_take_home gives every slot of a day from slot 1; a day whose slot 1 is given (its
    slot 2 voided after) is not a day it can give again, so the panel must not count it."""
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=2, reason="t")
    w.stock_window()
    pid = w.patient(dose="30", slots_mg=("20", "10"), take_home_days=2)
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window, slot=2)
    assert _panel(w, pid).take_home_days == 2
    tomorrow = give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1)
    assert len(tomorrow) == 2
    void_dose(
        w.nurse,
        dose_id=tomorrow[1],
        reason="bottle broke at the window",
        witness="pharm",
        witness_password="pharm-pass-1",
    )
    assert _panel(w, pid).take_home_days == 0
    with pytest.raises(DoseRefused, match="Already dosed for 2026-03-03"):
        give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1)


def test_the_review_warning_starts_exactly_its_days_ahead(w: Window) -> None:
    w.stock_window()
    due = w.patient(dose="30", review_on=DAY0 + days(7))
    not_yet = w.patient(dose="30", review_on=DAY0 + days(8))
    ending = w.patient(dose="30", end_on=DAY0 + days(7))
    warning = (
        "The dose order is due for review on 2026-03-09.",
        "剂量医嘱将于 2026-03-09 到期复核。",
    )
    assert warning in _panel(w, due).warnings
    assert warning in _panel(w, ending).warnings
    assert not any("due for review" in en for en, _ in _panel(w, not_yet).warnings)


def test_a_closed_day_names_the_window_and_the_product(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    _close_at(w, 17, confirm_waiting=1)
    assert _panel(w, pid).refusal == (
        "窗口1 Window 1 is closed for today for 盐酸美沙酮口服溶液 1 mg/mL: the day's count is "
        "signed. Nothing can be dosed from it until tomorrow; ask the pharmacist.",
        "窗口1 Window 1 今日 盐酸美沙酮口服溶液 1 mg/mL 已日结（盘点已签字），次日前不能再从此发药；"
        "请联系药师。",
    )


def test_a_urine_screen_is_due_after_exactly_its_interval(w: Window) -> None:
    w.stock_window()
    recent, old = w.patient(dose="30"), w.patient(dose="30")
    for pid, back in ((recent, 30), (old, 31)):
        screens.record_screen(
            w.nurse, patient_id=pid, collected_on=DAY0 - days(back), results={"opiates": False}
        )
    due = ("A urine screen is due.", "应进行尿检。")
    assert due not in _panel(w, recent).warnings
    assert due in _panel(w, old).warnings


def test_the_warnings_for_money_bottles_and_a_withheld_dose(w: Window) -> None:
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=2, reason="t")
    w.stock_window()
    free = w.patient(dose="30")
    record_dose(w.nurse, patient_id=free, window_id=w.ph.window)
    assert not any("Balance owed" in en for en, _ in _panel(w, free).warnings)  # nothing owed
    # no take-home days: no take-home line at all (not "0 days")
    assert not any("Take-home" in en for en, _ in _panel(w, free).warnings)
    site = administration.list_sites(w.cut.admin())[0].site_id
    patient_fees.set_site_fee(w.cut.admin(), site_id=site, daily_fee="10", effective_from=DAY0)
    pid = _dosed_on_day0(w, take_home_days=2)
    assert (
        "Balance owed: ¥10.00. Collect it or refer the patient to the office; do not withhold a "
        "dose for money.",
        "欠费 ¥10.00：请收费或请患者到收费处；不得因欠费停药。",
    ) in _panel(w, pid).warnings
    patient_fees.record_payment(w.nurse, patient_id=pid, amount="9.50", method="cash")
    assert (  # fifty fen owed is still owed
        "Balance owed: ¥0.50. Collect it or refer the patient to the office; do not withhold a "
        "dose for money.",
        "欠费 ¥0.50：请收费或请患者到收费处；不得因欠费停药。",
    ) in _panel(w, pid).warnings
    bottles = give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=2)
    w.at(DAY0 + days(2))  # the bottle of day 1 is due back; today's is not
    assert ("1 take-home bottle not yet returned.", "有 1 个带药空瓶未归还。") in _panel(
        w, pid
    ).warnings
    assert not any("bottle" in en for en, _ in _panel(w, free).warnings)  # not someone else's
    void_dose(
        w.nurse,
        dose_id=bottles[0],
        reason="never left the window",
        witness="pharm",
        witness_password="pharm-pass-1",
    )
    assert not any("bottle" in en for en, _ in _panel(w, pid).warnings)  # a voided one is not due
    w.at(DAY0 + days(3))
    other = _dosed_emptying_the_window(w)
    withhold_dose(w.nurse, patient_id=other, window_id=w.ph.window, reason="refused_by_patient")
    assert (
        "A dose was withheld today (refused by the patient): reassess the patient before dosing.",
        "今日已暂停给药（患者拒绝）：给药前须重新评估患者。",
    ) in _panel(w, other).warnings
    # only that patient's, only today's
    assert not any("withheld" in en for en, _ in _panel(w, pid).warnings)
    w.at(DAY0 + days(4))
    assert not any("withheld" in en for en, _ in _panel(w, other).warnings)


def test_a_replaced_card_is_named_on_the_panel_and_the_current_one_is_not(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    old = issue_card(w.nurse, patient_id=pid).code
    new = issue_card(w.nurse, patient_id=pid, reason="lost").code
    replaced = (
        "This card was replaced and is void: check the photo, collect the old card.",
        "该卡已补办作废：请核对照片并收回旧卡。",
    )
    assert replaced not in identify(w.nurse, identifier=new, window_id=w.ph.window).warnings
    with UnitOfWork(w.cut.db, read_only=True) as uow:  # the panel itself, if a caller passes it
        patient = uow.session.get(Patient, pid)
        assert patient is not None
        place = ledger.location(uow.session, w.ph.window)
        assert replaced in build_panel(uow.session, patient, place, w.now, old).warnings
        assert replaced not in build_panel(uow.session, patient, place, w.now, new).warnings


def test_a_redose_repeats_the_last_slot_dosed(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30", slots_mg=("20", "10"))
    assert record_dose(w.nurse, patient_id=pid, window_id=w.ph.window).dose_mg == 20
    assert record_dose(w.nurse, patient_id=pid, window_id=w.ph.window).dose_mg == 10
    again = record_exception_dose(
        w.nurse,
        patient_id=pid,
        window_id=w.ph.window,
        kind="redose",
        reason="vomited",
        authoriser="doc",
        authoriser_password="doc-pass-1",
        charged=False,
    )
    assert (again.slot, again.dose_mg) == (2, 10)


def test_a_positive_screen_awaits_review_in_both_languages(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    other = w.patient(dose="30")
    screen = screens.record_screen(
        w.nurse, patient_id=pid, collected_on=DAY0, results={"opiates": True}
    )
    screens.record_screen(w.nurse, patient_id=other, collected_on=DAY0, results={"opiates": False})
    awaits = (
        "Positive urine screen of 2026-03-02 awaits a physician's review.",
        "2026-03-02 尿检阳性，待医师审核。",
    )
    assert awaits in _panel(w, pid).warnings
    assert not any("Positive" in en for en, _ in _panel(w, other).warnings)  # negative, not theirs
    screens.review_screen(w.doc, screen_id=screen.screen_id, note="seen")
    assert awaits not in _panel(w, pid).warnings


def test_a_dose_the_tablets_in_stock_cannot_make_is_refused_with_why(w: Window) -> None:
    """10 mg ordered as 8 + 2 mg tablets; the 2 mg product is withdrawn from the catalogue."""
    two = w.ph.tablets  # 2 mg
    eight = factories.buprenorphine(w.cut.admin(), "8")
    w.stock_window(two, lot="B2")
    w.stock_window(eight, lot="B8")
    pid = w.patient(dose="10", method="buprenorphine", product=eight)
    assert _panel(w, pid).can_dose
    with UnitOfWork(w.cut.db) as uow:
        withdrawn = uow.session.get(Product, two)
        assert withdrawn is not None
        withdrawn.active = False
        uow.commit()
    with pytest.raises(InvalidInput) as cannot:
        compose_tablets(Decimal(10), [Decimal(8)])
    assert _panel(w, pid).refusal == (cannot.value.en, cannot.value.zh)


def test_only_the_bottles_not_returned_are_counted(w: Window) -> None:
    """Three bottles out, one back: two are due (a join on the wrong bottle would say one)."""
    from clinic.dosing import daylog

    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=3, reason="t")
    w.stock_window()
    pid = _dosed_on_day0(w, take_home_days=3)
    bottles = give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=3)
    w.at(DAY0 + days(4))
    assert ("3 take-home bottles not yet returned.", "有 3 个带药空瓶未归还。") in _panel(
        w, pid
    ).warnings
    daylog.return_bottle(w.nurse, dose_id=bottles[0])
    assert ("2 take-home bottles not yet returned.", "有 2 个带药空瓶未归还。") in _panel(
        w, pid
    ).warnings
