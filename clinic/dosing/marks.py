"""How a bottle is named wherever a dose is shown: the product, its strength and a mark.

Two strengths of one drug at one window (methadone 1 mg/mL and 0.5 mg/mL) pour the same-looking
liquid; poured from the wrong bottle the dose is doubled or halved. The panel, the window's table,
the daily log and the bottle labels therefore always say the strength, and each strength has a
mark of its own shape and colour, fixed by the strength so it never changes when a product is
added: the same strength looks the same at every window and on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clinic.numbers import plain


@dataclass(frozen=True)
class Mark:
    shape: str  # "circle", "square", "triangle", "diamond", "star", "down", "hexagon"
    glyph: str  # the shape as a character, for text
    colour: str  # "#rrggbb", dark enough for white text beside it and for a grey printer


# The strengths clinics stock (methadone solutions, buprenorphine tablets), each its own mark;
# the strengths that share a drug never share a shape or a colour.
MARKS: dict[Decimal, Mark] = {
    Decimal("1"): Mark("circle", "●", "#0b5cad"),
    Decimal("0.5"): Mark("square", "■", "#b34700"),
    Decimal("2"): Mark("triangle", "▲", "#6a1b9a"),
    Decimal("5"): Mark("diamond", "◆", "#00695c"),
    Decimal("10"): Mark("star", "★", "#8d3a00"),
    Decimal("0.2"): Mark("down", "▼", "#1b5e20"),
    Decimal("8"): Mark("hexagon", "⬢", "#37474f"),
}
OTHER = Mark("ring", "◎", "#424242")


def strength_mark(strength: Decimal) -> Mark:
    return MARKS.get(Decimal(strength), OTHER)


def strength_text(strength: Decimal, unit: str) -> str:
    """'1 mg/mL', '2 mg/片' (a tablet's strength is per tablet)."""
    per = "片" if unit == "tablet" else unit
    return f"{plain(Decimal(strength))} mg/{per}"


def bottle_name(product_name: str, strength: Decimal, unit: str) -> str:
    """The product as the nurse reads it on the bottle, with its strength even when the
    product's name leaves it out."""
    strength_part = strength_text(strength, unit)
    if strength_part in product_name or strength_part.replace(" ", "") in product_name:
        return product_name
    return f"{product_name} {strength_part}"
