"""Encrypted backups: a full round trip, and every kind of bad file refused before anything changes."""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select, text

from clinic import app
from clinic.backups import create_backup
from clinic.config import DATABASE_FILE
from clinic.demo import create_demo
from clinic.errors import AuthenticationFailed, BackupInvalid, ClinicError, NotFound
from clinic.patients.records import set_photo
from clinic.patients.registry import open_patient, register_patient
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.permissions import Role
from clinic.privacy.users import list_users
from clinic.restore import restore_backup, verify_backup
from clinic.storage import backup as backup_file
from clinic.storage.backup import reflect
from clinic.storage.models import AuditEvent, PatientPhoto, User
from clinic.storage.uow import UnitOfWork
from tests.conftest import ADMIN_PASSWORD
from tests.integration.helpers import files_state, national_id, rows_state

CLINIC_ADMIN = Path(sys.executable).with_name("clinic-admin")


def _backup(clinic, target: Path) -> Path:  # type: ignore[no-untyped-def]
    create_backup(clinic.admin(), target=target, clinic_name="测试诊所 Test Clinic")
    assert target.exists()
    return target


def _reopen(clinic) -> None:  # type: ignore[no-untyped-def]
    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)


def _restore(clinic, source: Path, password: str = ADMIN_PASSWORD):  # type: ignore[no-untyped-def]
    return restore_backup(
        clinic.home, source, username="admin", password=password, keystore=clinic.keystore
    )


def _state(clinic) -> tuple[object, dict[str, str]]:  # type: ignore[no-untyped-def]
    """What must not change when a restore is refused: every row, and (embedded) every byte."""
    rows = rows_state(clinic.db.engine)
    clinic.clinic.close()
    files = files_state(clinic.home) if clinic.backend == "sqlcipher" else {}
    return rows, files


def _assert_unchanged(clinic, before) -> None:  # type: ignore[no-untyped-def]
    rows, files = before
    if clinic.backend == "sqlcipher":
        assert files_state(clinic.home) == files
    _reopen(clinic)
    assert rows_state(clinic.db.engine) == rows


def test_round_trip(clinic, tmp_path: Path) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    kept = register_patient(doc, name="张三", national_id=national_id(), sex="M")
    saved = _backup(clinic, tmp_path / "full.clinicbak")

    later = register_patient(
        doc, name="李四", national_id=national_id("11010519500101002"), sex="F"
    )
    clinic.add_user("nurse2", Role.NURSE)
    clinic.clinic.close()

    _restore(clinic, saved)
    _reopen(clinic)

    with pytest.raises(AuthenticationFailed):
        clinic.clinic.login("nurse2", "nurse2-pass-1")  # added after the backup: gone
    doc = clinic.clinic.login("doc", "doc-pass-1")
    assert open_patient(doc, patient_id=kept.patient_id).name == "张三"
    with pytest.raises(NotFound):
        open_patient(doc, patient_id=later.patient_id)
    # New rows go on after the restored ones (sequences were reset on PostgreSQL).
    again = register_patient(
        doc, name="王五", national_id=national_id("11010519600101002"), sex="M"
    )
    assert again.patient_number == "P000002"

    admin = clinic.admin()
    result = verify_audit_trail(admin)
    assert result.ok, result.problem("en")
    with UnitOfWork(clinic.db, read_only=True) as uow:
        actions = list(uow.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert "backup.restore" in actions
    assert "user.create" in actions  # the history up to the backup is back


def _flip(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


def _header_end(data: bytes) -> int:
    return 13 + int.from_bytes(data[9:13], "big")


BAD_BACKUPS = {
    "truncated": lambda good, other: good[: len(good) // 2],
    "last bytes cut": lambda good, other: good[:-5],
    "flipped byte in the middle": lambda good, other: _flip(
        good, (_header_end(good) + len(good)) // 2
    ),
    "flipped byte in the header": lambda good, other: _flip(good, 30),
    "header field changed": lambda good, other: good.replace(
        b'"block": 1048576', b'"block": 1048575'
    ),
    "another clinic": lambda good, other: other,
    "empty file": lambda good, other: b"",
    "random file": lambda good, other: os.urandom(5000),
    "random after magic": lambda good, other: b"CLINICBK\x01" + os.urandom(5000),
    "trailing data": lambda good, other: good + good[_header_end(good) :],
}


@pytest.fixture
def other_clinic_backup(tmp_path: Path) -> Path:
    """A valid backup of a different (demo) clinic."""
    demo, passwords = create_demo(tmp_path / "other", fill=False)
    try:
        target = tmp_path / "other.clinicbak"
        auth = demo.login("admin", passwords["admin"])
        create_backup(auth, target=target, clinic_name="other")
    finally:
        demo.close()
    return target


def test_bad_backups_are_refused_and_nothing_changes(
    clinic, tmp_path: Path, other_clinic_backup: Path
) -> None:
    good_file = _backup(clinic, tmp_path / "good.clinicbak")
    good = good_file.read_bytes()
    clinic.add_user("after", Role.NURSE)  # so a restore would visibly change something
    before = _state(clinic)
    for kind, make in BAD_BACKUPS.items():
        bad = tmp_path / f"bad-{kind}.clinicbak"
        bad.write_bytes(make(good, other_clinic_backup.read_bytes()))
        with pytest.raises(BackupInvalid) as caught:
            _restore(clinic, bad)
        message = caught.value.message("en")
        assert "Nothing was changed" in message, (kind, message)
        assert "未作任何更改" in caught.value.message("zh_CN"), kind
        if kind == "another clinic":
            assert "another clinic" in message
        if kind.startswith("truncated"):
            assert "truncated" in message
        _assert_unchanged(clinic, before)
        clinic.clinic.close()
    # The good backup is still accepted afterwards.
    _reopen(clinic)
    assert verify_backup(clinic.clinic, good_file).tables["users"] == 1


def test_the_clear_header_shows_neither_the_clinic_name_nor_any_table(
    clinic, tmp_path: Path
) -> None:
    data = _backup(clinic, tmp_path / "plain.clinicbak").read_bytes()
    runs = re.findall(rb"[\x20-\x7e]{4,}", data)  # what `strings` shows
    with clinic.db.engine.connect() as conn:
        tables = {t.name for t in reflect(conn)}
    assert {"users", "patients", "audit_events"} <= tables
    (length,) = struct.unpack(">I", data[9:13])
    clear = data[: 13 + length]  # magic, version, the clear header's length and the header
    for secret in ["测试诊所 Test Clinic".encode(), b"Test Clinic", *(t.encode() for t in tables)]:
        assert secret not in clear
        # The sealed blocks are random bytes: a name of 4 letters ("lots") turns up in a few MB
        # of them by chance about once in a thousand backups, one of 8 or more practically never.
        if len(secret) >= 8:
            assert secret not in data
            assert not any(secret in run for run in runs)
    assert clinic.db.clinic_id.encode() in data  # the one thing a restore checks first
    assert verify_backup(clinic.clinic, tmp_path / "plain.clinicbak").clinic_name == (
        "测试诊所 Test Clinic"
    )


def test_wrong_admin_password_restores_nothing(clinic, tmp_path: Path) -> None:
    saved = _backup(clinic, tmp_path / "good.clinicbak")
    clinic.add_user("after", Role.NURSE)
    before = _state(clinic)
    with pytest.raises(ClinicError) as caught:
        _restore(clinic, saved, password="not-the-password")
    assert isinstance(caught.value, AuthenticationFailed | BackupInvalid), repr(caught.value)
    _assert_unchanged(clinic, before)
    if clinic.backend == "sqlcipher":
        assert not list(clinic.home.glob(f"{DATABASE_FILE}.restoring*"))


def test_a_non_administrator_cannot_restore(clinic, tmp_path: Path) -> None:
    saved = _backup(clinic, tmp_path / "good.clinicbak")
    clinic.add_user("nurse", Role.NURSE)
    clinic.add_user("after", Role.NURSE)
    before = _state(clinic)
    with pytest.raises(ClinicError):
        restore_backup(
            clinic.home, saved, username="nurse", password="nurse-pass-1", keystore=clinic.keystore
        )
    _assert_unchanged(clinic, before)


def _cli(clinic, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [str(CLINIC_ADMIN), "--path", str(clinic.home), "--user", "admin", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, LANG="en_US.UTF-8", LC_ALL="", LC_MESSAGES=""),
    )


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_cli_backup_and_restore(clinic, tmp_path: Path) -> None:
    clinic.clinic.close()
    target = tmp_path / "cli.clinicbak"
    done = _cli(clinic, "backup", str(target), stdin=ADMIN_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert target.exists() and "Backup written" in done.stdout

    refused = _cli(clinic, "backup", str(tmp_path / "x.clinicbak"), stdin="wrong-password\n")
    assert refused.returncode == 2
    assert refused.stderr.startswith("clinic-admin: ")
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "x.clinicbak").exists()

    damaged = tmp_path / "damaged.clinicbak"
    damaged.write_bytes(target.read_bytes()[:-100])
    before = files_state(clinic.home)
    bad = _cli(clinic, "restore", str(damaged), stdin=ADMIN_PASSWORD + "\n")
    assert bad.returncode == 2
    assert "truncated" in bad.stderr and "Nothing was changed" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert files_state(clinic.home) == before

    good = _cli(clinic, "restore", str(target), stdin=ADMIN_PASSWORD + "\n")
    assert good.returncode == 0, good.stderr
    assert "Restored" in good.stdout
    _reopen(clinic)
    assert verify_audit_trail(clinic.admin()).ok


def test_the_restore_is_sealed_by_its_own_event_and_keeps_what_it_replaced(
    clinic, tmp_path: Path
) -> None:
    saved = _backup(clinic, tmp_path / "good.clinicbak")
    clinic.add_user("after", Role.NURSE)
    clinic.clinic.close()
    kept = _restore(clinic, saved)
    _reopen(clinic)
    with UnitOfWork(clinic.db, read_only=True) as uow:
        last = uow.session.execute(
            select(AuditEvent.action, AuditEvent.username, AuditEvent.session_id)
            .order_by(AuditEvent.seq.desc())
            .limit(1)
        ).one()
        names = set(uow.session.scalars(select(User.username)))
    # The restore's event ends the restored chain: written before anything was replaced, not
    # at the next login.
    assert tuple(last) == ("backup.restore", "admin", None)
    assert "after" not in names
    assert verify_audit_trail(clinic.admin()).ok
    if clinic.backend == "sqlcipher":
        assert Path(kept).exists() and Path(kept).parent.name == "backups"
    else:
        schema = kept.removeprefix("schema ")
        with clinic.db.engine.connect() as conn:
            replaced = conn.scalars(text(f'SELECT username FROM "{schema}".users')).all()
        assert "after" in replaced  # the replaced data is kept, beside the live schema


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_workstation_open_during_a_server_restore_reads_the_restored_data(
    clinic, tmp_path: Path
) -> None:
    saved = _backup(clinic, tmp_path / "good.clinicbak")
    clinic.add_user("after", Role.NURSE)
    other = app.open_clinic(clinic.home, keystore=clinic.keystore)  # another workstation
    try:
        before = other.login("admin", ADMIN_PASSWORD)
        for _ in range(8):  # psycopg prepares a statement after its fifth run on a connection
            assert "after" in {u.username for u in list_users(before)}
        clinic.clinic.close()
        _restore(clinic, saved)
        # Its pooled connections, with their prepared statements, now read the restored schema.
        again = other.login("admin", ADMIN_PASSWORD)
        assert "after" not in {u.username for u in list_users(again)}
        with pytest.raises(AuthenticationFailed):
            other.login("after", "after-pass-1")
    finally:
        other.close()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_server_restore_waits_for_no_one_and_changes_nothing(
    clinic, tmp_path: Path, monkeypatch
) -> None:
    from clinic import restore
    from clinic.errors import StorageError

    saved = _backup(clinic, tmp_path / "good.clinicbak")
    clinic.add_user("after", Role.NURSE)
    monkeypatch.setattr(restore, "LOCK_TIMEOUT", "1s")
    busy = app.open_clinic(clinic.home, keystore=clinic.keystore).db.engine
    try:
        with busy.begin() as conn:  # a workstation in the middle of writing
            conn.execute(text("LOCK TABLE users IN ROW EXCLUSIVE MODE"))
            before = rows_state(clinic.db.engine)
            clinic.clinic.close()
            with pytest.raises(StorageError) as caught:
                _restore(clinic, saved)
            assert "Nothing was changed" in caught.value.message("en")
        _reopen(clinic)
        assert rows_state(clinic.db.engine) == before
        with clinic.db.engine.connect() as conn:
            schemas = conn.scalars(text("SELECT nspname FROM pg_namespace")).all()
        assert not [s for s in schemas if s.startswith(("restoring_", "replaced_"))]
    finally:
        busy.dispose()


class _FlakyDisk:
    """A file that silently damages its first sealed block, as a failing disk or cable might."""

    def __init__(self, out, fault: str) -> None:  # type: ignore[no-untyped-def]
        self.out, self.fault, self.writes = out, fault, 0

    def write(self, data: bytes) -> int:
        self.writes += 1
        if self.writes == 2:  # the first write is the clear header
            data = _flip(data, len(data) - 1) if self.fault == "flipped bit" else data[:-100]
        return int(self.out.write(data))


@pytest.mark.parametrize("fault", ["flipped bit", "lost bytes"])
def test_a_backup_that_does_not_read_back_is_refused_and_not_kept(
    clinic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    target = tmp_path / "backups" / "b.clinicbak"
    target.parent.mkdir()
    target.write_bytes(b"yesterday's backup")
    real_start = backup_file.start_stream
    monkeypatch.setattr(
        backup_file,
        "start_stream",
        lambda out, key, **kw: real_start(_FlakyDisk(out, fault), key, **kw),
    )
    with pytest.raises(BackupInvalid) as caught:
        create_backup(clinic.admin(), target=target, clinic_name="x")
    assert "could not be read back" in caught.value.message("en")
    assert "无法读回" in caught.value.message("zh_CN")
    assert target.read_bytes() == b"yesterday's backup"
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.clinicbak"]


def _as_version_1(header: backup_file.BackupHeader, rows: dict, key: bytes) -> bytes:  # type: ignore[type-arg]
    """What the version 1 writer made: everything in the clear header, one sealed block here."""
    header_bytes = json.dumps(header.__dict__, sort_keys=True).encode()
    body = b"".join(
        json.dumps({"t": table, "r": row}, separators=(",", ":")).encode() + b"\n"
        for table, table_rows in rows.items()
        for row in table_rows
    )
    nonce = os.urandom(7) + struct.pack(">I", 0) + b"\x01"
    sealed = AESGCM(key).encrypt(nonce, zlib.compress(body, 6), header_bytes)
    return (
        backup_file.MAGIC
        + b"\x01"
        + struct.pack(">I", len(header_bytes))
        + header_bytes
        + struct.pack(">I", len(sealed))
        + nonce
        + sealed
    )


def test_a_version_1_backup_still_restores(clinic, tmp_path: Path) -> None:
    clinic.add_user("before", Role.NURSE)
    key = clinic.db.keys.derive("backup")
    header, rows = backup_file.read_rows(_backup(clinic, tmp_path / "v2.clinicbak"), key)
    old = tmp_path / "v1.clinicbak"
    old.write_bytes(_as_version_1(header, rows, key))
    clinic.add_user("after", Role.NURSE)
    clinic.clinic.close()
    _restore(clinic, old)
    _reopen(clinic)
    names = {u.username for u in list_users(clinic.admin())}
    assert "before" in names and "after" not in names


def test_a_backup_of_several_blocks_restores(clinic, tmp_path: Path) -> None:
    """A photo too large to compress fills the first block and spills into the next."""
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    patient = register_patient(doc, name="张三", national_id=national_id(), sex="M")
    photo = b"\x89PNG\r\n\x1a\n" + os.urandom(1_400_000)
    set_photo(doc, patient_id=patient.patient_id, image=photo)
    saved = _backup(clinic, tmp_path / "big.clinicbak")
    data = saved.read_bytes()
    at, sizes = _header_end(data), []
    while at < len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        sizes.append(size - backup_file.TAG)
        at += 4 + 12 + size
    assert len(sizes) >= 2 and sizes[0] == backup_file.CHUNK and max(sizes) <= backup_file.CHUNK
    clinic.clinic.close()
    _restore(clinic, saved)
    _reopen(clinic)
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert uow.session.scalars(select(PatientPhoto.image)).one() == photo
