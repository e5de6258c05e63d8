"""Each identifier rule of clinic/patients/identity.py at its bounds, with its messages in both
languages: written to kill the module's mutants (make mutation MUTATE=clinic/patients/identity.py
TESTS=tests/unit/test_identity.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.errors import InvalidInput
from clinic.patients import identity
from clinic.patients.identity import (
    age_on,
    birth_date_from_id,
    check_digit,
    complete_patient_number,
    completed_number,
    free_text,
    mask_national_id,
    normalise_card_code,
    normalise_insured_number,
    normalise_name,
    normalise_national_id,
    normalise_phone,
    normalise_sex,
    patient_number,
    sex_from_id,
)

SHAPE_EN = "An ID number has 18 characters: 17 digits and a final digit or X."
SHAPE_ZH = "身份证号码为 18 位：前 17 位为数字，最后一位为数字或 X。"


def iso7064(first17: str) -> str:
    """The check character by ISO 7064 MOD 11-2 written another way: weights 2^(17-i) mod 11."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def refused(call, *args: object) -> InvalidInput:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as caught:
        call(*args)
    return caught.value


def with_check(first17: str) -> str:
    return first17 + iso7064(first17)


# --- the check digit ---------------------------------------------------------------------------


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_the_check_digit_is_iso_7064(first17: str) -> None:
    assert check_digit(first17) == iso7064(first17)


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("11010519491231002", "X"),  # GB 11643's own example
        ("44052418800101001", "4"),
        ("00000000000000000", "1"),
        ("00000000000000001", "X"),  # the last weight is 2: CHECK[2]
        ("10000000000000000", "5"),  # the first weight is 7: CHECK[7]
    ],
)
def test_known_check_digits(first17: str, check: str) -> None:
    assert check_digit(first17) == check


@pytest.mark.parametrize("bad", ["1101051949123100", "110105194912310021", "1101051949123100a", ""])
def test_the_check_digit_needs_17_ascii_digits(bad: str) -> None:
    error = refused(check_digit, bad)
    assert (error.message("en"), error.message("zh_CN")) == (SHAPE_EN, SHAPE_ZH)


def test_the_check_digit_refuses_other_scripts_digits() -> None:
    assert refused(check_digit, "１１０１０５１９４９１２３１００２").message("en") == SHAPE_EN


# --- the ID number ------------------------------------------------------------------------------


def test_an_id_number_as_typed_becomes_one_canonical_form() -> None:
    canonical = "11010519491231002X"
    for typed in (
        canonical,
        "11010519491231002x",
        " 110105 19491231 002x ",
        "１１０１０５１９４９１２３１００２ｘ",  # full-width, as an input method types it
    ):
        assert normalise_national_id(typed) == canonical


@pytest.mark.parametrize(
    "bad",
    [
        "11010519491231002",
        "110105194912310020X",
        "1101051949123100XX",
        "A1010519491231002X",
        "110105491231002",  # the old 15-digit numbers are not taken: they have no check digit
    ],
)
def test_an_id_number_of_the_wrong_shape(bad: str) -> None:
    error = refused(normalise_national_id, bad)
    assert (error.message("en"), error.message("zh_CN")) == (SHAPE_EN, SHAPE_ZH)


def test_an_id_number_with_a_wrong_check_digit() -> None:
    error = refused(normalise_national_id, "110105194912310021")
    assert error.message("en") == "This ID number's check digit is wrong: please check each digit."
    assert error.message("zh_CN") == "身份证号码校验位不符，请逐位核对。"


def test_an_id_number_whose_birth_date_is_not_a_date() -> None:
    error = refused(normalise_national_id, with_check("11010519490230002"))
    assert error.message("en") == "The birth date inside this ID number is not a real date."
    assert error.message("zh_CN") == "身份证号码中的出生日期不是有效日期。"


def test_the_birth_date_is_digits_7_to_14() -> None:
    assert birth_date_from_id("11010519491231002X") == date(1949, 12, 31)
    assert birth_date_from_id("110105 20000229 002x") == date(2000, 2, 29)
    assert birth_date_from_id(with_check("44052418800101001")) == date(1880, 1, 1)
    # "+949" and "19_9" would pass int(): only the digits 0-9 make a birth date
    for bad in ("1101051949123", "110105194912A1002X", "11010519491331002X", "110105+9491231002X"):
        assert "not a real date" in refused(birth_date_from_id, bad).message("en")


# --- masking ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "110***********002X"),
        ("12345678", "123*5678"),
        ("1234567", "*******"),
        ("", ""),
    ],
)
def test_masking_keeps_the_first_three_and_last_four(value: str, masked: str) -> None:
    assert mask_national_id(value) == masked


# --- names --------------------------------------------------------------------------------------


def test_names_of_every_script_with_their_punctuation() -> None:
    assert normalise_name("  张   三 ") == "张 三"
    assert normalise_name("阿依古丽·买买提") == "阿依古丽·买买提"
    assert normalise_name("Mary-Jane O.Neil") == "Mary-Jane O.Neil"
    assert normalise_name("李" * 60) == "李" * 60


@pytest.mark.parametrize("bad", ["", "   ", "李" * 61])
def test_a_name_has_one_to_sixty_characters(bad: str) -> None:
    error = refused(normalise_name, bad)
    assert error.message("en") == "Enter the name (1–60 characters)."
    assert error.message("zh_CN") == "请输入姓名（1–60 个字符）。"


@pytest.mark.parametrize("bad", ["张三3", "·", "- .", "张_三", "Ann!"])
def test_a_name_has_letters_only(bad: str) -> None:
    error = refused(normalise_name, bad)
    assert error.message("en") == "A name contains letters only (and '·' or '-' between parts)."
    assert error.message("zh_CN") == "姓名只能包含文字（各部分之间可用“·”或“-”）。"


# --- phones, insured-person numbers, cards ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("13800138000", "13800138000"),
        ("190 0013 8000", "19000138000"),
        ("１３８００１３８０００", "13800138000"),
        ("010-12345678", "010-12345678"),
        ("0755 1234567", "07551234567"),
        ("0551-1234567", "0551-1234567"),
    ],
)
def test_phones_as_typed(typed: str | None, kept: str | None) -> None:
    assert normalise_phone(typed) == kept


@pytest.mark.parametrize(
    "bad", ["12800138000", "1380013800", "138001380001", "010-123456", "10-12345678", "abc"]
)
def test_a_phone_is_a_mobile_or_a_landline_with_its_area_code(bad: str) -> None:
    error = refused(normalise_phone, bad)
    assert error.message("en") == (
        "A phone number is an 11-digit mobile number or a landline with its area code."
    )
    assert error.message("zh_CN") == "电话号码应为 11 位手机号，或带区号的固定电话。"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [(None, None), ("", None), ("ab-1", "ab-1"), ("A" * 40, "A" * 40), (" SH 12 34 ", "SH1234")],
)
def test_insured_numbers_as_typed(typed: str | None, kept: str | None) -> None:
    assert normalise_insured_number(typed) == kept


@pytest.mark.parametrize("bad", ["abc", "A" * 41, "AB_12", "参保12345"])
def test_an_insured_number_has_4_to_40_letters_or_digits(bad: str) -> None:
    error = refused(normalise_insured_number, bad)
    assert error.message("en") == "Enter the insured-person number (4–40 letters or digits)."
    assert error.message("zh_CN") == "请输入参保人编号（4–40 位字母或数字）。"


def test_card_codes_are_upper_case_without_spaces() -> None:
    assert normalise_card_code(" p000001-2-0417 ") == "P000001-2-0417"
    assert normalise_card_code("ｐ０００００１－２") == "P000001-2"


# --- patient numbers ----------------------------------------------------------------------------


def test_patient_numbers_have_six_digits_at_least() -> None:
    assert patient_number(1) == "P000001"
    assert patient_number(123456) == "P123456"
    assert patient_number(1234567) == "P1234567"


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("2", "P000002"),
        ("000002", "P000002"),
        ("p2", "P000002"),
        ("Ｐ２", "P000002"),
        ("P000002", "P000002"),
        ("P 10", "P000010"),
        ("123456789", "P123456789"),
    ],
)
def test_a_typed_patient_number_is_completed(typed: str, number: str) -> None:
    assert complete_patient_number(typed) == number
    assert completed_number(typed) == number


@pytest.mark.parametrize("bad", ["0", "P", "P0", "2a", "1234567890", "PP2", "张三", ""])
def test_what_is_not_a_patient_number_shows_the_format(bad: str) -> None:
    error = refused(complete_patient_number, bad)
    assert error.message("en") == (
        "This is not a patient number. Patient numbers look like P000123; typing 123 or p123 "
        "is enough."
    )
    assert error.message("zh_CN") == "这不是患者编号。患者编号形如 P000123，输入 123 或 p123 即可。"
    assert completed_number(bad) is None


# --- sex and age --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "sex"),
    [
        ("F", "F"),
        ("f", "F"),
        (" m ", "M"),
        ("女", "F"),
        ("男", "M"),
        ("female", "F"),
        ("Male", "M"),
    ],
)
def test_sex_as_typed(typed: str, sex: str) -> None:
    assert normalise_sex(typed) == sex


@pytest.mark.parametrize("bad", ["", "X", "man", "woman"])
def test_sex_is_female_or_male(bad: str) -> None:
    error = refused(normalise_sex, bad)
    assert error.message("en") == "Sex must be female (F) or male (M)."
    assert error.message("zh_CN") == "性别须为女（F）或男（M）。"
    assert set(identity.SEXES) == {"F", "M"}


def test_the_seventeenth_digit_is_odd_for_men_and_even_for_women() -> None:
    for digit in range(10):
        number = with_check(f"1101051949123100{digit}")
        assert sex_from_id(number) == ("M" if digit % 2 else "F")
    assert sex_from_id(" 11010519491231002x ") == "F"  # read through the normalisation
    assert "check digit" in refused(sex_from_id, "110105194912310021").message("en")


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(1990, 6, 15), date(2026, 6, 14), 35),  # the day before the birthday
        (date(1990, 6, 15), date(2026, 6, 15), 36),  # the birthday
        (date(1990, 6, 15), date(2026, 6, 16), 36),
        (date(1990, 6, 15), date(2026, 5, 20), 35),  # an earlier month, a later day
        (date(1990, 6, 15), date(2026, 7, 1), 36),  # a later month, an earlier day
        (date(2000, 2, 29), date(2026, 2, 28), 25),
        (date(2000, 2, 29), date(2026, 3, 1), 26),
        (date(2026, 1, 1), date(2026, 1, 1), 0),
    ],
)
def test_age_on_a_day(born: date, day: date, age: int) -> None:
    assert age_on(born, day) == age


# --- free text ----------------------------------------------------------------------------------


def test_free_text_is_trimmed_and_bounded() -> None:
    assert free_text(None, 10, "Note", "备注") is None
    assert free_text("   ", 10, "Note", "备注") is None
    assert free_text("  a \t b\n c ", 10, "Note", "备注") == "a b c"
    assert (
        free_text("第一行\r\n第二行", 10, "Note", "备注") == "第一行 第二行"
    )  # pasted from Windows
    assert free_text("x" * 10, 10, "Note", "备注") == "x" * 10
    assert free_text("不\u00a0换", 10, "Note", "备注") == "不 换"  # a no-break space is a space


@pytest.mark.parametrize(
    "bad", ["x" * 11, "a\x00b", "a\x1fb", "a\x7fb", "a\x80b", "a\x9fb", "a\x0bb"]
)
def test_free_text_refuses_too_long_or_control_characters(bad: str) -> None:
    error = refused(free_text, bad, 10, "Note", "备注")
    assert error.message("en") == "Note: at most 10 characters, no control characters."
    assert error.message("zh_CN") == "备注：最多 10 个字符，不能含控制字符。"


# --- digits of another script, named by the field they were typed in ---------------------------

ARABIC_INDIC = "١٣٨٠٠١٣٨٠٠٠"  # 13800138000 in Arabic-Indic digits: NFKC keeps them as they are


@pytest.mark.parametrize(
    ("parse", "en", "zh"),
    [
        (normalise_national_id, "ID number", "身份证号码"),
        (birth_date_from_id, "ID number", "身份证号码"),
        (normalise_phone, "Phone", "电话"),
        (normalise_insured_number, "Insured-person number", "参保人编号"),
        (normalise_card_code, "Card code", "卡号"),
        (complete_patient_number, "Patient number", "患者编号"),
    ],
)
def test_other_scripts_digits_are_refused_naming_the_field(parse, en: str, zh: str) -> None:  # type: ignore[no-untyped-def]
    error = refused(parse, ARABIC_INDIC)
    assert error.message("en") == (
        f"{en}: type the digits 0-9 (digits of another script are not accepted)."
    )
    assert error.message("zh_CN") == f"{zh}：请用数字 0-9 输入（不接受其他文字的数字）。"
