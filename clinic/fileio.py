"""Sensitive files: written atomically, owner-only, fsynced before they replace the old one; a
full disk is a readable DiskFull and leaves no partial file."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyzipper

from clinic.errors import NO_SPACE, DiskFull, disk_full_error


@contextlib.contextmanager
def atomic_writer(
    path: Path, *, check: Callable[[Path], None] | None = None, sync_folder: bool = True
) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces PATH only once fully written, synced and, if CHECK is
    given, passed by CHECK (called with the written file; it raises to refuse it). SYNC_FOLDER
    False: the rename itself may be lost in a power cut, leaving the old file whole (for a
    file rewritten on every commit whose older version is still valid, like the audit
    checkpoint)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        if exc.errno in NO_SPACE:
            raise disk_full_error(path.parent) from exc
        raise
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(tmp)
        os.replace(tmp, path)
        if sync_folder:
            _fsync_dir(path.parent)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, DiskFull) and exc.errno in NO_SPACE:
            # The half-written temporary file is gone; what was at PATH before is untouched.
            raise disk_full_error(path.parent) from exc
        raise


def overwrite_unsynced(path: Path, data: bytes) -> None:
    """Write DATA over the start of PATH (owner-only, made if missing) in one write, without
    waiting for the disk: for a small file rewritten after every commit whose previous version
    stays valid (the workstation's audit checkpoint), where a temporary file and a rename for
    each commit would cost more than the commit's own statements. One write of a sector or less
    is whole or absent in a crash; the caller pads DATA to a fixed length, so a shorter record
    never leaves the end of a longer one behind."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.pwrite(fd, data, 0)
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno in NO_SPACE:
            raise disk_full_error(path.parent) from exc
        raise


def write_private(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    with atomic_writer(path, sync_folder=sync_folder) as handle:
        handle.write(data)


class AESZip:
    """An AES-256 zip sealed with PASSPHRASE, built in memory entry by entry (each compressed
    and sealed as it is added, so that the work can go on while later entries are still being
    made) and written privately by save. COMPRESSLEVEL: zlib's, 1 (fastest) to 9."""

    def __init__(self, passphrase: str, *, compresslevel: int | None = None) -> None:
        self.buffer = io.BytesIO()
        self.archive = pyzipper.AESZipFile(
            self.buffer,
            "w",
            compression=pyzipper.ZIP_DEFLATED,
            compresslevel=compresslevel,
            encryption=pyzipper.WZ_AES,
        )
        self.archive.setpassword(passphrase.encode("utf-8"))
        self.archive.setencryption(pyzipper.WZ_AES, nbits=256)

    def add(self, name: str, body: bytes) -> None:
        self.archive.writestr(name, body)

    def discard(self) -> None:
        """The archive closed in memory and dropped: nothing is written."""
        self.archive.close()
        self.buffer = io.BytesIO()

    def save(self, target: Path) -> Path:
        """The archive closed and written privately to TARGET (".zip" added if missing)."""
        self.archive.close()
        path = target if target.suffix == ".zip" else target.with_suffix(".zip")
        write_private(path, self.buffer.getvalue())
        return path


def write_aes_zip(
    target: Path, passphrase: str, files: dict[str, bytes], *, compresslevel: int | None = None
) -> Path:
    """FILES in an AES-256 zip sealed with PASSPHRASE, written privately to TARGET (".zip"
    added if missing); the path written. COMPRESSLEVEL: zlib's, 1 (fastest) to 9."""
    archive = AESZip(passphrase, compresslevel=compresslevel)
    for name, body in files.items():
        archive.add(name, body)
    return archive.save(target)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
