"""Sealed audit checkpoints kept outside the database: the newest event a workstation saw.

A copy of the database put back over a newer one (an old head, its tail deleted) verifies as a
whole chain; only a record kept elsewhere shows that events it saw are gone. Each workstation
keeps one in its clinic folder, and the auditor can export one to keep anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from clinic.errors import InvalidInput
from clinic.fileio import overwrite_unsynced, write_private
from clinic.privacy.audit import Checkpoint

FORMAT = "clinic-audit-checkpoint"
VERSION = 1
WORKSTATION_FILE = "audit-checkpoint.json"
MAX_BYTES = 4096
SECTOR = 512  # a workstation file's length: one write of it is whole or absent


@dataclass(frozen=True)
class SealedCheckpoint:
    clinic_id: str
    workstation: str
    seq: int
    mac: str

    def _message(self) -> bytes:
        fields = [FORMAT, VERSION, self.clinic_id, self.workstation, self.seq, self.mac]
        return json.dumps(fields, separators=(",", ":")).encode()

    def seal(self, key: bytes) -> str:
        return hmac.new(key, b"checkpoint\x00" + self._message(), hashlib.sha256).hexdigest()

    def to_bytes(self, key: bytes, *, compact: bool = False) -> bytes:
        """The file's bytes; COMPACT (the workstation's file, rewritten after every commit) on
        one line, by the C encoder that an indent would turn off."""
        data = {
            "format": FORMAT,
            "version": VERSION,
            "clinic_id": self.clinic_id,
            "workstation": self.workstation,
            "seq": self.seq,
            "mac": self.mac,
            "seal": self.seal(key),
        }
        if compact:
            return json.dumps(data).encode() + b"\n"
        return json.dumps(data, indent=1).encode() + b"\n"

    def as_checkpoint(
        self,
        source_en: str = "this workstation's checkpoint",
        source_zh: str = "本工作站的检查点",
    ) -> Checkpoint:
        return Checkpoint(self.seq, self.mac, source_en, source_zh)


def _unreadable(path: Path, why_en: str, why_zh: str) -> InvalidInput:
    return InvalidInput(
        en=f"{path} is not a checkpoint of this clinic's audit trail ({why_en}).",
        zh=f"{path} 不是本诊所审计记录的检查点（{why_zh}）。",
    )


def read(path: Path, key: bytes, clinic_id: str) -> SealedCheckpoint:
    """The checkpoint in PATH, its seal checked; InvalidInput if it is not one of this clinic's."""
    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise _unreadable(path, f"cannot be read: {exc.strerror}", "无法读取") from exc
    if len(raw) > MAX_BYTES:
        raise _unreadable(path, "too large", "文件过大")
    try:
        data = json.loads(raw.decode("utf-8"))
        found = SealedCheckpoint(
            clinic_id=str(data["clinic_id"]),
            workstation=str(data["workstation"]),
            seq=int(data["seq"]),
            mac=str(data["mac"]),
        )
        seal = str(data["seal"])
        fmt, version = data["format"], data["version"]
    except (ValueError, KeyError, TypeError) as exc:
        raise _unreadable(path, "not a checkpoint file", "不是检查点文件") from exc
    if fmt != FORMAT or version != VERSION:
        raise _unreadable(path, "unknown format", "格式未知")
    if found.clinic_id != clinic_id:
        raise _unreadable(path, "it belongs to another clinic", "属于其他诊所")
    if not hmac.compare_digest(seal, found.seal(key)):
        raise _unreadable(
            path, "its seal does not match: altered or forged", "其校验码不符：被改动或伪造"
        )
    return found


def write(
    path: Path, key: bytes, checkpoint: SealedCheckpoint, *, every_commit: bool = False
) -> None:
    """EVERY_COMMIT: the workstation's own file, moved on after each commit: written over in
    place, padded to one sector, and not synced (a power cut may keep the previous checkpoint,
    which is older, never wrong; a sync would add a second disk flush to every commit)."""
    if every_commit:
        data = checkpoint.to_bytes(key, compact=True)
        overwrite_unsynced(path, data.ljust(SECTOR, b" ") if len(data) < SECTOR else data)
    else:
        write_private(path, checkpoint.to_bytes(key))


class WorkstationCheckpoint:
    """This workstation's checkpoint file, moved forward after each commit that wrote an event."""

    def __init__(self, home: Path, key: bytes, clinic_id: str, workstation: str) -> None:
        self.path = home / WORKSTATION_FILE
        self.key, self.clinic_id, self.workstation = key, clinic_id, workstation
        self._kept: tuple[int, str] | None = None

    def load(self) -> SealedCheckpoint | None:
        if not self.path.exists():
            return None
        return read(self.path, self.key, self.clinic_id)

    def kept(self) -> tuple[int, str] | None:
        """The newest event kept; None if there is none, or the file is damaged (which
        `audit verify` reports, rather than every nurse's next dose)."""
        if self._kept is None:
            try:
                found = self.load()
            except (OSError, InvalidInput):
                return None
            self._kept = (found.seq, found.mac) if found else (0, "")
        return self._kept if self._kept[0] else None

    def saw(self, seq: int, mac: str) -> None:
        """Keep SEQ/MAC if newer than what is kept; a write that fails is left for the next one,
        since the event itself is already committed."""
        with contextlib.suppress(OSError):
            kept = self.kept()
            if kept is not None and seq <= kept[0]:
                return
            self.reset(seq, mac)

    def reset(self, seq: int, mac: str) -> None:
        """Start again from SEQ/MAC (after a restore has put back an older database on purpose)."""
        sealed = SealedCheckpoint(self.clinic_id, self.workstation, seq, mac)
        write(self.path, self.key, sealed, every_commit=True)
        self._kept = (seq, mac)
