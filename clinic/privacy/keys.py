"""The clinic's secret keys: where they live (OS keyring, or a demo file) and their wrapped backups."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from clinic.errors import ClinicError, InsecureKeyring, InvalidInput, KeyUnavailable
from clinic.fileio import write_private
from clinic.privacy.secret_service import SecretServiceKeyring, keyring_turn

KEY_BYTES = 32
KEYRING_SERVICE_PREFIX = "clinic"
KEY_FILE_FORMAT = "clinic-keys"
KEY_FILE_VERSION = 1


@dataclass(frozen=True)
class ClinicKeys:
    """database: SQLCipher raw key (embedded mode); field: identifier columns; audit: hash chain."""

    database: bytes | None
    field: bytes
    audit: bytes

    @classmethod
    def generate(cls, *, embedded: bool) -> ClinicKeys:
        return cls(
            database=secrets.token_bytes(KEY_BYTES) if embedded else None,
            field=secrets.token_bytes(KEY_BYTES),
            audit=secrets.token_bytes(KEY_BYTES),
        )

    def derive(self, purpose: str) -> bytes:
        """A subkey of the field key for one purpose (keyed hashes, backups)."""
        hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode())
        return hkdf.derive(self.field)

    def to_json(self) -> dict[str, str | None]:
        return {
            "database": self.database.hex() if self.database else None,
            "field": self.field.hex(),
            "audit": self.audit.hex(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClinicKeys:
        try:
            database = bytes.fromhex(data["database"]) if data.get("database") else None
            keys = cls(database, bytes.fromhex(data["field"]), bytes.fromhex(data["audit"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyUnavailable(
                en="The stored keys are malformed. Restore them from the key backup "
                "(clinic-admin key restore FILE).",
                zh="存储的密钥格式错误。请从密钥备份恢复（clinic-admin key restore 文件）。",
            ) from exc
        for key in (keys.database, keys.field, keys.audit):
            if key is not None and len(key) != KEY_BYTES:
                raise KeyUnavailable(
                    en="A stored key has the wrong length. Restore the key backup.",
                    zh="存储的密钥长度错误。请恢复密钥备份。",
                )
        return keys


class KeyStore(Protocol):
    """Where one clinic's keys are kept on this computer."""

    demo: bool

    def load(self, clinic_id: str) -> ClinicKeys: ...

    def save(self, clinic_id: str, keys: ClinicKeys) -> None: ...

    def delete(self, clinic_id: str) -> None: ...

    def describe(self) -> str: ...


INSECURE_BACKENDS = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",
    "keyrings.alt.Gnome.Keyring",
}

NO_KEYRING_HELP_EN = (
    "No secure OS keyring is available, so a real clinic cannot be created or opened: its keys "
    "must never be stored in a plain file. On Linux install and unlock a Secret Service keyring "
    "(e.g. gnome-keyring or KWallet, inside a desktop session with D-Bus); on Windows and macOS the "
    "system keyring is used automatically. A demo clinic with fictional data works without one."
)
NO_KEYRING_HELP_ZH = (
    "没有可用的安全系统密钥环，无法创建或打开正式诊所：密钥绝不能以明文文件保存。"
    "Linux 请安装并解锁 Secret Service 密钥环（如 gnome-keyring 或 KWallet，需在带 D-Bus 的桌面会话中）；"
    "Windows 和 macOS 会自动使用系统密钥环。演示诊所（虚构数据）无需密钥环即可使用。"
)


SECRET_SERVICE = "keyring.backends.SecretService.Keyring"


def _backend_names(backend: Any) -> list[str]:
    cls = type(backend)
    name = f"{cls.__module__}.{cls.__qualname__}"
    if name == "keyring.backends.chainer.ChainerBackend":
        return [n for b in backend.backends for n in _backend_names(b)]
    return [name]


def secure_keyring_backend() -> Any | None:
    """The keyring backend if it is a secure one, else None."""
    import keyring

    with keyring_turn():  # the first call asks the keyring service which collections it has
        backend = keyring.get_keyring()
    names = _backend_names(backend)
    if not names or all(name in INSECURE_BACKENDS for name in names):
        return None
    return backend


class OsKeyringStore:
    """Keys in the operating system's keyring (Secret Service, Keychain, Credential Manager)."""

    demo = False

    def __init__(self) -> None:
        backend = secure_keyring_backend()
        if backend is None:
            raise InsecureKeyring(en=NO_KEYRING_HELP_EN, zh=NO_KEYRING_HELP_ZH)
        if _backend_names(backend)[0] == SECRET_SERVICE:
            backend = SecretServiceKeyring()  # one connection, one call at a time (its module)
        self._backend = backend

    @staticmethod
    def _service(clinic_id: str) -> str:
        return f"{KEYRING_SERVICE_PREFIX}/{clinic_id}"

    def load(self, clinic_id: str) -> ClinicKeys:
        try:
            stored = self._backend.get_password(self._service(clinic_id), "keys")
        except Exception as exc:  # keyring backends raise their own types (locked, D-Bus errors)
            raise KeyUnavailable(
                en=f"The OS keyring could not be read ({exc}). Unlock it and try again.",
                zh=f"无法读取系统密钥环（{exc}）。请解锁后重试。",
            ) from exc
        if stored is None:
            raise KeyUnavailable(
                en=f"This computer's keyring holds no key for clinic {clinic_id}. Restore it from "
                "the key backup: clinic-admin key restore FILE. The database was not changed.",
                zh=f"本机密钥环中没有诊所 {clinic_id} 的密钥。请从密钥备份恢复："
                "clinic-admin key restore 文件。数据库未被改动。",
            )
        return ClinicKeys.from_json(json.loads(stored))

    def save(self, clinic_id: str, keys: ClinicKeys) -> None:
        self._backend.set_password(self._service(clinic_id), "keys", json.dumps(keys.to_json()))

    def delete(self, clinic_id: str) -> None:
        import keyring.errors

        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(self._service(clinic_id), "keys")

    def describe(self) -> str:
        if isinstance(self._backend, SecretServiceKeyring):
            return "OS keyring (Secret Service)"
        return f"OS keyring ({type(self._backend).__module__})"


class DemoKeyFile:
    """A demo clinic's keys in a file beside its folder: fictional data only."""

    demo = True

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, clinic_id: str) -> ClinicKeys:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError as exc:
            raise KeyUnavailable(
                en=f"The demo clinic's key file {self.path} is missing. Create the demo again "
                "with clinic-admin demo --force.",
                zh=f"演示诊所的密钥文件 {self.path} 不存在。请用 clinic-admin demo --force 重新创建。",
            ) from exc
        except (OSError, ValueError) as exc:
            raise KeyUnavailable(
                en=f"The demo clinic's key file {self.path} cannot be read.",
                zh=f"无法读取演示诊所的密钥文件 {self.path}。",
            ) from exc
        if data.get("clinic_id") != clinic_id:
            raise KeyUnavailable(
                en="The demo key file belongs to another clinic.",
                zh="该演示密钥文件属于另一家诊所。",
            )
        return ClinicKeys.from_json(data["keys"])

    def save(self, clinic_id: str, keys: ClinicKeys) -> None:
        payload = {"DEMO": "fictional data only", "clinic_id": clinic_id, "keys": keys.to_json()}
        write_private(self.path, json.dumps(payload, indent=2).encode())

    def delete(self, clinic_id: str) -> None:
        self.path.unlink(missing_ok=True)

    def describe(self) -> str:
        return f"DEMO key file {self.path}"


# --- passphrase-wrapped key files (key backup, key export) -----------------------------------

MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class WrapCost:
    """The argon2id parameters that turn a passphrase into the key-wrapping key."""

    time_cost: int
    memory_kib: int
    lanes: int


PRODUCTION_WRAP_COST = WrapCost(time_cost=3, memory_kib=64 * 1024, lanes=2)
_wrap_cost = PRODUCTION_WRAP_COST


def use_wrap_cost(cost: WrapCost) -> None:
    """Change the cost of new key files (the test suite uses a cheaper one; the app never does)."""
    global _wrap_cost
    _wrap_cost = cost


def _kek(passphrase: str, salt: bytes, time_cost: int, memory_kib: int, lanes: int) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=lanes,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            en=f"The recovery passphrase must have at least {MIN_PASSPHRASE} characters.",
            zh=f"恢复口令至少需要 {MIN_PASSPHRASE} 个字符。",
        )


def seal_with_passphrase(header: dict[str, Any], plain: bytes, passphrase: str) -> bytes:
    """PLAIN sealed with a passphrase (argon2id at the wrap cost + AES-GCM), as a JSON document:
    HEADER (format, version, ...) in the clear and authenticated, the ciphertext beside it."""
    cost = _wrap_cost
    salt = os.urandom(16)
    nonce = os.urandom(12)
    header = dict(
        header,
        kdf={
            "name": "argon2id",
            "time_cost": cost.time_cost,
            "memory_kib": cost.memory_kib,
            "lanes": cost.lanes,
            "salt": base64.b64encode(salt).decode(),
        },
        nonce=base64.b64encode(nonce).decode(),
    )
    kek = _kek(passphrase, salt, cost.time_cost, cost.memory_kib, cost.lanes)
    aad = json.dumps(header, sort_keys=True).encode()
    sealed = AESGCM(kek).encrypt(nonce, plain, aad)
    document = dict(header, ciphertext=base64.b64encode(sealed).decode())
    return json.dumps(document, indent=2).encode()


def open_sealed(
    data: bytes | str,
    passphrase: str,
    *,
    file_format: str,
    version: int,
    bad_file: ClinicError,
    wrong_passphrase: ClinicError,
) -> tuple[dict[str, Any], bytes]:
    """The clear header and the plain content of a document `seal_with_passphrase` wrote;
    BAD_FILE if it is not one of FILE_FORMAT, WRONG_PASSPHRASE if it does not open."""
    try:
        document = json.loads(data)
        if document.get("format") != file_format or document.get("version") != version:
            raise bad_file
        header = {k: v for k, v in document.items() if k != "ciphertext"}
        kdf = document["kdf"]
        if kdf["name"] != "argon2id":
            raise bad_file
        time_cost, memory_kib, lanes = (
            int(kdf["time_cost"]),
            int(kdf["memory_kib"]),
            int(kdf["lanes"]),
        )
        # A crafted file must not make us spend gigabytes or hours before the tag is checked.
        if not (
            1 <= time_cost <= 20 and 8 * 1024 <= memory_kib <= 1024 * 1024 and 1 <= lanes <= 16
        ):
            raise bad_file
        kek = _kek(passphrase, base64.b64decode(kdf["salt"]), time_cost, memory_kib, lanes)
        nonce = base64.b64decode(document["nonce"])
        sealed = base64.b64decode(document["ciphertext"])
    except (ValueError, KeyError, TypeError, AttributeError, HashingError) as exc:
        # AttributeError: JSON that is not an object; HashingError: impossible KDF parameters.
        raise bad_file from exc
    try:
        plain = AESGCM(kek).decrypt(nonce, sealed, json.dumps(header, sort_keys=True).encode())
    except (InvalidTag, ValueError) as exc:  # ValueError: a nonce of the wrong length
        raise wrong_passphrase from exc
    return header, plain


def wrap_keys(clinic_id: str, keys: ClinicKeys, passphrase: str) -> bytes:
    """The keys sealed with a passphrase (argon2id + AES-GCM), as a versioned JSON document."""
    check_passphrase(passphrase)
    header = {"format": KEY_FILE_FORMAT, "version": KEY_FILE_VERSION, "clinic_id": clinic_id}
    return seal_with_passphrase(header, json.dumps(keys.to_json()).encode(), passphrase)


def unwrap_keys(data: bytes, passphrase: str) -> tuple[str, ClinicKeys]:
    """The clinic id and keys from a wrapped key file; a wrong passphrase or damage is refused."""
    header, plain = open_sealed(
        data,
        passphrase,
        file_format=KEY_FILE_FORMAT,
        version=KEY_FILE_VERSION,
        bad_file=InvalidInput(
            en="This is not a readable clinic key file (damaged or of another kind).",
            zh="这不是可读取的诊所密钥文件（已损坏或类型不符）。",
        ),
        wrong_passphrase=InvalidInput(
            en="Wrong recovery passphrase, or the key file was altered. Nothing was changed.",
            zh="恢复口令错误，或密钥文件已被改动。未作任何更改。",
        ),
    )
    return str(header["clinic_id"]), ClinicKeys.from_json(json.loads(plain))


# --- the clinic's signing key (transfer summaries) ---------------------------------------------

SIGNING_PURPOSE = "transfer-signing-ed25519"


def signing_key(keys: ClinicKeys) -> Ed25519PrivateKey:
    """The clinic's Ed25519 signing key, derived from its field key with HKDF: it lives where
    the field key lives (the OS keyring, every workstation of a server-mode clinic) and is in
    every key backup, without a second secret to keep (docs/transfer.md says why)."""
    return Ed25519PrivateKey.from_private_bytes(keys.derive(SIGNING_PURPOSE))


def public_key_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key: bytes) -> str:
    """A public key's fingerprint as people compare it: SHA-256, first 16 bytes, in groups of 4."""
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))
