"""Encrypted, integrity-checked backups: every row of every table, sealed in authenticated chunks.

File layout (version 2):
    b"CLINICBK" | version (1 byte) | clear header length (4 bytes) | clear header (JSON)
    then blocks: length (4 bytes) | nonce | AES-GCM(block), nonce = prefix | counter | last-flag
The clear header holds only the clinic id and the cipher parameters (key derivation, nonce
prefix, block size); the clinic's name, the schema revision and every table's row count are the
first line of the encrypted stream, followed by one JSON line per row. The clear header is bound
into every block, and the last block is flagged, so a changed, reordered or truncated file is
refused before anything is replaced. Version 1 (everything in a clear header) is still read.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import MetaData, Table, func, insert, select, text
from sqlalchemy.engine import Connection, Engine

from clinic.errors import BackupInvalid, Cancelled
from clinic.fileio import atomic_writer

MAGIC = b"CLINICBK"
VERSION = 2
CHUNK = 1 << 20
TAG = 16
CIPHER = "aes-256-gcm"
KDF = "hkdf-sha256/backup"
MAX_HEADER = 1 << 16
SKIP_TABLES = {"alembic_version"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupHeader:
    clinic_id: str
    clinic_name: str
    created_at: str
    schema_revision: str
    mode: str
    demo: bool
    tables: dict[str, int]
    # Each table's column names in the order its rows hold them: a column's position differs
    # between backends and schema histories (SQLite re-adds a retyped column at the end). None in
    # backups written before it was kept: their rows are in the order a fresh schema has.
    columns: dict[str, list[str]] | None = None

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, Decimal):
        return {"$n": str(value)}
    return value


def _decode(value: Any, dialect: str) -> Any:
    if isinstance(value, dict):
        if "$dt" in value:
            moment = datetime.fromisoformat(value["$dt"])
            if dialect == "sqlite":
                return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        if "$b" in value:
            return base64.b64decode(value["$b"])
        if "$n" in value:
            return Decimal(value["$n"])
        raise ValueError("unknown value tag")
    return value


def reflect(conn: Connection) -> list[Table]:
    """The clinic's tables in the schema CONN works in (on PostgreSQL, its search path's first:
    a restore fills a staging schema this way)."""
    meta = MetaData()
    schema = (
        str(conn.execute(text("SELECT current_schema()")).scalar_one())
        if conn.dialect.name == "postgresql"
        else None
    )
    meta.reflect(bind=conn, schema=schema)
    return [t for t in meta.sorted_tables if t.name not in SKIP_TABLES]


def _revision(conn: Connection) -> str:
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    if row is None:
        raise BackupInvalid(en="The database has no schema version.", zh="数据库没有结构版本。")
    return str(row[0])


class _Sealer:
    """Compresses what it is given and seals it in blocks of at most BLOCK bytes each."""

    def __init__(self, out: BinaryIO, key: bytes, aad: bytes, prefix: bytes, block: int) -> None:
        self.out, self.aead, self.aad, self.prefix = out, AESGCM(key), aad, prefix
        self.block = block
        self.counter = 0
        self.pending = bytearray()
        self.compress = zlib.compressobj(6)
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.pending += self.compress.compress(data)
        self._seal_full_blocks()

    def close(self) -> None:
        # The compressor's flush can add many kilobytes: they go into full blocks too, so the
        # last block is never longer than the reader accepts.
        self.pending += self.compress.flush()
        self._seal_full_blocks()
        self._seal(bytes(self.pending), last=True)

    def _seal_full_blocks(self) -> None:
        while len(self.pending) > self.block:
            self._seal(bytes(self.pending[: self.block]), last=False)
            del self.pending[: self.block]

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = self.prefix + struct.pack(">I", self.counter) + (b"\x01" if last else b"\x00")
        sealed = self.aead.encrypt(nonce, chunk, self.aad)
        self.out.write(struct.pack(">I", len(sealed)) + nonce + sealed)
        self.counter += 1


def write_backup(
    engine: Engine,
    path: Path,
    key: bytes,
    *,
    clinic_id: str,
    clinic_name: str,
    mode: str,
    demo: bool,
    progress: Progress | None = None,
) -> BackupHeader:
    """Dump every table of ENGINE's database, from one consistent snapshot, to PATH; the file
    replaces PATH only after it has been read back, decrypted and checked."""
    made: list[tuple[BackupHeader, str]] = []

    def check(written: Path) -> None:
        # Run once the snapshot is released: checking does not hold the database.
        _verify_written(written, key, *made[0])

    with atomic_writer(path, check=check) as out:
        made.append(
            _dump(
                engine,
                out,
                key,
                clinic_id=clinic_id,
                clinic_name=clinic_name,
                mode=mode,
                demo=demo,
                progress=progress,
            )
        )
    header = made[0][0]
    if progress:
        with contextlib.suppress(Cancelled):  # written and checked: too late to take it back
            progress(header.rows, header.rows)
    return header


def _dump(
    engine: Engine,
    out: BinaryIO,
    key: bytes,
    *,
    clinic_id: str,
    clinic_name: str,
    mode: str,
    demo: bool,
    progress: Progress | None,
) -> tuple[BackupHeader, str]:
    """Write the backup to OUT; its header and the SHA-256 of what was sealed."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        else:
            conn = conn.execution_options(clinic_read_only=True)
        tables = reflect(conn)
        counts = {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in tables
        }
        header = BackupHeader(
            clinic_id=clinic_id,
            clinic_name=clinic_name,
            created_at=datetime.now(UTC).isoformat(),
            schema_revision=_revision(conn),
            mode=mode,
            demo=demo,
            tables=counts,
            columns={t.name: [c.name for c in t.columns] for t in tables},
        )
        total, done = header.rows, 0
        sealer = start_stream(out, key, clinic_id=clinic_id)
        sealer.write(_line({"h": header.__dict__}))
        for table in tables:
            columns = [c.name for c in table.columns]
            order = [table.c[c.name] for c in table.primary_key.columns] or [table.c[columns[0]]]
            result = conn.execution_options(yield_per=2000).execute(select(table).order_by(*order))
            for row in result:
                sealer.write(_line({"t": table.name, "r": [_encode(v) for v in row]}))
                done += 1
                if progress and done % 2000 == 0:
                    progress(done, total)
        sealer.close()
    return header, sealer.digest.hexdigest()


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, separators=(",", ":"), sort_keys=True).encode() + b"\n"


def start_stream(out: BinaryIO, key: bytes, *, clinic_id: str, block: int = CHUNK) -> _Sealer:
    """Write the clear header to OUT and return the sealer for the encrypted part."""
    prefix = os.urandom(7)
    clear = {
        "block": block,
        "cipher": CIPHER,
        "clinic_id": clinic_id,
        "kdf": KDF,
        "nonce_prefix": prefix.hex(),
    }
    clear_bytes = json.dumps(clear, sort_keys=True).encode()
    out.write(MAGIC + bytes([VERSION]) + struct.pack(">I", len(clear_bytes)) + clear_bytes)
    return _Sealer(out, key, clear_bytes, prefix, block)


def _verify_written(path: Path, key: bytes, header: BackupHeader, written: str) -> None:
    """The file just written decrypts, parses, holds every row counted, and hashes the same."""
    try:
        read, digest = _read(path, key, lambda table, row: None)
    except BackupInvalid as exc:
        raise _unverified(exc.en, exc.zh) from exc
    if read != header or digest != written:
        raise _unverified("it does not hold what was written", "内容与写入的不一致")


def _unverified(reason_en: str, reason_zh: str) -> BackupInvalid:
    return BackupInvalid(
        en=f"The backup could not be read back after writing ({reason_en}); no backup file was "
        "kept. Check the disk and try again.",
        zh=f"备份写入后无法读回（{reason_zh}），未保留备份文件。请检查磁盘后重试。",
    )


def _invalid(reason_en: str, reason_zh: str) -> BackupInvalid:
    return BackupInvalid(
        en=f"This backup cannot be used: {reason_en}. Nothing was changed.",
        zh=f"该备份无法使用：{reason_zh}。未作任何更改。",
    )


@dataclass(frozen=True)
class ClearHeader:
    """What a backup shows without its key: format version, clinic id, cipher parameters."""

    version: int
    clinic_id: str
    raw: bytes
    offset: int
    nonce_prefix: bytes | None
    block: int
    # Version 1 kept everything in clear; its header is read from here.
    v1: BackupHeader | None = None


def read_clear_header(path: Path) -> ClearHeader:
    try:
        with path.open("rb") as f:
            start = f.read(len(MAGIC) + 5)
            if len(start) < len(MAGIC) + 5 or start[: len(MAGIC)] != MAGIC:
                raise _invalid("it is not a clinic backup file", "这不是诊所备份文件")
            version = start[len(MAGIC)]
            if version not in (1, VERSION):
                raise _invalid("it was written in an unknown format version", "文件格式版本未知")
            (length,) = struct.unpack(">I", start[len(MAGIC) + 1 :])
            if length > MAX_HEADER:
                raise _invalid("its header is damaged", "文件头已损坏")
            raw = f.read(length)
            if len(raw) < length:
                raise _invalid("it is truncated", "文件被截断")
    except OSError as exc:
        raise _invalid(
            f"the file cannot be read ({exc.strerror})", f"无法读取文件（{exc.strerror}）"
        ) from exc
    offset = len(MAGIC) + 5 + length
    try:
        fields = json.loads(raw)
        if version == 1:
            v1 = BackupHeader(**fields)
            # Version 1's writer could make its last block longer than a full one (it sealed
            # its compressor's flush in one piece): such files are still read.
            return ClearHeader(1, v1.clinic_id, raw, offset, None, 2 * CHUNK, v1)
        if (fields["cipher"], fields["kdf"]) != (CIPHER, KDF) or not 0 < fields["block"] <= CHUNK:
            raise _invalid("it uses a cipher this version does not know", "加密参数未知")
        prefix = bytes.fromhex(fields["nonce_prefix"])
        if len(prefix) != 7 or not isinstance(fields["clinic_id"], str):
            raise ValueError("bad header")
        return ClearHeader(VERSION, fields["clinic_id"], raw, offset, prefix, fields["block"])
    except (ValueError, TypeError, KeyError) as exc:
        raise _invalid("its header is damaged", "文件头已损坏") from exc


def _chunks(path: Path, key: bytes, clear: ClearHeader) -> Iterator[bytes]:
    aead = AESGCM(key)
    limit = clear.block + TAG
    expected = 0
    seen_last = False
    with path.open("rb") as f:
        f.seek(clear.offset)
        while True:
            size_bytes = f.read(4)
            if not size_bytes:
                break
            if seen_last:
                raise _invalid("data follows its final block", "结束块之后还有数据")
            if len(size_bytes) < 4:
                raise _invalid("it is truncated", "文件被截断")
            (size,) = struct.unpack(">I", size_bytes)
            if size > limit:
                raise _invalid("a block is longer than allowed", "数据块超出允许长度")
            nonce = f.read(12)
            sealed = f.read(size)
            if len(nonce) < 12 or len(sealed) < size:
                raise _invalid("it is truncated", "文件被截断")
            if nonce[7:11] != struct.pack(">I", expected) or (
                clear.nonce_prefix is not None and nonce[:7] != clear.nonce_prefix
            ):
                raise _invalid("its blocks are out of order", "数据块顺序错误")
            try:
                yield aead.decrypt(nonce, sealed, clear.raw)
            except InvalidTag as exc:
                raise _invalid(
                    "it is damaged or was made for another clinic's key",
                    "文件已损坏，或属于另一家诊所的密钥",
                ) from exc
            seen_last = nonce[11] == 1
            expected += 1
    if not seen_last:
        raise _invalid("it is truncated (its final block is missing)", "文件被截断（缺少结束块）")


def _damaged() -> BackupInvalid:
    return _invalid("its contents are damaged", "内容已损坏")


def read_stream(path: Path, key: bytes, clear: ClearHeader | None = None) -> Iterator[bytes]:
    """The decrypted, decompressed lines of the backup at PATH, every block checked."""
    clear = clear or read_clear_header(path)
    decompress = zlib.decompressobj()
    buffer = b""
    try:
        for chunk in _chunks(path, key, clear):
            buffer += decompress.decompress(chunk)
            *lines, buffer = buffer.split(b"\n")
            yield from lines
        buffer += decompress.flush()
    except zlib.error as exc:
        raise _damaged() from exc
    if buffer or not decompress.eof:
        raise _damaged()


def _read(
    path: Path, key: bytes, on_row: Callable[[str, list[Any]], None]
) -> tuple[BackupHeader, str]:
    """Read every row of the backup into ON_ROW; the header and the SHA-256 of what was sealed."""
    clear = read_clear_header(path)
    header = clear.v1
    digest = hashlib.sha256()
    counts = dict.fromkeys(header.tables, 0) if header else {}
    for line in read_stream(path, key, clear):
        digest.update(line + b"\n")
        try:
            record = json.loads(line)
            if header is None:
                header = BackupHeader(**record["h"])
                if header.clinic_id != clear.clinic_id or not isinstance(header.tables, dict):
                    raise ValueError("header does not match")
                counts = dict.fromkeys(header.tables, 0)
                continue
            table, row = record["t"], record["r"]
            counts[table] += 1
        except (ValueError, KeyError, TypeError) as exc:
            raise _damaged() from exc
        on_row(table, row)
    if header is None:
        raise _damaged()
    for name, count in header.tables.items():
        if counts.get(name, 0) != count:
            raise _invalid(f"table {name} is incomplete", f"数据表 {name} 不完整")
    return header, digest.hexdigest()


def read_rows(path: Path, key: bytes) -> tuple[BackupHeader, dict[str, list[list[Any]]]]:
    """Decrypt and parse the whole backup, checking every block, before anything is restored."""
    rows: dict[str, list[list[Any]]] = {}
    header, _ = _read(path, key, lambda table, row: rows.setdefault(table, []).append(row))
    return header, {name: rows.get(name, []) for name in header.tables}


def load_rows(
    conn: Connection,
    rows: dict[str, list[list[Any]]],
    columns: dict[str, list[str]] | None = None,
) -> None:
    """Insert backed-up rows into an empty database at the backup's schema revision; COLUMNS
    names each table's row positions (the header's), else the order of this schema."""
    tables = {t.name: t for t in reflect(conn)}
    missing = set(rows) - set(tables)
    if missing:
        raise _invalid(
            f"it has tables this schema lacks ({sorted(missing)})", "包含当前结构没有的数据表"
        )
    dialect = conn.dialect.name
    for table in reflect(conn):
        data = rows.get(table.name, [])
        names = (columns or {}).get(table.name) or [c.name for c in table.columns]
        if set(names) != {c.name for c in table.columns}:
            raise _invalid(
                f"table {table.name} has other columns than this schema",
                f"数据表 {table.name} 的列与当前结构不符",
            )
        for start in range(0, len(data), 1000):
            batch = [
                dict(zip(names, (_decode(v, dialect) for v in row), strict=True))
                for row in data[start : start + 1000]
            ]
            conn.execute(insert(table), batch)
    if dialect == "postgresql":
        for table in tables.values():
            for column in table.columns:
                if "nextval" in str(getattr(column.server_default, "arg", "")):
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                            f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                        )
                    )
