"""The tamper suite: someone with the database but not the audit key edits, deletes, reorders,
cuts, empties, rolls back or forges the trail. Each is caught by `audit verify`, and no later
write builds on a head that fails its seal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from clinic.errors import AuditChainBroken, InvalidInput
from clinic.privacy import audit_service, checkpoint, users
from clinic.privacy.permissions import Role
from clinic.service import AuthContext
from tests.conftest import ADMIN_PASSWORD, ClinicUnderTest

COLUMNS = (
    "seq, occurred_at, user_id, username, workstation, session_id, action, entity, entity_id,"
    " outcome, details, prev_mac, mac"
)


def _trail(cut: ClinicUnderTest) -> tuple[AuthContext, int]:
    """A nurse and an auditor with a few events behind them; the auditor and the last seq."""
    nurse = cut.add_user("nurse1", Role.NURSE)
    for _ in range(3):
        users.check_session(nurse)
    auditor = cut.add_user("auditor1", Role.AUDITOR)
    assert audit_service.verify_audit_trail(auditor).ok
    return auditor, _last_seq(cut)


def _last_seq(cut: ClinicUnderTest) -> int:
    with cut.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT max(seq) FROM audit_events")).scalar_one())


def _head(cut: ClinicUnderTest) -> tuple[int, str, str]:
    with cut.db.engine.connect() as conn:
        row = conn.execute(text("SELECT seq, mac, head_mac FROM audit_head")).one()
    return int(row.seq), str(row.mac), str(row.head_mac)


def _sql(cut: ClinicUnderTest, *statements: str, **params: object) -> None:
    with cut.db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), params)


def _write_is_refused(cut: ClinicUnderTest) -> None:
    """The next ordinary write (a nurse signing in) fails with a readable message, and
    nothing is written."""
    before = _last_seq(cut) if _count(cut) else 0
    with pytest.raises(AuditChainBroken) as caught:
        cut.clinic.login("nurse1", "nurse1-pass-1")
    assert "audit trail is damaged" in caught.value.en
    assert "审计记录已损坏" in caught.value.zh
    assert (_last_seq(cut) if _count(cut) else 0) == before


def _count(cut: ClinicUnderTest) -> int:
    with cut.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one())


def _broken_at(auditor: AuthContext, seq: int, **kwargs: object) -> str:
    result = audit_service.verify_audit_trail(auditor, **kwargs)  # type: ignore[arg-type]
    assert not result.ok
    assert result.first_bad_seq == seq, result.problem_en
    assert str(seq) in result.problem_en and str(seq) in result.problem_zh
    return result.problem_en


def test_edited_last_event_refuses_the_next_write(clinic: ClinicUnderTest) -> None:
    auditor, last = _trail(clinic)
    _sql(clinic, "UPDATE audit_events SET outcome = 'denied' WHERE seq = :n", n=last)
    _write_is_refused(clinic)
    assert "altered" in _broken_at(auditor, last)


def test_edited_middle_event_is_named(clinic: ClinicUnderTest) -> None:
    auditor, _ = _trail(clinic)
    _sql(clinic, "UPDATE audit_events SET username = 'someone_else' WHERE seq = 3")
    assert "altered" in _broken_at(auditor, 3)


def test_deleted_last_event_refuses_the_next_write(clinic: ClinicUnderTest) -> None:
    auditor, last = _trail(clinic)
    _sql(clinic, "DELETE FROM audit_events WHERE seq = :n", n=last)
    _write_is_refused(clinic)
    _broken_at(auditor, last)


def test_reordered_events_refuse_the_next_write(clinic: ClinicUnderTest) -> None:
    auditor, last = _trail(clinic)
    _sql(
        clinic,
        "UPDATE audit_events SET seq = -1 WHERE seq = :n",
        "UPDATE audit_events SET seq = :n WHERE seq = :n - 1",
        "UPDATE audit_events SET seq = :n - 1 WHERE seq = -1",
        n=last,
    )
    _write_is_refused(clinic)
    _broken_at(auditor, last - 1)


def test_cut_tail_stays_detected_after_a_later_write_is_tried(clinic: ClinicUnderTest) -> None:
    """Delete the last events and copy the new last event's seq/mac into the head: the next
    write (any login) must not re-seal the head over the cut."""
    auditor, last = _trail(clinic)
    keep = last - 3
    _sql(
        clinic,
        "DELETE FROM audit_events WHERE seq > :keep",
        "UPDATE audit_head SET seq = :keep, mac = (SELECT mac FROM audit_events WHERE seq = :keep)",
        keep=keep,
    )
    _write_is_refused(clinic)
    again = clinic.clinic.login("auditor1", "auditor1-pass-1")  # the auditor's own login
    assert again.audit_broken is not None
    assert _head(clinic)[0] == keep  # the head was not re-sealed
    _broken_at(auditor, keep)


def test_empty_trail_is_broken(clinic: ClinicUnderTest) -> None:
    auditor, _ = _trail(clinic)
    _sql(clinic, "DELETE FROM audit_events", "DELETE FROM audit_head")
    _write_is_refused(clinic)
    assert "empty" in _broken_at(auditor, 1)
    assert _count(clinic) == 0


def test_forged_event_at_the_end_refuses_the_next_write(clinic: ClinicUnderTest) -> None:
    auditor, last = _trail(clinic)
    with clinic.db.engine.begin() as conn:
        row = conn.execute(
            text("SELECT * FROM audit_events WHERE seq = :n"), {"n": last}
        ).mappings()
        forged = dict(row.one(), seq=last + 1, prev_mac=None, mac="f" * 64, action="forged")
        forged["prev_mac"] = conn.execute(
            text("SELECT mac FROM audit_events WHERE seq = :n"), {"n": last}
        ).scalar_one()
        names = ", ".join(f":{c.strip()}" for c in COLUMNS.split(","))
        conn.execute(text(f"INSERT INTO audit_events ({COLUMNS}) VALUES ({names})"), forged)
        conn.execute(
            text("UPDATE audit_head SET seq = :s, mac = :m"), {"s": last + 1, "m": "f" * 64}
        )
    _write_is_refused(clinic)
    _broken_at(auditor, last + 1)


def _roll_back_to(cut: ClinicUnderTest, old: tuple[int, str, str]) -> None:
    """Put back an old copy of the head row and delete what came after it: a whole chain."""
    seq, mac, sealed = old
    _sql(
        cut,
        "DELETE FROM audit_events WHERE seq > :seq",
        "UPDATE audit_head SET seq = :seq, mac = :mac, head_mac = :sealed",
        seq=seq,
        mac=mac,
        sealed=sealed,
    )


def test_old_head_put_back_is_caught_by_the_workstation_checkpoint(
    clinic: ClinicUnderTest,
) -> None:
    auditor, _ = _trail(clinic)
    old = _head(clinic)
    for _ in range(3):
        clinic.clinic.login("nurse1", "nurse1-pass-1")
    newest = _last_seq(clinic)
    _roll_back_to(clinic, old)
    _write_is_refused(clinic)  # this workstation saw more than the trail now holds
    problem = _broken_at(auditor, old[0] + 1)
    assert f"saw event {newest}" in problem


def test_old_head_put_back_and_written_over_elsewhere_is_caught(clinic: ClinicUnderTest) -> None:
    """After the rollback, another workstation (which never saw the removed events) goes on
    working and fills the old numbers again: the event this workstation saw is there by
    number, but it is not the one it saw."""
    auditor, _ = _trail(clinic)
    old = _head(clinic)
    clinic.clinic.login("nurse1", "nurse1-pass-1")
    newest = _last_seq(clinic)
    _roll_back_to(clinic, old)
    here = clinic.db.audit_checkpoint
    clinic.db.audit_checkpoint = None  # the other workstation: no record of what was removed
    for _ in range(newest - old[0] + 2):
        clinic.clinic.login("nurse1", "nurse1-pass-1")
    clinic.db.audit_checkpoint = here
    _write_is_refused(clinic)
    assert "rolled back" in _broken_at(auditor, newest)


def test_exported_checkpoint_catches_a_rollback_of_the_workstation_file(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    """The attacker also puts back this workstation's old checkpoint file (and this program
    is started again, so it reads it); the one the auditor exported and kept elsewhere still
    names what is gone."""
    _trail(clinic)
    local = clinic.home / checkpoint.WORKSTATION_FILE
    old_local = local.read_bytes()
    old = _head(clinic)
    clinic.clinic.login("nurse1", "nurse1-pass-1")
    exported = tmp_path / "kept-elsewhere.json"
    auditor = clinic.clinic.login("auditor1", "auditor1-pass-1")
    seq = audit_service.export_checkpoint(auditor, target=exported)
    _roll_back_to(clinic, old)
    local.write_bytes(old_local)
    clinic.db.audit_checkpoint = checkpoint.WorkstationCheckpoint(
        clinic.home, clinic.db.keys.audit, clinic.db.clinic_id, clinic.db.workstation
    )
    auditor = clinic.clinic.login("auditor1", "auditor1-pass-1")
    assert auditor.audit_broken is None  # nothing on this computer shows it
    assert audit_service.verify_audit_trail(auditor).ok
    result = audit_service.verify_audit_trail(auditor, checkpoint_files=[exported])
    assert not result.ok
    assert f"event {seq}" in result.problem_en and exported.name in result.problem_en
    assert exported.name in result.problem_zh


def test_forged_checkpoint_file_is_refused(clinic: ClinicUnderTest, tmp_path: Path) -> None:
    auditor, _ = _trail(clinic)
    exported = tmp_path / "cp.json"
    audit_service.export_checkpoint(auditor, target=exported)
    exported.write_text(exported.read_text().replace('"seq": ', '"seq": 1'))
    with pytest.raises(InvalidInput) as caught:
        audit_service.verify_audit_trail(auditor, checkpoint_files=[exported])
    assert "seal does not match" in caught.value.en and "校验码不符" in caught.value.zh
    exported.write_text("not json")
    with pytest.raises(InvalidInput):
        audit_service.verify_audit_trail(auditor, checkpoint_files=[exported])


def test_checkpoint_is_not_exported_from_a_broken_trail(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    auditor, _ = _trail(clinic)
    _sql(clinic, "UPDATE audit_events SET action = 'x' WHERE seq = 2")
    with pytest.raises(AuditChainBroken):
        audit_service.export_checkpoint(auditor, target=tmp_path / "cp.json")
    assert not (tmp_path / "cp.json").exists()


def test_break_is_shown_to_auditor_and_administrator_only(clinic: ClinicUnderTest) -> None:
    auditor, last = _trail(clinic)
    assert auditor.audit_broken is None
    _sql(clinic, "DELETE FROM audit_events WHERE seq = :n", n=last)
    admin = clinic.clinic.login("admin", ADMIN_PASSWORD)
    assert admin.audit_broken is not None
    assert "audit trail is damaged" in admin.audit_broken.message("en")
    again = clinic.clinic.login("auditor1", "auditor1-pass-1")
    assert again.audit_broken is not None
    assert not audit_service.verify_audit_trail(again).ok  # the auditor can still examine it
    _write_is_refused(clinic)  # a nurse cannot sign in at all
    with pytest.raises(AuditChainBroken):
        users.check_session(auditor)  # nor can an ordinary audited action be done


def test_wrong_password_on_a_broken_trail_is_still_refused(clinic: ClinicUnderTest) -> None:
    from clinic.errors import AuthenticationFailed

    _, last = _trail(clinic)
    _sql(clinic, "DELETE FROM audit_events WHERE seq = :n", n=last)
    with pytest.raises(AuthenticationFailed):
        clinic.clinic.login("auditor1", "wrong-password-1")


def test_cli_checkpoint_export_and_verify(clinic: ClinicUnderTest, tmp_path: Path) -> None:
    if clinic.backend != "sqlcipher":
        pytest.skip("the CLI path is the same for both backends; run once")
    _trail(clinic)
    local = clinic.home / checkpoint.WORKSTATION_FILE
    old_local = local.read_bytes()
    old = _head(clinic)
    clinic.clinic.login("nurse1", "nurse1-pass-1")
    kept = tmp_path / "kept.json"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "clinic.cli", "--path", str(clinic.home)]
        return subprocess.run(
            [*command, "--user", "auditor1", "audit", *args],
            input="auditor1-pass-1\n",
            capture_output=True,
            text=True,
            timeout=60,
            env={**_env(), "LANG": "en_US.UTF-8"},
        )

    made = cli("checkpoint", "--out", str(kept))
    assert made.returncode == 0, made.stderr
    assert kept.exists()
    _roll_back_to(clinic, old)
    local.write_bytes(old_local)
    assert cli("verify").returncode == 0
    broken = cli("verify", "--checkpoint", str(kept))
    assert broken.returncode == 3, broken.stdout + broken.stderr
    assert "kept.json" in broken.stdout
    missing = cli("verify", "--checkpoint", str(tmp_path / "nowhere.json"))
    assert missing.returncode == 2 and "nowhere.json" in missing.stderr


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}


def test_restoring_a_backup_is_not_taken_for_a_rollback(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    """A restore puts an older trail back on purpose, sealed with its own event: this
    workstation's checkpoint follows it, and work goes on."""
    from clinic import app
    from clinic.backups import create_backup
    from clinic.restore import restore_backup

    _trail(clinic)
    target = tmp_path / "before.backup"
    create_backup(clinic.admin(), target=target, clinic_name="测试诊所 Test Clinic")
    for _ in range(3):
        clinic.clinic.login("nurse1", "nurse1-pass-1")
    clinic.clinic.close()
    restore_backup(
        clinic.home, target, username="admin", password=ADMIN_PASSWORD, keystore=clinic.keystore
    )
    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    clinic.clinic.login("nurse1", "nurse1-pass-1")
    auditor = clinic.clinic.login("auditor1", "auditor1-pass-1")
    assert auditor.audit_broken is None
    result = audit_service.verify_audit_trail(auditor)
    assert result.ok, result.problem_en
