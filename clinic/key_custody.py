"""The custody of the clinic's keys: a passphrase-wrapped backup, putting it back into this
computer's keyring, and another workstation joining a server-mode clinic."""

from __future__ import annotations

from pathlib import Path

from clinic.app import Clinic, keystore_for, open_clinic
from clinic.config import LocalSettings, load_local, save_local
from clinic.errors import InvalidInput
from clinic.fileio import write_private
from clinic.privacy.keys import KeyStore, OsKeyringStore, unwrap_keys, wrap_keys
from clinic.privacy.permissions import Action
from clinic.service import Call, service


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
