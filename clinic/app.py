"""The composition root: settings -> keys -> storage -> services, for the GUI and the CLI alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.backups import auto_backup
from clinic.config import (
    DATABASE_FILE,
    LocalSettings,
    default_home,
    demo_key_path,
    load_local,
)
from clinic.data_steps import run_owed, system_draft
from clinic.errors import (
    ServerUnreachable,
    StorageError,
)
from clinic.privacy import audit
from clinic.privacy.audit import EventDraft
from clinic.privacy.checkpoint import WorkstationCheckpoint
from clinic.privacy.keys import (
    DemoKeyFile,
    KeyStore,
    OsKeyringStore,
)
from clinic.privacy.users import login
from clinic.service import AuthContext
from clinic.storage import migrate
from clinic.storage.db import Database, open_engine
from clinic.storage.models import ClinicInfo
from clinic.storage.uow import UnitOfWork


@dataclass
class Clinic:
    """One open clinic on this computer."""

    home: Path
    settings: LocalSettings
    db: Database
    keystore: KeyStore
    # A satellite's workstation opened while its server was out of reach (open_clinic's
    # OFFLINE_OK): it starts on its replica; the server is checked when the link is back.
    unreachable: bool = False

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
    return system_draft(db.workstation, db.clinic_id, action, dict(details))


def open_clinic(
    home: Path | None = None,
    *,
    keystore: KeyStore | None = None,
    upgrade: bool = True,
    offline_ok: bool = False,
) -> Clinic:
    """Open the clinic in HOME; an older schema is backed up, then migrated. OFFLINE_OK: a
    satellite's workstation (server mode, a satellite site in its settings) whose server cannot
    be reached still opens, marked unreachable, to dose from its replica."""
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
    satellite = offline_ok and settings.mode == "server" and bool(settings.satellite_site)
    try:
        engine = open_engine(mode=settings.mode, keys=keys, path=path, url=settings.database_url)
        unreachable = False
    except StorageError as exc:
        if not satellite or not isinstance(exc.__cause__, ServerUnreachable):
            raise
        engine = open_engine(
            mode=settings.mode, keys=keys, path=path, url=settings.database_url, check=False
        )
        unreachable = True
    db = Database(
        engine=engine,
        keys=keys,
        mode=settings.mode,
        clinic_id=settings.clinic_id,
        demo=settings.demo,
        workstation=settings.workstation,
    )
    db.home = home
    db.audit_checkpoint = WorkstationCheckpoint(
        home, keys.audit, settings.clinic_id, db.workstation
    )
    clinic = Clinic(home=home, settings=settings, db=db, keystore=store, unreachable=unreachable)
    if unreachable:
        return clinic  # no schema or identity check without the server: the replica was checked
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
            saved = auto_backup(db, home, settings.clinic_name, reason=f"pre-upgrade-{before}")
            _upgrade(db, before, backup=saved.name)
        _check_identity(db)
    except BaseException:
        clinic.close()
        raise
    return clinic


def _upgrade(db: Database, before: str, *, backup: str) -> None:
    """Migrate, run the data steps the migrations owe, and record it: one transaction."""
    with db.engine.begin() as conn:
        migrate.upgrade_connection(conn)
        session = Session(bind=conn)
        steps = run_owed(
            session,
            before=before,
            cipher=db.cipher,
            audit_key=db.keys.audit,
            workstation=db.workstation,
            clinic_id=db.clinic_id,
        )
        audit.append(
            session,
            db.keys.audit,
            system_event(
                db,
                "schema.upgrade",
                before=before,
                after=migrate.head_revision(),
                backup=backup,
                data_steps=steps,
            ),
        )
        session.flush()


def _check_identity(db: Database) -> None:
    with UnitOfWork(db, read_only=True) as uow:
        found = uow.session.scalars(select(ClinicInfo.clinic_id)).first()
    if found != db.clinic_id:
        raise StorageError(
            en="This database belongs to a different clinic than these settings. Nothing was "
            "changed; check the clinic folder and the database address.",
            zh="该数据库与本机设置属于不同的诊所。未作任何更改；请检查诊所文件夹和数据库地址。",
        )
