"""Founding a clinic: its keys into the keyring, an encrypted database, the first administrator."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from clinic.app import Clinic, keystore_for, open_clinic, system_event
from clinic.config import DATABASE_FILE, LocalSettings, save_local
from clinic.errors import Conflict, InvalidInput
from clinic.fileio import write_private
from clinic.privacy import audit
from clinic.privacy.checkpoint import WorkstationCheckpoint
from clinic.privacy.keys import ClinicKeys, KeyStore, check_passphrase, wrap_keys
from clinic.privacy.passwords import check_new_password, hash_password
from clinic.privacy.permissions import Role
from clinic.storage import migrate
from clinic.storage.db import Database, Mode, field_cipher, open_engine, sqlcipher_engine
from clinic.storage.fieldcrypt import attach_cipher
from clinic.storage.models import ClinicInfo, Site, User, UserRole
from clinic.storage.types import utcnow
from clinic.storage.uow import UnitOfWork


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
    check_new_password(admin_password, personal=(admin, full_name, clinic_name))
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
    engine = (
        sqlcipher_engine(path, keys.database, pool=False)
        if keys.database
        else open_engine(mode=mode, keys=keys, path=None, url=server_url)
    )
    attach_cipher(engine.dialect, field_cipher(keys))
    try:
        if mode == "server" and _holds_a_clinic(engine):
            raise Conflict(
                en="That PostgreSQL database already holds a clinic. Nothing was changed.",
                zh="该 PostgreSQL 数据库中已有诊所。未作任何更改。",
            )
        home.mkdir(parents=True, exist_ok=True)
        os.chmod(home, 0o700)
        if key_backup is not None and passphrase is not None:
            write_private(key_backup, wrap_keys(settings.clinic_id, keys, passphrase))
        store.save(settings.clinic_id, keys)
        migrate.upgrade(engine)
        db = Database(
            engine=engine,
            keys=keys,
            mode=mode,
            clinic_id=settings.clinic_id,
            demo=demo,
            workstation=settings.workstation,
            audit_checkpoint=WorkstationCheckpoint(
                home, keys.audit, settings.clinic_id, settings.workstation
            ),
            home=home,
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
            audit.start_chain(
                s, keys.audit, system_event(db, audit.GENESIS_ACTION, clinic_id=settings.clinic_id)
            )
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


def _holds_a_clinic(engine: Engine) -> bool:
    """True if the database has a clinic in it; a schema without one (an init that stopped
    after its migrations) is carried on."""
    if migrate.current_revision(engine) is None:
        return False
    migrate.needs_upgrade(engine)  # refuses a schema of a newer version
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(ClinicInfo)) != 0
