"""Users and their sessions: login with lockout, passwords, roles, disabling, witnesses."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.errors import (
    AccountLocked,
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
from clinic.service import Actor, AuthContext, Call, record_event, service
from clinic.storage.db import Database
from clinic.storage.models import User, UserRole, UserSession
from clinic.storage.settings_store import clinic_settings
from clinic.storage.types import utcnow
from clinic.storage.uow import UnitOfWork

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


def _bad_credentials() -> AuthenticationFailed:
    return AuthenticationFailed(
        en="Wrong user name or password.",
        zh="用户名或密码错误。",
    )


def _locked(until: datetime) -> AccountLocked:
    minutes = max(1, int((until - utcnow()).total_seconds() + 59) // 60)
    return AccountLocked(
        en=f"This account is locked after too many wrong passwords. Try again in {minutes} "
        "minute(s), or ask an administrator.",
        zh=f"密码错误次数过多，账户已锁定。请在 {minutes} 分钟后重试，或联系管理员。",
        minutes_left=minutes,
    )


def _disabled() -> AuthenticationFailed:
    return AuthenticationFailed(
        en="This account is disabled. Ask an administrator.",
        zh="该账户已停用。请联系管理员。",
    )


def _check_password(session: Session, user: User | None, password: str) -> str | None:
    """Verify PASSWORD for USER, counting failures; returns why it failed, or None if it is right."""
    if user is None:
        verify_unknown_user(password)
        return "unknown_user"
    if not user.active:
        return "disabled"
    if user.locked_until and user.locked_until > utcnow():
        return "locked"
    if not verify_password(user.password_hash, password):
        return _count_failure(session, user)
    user.failed_attempts = 0
    user.locked_until = None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return None


def login(
    db: Database,
    *,
    username: str,
    password: str,
    workstation: str | None = None,
    end_sessions_on_workstation: bool = False,
) -> AuthContext:
    """Sign USERNAME in; five wrong passwords lock the account for a while. Every try is audited."""
    station = workstation or db.workstation
    name = username.strip().lower()
    with UnitOfWork(db) as uow:
        session = uow.session
        user = session.scalars(select(User).where(User.username == name)).one_or_none()
        problem = _check_password(session, user, password)
        if problem is not None:
            user_id = user.id if user else None
            audit.append(
                session,
                db.keys.audit,
                _login_event(name, station, user_id, Outcome.DENIED, "login", reason=problem),
            )
            locked_until = user.locked_until if user else None
            uow.commit()
            if problem in ("locked", "locked_now") and locked_until:
                raise _locked(locked_until)
            if problem == "disabled":
                raise _disabled()
            raise _bad_credentials()
        assert user is not None
        if end_sessions_on_workstation:
            _end_sessions(session, db, station, reason="taken_over")
        session_id = str(uuid.uuid4())
        session.add(UserSession(id=session_id, user_id=user.id, workstation=station))
        info = _info(session, user)
        audit.append(
            session,
            db.keys.audit,
            _login_event(name, station, user.id, Outcome.DONE, "login", session_id),
        )
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
    return AuthContext(db=db, actor=actor)


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


@service(Action.SESSION_CHECK, entity="session")
def check_session(call: Call) -> Actor:
    """Confirm the session is still valid (the cheapest audited call)."""
    call.note(entity_id=call.actor.session_id)
    return call.actor


@service(Action.SESSION_LOCK, entity="session")
def lock(call: Call, *, reason: str = "idle") -> None:
    """The screen was locked (idle, or by the user): recorded, so the trail shows the gap."""
    call.note(entity_id=call.actor.session_id, reason="idle" if reason == "idle" else "manual")


@service(Action.SESSION_UNLOCK, entity="session")
def unlock(call: Call, *, password: str) -> None:
    """Unlock the idle-locked screen with the same user's password."""
    call.note(entity_id=call.actor.session_id)
    user = call.session.get(User, call.actor.user_id)
    problem = _check_password(call.session, user, password)
    if problem is not None:
        _persist_failure(call, user)
        if problem in ("locked", "locked_now") and user and user.locked_until:
            raise _locked(user.locked_until)
        raise _bad_credentials()


def _count_failure(session: Session, user: User) -> str:
    """One more wrong password for USER; enough of them lock the account for a while."""
    settings = clinic_settings(session)
    attempts = settings.integer("lockout_attempts")
    minutes = settings.integer("lockout_minutes")
    user.failed_attempts += 1
    if user.failed_attempts >= attempts:
        user.locked_until = utcnow() + timedelta(minutes=minutes)
        user.failed_attempts = 0
        return "locked_now"
    return "wrong_password"


def _persist_failure(call: Call, user: User | None) -> None:
    """Keep the failed-password count: the call's own transaction is about to roll back."""
    if user is None or not user.active:
        return
    user_id, db = user.id, call.db

    def count_again() -> None:
        with UnitOfWork(db) as uow:
            row = uow.session.get(User, user_id)
            if row is not None:
                _count_failure(uow.session, row)
                uow.commit()

    call.after_failure.append(count_again)


@service(Action.PASSWORD_CHANGE, entity="user")
def change_password(call: Call, *, old_password: str, new_password: str) -> None:
    user = call.session.get(User, call.actor.user_id)
    assert user is not None
    call.note(entity_id=user.id)
    problem = _check_password(call.session, user, old_password)
    if problem is not None:
        _persist_failure(call, user)
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
        raise Conflict(en=f"The user name {name!r} is taken.", zh=f"用户名 {name!r} 已被使用。")
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
    """Check a second person's credentials inside CALL's transaction; refuse anyone unfit."""
    name = username.strip().lower()
    user = call.session.scalars(select(User).where(User.username == name)).one_or_none()
    refused = WitnessRejected(
        en="The witness's user name or password is wrong, or that user cannot witness.",
        zh="见证人用户名或密码错误，或该用户无见证资格。",
    )
    if user is not None and user.id == call.actor.user_id:
        raise WitnessRejected(
            en="The witness must be a different person.", zh="见证人必须是另一人。"
        )
    problem = _check_password(call.session, user, password)
    if problem is not None:
        _persist_failure(call, user)
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
        if problem in ("locked", "locked_now"):
            raise WitnessRejected(
                en="The witness's account is locked after too many wrong passwords.",
                zh="见证人账户因密码错误次数过多已被锁定。",
            )
        raise refused
    assert user is not None
    roles = frozenset(
        Role(r)
        for r in call.session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    )
    if not (PERMISSIONS[Action.WITNESS_SIGN] & roles):
        raise refused
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


@service(Action.WITNESS_SIGN, entity="user")
def check_witness(call: Call, *, username: str, password: str) -> Witness:
    """Confirm a witness's sign-in on a form before it is submitted (audited)."""
    witness = verify_witness(call, username=username, password=password)
    call.note(entity_id=witness.user_id)
    return witness
