"""The workstation's checkpoint file is written over in place after every commit: a shorter
record never leaves the end of a longer one behind, the file stays owner-only, and a record
that is not whole reads as no checkpoint (audit verify reports it), never as a wrong one."""

from __future__ import annotations

import stat
from pathlib import Path

from clinic.privacy.checkpoint import SECTOR, WorkstationCheckpoint

KEY = bytes(range(32))


def test_shorter_records_replace_longer_ones_whole(tmp_path: Path) -> None:
    kept = WorkstationCheckpoint(tmp_path, KEY, "clinic-1", "window-1 " + "x" * 100)
    kept.reset(123_456_789, "a" * 64)
    assert kept.path.stat().st_size == SECTOR
    kept.reset(7, "b" * 64)  # fewer digits: a shorter record over a longer one
    again = WorkstationCheckpoint(tmp_path, KEY, "clinic-1", "window-1")
    assert again.kept() == (7, "b" * 64)
    assert stat.S_IMODE(kept.path.stat().st_mode) == 0o600
    kept.saw(6, "c" * 64)  # older than what is kept: nothing written
    assert WorkstationCheckpoint(tmp_path, KEY, "clinic-1", "w").kept() == (7, "b" * 64)
    kept.saw(8, "d" * 64)
    assert WorkstationCheckpoint(tmp_path, KEY, "clinic-1", "w").kept() == (8, "d" * 64)


def test_a_torn_record_reads_as_none(tmp_path: Path) -> None:
    kept = WorkstationCheckpoint(tmp_path, KEY, "clinic-1", "window-1")
    kept.reset(42, "e" * 64)
    data = kept.path.read_bytes()
    kept.path.write_bytes(data[:100] + b" " * (len(data) - 100))  # a write cut short
    assert WorkstationCheckpoint(tmp_path, KEY, "clinic-1", "window-1").kept() is None
    kept.path.write_bytes(data.replace(b'"seq": 42', b'"seq": 43'))  # or altered
    assert WorkstationCheckpoint(tmp_path, KEY, "clinic-1", "window-1").kept() is None
