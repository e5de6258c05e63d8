"""From an ordered dose in mg to what is dispensed: mL by strength, or whole tablets, fewest first.

`make mutation` (MUTATE=clinic/dosing/units.py TESTS=tests/unit/test_units.py) measures how many
of mutmut's mutants of clinic/dosing/units.py these tests kill; the issue note names the
equivalent ones.
"""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal as D
from fractions import Fraction
from itertools import combinations_with_replacement

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.dosing.units import compose_tablets, millilitres
from clinic.errors import InvalidInput

CHINA = [D("0.2")]  # buprenorphine sublingual tablets in China
ELSEWHERE = [D("2"), D("8")]
FILMS = [D("2"), D("8"), D("12")]  # 2, 8 and 12 mg products exist: there greedy is wrong


def refused(dose: D, strengths: list[D]) -> tuple[str, str]:
    """The English and Chinese messages compose_tablets refuses DOSE with."""
    with pytest.raises(InvalidInput) as err:
        compose_tablets(dose, strengths)
    return err.value.message("en"), err.value.message("zh_CN")


# -- millilitres --------------------------------------------------------------------------------


def test_millilitres_follow_the_product_strength() -> None:
    assert millilitres(D("60"), D("1")) == D("60.0")
    assert millilitres(D("60"), D("0.5")) == D("120.0")
    assert millilitres(D("35"), D("2")) == D("17.5")
    assert millilitres(D("10"), D("3")) == D("3.3")


@pytest.mark.parametrize(
    ("dose", "strength", "volume"),
    [
        ("0.25", "1", "0.3"),  # half a tenth goes up (half-even would give 0.2)
        ("0.05", "1", "0.1"),  # (half-even: 0.0, nothing poured)
        ("0.35", "1", "0.4"),
        ("0.2499", "1", "0.2"),  # just under the half goes down
        ("30.125", "0.5", "60.3"),  # 60.25 mL of a 0.5 mg/mL solution
        ("30.1249", "0.5", "60.2"),
        ("60", "1", "60.0"),  # always to the tenth the pump shows
    ],
)
def test_millilitres_round_half_up_to_the_tenth_a_pump_measures(
    dose: str, strength: str, volume: str
) -> None:
    result = millilitres(D(dose), D(strength))
    assert result == D(volume)
    assert f"{result:f}" == volume


@settings(max_examples=60, deadline=None)
@given(
    dose=st.decimals(min_value=0, max_value=300, places=4),
    strength=st.sampled_from([D("0.5"), D("1"), D("2"), D("3"), D("10")]),
)
def test_millilitres_are_the_nearest_tenth_halves_up(dose: D, strength: D) -> None:
    tenths = math.floor(Fraction(dose) / Fraction(strength) * 10 + Fraction(1, 2))
    result = millilitres(dose, strength)
    assert result == D(tenths) / 10
    assert result.as_tuple().exponent == -1


@pytest.mark.parametrize("strength", [D("0"), D("-1")])
def test_a_solution_strength_must_be_positive(strength: D) -> None:
    # A programming error, not a user's: the catalogue refuses such a strength.
    with pytest.raises(ValueError, match=r"^strength must be positive$"):
        millilitres(D("60"), strength)


# -- tablets: fewest first ----------------------------------------------------------------------


def test_fewest_tablets_first() -> None:
    assert compose_tablets(D("10"), ELSEWHERE) == {D("8"): 1, D("2"): 1}
    assert compose_tablets(D("16"), ELSEWHERE) == {D("8"): 2}
    assert compose_tablets(D("6"), ELSEWHERE) == {D("2"): 3}
    assert compose_tablets(D("24"), ELSEWHERE) == {D("8"): 3}
    assert compose_tablets(D("1.2"), CHINA) == {D("0.2"): 6}
    assert compose_tablets(D("8.8"), [D("0.2"), D("0.4"), D("2"), D("8")]) == {
        D("8"): 1,
        D("0.4"): 2,
    }
    assert compose_tablets(D("0.4"), [D("0.2"), D("0.4")]) == {D("0.4"): 1}  # not two of 0.2
    # greedy would take 4+1+1; the fewest is 3+3
    assert compose_tablets(D("6"), [D("1"), D("3"), D("4")]) == {D("3"): 2}


def test_fewest_tablets_where_taking_the_largest_first_is_wrong() -> None:
    # greedy: 12 + 2 + 2, three tablets; two of 8 are fewer
    assert compose_tablets(D("16"), FILMS) == {D("8"): 2}
    # greedy: 12 + 12 + 2 + 2; 12 + 8 + 8 is one fewer
    assert compose_tablets(D("28"), FILMS) == {D("12"): 1, D("8"): 2}
    # greedy takes 2.9 and cannot finish; 1.4 + 1.4 + 0.7 makes it
    assert compose_tablets(D("3.5"), [D("0.7"), D("1.4"), D("2.9"), D("5.7")]) == {
        D("1.4"): 2,
        D("0.7"): 1,
    }


def test_equally_few_tablets_are_the_larger_ones() -> None:
    # 7 + 2 + 2 and 5 + 5 + 1 are both three tablets: the larger strength comes first
    assert compose_tablets(D("11"), [D("1"), D("2"), D("5"), D("7")]) == {D("7"): 1, D("2"): 2}
    assert compose_tablets(D("11"), [D("7"), D("5"), D("2"), D("1")]) == {D("7"): 1, D("2"): 2}


def test_the_tablets_are_listed_largest_strength_first() -> None:
    # the order the panel and the dose parts show them in
    assert list(compose_tablets(D("10"), [D("2"), D("8")]).items()) == [(D("8"), 1), (D("2"), 1)]
    assert list(compose_tablets(D("8.8"), [D("0.4"), D("8")]).items()) == [
        (D("8"), 1),
        (D("0.4"), 2),
    ]


MENU = [D(s) for s in ("0.2", "0.4", "0.7", "1", "1.4", "2", "2.9", "3", "5.7", "8", "12")]


def fewest(dose: D, strengths: list[D], at_most: int) -> list[tuple[D, int]]:
    """By brute force: the fewest tablets making DOSE; among as few, the larger ones."""
    for count in range(1, at_most + 1):
        made = [
            c
            for c in combinations_with_replacement(sorted(strengths, reverse=True), count)
            if sum(c) == dose
        ]
        if made:
            return sorted(Counter(max(made)).items(), reverse=True)
    raise AssertionError("the dose was made of at most AT_MOST tablets")


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_fewest_tablets_by_brute_force(data: st.DataObject) -> None:
    strengths = data.draw(st.lists(st.sampled_from(MENU), min_size=1, max_size=4, unique=True))
    tablets = data.draw(st.lists(st.sampled_from(strengths), min_size=1, max_size=6))
    dose = sum(tablets, D(0))
    assert list(compose_tablets(dose, strengths).items()) == fewest(dose, strengths, len(tablets))


# -- tablets: what is refused, and what the prescriber reads ------------------------------------


def test_a_dose_no_whole_tablets_make_is_refused() -> None:
    assert refused(D("3"), [D("2"), D("8"), D("0")]) == (
        "3 mg cannot be made of whole tablets (8 mg, 2 mg).",
        "3 mg 无法由整片（8 mg, 2 mg）组成。",
    )
    assert refused(D("0.30"), CHINA) == (
        "0.3 mg cannot be made of whole tablets (0.2 mg).",
        "0.3 mg 无法由整片（0.2 mg）组成。",
    )
    assert refused(D("5.6"), [D("5.7")])[0] == "5.6 mg cannot be made of whole tablets (5.7 mg)."


NO_STRENGTH = ("No tablet strength is available for this drug.", "该药物没有可用的片剂规格。")


@pytest.mark.parametrize("strengths", [[], [D("0")], [D("-2"), D("0")]])
def test_no_positive_strength_no_tablets(strengths: list[D]) -> None:
    assert refused(D("2"), strengths) == NO_STRENGTH


def test_zero_and_negative_strengths_are_ignored() -> None:
    assert compose_tablets(D("4"), [D("0"), D("-2"), D("2")]) == {D("2"): 2}
    assert refused(D("3"), [D("-1"), D("0"), D("2")])[0] == (
        "3 mg cannot be made of whole tablets (2 mg)."
    )


PRECISION = ("Doses are given to 0.0001 mg at most.", "剂量最多精确到 0.0001 mg。")


def test_doses_and_strengths_to_a_ten_thousandth_of_a_mg() -> None:
    assert compose_tablets(D("0.0003"), [D("0.0001")]) == {D("0.0001"): 3}
    assert compose_tablets(D("16.0000"), [D("8.0000")]) == {D("8"): 2}
    assert refused(D("2.00001"), ELSEWHERE) == PRECISION  # the dose too precise
    assert refused(D("2"), [D("2"), D("0.00005")]) == PRECISION  # one strength too precise


def test_the_search_is_capped_at_200000_steps() -> None:
    # The search counts in steps of the strengths' (and the dose's) common divisor, up to
    # 200 000 of them: 200 000 tablets of 0.2 mg (40 g) are the most it will make.
    assert compose_tablets(D("40000"), CHINA) == {D("0.2"): 200_000}
    assert refused(D("40000.2"), CHINA) == (
        "That dose is far too large for tablets.",
        "该剂量过大，无法用片剂组成。",
    )


def test_a_dose_off_the_strengths_step_is_refused_as_not_whole_however_large() -> None:
    """20.0001 mg from 2 and 8 mg tablets was refused as "far too large"."""
    with pytest.raises(InvalidInput) as err:
        compose_tablets(D("20.0001"), [D("2"), D("8")])
    assert err.value.message("en") == "20.0001 mg cannot be made of whole tablets (8 mg, 2 mg)."


def test_a_dose_on_the_step_that_no_tablets_add_up_to_is_refused_by_name() -> None:
    """2 mg is a multiple of the 4 and 6 mg tablets' common step, yet no tablets make it."""
    with pytest.raises(InvalidInput) as err:
        compose_tablets(D("2"), [D("4"), D("6")])
    assert err.value.message("en") == "2 mg cannot be made of whole tablets (6 mg, 4 mg)."
    assert err.value.message("zh_CN") == "2 mg 无法由整片（6 mg, 4 mg）组成。"
    assert compose_tablets(D("10"), [D("4"), D("6")]) == {D("6"): 1, D("4"): 1}
