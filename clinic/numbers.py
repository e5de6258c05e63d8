"""Quantities and money as people type them: one parser for each, used by every service and form.

Text is NFKC-normalised first, so full-width digits and points ("６０．５"), ideographic and pasted
spaces and the full-width yen sign read as their plain forms. After that only a plain decimal
number is accepted, optionally with thousands separators ("1,000", "1，000", "1 000"). Floats,
NaN, infinities, exponents, negative numbers and too many decimal places are refused with a
message in English and Chinese; zero is accepted only where the caller says it is.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from clinic.errors import InvalidInput

MAX_QUANTITY = Decimal(10) ** 9
MAX_MONEY = Decimal(10) ** 9
FEN = Decimal("0.01")
CURRENCY_SIGNS = ("¥", "元")  # NFKC turns the full-width ￥ into ¥
MINUS_SIGNS = ("-", "−")  # NFKC turns the full-width － into -; − is the minus sign
_PLAIN = re.compile(
    r"(?P<sign>[+\-−]?)"
    r"(?P<whole>[0-9]{1,3}(?:[, ][0-9]{3})+|[0-9]*)"
    r"(?:\.(?P<fraction>[0-9]*))?"
)


def plain(value: Decimal) -> str:
    """A Decimal as people write it: 60, 17.5, 0.2 (never 6E+1)."""
    return format(value.normalize(), "f")


def normalised(raw: object) -> str:
    """RAW as text, NFKC-normalised, every kind of space made one plain space, ends stripped."""
    text = format(raw, "f") if isinstance(raw, Decimal) else str(raw)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _decimal(
    raw: object, text: str, label_en: str, label_zh: str, what_en: str, what_zh: str
) -> tuple[Decimal, int]:
    """The number TEXT spells and its significant decimal places, or a clear error naming RAW."""
    if isinstance(raw, (float, bool)):
        raise InvalidInput(
            en=f"{label_en}: give an exact number, not {raw!r}.",
            zh=f"{label_zh}：请输入精确数值，而不是 {raw!r}。",
        )
    if not text:
        raise InvalidInput(en=f"{label_en}: enter {what_en}.", zh=f"{label_zh}：请输入{what_zh}。")
    match = _PLAIN.fullmatch(text)
    if match is None or not (match["whole"] or match["fraction"]):
        raise InvalidInput(
            en=f"{label_en}: {raw!r} is not {what_en}.", zh=f"{label_zh}：{raw!r} 不是{what_zh}。"
        )
    whole = match["whole"].replace(",", "").replace(" ", "") or "0"
    fraction = match["fraction"] or ""
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    return (-value if match["sign"] in MINUS_SIGNS else value), len(fraction.rstrip("0"))


def parse_quantity(
    raw: object,
    label_en: str,
    label_zh: str,
    *,
    zero_ok: bool = False,
    places: int = 4,
    maximum: Decimal = MAX_QUANTITY,
) -> Decimal:
    """A quantity (mL, tablets, mg, a share) from what was typed, or a clear error."""
    value, decimals = _decimal(raw, normalised(raw), label_en, label_zh, "a number", "数字")
    if value < 0:
        raise InvalidInput(
            en=f"{label_en} cannot be negative."
            if zero_ok
            else f"{label_en} must be more than zero.",
            zh=f"{label_zh}不能为负数。" if zero_ok else f"{label_zh}必须大于零。",
        )
    return _checked(value, decimals, raw, label_en, label_zh, zero_ok, places, maximum)


def parse_money(
    raw: object,
    label_en: str,
    label_zh: str,
    *,
    zero_ok: bool = True,
    places: int = 2,
    high: Decimal = MAX_MONEY,
) -> Decimal:
    """Yuan from what was typed ("12.5", "¥12.50", "￥1,200"), or a clear error; kept to the fen."""
    text = normalised(raw)
    for sign in CURRENCY_SIGNS:
        text = text.removeprefix(sign).removesuffix(sign).strip()
    value, decimals = _decimal(raw, text, label_en, label_zh, "an amount of money", "有效金额")
    if decimals > places:
        raise InvalidInput(
            en=f"{label_en}: {raw!r} has more than two decimal places (fen)."
            if places == 2
            else f"{label_en}: {raw!r} has more than {places} decimal places.",
            zh=f"{label_zh}：{raw!r} 的小数位超过两位（分）。"
            if places == 2
            else f"{label_zh}：{raw!r} 的小数位超过 {places} 位。",
        )
    if value < 0 or value > high:
        raise InvalidInput(
            en=f"{label_en} must be between 0 and {plain(high)}.",
            zh=f"{label_zh}必须在 0 到 {plain(high)} 之间。",
        )
    value = _checked(value, decimals, raw, label_en, label_zh, zero_ok, places, high)
    return value if _places(value) >= 2 else value.quantize(FEN)


def _checked(
    value: Decimal,
    decimals: int,
    raw: object,
    label_en: str,
    label_zh: str,
    zero_ok: bool,
    places: int,
    maximum: Decimal,
) -> Decimal:
    if value == 0 and not zero_ok:
        raise InvalidInput(en=f"{label_en} must be more than zero.", zh=f"{label_zh}必须大于零。")
    if value > maximum:
        raise InvalidInput(
            en=f"{label_en}: {raw} is more than {plain(maximum)}; check for a typo.",
            zh=f"{label_zh}：{raw} 超过 {plain(maximum)}，请检查是否输入有误。",
        )
    if decimals > places:
        raise InvalidInput(
            en=f"{label_en}: at most {places} decimal places.",
            zh=f"{label_zh}：最多 {places} 位小数。",
        )
    return value.quantize(Decimal(1).scaleb(-places)) if _places(value) > places else value


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(-exponent, 0)
