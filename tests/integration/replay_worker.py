"""Replays a satellite's outbox and trail until it is killed: the subject of the kill test in
test_satellite_kill.py.

    python replay_worker.py HOME REPLICA_FOLDER NURSE_PASSWORD KILL_AT NOW

Opens the server-mode clinic at HOME on the clinic clock NOW (ISO), signs the nurse in online,
opens the workstation's replica in REPLICA_FOLDER and replays it. KILL_AT > 0: the process kills
itself (SIGKILL, nothing flushed, no rollback sent) at its KILL_AT-th step, counting every
statement sent to the server and every transaction begun on the replica, so the cuts fall inside
the server's transactions, between the server's commit and the replica's mark, and inside the
marks. Prints `done` when the replay finished.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from clinic import app
from clinic.privacy.keys import OsKeyringStore
from clinic.satellite.replica import open_replica
from clinic.satellite.sync import replay


def main(argv: list[str]) -> int:
    home, folder, password = Path(argv[0]), Path(argv[1]), argv[2]
    kill_at, moment = int(argv[3]), datetime.fromisoformat(argv[4])
    clinic = app.open_clinic(home)
    clinic.db.clock = lambda: moment
    online = clinic.login("nurse2", password)
    replica = open_replica(OsKeyringStore(), clinic.db.clinic_id, clinic.db.workstation, folder)
    replica.clock = lambda: moment
    steps = {"n": 0}

    def step(*_: Any) -> None:
        steps["n"] += 1
        if steps["n"] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    if kill_at > 0:
        event.listen(clinic.db.engine, "before_cursor_execute", step)
        event.listen(replica.engine, "begin", step)
    result = replay(replica, online)
    print(f"done {result.recorded} {result.already} {result.reviews} {result.events}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
