"""How numbers and values read in messages, in English and Chinese: "1 tablet", "2 tablets",
a typed value in quotation marks a reader expects (“4o.25”), never a programming quote ('4o.25')."""

from __future__ import annotations


def plural(count: int | object, one: str, many: str) -> str:
    """ONE or MANY with %n replaced by COUNT: plural(1, "%n slot", "%n slots") is "1 slot".

    English takes ONE for exactly 1 (also "1.0"), MANY otherwise (0 slots, 2 slots, 0.5 mL).
    Chinese has no plural: both forms are the same translation.
    """
    text = str(count)
    try:
        single = float(text) == 1.0
    except ValueError:
        single = False
    return (one if single else many).replace("%n", text)


def quoted(value: object) -> str:
    """VALUE as typed, in curly quotation marks (“…”), as both languages write a quotation."""
    return f"\u201c{value}\u201d"
