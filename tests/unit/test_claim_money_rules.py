"""The claim arithmetic's edges that mutation testing found untested: rounding at half a fen,
the terms' validity checks, and the exact words of why a payer pays nothing."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.insurance.money import Line, PayerNote, Terms, YearToDate, payer_note, split, to_fen

ALL = frozenset({"service", "drug", "screen"})


def terms(
    ratio: str = "0.7",
    deductible: str = "0",
    cap: str | None = None,
    covered: frozenset[str] = ALL,
) -> Terms:
    return Terms(D(ratio), D(deductible), D(cap) if cap else None, D(0), covered)


def note(t: Terms, lines: list[Line], ytd: YearToDate | None = None) -> PayerNote | None:
    parts, _ = split(lines, t, ytd or YearToDate())
    amounts: dict[str, D] = {}
    for line, part in zip(lines, parts, strict=True):
        amounts[line.kind] = amounts.get(line.kind, D(0)) + part.amount
    return payer_note(
        t, amounts, sum((p.deductible for p in parts), D(0)), sum((p.payer for p in parts), D(0))
    )


def test_half_a_fen_rounds_up_not_to_even() -> None:
    # half-even would give 0.12 and 0.02: the fen below is even
    assert to_fen(D("0.125")) == D("0.13")
    assert to_fen(D("0.025")) == D("0.03")
    assert Line("drug", D("0.5"), D("0.25")).amount == D("0.13")
    parts, _ = split([Line("service", D(1), D("0.25"))], terms("0.5"), YearToDate())
    assert (parts[0].payer, parts[0].patient) == (D("0.13"), D("0.12"))


@pytest.mark.parametrize("share", ["1.01", "1.5", "2", "-0.01"])
def test_a_ratio_or_subsidy_share_outside_0_to_1_is_refused(share: str) -> None:
    with pytest.raises(ValueError) as ratio:
        Terms(D(share), D(0), None, D(0), ALL)
    assert str(ratio.value) == "ratios are between 0 and 1"
    with pytest.raises(ValueError) as subsidy:
        Terms(D("0.5"), D(0), None, D(share), ALL)
    assert str(subsidy.value) == "ratios are between 0 and 1"
    assert Terms(D(1), D(0), None, D(1), ALL).ratio == D(1)  # the bounds themselves are shares


def test_a_negative_deductible_or_cap_is_refused_each_on_its_own() -> None:
    for deductible, cap in (("-0.01", None), ("-1", "100"), ("0", "-0.01")):
        with pytest.raises(ValueError) as refused:
            Terms(D("0.5"), D(deductible), D(cap) if cap else None, D(0), ALL)
        assert str(refused.value) == "amounts are not negative"
    assert Terms(D("0.5"), D(0), D(0), D(0), ALL).annual_cap == D(0)


def test_the_words_when_the_terms_cover_none_of_the_items() -> None:
    two = note(terms(covered=frozenset({"service", "drug"})), [Line("screen", D(1), D(25))])
    assert two == PayerNote(
        "terms",
        "Payer pays nothing: the scheme's terms cover none of these items "
        "(it covers: drugs, dosing service).",
        "基金未支付：该支付方的报销规则不包含这些项目（报销范围：药品、服药服务费）。",
    )
    none = note(terms(covered=frozenset()), [Line("screen", D(1), D(25))])
    assert none is not None
    assert none.en.endswith("(it covers: nothing).") and none.zh.endswith("（报销范围：无）。")


def test_the_words_for_a_zero_ratio_the_deductible_the_cap_and_rounding() -> None:
    day = [Line("service", D(1), D(10))]
    assert note(terms("0"), day) == PayerNote(
        "terms",
        "Payer pays nothing: the scheme's terms set a reimbursement ratio of 0%.",
        "基金未支付：该支付方的报销比例为 0%。",
    )
    assert note(terms("0.8", "200"), day) == PayerNote(
        "deductible",
        "Payer pays nothing: deductible not met — the ¥10.00 covered went to the yearly "
        "deductible of ¥200.00, which the patient pays.",
        "基金未支付：未达起付线——可报销的 ¥10.00 全部计入年度起付线 ¥200.00，由患者负担。",
    )
    assert note(terms("0.8", cap="3000"), day, YearToDate(D(0), D(3000))) == PayerNote(
        "cap",
        "Payer pays nothing: the annual cap of ¥3,000.00 has been reached this year.",
        "基金未支付：本年度已达年度封顶线 ¥3,000.00。",
    )
    assert note(terms("0.4"), [Line("drug", D(1), D("0.01"))]) == PayerNote(
        "rounding",
        "Payer pays nothing: its share rounds to ¥0.00.",
        "基金未支付：基金支付部分四舍五入后为 ¥0.00。",
    )


def test_rounding_is_told_apart_from_the_cap() -> None:
    # each line's 40% of 0.01 rounds to 0.00, though 40% of the 0.02 together would be 0.01:
    # no cap in the terms, so it is rounding, never "the cap of None"
    two_fen = [Line("drug", D(1), D("0.01")), Line("drug", D(1), D("0.01"))]
    assert note(terms("0.4"), two_fen).kind == "rounding"  # type: ignore[union-attr]
    # with a cap not yet reached, a share that rounds to nothing is still rounding
    assert note(terms("0.4", cap="3000"), [Line("drug", D(1), D("0.01"))]).kind == "rounding"  # type: ignore[union-attr]
    # 0.02 covered, 0.01 of it deductible: 40% of the 0.01 left rounds to 0.00
    assert note(terms("0.4", "0.01", "3000"), two_fen).kind == "rounding"  # type: ignore[union-attr]
    # the cap reached on a claim whose share would have been under one yuan is still the cap
    capped = note(terms("0.8", cap="100"), [Line("drug", D(1), D(1))], YearToDate(D(0), D(100)))
    assert capped is not None and capped.kind == "cap"


def _split_line_by_line(
    lines: list[Line], t: Terms, ytd: YearToDate
) -> tuple[list[tuple[object, ...]], YearToDate]:
    """split as it was before each repeated line was divided once: the oracle."""
    deductible_left = max(D("0.00"), t.deductible - ytd.deductible_met)
    cap_left = None if t.annual_cap is None else max(D("0.00"), t.annual_cap - ytd.payer_paid)
    met, paid = ytd.deductible_met, ytd.payer_paid
    out = []
    for line in lines:
        amount = line.amount
        deductible = payer = D("0.00")
        if line.kind in t.covered:
            deductible = min(amount, deductible_left)
            deductible_left -= deductible
            payer = to_fen((amount - deductible) * t.ratio)
            if cap_left is not None:
                payer = min(payer, cap_left)
                cap_left -= payer
        patient_part = amount - payer
        subsidy = to_fen(patient_part * t.subsidy_share)
        parts = (amount, deductible, payer, subsidy, patient_part - subsidy)
        out.append(tuple(p.as_tuple() for p in parts))  # the written form, exponent and all
        met += deductible
        paid += payer
    return out, YearToDate(met, paid)


@given(
    lines=st.lists(
        st.tuples(
            st.sampled_from(["service", "drug", "screen"]),
            st.sampled_from(["1", "1.0", "30", "45.5", "0", "2"]),
            st.sampled_from(["10", "10.00", "0.05", "0.0500", "35", "0"]),
        ),
        max_size=40,
    ),
    deductible=st.sampled_from(["0", "0.00", "15", "200"]),
    cap=st.sampled_from([None, "0", "50", "3000"]),
    covered=st.sampled_from([ALL, frozenset({"drug"}), frozenset()]),
    met=st.sampled_from(["0", "0.00", "10", "300"]),
    share=st.sampled_from(["0", "0.5", "0.33"]),
)
def test_a_repeated_line_divides_as_it_did_line_by_line(
    lines: list[tuple[str, str, str]],
    deductible: str,
    cap: str | None,
    covered: frozenset[str],
    met: str,
    share: str,
) -> None:
    t = Terms(D("0.7"), D(deductible), D(cap) if cap else None, D(share), covered)
    given_lines = [Line(kind, D(count), D(price)) for kind, count, price in lines]
    ytd = YearToDate(D(met), D(met))
    parts, after = split(given_lines, t, ytd)
    expected, expected_after = _split_line_by_line(given_lines, t, ytd)
    written = [
        tuple(x.as_tuple() for x in (p.amount, p.deductible, p.payer, p.subsidy, p.patient))
        for p in parts
    ]
    assert written == expected
    assert (after.deductible_met.as_tuple(), after.payer_paid.as_tuple()) == (
        expected_after.deductible_met.as_tuple(),
        expected_after.payer_paid.as_tuple(),
    )
