"""How a claim's money divides between payer, subsidy and patient — exactly, in fen.

Rule, line by line in date order: each line's amount is count × unit price rounded to the fen
(half up) once. For a covered item the year's deductible is met first (the patient pays it), the
payer then pays the ratio of the rest, rounded to the fen (half up), never past the annual cap;
what the payer does not pay is the patient's part, of which the subsidy pays its share (rounded
the same way) and the patient the remainder. So payer + subsidy + patient = amount on every
line, and the claim's totals add up exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    # Once no deductible is left and there is no cap, a line's division depends on the line
    # alone (and on the deductible left, as written, exponent and all): a month repeats a few
    # lines ~90,000 times, so each is divided once. Never with a cap, which every line moves.
    divided: dict[tuple[object, ...], Split] = {}
    for line in lines:
        key: tuple[object, ...] | None = None
        if cap_left is None and not deductible_left:
            key = (line.kind, line.count.as_tuple(), line.unit_price.as_tuple())
            key += (deductible_left.as_tuple(),)
            known = divided.get(key)
            if known is not None:
                out.append(known)
                if line.kind in terms.covered:
                    deductible_left -= known.deductible
                met += known.deductible
                paid += known.payer
                continue
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
        part = Split(amount, deductible, payer, subsidy, patient_part - subsidy)
        if key is not None:
            divided[key] = part
        out.append(part)
        met += deductible
        paid += payer
    return out, YearToDate(met, paid)


@dataclass(frozen=True)
class PayerNote:
    """Why a claim's payer pays nothing: KIND is "deductible", "cap", "terms" or "rounding"."""

    kind: str
    en: str
    zh: str


KIND_NAMES = {
    "service": ("dosing service", "服药服务费"),
    "drug": ("drugs", "药品"),
    "screen": ("urine screens", "尿检"),
}


def _yuan(value: Decimal) -> str:
    return f"¥{value:,.2f}"


def payer_note(
    terms: Terms, amounts: Mapping[str, Decimal], deductible: Decimal, payer: Decimal
) -> PayerNote | None:
    """Why the payer pays nothing on a claim of AMOUNTS (per item kind), or None when it pays.

    Read from the claim as it was split: what the scheme covers, the deductible the claim met,
    the ratio and the cap, in that order (the order split applies them).
    """
    total = sum(amounts.values(), ZERO)
    if payer > 0 or total <= 0:
        return None
    covered = sum((a for k, a in amounts.items() if k in terms.covered), ZERO)
    if covered <= 0:
        names = sorted(k for k in terms.covered if k in KIND_NAMES)
        en = ", ".join(KIND_NAMES[k][0] for k in names) or "nothing"
        zh = "、".join(KIND_NAMES[k][1] for k in names) or "无"
        return PayerNote(
            "terms",
            f"Payer pays nothing: the scheme's terms cover none of these items (it covers: {en}).",
            f"基金未支付：该支付方的报销规则不包含这些项目（报销范围：{zh}）。",
        )
    if terms.ratio <= 0:
        return PayerNote(
            "terms",
            "Payer pays nothing: the scheme's terms set a reimbursement ratio of 0%.",
            "基金未支付：该支付方的报销比例为 0%。",
        )
    if deductible >= covered:
        return PayerNote(
            "deductible",
            f"Payer pays nothing: deductible not met — the {_yuan(covered)} covered went to the "
            f"yearly deductible of {_yuan(terms.deductible)}, which the patient pays.",
            f"基金未支付：未达起付线——可报销的 {_yuan(covered)} 全部计入年度起付线 "
            f"{_yuan(terms.deductible)}，由患者负担。",
        )
    if terms.annual_cap is not None and to_fen((covered - deductible) * terms.ratio) > 0:
        return PayerNote(
            "cap",
            f"Payer pays nothing: the annual cap of {_yuan(terms.annual_cap)} has been reached "
            "this year.",
            f"基金未支付：本年度已达年度封顶线 {_yuan(terms.annual_cap)}。",
        )
    return PayerNote(
        "rounding",
        "Payer pays nothing: its share rounds to ¥0.00.",
        "基金未支付：基金支付部分四舍五入后为 ¥0.00。",
    )
