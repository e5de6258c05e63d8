"""Identifier columns encrypted by the application (AES-GCM), so a database dump shows none."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import LargeBinary, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from clinic.errors import WrongKeyOrDamaged

FIELD_VERSION = b"\x01"
CIPHER_ATTR = "clinic_field_cipher"


class FieldCipher:
    """AES-GCM for one column value; the column's name is bound in as associated data."""

    def __init__(self, key: bytes, hash_key: bytes) -> None:
        self._aead = AESGCM(key)
        self._hash_key = hash_key

    def seal(self, plain: bytes, column: str) -> bytes:
        nonce = os.urandom(12)
        return FIELD_VERSION + nonce + self._aead.encrypt(nonce, plain, column.encode())

    def open(self, sealed: bytes, column: str) -> bytes:
        if sealed[:1] != FIELD_VERSION:
            raise _damaged(column)
        try:
            return self._aead.decrypt(sealed[1:13], sealed[13:], column.encode())
        except InvalidTag as exc:
            raise _damaged(column) from exc

    def blind_index(self, value: str, purpose: str) -> str:
        """A keyed hash for exact-match lookups (e.g. duplicate ID numbers) without plaintext."""
        return hmac.new(
            self._hash_key, f"{purpose}\x00{value}".encode(), hashlib.sha256
        ).hexdigest()


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
        return base64.b64encode(_cipher(dialect).seal(value.encode("utf-8"), self.column)).decode()

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return _cipher(dialect).open(base64.b64decode(value), self.column).decode("utf-8")


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
