"""Tampering with the audit trail directly in the database is caught, and the event named."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from clinic.privacy import audit_service, users
from clinic.privacy.permissions import Role
from tests.conftest import ClinicUnderTest

Tamper = Callable[[Connection, int], int]


def _edit(conn: Connection, n: int) -> int:
    conn.execute(text("UPDATE audit_events SET details = '[]' WHERE seq = 3"))
    return 3


def _edit_user(conn: Connection, n: int) -> int:
    conn.execute(text("UPDATE audit_events SET username = 'someone_else' WHERE seq = 4"))
    return 4


def _delete_middle(conn: Connection, n: int) -> int:
    conn.execute(text("DELETE FROM audit_events WHERE seq = 3"))
    return 3


def _delete_last(conn: Connection, n: int) -> int:
    conn.execute(text("DELETE FROM audit_events WHERE seq = :n"), {"n": n})
    return n


def _insert_at_end(conn: Connection, n: int) -> int:
    row = conn.execute(text("SELECT * FROM audit_events WHERE seq = :n"), {"n": n}).mappings().one()
    forged = dict(row, seq=n + 1, prev_mac=row["mac"], mac="f" * 64, action="forged")
    conn.execute(
        text(
            "INSERT INTO audit_events (seq, occurred_at, user_id, username, workstation, session_id,"
            " action, entity, entity_id, outcome, details, prev_mac, mac) VALUES (:seq,"
            " :occurred_at, :user_id, :username, :workstation, :session_id, :action, :entity,"
            " :entity_id, :outcome, :details, :prev_mac, :mac)"
        ),
        forged,
    )
    return n + 1


def _insert_in_middle(conn: Connection, n: int) -> int:
    # Make room by renumbering the tail, then slip a copy of event 2 in as event 3.
    for seq in range(n, 2, -1):
        conn.execute(
            text("UPDATE audit_events SET seq = :new WHERE seq = :old"),
            {"new": seq + 1, "old": seq},
        )
    row = conn.execute(text("SELECT * FROM audit_events WHERE seq = 2")).mappings().one()
    conn.execute(
        text(
            "INSERT INTO audit_events (seq, occurred_at, user_id, username, workstation, session_id,"
            " action, entity, entity_id, outcome, details, prev_mac, mac) VALUES (3,"
            " :occurred_at, :user_id, :username, :workstation, :session_id, :action, :entity,"
            " :entity_id, :outcome, :details, :prev_mac, :mac)"
        ),
        dict(row),
    )
    conn.execute(text("UPDATE audit_head SET seq = seq + 1"))
    return 3


def _swap(conn: Connection, n: int) -> int:
    conn.execute(text("UPDATE audit_events SET seq = -1 WHERE seq = 3"))
    conn.execute(text("UPDATE audit_events SET seq = 3 WHERE seq = 4"))
    conn.execute(text("UPDATE audit_events SET seq = 4 WHERE seq = -1"))
    return 3


def _rewind_head(conn: Connection, n: int) -> int:
    conn.execute(text("DELETE FROM audit_events WHERE seq = :n"), {"n": n})
    conn.execute(text("UPDATE audit_head SET seq = seq - 1"))
    return n - 1  # the head no longer seals its own values: caught there


TAMPERS: dict[str, Tamper] = {
    "edit_details": _edit,
    "edit_user": _edit_user,
    "delete_middle": _delete_middle,
    "delete_last": _delete_last,
    "insert_at_end": _insert_at_end,
    "insert_in_middle": _insert_in_middle,
    "swap": _swap,
    "rewind_head": _rewind_head,
}


def _some_events(cut: ClinicUnderTest) -> int:
    nurse = cut.add_user("nurse1", Role.NURSE)
    for _ in range(3):
        users.check_session(nurse)
    auditor = cut.add_user("auditor1", Role.AUDITOR)
    result = audit_service.verify_audit_trail(auditor)
    assert result.ok, result.problem_en
    with cut.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT max(seq) FROM audit_events")).scalar_one())


@pytest.mark.parametrize("tamper", list(TAMPERS), ids=str)
def test_tampering_is_caught_and_named(clinic: ClinicUnderTest, tamper: str) -> None:
    last = _some_events(clinic)
    auditor = clinic.clinic.login("auditor1", "auditor1-pass-1")
    last += 1  # the login's own event
    with clinic.db.engine.begin() as conn:
        bad = TAMPERS[tamper](conn, last)
    result = audit_service.verify_audit_trail(auditor)
    assert not result.ok
    assert result.first_bad_seq == bad, result.problem_en
    assert str(bad) in result.problem_en and str(bad) in result.problem_zh


def test_untouched_chain_verifies_every_event(clinic: ClinicUnderTest) -> None:
    last = _some_events(clinic)
    auditor = clinic.clinic.login("auditor1", "auditor1-pass-1")
    result = audit_service.verify_audit_trail(auditor)
    assert result.ok
    assert result.checked >= last


def test_audit_key_is_not_in_the_database(clinic: ClinicUnderTest) -> None:
    _some_events(clinic)
    key_hex = clinic.db.keys.audit.hex()
    with clinic.db.engine.connect() as conn:
        for table in ("audit_events", "audit_head", "setting_changes", "clinic_info"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                assert key_hex not in " ".join(str(v) for v in row)


def test_cli_verify_exits_nonzero_and_names_the_event(clinic: ClinicUnderTest) -> None:
    if clinic.backend != "sqlcipher":
        pytest.skip("the CLI path is the same for both backends; run once")
    _some_events(clinic)
    cli = [
        sys.executable,
        "-m",
        "clinic.cli",
        "--path",
        str(clinic.home),
        "--user",
        "auditor1",
        "audit",
        "verify",
    ]
    ok = subprocess.run(cli, input="auditor1-pass-1\n", capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "intact" in ok.stdout
    with clinic.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET outcome = 'done' WHERE seq = 2"))
        conn.execute(text("UPDATE audit_events SET action = 'nothing' WHERE seq = 2"))
    broken = subprocess.run(
        cli,
        input="auditor1-pass-1\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={"LANG": "en_US.UTF-8", **_env()},
    )
    assert broken.returncode == 3
    assert "event 2" in broken.stdout


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
