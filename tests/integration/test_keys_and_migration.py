"""Key backup and restore; an older database is backed up then migrated; a newer one is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from clinic import app
from clinic.backups import create_backup
from clinic.config import BACKUP_DIR, DATABASE_FILE
from clinic.errors import Conflict, InvalidInput, KeyUnavailable, SchemaTooNew, StorageError
from clinic.key_custody import backup_keys, import_workstation, restore_keys
from clinic.new_clinic import init_clinic
from clinic.patients.registry import register_patient
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import ClinicKeys, wrap_keys
from clinic.privacy.permissions import Role
from clinic.privacy.users import check_session
from clinic.restore import restore_backup, verify_backup
from clinic.storage import migrate
from clinic.storage.db import field_cipher, postgres_engine, sqlcipher_engine
from clinic.storage.fieldcrypt import attach_cipher
from clinic.storage.models import AuditEvent, Base
from clinic.storage.uow import UnitOfWork
from tests.conftest import ADMIN_PASSWORD, PASSPHRASE
from tests.integration.helpers import files_state, national_id, rows_state

# --- key backup ------------------------------------------------------------------------------


def test_key_backup_brings_the_clinic_back(clinic, tmp_path: Path) -> None:
    clinic_id = clinic.clinic.settings.clinic_id
    saved = tmp_path / "keys.json"
    backup_keys(clinic.admin(), target=saved, passphrase="another long passphrase")
    assert saved.stat().st_mode & 0o077 == 0  # owner-only
    document = json.loads(saved.read_text())
    assert document["clinic_id"] == clinic_id
    keys = clinic.keystore.load(clinic_id)
    for key in (keys.field, keys.audit):
        assert key.hex() not in saved.read_text()  # wrapped, never in clear
    before = rows_state(clinic.db.engine)
    clinic.clinic.close()

    clinic.keystore.delete(clinic_id)
    with pytest.raises(KeyUnavailable):
        app.open_clinic(clinic.home, keystore=clinic.keystore)

    # A wrong passphrase is refused and puts nothing in the keyring.
    with pytest.raises(InvalidInput) as caught:
        restore_keys(clinic.home, saved, "not the passphrase!", keystore=clinic.keystore)
    assert "passphrase" in caught.value.message("en")
    with pytest.raises(KeyUnavailable):
        clinic.keystore.load(clinic_id)

    # Another clinic's key file is refused too, even with its right passphrase.
    foreign = tmp_path / "foreign-keys.json"
    foreign.write_bytes(wrap_keys("another-clinic", ClinicKeys.generate(embedded=True), PASSPHRASE))
    with pytest.raises(InvalidInput) as caught:
        restore_keys(clinic.home, foreign, PASSPHRASE, keystore=clinic.keystore)
    assert "another clinic" in caught.value.message("en")
    with pytest.raises(KeyUnavailable):
        clinic.keystore.load(clinic_id)

    # An altered key file is refused.
    altered = tmp_path / "altered-keys.json"
    document["clinic_id"] = "x" + clinic_id[1:]
    altered.write_text(json.dumps(document))
    with pytest.raises(InvalidInput):
        restore_keys(clinic.home, altered, "another long passphrase", keystore=clinic.keystore)
    with pytest.raises(KeyUnavailable):
        clinic.keystore.load(clinic_id)

    assert (
        restore_keys(clinic.home, saved, "another long passphrase", keystore=clinic.keystore)
        == clinic_id
    )
    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert rows_state(clinic.db.engine) == before
    assert check_session(clinic.admin()).username == "admin"
    assert verify_audit_trail(clinic.admin()).ok


# --- schema migrations -----------------------------------------------------------------------


def _raw_engine(clinic):  # type: ignore[no-untyped-def]
    """An engine on the clinic's database that bypasses open_clinic (the way an old version would)."""
    keys = clinic.keystore.load(clinic.clinic.settings.clinic_id)
    if clinic.backend == "sqlcipher":
        engine = sqlcipher_engine(clinic.home / DATABASE_FILE, keys.database, pool=False)
    else:
        engine = postgres_engine(clinic.clinic.settings.database_url)
    attach_cipher(engine.dialect, field_cipher(keys))
    return engine


def test_older_database_is_backed_up_then_upgraded(clinic) -> None:
    assert migrate.head_revision() != "0001"
    clinic.clinic.close()
    engine = _raw_engine(clinic)
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        config.attributes["cipher"] = engine.dialect.clinic_field_cipher
        command.downgrade(config, "0001")  # the schema as the first release wrote it
    assert migrate.current_revision(engine) == "0001"
    engine.dispose()
    backups = clinic.home / BACKUP_DIR
    assert not backups.exists()

    # Refusing the upgrade changes nothing.
    before = files_state(clinic.home)
    with pytest.raises(StorageError):
        app.open_clinic(clinic.home, keystore=clinic.keystore, upgrade=False)
    assert files_state(clinic.home) == before

    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert migrate.current_revision(clinic.db.engine) == migrate.head_revision()
    saved = list(backups.glob("pre-upgrade-0001-*.clinicbak"))
    assert len(saved) == 1
    header = verify_backup(clinic.clinic, saved[0])
    assert header.schema_revision == "0001"
    assert "sites" not in header.tables

    with UnitOfWork(clinic.db, read_only=True) as uow:
        details = json.loads(
            uow.session.scalars(
                select(AuditEvent.details).where(AuditEvent.action == "schema.upgrade")
            ).one()
        )
    assert details["before"] == "0001"
    assert details["after"] == migrate.head_revision()
    assert details["backup"] == saved[0].name
    admin = clinic.admin()
    assert verify_audit_trail(admin).ok

    # The pre-upgrade backup restores (migrated to head on the way in).
    clinic.clinic.close()
    restore_backup(
        clinic.home, saved[0], username="admin", password=ADMIN_PASSWORD, keystore=clinic.keystore
    )
    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert migrate.current_revision(clinic.db.engine) == migrate.head_revision()
    assert check_session(clinic.admin()).username == "admin"
    assert verify_audit_trail(clinic.admin()).ok


def test_the_migrations_build_exactly_the_models(clinic) -> None:
    """A model changed without its migration (or the reverse) shows here, on both backends."""
    engine = clinic.db.engine
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_newer_database_is_refused_and_nothing_changes(clinic) -> None:
    clinic.clinic.close()
    engine = _raw_engine(clinic)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed9999'"))
    before_rows = rows_state(engine)
    engine.dispose()
    before_files = files_state(clinic.home)

    with pytest.raises(SchemaTooNew) as caught:
        app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert "f00dfeed9999" in caught.value.message("en")
    assert "newer version" in caught.value.message("en")

    assert files_state(clinic.home) == before_files  # no backup, no WAL, same bytes
    assert not (clinic.home / BACKUP_DIR).exists()
    engine = _raw_engine(clinic)
    try:
        assert rows_state(engine) == before_rows
        assert migrate.current_revision(engine) == "f00dfeed9999"
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_server_database_holding_a_clinic_is_refused_and_nothing_is_written(
    clinic, tmp_path: Path
) -> None:
    home, backup = tmp_path / "second", tmp_path / "second-keys.json"
    with pytest.raises(Conflict) as caught:
        init_clinic(
            home,
            name="Second",
            admin_username="admin",
            admin_full_name="Admin",
            admin_password=ADMIN_PASSWORD,
            key_backup=backup,
            passphrase=PASSPHRASE,
            server_url=clinic.clinic.settings.database_url,
            keystore=clinic.keystore,
        )
    assert "already holds a clinic" in caught.value.message("en")
    assert not home.exists() and not backup.exists()  # no folder, no key file written


def _server_clinic(url: str, keystore, tmp_path: Path) -> Iterator[app.Clinic]:  # type: ignore[no-untyped-def]
    """A clinic founded by init_clinic on the PostgreSQL database at URL, removed afterwards."""
    made = init_clinic(
        tmp_path / "clinic",
        name="Server",
        admin_username="admin",
        admin_full_name="Admin",
        admin_password=ADMIN_PASSWORD,
        key_backup=tmp_path / "keys.json",
        passphrase=PASSPHRASE,
        server_url=url,
        keystore=keystore,
    ).clinic
    try:
        yield made
    finally:
        made.close()
        keystore.delete(made.settings.clinic_id)


def test_init_carries_on_where_one_stopped_after_its_migrations(
    pg_database: str, keystore, tmp_path: Path
) -> None:
    """The migrations commit on their own: an init cut off after them left a schema with no
    clinic, and is simply run again."""
    from sqlalchemy import create_engine

    engine = create_engine(pg_database)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    for made in _server_clinic(pg_database, keystore, tmp_path):
        assert check_session(made.login("admin", ADMIN_PASSWORD)).username == "admin"


def test_init_on_an_empty_server_database_runs_every_migration(
    pg_database: str, keystore, tmp_path: Path
) -> None:
    """The tests' PostgreSQL clinics are copies of a migrated template; this one is made the way
    a clinic is, from an empty database."""
    from sqlalchemy import create_engine

    empty = create_engine(pg_database)
    try:
        assert migrate.current_revision(empty) is None
    finally:
        empty.dispose()
    for made in _server_clinic(pg_database, keystore, tmp_path):
        assert migrate.current_revision(made.db.engine) == migrate.head_revision()
        assert verify_audit_trail(made.login("admin", ADMIN_PASSWORD)).ok


# --- keys checked before they are stored --------------------------------------------------------


def _other_keys(right: ClinicKeys, *which: str) -> ClinicKeys:
    """RIGHT with the keys named in WHICH replaced by fresh ones."""
    fresh = ClinicKeys.generate(embedded=right.database is not None)
    return ClinicKeys(
        database=fresh.database if "database" in which else right.database,
        field=fresh.field if "field" in which else right.field,
        audit=fresh.audit if "audit" in which else right.audit,
    )


def _keys_state(clinic) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    keys = clinic.keystore.load(clinic.clinic.settings.clinic_id)
    return keys, files_state(clinic.home)


@pytest.mark.parametrize(
    "replaced", [("database", "field", "audit"), ("audit",), ("field",), ("field", "audit")]
)
def test_key_restore_refuses_keys_that_do_not_open_this_clinic(
    clinic, tmp_path: Path, replaced: tuple[str, ...]
) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    register_patient(doc, name="张三", national_id=national_id(), sex="M")
    clinic_id = clinic.clinic.settings.clinic_id
    right = clinic.keystore.load(clinic_id)
    wrong_file = tmp_path / "wrong-keys.json"
    wrong_file.write_bytes(wrap_keys(clinic_id, _other_keys(right, *replaced), PASSPHRASE))
    clinic.clinic.close()
    before = _keys_state(clinic)

    with pytest.raises(InvalidInput) as caught:
        restore_keys(clinic.home, wrong_file, PASSPHRASE, keystore=clinic.keystore)
    assert "do not belong to this clinic" in caught.value.message("en")
    assert "密钥未被保存" in caught.value.message("zh_CN")
    assert _keys_state(clinic) == before  # keyring entry and every file as they were

    assert restore_keys(clinic.home, clinic.key_backup, PASSPHRASE, keystore=clinic.keystore)
    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert verify_audit_trail(clinic.admin()).ok


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_key_restore_without_the_database_checks_the_keys_against_a_backup(
    clinic, tmp_path: Path
) -> None:
    clinic_id = clinic.clinic.settings.clinic_id
    saved = tmp_path / "full.clinicbak"
    create_backup(clinic.admin(), target=saved, clinic_name="x")
    wrong_file = tmp_path / "wrong-keys.json"
    right = clinic.keystore.load(clinic_id)
    wrong_file.write_bytes(wrap_keys(clinic_id, _other_keys(right, "field"), PASSPHRASE))
    clinic.clinic.close()
    (clinic.home / DATABASE_FILE).unlink()
    clinic.keystore.delete(clinic_id)

    with pytest.raises(InvalidInput) as caught:
        restore_keys(clinic.home, clinic.key_backup, PASSPHRASE, keystore=clinic.keystore)
    assert "--backup" in caught.value.message("en") and "--backup" in caught.value.message("zh_CN")
    with pytest.raises(InvalidInput) as caught:
        restore_keys(clinic.home, wrong_file, PASSPHRASE, keystore=clinic.keystore, backup=saved)
    assert "do not open the backup" in caught.value.message("en")
    with pytest.raises(KeyUnavailable):
        clinic.keystore.load(clinic_id)

    restore_keys(clinic.home, clinic.key_backup, PASSPHRASE, keystore=clinic.keystore, backup=saved)
    restore_backup(
        clinic.home, saved, username="admin", password=ADMIN_PASSWORD, keystore=clinic.keystore
    )
    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert verify_audit_trail(clinic.admin()).ok


@pytest.mark.parametrize("backend", ["postgresql"])
def test_key_import_refuses_keys_that_do_not_open_the_server_clinic(clinic, tmp_path: Path) -> None:
    clinic_id = clinic.clinic.settings.clinic_id
    url = clinic.clinic.settings.database_url
    right = clinic.keystore.load(clinic_id)
    exported = tmp_path / "exported.json"
    backup_keys(clinic.admin(), target=exported, passphrase=PASSPHRASE)
    wrong_file = tmp_path / "wrong-keys.json"
    wrong_file.write_bytes(wrap_keys(clinic_id, _other_keys(right, "field", "audit"), PASSPHRASE))
    workstation = tmp_path / "workstation-2"

    with pytest.raises(InvalidInput) as caught:
        import_workstation(
            workstation,
            wrong_file,
            PASSPHRASE,
            server_url=url,
            clinic_name="N",
            keystore=clinic.keystore,
        )
    assert "audit trail's seal" in caught.value.message("en")
    assert "审计" in caught.value.message("zh_CN")
    assert not workstation.exists()
    assert clinic.keystore.load(clinic_id) == right

    joined = import_workstation(
        workstation,
        exported,
        PASSPHRASE,
        server_url=url,
        clinic_name="N",
        keystore=clinic.keystore,
    )
    try:
        assert check_session(joined.login("admin", ADMIN_PASSWORD)).username == "admin"
    finally:
        joined.close()
