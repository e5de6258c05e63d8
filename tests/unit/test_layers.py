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


# The stock records: written only by the stock services, and a dose's stock only by dispense.py.
STOCK_ROWS = {
    "StockMovement",
    "StockBalance",
    "Lot",
    "Receipt",
    "Transfer",
    "TransferReceipt",
    "DestructionApplication",
    "Destruction",
    "Incident",
    "StockCount",
    "VarianceSignoff",
    "DayClose",
}
# Besides the stock services, the generator of fictional DEMO history (clinic-admin generate, the
# benchmarks' clinics) writes years of movements in bulk into a new clinic of its own.
STOCK_WRITERS = {ROOT / "inventory", ROOT / "dosing" / "dispense.py", ROOT / "generate"}


def _stock_writes(path: Path) -> list[str]:
    """Where PATH posts to the ledger or makes one of the stock models' rows."""
    tree = ast.parse(path.read_text("utf-8"))
    models = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "clinic.storage.models"
        for alias in node.names
        if alias.name in STOCK_ROWS
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            called = f"{func.value.id}.{func.attr}"
            if called == "ledger.post" or (func.value.id == "models" and func.attr in STOCK_ROWS):
                found.append(f"{path.name}:{node.lineno} {called}")
        elif isinstance(func, ast.Name) and func.id in models:
            found.append(f"{path.name}:{node.lineno} {func.id}")
    return found


def test_only_the_stock_services_write_stock() -> None:
    writes = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or any(path.is_relative_to(w) for w in STOCK_WRITERS):
            continue
        writes += _stock_writes(path)
    assert writes == []


def test_the_stock_check_sees_a_ledger_post_and_a_stock_row(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text(
        "from clinic.inventory import ledger\n"
        "from clinic.storage.models import StockMovement\n"
        "from clinic.insurance.patient_fees import Receipt\n"
        "def f(s, lot):\n"
        "    ledger.post(s, kind='issue')\n"
        "    s.add(StockMovement(kind='issue'))\n"
        "    return Receipt()  # a payment receipt, not a stock receipt\n"
    )
    assert [line.split(" ", 1)[1] for line in _stock_writes(sample)] == [
        "ledger.post",
        "StockMovement",
    ]
