"""Which warning a consent's expiry has crossed: 7, 14 or 30 days ahead, at every bound."""

from __future__ import annotations

import pytest

from clinic.patients.consent import expiry_warning


@pytest.mark.parametrize(
    ("days_left", "within"),
    [(-1, None), (0, 7), (7, 7), (8, 14), (14, 14), (15, 30), (30, 30), (31, None)],
)
def test_the_nearest_warning_crossed(days_left: int, within: int | None) -> None:
    assert expiry_warning(days_left) == within
