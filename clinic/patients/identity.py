"""Chinese resident identity numbers (GB 11643-1999): 18 characters, the last a check digit."""

from __future__ import annotations

import re
from datetime import date

from clinic.errors import InvalidInput

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalise_national_id(raw: str) -> str:
    """The ID number in canonical form (upper-case X, no spaces), or a clear error."""
    value = raw.strip().replace(" ", "").upper()
    if not SHAPE.match(value):
        raise InvalidInput(
            en="An ID number has 18 characters: 17 digits and a final digit or X.",
            zh="身份证号码为 18 位：前 17 位为数字，最后一位为数字或 X。",
        )
    if check_digit(value[:17]) != value[17]:
        raise InvalidInput(
            en="This ID number's check digit is wrong: please check each digit.",
            zh="身份证号码校验位不符，请逐位核对。",
        )
    birth_date_from_id(value)
    return value


def birth_date_from_id(national_id: str) -> date:
    try:
        return date(int(national_id[6:10]), int(national_id[10:12]), int(national_id[12:14]))
    except ValueError as exc:
        raise InvalidInput(
            en="The birth date inside this ID number is not a real date.",
            zh="身份证号码中的出生日期不是有效日期。",
        ) from exc


def mask_national_id(national_id: str) -> str:
    """Shown on screens by default: the first 3 and last 4 characters."""
    if len(national_id) < 8:
        return "*" * len(national_id)
    return national_id[:3] + "*" * (len(national_id) - 7) + national_id[-4:]


NAME_PUNCTUATION = set("·•.- ")
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
INSURED_NUMBER = re.compile(r"^[0-9A-Za-z-]{4,40}$")
SEXES = {"F": ("female", "女"), "M": ("male", "男")}


def normalise_name(raw: str) -> str:
    """A person's name: letters (any script), spaces and the middle dot of minority names."""
    name = " ".join(raw.split())
    if not name or len(name) > 60:
        raise InvalidInput(en="Enter the name (1–60 characters).", zh="请输入姓名（1–60 个字符）。")
    if not any(ch.isalpha() for ch in name) or any(
        not (ch.isalpha() or ch in NAME_PUNCTUATION) for ch in name
    ):
        raise InvalidInput(
            en="A name contains letters only (and '·' or '-' between parts).",
            zh="姓名只能包含文字（各部分之间可用“·”或“-”）。",
        )
    return name


def normalise_phone(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    phone = raw.strip().replace(" ", "")
    if not PHONE.match(phone):
        raise InvalidInput(
            en="A phone number is an 11-digit mobile number or a landline with its area code.",
            zh="电话号码应为 11 位手机号，或带区号的固定电话。",
        )
    return phone


def normalise_sex(raw: str) -> str:
    value = raw.strip().upper()
    aliases = {"女": "F", "男": "M", "FEMALE": "F", "MALE": "M"}
    value = aliases.get(value, value)
    if value not in SEXES:
        raise InvalidInput(
            en="Sex must be female (F) or male (M).", zh="性别须为女（F）或男（M）。"
        )
    return value


def sex_from_id(national_id: str) -> str:
    """The 17th digit of an ID number is odd for men, even for women."""
    return "M" if int(national_id[16]) % 2 else "F"


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def free_text(raw: str | None, limit: int, label_en: str, label_zh: str) -> str | None:
    """Optional one-line text: trimmed, bounded, no control characters."""
    if raw is None:
        return None
    text = " ".join(raw.split())
    if len(text) > limit or any(
        ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in raw if ch not in "\t\n"
    ):
        raise InvalidInput(
            en=f"{label_en}: at most {limit} characters, no control characters.",
            zh=f"{label_zh}：最多 {limit} 个字符，不能含控制字符。",
        )
    return text or None
