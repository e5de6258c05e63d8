"""Password hashing with argon2id and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from clinic.errors import InvalidInput

MIN_PASSWORD = 8


class _Hashing:
    """argon2id with the library's recommended parameters (time 3, 64 MiB, 4 lanes)."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self.hasher = hasher
        # Compared against when the user name does not exist, so timing reveals no names.
        self.dummy = hasher.hash("not-a-real-password-used-for-timing")


_hashing = _Hashing(PasswordHasher())


def use_cost(*, time_cost: int, memory_kib: int, parallelism: int) -> None:
    """Change the hashing cost (the test suite runs with a cheaper one; the app never calls this)."""
    global _hashing
    _hashing = _Hashing(
        PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
    )


def hash_password(password: str) -> str:
    check_new_password(password)
    return _hashing.hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hashing.hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def verify_unknown_user(password: str) -> None:
    """Spend the time a real check would, for a user name that does not exist."""
    verify_password(_hashing.dummy, password)


def needs_rehash(stored_hash: str) -> bool:
    return _hashing.hasher.check_needs_rehash(stored_hash)


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            en=f"A password needs at least {MIN_PASSWORD} characters.",
            zh=f"密码至少需要 {MIN_PASSWORD} 个字符。",
        )
    if password.strip() != password:
        raise InvalidInput(
            en="A password cannot begin or end with a space.",
            zh="密码首尾不能有空格。",
        )
