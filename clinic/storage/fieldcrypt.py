"""Columns sealed by the application (AES-GCM), so a database dump shows none of them.

Every column that identifies a person or holds free text is sealed on both backends (on SQLCipher
the file is encrypted as well): names, ID numbers, birth dates, sex, diagnoses, notes and
reasons, consent recipients and scopes, card codes. A value is padded before sealing to a bucket
(16, 32, 64, 128, 256 bytes, then whole KiB), so a ciphertext's length tells little about the
value's. Where a lookup needs equality (ID number, card code) a keyed hash sits beside the value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import LargeBinary, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from clinic.errors import WrongKeyOrDamaged

FIELD_VERSION = b"\x01"  # unpadded: read only (values sealed before padding)
PADDED_VERSION = b"\x02"  # 4-byte length, value, zeros up to the bucket
BUCKETS = (16, 32, 64, 128, 256)
CIPHER_ATTR = "clinic_field_cipher"


class FieldCipher:
    """AES-GCM for one column value; the column's name is bound in as associated data."""

    def __init__(self, key: bytes, hash_key: bytes) -> None:
        self._aead = AESGCM(key)
        self._hash_key = hash_key

    def seal(self, plain: bytes, column: str) -> bytes:
        nonce = os.urandom(12)
        padded = pad(plain)
        return PADDED_VERSION + nonce + self._aead.encrypt(nonce, padded, column.encode())

    def open(self, sealed: bytes, column: str) -> bytes:
        version = sealed[:1]
        if version not in (FIELD_VERSION, PADDED_VERSION):
            raise _damaged(column)
        try:
            plain = self._aead.decrypt(sealed[1:13], sealed[13:], column.encode())
        except InvalidTag as exc:
            raise _damaged(column) from exc
        if version == FIELD_VERSION:
            return plain
        size = int.from_bytes(plain[:4], "big")
        if size > len(plain) - 4:
            raise _damaged(column)
        return plain[4 : 4 + size]

    def seal_text(self, value: str, column: str) -> str:
        """VALUE sealed for a text column: base64 of the padded ciphertext."""
        return base64.b64encode(self.seal(value.encode("utf-8"), column)).decode()

    def open_text(self, stored: str, column: str) -> str:
        return self.open(base64.b64decode(stored), column).decode("utf-8")

    def blind_index(self, value: str, purpose: str) -> str:
        """A keyed hash for exact-match lookups (e.g. duplicate ID numbers) without plaintext."""
        return hmac.new(
            self._hash_key, f"{purpose}\x00{value}".encode(), hashlib.sha256
        ).hexdigest()


def bucket(size: int) -> int:
    """The padded size for SIZE bytes: the smallest bucket that holds them."""
    for limit in BUCKETS:
        if size <= limit:
            return limit
    return -(-size // 1024) * 1024


def pad(plain: bytes) -> bytes:
    """PLAIN with its length in front and zeros behind, up to its bucket."""
    framed = len(plain).to_bytes(4, "big") + plain
    return framed + bytes(bucket(len(framed)) - len(framed))


def session_cipher(session: Session) -> FieldCipher:
    """The field cipher of the engine SESSION works on."""
    return _cipher(session.get_bind().dialect)


def _damaged(column: str) -> WrongKeyOrDamaged:
    return WrongKeyOrDamaged(
        en=f"An encrypted value ({column}) cannot be read with this computer's field key: the key "
        "is wrong or the data was altered.",
        zh=f"无法用本机字段密钥读取加密数据（{column}）：密钥错误或数据已被改动。",
    )


def attach_cipher(dialect: Dialect, cipher: FieldCipher) -> None:
    setattr(dialect, CIPHER_ATTR, cipher)


def _cipher(dialect: Dialect) -> FieldCipher:
    cipher: FieldCipher | None = getattr(dialect, CIPHER_ATTR, None)
    if cipher is None:
        raise RuntimeError("no field cipher attached to this engine")
    return cipher


class EncryptedText(TypeDecorator[str]):
    """Text stored as base64 AES-GCM ciphertext."""

    impl = Text
    cache_ok = True

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = column

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return _cipher(dialect).seal_text(value, self.column)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return _cipher(dialect).open_text(value, self.column)


class EncryptedDate(TypeDecorator[date]):
    """A date stored sealed, as EncryptedText of its ISO form (YYYY-MM-DD)."""

    impl = Text
    cache_ok = True

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = column

    def process_bind_param(self, value: date | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return _cipher(dialect).seal_text(value.isoformat(), self.column)

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        if value is None:
            return None
        return date.fromisoformat(_cipher(dialect).open_text(value, self.column))


class EncryptedBytes(TypeDecorator[bytes]):
    """Binary (photos, scans) stored as AES-GCM ciphertext."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = column

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        return _cipher(dialect).seal(bytes(value), self.column)

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        return _cipher(dialect).open(bytes(value), self.column)
