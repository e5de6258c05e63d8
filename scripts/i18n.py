"""Qt translations: `update` refreshes resources/i18n/*.ts from clinic/ui (lupdate); `build`
compiles them to .qm (lrelease). The program also builds a missing .qm when it starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")


def tool(name: str) -> str:
    """A Qt Linguist tool shipped inside the PySide6 package."""
    found = Path(PySide6.__file__).parent / name
    if not found.exists():
        sys.exit(f"{name} not found in {found.parent}; reinstall PySide6-Essentials")
    return str(found)


def update() -> None:
    sources = sorted(str(p) for p in (ROOT / "clinic" / "ui").glob("*.py"))
    for language in LANGUAGES:
        target = I18N / f"clinic_{language}.ts"
        subprocess.run(
            [
                tool("lupdate"),
                "-no-obsolete",
                "-locations",
                "none",
                "-target-language",
                language,
                *sources,
                "-ts",
                str(target),
            ],
            check=True,
        )


def build() -> None:
    for language in LANGUAGES:
        source = I18N / f"clinic_{language}.ts"
        subprocess.run(
            [tool("lrelease"), "-silent", str(source), "-qm", str(source.with_suffix(".qm"))],
            check=True,
        )


if __name__ == "__main__":
    commands = {"update": update, "build": build}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit("usage: i18n.py update|build")
    commands[sys.argv[1]]()
