"""Pure functions: ID number checks, passphrase-wrapped keys, column-bound field encryption, Decimal."""

from __future__ import annotations

import base64
import json
from datetime import date
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.dialects import postgresql, sqlite

from clinic.errors import InvalidInput, WrongKeyOrDamaged
from clinic.patients.identity import (
    birth_date_from_id,
    check_digit,
    mask_national_id,
    normalise_national_id,
)
from clinic.privacy.keys import ClinicKeys, unwrap_keys, wrap_keys
from clinic.storage.fieldcrypt import FieldCipher, bucket, pad
from clinic.storage.types import ExactDecimal

# --- national ID numbers (GB 11643-1999) -----------------------------------------------------

KNOWN_VALID = "11010519491231002X"  # the standard's worked example


def test_check_digit_of_the_standard_example() -> None:
    assert check_digit(KNOWN_VALID[:17]) == "X"
    assert normalise_national_id(KNOWN_VALID) == KNOWN_VALID
    assert birth_date_from_id(KNOWN_VALID) == date(1949, 12, 31)


@pytest.mark.parametrize("first17", ["44030619850101123", "11010519800229001", "65010219991231999"])
def test_valid_numbers_are_accepted(first17: str) -> None:
    number = first17 + check_digit(first17)
    assert normalise_national_id(number) == number


def test_every_wrong_check_digit_is_refused() -> None:
    first17 = "44030619850101123"
    right = check_digit(first17)
    for wrong in "0123456789X":
        if wrong == right:
            continue
        with pytest.raises(InvalidInput) as caught:
            normalise_national_id(first17 + wrong)
        assert "check digit" in caught.value.message("en")
        assert "校验位" in caught.value.message("zh_CN")


def test_a_single_changed_digit_is_caught() -> None:
    for i in range(17):
        changed = KNOWN_VALID[:i] + str((int(KNOWN_VALID[i]) + 1) % 10) + KNOWN_VALID[i + 1 :]
        with pytest.raises(InvalidInput):
            normalise_national_id(changed)


@pytest.mark.parametrize("day", ["19900230", "19900431", "20010229", "19901301", "19900100"])
def test_impossible_birth_dates_are_refused(day: str) -> None:
    first17 = "110105" + day + "123"
    with pytest.raises(InvalidInput) as caught:
        normalise_national_id(first17 + check_digit(first17))
    assert "not a real date" in caught.value.message("en")


def test_lower_case_x_and_spaces_are_normalised() -> None:
    assert normalise_national_id(" 110105 19491231 002x ") == KNOWN_VALID


@pytest.mark.parametrize(
    "raw",
    ["", "1101051949123100", "11010519491231002XX", "11010519491231002Y", "X10105194912310020"],
)
def test_wrong_shapes_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        normalise_national_id(raw)


def test_masking_shows_only_the_ends() -> None:
    assert mask_national_id(KNOWN_VALID) == "110***********002X"


# --- passphrase-wrapped keys -----------------------------------------------------------------

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def wrapped() -> tuple[ClinicKeys, bytes]:
    keys = ClinicKeys.generate(embedded=True)
    return keys, wrap_keys("clinic-1", keys, PASSPHRASE)


def test_wrap_unwrap_round_trip(wrapped: tuple[ClinicKeys, bytes]) -> None:
    keys, data = wrapped
    document = json.loads(data)
    assert document["kdf"]["name"] == "argon2id"
    for key in (keys.database, keys.field, keys.audit):
        assert key is not None and key.hex() not in data.decode()
    assert unwrap_keys(data, PASSPHRASE) == ("clinic-1", keys)


def test_server_keys_have_no_database_key() -> None:
    keys = ClinicKeys.generate(embedded=False)
    assert keys.database is None
    assert unwrap_keys(wrap_keys("c", keys, PASSPHRASE), PASSPHRASE)[1] == keys


def test_wrong_passphrase_is_refused(wrapped: tuple[ClinicKeys, bytes]) -> None:
    with pytest.raises(InvalidInput) as caught:
        unwrap_keys(wrapped[1], PASSPHRASE + "!")
    assert "passphrase" in caught.value.message("en")


def _tampered(data: bytes, field: str, value: object) -> bytes:
    document = json.loads(data)
    if "." in field:
        outer, inner = field.split(".")
        document[outer][inner] = value
    else:
        document[field] = value
    return json.dumps(document).encode()


def _flip_b64(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 1
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize(
    "field",
    [
        "clinic_id",
        "ciphertext",
        "nonce",
        "kdf.salt",
        "kdf.time_cost",
        "kdf.lanes",
        "kdf.name",
        "version",
        "format",
    ],
)
def test_tampered_key_file_is_refused(wrapped: tuple[ClinicKeys, bytes], field: str) -> None:
    document = json.loads(wrapped[1])
    value: object
    if field == "clinic_id":
        value = "clinic-2"
    elif field in ("ciphertext", "nonce"):
        value = _flip_b64(document[field])
    elif field == "kdf.salt":
        value = _flip_b64(document["kdf"]["salt"])
    elif field == "kdf.time_cost":
        value = document["kdf"]["time_cost"] + 1
    elif field == "kdf.lanes":
        value = 0  # impossible parameters: refused, not a crash
    elif field == "kdf.name":
        value = "scrypt"
    elif field == "version":
        value = 2
    else:
        value = "something-else"
    with pytest.raises(InvalidInput):
        unwrap_keys(_tampered(wrapped[1], field, value), PASSPHRASE)


@pytest.mark.parametrize("data", [b"", b"not json", b"{}", b"[1, 2]", b'{"format": "clinic-keys"}'])
def test_garbage_key_file_is_refused(data: bytes) -> None:
    with pytest.raises(InvalidInput):
        unwrap_keys(data, PASSPHRASE)


def test_short_passphrase_is_refused() -> None:
    with pytest.raises(InvalidInput):
        wrap_keys("c", ClinicKeys.generate(embedded=True), "too short")


# --- field encryption ------------------------------------------------------------------------


@pytest.fixture
def cipher() -> FieldCipher:
    keys = ClinicKeys.generate(embedded=False)
    return FieldCipher(keys.field, keys.derive("blind-index"))


def test_seal_open_round_trip(cipher: FieldCipher) -> None:
    plain = "王小明".encode()
    sealed = cipher.seal(plain, "patients.name")
    assert plain not in sealed
    assert cipher.open(sealed, "patients.name") == plain
    assert cipher.seal(plain, "patients.name") != sealed  # a fresh nonce every time


def test_a_value_sealed_for_one_column_cannot_be_read_as_another(cipher: FieldCipher) -> None:
    sealed = cipher.seal(b"13812345678", "patients.phone")
    with pytest.raises(WrongKeyOrDamaged) as caught:
        cipher.open(sealed, "patients.name")
    assert "patients.name" in caught.value.message("en")


def test_tampered_or_foreign_values_are_refused(cipher: FieldCipher) -> None:
    sealed = cipher.seal(b"secret", "c")
    for i in (0, 5, len(sealed) - 1):
        changed = bytearray(sealed)
        changed[i] ^= 1
        with pytest.raises(WrongKeyOrDamaged):
            cipher.open(bytes(changed), "c")
    other_keys = ClinicKeys.generate(embedded=False)
    other = FieldCipher(other_keys.field, other_keys.derive("blind-index"))
    with pytest.raises(WrongKeyOrDamaged):
        other.open(sealed, "c")


@pytest.mark.parametrize(
    ("size", "padded"), [(0, 16), (12, 16), (13, 32), (28, 32), (29, 64), (252, 256), (253, 1024)]
)
def test_a_value_is_padded_to_its_bucket_with_its_length_in_front(size: int, padded: int) -> None:
    assert bucket(size + 4) == padded
    framed = pad(b"x" * size)
    assert len(framed) == padded
    assert framed[:4] == size.to_bytes(4, "big") and framed[4 : 4 + size] == b"x" * size
    assert framed[4 + size :] == bytes(padded - 4 - size)


def test_big_values_are_padded_to_whole_kib() -> None:
    assert (bucket(1024), bucket(1025), bucket(5000)) == (1024, 2048, 5120)


def test_names_of_different_lengths_seal_to_the_same_length(cipher: FieldCipher) -> None:
    short, long = (
        cipher.seal_text("王", "patients.name"),
        cipher.seal_text("欧阳小明", "patients.name"),
    )
    assert len(short) == len(long)
    assert cipher.open_text(short, "patients.name") == "王"
    assert cipher.open_text(long, "patients.name") == "欧阳小明"
    assert cipher.open_text(cipher.seal_text("", "c"), "c") == ""


def _cipher_and_aead() -> tuple[FieldCipher, AESGCM]:
    keys = ClinicKeys.generate(embedded=False)
    return FieldCipher(keys.field, keys.derive("blind-index")), AESGCM(keys.field)


def test_values_sealed_before_padding_still_open() -> None:
    nonce = bytes(12)
    cipher, aead = _cipher_and_aead()  # the first format: version 1, no length, no padding
    old = b"\x01" + nonce + aead.encrypt(nonce, "王小明".encode(), b"patients.name")
    assert cipher.open(old, "patients.name") == "王小明".encode()


def test_a_length_beyond_the_padded_value_is_refused() -> None:
    nonce = bytes(12)
    cipher, aead = _cipher_and_aead()
    lying = (100).to_bytes(4, "big") + b"abc" + bytes(9)  # says 100 bytes, holds 12
    forged = b"\x02" + nonce + aead.encrypt(nonce, lying, b"c")
    with pytest.raises(WrongKeyOrDamaged):
        cipher.open(forged, "c")
    with pytest.raises(WrongKeyOrDamaged):
        cipher.open(b"\x03" + forged[1:], "c")


def test_blind_index_is_keyed_and_purpose_bound(cipher: FieldCipher) -> None:
    a = cipher.blind_index(KNOWN_VALID, "national_id")
    assert a == cipher.blind_index(KNOWN_VALID, "national_id")
    assert a != cipher.blind_index(KNOWN_VALID, "insurance_number")
    assert KNOWN_VALID not in a
    other_keys = ClinicKeys.generate(embedded=False)
    assert (
        FieldCipher(other_keys.field, other_keys.derive("blind-index")).blind_index(
            KNOWN_VALID, "national_id"
        )
        != a
    )


def test_derived_keys_differ_by_purpose() -> None:
    keys = ClinicKeys.generate(embedded=True)
    assert keys.derive("backup") != keys.derive("blind-index")
    assert keys.derive("backup") == keys.derive("backup")
    assert keys.derive("backup") != keys.field


# --- exact decimals --------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_exact_decimal_refuses_float(dialect) -> None:  # type: ignore[no-untyped-def]
    column = ExactDecimal()
    with pytest.raises(TypeError):
        column.process_bind_param(0.1, dialect)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        column.process_bind_param(3, dialect)  # type: ignore[arg-type]


def test_exact_decimal_keeps_every_digit() -> None:
    column = ExactDecimal()
    value = Decimal("12345678901234.0001")
    stored = column.process_bind_param(value, sqlite.dialect())
    assert stored == "12345678901234.0001"
    assert column.process_result_value(stored, sqlite.dialect()) == value
    assert column.process_bind_param(value, postgresql.dialect()) == value
    assert column.process_result_value(None, sqlite.dialect()) is None
