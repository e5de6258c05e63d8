"""Processes for test_login_guards: a wrong-password guesser, and a holder of SQLite's write lock."""

from __future__ import annotations

from multiprocessing.synchronize import Barrier, Event
from pathlib import Path
from typing import Any

from clinic.errors import ClinicError
from clinic.privacy import passwords, users
from clinic.privacy.keys import ClinicKeys
from clinic.storage.db import Database, Mode, open_engine


def guess(
    keys: ClinicKeys,
    mode: Mode,
    path: Path | None,
    url: str | None,
    clinic_id: str,
    start: Barrier,
    results: Any,
    username: str,
    password: str,
    cost: dict[str, int],
) -> None:
    """Open the clinic, wait for every other guesser, then try one password; report the outcome."""
    passwords.use_cost(**cost)
    engine = open_engine(mode=mode, keys=keys, path=path, url=url)
    db = Database(
        engine=engine, keys=keys, mode=mode, clinic_id=clinic_id, demo=False, workstation="ws"
    )
    try:
        start.wait(timeout=120)
        users.login(db, username=username, password=password)
        results.put("signed_in")
    except ClinicError as exc:
        results.put(exc.code)
    except Exception as exc:  # reported, so the test shows what broke
        results.put(repr(exc))
    finally:
        engine.dispose()


def hold_write_lock(
    path: Path, key: bytes, holding: Event, release: Event, exclusive: bool
) -> None:
    """Hold the file's write lock (EXCLUSIVE: readers shut out too) until RELEASE is set."""
    import sqlcipher3.dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(path), isolation_level=None, timeout=5)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    if exclusive:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE")
    conn.execute("UPDATE users SET id = id WHERE 0")
    holding.set()
    release.wait(timeout=120)
    conn.rollback()
    conn.close()
