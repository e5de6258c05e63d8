"""Numbers and codes as people type them: one parser for each kind, used by every service and form.

Text is NFKC-normalised first, so full-width digits and points ("６０．５"), ideographic and pasted
spaces and the full-width yen sign read as their plain forms. After that only the digits 0-9
count. A quantity or an amount of money is a plain decimal number, optionally with thousands
separators ("1,000", "1，000", "1 000"); a whole number (a setting, a QTc) is the same without a
fraction. Floats, NaN, infinities, exponents, "2_5", negative numbers and too many decimal places
are refused with a message in English and Chinese; zero is accepted only where the caller says
it is. An identifier (ID number, phone, card code, patient number) is read by `typed_code`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from clinic.errors import InvalidInput
from clinic.wording import quoted

MAX_QUANTITY = Decimal(10) ** 9
MAX_MONEY = Decimal(10) ** 9
FEN = Decimal("0.01")
ASCII_DIGITS = frozenset("0123456789")
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


def _only_ascii_digits(text: str, label_en: str, label_zh: str) -> str:
    """TEXT, refused if a digit in it is not 0-9 once NFKC-normalised (e.g. Arabic-Indic ٣)."""
    if any(ch.isdigit() and ch not in ASCII_DIGITS for ch in text):
        raise InvalidInput(
            en=f"{label_en}: type the digits 0-9 (digits of another script are not accepted).",
            zh=f"{label_zh}：请用数字 0-9 输入（不接受其他文字的数字）。",
        )
    return text


def typed_code(raw: object, label_en: str, label_zh: str) -> str:
    """An identifier as people type or paste it ("１１０ １０５…", "138 0013 8000"): NFKC-normalised,
    every space removed; digits of another script are refused, since only 0-9 count in a check
    digit, a format or a keyed index. Case and shape are the caller's to check."""
    return _only_ascii_digits("".join(normalised(raw).split()), label_en, label_zh)


def parse_whole(
    raw: object,
    label_en: str,
    label_zh: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    """A whole number (a setting, milliseconds) from what was typed, or a clear error."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        text = _only_ascii_digits(normalised(raw), label_en, label_zh)
        number, decimals = _decimal(raw, text, label_en, label_zh, "a whole number", "整数")
        if decimals or number != number.to_integral_value():
            raise InvalidInput(
                en=f"{label_en}: {quoted(raw)} is not a whole number.",
                zh=f"{label_zh}：{quoted(raw)} 不是整数。",
            )
        value = int(number)
    too_low = minimum is not None and value < minimum
    if too_low or (maximum is not None and value > maximum):
        if minimum is not None and maximum is not None:
            en, zh = f"between {minimum} and {maximum}", f"在 {minimum} 到 {maximum} 之间"
        elif too_low:
            en, zh = f"at least {minimum}", f"不小于 {minimum}"
        else:
            en, zh = f"at most {maximum}", f"不大于 {maximum}"
        raise InvalidInput(en=f"{label_en} must be {en}.", zh=f"{label_zh}必须{zh}。")
    return value


def _decimal(
    raw: object, text: str, label_en: str, label_zh: str, what_en: str, what_zh: str
) -> tuple[Decimal, int]:
    """The number TEXT spells and its significant decimal places, or a clear error naming RAW."""
    if isinstance(raw, (float, bool)):
        raise InvalidInput(
            en=f"{label_en}: give an exact number, not {quoted(raw)}.",
            zh=f"{label_zh}：请输入精确数值，而不是 {quoted(raw)}。",
        )
    if not text:
        raise InvalidInput(en=f"{label_en}: enter {what_en}.", zh=f"{label_zh}：请输入{what_zh}。")
    match = _PLAIN.fullmatch(text)
    if match is None or not (match["whole"] or match["fraction"]):
        raise InvalidInput(
            en=f"{label_en}: {quoted(raw)} is not {what_en}.",
            zh=f"{label_zh}：{quoted(raw)} 不是{what_zh}。",
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
            en=f"{label_en}: {quoted(raw)} has more than two decimal places (fen)."
            if places == 2
            else f"{label_en}: {quoted(raw)} has more than {places} decimal places.",
            zh=f"{label_zh}：{quoted(raw)} 的小数位超过两位（分）。"
            if places == 2
            else f"{label_zh}：{quoted(raw)} 的小数位超过 {places} 位。",
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


_DAY = re.compile(r"(?P<y>[0-9]{4})[-/.年 ]?(?P<m>[0-9]{1,2})[-/.月 ]?(?P<d>[0-9]{1,2})日?")


def parse_day(raw: object, label_en: str, label_zh: str) -> date:
    """A calendar day as printed on a label or typed: 2027-03-31, 2027/3/31, 2027.03.31,
    20270331, 2027年3月31日 (full-width digits too), or a clear error."""
    if isinstance(raw, date):
        return raw
    text = _only_ascii_digits(normalised(raw), label_en, label_zh)
    if not text:
        raise InvalidInput(
            en=f"{label_en}: type the date, e.g. 2027-03-31.",
            zh=f"{label_zh}：请输入日期，例如 2027-03-31。",
        )
    match = _DAY.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise InvalidInput(
            en=f"{label_en}: {text} is not a date; type it as year-month-day, e.g. 2027-03-31.",
            zh=f"{label_zh}：{text} 不是有效日期，请按年-月-日输入，例如 2027-03-31。",
        ) from None
