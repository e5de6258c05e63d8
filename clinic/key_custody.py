"""The custody of the clinic's keys: a passphrase-wrapped backup, putting it back into this
computer's keyring, and another workstation joining a server-mode clinic."""

from __future__ import annotations

import hmac
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from clinic.app import Clinic, keystore_for, open_clinic
from clinic.config import DATABASE_FILE, LocalSettings, load_local, save_local
from clinic.errors import ClinicError, InvalidInput
from clinic.fileio import write_private
from clinic.privacy import audit
from clinic.privacy.keys import ClinicKeys, KeyStore, OsKeyringStore, unwrap_keys, wrap_keys
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage import backup as backup_file
from clinic.storage.db import open_engine
from clinic.storage.models import AuditEvent, Patient


@service(Action.KEY_BACKUP, entity="keys")
def backup_keys(call: Call, *, target: Path, passphrase: str) -> None:
    """Write this clinic's keys, wrapped with a recovery passphrase, to TARGET."""
    write_private(target, wrap_keys(call.db.clinic_id, call.db.keys, passphrase))
    call.note(entity_id=call.db.clinic_id, file=target.name)


def restore_keys(
    home: Path,
    source: Path,
    passphrase: str,
    keystore: KeyStore | None = None,
    *,
    backup: Path | None = None,
) -> str:
    """Put the keys from a key backup into this computer's keyring, once they are shown to open
    this clinic's database (or, when its file is gone, BACKUP); returns the clinic id."""
    settings = load_local(home)
    clinic_id, keys = unwrap_keys(source.read_bytes(), passphrase)
    if clinic_id != settings.clinic_id:
        raise InvalidInput(
            en="This key backup is for another clinic. Nothing was changed.",
            zh="该密钥备份属于另一家诊所。未作任何更改。",
        )
    if settings.mode == "embedded" and not (home / DATABASE_FILE).exists():
        if backup is None:
            raise InvalidInput(
                en="The clinic's database file is missing, so these keys cannot be checked "
                "against it. Name the backup you will restore (--backup FILE): the keys are "
                "checked against it. Nothing was changed.",
                zh="诊所数据库文件不存在，无法用它核对这些密钥。请指明将要恢复的备份"
                "（--backup 文件），密钥将用它核对。未作任何更改。",
            )
        check_keys_open_backup(clinic_id, keys, backup)
    else:
        check_keys_open_clinic(settings, keys, home / DATABASE_FILE)
    store = keystore or keystore_for(home, settings)
    store.save(clinic_id, keys)
    return clinic_id


def _wrong_keys(reason_en: str, reason_zh: str) -> InvalidInput:
    return InvalidInput(
        en=f"These keys do not belong to this clinic's data ({reason_en}). They were not stored; "
        "the keys on this computer were not changed.",
        zh=f"这些密钥与本诊所的数据不符（{reason_zh}）。密钥未被保存，本机原有密钥未作更改。",
    )


def check_keys_open_clinic(settings: LocalSettings, keys: ClinicKeys, path: Path) -> None:
    """KEYS open the clinic's database, it is the clinic SETTINGS name, and its audit head and
    newest event carry the seal of KEYS' audit key; a patient's name opens with the field key."""
    try:
        engine = open_engine(mode=settings.mode, keys=keys, path=path, url=settings.database_url)
    except ClinicError as exc:
        if settings.mode == "embedded":
            raise _wrong_keys("they do not open the database", "无法用其打开数据库") from exc
        raise
    try:
        with engine.connect() as conn:
            session = Session(bind=conn)
            found = conn.execute(text("SELECT clinic_id FROM clinic_info")).scalars().all()
            if found != [settings.clinic_id]:
                raise _wrong_keys("the database is of another clinic", "数据库属于另一家诊所")
            head = conn.execute(
                text("SELECT seq, mac, head_mac FROM audit_head WHERE id = :id"),
                {"id": audit.HEAD_ROW},
            ).first()
            last = (
                session.scalars(select(AuditEvent).where(AuditEvent.seq == head.seq)).first()
                if head
                else None
            )
            if (
                head is None
                or last is None
                or not hmac.compare_digest(
                    head.head_mac, audit.head_mac(keys.audit, head.seq, head.mac)
                )
                or not hmac.compare_digest(last.mac, audit.event_mac(keys.audit, last))
            ):
                raise _wrong_keys(
                    "the audit trail's seal does not match their audit key",
                    "审计记录的校验码与其审计密钥不符",
                )
            try:
                session.scalars(select(Patient.name).limit(1)).first()
            except ClinicError as exc:
                raise _wrong_keys(
                    "patients' names do not open with their field key",
                    "无法用其字段密钥解密患者姓名",
                ) from exc
    finally:
        engine.dispose()


def check_keys_open_backup(clinic_id: str, keys: ClinicKeys, backup: Path) -> None:
    """KEYS decrypt every block of BACKUP, a backup of CLINIC_ID."""
    if backup_file.read_clear_header(backup).clinic_id != clinic_id:
        raise InvalidInput(
            en="That backup is of another clinic. Nothing was changed.",
            zh="该备份属于另一家诊所。未作任何更改。",
        )
    try:
        backup_file.read_rows(backup, keys.derive("backup"))
    except ClinicError as exc:
        raise _wrong_keys("they do not open the backup", "无法用其打开该备份") from exc


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
    check_keys_open_clinic(settings, keys, home / DATABASE_FILE)
    store = keystore or OsKeyringStore()
    store.save(clinic_id, keys)
    save_local(home, settings)
    return open_clinic(home, keystore=store)
