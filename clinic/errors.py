"""Domain errors: each carries a message a nurse can read, in Chinese and English."""

from __future__ import annotations

import errno
import locale
import os
from collections.abc import Iterator
from contextlib import contextmanager

LANGUAGES = ("zh_CN", "en")
_language: str | None = None


def system_language() -> str:
    """zh_CN where the system locale is Chinese, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    loc = locale.getlocale()[0] or ""
    return "zh_CN" if loc.lower().startswith("zh") else "en"


def set_language(language: str | None) -> None:
    """Choose the language domain errors are shown in; None follows the system."""
    global _language
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _language = language


def current_language() -> str:
    return _language or system_language()


class ClinicError(Exception):
    """An error whose message is written for the person at the screen."""

    code = "error"

    def __init__(self, *, en: str, zh: str, **details: object) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh
        self.details = details

    def message(self, language: str | None = None) -> str:
        return self.zh if (language or current_language()) == "zh_CN" else self.en

    def __str__(self) -> str:
        return self.message()


class Cancelled(ClinicError):
    """The person pressed Cancel on long work: raised from its progress callback, so the work
    stops where it stands and its transaction (if any) rolls back; nothing half-written stays."""

    code = "cancelled"


class InvalidInput(ClinicError):
    code = "invalid_input"


class NotFound(ClinicError):
    code = "not_found"


class Conflict(ClinicError):
    code = "conflict"


class NeedsConfirmation(Conflict):
    """Allowed, but only when the user confirms what the message names (details say what)."""

    code = "needs_confirmation"


class PermissionDenied(ClinicError):
    code = "permission_denied"


class SessionRefused(PermissionDenied):
    """The session may not do this now: locked, ended, expired, or its password is temporary."""

    code = "session_refused"


class SessionLocked(SessionRefused):
    code = "session_locked"


class SessionEnded(SessionRefused):
    code = "session_ended"


class PasswordChangeRequired(SessionRefused):
    code = "password_change_required"


class AuthenticationFailed(ClinicError):
    code = "authentication_failed"


class AccountLocked(AuthenticationFailed):
    code = "account_locked"


class WitnessRejected(ClinicError):
    code = "witness_rejected"


class StorageError(ClinicError):
    code = "storage"


class Busy(StorageError):
    """Another window or workstation holds the write lock for longer than we wait."""

    code = "busy"


class ServerUnreachable(StorageError):
    """The PostgreSQL server cannot be reached (the link dropped, or the server is down): the
    action's transaction did not commit, so nothing of it was saved."""

    code = "server_unreachable"


class DiskFull(StorageError, OSError):
    """The disk (or the folder's quota) is full: what was being written was not kept. Also an
    OSError (ENOSPC, its strerror the readable message), so a screen that catches a failed file
    write as OSError catches this too."""

    code = "disk_full"

    def __init__(self, *, en: str, zh: str, **details: object) -> None:
        super().__init__(en=en, zh=zh, **details)
        self.errno = errno.ENOSPC
        self.strerror = self.message()


def disk_full_error(folder: object | None = None) -> DiskFull:
    """The disk holding FOLDER (the clinic database's, when None) is full; nothing was kept."""
    if folder is None:
        return DiskFull(
            en="The disk holding the clinic database is full: nothing was saved. Free some space "
            "on it, then try again.",
            zh="存放诊所数据库的磁盘已满：未保存任何内容。请先释放磁盘空间，然后重试。",
        )
    return DiskFull(
        en=f"The disk is full: nothing could be written to {folder}, and no partial file was "
        "left there. Free some space, or choose another folder, and try again.",
        zh=f"磁盘已满：无法写入 {folder}，也未留下不完整的文件。请释放空间或选择其他文件夹后重试。",
        folder=str(folder),
    )


# The errnos of a write refused for want of space: no space, a quota, a file-size limit.
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class KeyUnavailable(StorageError):
    code = "key_unavailable"


class WrongKeyOrDamaged(StorageError):
    code = "wrong_key_or_damaged"


class InsecureKeyring(StorageError):
    code = "insecure_keyring"


class BackupInvalid(StorageError):
    code = "backup_invalid"


class SchemaTooNew(StorageError):
    code = "schema_too_new"


class AuditChainBroken(ClinicError):
    """The audit trail fails its seal: nothing more is written onto it until it is examined."""

    code = "audit_chain_broken"


@contextmanager
def about(field: str) -> Iterator[None]:
    """Name the input FIELD in any domain error raised inside, so a form can put the cursor there."""
    try:
        yield
    except ClinicError as exc:
        exc.details.setdefault("field", field)
        raise
