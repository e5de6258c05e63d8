"""Password hashing with argon2id and the rules a new password must meet."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

from clinic.errors import InvalidInput

MIN_PASSWORD = 10
# zxcvbn's score: 3 is "safely unguessable: moderate protection from offline slow-hash attacks".
MIN_STRENGTH = 3
# Words anyone guessing a password at this clinic would try first.
CLINIC_WORDS = ("clinic", "methadone", "nurse", "doctor", "pharmacist", "dose", "dosing", "admin")
# zxcvbn's time grows with length; nothing past this many characters changes the verdict.
STRENGTH_CHECKED_CHARS = 64


# argon2id as the library recommends (RFC 9106's second choice): 3 passes over 64 MiB, 4 lanes.
PRODUCTION_COST = {"time_cost": 3, "memory_kib": 64 * 1024, "parallelism": 4}


class _Hashing:
    """An argon2id hasher and a dummy hash of the same cost."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self.hasher = hasher

    @functools.cached_property
    def dummy(self) -> str:
        """Compared against when the user name does not exist, so timing reveals no names."""
        return self.hasher.hash("not-a-real-password-used-for-timing")


_hashing = _Hashing(
    PasswordHasher(
        time_cost=PRODUCTION_COST["time_cost"],
        memory_cost=PRODUCTION_COST["memory_kib"],
        parallelism=PRODUCTION_COST["parallelism"],
    )
)


def use_cost(*, time_cost: int, memory_kib: int, parallelism: int) -> None:
    """Change the hashing cost (the test suite runs with a cheaper one; the app never calls this)."""
    global _hashing
    _hashing = _Hashing(
        PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
    )


def hash_password(password: str) -> str:
    """The argon2id hash of PASSWORD (the rules for a new one are check_new_password's)."""
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


def _guessable_words(personal: Iterable[str]) -> list[str]:
    """A name as it may appear in a password: whole, run together, and each of its parts."""
    words: list[str] = []
    for text in personal:
        parts = text.lower().replace(".", " ").replace("_", " ").replace("-", " ").split()
        words += ["".join(parts), *parts]
    return [w for w in words if w]


def check_new_password(password: str, *, personal: Iterable[str] = ()) -> None:
    """Refuse a password that is short, padded, common or guessable from PERSONAL words."""
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
    words = [*CLINIC_WORDS, *_guessable_words(personal)]
    if zxcvbn(password[:STRENGTH_CHECKED_CHARS], user_inputs=words)["score"] < MIN_STRENGTH:
        raise InvalidInput(
            en="This password is too easy to guess: it is common, or built from a word, a name, "
            "a date or a keyboard pattern. Use a longer phrase of unrelated words.",
            zh="该密码太容易被猜到：它很常见，或由单词、姓名、日期或键盘顺序组成。"
            "请使用由几个不相关的词组成的更长的密码。",
        )
