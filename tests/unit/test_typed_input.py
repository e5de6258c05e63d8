"""Identifiers and whole numbers as people type them (issue 13, findings 7 and 10): full-width
digits from a Chinese input method and pasted spaces read as the plain form; digits of other
scripts, "2_5", exponents, NaN and infinities are refused with a message in both languages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.config import CLINIC_SETTINGS
from clinic.errors import InvalidInput
from clinic.numbers import parse_whole, typed_code
from clinic.patients.duplicates import kept_form, kept_national_id
from clinic.patients.enrolment import Enrolment, Identity, Payer, check_payer
from clinic.patients.identity import (
    birth_date_from_id,
    check_digit,
    complete_patient_number,
    completed_number,
    normalise_card_code,
    normalise_insured_number,
    normalise_national_id,
    normalise_phone,
    sex_from_id,
)
from clinic.patients.records import query_kind

FULL_WIDTH = str.maketrans("0123456789Xx-P", "０１２３４５６７８９Ｘｘ－Ｐ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
NID = "11010519491231002X"  # the standard's own example
TODAY = date(2026, 3, 2)


def refused(call, *args: object) -> InvalidInput:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as error:
        call(*args)
    assert error.value.en and error.value.zh and error.value.en != error.value.zh
    return error.value


# --- one function for digits as people type them -------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        NID,
        NID.translate(FULL_WIDTH),  # a Chinese input method's full-width digits and X
        "110105 19491231 002X",  # pasted from a document, grouped
        "\u3000１１０１０５\u3000１９４９１２３１\u3000００２ｘ\u3000",  # ideographic spaces
        "\u00a0110105-19491231-002x".replace("-", "\u00a0"),  # no-break spaces from a web page
        "11010519491231002\u2169",  # the Roman numeral ten, which NFKC reads as X
    ],
)
def test_one_id_number_however_it_is_typed(raw: str) -> None:
    assert normalise_national_id(raw) == NID
    assert birth_date_from_id(raw) == date(1949, 12, 31)
    assert sex_from_id(raw) == "F"


@pytest.mark.parametrize("script", [ARABIC_INDIC, DEVANAGARI])
def test_other_scripts_digits_are_refused_everywhere_digits_are_checked(script: dict) -> None:
    for call, raw in [
        (normalise_national_id, NID.translate(script)),
        (birth_date_from_id, NID.translate(script)),
        (check_digit, NID[:17].translate(script)),
        (normalise_phone, "13800138000".translate(script)),
        (normalise_insured_number, "YB12345".translate(script)),
        (normalise_card_code, "P000001-1-0417".translate(script)),
        (complete_patient_number, "2".translate(script)),
    ]:
        error = refused(call, raw)
        assert "0-9" in error.en or "18 characters" in error.en, (call, error.en)


def test_the_check_digit_counts_only_ascii_digits() -> None:
    # int() reads "５" as 5, which is how a full-width ID number used to pass as valid
    assert check_digit(NID[:17]) == "X"
    assert "18 characters" in refused(check_digit, NID[:17].translate(FULL_WIDTH)).en


def test_typed_code_removes_spaces_and_keeps_case() -> None:
    assert typed_code(" ｙｂ １２３\t4 ", "x", "x") == "yb1234"
    assert "0-9" in refused(typed_code, "١٢", "Phone", "电话").en


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("１３８００１３８０００", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("010－12345678", "010-12345678"),  # the full-width hyphen
        ("\u3000", None),
        ("", None),
    ],
)
def test_phones_as_people_type_them(raw: str, phone: str | None) -> None:
    assert normalise_phone(raw) == phone


def test_insured_numbers_cards_and_their_shapes() -> None:
    assert normalise_insured_number("ＹＢ ２０２６ ０００１") == "YB20260001"
    assert normalise_insured_number("  ") is None
    assert "4–40" in refused(normalise_insured_number, "YB_1").en
    assert normalise_card_code("ｐ０００００１－２－０４１７") == "P000001-2-0417"
    assert check_payer(Payer("NCMS", "ＹＢ２０２６０００１"), TODAY).insured_number == "YB20260001"


def test_the_enrolment_workflow_keeps_the_canonical_form() -> None:
    draft = Enrolment(today=TODAY)
    accepted = draft.set_identity(
        Identity(
            name="王小明",
            sex="Ｆ",
            birth_date=date(1949, 12, 31),
            national_id=NID.translate(FULL_WIDTH),
            phone="１３８ ００１３ ８０００",
        )
    )
    assert accepted.national_id == NID and accepted.phone == "13800138000"
    assert accepted.sex == "F"


# --- patient numbers, completed ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["2", "02", "000002", "p2", "P2", "Ｐ２", "ｐ０００００２", " P 000002 ", "P000002"]
)
def test_a_patient_number_is_completed_however_little_is_typed(raw: str) -> None:
    assert complete_patient_number(raw) == "P000002"
    assert completed_number(raw) == "P000002"


def test_long_numbers_keep_their_digits() -> None:
    assert complete_patient_number("1234567") == "P1234567"


@pytest.mark.parametrize("raw", ["", "0", "P", "P0", "2_5", "1e3", "P-2", "王", "1234567890"])
def test_what_is_not_a_patient_number_shows_the_format(raw: str) -> None:
    error = refused(complete_patient_number, raw)
    assert "P000123" in error.en and "P000123" in error.zh
    assert completed_number(raw) is None


@given(st.text(max_size=12))
def test_any_text_is_a_patient_number_or_a_clear_refusal(raw: str) -> None:
    try:
        number = complete_patient_number(raw)
    except InvalidInput as error:
        assert error.en and error.zh
    else:
        assert number[0] == "P" and number[1:].isascii() and number[1:].isdigit()


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("Ｐ２", "number"),
        ("p 2", "number"),
        ("２", "id_tail"),
        ("٢", "id_tail"),  # goes where digits are checked, and is refused there
        ("００２ｘ", "id_tail"),
        ("ｐ０００００１－２－０４１７", "card"),
        ("ｗｘｍ", "initials"),
        ("王小明", "name"),
    ],
)
def test_search_box_text_is_classified_after_normalisation(query: str, kind: str) -> None:
    assert query_kind(query) == kind


# --- whole numbers: integer settings and the QTc -----------------------------------------------

BAD_WHOLE_NUMBERS = [
    "2_5",
    "1_0",
    "1e3",
    "1E3",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "0x10",
    "12.5",
    "١٢",
    "१२",
    "",
    " ",
]


@pytest.mark.parametrize("raw", BAD_WHOLE_NUMBERS)
def test_bad_whole_numbers_are_refused(raw: str) -> None:
    refused(parse_whole, raw, "QTc (ms)", "QTc（毫秒）")


@pytest.mark.parametrize("raw", [*BAD_WHOLE_NUMBERS, True, 1.5])
def test_integer_settings_refuse_them_too(raw: object) -> None:
    spec = CLINIC_SETTINGS["lockout_minutes"]
    error = refused(spec.parse, raw)
    assert spec.en in error.en and spec.zh in error.zh


@pytest.mark.parametrize(
    ("raw", "value"), [("１０", 10), (" 10 ", 10), ("\u300010\u3000", 10), ("10.0", 10), (10, 10)]
)
def test_integer_settings_as_people_type_them(raw: object, value: int) -> None:
    assert CLINIC_SETTINGS["lockout_minutes"].parse(raw) == value


def test_integer_settings_keep_their_limits() -> None:
    spec = CLINIC_SETTINGS["lockout_attempts"]
    assert "between 3 and 20" in refused(spec.parse, "２１").en
    too_short = refused(lambda raw: parse_whole(raw, "QTc", "QTc", minimum=250), "２４９")
    assert "at least 250" in too_short.en


# --- records kept before the rule ---------------------------------------------------------------


def test_kept_identifiers_read_in_their_canonical_form() -> None:
    assert kept_national_id(NID.translate(FULL_WIDTH)) == NID
    assert kept_national_id(NID.translate(ARABIC_INDIC)) == NID  # the old checks read them as 0-9
    assert kept_national_id("110105\u300019491231002x") == NID
    assert kept_form("１３８ ００１３ ８０００") == "13800138000"
    assert kept_form(NID) == NID
