"""What every screenshot script shares: where the pictures go, letting Qt draw, saving one."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def settle(application: QApplication) -> None:
    for _ in range(5):
        application.processEvents()


def save(widget: QWidget, name: str) -> None:
    target = OUT / f"{name}.png"
    if not widget.grab().save(str(target)):
        sys.exit(f"could not write {target}")
    print(target.relative_to(OUT.parent.parent))
