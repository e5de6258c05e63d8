"""Plurals and quoted values as people write them (no "(s)", no Python quotes)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clinic.wording import plural, quoted


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 tablets"),
        (1, "1 tablet"),
        (2, "2 tablets"),
        (Decimal("1"), "1 tablet"),
        (Decimal("1.0"), "1.0 tablet"),
        (Decimal("0.5"), "0.5 tablets"),
        (11, "11 tablets"),
        (-1, "-1 tablets"),
    ],
)
def test_plural_chooses_the_english_form(count: object, expected: str) -> None:
    assert plural(count, "%n tablet", "%n tablets") == expected


def test_plural_keeps_a_chinese_form_and_the_text_around_the_number() -> None:
    assert plural(1, "%n 片", "%n 片") == "1 片"
    assert plural(3, "(1 of %n slot)", "(1 of %n slots)") == "(1 of 3 slots)"
    assert plural(1, "(1 of %n slot)", "(1 of %n slots)") == "(1 of 1 slot)"


def test_quoted_uses_quotation_marks_not_repr() -> None:
    assert quoted("4o.25") == "\u201c4o.25\u201d"
    assert quoted("it's") == "\u201cit's\u201d"  # repr would have switched to double quotes
    assert "'" not in quoted("x")
