"""The batch file's checksum is one SHA-256 over its files in their names' order; the export
feeds it file by file as the renderers finish, in whatever order they finish."""

from __future__ import annotations

import hashlib
import itertools

import pytest

from clinic.insurance.exports import SortedDigest, batch_checksum

FILES = {
    "B-2026-11-RESIDENT-01.xlsx": b"PK\x03\x04 workbook",
    "B-2026-11-RESIDENT-01.csv": b"\xef\xbb\xbfchrg_bchno,feedetl_sn\r\n",
    "B-2026-11-RESIDENT-01.json": b'{"infno":"2204"}',
    "B-2026-11-RESIDENT-01.pdf": b"%PDF-1.4 " + bytes(range(256)) * 64,
}


def reference(files: dict[str, bytes]) -> str:
    """The checksum as the manifest has always defined it."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    return digest.hexdigest()


def test_every_arrival_order_gives_the_checksum_of_the_sorted_files() -> None:
    expected = reference(FILES)
    assert batch_checksum(FILES) == expected
    for order in itertools.permutations(FILES):
        digest = SortedDigest(FILES)
        for name in order:
            digest.add(name, FILES[name])
        assert digest.hexdigest() == expected, order
    changed = {**FILES, "B-2026-11-RESIDENT-01.json": b'{"infno":"2205"}'}
    assert batch_checksum(changed) != expected


def test_an_unexpected_repeated_or_missing_file_is_refused() -> None:
    digest = SortedDigest(FILES)
    with pytest.raises(ValueError, match="not expected"):
        digest.add("B-2026-11-RESIDENT-01.zip", b"")
    digest.add("B-2026-11-RESIDENT-01.xlsx", b"one")
    with pytest.raises(ValueError, match="given twice"):
        digest.add("B-2026-11-RESIDENT-01.xlsx", b"two")
    digest.add("B-2026-11-RESIDENT-01.csv", b"")  # hashed at once: the first by name
    with pytest.raises(ValueError, match="given twice"):
        digest.add("B-2026-11-RESIDENT-01.csv", b"")
    with pytest.raises(ValueError, match="not given"):
        digest.hexdigest()
