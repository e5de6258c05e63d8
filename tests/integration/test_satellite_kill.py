"""A satellite killed mid-replay and started again loses and doubles nothing (issue 20): the
replay runs in a separate process (tests/integration/replay_worker.py) that SIGKILLs itself at
its 1st, 11th, 21st … step — a statement to the server or a transaction on the replica — until a
run finishes. After every kill: at most one dose per patient centrally, each with its receipt;
at the end: every offline dose there exactly once with its stock movement, the satellite's whole
trail in the server's chain once, the books agree and `audit verify` passes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinic.dosing.window import record_dose
from clinic.privacy.audit_service import verify_audit_trail
from clinic.satellite.replica import waiting
from clinic.storage.models import AuditEvent, Dose, DoseItem, OfflineReceipt
from clinic.storage.uow import UnitOfWork
from tests.integration.stock_helpers import assert_books_agree
from tests.integration.test_satellite import Satellite, sat  # noqa: F401 - the fixture

pytestmark = [pytest.mark.postgres, pytest.mark.long]

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("replay_worker.py")
STRIDE = 10


def central(s: Satellite, pids: list[int]) -> dict[str, object]:
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        session = uow.session
        doses = {
            pid: session.scalar(
                select(func.count()).select_from(Dose).where(Dose.patient_id == pid)
            )
            for pid in pids
        }
        receipts = session.scalar(
            select(func.count())
            .select_from(OfflineReceipt)
            .where(OfflineReceipt.source == "offline")
        )
        seqs = [
            json.loads(d)["offline_seq"]
            for d in session.scalars(select(AuditEvent.details))
            if "offline_seq" in json.loads(d)
        ]
        items = session.scalar(
            select(func.count()).select_from(DoseItem).join(Dose).where(Dose.patient_id.in_(pids))
        )
    return {"doses": doses, "receipts": receipts, "seqs": seqs, "items": items}


def test_a_replay_killed_anywhere_and_started_again(sat: Satellite) -> None:  # noqa: F811
    s = sat
    pids = [s.patient() for _ in range(3)]
    s.build()
    nurse = s.go_offline()
    for pid in pids:
        record_dose(nurse, patient_id=pid, window_id=s.sites.sat)
    assert s.replica is not None
    _, events = waiting(s.replica)
    s.replica.dispose()
    s.proxy.restore()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    kill_at, kills = 1, 0
    while True:
        run = subprocess.run(
            [
                sys.executable,
                str(WORKER),
                str(s.cut.home),
                str(s.folder),
                "nurse2-pass-1",
                str(kill_at),
                s.w.now.isoformat(),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=ROOT,
        )
        state = central(s, pids)
        assert all(n <= 1 for n in state["doses"].values()), (kill_at, state)  # type: ignore[union-attr]
        assert state["receipts"] == sum(state["doses"].values())  # type: ignore[union-attr]
        assert state["items"] == state["receipts"]  # each dose with its stock
        seqs = state["seqs"]
        assert len(seqs) == len(set(seqs)) and seqs == sorted(seqs)  # type: ignore[arg-type]
        if run.returncode == 0:
            assert run.stdout.startswith("done"), run.stdout
            break
        assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
        kills += 1
        kill_at += STRIDE
    assert kills >= 5  # it was cut all along the way
    final = central(s, pids)
    assert final["doses"] == {pid: 1 for pid in pids}
    assert final["seqs"] == list(range(2, 2 + events))
    from clinic.satellite.replica import open_replica

    replica = open_replica(s.cut.keystore, s.cut.db.clinic_id, s.cut.db.workstation, s.folder)
    try:
        assert waiting(replica) == (0, 0)
    finally:
        replica.dispose()
    assert_books_agree(s.cut)
    assert verify_audit_trail(s.cut.admin()).ok
