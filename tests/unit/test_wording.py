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


def test_amounts_read_as_people_write_them() -> None:
    from clinic.dosing.units import Amount

    one, three = Amount(Decimal(1), "tablet", Decimal(2)), Amount(Decimal(3), "tablet", Decimal(2))
    assert one.text("en") == "1 tablet × 2 mg"
    assert three.text("en") == "3 tablets × 2 mg"
    assert one.text("zh_CN") == "1 片 × 2 mg"
    assert one.text("both") == "1 片 tablet × 2 mg"
    assert Amount(Decimal("60.0"), "mL", Decimal(1)).text("en") == "60 mL"


def test_a_quantity_on_screen_takes_its_unit_in_the_right_number(qapp) -> None:  # type: ignore[no-untyped-def]
    from clinic.ui.i18n import languages
    from clinic.ui.stock_common import quantity_text, signed_text, unit_name

    languages.apply("en")
    assert quantity_text(Decimal(1), "tablet") == "1 tablet"
    assert quantity_text(Decimal(2), "tablet") == "2 tablets"
    assert signed_text(Decimal(-1), "tablet") == "-1 tablet"
    assert unit_name("tablet") == "tablets"  # a column or field label
    languages.apply("zh_CN")
    try:
        assert quantity_text(Decimal(1), "tablet") == "1 片"
    finally:
        languages.apply("en")
