"""Kaplan–Meier against a hand computation: ties, censoring on an event day, the marks."""

from __future__ import annotations

from decimal import Decimal

from clinic.analytics.retention import Subject, kaplan_meier, percent, survival_at


def test_product_limit_with_ties_and_censoring() -> None:
    # Ten admissions. Ended on days 30, 30, 100, 200; censored on 30, 60, 150, 400, 400, 400.
    subjects = [Subject(30, True), Subject(30, True), Subject(100, True), Subject(200, True)]
    subjects += [Subject(d, False) for d in (30, 60, 150, 400, 400, 400)]
    steps = kaplan_meier(subjects)
    # Day 30: 10 at risk, 2 end (the one censored that day still counts at risk): 8/10.
    # Day 60: censored, 7 -> 6 at risk. Day 100: 6 at risk, 1 ends: 0.8 x 5/6 = 2/3.
    # Day 150: censored, 5 -> 4. Day 200: 4 at risk, 1 ends: 2/3 x 3/4 = 1/2.
    by_day = {s.day: (s.at_risk, s.ended, s.censored) for s in steps}
    assert by_day == {
        30: (10, 2, 1),
        60: (7, 0, 1),
        100: (6, 1, 0),
        150: (5, 0, 1),
        200: (4, 1, 0),
        400: (3, 0, 3),
    }
    assert survival_at(steps, 91, 400) == Decimal("0.8")
    assert percent(survival_at(steps, 182, 400)) == Decimal("66.7")
    assert survival_at(steps, 365, 400) == Decimal("0.5")
    assert survival_at(steps, 29, 400) == Decimal(1)
    # Nobody followed a year: the curve says nothing there.
    assert survival_at(kaplan_meier([Subject(100, False)]), 365, 100) is None


def test_everyone_ends_and_empty_cohort() -> None:
    steps = kaplan_meier([Subject(10, True), Subject(20, True)])
    assert [s.survival for s in steps] == [Decimal("0.5"), Decimal(0)]
    assert kaplan_meier([]) == []
