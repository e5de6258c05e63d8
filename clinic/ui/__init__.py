"""The PySide6 interface (PySide6 kept below 6.12: see tests/unit/test_qt_binding.py)."""
