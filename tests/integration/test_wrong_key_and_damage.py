"""Wrong key, missing key, a damaged file, no secure keyring: a clear error, and nothing touched."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from clinic import app
from clinic.backups import create_backup
from clinic.config import DATABASE_FILE, demo_key_path
from clinic.demo import create_demo
from clinic.errors import ClinicError, InsecureKeyring, KeyUnavailable, WrongKeyOrDamaged
from clinic.key_custody import restore_keys
from clinic.new_clinic import init_clinic
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import ClinicKeys
from clinic.privacy.users import check_session, list_users
from tests.conftest import ADMIN_PASSWORD, PASSPHRASE
from tests.integration.helpers import files_state

EMBEDDED = pytest.mark.parametrize("backend", ["sqlcipher"])

PAGE = 4096  # SQLCipher 4 page size


def _closed(clinic) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Close the clinic (its WAL is checkpointed into the file) and snapshot its folder."""
    clinic.clinic.close()
    state = files_state(clinic.home)
    assert DATABASE_FILE in state
    assert f"{DATABASE_FILE}-wal" not in state
    return state


@EMBEDDED
def test_wrong_key_is_refused_and_file_untouched(clinic) -> None:
    before = _closed(clinic)
    clinic_id = clinic.clinic.settings.clinic_id
    right = clinic.keystore.load(clinic_id)
    clinic.keystore.save(clinic_id, ClinicKeys.generate(embedded=True))
    with pytest.raises(WrongKeyOrDamaged) as caught:
        app.open_clinic(clinic.home, keystore=clinic.keystore)
    message = caught.value.message("en")
    assert "clinic-admin key restore" in message
    assert "clinic-admin restore" in message
    assert "not changed" in message
    assert "key restore" in caught.value.message("zh_CN")
    assert files_state(clinic.home) == before  # same bytes, no -wal / -shm / journal left
    # The right key still opens it: nothing was lost.
    clinic.keystore.save(clinic_id, right)
    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert check_session(clinic.admin()).username == "admin"


@EMBEDDED
def test_missing_key_is_refused_and_file_untouched(clinic) -> None:
    before = _closed(clinic)
    clinic_id = clinic.clinic.settings.clinic_id
    clinic.keystore.delete(clinic_id)
    with pytest.raises(KeyUnavailable) as caught:
        app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert "clinic-admin key restore" in caught.value.message("en")
    assert clinic_id in caught.value.message("en")
    assert files_state(clinic.home) == before
    # The key backup written at init brings it back.
    restore_keys(clinic.home, clinic.key_backup, PASSPHRASE, keystore=clinic.keystore)
    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert check_session(clinic.admin()).username == "admin"


def _damage(path: Path, offset: int, length: int = 64) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + length):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


@EMBEDDED
@pytest.mark.parametrize("where", ["first page", "middle page", "late page"])
def test_damaged_file_gives_a_clear_error_and_nothing_else_changes(clinic, where: str) -> None:
    with clinic.db.engine.connect() as conn:
        # Pages in use (tables' root pages, 1-based): never a free or unread index page.
        roots = sorted(
            conn.exec_driver_sql(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND rootpage > 1"
            ).scalars()
        )
    _closed(clinic)
    path = clinic.home / DATABASE_FILE
    pages = path.stat().st_size // PAGE
    assert pages >= 3 and roots
    middle = min(roots, key=lambda root: abs(root - pages // 2))
    page = {"first page": 0, "middle page": middle - 1, "late page": roots[-1] - 1}[where]
    start = page * PAGE + 200
    _damage(path, start)
    damaged = path.read_bytes()[page * PAGE : (page + 1) * PAGE]
    before = files_state(clinic.home)
    probe = clinic.home.parent / "probe.clinicbak"
    with pytest.raises(ClinicError) as caught:
        # Every page is authenticated, so the damage is found wherever it is; a page that opening
        # and signing in never read only shows up later, so keep using the clinic until it does.
        opened = app.open_clinic(clinic.home, keystore=clinic.keystore)
        try:
            auth = opened.login("admin", ADMIN_PASSWORD)
            list_users(auth)
            verify_audit_trail(auth)
            create_backup(auth, target=probe, clinic_name="x")  # reads every page in use
        finally:
            opened.close()
    assert isinstance(caught.value, WrongKeyOrDamaged), repr(caught.value)
    assert "clinic-admin restore" in caught.value.message("en")
    assert "clinic-admin restore" in caught.value.message("zh_CN")
    if page == 0:
        assert files_state(clinic.home) == before  # not even opened: every byte as it was
    else:
        # Work on other pages may have gone on, but the damaged page was not "repaired" or
        # overwritten, and the failed backup left no file behind.
        assert path.read_bytes()[page * PAGE : (page + 1) * PAGE] == damaged
        assert not probe.exists()
        assert not list(probe.parent.glob(".probe.clinicbak.*"))
    # The clinic still opens as far as it can: a later attempt gives the same clear error again.
    with pytest.raises(WrongKeyOrDamaged):
        opened = app.open_clinic(clinic.home, keystore=clinic.keystore)
        try:
            create_backup(opened.login("admin", ADMIN_PASSWORD), target=probe, clinic_name="x")
        finally:
            opened.close()


def test_no_secure_keyring_refuses_a_real_clinic_and_writes_nothing(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        home = tmp_path / "real"
        key_backup = tmp_path / "real-keys.json"
        with pytest.raises(InsecureKeyring) as caught:
            init_clinic(
                home,
                name="Real Clinic",
                admin_username="admin",
                admin_full_name="Admin",
                admin_password=ADMIN_PASSWORD,
                key_backup=key_backup,
                passphrase=PASSPHRASE,
            )
        message = caught.value.message("en")
        assert "keyring" in message and "demo" in message.lower()
        assert list(tmp_path.iterdir()) == []  # no folder, no key backup, no database

        demo_home = tmp_path / "demo"
        demo, passwords = create_demo(demo_home, fill=False)
        try:
            assert demo.demo
            assert "DEMO" in demo.keystore.describe()
            key_file = demo_key_path(demo_home)
            assert key_file.exists() and key_file.parent == demo_home.parent
            assert not any("key" in p.name for p in demo_home.rglob("*"))
            auth = demo.login("nurse", passwords["nurse"])
            assert check_session(auth).username == "nurse"
        finally:
            demo.close()
    finally:
        keyring.set_keyring(previous)
