"""The composition root: settings -> keys -> storage -> services, for the GUI and the CLI alike."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.config import (
    BACKUP_DIR,
    DATABASE_FILE,
    LocalSettings,
    default_home,
    demo_key_path,
    load_local,
    save_local,
)
from clinic.errors import (
    AuthenticationFailed,
    BackupInvalid,
    Conflict,
    InvalidInput,
    StorageError,
)
from clinic.fileio import write_private
from clinic.privacy import audit
from clinic.privacy.audit import EventDraft, Outcome
from clinic.privacy.keys import (
    ClinicKeys,
    DemoKeyFile,
    KeyStore,
    OsKeyringStore,
    check_passphrase,
    unwrap_keys,
    wrap_keys,
)
from clinic.privacy.passwords import hash_password, verify_password
from clinic.privacy.permissions import Action, Role
from clinic.privacy.users import login
from clinic.service import AuthContext, Call, service
from clinic.storage import backup as backup_file
from clinic.storage import migrate
from clinic.storage.db import Database, Mode, field_cipher, open_engine, sqlcipher_engine
from clinic.storage.fieldcrypt import attach_cipher
from clinic.storage.models import ClinicInfo, Site, User, UserRole
from clinic.storage.types import utcnow
from clinic.storage.uow import UnitOfWork

SYSTEM = "system"


@dataclass
class Clinic:
    """One open clinic on this computer."""

    home: Path
    settings: LocalSettings
    db: Database
    keystore: KeyStore

    @property
    def demo(self) -> bool:
        return self.settings.demo

    @property
    def database_path(self) -> Path:
        return self.home / DATABASE_FILE

    def login(self, username: str, password: str, *, take_over: bool = False) -> AuthContext:
        return login(
            self.db, username=username, password=password, end_sessions_on_workstation=take_over
        )

    def close(self) -> None:
        self.db.dispose()


def keystore_for(home: Path, settings: LocalSettings) -> KeyStore:
    if settings.demo:
        return DemoKeyFile(demo_key_path(home))
    return OsKeyringStore()


def system_event(db: Database, action: str, **details: object) -> EventDraft:
    return EventDraft(
        user_id=None,
        username=SYSTEM,
        workstation=db.workstation,
        session_id=None,
        action=action,
        entity="clinic",
        entity_id=db.clinic_id,
        outcome=Outcome.DONE,
        details=dict(details),
    )


def open_clinic(
    home: Path | None = None, *, keystore: KeyStore | None = None, upgrade: bool = True
) -> Clinic:
    """Open the clinic in HOME; an older schema is backed up, then migrated."""
    home = home or default_home()
    settings = load_local(home)
    store = keystore or keystore_for(home, settings)
    keys = store.load(settings.clinic_id)
    path = home / DATABASE_FILE
    if settings.mode == "embedded" and not path.exists():
        raise StorageError(
            en=f"The database file {path} is missing. Restore the latest backup with: "
            "clinic-admin restore FILE.",
            zh=f"数据库文件 {path} 不存在。请用 clinic-admin restore 文件 恢复最近的备份。",
        )
    engine = open_engine(mode=settings.mode, keys=keys, path=path, url=settings.database_url)
    db = Database(
        engine=engine,
        keys=keys,
        mode=settings.mode,
        clinic_id=settings.clinic_id,
        demo=settings.demo,
        workstation=settings.workstation,
    )
    clinic = Clinic(home=home, settings=settings, db=db, keystore=store)
    try:
        if migrate.needs_upgrade(engine):
            if not upgrade:
                raise StorageError(en="The database needs an upgrade.", zh="数据库需要升级。")
            before = migrate.current_revision(engine)
            if before is None:
                raise StorageError(
                    en="The database is empty: it was never initialised. Run clinic-admin init.",
                    zh="数据库为空，尚未初始化。请运行 clinic-admin init。",
                )
            saved = auto_backup(clinic, reason=f"pre-upgrade-{before}")
            migrate.upgrade(engine)
            with UnitOfWork(db) as uow:
                audit.append(
                    uow.session,
                    keys.audit,
                    system_event(
                        db,
                        "schema.upgrade",
                        before=before,
                        after=migrate.head_revision(),
                        backup=saved.name,
                    ),
                )
                uow.commit()
        _check_identity(db)
    except BaseException:
        clinic.close()
        raise
    return clinic


def _check_identity(db: Database) -> None:
    with UnitOfWork(db, read_only=True) as uow:
        found = uow.session.scalars(select(ClinicInfo.clinic_id)).first()
    if found != db.clinic_id:
        raise StorageError(
            en="This database belongs to a different clinic than these settings. Nothing was "
            "changed; check the clinic folder and the database address.",
            zh="该数据库与本机设置属于不同的诊所。未作任何更改；请检查诊所文件夹和数据库地址。",
        )


def auto_backup(clinic: Clinic, *, reason: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = clinic.home / BACKUP_DIR / f"{reason}-{stamp}.clinicbak"
    backup_file.write_backup(
        clinic.db.engine,
        target,
        clinic.db.keys.derive("backup"),
        clinic_id=clinic.db.clinic_id,
        clinic_name=clinic.settings.clinic_name,
        mode=clinic.db.mode,
        demo=clinic.demo,
    )
    return target


@dataclass(frozen=True)
class NewClinic:
    clinic: Clinic
    admin_username: str


def init_clinic(
    home: Path,
    *,
    name: str,
    admin_username: str,
    admin_full_name: str,
    admin_password: str,
    key_backup: Path | None,
    passphrase: str | None,
    server_url: str | None = None,
    demo: bool = False,
    keystore: KeyStore | None = None,
    site_code: str = "MAIN",
    site_name: str | None = None,
    timezone: str = "Asia/Shanghai",
) -> NewClinic:
    """Create a clinic: keys into the keyring, an encrypted database, the first administrator."""
    from clinic.administration import _check_site
    from clinic.privacy.users import _check_full_name, _check_username

    if (home / "clinic.json").exists():
        raise Conflict(
            en=f"There is already a clinic at {home}. Nothing was changed.",
            zh=f"{home} 已有诊所。未作任何更改。",
        )
    clinic_name = name.strip()
    if not clinic_name:
        raise InvalidInput(en="Give the clinic a name.", zh="请填写诊所名称。")
    admin = _check_username(admin_username)
    full_name = _check_full_name(admin_full_name)
    password_hash = hash_password(admin_password)
    code, site_title, tz = _check_site(site_code, site_name or clinic_name, timezone)
    if not demo:
        if key_backup is None or passphrase is None:
            raise InvalidInput(
                en="A real clinic needs a key backup: losing the key loses the clinic. Give a "
                "key backup file and a recovery passphrase.",
                zh="正式诊所必须备份密钥：丢失密钥即丢失全部数据。请提供密钥备份文件和恢复口令。",
            )
        check_passphrase(passphrase)
    mode: Mode = "server" if server_url else "embedded"
    settings = LocalSettings(
        clinic_id=str(uuid.uuid4()),
        clinic_name=clinic_name,
        mode=mode,
        database_url=server_url,
        demo=demo,
    )
    store = keystore or keystore_for(home, settings)
    if store.demo != demo:
        raise InvalidInput(
            en="Demo keys are only for a demo clinic.", zh="演示密钥仅用于演示诊所。"
        )
    keys = ClinicKeys.generate(embedded=mode == "embedded")
    path = home / DATABASE_FILE
    if mode == "embedded" and path.exists():
        raise Conflict(
            en=f"{path} already exists. Nothing was changed.", zh=f"{path} 已存在。未作任何更改。"
        )
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o700)
    if key_backup is not None and passphrase is not None:
        write_private(key_backup, wrap_keys(settings.clinic_id, keys, passphrase))
    store.save(settings.clinic_id, keys)
    engine = (
        sqlcipher_engine(path, keys.database, pool=False)
        if keys.database
        else open_engine(mode=mode, keys=keys, path=None, url=server_url)
    )
    attach_cipher(engine.dialect, field_cipher(keys))
    try:
        if mode == "server" and migrate.current_revision(engine) is not None:
            raise Conflict(
                en="That PostgreSQL database already holds a clinic. Nothing was changed.",
                zh="该 PostgreSQL 数据库中已有诊所。未作任何更改。",
            )
        migrate.upgrade(engine)
        db = Database(
            engine=engine,
            keys=keys,
            mode=mode,
            clinic_id=settings.clinic_id,
            demo=demo,
            workstation=settings.workstation,
        )
        with UnitOfWork(db) as uow:
            s = uow.session
            s.add(ClinicInfo(clinic_id=settings.clinic_id, name=clinic_name, demo=demo))
            s.add(Site(code=code, name=site_title, timezone=tz, active=True))
            user = User(
                username=admin,
                full_name=full_name,
                password_hash=password_hash,
                active=True,
                must_change_password=False,
                failed_attempts=0,
                password_changed_at=utcnow(),
            )
            s.add(user)
            s.flush()
            s.add(UserRole(user_id=user.id, role=Role.ADMINISTRATOR.value))
            audit.append(
                s,
                keys.audit,
                system_event(db, "clinic.init", mode=mode, demo=demo, administrator=admin),
            )
            uow.commit()
    finally:
        engine.dispose()
    save_local(home, settings)
    return NewClinic(clinic=open_clinic(home, keystore=store), admin_username=admin)


# --- backups -------------------------------------------------------------------------------


@service(Action.BACKUP_CREATE, entity="backup", read_only=True)
def create_backup(
    call: Call,
    *,
    target: Path,
    clinic_name: str,
    progress: Callable[[int, int], None] | None = None,
) -> backup_file.BackupHeader:
    """Write an encrypted backup of the whole database to TARGET."""
    db = call.db
    header = backup_file.write_backup(
        db.engine,
        target,
        db.keys.derive("backup"),
        clinic_id=db.clinic_id,
        clinic_name=clinic_name,
        mode=db.mode,
        demo=db.demo,
        progress=progress,
    )
    call.note(
        entity_id=header.created_at,
        rows=header.rows,
        schema=header.schema_revision,
        file=target.name,
    )
    return header


def verify_backup(clinic: Clinic, source: Path) -> backup_file.BackupHeader:
    header, _ = _read_backup(clinic, source)
    return header


def _read_backup(
    clinic: Clinic, source: Path
) -> tuple[backup_file.BackupHeader, dict[str, list[list[object]]]]:
    header, _, _ = backup_file.read_header(source)
    if header.clinic_id != clinic.db.clinic_id:
        raise BackupInvalid(
            en=f"This backup is of another clinic ({header.clinic_name}). Nothing was changed.",
            zh=f"该备份属于另一家诊所（{header.clinic_name}）。未作任何更改。",
        )
    if header.schema_revision not in migrate.known_revisions():
        raise BackupInvalid(
            en="This backup was made by a newer version of the program. Nothing was changed.",
            zh="该备份由更新版本的程序生成。未作任何更改。",
        )
    return backup_file.read_rows(source, clinic.db.keys.derive("backup"))


def restore_backup(
    home: Path, source: Path, *, username: str, password: str, keystore: KeyStore | None = None
) -> Path | None:
    """Replace the clinic's database with SOURCE, after checking all of it; returns where the
    replaced database was kept (embedded mode)."""
    settings = load_local(home)
    store = keystore or keystore_for(home, settings)
    keys = store.load(settings.clinic_id)
    shell = Clinic(
        home=home,
        settings=settings,
        keystore=store,
        db=Database(
            engine=None,  # type: ignore[arg-type]  # only the keys are used here
            keys=keys,
            mode=settings.mode,
            clinic_id=settings.clinic_id,
            demo=settings.demo,
            workstation=settings.workstation,
        ),
    )
    header, rows = _read_backup(shell, source)
    if settings.mode == "embedded":
        return _restore_embedded(home, settings, keys, header, rows, username, password, source)
    _restore_server(home, settings, keys, store, header, rows, username, password, source)
    return None


def _restored_checks(
    db: Database, username: str, password: str, source: Path, header: backup_file.BackupHeader
) -> None:
    """The restored copy's audit chain must be intact and an administrator in it must sign."""
    with UnitOfWork(db, read_only=True) as uow:
        result = audit.verify_chain(uow.session, db.keys.audit)
    if not result.ok:
        raise BackupInvalid(
            en=f"The backup's audit trail is not intact ({result.problem_en}). Nothing was changed.",
            zh=f"备份中的审计记录不完整（{result.problem_zh}）。未作任何更改。",
        )
    auth = login(db, username=username, password=password)
    if Role.ADMINISTRATOR not in auth.actor.roles:
        raise BackupInvalid(
            en="Only an administrator can restore a backup.", zh="只有管理员可以恢复备份。"
        )
    with UnitOfWork(db) as uow:
        audit.append(
            uow.session,
            db.keys.audit,
            EventDraft(
                user_id=auth.actor.user_id,
                username=auth.actor.username,
                workstation=auth.actor.workstation,
                session_id=auth.actor.session_id,
                action="backup.restore",
                entity="backup",
                entity_id=header.created_at,
                outcome=Outcome.DONE,
                details={"rows": header.rows, "file": source.name},
            ),
        )
        uow.commit()


def _restore_embedded(
    home: Path,
    settings: LocalSettings,
    keys: ClinicKeys,
    header: backup_file.BackupHeader,
    rows: dict[str, list[list[object]]],
    username: str,
    password: str,
    source: Path,
) -> Path:
    assert keys.database is not None
    path = home / DATABASE_FILE
    staging = home / f"{DATABASE_FILE}.restoring"
    for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
        leftover.unlink(missing_ok=True)
    engine = sqlcipher_engine(staging, keys.database, pool=False)
    attach_cipher(engine.dialect, field_cipher(keys))
    try:
        migrate.upgrade(engine, header.schema_revision)
        with engine.begin() as conn:
            backup_file.load_rows(conn, rows)
        migrate.upgrade(engine)
        db = Database(
            engine=engine,
            keys=keys,
            mode="embedded",
            clinic_id=settings.clinic_id,
            demo=settings.demo,
            workstation=settings.workstation,
        )
        _restored_checks(db, username, password, source, header)
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
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = home / BACKUP_DIR / f"replaced-{stamp}.db"
    kept.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        old = Path(f"{path}{suffix}")
        if old.exists():
            os.replace(old, Path(f"{kept}{suffix}"))
    for suffix in ("-wal", "-shm"):
        Path(f"{staging}{suffix}").unlink(missing_ok=True)
    os.replace(staging, path)
    return kept


def _check_restorer(session: Session, username: str, password: str) -> None:
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


def _restore_server(
    home: Path,
    settings: LocalSettings,
    keys: ClinicKeys,
    store: KeyStore,
    header: backup_file.BackupHeader,
    rows: dict[str, list[list[object]]],
    username: str,
    password: str,
    source: Path,
) -> None:
    clinic = open_clinic(home, keystore=store)
    try:
        if migrate.current_revision(clinic.db.engine) != header.schema_revision:
            raise BackupInvalid(
                en="In server mode a backup is restored by the program version that made it "
                f"(schema {header.schema_revision}). Nothing was changed.",
                zh=f"服务器模式下，备份须由生成它的程序版本恢复（结构版本 {header.schema_revision}）。未作任何更改。",
            )
        auto_backup(clinic, reason="pre-restore")
        engine = clinic.db.engine
        with engine.begin() as conn:
            for table in reversed(backup_file.reflect(conn)):
                conn.execute(table.delete())
            backup_file.load_rows(conn, rows)
            staged = Database(
                engine=engine,
                keys=keys,
                mode="server",
                clinic_id=settings.clinic_id,
                demo=settings.demo,
                workstation=settings.workstation,
            )
            chain = audit.verify_chain(Session(bind=conn), keys.audit)
            if not chain.ok:
                raise BackupInvalid(
                    en=f"The backup's audit trail is not intact ({chain.problem_en}). Nothing was changed.",
                    zh=f"备份中的审计记录不完整（{chain.problem_zh}）。未作任何更改。",
                )
            # Before the replacement commits: a wrong password must leave the old data in place.
            _check_restorer(Session(bind=conn), username, password)
        _restored_checks(staged, username, password, source, header)
    finally:
        clinic.close()


# --- keys ------------------------------------------------------------------------------------


@service(Action.KEY_BACKUP, entity="keys")
def backup_keys(call: Call, *, target: Path, passphrase: str) -> None:
    """Write this clinic's keys, wrapped with a recovery passphrase, to TARGET."""
    write_private(target, wrap_keys(call.db.clinic_id, call.db.keys, passphrase))
    call.note(entity_id=call.db.clinic_id, file=target.name)


def restore_keys(
    home: Path, source: Path, passphrase: str, keystore: KeyStore | None = None
) -> str:
    """Put the keys from a key backup into this computer's keyring; returns the clinic id."""
    settings = load_local(home)
    clinic_id, keys = unwrap_keys(source.read_bytes(), passphrase)
    if clinic_id != settings.clinic_id:
        raise InvalidInput(
            en="This key backup is for another clinic. Nothing was changed.",
            zh="该密钥备份属于另一家诊所。未作任何更改。",
        )
    store = keystore or keystore_for(home, settings)
    store.save(clinic_id, keys)
    return clinic_id


def import_workstation(
    home: Path,
    source: Path,
    passphrase: str,
    *,
    server_url: str,
    clinic_name: str,
    keystore: KeyStore | None = None,
) -> Clinic:
    """Join a server-mode clinic from this computer with keys exported by another workstation."""
    clinic_id, keys = unwrap_keys(source.read_bytes(), passphrase)
    settings = LocalSettings(
        clinic_id=clinic_id, clinic_name=clinic_name, mode="server", database_url=server_url
    )
    store = keystore or OsKeyringStore()
    store.save(clinic_id, keys)
    save_local(home, settings)
    return open_clinic(home, keystore=store)
