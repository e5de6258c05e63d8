"""Restoring a backup: every byte checked, and an administrator in it, before anything is replaced.

The backup is written into a fresh copy (a staging file, or a staging schema on PostgreSQL),
migrated to this version, its audit chain verified, and sealed with the restore's own audit event;
only then does the copy replace the database, in one step: a file rename, or a schema swap in the
same transaction as that event. What it replaced is kept beside it.
"""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from clinic.app import Clinic, keystore_for, open_clinic
from clinic.backups import auto_backup
from clinic.config import BACKUP_DIR, DATABASE_FILE, LocalSettings, load_local
from clinic.data_steps import run_owed
from clinic.errors import AuthenticationFailed, BackupInvalid, StorageError
from clinic.privacy import audit
from clinic.privacy.audit import SEEN, EventDraft, Outcome
from clinic.privacy.checkpoint import WorkstationCheckpoint
from clinic.privacy.keys import ClinicKeys, KeyStore
from clinic.privacy.passwords import verify_password
from clinic.privacy.permissions import Role
from clinic.storage import backup as backup_file
from clinic.storage import migrate
from clinic.storage.db import field_cipher, sqlcipher_engine
from clinic.storage.fieldcrypt import attach_cipher
from clinic.storage.models import User, UserRole
from clinic.storage.types import utcnow

Rows = dict[str, list[list[object]]]
# How long a server restore waits for the other workstations' transactions to finish.
LOCK_TIMEOUT = "10s"


def verify_backup(clinic: Clinic, source: Path) -> backup_file.BackupHeader:
    header, _ = _read_backup(clinic.db.clinic_id, clinic.db.keys, source)
    return header


def _read_backup(
    clinic_id: str, keys: ClinicKeys, source: Path
) -> tuple[backup_file.BackupHeader, Rows]:
    if backup_file.read_clear_header(source).clinic_id != clinic_id:
        raise BackupInvalid(
            en="This backup is of another clinic. Nothing was changed.",
            zh="该备份属于另一家诊所。未作任何更改。",
        )
    header, rows = backup_file.read_rows(source, keys.derive("backup"))
    if header.schema_revision not in migrate.known_revisions():
        raise BackupInvalid(
            en="This backup was made by a newer version of the program. Nothing was changed.",
            zh="该备份由更新版本的程序生成。未作任何更改。",
        )
    return header, rows


def restore_backup(
    home: Path, source: Path, *, username: str, password: str, keystore: KeyStore | None = None
) -> str:
    """Replace the clinic's database with SOURCE, after checking all of it; returns where the
    replaced data was kept (a file, or a schema on the server)."""
    settings = load_local(home)
    store = keystore or keystore_for(home, settings)
    keys = store.load(settings.clinic_id)
    header, rows = _read_backup(settings.clinic_id, keys, source)
    restore = _Restore(settings, keys, header, rows, username, password, source)
    if settings.mode == "embedded":
        kept = str(restore.embedded(home))
    else:
        clinic = open_clinic(home, keystore=store)
        try:
            auto_backup(clinic.db, home, settings.clinic_name, reason="pre-restore")
            kept = f"schema {restore.server(clinic)}"
        finally:
            clinic.close()
    # The older trail was put back on purpose, and its restore event says so: checkpoint there.
    WorkstationCheckpoint(home, keys.audit, settings.clinic_id, settings.workstation).reset(
        *restore.sealed
    )
    return kept


def _check_restorer(session: Session, username: str, password: str) -> User:
    """USERNAME must be an active, unlocked administrator with PASSWORD in the restored rows."""
    user = session.scalars(
        select(User).where(User.username == username.strip().lower())
    ).one_or_none()
    if (
        user is None
        or not user.active
        or (user.locked_until is not None and user.locked_until > utcnow())
        or not verify_password(user.password_hash, password)
    ):
        raise AuthenticationFailed(
            en="Wrong user name or password (as recorded in the backup). Nothing was changed.",
            zh="用户名或密码错误（以备份中的记录为准）。未作任何更改。",
        )
    roles = session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    if Role.ADMINISTRATOR.value not in set(roles):
        raise BackupInvalid(
            en="Only an administrator can restore a backup. Nothing was changed.",
            zh="只有管理员可以恢复备份。未作任何更改。",
        )
    return user


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


class _Restore:
    """One backup's rows, on their way into this clinic."""

    def __init__(
        self,
        settings: LocalSettings,
        keys: ClinicKeys,
        header: backup_file.BackupHeader,
        rows: Rows,
        username: str,
        password: str,
        source: Path,
    ) -> None:
        self.settings, self.keys, self.header, self.rows = settings, keys, header, rows
        self.username, self.password, self.source = username, password, source

    def load(self, conn: Connection) -> None:
        """The rows into an empty schema at the backup's revision, then migrated to this one
        with the data steps the migrations owe."""
        migrate.upgrade_connection(conn, self.header.schema_revision)
        backup_file.load_rows(conn, self.rows, self.header.columns)
        migrate.upgrade_connection(conn)
        run_owed(
            Session(bind=conn),
            before=self.header.schema_revision,
            cipher=field_cipher(self.keys),
            audit_key=self.keys.audit,
            workstation=self.settings.workstation,
            clinic_id=self.settings.clinic_id,
        )

    def seal(self, conn: Connection) -> None:
        """In the restored copy, before it replaces anything: its audit chain intact, an
        administrator in it, and the restore's own event at the end of its chain."""
        session = Session(bind=conn)
        chain = audit.verify_chain(session, self.keys.audit)
        if not chain.ok:
            raise BackupInvalid(
                en=f"The backup's audit trail is not intact ({chain.problem_en}). "
                "Nothing was changed.",
                zh=f"备份中的审计记录不完整（{chain.problem_zh}）。未作任何更改。",
            )
        user = _check_restorer(session, self.username, self.password)
        audit.append(
            session,
            self.keys.audit,
            EventDraft(
                user_id=user.id,
                username=user.username,
                workstation=self.settings.workstation,
                session_id=None,
                action="backup.restore",
                entity="backup",
                entity_id=self.header.created_at,
                outcome=Outcome.DONE,
                details={
                    "rows": self.header.rows,
                    "file": self.source.name,
                    "schema": self.header.schema_revision,
                },
            ),
        )
        session.flush()
        self.sealed: tuple[int, str] = session.info[SEEN]

    def embedded(self, home: Path) -> Path:
        """Into a staging file beside the database, then renamed over it; the replaced file is
        kept in the backups folder."""
        assert self.keys.database is not None
        path = home / DATABASE_FILE
        staging = home / f"{DATABASE_FILE}.restoring"
        for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            leftover.unlink(missing_ok=True)
        engine = sqlcipher_engine(staging, self.keys.database, pool=False)
        attach_cipher(engine.dialect, field_cipher(self.keys))
        try:
            with engine.begin() as conn:
                self.load(conn)
                self.seal(conn)
            raw = engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
            finally:
                raw.close()
        except BaseException:
            engine.dispose()
            staging.unlink(missing_ok=True)
            raise
        engine.dispose()
        kept = home / BACKUP_DIR / f"replaced-{_stamp()}.db"
        kept.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{path}{suffix}")
            if old.exists():
                os.replace(old, Path(f"{kept}{suffix}"))
        for suffix in ("-wal", "-shm"):
            Path(f"{staging}{suffix}").unlink(missing_ok=True)
        os.replace(staging, path)
        return kept

    def server(self, clinic: Clinic) -> str:
        """Into a fresh schema, then swapped with the live one in the transaction that wrote
        the restore's event; returns the schema the replaced data is kept in. Workstations that
        stay connected read the restored data from then on: PostgreSQL re-plans every prepared
        statement when a schema is renamed."""
        engine = clinic.db.engine
        suffix = f"{_stamp().lower()}_{secrets.token_hex(2)}"
        staging, kept = f"restoring_{suffix}", f"replaced_{suffix}"
        try:
            with engine.begin() as conn:
                live = str(conn.execute(text("SELECT current_schema()")).scalar_one())
                conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
                # No workstation may write into what is about to be replaced.
                held = conn.scalars(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": live}
                ).all()
                if held:
                    names = ", ".join(f'"{live}"."{name}"' for name in held)
                    conn.execute(text(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE"))
                conn.execute(text(f'CREATE SCHEMA "{staging}"'))
                conn.execute(text(f'SET LOCAL search_path TO "{staging}"'))
                self.load(conn)
                self.seal(conn)
                conn.execute(text(f'ALTER SCHEMA "{live}" RENAME TO "{kept}"'))
                conn.execute(text(f'ALTER SCHEMA "{staging}" RENAME TO "{live}"'))
        except OperationalError as exc:
            if "lock timeout" not in str(exc.orig):
                raise
            raise StorageError(
                en="Other workstations are still working in the clinic's database. Close the "
                "app on every workstation, then restore again. Nothing was changed.",
                zh="其他工作站仍在使用诊所数据库。请先关闭所有工作站上的程序，再重新恢复。"
                "未作任何更改。",
            ) from exc
        return kept
