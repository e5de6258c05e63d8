"""From an ordered dose in mg to what is dispensed: mL by the product's strength, or whole tablets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from math import gcd

from clinic.errors import InvalidInput
from clinic.numbers import plain
from clinic.wording import plural

ML_STEP = Decimal("0.1")


def millilitres(dose_mg: Decimal, mg_per_ml: Decimal) -> Decimal:
    """Volume of a solution for DOSE_MG, to the 0.1 mL a dosing pump measures."""
    if mg_per_ml <= 0:
        raise ValueError("strength must be positive")
    return (dose_mg / mg_per_ml).quantize(ML_STEP, rounding=ROUND_HALF_UP)


def compose_tablets(dose_mg: Decimal, strengths_mg: list[Decimal]) -> dict[Decimal, int]:
    """Whole tablets making exactly DOSE_MG, fewest tablets first; refuses a dose they can't make."""
    strengths = sorted({s for s in strengths_mg if s > 0}, reverse=True)
    if not strengths:
        raise InvalidInput(
            en="No tablet strength is available for this drug.", zh="该药物没有可用的片剂规格。"
        )
    scale = 10_000
    target = int(dose_mg * scale)
    units = [int(s * scale) for s in strengths]
    if Decimal(target) != dose_mg * scale or any(
        Decimal(u) != s * scale for u, s in zip(units, strengths, strict=True)
    ):
        raise InvalidInput(
            en="Doses are given to 0.0001 mg at most.", zh="剂量最多精确到 0.0001 mg。"
        )
    # Fewest coins: dynamic programming over the tablet strengths, in steps of their common
    # divisor (a dose that is no multiple of it cannot be made at all, however large).
    step = gcd(*units)
    if target % step:
        raise _no_whole_tablets(dose_mg, strengths)
    target_g, units_g = target // step, [u // step for u in units]
    if target_g > 200_000:
        raise InvalidInput(
            en="That dose is far too large for tablets.", zh="该剂量过大，无法用片剂组成。"
        )
    best: list[int | None] = [0] + [None] * target_g
    choice = [0] * (target_g + 1)
    for amount in range(1, target_g + 1):
        for index, unit in enumerate(units_g):
            prev = best[amount - unit] if amount >= unit else None
            if prev is not None and (best[amount] is None or prev + 1 < best[amount]):  # type: ignore[operator]
                best[amount] = prev + 1
                choice[amount] = index
    if best[target_g] is None:
        raise _no_whole_tablets(dose_mg, strengths)
    result: dict[Decimal, int] = {}
    amount = target_g
    while amount:
        strength = strengths[choice[amount]]
        result[strength] = result.get(strength, 0) + 1
        amount -= units_g[choice[amount]]
    return dict(sorted(result.items(), reverse=True))


def _no_whole_tablets(dose_mg: Decimal, strengths: list[Decimal]) -> InvalidInput:
    shown = ", ".join(f"{plain(s)} mg" for s in strengths)
    return InvalidInput(
        en=f"{plain(dose_mg)} mg cannot be made of whole tablets ({shown}).",
        zh=f"{plain(dose_mg)} mg 无法由整片（{shown}）组成。",
    )


@dataclass(frozen=True)
class Amount:
    """A quantity poured or handed over: mL, or whole tablets of a strength."""

    quantity: Decimal
    unit: str  # "mL" or "tablet"
    mg_per_unit: Decimal

    def text(self, language: str) -> str:
        """As people write it: "60 mL", "1 tablet × 2 mg", "3 tablets × 2 mg", "1 片 × 2 mg";
        language "both" gives the printed forms' "1 片 tablet × 2 mg"."""
        count = plain(self.quantity)
        if self.unit != "tablet":
            return f"{count} {self.unit}"
        english = plural(self.quantity, "tablet", "tablets")
        word = {"en": english, "zh_CN": "片"}.get(language, f"片 {english}")
        return f"{count} {word} × {plain(self.mg_per_unit)} mg"
