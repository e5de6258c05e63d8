"""The backup writer never makes a block its reader refuses, at any size around a block boundary."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pytest

from clinic.storage.backup import CHUNK, MAGIC, TAG, read_stream, start_stream

KEY = bytes(range(32))


def _round_trip(tmp_path: Path, lines: list[bytes], *, block: int = CHUNK) -> list[int]:
    """Write LINES with the real writer, read them back with the real reader; the block sizes."""
    out = io.BytesIO()
    sealer = start_stream(out, KEY, clinic_id="c-1", block=block)
    for line in lines:
        sealer.write(line + b"\n")
    sealer.close()
    path = tmp_path / "stream.clinicbak"
    path.write_bytes(out.getvalue())
    assert list(read_stream(path, KEY)) == lines
    return _block_sizes(out.getvalue())


def _block_sizes(data: bytes) -> list[int]:
    at = len(MAGIC) + 5 + struct.unpack(">I", data[len(MAGIC) + 1 : len(MAGIC) + 5])[0]
    sizes = []
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        sizes.append(size - TAG)
        at += 4 + 12 + size
    return sizes


def _incompressible(rng: random.Random, n: int) -> bytes:
    return bytes(b if b != 0x0A else 0x0B for b in rng.randbytes(n))


def test_every_size_across_many_small_blocks(tmp_path: Path) -> None:
    rng = random.Random(7)
    block = 256
    for n in range(0, 4 * block + 50, 3):
        sizes = _round_trip(tmp_path, [_incompressible(rng, n)], block=block)
        assert max(sizes) <= block
        assert all(size == block for size in sizes[:-1])


@pytest.mark.parametrize("blocks", [1, 2, 3])
def test_sizes_around_each_mebibyte_boundary(tmp_path: Path, blocks: int) -> None:
    """Compressed sizes of BLOCKS MiB plus or minus a few bytes, and a compressor flush's worth."""
    rng = random.Random(blocks)
    data = _incompressible(rng, blocks * CHUNK + 70_000)
    boundary = blocks * CHUNK
    compressor = zlib.compressobj(6)
    # Line end included: the stream is line-terminated; incompressible data compresses ~1:1.
    slope = len(compressor.compress(data[:boundary] + b"\n") + compressor.flush()) - boundary
    remainders = set()
    for delta in (-4096, -65, -16, -1, 0, 1, 16, 48, 49, 4096, 30_000):
        n = boundary + delta - slope
        sizes = _round_trip(tmp_path, [data[:n]])
        assert max(sizes) <= CHUNK, (delta, sizes)
        assert all(size == CHUNK for size in sizes[:-1])
        remainders.add(sum(sizes) - boundary)
    assert min(remainders) < 0 < max(remainders)
