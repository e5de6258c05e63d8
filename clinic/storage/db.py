"""Engines for the two storage modes: a SQLCipher file (embedded) or PostgreSQL (server)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import NullPool, QueuePool

from clinic.errors import (
    Busy,
    ServerUnreachable,
    StorageError,
    WrongKeyOrDamaged,
    disk_full_error,
)
from clinic.privacy.keys import ClinicKeys
from clinic.storage.direct import Prepared
from clinic.storage.fieldcrypt import FieldCipher, attach_cipher
from clinic.storage.types import utcnow

Mode = Literal["embedded", "server"]
READ_ONLY = "clinic_read_only"
AUDIT_CHECKPOINT = "audit_checkpoint"  # session.info: this workstation's AuditCheckpoint


class AuditCheckpoint(Protocol):
    """The newest audit event this workstation saw, kept outside the database."""

    def kept(self) -> tuple[int, str] | None: ...

    def saw(self, seq: int, mac: str) -> None: ...


# How long one SQLite statement waits for another connection's write lock, and how many times a
# write transaction tries to start (each try waits that long) before the user is told "busy".
BUSY_TIMEOUT_MS = 5_000
WRITE_TRIES = 3
# What SQLite says when the lock was not granted in time.
BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")


def busy_error() -> Busy:
    return Busy(
        en="Another window is saving. Try again in a moment; nothing was changed.",
        zh="另一个窗口正在保存。请稍后重试；未作任何更改。",
    )


def is_busy(error: BaseException) -> bool:
    """True for SQLite's "locked/busy" (whether raw or already turned into Busy)."""
    if isinstance(error, Busy):
        return True
    orig = getattr(error, "orig", error)
    return any(str(orig).startswith(m) for m in BUSY_MESSAGES)


@dataclass
class Database:
    """An open clinic database: its engine, its keys and what kind it is."""

    engine: Engine
    keys: ClinicKeys
    mode: Mode
    clinic_id: str
    demo: bool
    workstation: str
    clock: Callable[[], datetime] = field(default=utcnow)
    # This workstation's sealed checkpoint: appends check it, commits move it forward.
    audit_checkpoint: AuditCheckpoint | None = None
    home: Path | None = None  # the clinic folder on this computer, where its checkpoint is kept
    # A satellite's replica (clinic.satellite.replica): only the calls that may run offline.
    replica: bool = False
    # On a satellite workstation's server connection: told (name, arguments) after each call
    # that a replica would have put in its outbox, so the replica learns of it too.
    mirror: Callable[[str, dict[str, Any]], None] | None = None

    @property
    def cipher(self) -> FieldCipher:
        cipher: FieldCipher = getattr(self.engine.dialect, "clinic_field_cipher")  # noqa: B009
        return cipher

    def dispose(self) -> None:
        self.engine.dispose()


def field_cipher(keys: ClinicKeys) -> FieldCipher:
    return FieldCipher(keys.field, keys.derive("blind-index"))


def wrong_key_error(path: Path) -> WrongKeyOrDamaged:
    return WrongKeyOrDamaged(
        en=f"The database {path} cannot be opened with this computer's key: either the key is "
        "wrong (restore it with: clinic-admin key restore FILE) or the file is damaged (restore "
        "the latest backup with: clinic-admin restore FILE). The file was not changed.",
        zh=f"无法用本机密钥打开数据库 {path}：密钥错误（请用 clinic-admin key restore 文件 恢复密钥），"
        "或文件已损坏（请用 clinic-admin restore 文件 恢复最近的备份）。文件未被改动。",
    )


def damaged_error(path: Path) -> WrongKeyOrDamaged:
    return WrongKeyOrDamaged(
        en=f"Part of the database {path} is damaged: a page failed its integrity check. Nothing "
        "was written. Restore the latest backup with: clinic-admin restore FILE.",
        zh=f"数据库 {path} 有部分已损坏：某一页未通过完整性校验。未写入任何内容。"
        "请用 clinic-admin restore 文件 恢复最近的备份。",
    )


# What SQLCipher reports when a page fails its HMAC (SQLITE_NOTADB) or the b-tree is broken.
DAMAGE_MESSAGES = ("file is not a database", "database disk image is malformed")
DISK_FULL_MESSAGE = "database or disk is full"  # SQLITE_FULL


def sqlcipher_engine(
    path: Path, key: bytes, *, pool: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Engine:
    """An engine on a SQLCipher file keyed with a raw 256-bit key (no passphrase KDF)."""
    import sqlcipher3.dbapi2 as sqlcipher

    key_pragma = f"PRAGMA key = \"x'{key.hex()}'\""

    def connect() -> Any:
        if not path.exists():
            path.touch(mode=0o600)
        conn = sqlcipher.connect(
            str(path), check_same_thread=False, isolation_level=None, timeout=busy_timeout_ms / 1000
        )
        try:
            conn.execute(key_pragma)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            conn.close()
            if is_busy(exc):
                raise busy_error() from exc
            raise wrong_key_error(path) from exc
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        # Asking for WAL again takes a lock another writer may hold: ask only when it is not set.
        if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    options: dict[str, Any] = (
        {"poolclass": QueuePool, "pool_size": 5, "max_overflow": 10}
        if pool
        else {"poolclass": NullPool}
    )
    engine = create_engine("sqlite://", creator=connect, module=sqlcipher, **options)

    begin_reading, begin_writing = Prepared(text("BEGIN")), Prepared(text("BEGIN IMMEDIATE"))

    @event.listens_for(engine, "begin")
    def begin(conn: Any) -> None:
        # Writers take the lock up front, so two workstations never deadlock on an upgrade.
        # (On the driver's cursor, as the frame's statements: every service call begins so.)
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        (begin_reading if read_only else begin_writing).rows(conn)

    @event.listens_for(engine, "handle_error")
    def damaged(context: ExceptionContext) -> BaseException | None:
        # A page that fails its check mid-file: a domain error, and the connection (which
        # SQLCipher has put into an error state) is discarded rather than pooled.
        error = context.original_exception
        if isinstance(error, sqlcipher.DatabaseError) and str(error) in DAMAGE_MESSAGES:
            context.is_disconnect = True
            return damaged_error(path)
        if isinstance(error, sqlcipher.OperationalError) and is_busy(error):
            return busy_error()
        if isinstance(error, sqlcipher.OperationalError) and str(error) == DISK_FULL_MESSAGE:
            # SQLite rolls the transaction back whole: nothing of the action is kept.
            return disk_full_error()
        return None

    return engine


def server_unreachable_error() -> ServerUnreachable:
    return ServerUnreachable(
        en="The clinic server cannot be reached: the network link or the server is down. What you "
        "were doing was not saved; check the network and try again. (Only if the link broke at "
        "the very moment of saving may it have been saved: look before doing it again.)",
        zh="无法连接诊所服务器：网络或服务器中断。刚才的操作未保存；请检查网络后重试。"
        "（仅当网络恰在保存的一刻中断时，操作可能已保存：重做之前请先查看。）",
    )


def postgres_engine(url: str) -> Engine:
    """An engine on the clinic's PostgreSQL server. A connection that died (the link cut, the
    server restarted) is dropped with its whole pool and never handed out again (pre-ping tests
    each one checked out), and the user is told the server cannot be reached, not a driver's
    traceback; the next action connects afresh."""
    import psycopg
    import psycopg.errors

    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)

    @event.listens_for(engine, "handle_error")
    def unreachable(context: ExceptionContext) -> BaseException | None:
        error = context.original_exception
        if isinstance(error, psycopg.errors.DiskFull):
            return disk_full_error()  # the server's disk: the transaction did not commit
        if not isinstance(error, psycopg.OperationalError):
            return None
        if context.is_pre_ping:
            # A pooled connection that died while nobody used it (the link was down and is
            # back): dropped with the pool, and SQLAlchemy connects afresh for this checkout.
            context.is_disconnect = True
            return None
        # A dropped link mid-statement, or no link at all when connecting (refused, timed out).
        # Other OperationalErrors (a lock or serialization conflict) are not the link's doing.
        # A server that answered (FATAL: a wrong password, no such database) is not unreachable.
        connecting = context.connection is None and context.execution_context is None
        answered = "FATAL:" in str(error)
        if context.is_disconnect or (
            connecting and type(error) is psycopg.OperationalError and not answered
        ):
            context.is_disconnect = True
            return server_unreachable_error()
        return None

    return engine


def open_engine(
    *,
    mode: Mode,
    keys: ClinicKeys,
    path: Path | None,
    url: str | None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    check: bool = True,
) -> Engine:
    """An engine for MODE with the field cipher attached; its first connection is checked
    (unless not CHECK: a satellite starting while the server is out of reach)."""
    if mode == "embedded":
        if path is None or keys.database is None:
            raise ValueError("embedded mode needs a file path and a database key")
        engine = sqlcipher_engine(path, keys.database, busy_timeout_ms=busy_timeout_ms)
    else:
        if not url:
            raise ValueError("server mode needs a PostgreSQL URL")
        engine = postgres_engine(url)
    attach_cipher(engine.dialect, field_cipher(keys))
    if not check:
        return engine
    try:
        with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
            conn.execute(text("SELECT 1"))  # a read: opening never waits for a writer
    except WrongKeyOrDamaged:
        engine.dispose()
        raise
    except Busy as exc:
        engine.dispose()
        raise Busy(
            en="The clinic database is busy: another window or workstation is saving. Try again "
            "in a moment.",
            zh="诊所数据库正忙：另一个窗口或工作站正在保存。请稍后重试。",
        ) from exc
    except (OperationalError, DatabaseError, ServerUnreachable) as exc:
        engine.dispose()
        if is_busy(exc):
            raise busy_error() from exc
        reason = exc.orig if isinstance(exc, DatabaseError) else exc.__cause__
        raise StorageError(
            en=f"The clinic database cannot be reached: {reason}. Check that the server is "
            "running and the address in the settings is right.",
            zh=f"无法连接诊所数据库：{reason}。请检查服务器是否运行、设置中的地址是否正确。",
        ) from exc
    return engine
