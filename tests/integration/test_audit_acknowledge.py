"""A broken audit trail acknowledged by an auditor and an administrator together, on both
backends: refused (nothing written, still broken) for one person, a wrong password, a second
person without the other role, another break than the one found, no reason; once acknowledged,
work goes on, and every later verification and `clinic-admin audit verify` still report the
break; a new break, before or after it, is caught as before."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import text

from clinic import cli
from clinic.app import open_clinic
from clinic.errors import (
    AuditChainBroken,
    ClinicError,
    Conflict,
    InvalidInput,
    WitnessRejected,
)
from clinic.privacy import audit_service, users
from clinic.privacy.permissions import Role
from clinic.service import AuthContext
from tests.conftest import ADMIN_PASSWORD, ClinicUnderTest

REASON = "已核对最近备份与纸质登记 checked against the last backup and the paper register"


def _last_seq(cut: ClinicUnderTest) -> int:
    with cut.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT max(seq) FROM audit_events")).scalar_one())


def _acks(cut: ClinicUnderTest) -> int:
    with cut.db.engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT count(*) FROM audit_events"
                " WHERE action = 'audit.acknowledge' AND outcome = 'done'"
            )
        )
        return int(found.scalar_one())


def _sql(cut: ClinicUnderTest, statement: str, **params: object) -> None:
    with cut.db.engine.begin() as conn:
        conn.execute(text(statement), params)


def _broken_trail(cut: ClinicUnderTest) -> tuple[AuthContext, AuthContext, int]:
    """A nurse's few events, then event 3 edited (found by verify; a write checks only the
    newest event): the auditor's and the administrator's sessions and the broken event."""
    nurse = cut.add_user("nurse1", Role.NURSE)
    for _ in range(3):
        users.check_session(nurse)
    auditor = cut.add_user("auditor1", Role.AUDITOR)
    cut.add_user("auditor2", Role.AUDITOR)
    admin = cut.admin()
    _sql(cut, "UPDATE audit_events SET username = 'someone_else' WHERE seq = 3")
    result = audit_service.verify_audit_trail(auditor)
    assert not result.ok and result.first_bad_seq == 3
    return auditor, admin, 3


def test_two_people_acknowledge_a_break_and_work_goes_on_with_the_break_reported(
    clinic: ClinicUnderTest,
) -> None:
    auditor, admin, bad = _broken_trail(clinic)
    before = _last_seq(clinic)
    attempts: list[tuple[AuthContext, dict[str, object], type[ClinicError]]] = [
        (
            auditor,
            {"authoriser": "auditor1", "authoriser_password": "auditor1-pass-1"},
            WitnessRejected,
        ),
        (
            auditor,
            {"authoriser": "auditor2", "authoriser_password": "auditor2-pass-1"},
            WitnessRejected,
        ),
        (
            auditor,
            {"authoriser": "nurse1", "authoriser_password": "nurse1-pass-1"},
            WitnessRejected,
        ),
        (auditor, {"authoriser": "admin", "authoriser_password": "wrong-pass-1"}, WitnessRejected),
        (auditor, {"authoriser": "admin", "first_bad_seq": bad + 1}, Conflict),
        (auditor, {"authoriser": "admin", "reason": "  "}, InvalidInput),
    ]
    for auth, given, error in attempts:
        arguments: dict[str, object] = {
            "first_bad_seq": bad,
            "reason": REASON,
            "authoriser": "admin",
            "authoriser_password": ADMIN_PASSWORD,
            **given,
        }
        with pytest.raises(error) as refused:
            audit_service.acknowledge_audit_break(auth, **arguments)  # type: ignore[arg-type]
        assert refused.value.en and refused.value.zh != refused.value.en
        assert _acks(clinic) == 0  # no acknowledgement (the refusal itself is recorded)
        assert not audit_service.verify_audit_trail(auditor).ok

    ack = audit_service.acknowledge_audit_break(
        admin,  # the administrator types, the auditor signs second: the same act
        first_bad_seq=bad,
        reason=REASON,
        authoriser="auditor1",
        authoriser_password="auditor1-pass-1",
    )
    assert ack.seq == _last_seq(clinic) > before and _acks(clinic) == 1
    assert (ack.auditor, ack.administrator) == ("auditor1", "admin")

    nurse = clinic.clinic.login("nurse1", "nurse1-pass-1")  # work goes on
    users.check_session(nurse)
    result = audit_service.verify_audit_trail(auditor)
    assert result.ok
    [shown] = result.acknowledged  # the break stays in every report
    assert shown.first_bad_seq == bad and "altered" in shown.problem_en
    assert "篡改" in shown.problem_zh and shown.reason == REASON
    assert (shown.auditor, shown.administrator) == ("auditor1", "admin")

    with pytest.raises(Conflict):  # nothing left to acknowledge
        audit_service.acknowledge_audit_break(
            auditor,
            first_bad_seq=bad,
            reason=REASON,
            authoriser="admin",
            authoriser_password=ADMIN_PASSWORD,
        )

    # a new break after the acknowledgement is caught as before, the old one still shown
    _sql(clinic, "UPDATE audit_events SET outcome = 'denied' WHERE seq = :n", n=ack.seq + 1)
    later = audit_service.verify_audit_trail(auditor)
    assert not later.ok and later.first_bad_seq == ack.seq + 1
    assert [a.first_bad_seq for a in later.acknowledged] == [bad]


def test_a_new_break_before_the_acknowledged_one_is_not_covered(clinic: ClinicUnderTest) -> None:
    auditor, _, bad = _broken_trail(clinic)
    audit_service.acknowledge_audit_break(
        auditor,
        first_bad_seq=bad,
        reason=REASON,
        authoriser="admin",
        authoriser_password=ADMIN_PASSWORD,
    )
    _sql(clinic, "UPDATE audit_events SET username = 'another' WHERE seq = 2")
    result = audit_service.verify_audit_trail(auditor)
    assert not result.ok and result.first_bad_seq == 2


def test_a_forged_acknowledgement_acknowledges_nothing(clinic: ClinicUnderTest) -> None:
    auditor, _, bad = _broken_trail(clinic)
    ack = audit_service.acknowledge_audit_break(
        auditor,
        first_bad_seq=bad,
        reason=REASON,
        authoriser="admin",
        authoriser_password=ADMIN_PASSWORD,
    )
    _sql(
        clinic,
        "UPDATE audit_events SET details = replace(details, 'backup', 'b') WHERE seq = :n",
        n=ack.seq,
    )
    result = audit_service.verify_audit_trail(auditor)
    assert not result.ok and result.first_bad_seq == bad and result.acknowledged == ()


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_clinic_admin_audit_acknowledge_and_verify_show_the_break(
    clinic: ClinicUnderTest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A trail cut at its end: verify says where (exit 3); the auditor and the administrator
    acknowledge it; verify then says the trail is whole since, and names the break (exit 4)."""
    nurse = clinic.add_user("nurse1", Role.NURSE)
    for _ in range(4):
        users.check_session(nurse)
    clinic.add_user("auditor1", Role.AUDITOR)
    last = _last_seq(clinic)
    _sql(clinic, "DELETE FROM audit_events WHERE seq > :keep", keep=last - 2)
    with pytest.raises(AuditChainBroken):  # work stops, on purpose
        clinic.clinic.login("nurse1", "nurse1-pass-1")
    clinic.clinic.close()
    options = ["--path", str(clinic.home), "--user", "auditor1"]

    def run(*argv: str, typed: str = "auditor1-pass-1\n") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
        code = cli.main([*options, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("audit", "verify")
    assert code == 3 and f"AUDIT TRAIL BROKEN at event {last - 1}" in out
    code, out, err = run(
        "audit",
        "acknowledge",
        str(last - 1),
        "--with",
        "admin",
        "--reason",
        REASON,
        typed=f"auditor1-pass-1\n{ADMIN_PASSWORD}\n",
    )
    assert code == 0, err
    assert f"Break at event {last - 1} acknowledged in event {last - 1}" in out
    code, out, _ = run("audit", "verify")
    assert code == 4
    assert f"ACKNOWLEDGED BREAK at event {last - 1}" in out and REASON in out
    assert "auditor auditor1 and administrator admin" in out
    assert "Audit trail intact since event" in out
    reopened = open_clinic(clinic.home)
    try:
        users.check_session(reopened.login("nurse1", "nurse1-pass-1"))  # work goes on
    finally:
        reopened.close()


def _session_row(cut: ClinicUnderTest, auth: AuthContext) -> tuple[int, bool]:
    """The witness-failure count of AUTH's session, and whether it is locked."""
    with cut.db.engine.connect() as conn:
        failures, locked_at = conn.execute(
            text("SELECT witness_failures, locked_at FROM user_sessions WHERE id = :id"),
            {"id": auth.actor.session_id},
        ).one()
    return int(failures), locked_at is not None


def _failed_attempts(cut: ClinicUnderTest, username: str) -> int:
    with cut.db.engine.connect() as conn:
        found = conn.execute(
            text("SELECT failed_attempts FROM users WHERE username = :u"), {"u": username}
        )
        return int(found.scalar_one())


def _acknowledge(auth: AuthContext, bad: int, password: str, **more: object) -> None:
    audit_service.acknowledge_audit_break(
        auth,
        first_bad_seq=bad,
        reason=REASON,
        authoriser="admin",
        authoriser_password=password,
        **more,  # type: ignore[arg-type]
    )


def test_a_wrong_second_password_counts_against_the_session_as_a_witness_does(
    clinic: ClinicUnderTest,
) -> None:
    """As for a witness at a stock receipt or destruction: each wrong try of the second person
    is denied in the trail and counted against the session that typed it (the limit locks the
    screen), never against the second person's own account; nothing is acknowledged."""
    auditor, _, bad = _broken_trail(clinic)
    limit = 5  # lockout_attempts, the clinic's default
    for number in range(1, limit):
        with pytest.raises(WitnessRejected, match="user name or password is wrong"):
            _acknowledge(auditor, bad, f"wrong-pass-{number}")
        assert _session_row(clinic, auditor) == (number, False)
    assert _failed_attempts(clinic, "admin") == 0 and _acks(clinic) == 0
    with clinic.db.engine.connect() as conn:
        denials = conn.execute(
            text(
                "SELECT count(*) FROM audit_events WHERE action = 'witness.sign'"
                " AND outcome = 'denied' AND username = 'admin'"
                " AND details LIKE '%audit.acknowledge%'"
            )
        ).scalar_one()
    assert denials == limit - 1
    with pytest.raises(WitnessRejected, match="this screen is now locked") as locked:
        _acknowledge(auditor, bad, "wrong-pass-last")
    assert "屏幕现已锁定" in locked.value.message("zh_CN")
    assert _session_row(clinic, auditor) == (0, True)
    with pytest.raises(ClinicError):  # a locked screen: not even with the right password
        _acknowledge(auditor, bad, ADMIN_PASSWORD)
    assert _acks(clinic) == 0 and _failed_attempts(clinic, "admin") == 0


def test_on_a_trail_cut_at_its_end_a_wrong_second_password_is_still_counted(
    clinic: ClinicUnderTest,
) -> None:
    """The trail cannot take the denial's event (its newest events are gone): the wrong try is
    refused and counted all the same, and the right one then acknowledges the break."""
    nurse = clinic.add_user("nurse1", Role.NURSE)
    for _ in range(3):
        users.check_session(nurse)
    auditor = clinic.add_user("auditor1", Role.AUDITOR)
    last = _last_seq(clinic)
    _sql(clinic, "DELETE FROM audit_events WHERE seq > :keep", keep=last - 2)
    found = audit_service.verify_audit_trail(auditor)
    assert not found.ok and found.first_bad_seq is not None
    with pytest.raises(WitnessRejected, match="user name or password is wrong"):
        _acknowledge(auditor, found.first_bad_seq, "wrong-pass-1")
    assert _session_row(clinic, auditor) == (1, False)
    assert _failed_attempts(clinic, "admin") == 0 and _acks(clinic) == 0
    _acknowledge(auditor, found.first_bad_seq, ADMIN_PASSWORD)
    assert _acks(clinic) == 1


def test_the_signed_in_persons_own_password_typed_again_must_be_right(
    clinic: ClinicUnderTest,
) -> None:
    """The app asks the auditor's own password again: a wrong one is refused in both languages,
    counted against the auditor's account as at sign-in, and nothing is written."""
    auditor, _, bad = _broken_trail(clinic)
    with pytest.raises(InvalidInput, match="Your own password is wrong") as wrong:
        _acknowledge(auditor, bad, ADMIN_PASSWORD, own_password="not-mine-1")
    assert "您本人的密码错误" in wrong.value.message("zh_CN")
    assert _failed_attempts(clinic, "auditor1") == 1 and _acks(clinic) == 0
    assert _session_row(clinic, auditor) == (0, False)  # not a second person's try
    _acknowledge(auditor, bad, ADMIN_PASSWORD, own_password="auditor1-pass-1")
    assert _acks(clinic) == 1 and _failed_attempts(clinic, "auditor1") == 0
