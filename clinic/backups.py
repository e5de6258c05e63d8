"""Encrypted backups of the whole database: on request, and automatically before an upgrade."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from clinic.config import BACKUP_DIR
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage import backup as backup_file
from clinic.storage.db import Database


def auto_backup(db: Database, home: Path, clinic_name: str, *, reason: str) -> Path:
    """A backup into the clinic folder's backups/, before something that replaces data."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = home / BACKUP_DIR / f"{reason}-{stamp}.clinicbak"
    backup_file.write_backup(
        db.engine,
        target,
        db.keys.derive("backup"),
        clinic_id=db.clinic_id,
        clinic_name=clinic_name,
        mode=db.mode,
        demo=db.demo,
    )
    return target


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
