"""The PySide6 interface.

PySide6 6.12.0 on CPython 3.11 returns None from every void method (painter.save(), setText(),
processEvents()…) without taking a reference to it, so each call takes one reference from None;
after some tens of thousands of calls (a printed register, a busy loop, a long day at the window)
None's count reaches zero and CPython aborts ("none_dealloc: deallocating None"). CPython 3.12
made None immortal, which is why the bug only bites here. We do what 3.12 does, once, before any
Qt call: give None a reference count no program can spend. Remove when PySide6 is fixed or the
project moves to Python 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
