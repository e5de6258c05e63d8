"""Login, witness and session rules that hold when the UI is bypassed and callers run in parallel."""

from __future__ import annotations

import json
import multiprocessing
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from clinic import administration
from clinic.errors import (
    AccountLocked,
    AuthenticationFailed,
    Busy,
    InvalidInput,
    PasswordChangeRequired,
    SessionEnded,
    SessionLocked,
    StorageError,
    WitnessRejected,
)
from clinic.privacy import users
from clinic.privacy.permissions import Role
from clinic.storage.db import Database, open_engine
from clinic.storage.models import AuditEvent, UserSession
from clinic.storage.types import utcnow
from clinic.storage.uow import UnitOfWork
from tests.conftest import TEST_PASSWORD_COST, ClinicUnderTest
from tests.integration import login_worker

GUESSERS = 40


def _login_reasons(cut: ClinicUnderTest, username: str) -> list[str]:
    with UnitOfWork(cut.db, read_only=True) as uow:
        rows = uow.session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.action == "login",
                AuditEvent.username == username,
                AuditEvent.outcome == "denied",
            )
        ).all()
    return [str(json.loads(details).get("reason")) for details in rows]


def test_parallel_wrong_passwords_lock_the_account(clinic: ClinicUnderTest) -> None:
    clinic.add_user("nurse1", Role.NURSE)
    db = clinic.db
    settings = clinic.clinic.settings
    path = clinic.home / "clinic.db" if db.mode == "embedded" else None
    db.engine.dispose()  # forked children must not share this process's pooled connections
    context = multiprocessing.get_context("fork")  # 40 interpreters starting would take minutes
    start = context.Barrier(GUESSERS)
    results = context.Queue()
    guessers = [
        context.Process(
            target=login_worker.guess,
            args=(
                db.keys,
                db.mode,
                path,
                settings.database_url,
                db.clinic_id,
                start,
                results,
                "nurse1",
                f"wrong-guess-{n}",
                TEST_PASSWORD_COST,
            ),
        )
        for n in range(GUESSERS)
    ]
    for process in guessers:
        process.start()
    outcomes = [results.get(timeout=240) for _ in guessers]
    for process in guessers:
        process.join(timeout=60)
    assert set(outcomes) <= {"authentication_failed", "account_locked"}, outcomes
    reasons = _login_reasons(clinic, "nurse1")
    checked = [r for r in reasons if r in ("wrong_password", "locked_now")]
    assert len(reasons) == GUESSERS
    assert len(checked) <= 5  # the limit: the other guesses were refused unchecked
    assert "locked_now" in reasons
    with pytest.raises(AccountLocked):
        clinic.clinic.login("nurse1", "nurse1-pass-1")


def test_unknown_user_names_are_throttled_per_workstation(clinic: ClinicUnderTest) -> None:
    db = clinic.db
    for n in range(4):
        with pytest.raises(AuthenticationFailed) as wrong:
            users.login(db, username=f"nobody{n}", password="whatever-1", workstation="ws-a")
        assert not isinstance(wrong.value, AccountLocked)
    with pytest.raises(AccountLocked) as held:
        users.login(db, username="nobody9", password="whatever-1", workstation="ws-a")
    assert "workstation" in held.value.en and "工作站" in held.value.zh
    with pytest.raises(AccountLocked):  # the whole workstation waits, a real name too
        users.login(db, username="admin", password="admin-pass-1", workstation="ws-a")
    assert users.login(db, username="admin", password="admin-pass-1", workstation="ws-b")


def test_a_witness_typo_cannot_lock_the_witness_out(clinic: ClinicUnderTest) -> None:
    nurse = clinic.add_user("nurse1", Role.NURSE)
    clinic.add_user("pharm1", Role.PHARMACIST)
    for _ in range(4):
        with pytest.raises(WitnessRejected) as typo:
            users.check_witness(nurse, username="pharm1", password="wrong-pass-1")
        assert "locked" not in typo.value.en
    with pytest.raises(WitnessRejected) as fifth:
        users.check_witness(nurse, username="pharm1", password="wrong-pass-1")
    assert "screen is now locked" in fifth.value.en and "锁定" in fifth.value.zh
    # the witness is untouched: signs in and witnesses for someone else
    pharm = clinic.clinic.login("pharm1", "pharm1-pass-1")
    other = clinic.add_user("nurse2", Role.NURSE)
    assert users.check_witness(other, username="pharm1", password="pharm1-pass-1")
    assert pharm.actor.username == "pharm1"
    # the typist's session is locked until they unlock it with their own password
    with pytest.raises(SessionLocked):
        users.check_witness(nurse, username="pharm1", password="pharm1-pass-1")
    users.unlock(nurse, password="nurse1-pass-1")
    assert users.check_witness(nurse, username="pharm1", password="pharm1-pass-1")


class TestSessionsInTheCore:
    def test_a_temporary_password_allows_only_changing_it(self, clinic: ClinicUnderTest) -> None:
        users.create_user(
            clinic.admin(),
            username="admin2",
            full_name="Second Admin",
            roles=["administrator"],
            password="temporary-pass-1",
            must_change_password=True,
        )
        temp = clinic.clinic.login("admin2", "temporary-pass-1")
        with pytest.raises(PasswordChangeRequired) as refused:
            users.list_users(temp)
        assert refused.value.en and refused.value.zh
        with pytest.raises(PasswordChangeRequired):
            administration.get_settings(temp)
        users.change_password(temp, old_password="temporary-pass-1", new_password="river-stone-42")
        assert users.list_users(temp)  # the same session, now allowed

    def test_a_locked_session_is_refused_until_unlocked(self, clinic: ClinicUnderTest) -> None:
        admin = clinic.admin()
        users.lock(admin, reason="manual")
        with pytest.raises(SessionLocked) as refused:
            users.list_users(admin)
        assert refused.value.en and refused.value.zh
        with pytest.raises(AuthenticationFailed):
            users.unlock(admin, password="wrong-pass-1")
        with pytest.raises(SessionLocked):
            users.list_users(admin)
        users.unlock(admin, password="admin-pass-1")
        assert users.list_users(admin)

    def test_an_idle_session_locks(self, clinic: ClinicUnderTest) -> None:
        admin = clinic.admin()
        idle = administration.get_settings(admin)["idle_lock_minutes"]
        _backdate(clinic, admin.actor.session_id, last_seen=int(str(idle)) + 1)
        with pytest.raises(SessionLocked):
            users.list_users(admin)
        with pytest.raises(SessionLocked):  # recorded: it stays locked
            users.list_users(admin)
        users.unlock(admin, password="admin-pass-1")
        assert users.list_users(admin)

    def test_keeping_alive_is_not_idle(self, clinic: ClinicUnderTest) -> None:
        admin = clinic.admin()
        idle = int(str(administration.get_settings(admin)["idle_lock_minutes"]))
        _backdate(clinic, admin.actor.session_id, last_seen=idle - 1)
        users.keep_alive(admin)  # the window saw typing, no save
        _backdate_by(clinic, admin.actor.session_id, minutes=2)
        assert users.list_users(admin)

    def test_a_session_ends_after_its_lifetime(self, clinic: ClinicUnderTest) -> None:
        admin = clinic.admin()
        _backdate(clinic, admin.actor.session_id, started=12 * 60 + 1)
        with pytest.raises(SessionEnded) as ended:
            users.list_users(admin)
        assert "Sign in again" in ended.value.en and ended.value.zh
        with pytest.raises(SessionEnded):
            users.unlock(admin, password="admin-pass-1")
        with UnitOfWork(clinic.db, read_only=True) as uow:
            row = uow.session.get(UserSession, admin.actor.session_id)
            assert row is not None and row.end_reason == "expired"
        assert users.list_users(clinic.admin())  # a new sign-in works


def _backdate_by(cut: ClinicUnderTest, session_id: str, *, minutes: int) -> None:
    """Move a session's last activity back by MINUTES from where it is."""
    with UnitOfWork(cut.db) as uow:
        row = uow.session.get(UserSession, session_id)
        assert row is not None and row.last_seen_at is not None
        row.last_seen_at -= timedelta(minutes=minutes)
        uow.commit()


def _backdate(
    cut: ClinicUnderTest, session_id: str, *, last_seen: int = 0, started: int = 0
) -> None:
    """Move a session's activity and start back by minutes, as if that time had passed."""
    now = utcnow()
    with UnitOfWork(cut.db) as uow:
        uow.session.execute(
            update(UserSession)
            .where(UserSession.id == session_id)
            .values(
                last_seen_at=now - timedelta(minutes=max(last_seen, started)),
                started_at=now - timedelta(minutes=started),
            )
        )
        uow.commit()


@pytest.mark.parametrize("backend", ["sqlcipher"], indirect=True)
def test_a_held_write_lock_reads_busy_not_broken(clinic: ClinicUnderTest) -> None:
    admin = clinic.admin()
    db = clinic.db
    path = clinic.home / "clinic.db"
    assert db.keys.database is not None
    context = multiprocessing.get_context("spawn")
    holding, release = context.Event(), context.Event()
    holder = context.Process(
        target=login_worker.hold_write_lock,
        args=(path, db.keys.database, holding, release, False),
    )
    holder.start()
    try:
        assert holding.wait(timeout=60)
        quick = open_engine(mode="embedded", keys=db.keys, path=path, url=None, busy_timeout_ms=200)
        impatient = Database(
            engine=quick,
            keys=db.keys,
            mode="embedded",
            clinic_id=db.clinic_id,
            demo=False,
            workstation=db.workstation,
        )
        try:
            with pytest.raises(Busy) as busy:
                users.lock(admin.__class__(db=impatient, actor=admin.actor), reason="manual")
            assert "Another window is saving" in busy.value.en and "另一个窗口" in busy.value.zh
            with pytest.raises(Busy):
                users.login(impatient, username="admin", password="admin-pass-1")
            assert users.list_users(admin.__class__(db=impatient, actor=admin.actor)) is not None
        finally:
            quick.dispose()
    finally:
        release.set()
        holder.join(timeout=60)
    assert users.list_users(admin)  # the lock is gone: work goes on


@pytest.mark.parametrize("backend", ["sqlcipher"], indirect=True)
def test_opening_a_busy_clinic_says_busy_not_unreachable(clinic: ClinicUnderTest) -> None:
    db = clinic.db
    path = clinic.home / "clinic.db"
    assert db.keys.database is not None
    db.engine.dispose()  # an exclusive holder needs no other connection open
    context = multiprocessing.get_context("spawn")
    holding, release = context.Event(), context.Event()
    holder = context.Process(
        target=login_worker.hold_write_lock,
        args=(path, db.keys.database, holding, release, True),
    )
    holder.start()
    try:
        assert holding.wait(timeout=60)
        with pytest.raises(StorageError) as refused:
            open_engine(mode="embedded", keys=db.keys, path=path, url=None, busy_timeout_ms=200)
        assert isinstance(refused.value, Busy), refused.value.en
        assert "busy" in refused.value.en and "cannot be reached" not in refused.value.en
    finally:
        release.set()
        holder.join(timeout=60)


def test_a_guessable_password_creates_nothing(clinic: ClinicUnderTest) -> None:
    admin = clinic.admin()
    before = users.list_users(admin)
    for weak in ("clinic2026!", "password", "12345678", "nurse123"):
        with pytest.raises(InvalidInput) as refused:
            users.create_user(
                admin, username="nurse9", full_name="Nurse Nine", roles=["nurse"], password=weak
            )
        assert refused.value.en and refused.value.zh
    with pytest.raises(InvalidInput):
        users.reset_password(admin, user_id=admin.actor.user_id, new_password="admin2026!")
    assert users.list_users(admin) == before
    assert clinic.clinic.login("admin", "admin-pass-1")  # the reset changed nothing
