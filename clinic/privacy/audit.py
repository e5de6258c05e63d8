"""The audit trail: a keyed hash chain (HMAC-SHA256) whose key is not in the database."""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from types import SimpleNamespace
from typing import Any, TextIO, cast

from sqlalchemy import Select, Table, and_, bindparam, func, insert, or_, select, update
from sqlalchemy import event as orm_event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from clinic.errors import AuditChainBroken
from clinic.storage import direct
from clinic.storage.db import AUDIT_CHECKPOINT, AuditCheckpoint
from clinic.storage.models import AuditEvent, AuditHead, Patient
from clinic.storage.types import utcnow

GENESIS = "0" * 64
HEAD_ROW = 1
GENESIS_ACTION = "audit.genesis"
# Clinics founded before the genesis event: their first event, "clinic.init", is sealed the same
# way and names the clinic, so it serves as their genesis (docs/audit-chain.md).
LEGACY_GENESIS_ACTION = "clinic.init"
# A broken trail acknowledged by an auditor and an administrator together: a sealed event that
# records the break and starts a new segment; every later verification still reports the break.
ACK_ACTION = "audit.acknowledge"
SEEN = "audit_head_seen"  # session.info: (seq, mac) of the newest event this transaction wrote
IDENTIFIER_KEYS = frozenset(
    {"name", "national_id", "phone", "address", "insurance_number", "photo", "password"}
)


class Outcome(StrEnum):
    DONE = "done"
    DENIED = "denied"
    FAILED = "failed"


@dataclass(frozen=True)
class EventDraft:
    """What happened, before it is chained."""

    user_id: int | None
    username: str
    workstation: str
    session_id: str | None
    action: str
    entity: str
    entity_id: str | None
    outcome: Outcome
    details: dict[str, Any]


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    occurred_at: datetime
    user_id: int | None
    username: str
    workstation: str
    session_id: str | None
    action: str
    entity: str
    entity_id: str | None
    outcome: str
    details: dict[str, Any]


def canonical_details(details: dict[str, Any]) -> str:
    leaked = IDENTIFIER_KEYS & details.keys()
    if leaked:
        raise ValueError(f"audit details must not carry identifiers: {sorted(leaked)}")
    return json.dumps(
        details, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_mac(key: bytes, event: Any) -> str:
    """EVENT: an AuditEvent, or a row of the audit_events table."""
    fields = [
        event.seq,
        _timestamp(event.occurred_at),
        event.user_id,
        event.username,
        event.workstation,
        event.session_id,
        event.action,
        event.entity,
        event.entity_id,
        event.outcome,
        event.details,
        event.prev_mac,
    ]
    message = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def head_mac(key: bytes, seq: int, mac: str) -> str:
    return hmac.new(key, f"head\x00{seq}\x00{mac}".encode(), hashlib.sha256).hexdigest()


def _event_values(seq: int, prev: str, key: bytes, draft: EventDraft) -> dict[str, Any]:
    """The columns of DRAFT sealed as event SEQ after PREV (a plain dict: the append writes
    it with a Core statement, not as a mapped object)."""
    values: dict[str, Any] = {
        "seq": seq,
        "occurred_at": utcnow(),
        "user_id": draft.user_id,
        "username": draft.username[:64],
        "workstation": draft.workstation[:128],
        "session_id": draft.session_id,
        "action": draft.action,
        "entity": draft.entity,
        "entity_id": draft.entity_id,
        "outcome": draft.outcome.value,
        "details": canonical_details(draft.details),
        "prev_mac": prev,
    }
    values["mac"] = event_mac(key, SimpleNamespace(**values))
    return values


def _new_event(seq: int, prev: str, key: bytes, draft: EventDraft) -> AuditEvent:
    return AuditEvent(**_event_values(seq, prev, key, draft))


def chain_broken(en: str, zh: str) -> AuditChainBroken:
    return AuditChainBroken(
        en=f"The audit trail is damaged ({en}). Nothing was saved. The auditor or the "
        "administrator must examine it (clinic-admin audit verify) before work can go on.",
        zh=f"审计记录已损坏（{zh}）。本次操作未保存。须由审计员或管理员检查"
        "（clinic-admin audit verify）后方可继续工作。",
    )


_EVENTS = cast(Table, AuditEvent.__table__)
_HEAD = cast(Table, AuditHead.__table__)
_EVENT_COLUMNS = tuple(_EVENTS.c)
# The head and the events from the one it names (at most two) in one read, on SQLite, whose
# writer already holds the whole database when it runs.
_HEAD_AND_LAST = (
    select(
        _HEAD.c.seq.label("head_seq"),
        _HEAD.c.mac.label("head_mac_of"),
        _HEAD.c.head_mac.label("head_seal"),
        *_EVENT_COLUMNS,
    )
    .select_from(_HEAD.outerjoin(_EVENTS, _EVENTS.c.seq >= _HEAD.c.seq))
    .where(_HEAD.c.id == HEAD_ROW)
    .order_by(_EVENTS.c.seq)
    .limit(2)
)
# On PostgreSQL the head is locked first and the events read by a second statement: under READ
# COMMITTED a statement that waited for the lock still sees the events as they were when it
# began, so one read would miss the event the previous holder just committed.
_LOCK_HEAD = (
    select(
        _HEAD.c.seq.label("head_seq"),
        _HEAD.c.mac.label("head_mac_of"),
        _HEAD.c.head_mac.label("head_seal"),
    )
    .where(_HEAD.c.id == HEAD_ROW)
    .with_for_update()
)
_LAST_AND_BEYOND = (
    select(*_EVENT_COLUMNS)
    .where(_EVENTS.c.seq >= bindparam("seq"))
    .order_by(_EVENTS.c.seq)
    .limit(2)
)
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == HEAD_ROW)
    .values(seq=bindparam("new_seq"), mac=bindparam("new_mac"), head_mac=bindparam("new_head"))
)
# The same, sent on the driver's cursor: they run in every service call.
_HEAD_AND_LAST_NOW = direct.Prepared(_HEAD_AND_LAST)
_LOCK_HEAD_NOW = direct.Prepared(_LOCK_HEAD)
_LAST_AND_BEYOND_NOW = direct.Prepared(_LAST_AND_BEYOND)
_INSERT_EVENT_NOW = direct.Prepared(
    insert(_EVENTS).values({column.key: bindparam(column.key) for column in _EVENT_COLUMNS})
)
_MOVE_HEAD_NOW = direct.Prepared(_MOVE_HEAD)


@dataclass(frozen=True)
class _HeadRow:
    seq: int
    mac: str
    head_mac: str


def read_head(connection: Connection) -> tuple[_HeadRow | None, list[Any]]:
    """The head, locked for this transaction's append, and the events from the one it names on
    (at most two), read on CONNECTION, a session's (this runs in every service call)."""
    if connection.dialect.name == "postgresql":
        heads = _LOCK_HEAD_NOW.rows(connection)
        if not heads:
            return None, []
        events = _LAST_AND_BEYOND_NOW.rows(connection, {"seq": heads[0].head_seq})
        rows: list[Any] = heads
    else:
        rows = _HEAD_AND_LAST_NOW.rows(connection)
        if not rows:
            return None, []
        events = [row for row in rows if row.seq is not None]
    first = rows[0]
    return _HeadRow(int(first.head_seq), str(first.head_mac_of), str(first.head_seal)), events


def check_head(key: bytes, head: _HeadRow | None, rows: Sequence[Any]) -> None:
    """Raise AuditChainBroken unless HEAD is sealed and names the last event, itself sealed.
    ROWS: the events from the one HEAD names on, by number (read_head)."""
    if head is None:
        raise chain_broken("its head record is missing", "审计链头记录缺失")
    if not hmac.compare_digest(head.head_mac, head_mac(key, head.seq, head.mac)):
        raise chain_broken("its head record was altered", "审计链头记录已被篡改")
    last = rows[0] if rows and rows[0].seq == head.seq else None
    if last is None or not hmac.compare_digest(last.mac, head.mac):
        raise chain_broken(
            f"event {head.seq}, the last one, is missing or replaced",
            f"最后一条事件（第 {head.seq} 条）缺失或被替换",
        )
    if not hmac.compare_digest(last.mac, event_mac(key, last)):
        raise chain_broken(f"event {head.seq} was altered", f"第 {head.seq} 条事件已被篡改")
    if len(rows) > 1:
        raise chain_broken(
            f"events after {head.seq} were written without the key",
            f"第 {head.seq} 条之后有未经密钥签署的事件",
        )


def _check_seen(session: Session, head: _HeadRow, checkpoint: AuditCheckpoint | None) -> None:
    """The trail must still hold the newest event this workstation saw: an old copy put back
    (head and all) is whole and sealed, and only this record from outside shows it. Called
    after check_head."""
    kept = checkpoint.kept() if checkpoint else None
    if kept is None:
        return
    seq, mac = kept
    if seq > head.seq:
        raise chain_broken(
            f"this workstation saw event {seq}, but the trail ends at {head.seq}: "
            "an older copy was put back",
            f"本工作站记录过第 {seq} 条事件，但审计记录止于第 {head.seq} 条：旧副本被放回",
        )
    if seq == head.seq:  # check_head found the last event holding the head's mac
        held: str | None = head.mac
    else:
        seen = session.get(AuditEvent, seq)
        held = seen.mac if seen is not None else None
    if held is None or not hmac.compare_digest(held, mac):
        raise chain_broken(
            f"event {seq} is not the one this workstation saw: the trail was rolled back",
            f"第 {seq} 条事件与本工作站所记录的不同：审计记录被回滚",
        )


def start_chain(session: Session, key: bytes, draft: EventDraft) -> int:
    """Write the sealed genesis event (seq 1) of a new clinic's trail, and the head."""
    if session.scalar(select(func.count()).select_from(AuditEvent)) or session.get(
        AuditHead, HEAD_ROW
    ):
        raise chain_broken("a trail already exists", "审计记录已存在")
    event = _new_event(1, GENESIS, key, replace(draft, action=GENESIS_ACTION))
    session.add(event)
    session.add(AuditHead(id=HEAD_ROW, seq=1, mac=event.mac, head_mac=head_mac(key, 1, event.mac)))
    session.flush()
    session.info[SEEN] = (1, event.mac)
    return 1


def append(session: Session, key: bytes, draft: EventDraft) -> int:
    """Chain one event after the current head, in the caller's transaction; refused with
    AuditChainBroken when the head or the last event fails its seal."""
    return append_many(session, key, [draft])


def append_many(session: Session, key: bytes, drafts: Sequence[EventDraft]) -> int:
    """Chain DRAFTS, in order, after the current head in the caller's transaction: the head is
    checked once and moved once, and the events go in as one batch (a month's claims disclose
    1,500 patients, each an event). Returns the last event's number."""
    session.flush()  # pending rows first, as the ORM's autoflush did: the same lock order
    connection = direct.connection(session)
    head, rows = read_head(connection)
    check_head(key, head, rows)
    assert head is not None
    _check_seen(session, head, session.info.get(AUDIT_CHECKPOINT))
    seq, prev = int(head.seq), str(head.mac)
    if not drafts:
        return seq
    values = []
    for draft in drafts:
        seq += 1
        values.append(_event_values(seq, prev, key, draft))
        prev = values[-1]["mac"]
    # Core statements on the session's connection, not the ORM's unit of work: this runs in
    # every service call.
    _INSERT_EVENT_NOW.execute_many(connection, values)
    _MOVE_HEAD_NOW.rows(
        connection, {"new_seq": seq, "new_mac": prev, "new_head": head_mac(key, seq, prev)}
    )
    session.info[SEEN] = (seq, prev)
    return seq


def write_acknowledgement(session: Session, key: bytes, draft: EventDraft) -> AuditEvent:
    """Seal DRAFT (an acknowledgement of a break found by verify_chain) after the last event
    present, whatever the head says, and seal a new head on it: the trail's next segment starts
    here. Returns the event. The broken events stay as they are."""
    last = session.execute(
        select(_EVENTS.c.seq, _EVENTS.c.mac).order_by(_EVENTS.c.seq.desc()).limit(1)
    ).one_or_none()
    if last is None:
        raise chain_broken(
            "the trail is empty: restore the latest backup", "审计记录为空：请恢复最近的备份"
        )
    seq = int(last.seq) + 1
    event = _new_event(seq, str(last.mac), key, replace(draft, action=ACK_ACTION))
    session.add(event)
    session.flush()
    sealed = head_mac(key, seq, event.mac)
    if session.get(AuditHead, HEAD_ROW) is None:
        session.add(AuditHead(id=HEAD_ROW, seq=seq, mac=event.mac, head_mac=sealed))
    else:
        session.execute(_MOVE_HEAD, {"new_seq": seq, "new_mac": event.mac, "new_head": sealed})
    session.flush()
    return event


@orm_event.listens_for(Session, "after_commit")
def _tell_checkpoint(session: Session) -> None:
    seen = session.info.pop(SEEN, None)
    kept: AuditCheckpoint | None = session.info.get(AUDIT_CHECKPOINT)
    if seen is not None and kept is not None:
        kept.saw(*seen)


@orm_event.listens_for(Session, "after_rollback")
def _forget_seen(session: Session) -> None:
    session.info.pop(SEEN, None)


@dataclass(frozen=True)
class AcknowledgedBreak:
    """A break of the trail, as found and acknowledged by two people in the sealed event SEQ."""

    seq: int  # the acknowledgement's own event, where the new segment starts
    occurred_at: datetime
    first_bad_seq: int
    problem_en: str
    problem_zh: str
    auditor: str
    administrator: str
    reason: str

    def problem(self, language: str) -> str:
        return self.problem_zh if language == "zh_CN" else self.problem_en


@dataclass(frozen=True)
class VerifyResult:
    """OK: the trail is whole from its genesis, or from the newest acknowledged break on;
    ACKNOWLEDGED: every break acknowledged in the trail, oldest first, reported always."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem_en: str = ""
    problem_zh: str = ""
    acknowledged: tuple[AcknowledgedBreak, ...] = ()

    def problem(self, language: str) -> str:
        return self.problem_zh if language == "zh_CN" else self.problem_en


@dataclass(frozen=True)
class Checkpoint:
    """An event seen earlier, kept outside the database: the trail must still hold it."""

    seq: int
    mac: str
    source_en: str = "this workstation's checkpoint"
    source_zh: str = "本工作站的检查点"


def verify_chain(
    session: Session,
    key: bytes,
    progress: Callable[[int, int], None] | None = None,
    *,
    clinic_id: str | None = None,
    checkpoints: Sequence[Checkpoint] = (),
) -> VerifyResult:
    """Walk the whole chain from its genesis; report the first event edited, deleted, inserted
    or moved, a cut or emptied trail, and a trail that lacks an event a checkpoint saw."""
    total = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    acks = _acknowledgements(session, key)
    found: list[AcknowledgedBreak] = []
    result = _walk(session, key, progress, total, clinic_id, checkpoints, acks, found)
    return replace(result, acknowledged=tuple(found))


def _acknowledgements(session: Session, key: bytes) -> dict[int, AcknowledgedBreak]:
    """The acknowledgement events in the trail whose seals hold, by their own seq."""
    found = {}
    # the sealed acknowledgements themselves, not the refused attempts' events (failed, denied)
    done = and_(AuditEvent.action == ACK_ACTION, AuditEvent.outcome == Outcome.DONE.value)
    for event in session.scalars(select(AuditEvent).where(done)):
        if hmac.compare_digest(event.mac, event_mac(key, event)):
            details = json.loads(event.details)
            found[event.seq] = AcknowledgedBreak(
                seq=event.seq,
                occurred_at=event.occurred_at,
                first_bad_seq=int(details["first_bad_seq"]),
                problem_en=str(details["problem_en"]),
                problem_zh=str(details["problem_zh"]),
                auditor=str(details["auditor"]),
                administrator=str(details["administrator"]),
                reason=str(details["reason"]),
            )
    return found


def _acknowledging(acks: dict[int, AcknowledgedBreak], bad_seq: int) -> AcknowledgedBreak | None:
    """The first acknowledgement after BAD_SEQ of a break found at BAD_SEQ, if any."""
    later = [a for a in acks.values() if a.first_bad_seq == bad_seq and a.seq >= bad_seq]
    return min(later, key=lambda a: a.seq) if later else None


def _walk(
    session: Session,
    key: bytes,
    progress: Callable[[int, int], None] | None,
    total: int,
    clinic_id: str | None,
    checkpoints: Sequence[Checkpoint],
    acks: dict[int, AcknowledgedBreak],
    found: list[AcknowledgedBreak],
) -> VerifyResult:
    """verify_chain's walk: a break that an acknowledgement names is passed over to the
    acknowledgement (sealed), which starts the next segment; FOUND gets each one passed."""
    wanted = {cp.seq for cp in checkpoints}
    macs_seen: dict[int, str] = {}
    expected_seq = 1
    prev = GENESIS
    checked = 0
    skip_to: int | None = None
    rows = session.execute(
        select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    )
    for event in rows.scalars():
        if skip_to is not None:
            if event.seq < skip_to:
                continue  # inside the acknowledged break: examined then, reported below
            if event.seq > skip_to:
                break  # the acknowledgement is gone: said below
            skip_to = None
            expected_seq, prev = event.seq, event.prev_mac  # the new segment starts here
        problem = _link_problem(event, expected_seq, prev, key, clinic_id)
        if problem is not None:
            bad_seq, en, zh = problem
            ack = _acknowledging(acks, bad_seq)
            if ack is None or (ack.seq == event.seq and bad_seq == event.seq):
                return _bad(checked, bad_seq, en, zh)
            skip_to = ack.seq
            if event.seq < skip_to:
                continue
            skip_to = None
            expected_seq, prev = event.seq, event.prev_mac
        if event.seq in acks:
            found.append(acks[event.seq])
        if event.seq in wanted:
            macs_seen[event.seq] = event.mac
        prev = event.mac
        expected_seq += 1
        checked += 1
        if progress and checked % 1000 == 0:
            progress(checked, total)
    if skip_to is not None:  # an acknowledgement named that is no longer in the trail
        return _bad(
            checked,
            skip_to,
            f"event {skip_to}, an acknowledgement of a break, is missing",
            f"第 {skip_to} 条事件（对损坏的确认）缺失",
        )
    return _ends(session, key, progress, total, checked, expected_seq, prev, checkpoints, macs_seen)


def _link_problem(
    event: AuditEvent, expected_seq: int, prev: str, key: bytes, clinic_id: str | None
) -> tuple[int, str, str] | None:
    """Why EVENT does not follow as the chain's event EXPECTED_SEQ after PREV, or None."""
    if event.seq != expected_seq:
        if event.seq > expected_seq:
            return (
                expected_seq,
                f"event {expected_seq} is missing (deleted)",
                f"第 {expected_seq} 条事件缺失（被删除）",
            )
        return (
            event.seq,
            f"event {event.seq} is out of sequence",
            f"第 {event.seq} 条事件序号异常",
        )
    if event.prev_mac != prev:
        return (
            event.seq,
            f"event {event.seq} does not follow event {event.seq - 1} (inserted or reordered)",
            f"第 {event.seq} 条事件与第 {event.seq - 1} 条不衔接（被插入或调换）",
        )
    if not hmac.compare_digest(event.mac, event_mac(key, event)):
        return (
            event.seq,
            f"event {event.seq} was altered (its seal does not match)",
            f"第 {event.seq} 条事件已被篡改（校验码不符）",
        )
    if event.seq == 1 and not _is_genesis(event, clinic_id):
        return (
            1,
            "event 1 is not the trail's genesis event (the trail was re-based)",
            "第 1 条事件不是审计链的创始事件（审计记录被重置）",
        )
    return None


def _ends(
    session: Session,
    key: bytes,
    progress: Callable[[int, int], None] | None,
    total: int,
    checked: int,
    expected_seq: int,
    prev: str,
    checkpoints: Sequence[Checkpoint],
    macs_seen: dict[int, str],
) -> VerifyResult:
    """The head and the checkpoints, once the events are walked."""
    head = session.get(AuditHead, HEAD_ROW)
    last_seq = expected_seq - 1
    if head is None:
        if checked:
            return _bad(checked, 1, "the chain's head record is missing", "审计链头记录缺失")
        return _bad(
            0,
            1,
            "event 1 is missing: the trail is empty, its genesis event deleted",
            "第 1 条事件缺失：审计记录为空，创始事件已被删除",
        )
    if not hmac.compare_digest(head.head_mac, head_mac(key, head.seq, head.mac)):
        return _bad(
            checked,
            head.seq,
            f"the chain's head record was altered (it names event {head.seq} as the last)",
            f"审计链头记录已被篡改（其记载的最后事件为第 {head.seq} 条）",
        )
    if head.seq != last_seq or head.mac != prev:
        missing = last_seq + 1
        return _bad(
            checked,
            missing,
            f"event {missing} and after are missing (the trail was cut off at {last_seq})",
            f"第 {missing} 条及之后的事件缺失（审计记录在第 {last_seq} 条处被截断）",
        )
    for cp in sorted(checkpoints, key=lambda c: c.seq):
        found = macs_seen.get(cp.seq)
        if found is None:
            return _bad(
                checked,
                last_seq + 1,
                f"{cp.source_en} saw event {cp.seq}, but the trail ends at {last_seq}: "
                f"event {last_seq + 1} and after were removed (an old copy was put back)",
                f"{cp.source_zh}记录过第 {cp.seq} 条事件，但审计记录止于第 {last_seq} 条："
                f"第 {last_seq + 1} 条及之后的事件被删除（旧副本被放回）",
            )
        if not hmac.compare_digest(found, cp.mac):
            return _bad(
                checked,
                cp.seq,
                f"event {cp.seq} is not the one {cp.source_en} saw (the trail was rolled back "
                "and written again)",
                f"第 {cp.seq} 条事件与{cp.source_zh}所记录的不同（审计记录被回滚后重写）",
            )
    if progress:
        progress(checked, total)
    return VerifyResult(ok=True, checked=checked)


def _is_genesis(event: AuditEvent, clinic_id: str | None) -> bool:
    return (
        event.prev_mac == GENESIS
        and event.action in (GENESIS_ACTION, LEGACY_GENESIS_ACTION)
        and event.entity == "clinic"
        and (clinic_id is None or event.entity_id == clinic_id)
    )


def _bad(checked: int, seq: int, en: str, zh: str) -> VerifyResult:
    return VerifyResult(ok=False, checked=checked, first_bad_seq=seq, problem_en=en, problem_zh=zh)


@dataclass(frozen=True)
class AuditFilter:
    since: datetime | None = None
    until: datetime | None = None
    username: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None  # a record number, or a patient number (see _resolved)
    patient_id: int | None = None


def _resolved(session: Session, flt: AuditFilter) -> AuditFilter:
    """A record number that is a patient number asks for everything about that patient: the
    events on the patient record and those whose details name the patient (doses, screens)."""
    if flt.entity_id is None or flt.patient_id is not None:
        return flt
    found = session.scalar(
        select(Patient.id).where(Patient.patient_number == flt.entity_id.strip().upper())
    )
    if found is None:
        return flt
    return replace(flt, entity_id=None, patient_id=found)


def filtered(query: Select[Any], flt: AuditFilter) -> Select[Any]:
    if flt.since:
        query = query.where(AuditEvent.occurred_at >= flt.since)
    if flt.until:
        query = query.where(AuditEvent.occurred_at < flt.until)
    if flt.username:
        query = query.where(AuditEvent.username == flt.username)
    if flt.action:
        query = query.where(AuditEvent.action.startswith(flt.action))
    if flt.entity:
        query = query.where(AuditEvent.entity == flt.entity)
    if flt.entity_id:
        query = query.where(AuditEvent.entity_id == flt.entity_id)
    if flt.patient_id is not None:
        pid = str(flt.patient_id)  # details are canonical JSON: "key":value, no spaces
        query = query.where(
            or_(
                and_(AuditEvent.entity == "patient", AuditEvent.entity_id == pid),
                AuditEvent.details.like(f'%"patient_id":{pid},%'),
                AuditEvent.details.like(f'%"patient_id":{pid}}}'),
            )
        )
    return query


def count_events(session: Session, flt: AuditFilter) -> int:
    # count(seq), not count(*): with_only_columns(func.count()) would drop the FROM and count 1.
    query = filtered(select(AuditEvent), _resolved(session, flt)).with_only_columns(
        func.count(AuditEvent.seq)
    )
    return int(session.scalar(query) or 0)


def page(session: Session, flt: AuditFilter, *, offset: int, limit: int) -> list[AuditRecord]:
    query = (
        filtered(select(AuditEvent), _resolved(session, flt))
        .order_by(AuditEvent.seq.desc())
        .offset(offset)
        .limit(limit)
    )
    return [to_record(e) for e in session.scalars(query).all()]


def iter_events(session: Session, flt: AuditFilter) -> Iterator[AuditRecord]:
    query = filtered(select(AuditEvent), flt).order_by(AuditEvent.seq)
    for event in session.execute(query.execution_options(yield_per=2000)).scalars():
        yield to_record(event)


def to_record(event: AuditEvent) -> AuditRecord:
    return AuditRecord(
        seq=event.seq,
        occurred_at=event.occurred_at,
        user_id=event.user_id,
        username=event.username,
        workstation=event.workstation,
        session_id=event.session_id,
        action=event.action,
        entity=event.entity,
        entity_id=event.entity_id,
        outcome=event.outcome,
        details=json.loads(event.details),
    )


CSV_COLUMNS = [
    "seq",
    "occurred_at_utc",
    "username",
    "user_id",
    "workstation",
    "session_id",
    "action",
    "entity",
    "entity_id",
    "outcome",
    "details",
]


def write_csv(
    records: Iterator[AuditRecord],
    out: TextIO,
    total: int,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    written = 0
    for rec in records:
        writer.writerow(
            [
                rec.seq,
                _timestamp(rec.occurred_at),
                rec.username,
                rec.user_id,
                rec.workstation,
                rec.session_id,
                rec.action,
                rec.entity,
                rec.entity_id,
                rec.outcome,
                json.dumps(rec.details, ensure_ascii=False, sort_keys=True),
            ]
        )
        written += 1
        if progress and written % 1000 == 0:
            progress(written, total)
    if progress:
        progress(written, total)
    return written
