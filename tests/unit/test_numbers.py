"""The one quantity parser and the one money parser: what people type, and what they must not."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.errors import InvalidInput
from clinic.numbers import parse_money, parse_quantity, plain

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def quantity(raw: object, **flags: object) -> Decimal:
    return parse_quantity(raw, "Quantity", "数量", **flags)  # type: ignore[arg-type]


def money(raw: object, **flags: object) -> Decimal:
    return parse_money(raw, "Amount", "金额", **flags)  # type: ignore[arg-type]


def refused(parse, raw: object, **flags: object) -> InvalidInput:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as error:
        parse(raw, **flags)
    assert error.value.en and error.value.zh and error.value.en != error.value.zh
    return error.value


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("60", Decimal(60)),
        ("６０", Decimal(60)),  # full-width digits from a Chinese input method
        ("６０．５", Decimal("60.5")),  # and the full-width point
        ("  60.5 \t", Decimal("60.5")),  # pasted with spaces and a tab
        ("\u300060\u3000", Decimal(60)),  # ideographic spaces
        ("\u00a060\u00a0", Decimal(60)),  # no-break spaces from a web page
        ("1,000", Decimal(1000)),
        ("1，000", Decimal(1000)),  # the full-width comma
        ("1 000.25", Decimal("1000.25")),
        (".5", Decimal("0.5")),
        ("17.50", Decimal("17.5")),
        (Decimal("2.5"), Decimal("2.5")),
        (3, Decimal(3)),
    ],
)
def test_quantities_as_people_type_them(raw: object, value: Decimal) -> None:
    assert quantity(raw) == value


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("1O", "is not a number"),  # the letter O
        ("l0", "is not a number"),  # the letter l
        ("NaN", "is not a number"),
        ("Infinity", "is not a number"),
        ("-inf", "is not a number"),
        ("1e3", "is not a number"),  # plain decimals only, no exponents
        ("1,5", "is not a number"),  # a decimal comma is not a thousands separator
        ("10 00", "is not a number"),
        ("1.2.3", "is not a number"),
        ("٣", "is not a number"),  # digits of other scripts are not ours
        ("", "enter a number"),
        ("   ", "enter a number"),
        ("-1", "more than zero"),
        ("－１", "more than zero"),  # full-width minus
        ("0", "more than zero"),
        ("1.23456", "at most 4 decimal places"),
        ("1000000001", "check for a typo"),
        (1.5, "exact number"),
        (True, "exact number"),
        (Decimal("NaN"), "is not a number"),
    ],
)
def test_bad_quantities_are_refused_in_both_languages(raw: object, words: str) -> None:
    assert words in refused(quantity, raw).en


@pytest.mark.parametrize("zero", ["0", "0.00", "00", "０", " 0 ", "0.", ".0", "-0", "０．０"])
def test_zero_is_one_thing_however_typed(zero: str) -> None:
    assert quantity(zero, zero_ok=True) == 0
    assert "more than zero" in refused(quantity, zero).en
    assert money(zero) == Decimal("0.00")
    assert "more than zero" in refused(money, zero, zero_ok=False).en


def test_negative_counts_are_refused_where_zero_is_allowed() -> None:
    assert "cannot be negative" in refused(quantity, "-3", zero_ok=True).en


def test_places_and_maximum_are_the_callers() -> None:
    assert quantity("1.5", places=1) == Decimal("1.5")
    assert "at most 1 decimal places" in refused(quantity, "1.25", places=1).en
    assert "more than 1" in refused(quantity, "1.01", maximum=Decimal(1)).en
    assert quantity("1.00000") == 1  # trailing zeros are not extra places


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12.5", Decimal("12.50")),
        ("¥12.50", Decimal("12.50")),
        ("￥12.50", Decimal("12.50")),
        ("¥ 1,200", Decimal("1200.00")),
        ("￥１，２００．００", Decimal("1200.00")),
        ("12.50元", Decimal("12.50")),
        ("12.500", Decimal("12.50")),
    ],
)
def test_money_as_people_type_it(raw: str, value: Decimal) -> None:
    got = money(raw)
    assert got == value and str(got) == str(value)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("10.005", "two decimal places"),
        ("-1", "between 0 and"),
        ("NaN", "not an amount of money"),
        ("1O", "not an amount of money"),
        ("$5", "not an amount of money"),
        ("¥", "enter an amount of money"),
        (10.5, "exact number"),
    ],
)
def test_bad_money_is_refused_in_both_languages(raw: object, words: str) -> None:
    assert words in refused(money, raw, high=Decimal(1000)).en


def test_money_limits_and_finer_prices() -> None:
    assert "between 0 and 1000" in refused(money, "1000.01", high=Decimal(1000)).en
    assert money("0.0125", places=4) == Decimal("0.0125")  # a price per mL
    assert "more than 4 decimal places" in refused(money, "0.00125", places=4).en


decimals = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(10) ** 8, places=4)


def _grouped(value: Decimal, sep: str) -> str:
    whole, _, fraction = plain(value).partition(".")
    groups = f"{int(whole):,}".replace(",", sep)
    return groups + (f".{fraction}" if fraction else "")


@given(
    value=decimals,
    style=st.sampled_from(["plain", "full", "comma", "fullcomma", "space"]),
    pad=st.sampled_from(["", " ", "\u3000", "\t", "\u00a0"]),
)
def test_any_quantity_reads_back_however_it_is_written(
    value: Decimal, style: str, pad: str
) -> None:
    text = {
        "plain": plain(value),
        "full": plain(value).translate(FULL_WIDTH),
        "comma": _grouped(value, ","),
        "fullcomma": _grouped(value, ",").translate(FULL_WIDTH),
        "space": _grouped(value, " "),
    }[style]
    assert quantity(pad + text + pad) == value


@given(
    fen=st.integers(min_value=0, max_value=10**11),
    sign=st.sampled_from(["", "¥", "￥", "¥ "]),
    full=st.booleans(),
)
def test_any_amount_reads_back_to_the_fen(fen: int, sign: str, full: bool) -> None:
    value = Decimal(fen).scaleb(-2)
    text = _grouped(value, ",")
    if full:
        text = text.translate(FULL_WIDTH)
    assert money(sign + text, high=Decimal(10) ** 9) == value


@given(st.text(max_size=20))
def test_any_text_is_a_valid_quantity_or_a_clear_refusal(raw: str) -> None:
    try:
        value = quantity(raw, zero_ok=True)
    except InvalidInput as error:
        assert error.en and error.zh
    else:
        assert value.is_finite() and value >= 0
        assert -value.as_tuple().exponent <= 4  # type: ignore[operator]


@given(st.text(max_size=20))
def test_any_text_is_valid_money_or_a_clear_refusal(raw: str) -> None:
    try:
        value = money(raw, high=Decimal(10) ** 6)
    except InvalidInput as error:
        assert error.en and error.zh
    else:
        assert value.is_finite() and 0 <= value <= 10**6
        assert value == value.quantize(Decimal("0.01"))


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_floats_are_never_taken(raw: float) -> None:
    assert "exact number" in refused(quantity, raw).en
    assert "exact number" in refused(money, raw).en
