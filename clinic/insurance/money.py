"""How a claim's money divides between payer, subsidy and patient — exactly, in fen.

Rule, line by line in date order: each line's amount is count × unit price rounded to the fen
(half up) once. For a covered item the year's deductible is met first (the patient pays it), the
payer then pays the ratio of the rest, rounded to the fen (half up), never past the annual cap;
what the payer does not pay is the patient's part, of which the subsidy pays its share (rounded
the same way) and the patient the remainder. So payer + subsidy + patient = amount on every
line, and the claim's totals add up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from clinic.numbers import FEN

ZERO = Decimal("0.00")


def to_fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Terms:
    """A payer scheme's rules in force for a claim."""

    ratio: Decimal
    deductible: Decimal
    annual_cap: Decimal | None
    subsidy_share: Decimal
    covered: frozenset[str]

    def __post_init__(self) -> None:
        for share in (self.ratio, self.subsidy_share):
            if not (Decimal(0) <= share <= Decimal(1)):
                raise ValueError("ratios are between 0 and 1")
        if self.deductible < 0 or (self.annual_cap is not None and self.annual_cap < 0):
            raise ValueError("amounts are not negative")


@dataclass(frozen=True)
class YearToDate:
    """What the patient's year under this scheme has used already."""

    deductible_met: Decimal = ZERO
    payer_paid: Decimal = ZERO


@dataclass(frozen=True)
class Line:
    kind: str
    count: Decimal
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return to_fen(self.count * self.unit_price)


@dataclass(frozen=True)
class Split:
    amount: Decimal
    deductible: Decimal
    payer: Decimal
    subsidy: Decimal
    patient: Decimal


def split(lines: list[Line], terms: Terms, ytd: YearToDate) -> tuple[list[Split], YearToDate]:
    """Each line's division, and the year-to-date after these lines."""
    deductible_left = max(ZERO, terms.deductible - ytd.deductible_met)
    cap_left = None if terms.annual_cap is None else max(ZERO, terms.annual_cap - ytd.payer_paid)
    met, paid = ytd.deductible_met, ytd.payer_paid
    out = []
    for line in lines:
        amount = line.amount
        deductible = payer = ZERO
        if line.kind in terms.covered:
            deductible = min(amount, deductible_left)
            deductible_left -= deductible
            payer = to_fen((amount - deductible) * terms.ratio)
            if cap_left is not None:
                payer = min(payer, cap_left)
                cap_left -= payer
        patient_part = amount - payer
        subsidy = to_fen(patient_part * terms.subsidy_share)
        out.append(Split(amount, deductible, payer, subsidy, patient_part - subsidy))
        met += deductible
        paid += payer
    return out, YearToDate(met, paid)
