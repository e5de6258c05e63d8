"""A person's identifiers as people type them: the resident identity number (GB 11643-1999: 18
characters, the last a check digit), phone, insured-person number, card code, patient number.

Each is read through clinic.numbers.typed_code first (NFKC, spaces removed, digits 0-9 only), so
one person has one ID number however it was typed, and one keyed index to find it by.
"""

from __future__ import annotations

import re
from datetime import date

from clinic.errors import InvalidInput
from clinic.numbers import normalised, typed_code

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
# [0-9], never \d: \d also matches full-width and other scripts' digits.
SHAPE = re.compile(r"[0-9]{17}[0-9X]")
DIGITS = re.compile(r"[0-9]+")


def check_digit(first17: str) -> str:
    if len(first17) != 17 or not DIGITS.fullmatch(first17):
        raise InvalidInput(
            en="An ID number has 18 characters: 17 digits and a final digit or X.",
            zh="身份证号码为 18 位：前 17 位为数字，最后一位为数字或 X。",
        )
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def typed_national_id(raw: str) -> str:
    """What was typed for an ID number, in the form it is checked in (no spaces, upper-case X)."""
    return typed_code(raw, "ID number", "身份证号码").upper()


def normalise_national_id(raw: str) -> str:
    """The ID number in canonical form (digits 0-9, upper-case X, no spaces), or a clear error."""
    value = typed_national_id(raw)
    if not SHAPE.fullmatch(value):
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
    digits = typed_national_id(national_id)[6:14]
    try:
        if not (len(digits) == 8 and DIGITS.fullmatch(digits)):
            raise ValueError(digits)
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
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
PHONE = re.compile(r"1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}")
INSURED_NUMBER = re.compile(r"[0-9A-Za-z-]{4,40}")
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
    if raw is None:
        return None
    phone = typed_code(raw, "Phone", "电话")
    if not phone:
        return None
    if not PHONE.fullmatch(phone):
        raise InvalidInput(
            en="A phone number is an 11-digit mobile number or a landline with its area code.",
            zh="电话号码应为 11 位手机号，或带区号的固定电话。",
        )
    return phone


def normalise_insured_number(raw: str | None) -> str | None:
    """An insured-person number as typed (spaces removed), None if none was given."""
    if raw is None:
        return None
    number = typed_code(raw, "Insured-person number", "参保人编号")
    if not number:
        return None
    if not INSURED_NUMBER.fullmatch(number):
        raise InvalidInput(
            en="Enter the insured-person number (4–40 letters or digits).",
            zh="请输入参保人编号（4–40 位字母或数字）。",
        )
    return number


def normalise_card_code(raw: str) -> str:
    """A scanned or typed card code (P000001-2-0417), upper case, spaces removed."""
    return typed_code(raw, "Card code", "卡号").upper()


# Patient numbers are P and the record's serial, six digits at least: P000001, P000123.
PATIENT_NUMBER = re.compile(r"P?0*([1-9][0-9]{0,8})")
PATIENT_NUMBER_FORMAT = (
    "Patient numbers look like P000123; typing 123 or p123 is enough.",
    "患者编号形如 P000123，输入 123 或 p123 即可。",
)


def patient_number(serial: int) -> str:
    return f"P{serial:06d}"


def complete_patient_number(raw: str) -> str:
    """The patient number RAW stands for ("2", "000002", "p2", "Ｐ２" -> "P000002"), or a clear
    error that shows the format."""
    match = PATIENT_NUMBER.fullmatch(typed_code(raw, "Patient number", "患者编号").upper())
    if match is None:
        en, zh = PATIENT_NUMBER_FORMAT
        raise InvalidInput(en=f"This is not a patient number. {en}", zh=f"这不是患者编号。{zh}")
    return patient_number(int(match[1]))


def completed_number(raw: str) -> str | None:
    """The patient number RAW completes to, or None if RAW is not one (a name, an ID number)."""
    try:
        return complete_patient_number(raw)
    except InvalidInput:
        return None


def normalise_sex(raw: str) -> str:
    value = normalised(raw).upper()
    aliases = {"女": "F", "男": "M", "FEMALE": "F", "MALE": "M"}
    value = aliases.get(value, value)
    if value not in SEXES:
        raise InvalidInput(
            en="Sex must be female (F) or male (M).", zh="性别须为女（F）或男（M）。"
        )
    return value


def sex_from_id(national_id: str) -> str:
    """The 17th digit of an ID number is odd for men, even for women."""
    return "M" if int(normalise_national_id(national_id)[16]) % 2 else "F"


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def free_text(raw: str | None, limit: int, label_en: str, label_zh: str) -> str | None:
    """Optional one-line text: trimmed, bounded, no control characters (tabs and line ends,
    "\r\n" pasted from Windows too, become single spaces)."""
    if raw is None:
        return None
    text = " ".join(raw.split())
    if len(text) > limit or any(
        ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in raw if ch not in "\t\n\r"
    ):
        raise InvalidInput(
            en=f"{label_en}: at most {limit} characters, no control characters.",
            zh=f"{label_zh}：最多 {limit} 个字符，不能含控制字符。",
        )
    return text or None
