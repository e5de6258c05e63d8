"""The core never imports Qt: only clinic/ui may."""

from __future__ import annotations

import ast
from pathlib import Path

import clinic

ROOT = Path(clinic.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_outside_ui() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "ui" in path.relative_to(ROOT).parts[:1]:
            continue
        if any(
            name.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
            for name in _imports(path)
        ):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_check_sees_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6.QtWidgets import QWidget\nimport os\n")
    assert "PySide6.QtWidgets" in _imports(sample)


def test_ui_opens_no_sessions() -> None:
    for path in (ROOT / "ui").rglob("*.py"):
        imported = _imports(path)
        assert not any(name.startswith(("sqlalchemy", "clinic.storage")) for name in imported), path
