"""One meaning per colour across the app: the stylesheet and the dosing window use only the
shared palette (green done, amber warning, red refused) besides neutral greys and blues."""

from __future__ import annotations

import re
from pathlib import Path

from clinic.ui.common import TONES
from clinic.ui.dosing_page import STYLE

QSS = Path(__file__).resolve().parents[2] / "resources" / "style.qss"
NEUTRAL = {
    "#ffffff", "#c8c8c8", "#333333", "#0b3d91", "#eeeeee", "#cccccc",  # dosing panel
    "#1f5f99", "#263238", "#5f6368", "#c5cad0", "#eef1f4", "#f7f8fa",  # navigation, muted
}  # fmt: skip


def colours(text: str) -> set[str]:
    return {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}", text)}


def test_every_colour_is_the_palette_or_neutral() -> None:
    palette = {c for tone in TONES.values() for c in (tone.text, tone.background, tone.border)}
    used = colours(QSS.read_text("utf-8")) | colours(STYLE)
    assert used - palette - NEUTRAL == set()
    # the dosing window's done, warning and refused boxes are the palette's
    for name, tone in (
        ("doseResult", "done"),
        ("doseWarnings", "warning"),
        ("doseRefusal", "refused"),
    ):
        rule = re.search(r"#" + name + r" \{([^}]*)\}", STYLE)
        assert rule is not None and TONES[tone].text in rule.group(1)
