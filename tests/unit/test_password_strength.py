"""A new password is long enough and not common or guessable; old ones still verify."""

from __future__ import annotations

import pytest

from clinic.errors import InvalidInput
from clinic.privacy import passwords


@pytest.mark.parametrize(
    "weak",
    [
        "12345678",
        "password",
        "nurse123",
        "clinic2026!",
        "passwordpassword",
        "qwertyuiop",
        "1234567890",
    ],
)
def test_common_and_guessable_passwords_are_refused(weak: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        passwords.check_new_password(weak)
    assert refused.value.en and refused.value.zh and refused.value.en != refused.value.zh


def test_nine_characters_are_too_few() -> None:
    with pytest.raises(InvalidInput) as refused:
        passwords.check_new_password("xk9-vq2#m")
    assert "10" in refused.value.en and "10" in refused.value.zh
    for good in ("xk9-vq2#mz", "nurse1-pass-1", "admin-pass-1", "Methadone-Window-7"):
        passwords.check_new_password(good)  # the suite's and the demo's kind pass


def test_the_users_own_name_does_not_make_a_password() -> None:
    with pytest.raises(InvalidInput):
        passwords.check_new_password("wanglihua88", personal=("wanglh", "Wang Lihua"))
    passwords.check_new_password("wanglihua88-orbit-tea")


def test_a_password_kept_under_the_old_rule_still_verifies() -> None:
    # hashing (a rehash at login) no longer applies the new-password rule
    stored = passwords.hash_password("abc1234")  # too short even under the old rule
    assert passwords.verify_password(stored, "abc1234")
