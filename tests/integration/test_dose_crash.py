"""Crash safety of the dosing window (SQLCipher): a dosing process killed with SIGKILL at random
moments leaves every dose either fully recorded (dose, its stock movement, its audit event) or
absent, the books equal to a recomputation from the movements, the audit chain whole and the
encrypted file intact."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from clinic import app, clock
from clinic.config import demo_key_path
from clinic.dosing.orders import OrderRequest, write_order
from clinic.inventory import stock
from clinic.new_clinic import init_clinic
from clinic.patients import enrolment
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import DemoKeyFile
from clinic.privacy.permissions import Role
from clinic.privacy.users import create_user
from clinic.storage.models import AuditEvent, Dose, DoseItem, StockMovement
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.integration.stock_helpers import recomputed, stored

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("crash_worker.py")
PATIENTS = 200
KILLS = 6
PASSWORDS = {"admin": "crash-admin-1", "nurse": "crash-nurse-1", "pharmacist": "crash-pharm-1"}
PASSWORDS["physician"] = "crash-doc-1"


@dataclass
class Books:
    """What stock_helpers reads: an object with the clinic's database."""

    clinic: app.Clinic

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.clinic.db


def prepare(home: Path) -> int:
    """A demo-mode clinic: staff, methadone stocked at the window, 200 patients with orders."""
    new = init_clinic(
        home,
        name="崩溃测试 Crash test (DEMO)",
        admin_username="admin",
        admin_full_name="Crash Admin",
        admin_password=PASSWORDS["admin"],
        key_backup=None,
        passphrase=None,
        demo=True,
        keystore=DemoKeyFile(demo_key_path(home)),
    )
    clinic = new.clinic
    try:
        admin = clinic.login("admin", PASSWORDS["admin"])
        for username, role in (
            ("nurse", Role.NURSE),
            ("pharmacist", Role.PHARMACIST),
            ("physician", Role.PHYSICIAN),
        ):
            create_user(
                admin,
                username=username,
                full_name=f"Crash {username}",
                roles=frozenset([role]),
                password=PASSWORDS[username],
                must_change_password=False,
            )
        pharm = clinic.login("pharmacist", PASSWORDS["pharmacist"])
        doc = clinic.login("physician", PASSWORDS["physician"])
        methadone = factories.methadone(admin, "1")
        safe = stock.add_place(pharm, site_code="MAIN", kind="safe", name="药库 Safe").location_id
        window = stock.add_place(pharm, site_code="MAIN", kind="window", name="窗口 Window")
        with UnitOfWork(clinic.db, read_only=True) as uow:
            today = clock.clinic_today(uow.session)
        witness = {"witness": "nurse", "witness_password": PASSWORDS["nurse"]}
        stock.receive(
            pharm,
            product_id=methadone,
            lot_number="CR-A",
            expiry_date=today + timedelta(days=700),
            manufacturer="某制药厂",
            supplier="某医药公司",
            safe_id=safe,
            expected="120000",
            received="120000",
            quality_condition="包装完好 intact",
            acceptance="accepted",
            **witness,
        )
        stock.issue_to_window(
            pharm,
            product_id=methadone,
            safe_id=safe,
            window_id=window.location_id,
            quantity="100000",
            **witness,
        )
        rng = random.Random(7)
        for _ in range(PATIENTS):
            pid = enrolment.enrol_patient(doc, enrolment=factories.enrolment(today)).patient_id
            write_order(
                doc,
                patient_id=pid,
                request=OrderRequest(
                    product_id=methadone,
                    daily_dose_mg=str(rng.randrange(15, 31, 5)),
                    start_on=today,
                ),
            )
        return window.location_id
    finally:
        clinic.close()


def run_and_kill(home: Path, window_id: int, rng: random.Random) -> list[int]:
    """Start a worker, let it dose for a random moment after it is ready, SIGKILL it; the dose
    ids it reported as committed."""
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), str(home), str(window_id), PASSWORDS["nurse"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert worker.stdout is not None
    first = worker.stdout.readline()
    if first.strip() != "ready":
        worker.kill()
        _, err = worker.communicate()
        pytest.fail(f"worker did not start: {first!r} {err[-2000:]}")
    time.sleep(rng.uniform(0.2, 1.5))
    os.kill(worker.pid, signal.SIGKILL)
    out, _ = worker.communicate()
    assert worker.returncode == -signal.SIGKILL
    return [int(line.split()[1]) for line in out.splitlines() if line.startswith("dose ")]


@pytest.mark.long
def test_sigkill_while_dosing_leaves_whole_doses_or_none(tmp_path: Path) -> None:
    home = tmp_path / "clinic"
    started = time.perf_counter()
    window_id = prepare(home)
    print(f"prepared in {time.perf_counter() - started:.1f} s")
    rng = random.Random(int(os.environ.get("CRASH_SEED", "0")) or None)
    reported: list[int] = []
    for _ in range(KILLS):
        reported += run_and_kill(home, window_id, rng)
    assert len(reported) >= KILLS  # the workers got to dose
    print(f"{len(reported)} doses reported committed over {KILLS} kills")

    clinic = app.open_clinic(home)
    try:
        with UnitOfWork(clinic.db, read_only=True) as uow:
            s = uow.session
            doses = {d.id: d for d in s.scalars(select(Dose))}
            items = list(s.scalars(select(DoseItem)))
            moves = {m.id: m for m in s.scalars(select(StockMovement))}
            events = [
                json.loads(e.details)
                for e in s.scalars(
                    select(AuditEvent).where(
                        AuditEvent.action == "dose.record", AuditEvent.outcome == "done"
                    )
                )
            ]
            integrity = s.connection().exec_driver_sql("PRAGMA cipher_integrity_check").all()
            quick = s.connection().exec_driver_sql("PRAGMA quick_check").all()
            # Every dose a worker saw committed is there, and nothing else is half there.
            assert set(reported) <= set(doses)
            per_dose = Counter(i.dose_id for i in items)
            assert set(per_dose) == set(doses) and all(n == 1 for n in per_dose.values())
            for item in items:
                dose = doses[item.dose_id]
                move = moves[item.movement_id]
                assert move.kind == "dispense" and move.reference == f"dose {dose.id}"
                assert move.quantity == item.quantity == dose.dose_mg  # 1 mg/mL
                assert move.from_location_id == window_id
            dispenses = {m.id for m in moves.values() if m.kind == "dispense"}
            assert dispenses == {i.movement_id for i in items}  # no movement without its dose
            audited = Counter(int(e["dose_id"]) for e in events)
            assert set(audited) == set(doses) and all(n == 1 for n in audited.values())
            given = sum((d.dose_mg for d in doses.values()), Decimal(0))
        # The books agree with the movements; the chain and the encrypted file are whole.
        books = Books(clinic)
        assert stored(books) == recomputed(books)  # type: ignore[arg-type]
        window_total = sum(
            (q for (_, _, place), q in stored(books).items() if place == window_id), Decimal(0)
        )
        assert window_total == Decimal(100000) - given
        admin = clinic.login("admin", PASSWORDS["admin"])
        result = verify_audit_trail(admin)
        assert result.ok, result
        assert integrity == []
        assert quick == [("ok",)]
    finally:
        clinic.close()
