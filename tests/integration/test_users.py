"""Users and sessions: lockout, passwords, roles, disabling, witnesses, settings changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from clinic import administration
from clinic.errors import (
    AccountLocked,
    AuthenticationFailed,
    Conflict,
    InvalidInput,
    PermissionDenied,
    WitnessRejected,
)
from clinic.privacy import users
from clinic.privacy.permissions import Role
from clinic.storage.models import AuditEvent, SettingChange, User, UserSession
from clinic.storage.types import utcnow
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest


def _events(cut: ClinicUnderTest, action: str) -> list[tuple[str, str, str]]:
    with UnitOfWork(cut.db, read_only=True) as uow:
        rows = uow.session.execute(
            select(AuditEvent.username, AuditEvent.outcome, AuditEvent.details)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.seq)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_lockout_after_five_wrong_passwords(clinic: ClinicUnderTest) -> None:
    clinic.add_user("nurse1", Role.NURSE)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as wrong:
            clinic.clinic.login("nurse1", "not-the-password")
        assert not isinstance(wrong.value, AccountLocked)
    with pytest.raises(AccountLocked) as locked:
        clinic.clinic.login("nurse1", "not-the-password")
    assert locked.value.details["minutes_left"] == 15
    assert "15" in locked.value.message("en") and "15" in locked.value.message("zh_CN")
    with pytest.raises(AccountLocked):  # even the right password waits out the lock
        clinic.clinic.login("nurse1", "nurse1-pass-1")
    denied = [e for e in _events(clinic, "login") if e[0] == "nurse1" and e[1] == "denied"]
    assert len(denied) == 6
    # the administrator's reset clears the lock
    admin = clinic.admin()
    nurse_id = next(u.user_id for u in users.list_users(admin) if u.username == "nurse1")
    users.reset_password(admin, user_id=nurse_id, new_password="fresh-pass-1")
    assert clinic.clinic.login("nurse1", "fresh-pass-1").actor.username == "nurse1"


def test_lock_expires(clinic: ClinicUnderTest) -> None:
    clinic.add_user("nurse1", Role.NURSE)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            clinic.clinic.login("nurse1", "wrong-password")
    with UnitOfWork(clinic.db) as uow:
        user = uow.session.scalars(select(User).where(User.username == "nurse1")).one()
        user.locked_until = utcnow() - timedelta(seconds=1)
        uow.commit()
    assert clinic.clinic.login("nurse1", "nurse1-pass-1").actor.username == "nurse1"


def test_lockout_threshold_is_a_setting(clinic: ClinicUnderTest) -> None:
    administration.update_setting(clinic.admin(), key="lockout_attempts", value="3")
    clinic.add_user("nurse1", Role.NURSE)
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            clinic.clinic.login("nurse1", "wrong-password")
    with pytest.raises(AccountLocked):
        clinic.clinic.login("nurse1", "wrong-password")


def test_unknown_user_and_wrong_password_read_the_same(clinic: ClinicUnderTest) -> None:
    clinic.add_user("nurse1", Role.NURSE)
    with pytest.raises(AuthenticationFailed) as unknown:
        clinic.clinic.login("nobody", "whatever-1")
    with pytest.raises(AuthenticationFailed) as wrong:
        clinic.clinic.login("nurse1", "whatever-1")
    assert unknown.value.message("en") == wrong.value.message("en")


def test_change_password(clinic: ClinicUnderTest) -> None:
    nurse = clinic.add_user("nurse1", Role.NURSE)
    with pytest.raises(InvalidInput):
        users.change_password(nurse, old_password="wrong-pass-1", new_password="another-pass-1")
    with pytest.raises(InvalidInput):
        users.change_password(nurse, old_password="nurse1-pass-1", new_password="short")
    users.change_password(nurse, old_password="nurse1-pass-1", new_password="another-pass-1")
    with pytest.raises(AuthenticationFailed):
        clinic.clinic.login("nurse1", "nurse1-pass-1")
    clinic.clinic.login("nurse1", "another-pass-1")


def test_disabled_user_cannot_log_in_and_open_sessions_end(clinic: ClinicUnderTest) -> None:
    nurse = clinic.add_user("nurse1", Role.NURSE)
    admin = clinic.admin()
    with pytest.raises(InvalidInput):
        users.disable_user(admin, user_id=nurse.actor.user_id, reason="  ")
    users.disable_user(admin, user_id=nurse.actor.user_id, reason="left the clinic")
    with pytest.raises(PermissionDenied):
        users.check_session(nurse)
    with pytest.raises(AuthenticationFailed) as refused:
        clinic.clinic.login("nurse1", "nurse1-pass-1")
    assert "disabled" in refused.value.message("en")
    listed = {u.username: u for u in users.list_users(admin)}
    assert listed["nurse1"].active is False  # kept, never deleted
    users.enable_user(admin, user_id=nurse.actor.user_id)
    clinic.clinic.login("nurse1", "nurse1-pass-1")


def test_role_change_applies_to_open_sessions(clinic: ClinicUnderTest) -> None:
    nurse = clinic.add_user("nurse1", Role.NURSE)
    admin = clinic.admin()
    users.set_roles(admin, user_id=nurse.actor.user_id, roles=["billing_clerk"])
    from clinic.patients.registry import open_patient

    with pytest.raises(PermissionDenied):
        users.check_witness(nurse, username="admin", password="x")
    with pytest.raises(Exception):  # noqa: B017 - a clerk may read, but no such patient
        open_patient(nurse, patient_id=999)


def test_last_administrator_is_kept(clinic: ClinicUnderTest) -> None:
    admin = clinic.admin()
    with pytest.raises(Conflict):
        users.set_roles(admin, user_id=admin.actor.user_id, roles=["nurse"])
    with pytest.raises(Conflict):
        users.disable_user(admin, user_id=admin.actor.user_id, reason="test")


def test_logout_ends_the_session(clinic: ClinicUnderTest) -> None:
    nurse = clinic.add_user("nurse1", Role.NURSE)
    users.logout(nurse)
    with pytest.raises(PermissionDenied):
        users.check_session(nurse)


def test_take_over_ends_the_other_session_on_the_workstation(clinic: ClinicUnderTest) -> None:
    nurse = clinic.add_user("nurse1", Role.NURSE)
    clinic.add_user("pharm1", Role.PHARMACIST)
    clinic.clinic.login("pharm1", "pharm1-pass-1", take_over=True)
    with pytest.raises(PermissionDenied):
        users.check_session(nurse)
    assert any("taken_over" in e[2] for e in _events(clinic, "logout"))


def test_unlock_needs_the_same_users_password(clinic: ClinicUnderTest) -> None:
    nurse = clinic.add_user("nurse1", Role.NURSE)
    with pytest.raises(AuthenticationFailed):
        users.unlock(nurse, password="someone-elses")
    users.unlock(nurse, password="nurse1-pass-1")
    assert [e[1] for e in _events(clinic, "session.unlock")] == ["failed", "done"]


class TestWitness:
    def test_valid_witness(self, clinic: ClinicUnderTest) -> None:
        nurse = clinic.add_user("nurse1", Role.NURSE)
        clinic.add_user("pharm1", Role.PHARMACIST)
        witness = users.check_witness(nurse, username="pharm1", password="pharm1-pass-1")
        assert witness.username == "pharm1"
        signed = [e for e in _events(clinic, "witness.sign") if e[0] == "pharm1"]
        assert signed and signed[-1][1] == "done"

    def test_same_person_refused(self, clinic: ClinicUnderTest) -> None:
        nurse = clinic.add_user("nurse1", Role.NURSE)
        with pytest.raises(WitnessRejected) as refused:
            users.check_witness(nurse, username="nurse1", password="nurse1-pass-1")
        assert "different person" in refused.value.message("en")

    def test_wrong_password_refused_and_counted_against_the_typist(
        self, clinic: ClinicUnderTest
    ) -> None:
        nurse = clinic.add_user("nurse1", Role.NURSE)
        clinic.add_user("pharm1", Role.PHARMACIST)
        with pytest.raises(WitnessRejected):
            users.check_witness(nurse, username="pharm1", password="wrong-pass-1")
        with UnitOfWork(clinic.db, read_only=True) as uow:
            user = uow.session.scalars(select(User).where(User.username == "pharm1")).one()
            assert user.failed_attempts == 0
            typist = uow.session.get(UserSession, nurse.actor.session_id)
            assert typist is not None and typist.witness_failures == 1

    def test_witness_without_the_permission_refused(self, clinic: ClinicUnderTest) -> None:
        nurse = clinic.add_user("nurse1", Role.NURSE)
        clinic.add_user("clerk1", Role.BILLING_CLERK)
        with pytest.raises(WitnessRejected):
            users.check_witness(nurse, username="clerk1", password="clerk1-pass-1")

    def test_disabled_witness_refused(self, clinic: ClinicUnderTest) -> None:
        nurse = clinic.add_user("nurse1", Role.NURSE)
        pharm = clinic.add_user("pharm1", Role.PHARMACIST)
        users.disable_user(clinic.admin(), user_id=pharm.actor.user_id, reason="left")
        with pytest.raises(WitnessRejected):
            users.check_witness(nurse, username="pharm1", password="pharm1-pass-1")


def test_settings_change_is_audited_and_validated(clinic: ClinicUnderTest) -> None:
    admin = clinic.admin()
    with pytest.raises(InvalidInput):
        administration.update_setting(admin, key="idle_lock_minutes", value="five")
    with pytest.raises(InvalidInput):
        administration.update_setting(admin, key="idle_lock_minutes", value="0")
    with pytest.raises(InvalidInput):
        administration.update_setting(admin, key="clinic_timezone", value="Mars/Base")
    administration.update_setting(admin, key="idle_lock_minutes", value="7")
    assert administration.get_settings(admin)["idle_lock_minutes"] == 7
    done = [e for e in _events(clinic, "settings.update") if e[1] == "done"]
    assert len(done) == 1 and '"after":7' in done[0][2] and '"before":5' in done[0][2]
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert len(uow.session.scalars(select(SettingChange)).all()) == 1


def test_user_input_is_validated(clinic: ClinicUnderTest) -> None:
    admin = clinic.admin()
    for bad in ("", "A", "9abc", "has space", "x" * 40):
        with pytest.raises(InvalidInput):
            users.create_user(
                admin, username=bad, full_name="X", roles=["nurse"], password="good-pass-1"
            )
    with pytest.raises(InvalidInput):
        users.create_user(
            admin, username="ok1", full_name="X", roles=["janitor"], password="good-pass-1"
        )
    with pytest.raises(InvalidInput):
        users.create_user(admin, username="ok1", full_name="X", roles=[], password="good-pass-1")
    users.create_user(admin, username="ok1", full_name="X", roles=["nurse"], password="good-pass-1")
    with pytest.raises(Conflict):
        users.create_user(
            admin, username="OK1", full_name="Y", roles=["nurse"], password="good-pass-1"
        )
    assert [u.username for u in users.list_users(admin)] == ["admin", "ok1"]


def test_a_witness_password_is_checked_before_the_write_lock_is_taken(
    clinic: ClinicUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 3: the witness's argon2 check ran inside the signing action's write transaction,
    so every other window waited on it. While the check runs, another connection can write."""
    from sqlalchemy import text

    from clinic.privacy import passwords

    nurse = clinic.add_user("nurse1", Role.NURSE)
    clinic.add_user("pharm1", Role.PHARMACIST)
    real = passwords.verify_password
    seen: list[bool] = []

    def check_while_another_writes(stored: str, password: str) -> bool:
        with clinic.db.engine.connect() as other:  # a second window saving something
            other.execute(text("UPDATE users SET full_name = full_name WHERE id = -1"))
            other.commit()
            seen.append(True)
        return real(stored, password)

    monkeypatch.setattr(passwords, "verify_password", check_while_another_writes)
    monkeypatch.setattr(users, "verify_password", check_while_another_writes)  # wherever it runs
    witness = users.check_witness(nurse, username="pharm1", password="pharm1-pass-1")
    assert witness.username == "pharm1" and seen == [True]
    with pytest.raises(WitnessRejected):
        users.check_witness(nurse, username="pharm1", password="wrong-pass-1")
    assert seen == [True, True]  # once each: not again inside the transaction
