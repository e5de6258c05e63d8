"""Users and their sessions: login with lockout, passwords, roles, disabling, witnesses."""

from __future__ import annotations

import contextlib
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from clinic.errors import (
    AccountLocked,
    AuditChainBroken,
    AuthenticationFailed,
    Conflict,
    InvalidInput,
    NotFound,
    WitnessRejected,
)
from clinic.ids import UserId
from clinic.privacy import audit
from clinic.privacy.audit import EventDraft, Outcome
from clinic.privacy.passwords import (
    check_new_password,
    hash_password,
    needs_rehash,
    verify_password,
    verify_unknown_user,
)
from clinic.privacy.permissions import PERMISSIONS, Action, Role, parse_roles
from clinic.service import (
    Actor,
    AuthContext,
    Call,
    apply_verdict,
    denied_error,
    draft,
    record_event,
    service,
    session_closed,
    session_verdict,
)
from clinic.storage.db import Database
from clinic.storage.models import LoginThrottle, User, UserRole, UserSession
from clinic.storage.settings_store import clinic_settings
from clinic.storage.types import utcnow
from clinic.storage.uow import UnitOfWork
from clinic.wording import plural, quoted

USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")


@dataclass(frozen=True)
class UserInfo:
    user_id: UserId
    username: str
    full_name: str
    roles: frozenset[Role]
    active: bool
    locked_until: datetime | None
    must_change_password: bool


def _info(session: Session, user: User) -> UserInfo:
    roles = session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    return UserInfo(
        user_id=UserId(user.id),
        username=user.username,
        full_name=user.full_name,
        roles=frozenset(Role(r) for r in roles),
        active=user.active,
        locked_until=user.locked_until,
        must_change_password=user.must_change_password,
    )


def _login_event(
    username: str,
    workstation: str,
    user_id: int | None,
    outcome: Outcome,
    action: str,
    session_id: str | None = None,
    **details: object,
) -> EventDraft:
    return EventDraft(
        user_id=user_id,
        username=username,
        workstation=workstation,
        session_id=session_id,
        action=action,
        entity="user",
        entity_id=str(user_id) if user_id else None,
        outcome=outcome,
        details=dict(details),
    )


def _bad_credentials(offline: bool = False) -> AuthenticationFailed:
    if offline:  # a satellite's replica keeps only who signed in at this workstation online
        return AuthenticationFailed(
            en="Wrong user name or password. Offline, only staff who have signed in at this "
            "workstation while the link was up can sign in here.",
            zh="用户名或密码错误。离线时，只有曾在本工作站联网登录过的人员才能在此登录。",
        )
    return AuthenticationFailed(
        en="Wrong user name or password.",
        zh="用户名或密码错误。",
    )


def _locked(until: datetime) -> AccountLocked:
    minutes = max(1, int((until - utcnow()).total_seconds() + 59) // 60)
    return AccountLocked(
        en="This account is locked after too many wrong passwords. Try again in "
        + plural(minutes, "%n minute", "%n minutes")
        + ", or ask an administrator.",
        zh=f"密码错误次数过多，账户已锁定。请在 {minutes} 分钟后重试，或联系管理员。",
        minutes_left=minutes,
    )


def _disabled() -> AuthenticationFailed:
    return AuthenticationFailed(
        en="This account is disabled. Ask an administrator.",
        zh="该账户已停用。请联系管理员。",
    )


def _password_problem(
    user: User | None,
    password: str,
    checked: dict[tuple[str, str | None], bool] | None = None,
    name: str = "",
) -> str | None:
    """Why PASSWORD does not sign USER in, or None; counts nothing (the caller decides whose).
    CHECKED: passwords already verified outside the transaction, by (user name, hash); a hash
    changed since (a reset meanwhile) is checked again here."""
    known = checked or {}
    if user is None:
        if (name, None) not in known:
            verify_unknown_user(password)
        return "unknown_user"
    if not user.active:
        return "disabled"
    if user.locked_until and user.locked_until > utcnow():
        return "locked"
    right = known.get((user.username, user.password_hash))
    if right is None:
        right = verify_password(user.password_hash, password)
    if not right:
        return "wrong_password"
    return None


def _lock_for(session: Session) -> tuple[int, datetime]:
    settings = clinic_settings(session)
    until = utcnow() + timedelta(minutes=settings.integer("lockout_minutes"))
    return settings.integer("lockout_attempts"), until


def _reserve_try(session: Session, user_id: int) -> int | None:
    """Count one password try for USER_ID before it is checked, atomically on both backends.

    Returns the try's number, or None when the account is locked (then it is not checked). A try
    past the limit locks the account at once, so parallel guesses cannot all be checked."""
    now = utcnow()
    number = session.execute(
        update(User)
        .where(User.id == user_id, or_(User.locked_until.is_(None), User.locked_until <= now))
        .values(failed_attempts=User.failed_attempts + 1)
        .returning(User.failed_attempts),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()
    if number is None:
        return None
    limit, until = _lock_for(session)
    if number > limit:
        _lock_user(session, user_id, until)
        return None
    return number


def _lock_user(session: Session, user_id: int, until: datetime) -> None:
    session.execute(
        update(User).where(User.id == user_id).values(locked_until=until, failed_attempts=0),
        execution_options={"synchronize_session": False},
    )


def _settle_wrong(session: Session, user_id: int, number: int) -> str:
    """A reserved try was wrong: the try that reaches the limit locks the account."""
    limit, until = _lock_for(session)
    if number >= limit:
        _lock_user(session, user_id, until)
        return "locked_now"
    return "wrong_password"


def _count_failure(session: Session, user_id: int) -> str:
    """One more wrong password for USER_ID, counted atomically; the limit locks the account."""
    number = _reserve_try(session, user_id)
    return "locked_now" if number is None else _settle_wrong(session, user_id, number)


def _reserve_station_try(session: Session, db: Database, station: str) -> int | None:
    """Count a sign-in under an unknown user name at STATION; None once the station is held."""
    insert = postgresql_insert if db.mode == "server" else sqlite_insert
    session.execute(
        insert(LoginThrottle)
        .values(workstation=station, failed_attempts=0)
        .on_conflict_do_nothing(index_elements=["workstation"])
    )
    now = utcnow()
    number = session.execute(
        update(LoginThrottle)
        .where(
            LoginThrottle.workstation == station,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now),
        )
        .values(failed_attempts=LoginThrottle.failed_attempts + 1)
        .returning(LoginThrottle.failed_attempts),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()
    limit, until = _lock_for(session)
    if number is not None and number < limit:
        return number
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.workstation == station)
        .values(locked_until=until, failed_attempts=0),
        execution_options={"synchronize_session": False},
    )
    return None


def _station_held_until(session: Session, station: str) -> datetime | None:
    until = session.scalars(
        select(LoginThrottle.locked_until).where(LoginThrottle.workstation == station)
    ).first()
    return until if until is not None and until > utcnow() else None


def _station_held(until: datetime) -> AccountLocked:
    minutes = max(1, int((until - utcnow()).total_seconds() + 59) // 60)
    return AccountLocked(
        en="Too many sign-ins with unknown user names at this workstation. Try again in "
        + plural(minutes, "%n minute", "%n minutes")
        + ", or sign in at another workstation.",
        zh=f"本工作站使用不存在的用户名登录次数过多。请在 {minutes} 分钟后重试，或到其他工作站登录。",
        minutes_left=minutes,
    )


@dataclass(frozen=True)
class _Try:
    """A sign-in try as reserved before its password check (which runs outside any transaction)."""

    user_id: int | None
    password_hash: str | None
    problem: str | None
    number: int = 0
    until: datetime | None = None


def _reserve_login(session: Session, db: Database, name: str, station: str) -> _Try:
    held = _station_held_until(session, station)
    if held is not None:
        return _Try(None, None, "station_held", until=held)
    user = session.scalars(select(User).where(User.username == name)).one_or_none()
    if user is None:
        if _reserve_station_try(session, db, station) is None:
            return _Try(None, None, "station_held", until=_station_held_until(session, station))
        return _Try(None, None, "unknown_user")
    if not user.active:
        return _Try(user.id, None, "disabled")
    number = _reserve_try(session, user.id)
    if number is None:
        return _Try(user.id, None, "locked")
    return _Try(user.id, user.password_hash, None, number)


def login(
    db: Database,
    *,
    username: str,
    password: str,
    workstation: str | None = None,
    end_sessions_on_workstation: bool = False,
) -> AuthContext:
    """Sign USERNAME in; five wrong passwords lock the account for a while. Every try is audited.

    The try is counted first (a short transaction), the password checked outside any transaction,
    and the outcome written in a second short one, so a slow check never holds the write lock."""
    station = workstation or db.workstation
    name = username.strip().lower()
    with UnitOfWork(db) as uow:
        attempt = _reserve_login(uow.session, db, name, station)
        uow.commit()
    problem = attempt.problem
    if problem is None and attempt.password_hash is not None:
        if not verify_password(attempt.password_hash, password):
            problem = "wrong_password"
    elif problem in ("unknown_user", "disabled"):
        verify_unknown_user(password)  # the same time as a real check: names stay secret
    with UnitOfWork(db) as uow:
        session = uow.session
        user = session.get(User, attempt.user_id) if attempt.user_id is not None else None
        if problem is None and (
            user is None or not user.active or user.password_hash != attempt.password_hash
        ):
            problem = "changed_meanwhile"  # disabled or reset while the password was checked
        if problem is not None:
            if problem == "wrong_password" and user is not None:
                problem = _settle_wrong(session, user.id, attempt.number)
            with contextlib.suppress(AuditChainBroken):  # the wrong password is still refused
                audit.append(
                    session,
                    db.keys.audit,
                    _login_event(
                        name, station, attempt.user_id, Outcome.DENIED, "login", reason=problem
                    ),
                )
            locked_until = (
                session.scalar(select(User.locked_until).where(User.id == user.id))
                if user is not None
                else None
            )
            uow.commit()
            _raise_login_refusal(problem, attempt.until, locked_until, db.replica)
        assert user is not None
        session.execute(
            update(User).where(User.id == user.id).values(failed_attempts=0, locked_until=None),
            execution_options={"synchronize_session": False},
        )
        session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.workstation == station, LoginThrottle.locked_until.is_(None))
            .values(failed_attempts=0),
            execution_options={"synchronize_session": False},
        )
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        if end_sessions_on_workstation:
            _end_sessions(session, db, station, reason="taken_over")
        session_id = str(uuid.uuid4())
        now = utcnow()
        session.add(
            UserSession(
                id=session_id,
                user_id=user.id,
                workstation=station,
                started_at=now,
                last_seen_at=now,
            )
        )
        info = _info(session, user)
        broken: AuditChainBroken | None = None
        try:
            audit.append(
                session,
                db.keys.audit,
                _login_event(name, station, user.id, Outcome.DONE, "login", session_id),
            )
        except AuditChainBroken as exc:
            # Only those who examine the trail may sign in to a broken one, and are told.
            if not info.roles & {Role.AUDITOR, Role.ADMINISTRATOR}:
                raise
            broken = exc
        uow.commit()
    actor = Actor(
        user_id=info.user_id,
        username=info.username,
        full_name=info.full_name,
        roles=info.roles,
        workstation=station,
        session_id=session_id,
        must_change_password=info.must_change_password,
    )
    return AuthContext(db=db, actor=actor, audit_broken=broken)


def _raise_login_refusal(
    problem: str,
    station_until: datetime | None,
    locked_until: datetime | None,
    offline: bool = False,
) -> NoReturn:
    if problem == "station_held" and station_until is not None:
        raise _station_held(station_until)
    if problem in ("locked", "locked_now") and locked_until is not None:
        raise _locked(locked_until)
    if problem == "disabled":
        raise _disabled()
    raise _bad_credentials(offline)


def _end_sessions(session: Session, db: Database, workstation: str, reason: str) -> None:
    open_sessions = session.scalars(
        select(UserSession).where(
            UserSession.workstation == workstation, UserSession.ended_at.is_(None)
        )
    ).all()
    for open_session in open_sessions:
        open_session.ended_at = utcnow()
        open_session.end_reason = reason
        user = session.get(User, open_session.user_id)
        audit.append(
            session,
            db.keys.audit,
            _login_event(
                user.username if user else "?",
                workstation,
                open_session.user_id,
                Outcome.DONE,
                "logout",
                open_session.id,
                reason=reason,
            ),
        )


def logout(auth: AuthContext, *, reason: str = "logout") -> None:
    """End this login session; later calls with it are refused."""
    with UnitOfWork(auth.db) as uow:
        row = uow.session.get(UserSession, auth.actor.session_id)
        if row is not None and row.ended_at is None:
            row.ended_at = utcnow()
            row.end_reason = reason
            audit.append(
                uow.session,
                auth.db.keys.audit,
                _login_event(
                    auth.actor.username,
                    auth.actor.workstation,
                    auth.actor.user_id,
                    Outcome.DONE,
                    "logout",
                    auth.actor.session_id,
                    reason=reason,
                ),
            )
        uow.commit()
    session_closed(auth.actor.session_id)


@service(Action.SESSION_CHECK, entity="session", offline="local")
def check_session(call: Call) -> Actor:
    """Confirm the session is still valid (the cheapest audited call)."""
    call.note(entity_id=call.actor.session_id)
    return call.actor


@service(Action.SESSION_CHECK, entity="session", audited=False, offline="local")
def keep_alive(call: Call) -> None:
    """The user is working on screen without saving: the session is not idle (not audited)."""


@service(Action.SESSION_LOCK, entity="session", offline="local")
def lock(call: Call, *, reason: str = "idle") -> None:
    """The screen was locked (idle, or by the user): every call but unlock is refused until then."""
    call.note(entity_id=call.actor.session_id, reason="idle" if reason == "idle" else "manual")
    session_closed(call.actor.session_id)  # even if the lock's write fails: nothing is lost
    call.session.execute(
        update(UserSession)
        .where(UserSession.id == call.actor.session_id, UserSession.locked_at.is_(None))
        .values(locked_at=utcnow()),
        execution_options={"synchronize_session": False},
    )


def unlock(auth: AuthContext, *, password: str) -> None:
    """Unlock the locked session with the same user's password (checked outside any transaction)."""
    db, actor = auth.db, auth.actor
    action = Action.SESSION_UNLOCK
    number: int | None = None
    stored: str | None = None
    with UnitOfWork(db) as uow:
        verdict = session_verdict(uow.session, actor, action)
        refused: Exception | None = verdict.refusal
        if refused is None and not (PERMISSIONS[action] & verdict.roles):
            refused = denied_error(action)
        if refused is None:
            number = _reserve_try(uow.session, actor.user_id)
            stored = uow.session.scalar(select(User.password_hash).where(User.id == actor.user_id))
            uow.commit()
    if refused is not None:
        apply_verdict(db, actor, verdict)
        record_event(db, draft(actor, action.value, "session", None, Outcome.DENIED, {}))
        raise refused
    right = number is not None and stored is not None and verify_password(stored, password)
    with UnitOfWork(db) as uow:
        session = uow.session
        if right:
            problem = None
            session.execute(
                update(User)
                .where(User.id == actor.user_id)
                .values(failed_attempts=0, locked_until=None),
                execution_options={"synchronize_session": False},
            )
            session.execute(
                update(UserSession)
                .where(UserSession.id == actor.session_id)
                .values(locked_at=None, last_seen_at=utcnow(), witness_failures=0),
                execution_options={"synchronize_session": False},
            )
        else:
            problem = "locked" if number is None else _settle_wrong(session, actor.user_id, number)
        outcome = Outcome.DONE if right else Outcome.FAILED
        details = {} if problem is None else {"reason": problem}
        audit.append(
            session,
            db.keys.audit,
            draft(actor, action.value, "session", actor.session_id, outcome, details),
        )
        locked_until = session.scalar(select(User.locked_until).where(User.id == actor.user_id))
        uow.commit()
    if problem in ("locked", "locked_now") and locked_until is not None:
        raise _locked(locked_until)
    if problem is not None:
        raise _bad_credentials()


def _count_later(call: Call, user_id: int) -> None:
    """Count a wrong password of USER_ID in its own transaction (the call's will roll back)."""
    db = call.db

    def count() -> None:
        with UnitOfWork(db) as uow:
            _count_failure(uow.session, user_id)
            uow.commit()

    call.after_failure.append(count)


@service(Action.PASSWORD_CHANGE, entity="user")
def change_password(call: Call, *, old_password: str, new_password: str) -> None:
    user = call.session.get(User, call.actor.user_id)
    assert user is not None
    call.note(entity_id=user.id)
    problem = _password_problem(user, old_password)
    if problem is not None:
        if problem == "wrong_password":
            _count_later(call, user.id)
        raise InvalidInput(en="The current password is wrong.", zh="当前密码错误。")
    if old_password == new_password:
        raise InvalidInput(
            en="The new password must differ from the old one.", zh="新密码不能与旧密码相同。"
        )
    check_new_password(new_password, personal=(user.username, user.full_name))
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.must_change_password = False


@service(Action.USER_LIST, entity="user", audited=False, read_only=True)
def list_users(call: Call) -> list[UserInfo]:
    users = call.session.scalars(select(User).order_by(User.username))
    return [_info(call.session, u) for u in users]


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise InvalidInput(
            en="A user name is 2–32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter.",
            zh="用户名为 2–32 个字符：小写字母、数字、“.”、“_”或“-”，以字母开头。",
        )
    return name


def _check_full_name(full_name: str) -> str:
    name = full_name.strip()
    if not name or len(name) > 200 or any(ch in name for ch in "\r\n\t\x00"):
        raise InvalidInput(
            en="Enter the person's full name (up to 200 characters).",
            zh="请输入姓名（最多 200 个字符）。",
        )
    return name


@service(Action.USER_CREATE, entity="user")
def create_user(
    call: Call,
    *,
    username: str,
    full_name: str,
    roles: list[str] | frozenset[Role],
    password: str,
    must_change_password: bool = True,
) -> UserInfo:
    name = _check_username(username)
    role_set = parse_roles([str(r) for r in roles])
    check_new_password(password, personal=(name, full_name))
    if call.session.scalars(select(User.id).where(User.username == name)).first() is not None:
        raise Conflict(
            en=f"The user name {quoted(name)} is taken.", zh=f"用户名 {quoted(name)} 已被使用。"
        )
    now = utcnow()
    user = User(
        username=name,
        full_name=_check_full_name(full_name),
        password_hash=hash_password(password),
        active=True,
        must_change_password=must_change_password,
        failed_attempts=0,
        password_changed_at=now,
    )
    call.session.add(user)
    call.session.flush()
    for role in sorted(role_set):
        call.session.add(UserRole(user_id=user.id, role=role.value))
    call.session.flush()
    call.note(entity_id=user.id, username=name, roles=sorted(r.value for r in role_set))
    return _info(call.session, user)


def _user(call: Call, user_id: int) -> User:
    user = call.session.get(User, user_id)
    if user is None:
        raise NotFound(en=f"No user with id {user_id}.", zh=f"没有编号为 {user_id} 的用户。")
    call.note(entity_id=user.id)
    return user


def _administrators_left(session: Session, excluding: int) -> int:
    rows = session.execute(
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            UserRole.role == Role.ADMINISTRATOR.value, User.active.is_(True), User.id != excluding
        )
    ).all()
    return len(rows)


def _last_admin_error() -> Conflict:
    return Conflict(
        en="This is the last active administrator; the clinic would have none left.",
        zh="这是最后一名在职管理员，操作后诊所将没有管理员。",
    )


@service(Action.USER_SET_ROLES, entity="user")
def set_roles(call: Call, *, user_id: int, roles: list[str] | frozenset[Role]) -> UserInfo:
    user = _user(call, user_id)
    role_set = parse_roles([str(r) for r in roles])
    before = _info(call.session, user).roles
    if (
        Role.ADMINISTRATOR in before
        and Role.ADMINISTRATOR not in role_set
        and _administrators_left(call.session, user.id) == 0
    ):
        raise _last_admin_error()
    for role in before - role_set:
        row = call.session.get(UserRole, (user.id, role.value))
        if row is not None:
            call.session.delete(row)
    for role in role_set - before:
        call.session.add(UserRole(user_id=user.id, role=role.value))
    call.session.flush()
    call.note(before=sorted(r.value for r in before), after=sorted(r.value for r in role_set))
    return _info(call.session, user)


@service(Action.USER_RESET_PASSWORD, entity="user")
def reset_password(call: Call, *, user_id: int, new_password: str) -> None:
    """Set a temporary password the user must change at next login; also clears a lockout."""
    user = _user(call, user_id)
    check_new_password(new_password, personal=(user.username, user.full_name))
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.must_change_password = True
    user.failed_attempts = 0
    user.locked_until = None


@service(Action.USER_DISABLE, entity="user")
def disable_user(call: Call, *, user_id: int, reason: str) -> None:
    """Disable a user (users are never deleted) and end their open sessions."""
    user = _user(call, user_id)
    if user.id == call.actor.user_id:
        raise Conflict(en="You cannot disable your own account.", zh="不能停用自己的账户。")
    if not reason.strip():
        raise InvalidInput(en="Give a reason for disabling the account.", zh="请填写停用原因。")
    if (
        _administrators_left(call.session, user.id) == 0
        and Role.ADMINISTRATOR in _info(call.session, user).roles
    ):
        raise _last_admin_error()
    user.active = False
    user.disabled_at = utcnow()
    for open_session in call.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    ):
        open_session.ended_at = utcnow()
        open_session.end_reason = "disabled"
    call.note(reason=reason.strip()[:200])


@service(Action.USER_ENABLE, entity="user")
def enable_user(call: Call, *, user_id: int) -> None:
    user = _user(call, user_id)
    user.active = True
    user.disabled_at = None
    user.failed_attempts = 0
    user.locked_until = None


@dataclass(frozen=True)
class Witness:
    user_id: UserId
    username: str
    roles: frozenset[Role] = frozenset()


def verify_witness(call: Call, *, username: str, password: str) -> Witness:
    """Check a second person's credentials inside CALL's transaction; refuse anyone unfit.

    A wrong witness password counts against the session that typed it (which locks after the
    limit), never against the witness's own account."""
    name = username.strip().lower()
    user = call.session.scalars(select(User).where(User.username == name)).one_or_none()
    refused = WitnessRejected(
        en="The witness's user name or password is wrong, or that user cannot witness.",
        zh="见证人用户名或密码错误，或该用户无见证资格。",
        field="witness_password",
    )
    if user is not None and user.id == call.actor.user_id:
        raise WitnessRejected(
            en="The witness must be a different person.",
            zh="见证人必须是另一人。",
            field="witness_user",
        )
    problem = _password_problem(user, password, call.checked_passwords, name)
    if problem is not None:
        denial = _login_event(
            name,
            call.actor.workstation,
            user.id if user else None,
            Outcome.DENIED,
            "witness.sign",
            reason=problem,
            for_action=call.action.value,
        )
        call.after_failure.append(lambda: record_event(call.db, denial))
        if problem == "locked":
            raise WitnessRejected(
                en="The witness's account is locked after too many wrong passwords.",
                zh="见证人账户因密码错误次数过多已被锁定。",
                field="witness_user",
            )
        if problem in ("wrong_password", "unknown_user") and _count_witness_failure(call):
            raise WitnessRejected(
                en="Too many wrong witness passwords: this screen is now locked. Unlock it with "
                "your own password.",
                zh="见证人密码错误次数过多：屏幕现已锁定。请用您自己的密码解锁。",
            )
        raise refused
    assert user is not None
    roles = frozenset(
        Role(r)
        for r in call.session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    )
    if not (PERMISSIONS[Action.WITNESS_SIGN] & roles):
        raise refused
    call.session.execute(
        update(UserSession)
        .where(UserSession.id == call.actor.session_id, UserSession.witness_failures > 0)
        .values(witness_failures=0),
        execution_options={"synchronize_session": False},
    )
    call.extra_events.append(
        _login_event(
            user.username,
            call.actor.workstation,
            user.id,
            Outcome.DONE,
            "witness.sign",
            for_action=call.action.value,
        )
    )
    return Witness(user_id=UserId(user.id), username=user.username, roles=roles)


def verify_second_signer(
    call: Call, *, username: str, password: str, roles: frozenset[Role]
) -> Witness:
    """A second person's credentials for a two-person act outside the clinical witness rule (an
    auditor and an administrator acknowledging a broken audit trail): a different, active
    person holding one of ROLES, password checked as a witness's. Nothing is counted or
    recorded here: the act itself names both people."""
    name = username.strip().lower()
    user = call.session.scalars(select(User).where(User.username == name)).one_or_none()
    if user is not None and user.id == call.actor.user_id:
        raise WitnessRejected(
            en="The second person must be someone else.",
            zh="第二人必须是另一人。",
            field="authoriser",
        )
    refused = WitnessRejected(
        en="The second person's user name or password is wrong, or that user cannot sign this.",
        zh="第二人的用户名或密码错误，或该用户无权签署。",
        field="authoriser_password",
    )
    problem = _password_problem(user, password, call.checked_passwords, name)
    if problem is not None:
        # As a witness's: the denial in the trail (if it can take it), the wrong try counted
        # against the session that typed it, never against the second person's account.
        denial = _login_event(
            name,
            call.actor.workstation,
            user.id if user else None,
            Outcome.DENIED,
            "witness.sign",
            reason=problem,
            for_action=call.action.value,
        )
        call.after_failure.append(lambda: _record_unless_broken(call.db, denial))
        if problem == "locked":
            raise WitnessRejected(
                en="The second person's account is locked after too many wrong passwords.",
                zh="第二人的账户因密码错误次数过多已被锁定。",
                field="authoriser",
            )
        if problem in ("wrong_password", "unknown_user") and _count_witness_failure(
            call, broken_trail_ok=True
        ):
            raise WitnessRejected(
                en="Too many wrong passwords for the second person: this screen is now locked. "
                "Unlock it with your own password.",
                zh="第二人密码错误次数过多：屏幕现已锁定。请用您自己的密码解锁。",
            )
        raise refused
    assert user is not None
    held = frozenset(
        Role(r)
        for r in call.session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    )
    if not held & roles:
        raise refused
    return Witness(user_id=UserId(user.id), username=user.username, roles=held)


def _record_unless_broken(db: Database, event: EventDraft) -> None:
    """Record EVENT unless the trail cannot take it (a broken chain being acknowledged)."""
    with contextlib.suppress(AuditChainBroken):
        record_event(db, event)


def confirm_own_password(call: Call, password: str) -> None:
    """The acting user types their own password again before a grave act; a wrong one is
    counted against their account, as at sign-in, and refused."""
    user = call.session.get(User, call.actor.user_id)
    assert user is not None
    problem = _password_problem(user, password or "")
    if problem is None:
        user.failed_attempts = 0  # right, as a sign-in that works
        return
    if problem == "wrong_password":
        _count_later(call, user.id)
    raise InvalidInput(
        en="Your own password is wrong. Nothing was written.",
        zh="您本人的密码错误。未写入任何内容。",
        field="own_password",
    )


def _count_witness_failure(call: Call, *, broken_trail_ok: bool = False) -> bool:
    """Count a wrong witness password against CALL's session, after the rollback; True if this
    one reaches the limit (the count itself is atomic, so parallel typos cannot slip past).
    BROKEN_TRAIL_OK: the session is locked even when the trail cannot take the lock's event."""
    limit, _ = _lock_for(call.session)
    before = call.session.scalar(
        select(UserSession.witness_failures).where(UserSession.id == call.actor.session_id)
    )
    db, actor = call.db, call.actor

    def count() -> None:
        with UnitOfWork(db) as uow:
            number = uow.session.execute(
                update(UserSession)
                .where(UserSession.id == actor.session_id, UserSession.ended_at.is_(None))
                .values(witness_failures=UserSession.witness_failures + 1)
                .returning(UserSession.witness_failures),
                execution_options={"synchronize_session": False},
            ).scalar_one_or_none()
            if number is not None and number >= limit:
                uow.session.execute(
                    update(UserSession)
                    .where(UserSession.id == actor.session_id)
                    .values(witness_failures=0, locked_at=utcnow()),
                    execution_options={"synchronize_session": False},
                )
                lock = draft(
                    actor,
                    Action.SESSION_LOCK.value,
                    "session",
                    actor.session_id,
                    Outcome.DONE,
                    {"reason": "witness_failures"},
                )
                try:
                    audit.append(uow.session, db.keys.audit, lock)
                except AuditChainBroken:
                    if not broken_trail_ok:
                        raise
                    # the trail cannot take the lock's event (a break being acknowledged):
                    # the session is locked all the same
                session_closed(actor.session_id)
            uow.commit()

    call.after_failure.append(count)
    return (before or 0) + 1 >= limit


@service(Action.WITNESS_SIGN, entity="user")
def check_witness(call: Call, *, username: str, password: str) -> Witness:
    """Confirm a witness's sign-in on a form before it is submitted (audited)."""
    witness = verify_witness(call, username=username, password=password)
    call.note(entity_id=witness.user_id)
    return witness


# --- the sign-in throttle of a workstation ----------------------------------------------------


@dataclass(frozen=True)
class ThrottleState:
    """Sign-ins under unknown user names counted at a workstation, and its hold if one runs."""

    workstation: str
    failed_attempts: int
    held_until: datetime | None  # UTC; None when the workstation is not held


def _station_name(raw: str) -> str:
    """A workstation's name as typed: NFKC, trimmed, bounded, no control characters."""
    name = unicodedata.normalize("NFKC", raw or "").strip()
    if not name or len(name) > 128 or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in name):
        raise InvalidInput(
            en="Name the workstation (as the audit trail shows it; at most 128 characters).",
            zh="请填写工作站名称（与审计记录中一致，最多 128 个字符）。",
            field="workstation",
        )
    return name


def _throttle_state(row: LoginThrottle, now: datetime) -> ThrottleState:
    held = row.locked_until if row.locked_until is not None and row.locked_until > now else None
    return ThrottleState(row.workstation, row.failed_attempts, held)


@service(Action.LOGIN_THROTTLE_RESET, entity="workstation", audited=False, read_only=True)
def list_login_throttles(call: Call) -> list[ThrottleState]:
    """Workstations with unknown-name sign-ins counted or a hold running, by name."""
    now = utcnow()
    rows = call.session.scalars(select(LoginThrottle).order_by(LoginThrottle.workstation))
    states = [_throttle_state(row, now) for row in rows]
    return [s for s in states if s.failed_attempts or s.held_until is not None]


@service(Action.LOGIN_THROTTLE_RESET, entity="workstation")
def reset_login_throttle(call: Call, *, workstation: str, reason: str) -> ThrottleState:
    """Clear WORKSTATION's count of unknown-name sign-ins and lift its hold, as a successful
    sign-in there would; the count and hold it cleared and the REASON are in the audit event.
    Returns the state it cleared."""
    station = _station_name(workstation)
    call.note(workstation=station)
    why = " ".join((reason or "").split())
    if not why or len(why) > 500:
        raise InvalidInput(
            en="Give the reason for the reset (at most 500 characters).",
            zh="请填写重置原因（最多 500 个字符）。",
            field="reason",
        )
    row = call.session.get(LoginThrottle, station)
    cleared = _throttle_state(row, utcnow()) if row is not None else None
    if cleared is None or (not cleared.failed_attempts and cleared.held_until is None):
        raise Conflict(
            en=f"Workstation {quoted(station)} has no unknown-name sign-ins counted and is not "
            "held: nothing to reset. Nothing was changed.",
            zh=f"工作站 {quoted(station)} 没有以不存在的用户名登录的计数，也未被暂停登录："
            "无需重置。未作任何更改。",
        )
    call.session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.workstation == station)
        .values(failed_attempts=0, locked_until=None),
        execution_options={"synchronize_session": False},
    )
    call.note(
        failed_attempts=cleared.failed_attempts,
        held_until=cleared.held_until.isoformat() if cleared.held_until else None,
        reason=why,
    )
    return cleared
