"""The service layer's frame: permission first, one transaction, its audit event inside it."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from clinic.errors import (
    AuditChainBroken,
    Busy,
    DiskFull,
    PasswordChangeRequired,
    PermissionDenied,
    ServerUnreachable,
    SessionEnded,
    SessionLocked,
    SessionRefused,
)
from clinic.ids import UserId
from clinic.privacy import audit
from clinic.privacy.audit import EventDraft, Outcome
from clinic.privacy.permissions import PERMISSIONS, Action, Role
from clinic.storage import direct
from clinic.storage.db import Database
from clinic.storage.models import User, UserRole, UserSession
from clinic.storage.settings_store import VERSION_COLUMNS, clinic_settings
from clinic.storage.types import utcnow
from clinic.storage.uow import UnitOfWork

P = ParamSpec("P")
R = TypeVar("R")

# Every service function of the modules imported so far (for the checks that need them all).
SERVICES: list[Callable[..., Any]] = []


@dataclass(frozen=True)
class Actor:
    """Who is acting, from which workstation, in which login session."""

    user_id: UserId
    username: str
    full_name: str
    roles: frozenset[Role]
    workstation: str
    session_id: str
    must_change_password: bool = False


@dataclass(frozen=True)
class AuthContext:
    """A signed-in user on an open database: what every service call is given first."""

    db: Database
    actor: Actor
    # Set at login when the audit trail failed its seal: shown to the auditor and administrator.
    audit_broken: AuditChainBroken | None = None


@dataclass
class Call:
    """The running service call: its session, its actor, and what its audit event will say."""

    auth: AuthContext
    session: Session
    action: Action
    entity: str
    entity_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    audited: bool = True
    extra_events: list[EventDraft] = field(default_factory=list)
    after_failure: list[Callable[[], None]] = field(default_factory=list)
    after_success: list[Callable[[], None]] = field(default_factory=list)
    # Second persons' passwords checked before the write transaction began (argon2 takes a
    # quarter of a second, and SQLite's write lock must not wait on it): (user name, password
    # hash) -> whether the password was right. verify_witness uses it if the hash is unchanged.
    checked_passwords: dict[tuple[str, str | None], bool] = field(default_factory=dict)

    @property
    def actor(self) -> Actor:
        return self.auth.actor

    @property
    def db(self) -> Database:
        return self.auth.db

    def note(self, *, entity_id: object | None = None, **details: Any) -> None:
        """Say what this call's audit event records: the entity touched and plain details."""
        if entity_id is not None:
            self.entity_id = str(entity_id)
        self.details.update(details)

    def audit_shown(
        self, *, view: str, shown: Hashable, patient_ids: Iterable[int], every_minutes: int
    ) -> None:
        """A list refreshed on screen: its event only when SHOWN changed or the last one is
        EVERY_MINUTES old (clinic clock), and one patient.read event per patient the first
        time this login session shows them in VIEW; otherwise no event at all."""
        key = (self.actor.session_id, view)
        now = self.db.clock()
        last = _SHOWN.get(key)
        ids = frozenset(patient_ids)
        if (
            last is not None
            and last.shown == shown
            and last.at <= now < last.at + timedelta(minutes=every_minutes)
        ):
            self.audited = False
            return
        before = last.patients if last else frozenset()
        for pid in sorted(ids - before):
            self.also_audit(
                action=Action.PATIENT_READ.value, entity="patient", entity_id=pid, via=view
            )
        seen = _Shown(shown, now, ids | before)
        self.after_success.append(lambda: _remember(key, seen))

    def also_audit(self, *, action: str, entity: str, entity_id: object, **details: Any) -> None:
        """One more event in this transaction (e.g. each patient record a list opened)."""
        self.extra_events.append(
            draft(self.actor, action, entity, str(entity_id), Outcome.DONE, details)
        )


@dataclass(frozen=True)
class _Shown:
    shown: Hashable
    at: datetime
    patients: frozenset[int]


_SHOWN: dict[tuple[str, str], _Shown] = {}  # (login session, view) -> what it last audited
_SHOWN_LIMIT = 2000


def _remember(key: tuple[str, str], seen: _Shown) -> None:
    if len(_SHOWN) >= _SHOWN_LIMIT and key not in _SHOWN:
        _SHOWN.clear()  # ended sessions' lists: at worst a list is audited once more
    _SHOWN[key] = seen


# What a workstation keeps in memory for a login session (an index of opened names): each
# forgets it when the session locks or ends.
_SESSION_CLOSED: list[Callable[[str], None]] = []


def on_session_closed(forget: Callable[[str], None]) -> None:
    """Call FORGET(session id) when a login session locks or ends on this workstation."""
    _SESSION_CLOSED.append(forget)


def session_closed(session_id: str) -> None:
    """The login session locked or ended: drop what this workstation holds for it."""
    for forget in _SESSION_CLOSED:
        forget(session_id)


def draft(
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str | None,
    outcome: Outcome,
    details: dict[str, Any],
) -> EventDraft:
    return EventDraft(
        user_id=actor.user_id,
        username=actor.username,
        workstation=actor.workstation,
        session_id=actor.session_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        outcome=outcome,
        details=details,
    )


def call_events(call: Call, outcome: Outcome) -> list[EventDraft]:
    main = draft(call.actor, call.action.value, call.entity, call.entity_id, outcome, call.details)
    return [main, *call.extra_events]


def record_event(db: Database, *events: EventDraft) -> None:
    """Append events in their own transaction (denials and failures, whose work rolled back;
    reads, which must not hold the write lock while they run)."""
    with UnitOfWork(db) as uow:
        audit.append_many(uow.session, db.keys.audit, events)
        uow.commit()


def current_roles(session: Session, actor: Actor) -> frozenset[Role]:
    """The actor's roles as the database has them now; empty if the user or session has ended."""
    row = session.execute(
        select(User.active, UserSession.ended_at)
        .join(UserSession, UserSession.user_id == User.id)
        .where(User.id == actor.user_id, UserSession.id == actor.session_id)
    ).one_or_none()
    if row is None or not row.active or row.ended_at is not None:
        return frozenset()
    names = session.scalars(select(UserRole.role).where(UserRole.user_id == actor.user_id))
    return frozenset(Role(name) for name in names)


# What a session whose password is temporary may still do; a locked one may only unlock.
TEMPORARY_PASSWORD_ALLOWS = frozenset(
    {Action.PASSWORD_CHANGE, Action.SESSION_LOCK, Action.SESSION_UNLOCK}
)
LOCKED_SESSION_ALLOWS = frozenset({Action.SESSION_LOCK, Action.SESSION_UNLOCK})
# A call refreshes the session's "last seen" at most this often (a write per minute, not per call).
SEEN_EVERY = timedelta(seconds=60)


def locked_error(action: Action) -> SessionLocked:
    return SessionLocked(
        en="This screen is locked. Unlock it with your password to continue.",
        zh="屏幕已锁定。请输入您的密码解锁后继续。",
        action=action.value,
    )


def expired_error(action: Action) -> SessionEnded:
    return SessionEnded(
        en="This sign-in has lasted too long and has ended. Sign in again.",
        zh="本次登录时间过长，已结束。请重新登录。",
        action=action.value,
    )


def temporary_password_error(action: Action) -> PasswordChangeRequired:
    return PasswordChangeRequired(
        en="Your password is temporary. Choose a new password before doing anything else.",
        zh="您的密码是临时密码。请先设置新密码，再进行其他操作。",
        action=action.value,
    )


@dataclass(frozen=True)
class SessionVerdict:
    """What the session rules say about one call: allowed (roles), or refused and why."""

    roles: frozenset[Role] = frozenset()
    refusal: SessionRefused | None = None
    lock_now: bool = False
    end_now: bool = False
    seen_at: datetime | None = None


# The user, the login session and the user's roles (a row per role) in one statement, built once:
# every service call asks it first.
_VERDICT_FACTS = (
    select(
        User.active,
        User.must_change_password,
        UserSession.ended_at,
        UserSession.end_reason,
        UserSession.started_at,
        UserSession.locked_at,
        UserSession.last_seen_at,
        UserRole.role,
        *VERSION_COLUMNS,
    )
    .join(UserSession, UserSession.user_id == User.id)
    .outerjoin(UserRole, UserRole.user_id == User.id)
    .where(User.id == bindparam("user_id"), UserSession.id == bindparam("session_id"))
)
_VERDICT = direct.Prepared(_VERDICT_FACTS)


def session_verdict(session: Session, actor: Actor, action: Action) -> SessionVerdict:
    """Apply the session rules (temporary password, lock, idle, lifetime) before any service."""
    rows = _VERDICT.rows(
        direct.connection(session), {"user_id": actor.user_id, "session_id": actor.session_id}
    )
    row = rows[0] if rows else None
    if row is not None and row.ended_at is not None and row.end_reason == "expired":
        return SessionVerdict(refusal=expired_error(action))
    if row is None or not row.active or row.ended_at is not None:
        return SessionVerdict()
    now = utcnow()
    settings = clinic_settings(session, (row.settings_last, row.settings_count))
    if now - row.started_at > timedelta(hours=settings.integer("session_max_hours")):
        return SessionVerdict(refusal=expired_error(action), end_now=True)
    if row.locked_at is not None:
        if action not in LOCKED_SESSION_ALLOWS:
            return SessionVerdict(refusal=locked_error(action))
    elif (
        now - (row.last_seen_at or row.started_at)
        > timedelta(minutes=settings.integer("idle_lock_minutes"))
        and action not in LOCKED_SESSION_ALLOWS
    ):
        return SessionVerdict(refusal=locked_error(action), lock_now=True)
    if row.must_change_password and action not in TEMPORARY_PASSWORD_ALLOWS:
        return SessionVerdict(refusal=temporary_password_error(action))
    names = [r.role for r in rows if r.role is not None]
    seen = row.last_seen_at is None or now - row.last_seen_at >= SEEN_EVERY
    return SessionVerdict(
        roles=frozenset(Role(name) for name in names), seen_at=now if seen else None
    )


def mark_seen(session: Session, actor: Actor, moment: datetime) -> None:
    session.execute(
        update(UserSession)
        .where(UserSession.id == actor.session_id, UserSession.ended_at.is_(None))
        .values(last_seen_at=moment)
    )


def apply_verdict(db: Database, actor: Actor, verdict: SessionVerdict) -> None:
    """Keep what a refusal decided (an idle lock, an expired session) past the rollback."""
    if isinstance(verdict.refusal, SessionLocked | SessionEnded):
        session_closed(actor.session_id)
    if not (verdict.lock_now or verdict.end_now):
        return
    now = utcnow()
    values: dict[str, Any] = (
        {"ended_at": now, "end_reason": "expired"} if verdict.end_now else {"locked_at": now}
    )
    reason = "expired" if verdict.end_now else "idle"
    with UnitOfWork(db) as uow:
        changed = uow.session.execute(
            update(UserSession)
            .where(UserSession.id == actor.session_id, UserSession.ended_at.is_(None))
            .values(**values)
            .returning(UserSession.id)
        ).first()
        if changed:
            action = "logout" if verdict.end_now else Action.SESSION_LOCK.value
            event = draft(
                actor, action, "session", actor.session_id, Outcome.DONE, {"reason": reason}
            )
            audit.append(uow.session, db.keys.audit, event)
        uow.commit()


def offline_error(action: Action) -> PermissionDenied:
    return PermissionDenied(
        en="The main clinic cannot be reached: offline, this workstation doses and reads the "
        "day's patients only. This waits until the link is back.",
        zh="无法连接主门诊：离线时本工作站只能给药和查看当日患者。此操作请待连接恢复后进行。",
        action=action.value + ".offline",
    )


def to_outbox(call: Call, name: str, arguments: dict[str, Any]) -> None:
    """The call's arguments in the replica's outbox, in its transaction: replayed in order on
    the server when the link is back (clinic.satellite.sync), under KEY, at the time recorded."""
    import json
    import uuid

    from clinic.storage.models import OutboxEntry

    key = str(uuid.uuid4())
    call.session.add(
        OutboxEntry(
            key=key,
            action=name,
            arguments=json.dumps(arguments, default=str, sort_keys=True),
            user_id=call.actor.user_id,
            workstation=call.actor.workstation,
            recorded_at=call.db.clock(),
        )
    )
    call.session.flush()
    call.note(outbox=key)


def denied_error(action: Action) -> PermissionDenied:
    return PermissionDenied(
        en=f"You are not allowed to do this ({action.value}). The attempt was recorded.",
        zh=f"您无权执行此操作（{action.value}）。本次尝试已被记录。",
        action=action.value,
    )


SECOND_PERSONS = (("witness", "witness_password"), ("authoriser", "authoriser_password"))


def check_second_persons(
    db: Database, action: Action, kwargs: dict[str, Any]
) -> dict[tuple[str, str | None], bool]:
    """The witness's or authoriser's password (and a second physician's in an order request)
    checked outside any transaction, against the hash as it is now."""
    from clinic.privacy.passwords import verify_password, verify_unknown_user
    from clinic.storage.models import User

    pairs = [(kwargs.get(name), kwargs.get(secret)) for name, secret in SECOND_PERSONS]
    if action is Action.WITNESS_SIGN:  # a witness confirming on a form, before it is sent
        pairs.append((kwargs.get("username"), kwargs.get("password")))
    request = kwargs.get("request")
    pairs.append(
        (
            getattr(request, "second_physician", None),
            getattr(request, "second_physician_password", None),
        )
    )
    wanted = [
        (name.strip().lower(), password)
        for name, password in pairs
        if isinstance(name, str) and name.strip() and isinstance(password, str)
    ]
    if not wanted:
        return {}
    with UnitOfWork(db, read_only=True) as uow:
        hashes = dict(
            uow.session.execute(
                select(User.username, User.password_hash).where(
                    User.username.in_([name for name, _ in wanted])
                )
            ).all()
        )
    typed: dict[str, set[str]] = {}
    for name, password in wanted:
        typed.setdefault(name, set()).add(password)
    checked: dict[tuple[str, str | None], bool] = {}
    for name, passwords in typed.items():
        if len(passwords) > 1:
            continue  # one person, two passwords typed: each is checked inside the transaction
        (password,) = passwords
        stored = hashes.get(name)
        if stored is None:
            verify_unknown_user(password)  # the same time as a real check
            checked[(name, None)] = False
        else:
            checked[(name, stored)] = verify_password(stored, password)
    return checked


def service(
    action: Action,
    *,
    entity: str,
    audited: bool = True,
    read_only: bool = False,
    on_broken_chain: bool = False,
    offline: str | None = None,
) -> Callable[[Callable[Concatenate[Call, P], R]], Callable[Concatenate[AuthContext, P], R]]:
    """Make FN a service call for ACTION: permission checked first, one audited transaction.
    ON_BROKEN_CHAIN: a read that must still work when the trail cannot take its event (the
    auditor examining the break); every other call fails with AuditChainBroken then.
    OFFLINE: what the call may do on a satellite's replica, where a write that is not sent on
    to the server would be lost: "local" (it writes only the replica's own bookkeeping: its
    trail, the panel's presence), "replay" (its arguments go to the outbox in the same
    transaction, to be replayed on the server); None: refused there unless READ_ONLY."""
    if offline not in (None, "local", "replay"):
        raise ValueError(f"offline={offline!r}")

    def decorate(fn: Callable[Concatenate[Call, P], R]) -> Callable[Concatenate[AuthContext, P], R]:
        @functools.wraps(fn)
        def run(auth: AuthContext, /, *args: P.args, **kwargs: P.kwargs) -> R:
            db, actor = auth.db, auth.actor
            failure: Exception | None = None
            checked = {} if read_only else check_second_persons(db, action, kwargs)
            with UnitOfWork(db, read_only=read_only) as uow:
                call = Call(auth, uow.session, action, entity, audited=audited)
                call.checked_passwords = checked
                verdict = session_verdict(uow.session, actor, action)
                if verdict.refusal is not None:
                    failure = verdict.refusal
                elif not (PERMISSIONS[action] & verdict.roles):
                    failure = denied_error(action)
                elif db.replica and not read_only and offline is None:
                    failure = offline_error(action)
                else:
                    try:
                        result = fn(call, *args, **kwargs)
                        if db.replica and offline == "replay":
                            to_outbox(call, fn.__name__, kwargs)
                        elif db.mirror is not None and offline == "replay":
                            mirror, name = db.mirror, fn.__name__
                            call.after_success.append(lambda: mirror(name, dict(kwargs)))
                        if verdict.seen_at is not None and not read_only:
                            mark_seen(uow.session, actor, verdict.seen_at)
                        if call.audited and not read_only:
                            events = call_events(call, Outcome.DONE)
                            audit.append_many(uow.session, db.keys.audit, events)
                            uow.commit()
                        elif not read_only:
                            uow.commit()
                    except Exception as exc:
                        failure = exc
            if failure is None and call.audited and read_only:
                # A long read (a whole-chain verify) must not hold the write lock.
                try:
                    record_event(db, *call_events(call, Outcome.DONE))
                except AuditChainBroken as exc:
                    if not on_broken_chain:
                        failure = exc
            if failure is None:
                if verdict.seen_at is not None and read_only:
                    with contextlib.suppress(Busy), UnitOfWork(db) as seen:
                        # a read that worked is not failed for want of the write lock
                        mark_seen(seen.session, actor, verdict.seen_at)
                        seen.commit()
                for done in call.after_success:
                    done()
                return result
            if isinstance(failure, AuditChainBroken | ServerUnreachable):
                # The trail cannot take the failure's event either (a broken chain; no server).
                raise failure
            apply_verdict(db, actor, verdict)
            for undo_proof in call.after_failure:
                undo_proof()  # what must outlive the rollback (failed-password counts, denials)
            try:
                if (
                    isinstance(failure, PermissionDenied)
                    and failure.details.get("action") == action
                ):
                    record_event(db, draft(actor, action.value, entity, None, Outcome.DENIED, {}))
                elif audited or not read_only:
                    error = getattr(failure, "code", type(failure).__name__)
                    details = dict(call.details, error=error)
                    failed = draft(
                        actor, action.value, entity, call.entity_id, Outcome.FAILED, details
                    )
                    try:
                        record_event(db, failed)
                    except DiskFull:
                        if not isinstance(failure, DiskFull):
                            raise
                        # The same full disk: the file's own message (which folder) says more.
            except AuditChainBroken:
                if not on_broken_chain:
                    raise
                # A call made for a broken trail says its own refusal; the trail takes no event.
            raise failure

        run.action = action  # type: ignore[attr-defined]
        run.entity = entity  # type: ignore[attr-defined]
        run.audited = audited  # type: ignore[attr-defined]
        run.read_only = read_only  # type: ignore[attr-defined]
        run.offline = offline  # type: ignore[attr-defined]
        SERVICES.append(run)
        return run

    return decorate
