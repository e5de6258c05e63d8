"""An administrator resets a workstation's sign-in throttle (unknown user names counted per
workstation) on both backends: the hold is lifted and the count starts again after the reset,
the reset and what it cleared are in the audit trail, the row is kept; bad input and other roles
change nothing; `clinic-admin throttle list / reset` do the same."""

from __future__ import annotations

import io
import json
import sys

import pytest
from sqlalchemy import select

from clinic import cli
from clinic.errors import (
    AccountLocked,
    AuthenticationFailed,
    ClinicError,
    Conflict,
    InvalidInput,
    PermissionDenied,
)
from clinic.privacy import users
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.permissions import Role
from clinic.storage.models import AuditEvent, LoginThrottle
from clinic.storage.uow import UnitOfWork
from tests.conftest import ADMIN_PASSWORD, ClinicUnderTest

HELD = "ws-a"


def _guess(cut: ClinicUnderTest, times: int, station: str = HELD) -> None:
    """TIMES sign-ins under unknown user names at STATION, each refused."""
    for n in range(times):
        with pytest.raises(AuthenticationFailed):
            users.login(cut.db, username=f"nobody{n}", password="whatever-1", workstation=station)


def _resets(cut: ClinicUnderTest) -> list[tuple[str, dict[str, object]]]:
    with UnitOfWork(cut.db, read_only=True) as uow:
        rows = uow.session.execute(
            select(AuditEvent.outcome, AuditEvent.details)
            .where(AuditEvent.action == "login.throttle_reset")
            .order_by(AuditEvent.seq)
        ).all()
    return [(outcome, json.loads(details)) for outcome, details in rows]


def _row(cut: ClinicUnderTest, station: str = HELD) -> tuple[int, bool] | None:
    with UnitOfWork(cut.db, read_only=True) as uow:
        row = uow.session.get(LoginThrottle, station)
        return None if row is None else (row.failed_attempts, row.locked_until is not None)


def test_a_held_workstation_is_reset_and_the_reset_is_audited(clinic: ClinicUnderTest) -> None:
    _guess(clinic, 5)
    with pytest.raises(AccountLocked):
        users.login(clinic.db, username="admin", password=ADMIN_PASSWORD, workstation=HELD)
    admin = clinic.admin()  # at this test's own workstation
    [listed] = users.list_login_throttles(admin)
    assert listed.workstation == HELD and listed.held_until is not None

    cleared = users.reset_login_throttle(
        admin, workstation=f" {HELD} ", reason="清洁工误输入 cleaner typed names at the window"
    )
    assert cleared.workstation == HELD and cleared.held_until == listed.held_until
    assert users.list_login_throttles(admin) == []
    assert users.login(clinic.db, username="admin", password=ADMIN_PASSWORD, workstation=HELD)
    assert _row(clinic) == (0, False)  # kept, not deleted

    [(outcome, details)] = _resets(clinic)
    assert outcome == "done"
    assert details["workstation"] == HELD
    assert details["held_until"] == listed.held_until.isoformat()  # type: ignore[union-attr]
    assert details["reason"] == "清洁工误输入 cleaner typed names at the window"
    assert verify_audit_trail(admin).ok


def test_the_count_starts_again_after_a_reset(clinic: ClinicUnderTest) -> None:
    _guess(clinic, 3)
    admin = clinic.admin()
    cleared = users.reset_login_throttle(admin, workstation=HELD, reason="test")
    assert cleared.failed_attempts == 3 and cleared.held_until is None
    assert _resets(clinic)[0][1]["failed_attempts"] == 3
    _guess(clinic, 4)  # four more: not held, as the three before the reset no longer count
    with pytest.raises(AccountLocked):
        users.login(clinic.db, username="nobody", password="whatever-1", workstation=HELD)


def test_bad_input_and_other_roles_change_nothing(clinic: ClinicUnderTest) -> None:
    _guess(clinic, 5)
    admin = clinic.admin()
    nurse = clinic.add_user("nurse1", Role.NURSE)
    refusals: list[ClinicError] = []
    for auth, station, reason, error in (
        (admin, HELD, "  ", InvalidInput),
        (admin, "", "reason", InvalidInput),
        (admin, "ws\x07bell", "reason", InvalidInput),
        (admin, "ws-never-seen", "reason", Conflict),
        (nurse, HELD, "reason", PermissionDenied),
    ):
        with pytest.raises(error) as refused:
            users.reset_login_throttle(auth, workstation=station, reason=reason)
        refusals.append(refused.value)
        assert _row(clinic) == (0, True)  # still held
    for refusal in refusals:
        assert refusal.message("en") and refusal.message("zh_CN") != refusal.message("en")
    users.reset_login_throttle(admin, workstation=HELD, reason="held by a test")
    with pytest.raises(Conflict) as again:  # nothing left to reset: said, nothing written
        users.reset_login_throttle(admin, workstation=HELD, reason="twice")
    assert "nothing to reset" in again.value.message("en")
    assert [outcome for outcome, _ in _resets(clinic)].count("done") == 1


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_clinic_admin_throttle_list_and_reset(
    clinic: ClinicUnderTest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _guess(clinic, 5)
    clinic.clinic.close()
    options = ["--path", str(clinic.home), "--user", "admin"]

    def run(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
        code = cli.main([*options, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("throttle", "list")
    assert code == 0 and HELD in out and "held until" in out
    with pytest.raises(SystemExit):  # no reason given: refused before anything opens
        run("throttle", "reset", HELD)
    capsys.readouterr()
    code, out, err = run("throttle", "reset", HELD, "--reason", "a cleaner's typing")
    assert code == 0, err
    assert f"Sign-in throttle of {HELD} reset" in out and "hold until" in out
    code, out, _ = run("throttle", "list")
    assert code == 0 and HELD not in out
    code, _, err = run("throttle", "reset", "ws-never-seen", "--reason", "x")
    assert code != 0 and "nothing to reset" in err
