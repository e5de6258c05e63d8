"""Worked examples of the claim arithmetic, computed by hand, and the exact-sum property."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.insurance.money import Line, Terms, YearToDate, split

ALL = frozenset({"service", "drug", "screen"})


def terms(
    ratio: str = "0.7",
    deductible: str = "0",
    cap: str | None = None,
    subsidy: str = "0",
    covered: frozenset[str] = ALL,
) -> Terms:
    return Terms(D(ratio), D(deductible), D(cap) if cap else None, D(subsidy), covered)


def month(days: int, fee: str = "10", ml: str = "60", price: str = "0.05") -> list[Line]:
    lines = []
    for _ in range(days):
        lines.append(Line("service", D(1), D(fee)))
        lines.append(Line("drug", D(ml), D(price)))
    return lines


def test_ratio_only() -> None:
    # 30 days x (10.00 service + 60 mL x 0.05 = 3.00 drug) = 390.00; payer 70% = 273.00
    parts, ytd = split(month(30), terms("0.7"), YearToDate())
    assert sum(p.amount for p in parts) == D("390.00")
    assert sum(p.payer for p in parts) == D("273.00")
    assert sum(p.patient for p in parts) == D("117.00")
    assert ytd.payer_paid == D("273.00")


def test_deductible_crossing_mid_month() -> None:
    # Deductible 200, 150 already met: 50 left. Day 1: 13.00 all deductible (37 left);
    # day 2: 13.00 (24 left); day 3: 13.00 (11 left); day 4: service 10.00 -> deductible (1 left),
    # drug 3.00 -> 1.00 deductible, 2.00 x 0.8 = 1.60 payer. Then 26 lines of 13/day at 80%.
    parts, ytd = split(month(30), terms("0.8", "200"), YearToDate(deductible_met=D("150")))
    assert sum(p.deductible for p in parts) == D("50.00")
    assert parts[7].deductible == D("1.00") and parts[7].payer == D("1.60")
    # payer: (390 - 50) x 0.8 = 272.00
    assert sum(p.payer for p in parts) == D("272.00")
    assert ytd.deductible_met == D("200")


def test_cap_reached_mid_month() -> None:
    # Cap 3,000 with 2,950 already paid: 50 left. Service lines pay 7.00, drug 2.10 at 70%:
    # day 1: 7.00 + 2.10, ... after 5 days 45.50 paid, day 6 service pays 4.50 (cap), then 0.
    parts, ytd = split(month(30), terms("0.7", cap="3000"), YearToDate(payer_paid=D("2950")))
    assert sum(p.payer for p in parts) == D("50.00")
    assert parts[10].payer == D("4.50") and all(p.payer == 0 for p in parts[11:])
    assert ytd.payer_paid == D("3000.00")


def test_subsidy_share_of_the_patient_part() -> None:
    # 390.00 total, payer 50% = 195.00, patient part 195.00, subsidy 40% of each line's part:
    # service 5.00 -> 2.00, drug 1.50 -> 0.60; 30 x 2.60 = 78.00; patient 117.00
    parts, _ = split(month(30), terms("0.5", subsidy="0.4"), YearToDate())
    assert sum(p.subsidy for p in parts) == D("78.00")
    assert sum(p.patient for p in parts) == D("117.00")


def test_rounding_half_up_once_per_line() -> None:
    # 37.5 mL x 0.0333 = 1.24875 -> 1.25; 70% of 1.25 = 0.875 -> 0.88; patient 0.37
    parts, _ = split([Line("drug", D("37.5"), D("0.0333"))], terms("0.7"), YearToDate())
    assert (parts[0].amount, parts[0].payer, parts[0].patient) == (D("1.25"), D("0.88"), D("0.37"))


def test_uncovered_items_are_the_patients() -> None:
    parts, _ = split(month(1), terms("0.9", covered=frozenset({"service"})), YearToDate())
    assert (parts[0].payer, parts[1].payer, parts[1].patient) == (D("9.00"), D("0.00"), D("3.00"))


money = st.decimals(
    min_value=D("0"), max_value=D("5000"), places=2, allow_nan=False, allow_infinity=False
)
share = st.decimals(
    min_value=D("0"), max_value=D("1"), places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=400, deadline=None)
@given(
    lines=st.lists(
        st.tuples(
            st.sampled_from(["service", "drug", "screen"]),
            st.decimals(min_value=D("0"), max_value=D("500"), places=1),
            st.decimals(min_value=D("0"), max_value=D("100"), places=4),
        ),
        max_size=80,
    ),
    ratio=share,
    subsidy=share,
    deductible=money,
    cap=st.one_of(st.none(), money),
    met=money,
    paid=money,
    covered=st.frozensets(st.sampled_from(["service", "drug", "screen"])),
)
def test_payer_subsidy_patient_add_up_exactly(
    lines,
    ratio,
    subsidy,
    deductible,
    cap,
    met,  # type: ignore[no-untyped-def]
    paid,
    covered,
) -> None:
    t = Terms(ratio, deductible, cap, subsidy, covered)
    parts, ytd = split([Line(k, c, p) for k, c, p in lines], t, YearToDate(met, paid))
    for part in parts:
        assert part.payer + part.subsidy + part.patient == part.amount
        assert min(part.payer, part.subsidy, part.patient, part.deductible) >= 0
        assert part.amount == part.amount.quantize(D("0.01"))
    if cap is not None:
        assert ytd.payer_paid <= max(cap, paid)
    assert ytd.deductible_met <= max(deductible, met)


def note_for(t: Terms, lines: list[Line], ytd: YearToDate | None = None):  # type: ignore[no-untyped-def]
    from clinic.insurance.money import payer_note

    parts, _ = split(lines, t, ytd or YearToDate())
    amounts: dict[str, D] = {}
    for line, part in zip(lines, parts, strict=True):
        amounts[line.kind] = amounts.get(line.kind, D(0)) + part.amount
    return payer_note(
        t, amounts, sum((p.deductible for p in parts), D(0)), sum((p.payer for p in parts), D(0))
    )


def test_why_the_payer_pays_nothing() -> None:
    # 5 days of 13.00 = 65.00, all of it under a 200.00 deductible
    deductible = note_for(terms("0.8", "200", "3000"), month(5))
    assert deductible is not None and deductible.kind == "deductible"
    assert "¥65.00" in deductible.en and "¥200.00" in deductible.en
    # the deductible met this month exactly: still nothing left for the payer
    assert note_for(terms("0.8", "65"), month(5)).kind == "deductible"
    # one fen over it: the payer pays 0.01 x 0.8 -> 0.01, so no note
    assert note_for(terms("0.8", "64.99"), month(5)) is None
    cap = note_for(terms("0.8", "0", "3000"), month(5), YearToDate(D(0), D("3000")))
    assert cap is not None and cap.kind == "cap" and "¥3,000.00" in cap.en
    ratio = note_for(terms("0"), month(5))
    assert ratio is not None and ratio.kind == "terms" and "0%" in ratio.en
    uncovered = note_for(terms(covered=frozenset({"screen"})), month(5))
    assert uncovered is not None and uncovered.kind == "terms"
    assert "urine screens" in uncovered.en and "尿检" in uncovered.zh
    tiny = note_for(terms("0.4"), [Line("drug", D(1), D("0.01"))])  # 0.004 -> 0.00
    assert tiny is not None and tiny.kind == "rounding"
    assert note_for(terms("0.7"), month(5)) is None  # the payer pays: nothing to explain
    assert note_for(terms("0.7"), []) is None  # nothing claimed
