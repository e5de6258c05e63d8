"""Encrypted, integrity-checked backups: every row of every table, sealed in authenticated chunks.

File layout (version 1):
    b"CLINICBK" | version (1 byte) | header length (4 bytes) | header (JSON)
    then chunks: length (4 bytes) | AES-GCM(chunk), nonce = prefix | counter | last-flag
The header is bound into every chunk, and the last chunk is flagged, so a changed, reordered or
truncated file is refused before anything is replaced.
"""

from __future__ import annotations

import base64
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

from clinic.errors import BackupInvalid
from clinic.fileio import atomic_writer

MAGIC = b"CLINICBK"
VERSION = 1
CHUNK = 1 << 20
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
    def __init__(self, out: BinaryIO, key: bytes, header_bytes: bytes) -> None:
        self.out, self.aead, self.aad = out, AESGCM(key), header_bytes
        self.prefix = os.urandom(7)
        self.counter = 0
        self.pending = b""
        self.compress = zlib.compressobj(6)

    def write(self, data: bytes) -> None:
        self.pending += self.compress.compress(data)
        while len(self.pending) >= CHUNK:
            self._seal(self.pending[:CHUNK], last=False)
            self.pending = self.pending[CHUNK:]

    def close(self) -> None:
        self.pending += self.compress.flush()
        self._seal(self.pending, last=True)

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
    """Dump every table of ENGINE's database, from one consistent snapshot, to PATH."""
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
        )
        header_bytes = json.dumps(header.__dict__, sort_keys=True).encode()
        total, done = header.rows, 0
        with atomic_writer(path) as out:
            out.write(
                MAGIC + bytes([VERSION]) + struct.pack(">I", len(header_bytes)) + header_bytes
            )
            sealer = _Sealer(out, key, header_bytes)
            for table in tables:
                columns = [c.name for c in table.columns]
                order = [table.c[c.name] for c in table.primary_key.columns] or [
                    table.c[columns[0]]
                ]
                result = conn.execution_options(yield_per=2000).execute(
                    select(table).order_by(*order)
                )
                for row in result:
                    line = {"t": table.name, "r": [_encode(v) for v in row]}
                    sealer.write(json.dumps(line, separators=(",", ":")).encode() + b"\n")
                    done += 1
                    if progress and done % 2000 == 0:
                        progress(done, total)
            sealer.close()
        if progress:
            progress(total, total)
    return header


def _invalid(reason_en: str, reason_zh: str) -> BackupInvalid:
    return BackupInvalid(
        en=f"This backup cannot be used: {reason_en}. Nothing was changed.",
        zh=f"该备份无法使用：{reason_zh}。未作任何更改。",
    )


def read_header(path: Path) -> tuple[BackupHeader, bytes, int]:
    try:
        with path.open("rb") as f:
            start = f.read(len(MAGIC) + 5)
            if len(start) < len(MAGIC) + 5 or start[: len(MAGIC)] != MAGIC:
                raise _invalid("it is not a clinic backup file", "这不是诊所备份文件")
            if start[len(MAGIC)] != VERSION:
                raise _invalid("it was written in an unknown format version", "文件格式版本未知")
            (length,) = struct.unpack(">I", start[len(MAGIC) + 1 :])
            if length > MAX_HEADER:
                raise _invalid("its header is damaged", "文件头已损坏")
            header_bytes = f.read(length)
            if len(header_bytes) < length:
                raise _invalid("it is truncated", "文件被截断")
    except OSError as exc:
        raise _invalid(
            f"the file cannot be read ({exc.strerror})", f"无法读取文件（{exc.strerror}）"
        ) from exc
    try:
        header = BackupHeader(**json.loads(header_bytes))
    except (ValueError, TypeError) as exc:
        raise _invalid("its header is damaged", "文件头已损坏") from exc
    return header, header_bytes, len(MAGIC) + 5 + length


def _chunks(path: Path, key: bytes, header_bytes: bytes, offset: int) -> Iterator[bytes]:
    aead = AESGCM(key)
    expected = 0
    seen_last = False
    with path.open("rb") as f:
        f.seek(offset)
        while True:
            size_bytes = f.read(4)
            if not size_bytes:
                break
            if seen_last:
                raise _invalid("data follows its final block", "结束块之后还有数据")
            if len(size_bytes) < 4:
                raise _invalid("it is truncated", "文件被截断")
            (size,) = struct.unpack(">I", size_bytes)
            nonce = f.read(12)
            sealed = f.read(size)
            if len(nonce) < 12 or len(sealed) < size or size > CHUNK + 64:
                raise _invalid("it is truncated", "文件被截断")
            if nonce[7:11] != struct.pack(">I", expected):
                raise _invalid("its blocks are out of order", "数据块顺序错误")
            try:
                yield aead.decrypt(nonce, sealed, header_bytes)
            except InvalidTag as exc:
                raise _invalid(
                    "it is damaged or was made for another clinic's key",
                    "文件已损坏，或属于另一家诊所的密钥",
                ) from exc
            seen_last = nonce[11] == 1
            expected += 1
    if not seen_last:
        raise _invalid("it is truncated (its final block is missing)", "文件被截断（缺少结束块）")


def read_rows(path: Path, key: bytes) -> tuple[BackupHeader, dict[str, list[list[Any]]]]:
    """Decrypt and parse the whole backup, checking every block, before anything is restored."""
    header, header_bytes, offset = read_header(path)
    decompress = zlib.decompressobj()
    buffer = b""
    rows: dict[str, list[list[Any]]] = {name: [] for name in header.tables}
    try:
        for chunk in _chunks(path, key, header_bytes, offset):
            buffer += decompress.decompress(chunk)
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                record = json.loads(line)
                rows[record["t"]].append(record["r"])
        buffer += decompress.flush()
    except (zlib.error, ValueError, KeyError) as exc:
        raise _invalid("its contents are damaged", "内容已损坏") from exc
    if buffer.strip():
        raise _invalid("its contents are damaged", "内容已损坏")
    for name, count in header.tables.items():
        if len(rows[name]) != count:
            raise _invalid(f"table {name} is incomplete", f"数据表 {name} 不完整")
    return header, rows


def load_rows(conn: Connection, rows: dict[str, list[list[Any]]]) -> None:
    """Insert backed-up rows into an empty database at the backup's schema revision."""
    tables = {t.name: t for t in reflect(conn)}
    missing = set(rows) - set(tables)
    if missing:
        raise _invalid(
            f"it has tables this schema lacks ({sorted(missing)})", "包含当前结构没有的数据表"
        )
    dialect = conn.dialect.name
    for table in reflect(conn):
        data = rows.get(table.name, [])
        columns = [c.name for c in table.columns]
        for start in range(0, len(data), 1000):
            batch = [
                dict(zip(columns, (_decode(v, dialect) for v in row), strict=True))
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
