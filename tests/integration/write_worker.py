"""Writes one kind of record over and over until it is killed: the subject of test_write_crash.

    python write_worker.py KIND HOME [SAFE_ID WINDOW_ID PRODUCT_ID]

KIND is one of:
  mixed    in turn, again and again: the pharmacist issues 1 mL from the safe to the window
           (witnessed); the billing clerk builds March's claim batch (then discards its drafts,
           to build it again next time); the administrator writes a backup to
           HOME/../out/backup-N.clinicbak
  upgrade  the clinic at HOME is opened, which backs up then upgrades its older database

Prints `ready` once logged in (for upgrade: just before opening), `start KIND` as each write
(for upgrade: the migration itself, after the pre-upgrade backup)
begins (so the test can aim its kill at one) and `done KIND ID` once it has committed (or the
file is in place), so the test knows what must have survived.
The demo clinic at HOME is made by test_write_crash.prepare (its users' passwords are there).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from clinic import app


def main(argv: list[str]) -> int:
    kind, home = argv[0], Path(argv[1])
    if kind == "upgrade":
        migrate = app._upgrade

        def announced(*args: object, **kwargs: object) -> None:
            print("start upgrade", flush=True)  # the pre-upgrade backup is written by now
            migrate(*args, **kwargs)  # type: ignore[arg-type]

        app._upgrade = announced  # type: ignore[assignment]
        print("ready", flush=True)
        clinic = app.open_clinic(home)
        print("done upgrade 1", flush=True)
        clinic.close()
        # Wait for the kill, as the test expects it: an upgrade can finish before the moment the
        # test picked (a short migration chain on a quiet machine); it is then reported done.
        time.sleep(120)
        return 0
    if kind != "mixed":
        raise SystemExit(f"unknown kind {kind!r}")
    from clinic.backups import create_backup
    from clinic.insurance import claims
    from clinic.inventory import stock

    safe, window, product = argv[2:5]
    clinic = app.open_clinic(home)
    pharm = clinic.login("pharm", "pharm-pass-1")
    clerk = clinic.login("clerk", "clerk-pass-1")
    admin = clinic.login("admin", "admin-pass-1")
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        print("start stock", flush=True)
        moved = stock.issue_to_window(
            pharm,
            product_id=int(product),
            safe_id=int(safe),
            window_id=int(window),
            quantity="1",
            witness="nurse",
            witness_password="nurse-pass-1",
        )
        print(f"done stock {moved.movement_id}", flush=True)
        print("start claims", flush=True)
        batch = claims.build_batch(clerk, scheme_code="RESIDENT", year=2026, month=3)
        print(f"done claims {batch.batch_number}", flush=True)
        claims.discard_drafts(clerk, batch_number=batch.batch_number, reason="rebuild")
        print("start backup", flush=True)
        target = home.parent / "out" / f"backup-{n}.clinicbak"
        create_backup(admin, target=target, clinic_name="崩溃测试")
        print(f"done backup {target.name}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
