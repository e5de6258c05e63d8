"""The end-of-day count's rules at their bounds, without a database (clinic/inventory/reconcile.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from clinic.errors import Conflict, InvalidInput
from clinic.inventory.reconcile import (
    CountSheet,
    Tally,
    check_count,
    count_state,
    shortfall_takes,
    signed_quantity,
    tally,
    tolerance_of,
    within_tolerance,
)

D = Decimal
WINDOW, SAFE, OUTSIDE = 7, 3, 99
START = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # the business day's start
BEFORE, DURING = START - timedelta(seconds=1), START


def test_tolerance_is_inclusive_on_both_sides_of_zero() -> None:
    assert within_tolerance(D("0.5"), D("0.5"))
    assert within_tolerance(D("-0.5"), D("0.5"))
    assert not within_tolerance(D("0.51"), D("0.5"))
    assert not within_tolerance(D("-0.51"), D("0.5"))
    assert within_tolerance(D(0), D(0))
    assert not within_tolerance(D(1), D(0))
    assert not within_tolerance(D(-1), D(0))


def test_tablets_have_no_tolerance_and_liquids_the_setting() -> None:
    assert tolerance_of("tablet", D("0.5")) == 0
    assert tolerance_of("mL", D("0.5")) == D("0.5")


def test_the_sheet_variance_is_counted_minus_expected() -> None:
    sheet = CountSheet(
        WINDOW,
        1,
        "mL",
        START.date(),
        *[D(0)] * 6,
        expected=D(100),
        tolerance=D("0.5"),
        closed=False,
    )
    assert sheet.variance(D("99.5")) == D("-0.5")
    assert sheet.variance(D("100.7")) == D("0.7")
    assert sheet.within_tolerance(D("99.5"))
    assert not sheet.within_tolerance(D("100.6"))


def row(kind: str, source: int, target: int, quantity: str, when: datetime = DURING):  # type: ignore[no-untyped-def]
    return (kind, source, target, D(quantity), when)


def test_tally_puts_each_movement_on_its_line() -> None:
    rows = [
        row("issue", SAFE, WINDOW, "200", BEFORE),  # yesterday: opening
        row("dispense", WINDOW, OUTSIDE, "30", BEFORE),  # yesterday: opening, subtracted
        row("issue", SAFE, WINDOW, "100"),
        row("dispense", WINDOW, OUTSIDE, "60"),
        row("waste", WINDOW, OUTSIDE, "2"),
        row("return", WINDOW, SAFE, "10"),
        row("adjust", OUTSIDE, WINDOW, "1"),  # other, in
        row("reversal", WINDOW, SAFE, "4"),  # other, out
    ]
    t = tally(rows, WINDOW, START)
    assert t == Tally(
        opening=D(170), received=D(100), dispensed=D(60), wasted=D(2), returned=D(10), other=D(-3)
    )
    assert t.expected == D(170 + 100 - 60 - 2 - 10 - 3)


def test_tally_adds_up_several_movements_of_a_kind() -> None:
    rows = [
        row(kind, source, target, quantity)
        for kind, source, target, quantity in (
            ("issue", SAFE, WINDOW, "100"),
            ("issue", SAFE, WINDOW, "50"),
            ("dispense", WINDOW, OUTSIDE, "60"),
            ("dispense", WINDOW, OUTSIDE, "40"),
            ("waste", WINDOW, OUTSIDE, "2"),
            ("waste", WINDOW, OUTSIDE, "1"),
            ("return", WINDOW, SAFE, "10"),
            ("return", WINDOW, SAFE, "5"),
        )
    ]
    t = tally(rows, WINDOW, START)
    assert (t.received, t.dispensed, t.wasted, t.returned) == (150, 100, 3, 15)


def test_tally_at_the_start_of_the_day_counts_today() -> None:
    t = tally([row("issue", SAFE, WINDOW, "5", START)], WINDOW, START)
    assert (t.opening, t.received) == (0, 5)


def test_tally_an_issue_out_of_the_window_or_a_return_into_it_is_other() -> None:
    t = tally([row("issue", WINDOW, SAFE, "5"), row("return", SAFE, WINDOW, "3")], WINDOW, START)
    assert (t.received, t.returned, t.other) == (0, 0, D(-2))


def test_tally_expected_adds_and_subtracts_each_line() -> None:
    t = Tally(D(1000), D(100), D(10), D(1), D("0.1"), D("0.01"))
    assert t.expected == D("1088.91")
    assert Tally(D(0), D(0), D(0), D(0), D(0), D(-5)).expected == D(-5)


def test_tablets_are_counted_whole() -> None:
    with pytest.raises(InvalidInput) as whole:
        check_count(
            unit="tablet", counted=D("19.5"), beyond=False, explained=False, witnessed=False
        )
    assert whole.value.en == "Tablets are counted whole."
    assert whole.value.zh == "片剂须按整片计数。"
    assert (
        check_count(unit="mL", counted=D("19.5"), beyond=False, explained=False, witnessed=False)
        is False
    )
    assert (
        check_count(unit="tablet", counted=D(19), beyond=False, explained=False, witnessed=False)
        is False
    )


def test_within_tolerance_no_signature_is_asked_for() -> None:
    assert (
        check_count(unit="mL", counted=D(5), beyond=False, explained=True, witnessed=True) is False
    )
    assert (
        check_count(unit="mL", counted=D(5), beyond=False, explained=True, witnessed=False) is False
    )


def test_beyond_tolerance_with_neither_explanation_nor_witness_waits() -> None:
    assert (
        check_count(unit="mL", counted=D(5), beyond=True, explained=False, witnessed=False) is False
    )


def test_beyond_tolerance_an_explanation_and_a_witness_sign_it_off_together() -> None:
    assert check_count(unit="mL", counted=D(5), beyond=True, explained=True, witnessed=True) is True
    with pytest.raises(InvalidInput) as unexplained:
        check_count(unit="mL", counted=D(5), beyond=True, explained=False, witnessed=True)
    assert unexplained.value.en == "Explain the variance."
    assert unexplained.value.zh == "请说明差异原因。"
    assert unexplained.value.details == {"field": "explanation"}
    with pytest.raises(InvalidInput) as unsigned:
        check_count(unit="mL", counted=D(5), beyond=True, explained=True, witnessed=False)
    assert unsigned.value.en == "A variance beyond tolerance needs a second person's sign-off."
    assert unsigned.value.zh == "超出允许范围的差异须第二人签字确认。"
    assert unsigned.value.details == {"field": "witness_user"}


def test_a_shortfall_is_taken_from_the_lots_in_order() -> None:
    held = [(1, D(3)), (2, D(0)), (3, D(10)), (4, D(10))]
    assert shortfall_takes(held, D(5)) == [(1, D(3)), (3, D(2))]
    assert shortfall_takes(held, D(3)) == [(1, D(3))]
    assert shortfall_takes(held, D(23)) == [(1, D(3)), (3, D(10)), (4, D(10))]
    assert shortfall_takes([(1, D("0.5"))], D("0.5")) == [(1, D("0.5"))]


def test_a_shortfall_beyond_the_book_is_refused() -> None:
    with pytest.raises(Conflict) as caught:
        shortfall_takes([(1, D(3)), (3, D(10))], D(14))
    assert caught.value.en == "The book holds less than the shortfall: check the count."
    assert caught.value.zh == "账面数量少于短缺数量：请核对盘点。"
    with pytest.raises(Conflict):
        shortfall_takes([], D("0.1"))
    assert shortfall_takes([], D(0)) == []


def test_a_count_is_settled_signed_off_or_waiting() -> None:
    assert count_state(D("0.5"), D("0.5"), signed=False) == "settled"
    assert count_state(D("-0.6"), D("0.5"), signed=True) == "signed_off"
    assert count_state(D("-0.6"), D("0.5"), signed=False) == "waiting"


def test_a_variance_is_written_with_its_sign() -> None:
    assert signed_quantity(D("4.70")) == "+4.7"
    assert signed_quantity(D("0.5")) == "+0.5"
    assert signed_quantity(D("-4.7")) == "-4.7"
    assert signed_quantity(D(0)) == "0"
