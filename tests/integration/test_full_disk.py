"""A full disk (a real ENOSPC, from a size-limited tmpfs the test mounts and fills): a dose into
the embedded database, a backup, a claims export and a key backup each give a readable DiskFull in
both languages, leave no file (final or temporary) behind and change nothing in the database; once
space is freed the same dose works and the database is whole."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from clinic.backups import create_backup
from clinic.dosing.window import record_dose
from clinic.errors import DiskFull
from clinic.fileio import write_private
from clinic.insurance import claims, exports
from clinic.key_custody import backup_keys
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import OsKeyringStore
from clinic.storage.models import Dose
from clinic.storage.uow import UnitOfWork
from tests.conftest import make_clinic
from tests.integration.helpers import rows_state
from tests.integration.test_claims import PASSPHRASE, Billing

SIZE_MB = 48


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    """FOLDER as its own SIZE_MB tmpfs (needs root, as under CI's container); unmounted after."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE_MB}m,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a size-limited tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill FOLDER's disk to the last byte: a real ENOSPC for the next write."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 4096, 1):
            block = b"\0" * size
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, block)
        with pytest.raises(OSError) as full:
            os.write(fd, b"\0")
        assert full.value.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def assert_readable(refused: DiskFull) -> None:
    assert "disk" in refused.message("en") and "full" in refused.message("en")
    assert "磁盘已满" in refused.message("zh_CN")


@pytest.mark.long
def test_a_full_disk_refuses_clearly_and_keeps_nothing_half_written(
    tmp_path: Path, keystore: OsKeyringStore
) -> None:
    with small_disk(tmp_path / "small") as disk:
        cut = make_clinic(disk / "clinic", keystore, "sqlcipher", None)
        try:
            b = Billing(cut)  # three patients dosed five days in March; the clock on 2 April
            batch = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
            patient = b.w.patient()
            admin = cut.admin()
            out = disk / "out"
            out.mkdir()
            write_private(out / "keys.json", b"an older key backup, kept whole")
            raw = cut.db.engine.raw_connection()  # outside a transaction: the WAL emptied, so
            try:  # the next write must grow the files
                assert raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
            finally:
                raw.close()
            before = rows_state(cut.db.engine)
            filler = fill(disk)

            with pytest.raises(DiskFull) as refused:
                record_dose(b.w.nurse, patient_id=patient, window_id=b.w.ph.window)
            assert_readable(refused.value)
            assert "database" in refused.value.message("en")
            with pytest.raises(DiskFull) as refused:
                create_backup(admin, target=out / "full.clinicbak", clinic_name="测试诊所")
            assert_readable(refused.value)
            with pytest.raises(DiskFull) as refused:
                exports.export_batch(
                    b.clerk,
                    batch_number=batch.batch_number,
                    target=out / "batch",
                    passphrase=PASSPHRASE,
                    clinic_name="测试诊所",
                    formats=("xlsx", "pdf"),
                )
            assert_readable(refused.value)
            assert str(out) in refused.value.message("en")
            with pytest.raises(DiskFull) as refused:
                backup_keys(admin, target=out / "keys.json", passphrase=PASSPHRASE)
            assert_readable(refused.value)
            # A screen that catches a failed save as OSError catches this one too.
            with pytest.raises(OSError) as as_os:
                write_private(out / "register.pdf", b"%PDF-1.7 " * 4096)
            assert as_os.value.errno == errno.ENOSPC and "磁盘已满" in str(
                refused.value.message("zh_CN")
            )

            # Nothing half-written: no new file, no temporary one, the old key backup whole;
            # the database as it was (no dose, no disclosure, no audit event).
            assert sorted(p.name for p in out.iterdir()) == ["keys.json"]
            assert (out / "keys.json").read_bytes() == b"an older key backup, kept whole"
            filler.unlink()
            assert rows_state(cut.db.engine) == before

            # Space freed: the same dose goes through, in the same running app.
            given = record_dose(b.w.nurse, patient_id=patient, window_id=b.w.ph.window)
            with UnitOfWork(cut.db, read_only=True) as uow:
                doses = uow.session.scalars(select(Dose.id).where(Dose.patient_id == patient))
                assert list(doses) == [given.dose_id]
                quick = uow.session.connection().exec_driver_sql("PRAGMA quick_check").all()
            assert quick == [("ok",)]
            assert verify_audit_trail(admin).ok
        finally:
            cut.clinic.close()
            keystore.delete(cut.clinic.settings.clinic_id)
