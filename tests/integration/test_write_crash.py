"""SIGKILL during each kind of write but the dose (test_dose_crash has that one): a witnessed stock
movement, a claim batch build, a backup, and an older database's upgrade. A worker process
(write_worker.py) writes one kind over and over on an embedded clinic and is killed at random
moments; after reopening, each write is whole or absent: the books equal the movements, no claim
lacks its lines or days, every backup file under its final name reads back whole, the database is
at the old revision or at head (never between), and the audit chain and the file verify.

(On PostgreSQL a killed client is a dropped connection, whose open transaction the server rolls
back: test_link_cut drops it at each point of a movement, a claim build and a dose.)"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from clinic import app
from clinic.config import BACKUP_DIR, DATABASE_FILE, demo_key_path
from clinic.new_clinic import init_clinic
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import DemoKeyFile
from clinic.storage import backup as backup_file
from clinic.storage import migrate
from clinic.storage.db import field_cipher, sqlcipher_engine
from clinic.storage.fieldcrypt import attach_cipher
from clinic.storage.models import Claim, ClaimBatch, ClaimedDay, ClaimLine, StockMovement
from clinic.storage.uow import UnitOfWork
from tests.conftest import ADMIN_PASSWORD, ClinicUnderTest
from tests.integration.stock_helpers import recomputed, stored
from tests.integration.test_claims import Billing

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("write_worker.py")
KILLS = 3  # upgrades killed
AIMS = ("stock", "claims", "backup")  # the mixed worker's kills, each aimed at a kind


def demo_clinic(home: Path) -> ClinicUnderTest:
    """A demo-mode clinic (its key in a file beside it, so a worker process opens it as is)."""
    new = init_clinic(
        home,
        name="崩溃测试 Crash test (DEMO)",
        admin_username="admin",
        admin_full_name="Crash Admin",
        admin_password=ADMIN_PASSWORD,
        key_backup=None,
        passphrase=None,
        demo=True,
        keystore=DemoKeyFile(demo_key_path(home)),
    )
    return ClinicUnderTest(new.clinic, home, "sqlcipher", home / "no-key-backup", None)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A clinic with stock in the safe and three patients dosed five days in March (one insured,
    with consent): made once, copied for each test. Its path, and the stock worker's ids."""
    home = tmp_path_factory.mktemp("prepared") / "clinic"
    cut = demo_clinic(home)
    try:
        b = Billing(cut)
        b.w.ph.receive(b.w.ph.methadone, "L9", "50000")
        ids = [str(b.w.ph.safe), str(b.w.ph.window), str(b.w.ph.methadone)]
    finally:
        cut.clinic.close()
    return home, ids


def copy_of(prepared: tuple[Path, list[str]], tmp_path: Path) -> Path:
    home = tmp_path / "clinic"
    shutil.copytree(prepared[0], home)
    shutil.copy2(demo_key_path(prepared[0]), demo_key_path(home))
    return home


def run_and_kill(
    kind: str, home: Path, rng: random.Random, *args: str, aim: str | None = None, most: float
) -> list[str]:
    """Start a worker; once it is ready (or, with AIM, once it starts a write of that kind) let
    it run for a random moment up to MOST seconds, then SIGKILL it. The ids it reported done."""
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), kind, str(home), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert worker.stdout is not None
    lines = [worker.stdout.readline()]
    if lines[0].strip() != "ready":
        worker.kill()
        _, err = worker.communicate()
        pytest.fail(f"worker did not start: {lines[0]!r} {err[-2000:]}")
    while aim is not None and lines[-1].strip() != f"start {aim}":
        lines.append(worker.stdout.readline())
        if not lines[-1]:
            _, err = worker.communicate()
            pytest.fail(f"worker stopped: {err[-2000:]}")
    time.sleep(rng.uniform(0, most))
    os.kill(worker.pid, signal.SIGKILL)
    out, err = worker.communicate()
    assert worker.returncode == -signal.SIGKILL, err[-2000:]
    return [line.split()[2] for line in [*lines, *out.splitlines()] if line.startswith("done ")]


def rng() -> random.Random:
    return random.Random(int(os.environ.get("CRASH_SEED", "0")) or None)


def assert_whole(home: Path) -> None:
    """Reopened: the books equal the movements, the audit chain and the encrypted file verify."""
    clinic = app.open_clinic(home)
    try:
        cut = ClinicUnderTest(clinic, home, "sqlcipher", home / "none", None)  # type: ignore[arg-type]
        assert stored(cut) == recomputed(cut)
        with UnitOfWork(clinic.db, read_only=True) as uow:
            conn = uow.session.connection()
            assert conn.exec_driver_sql("PRAGMA cipher_integrity_check").all() == []
            assert conn.exec_driver_sql("PRAGMA quick_check").all() == [("ok",)]
        result = verify_audit_trail(clinic.login("admin", ADMIN_PASSWORD))
        assert result.ok, result
    finally:
        clinic.close()


@pytest.mark.long
def test_sigkill_while_moving_stock_building_claims_and_backing_up(
    prepared: tuple[Path, list[str]], tmp_path: Path
) -> None:
    home = copy_of(prepared, tmp_path)
    random_ = rng()
    reported: list[str] = []
    for aim in AIMS:  # each kill lands in (or just after) a write of the kind aimed at
        reported += run_and_kill("mixed", home, random_, *prepared[1], aim=aim, most=0.15)
    assert_whole(home)

    clinic = app.open_clinic(home)
    try:
        key = clinic.db.keys.derive("backup")
        with UnitOfWork(clinic.db, read_only=True) as uow:
            s = uow.session
            issued = set(s.scalars(select(StockMovement.id).where(StockMovement.kind == "issue")))
            claims = {c.id: c.number for c in s.scalars(select(Claim))}
            lines = Counter(s.scalars(select(ClaimLine.claim_id)))
            days = Counter(s.scalars(select(ClaimedDay.claim_id)))
            batches = set(s.scalars(select(ClaimBatch.number)))
    finally:
        clinic.close()
    # Every movement and batch a worker saw committed is there.
    assert {int(r) for r in reported if r.isdigit()} <= issued
    assert {r for r in reported if r.startswith("CB-")} <= batches
    # One insured patient with consent, five dosing days: every claim whole.
    assert claims and all(lines[c] > 0 and days[c] == 5 for c in claims)
    assert set(lines) == set(days) == set(claims)
    # Every file under a backup's name reads back whole; a killed backup left at most its hidden
    # temporary file, never a name that looks like a backup.
    out = tmp_path / "out"
    finals = sorted(p for p in out.iterdir() if p.suffix == ".clinicbak")
    assert {p.name for p in finals} >= {r for r in reported if r.endswith(".clinicbak")}
    for path in finals:
        header, rows = backup_file.read_rows(path, key)
        assert header.rows == sum(len(r) for r in rows.values()) > 0
    others = [p.name for p in out.iterdir() if p not in finals]
    assert all(name.startswith(".backup-") and name.endswith(".tmp") for name in others)
    print(f"{len(reported)} writes done over {len(AIMS)} kills; {len(others)} temporary files")


@pytest.mark.long
def test_sigkill_while_upgrading_an_older_database(tmp_path: Path) -> None:
    home = tmp_path / "clinic"
    demo_clinic(home).clinic.close()
    keys = DemoKeyFile(demo_key_path(home))
    clinic_id = app.open_clinic(home)
    try:
        settings_id = clinic_id.settings.clinic_id
    finally:
        clinic_id.close()
    engine = sqlcipher_engine(home / DATABASE_FILE, keys.load(settings_id).database, pool=False)
    attach_cipher(engine.dialect, field_cipher(keys.load(settings_id)))
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        config.attributes["cipher"] = engine.dialect.clinic_field_cipher  # type: ignore[attr-defined]
        command.downgrade(config, "0001")  # the schema as the first release wrote it
    engine.dispose()
    older = tmp_path / "older.db"
    shutil.copy2(home / DATABASE_FILE, older)

    random_ = rng()
    seen = Counter()
    for _ in range(KILLS):
        done = run_and_kill("upgrade", home, random_, aim="upgrade", most=0.6)
        engine = sqlcipher_engine(home / DATABASE_FILE, keys.load(settings_id).database, pool=False)
        try:
            revision = migrate.current_revision(engine)
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA quick_check").all() == [("ok",)]
        finally:
            engine.dispose()
        # Never between: the old revision intact, or fully upgraded.
        assert revision in {"0001", migrate.head_revision()}, revision
        assert not done or revision == migrate.head_revision()
        seen[revision] += 1
        if revision != "0001":  # upgraded before the kill: start again from the older one
            shutil.copy2(older, home / DATABASE_FILE)
            for extra in ("-wal", "-shm"):
                (home / f"{DATABASE_FILE}{extra}").unlink(missing_ok=True)
    print(f"revisions after the kills: {dict(seen)}")
    # Whatever the kills left, the next opening upgrades it, and every pre-upgrade backup under
    # its final name reads back whole.
    assert_whole(home)
    for path in (home / BACKUP_DIR).glob("*.clinicbak"):
        backup_file.read_rows(path, keys.load(settings_id).derive("backup"))
