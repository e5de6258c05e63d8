"""Kaplan–Meier retention: the share of a cohort still in treatment N days after admission.

Each episode of treatment is one subject: its time is the days from admission to the end of
treatment (an event) or to today (censored, still in treatment). Pure arithmetic, no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The survival curve is read at these marks: 3, 6 and 12 months, in days.
MARKS_DAYS = (91, 182, 365)


@dataclass(frozen=True)
class Subject:
    days: int
    ended: bool  # False: still in treatment at today (censored)


@dataclass(frozen=True)
class Step:
    """The curve after DAY: SURVIVAL of the cohort still in treatment, AT_RISK before the day."""

    day: int
    at_risk: int
    ended: int
    censored: int
    survival: Decimal


def kaplan_meier(subjects: Iterable[Subject]) -> list[Step]:
    """The product-limit estimate, one step per day on which anyone ended or was censored.
    A subject censored on day t is still at risk on day t (ends before censorings, by
    convention)."""
    ended: Counter[int] = Counter()
    censored: Counter[int] = Counter()
    total = 0
    for s in subjects:
        total += 1
        (ended if s.ended else censored)[s.days] += 1
    at_risk = total
    survival = Decimal(1)
    steps = []
    for day in sorted(set(ended) | set(censored)):
        d, c = ended[day], censored[day]
        if d:
            survival = survival * (Decimal(at_risk - d) / Decimal(at_risk))
        steps.append(Step(day, at_risk, d, c, survival))
        at_risk -= d + c
    return steps


def survival_at(steps: list[Step], day: int, followed: int) -> Decimal | None:
    """S(DAY) from STEPS; None when nobody in the cohort was followed that long (FOLLOWED is
    the longest time observed), since the curve says nothing past its last subject."""
    if followed < day:
        return None
    value = Decimal(1)
    for step in steps:
        if step.day > day:
            break
        value = step.survival
    return value


def percent(value: Decimal | None) -> Decimal | None:
    """A proportion as a percentage with one decimal."""
    if value is None:
        return None
    return (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
