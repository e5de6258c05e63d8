"""Reconcile on reconnect: what a satellite recorded offline goes to the server, in order, through
the same services, idempotently.

1. The outbox, oldest first: each dose through `late.record_late_dose` at the time it was given,
   by the nurse who gave it, under its outbox key. The server keeps the key with the dose (or
   with the review the gate sent it to) in the same transaction, so an entry replayed twice —
   the satellite killed after the server's commit and before its own — is taken in once.
2. The replica's own audit trail, in order: each event appended to the server's chain with its
   original time, the workstation that wrote it and its place in the satellite's trail, under a
   receipt keyed by the workstation and that place.
3. Then the replica is rebuilt from the server (clinic.satellite.replica), which also restarts
   the offline limit.

Nothing is merged silently: a dose the server's gate refuses is on the review list."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from clinic.dosing import late
from clinic.privacy import audit
from clinic.privacy.audit import AuditRecord, EventDraft, Outcome
from clinic.privacy.permissions import Action
from clinic.service import AuthContext, Call, service
from clinic.storage.db import Database
from clinic.storage.models import AuditEvent, OfflineReceipt, OutboxEntry, ReplicaState
from clinic.storage.uow import UnitOfWork

EVENT_BATCH = 200


@dataclass(frozen=True)
class SyncResult:
    recorded: int  # doses taken in
    already: int  # entries the server had taken in before (a replay started again)
    reviews: int  # doses the server's gate refused: on the review list
    events: int  # audit events taken into the server's chain


def event_key(workstation: str, seq: int) -> str:
    return f"event:{workstation}:{seq}"


@service(Action.DOSE_LATE, entity="audit")
def take_in_trail(call: Call, *, workstation: str, events: list[AuditRecord]) -> int:
    """Append a satellite's audit events to the server's chain, in order, each once: the
    original time, workstation and place in the satellite's trail are in its details."""
    session = call.session
    taken = 0
    for event in events:
        key = event_key(workstation, event.seq)
        if session.scalars(select(OfflineReceipt.id).where(OfflineReceipt.key == key)).first():
            continue
        details = dict(
            event.details,
            offline_at=event.occurred_at.astimezone(UTC).isoformat(),
            offline_seq=event.seq,
        )
        audit.append(
            session,
            call.db.keys.audit,
            EventDraft(
                event.user_id,
                event.username,
                event.workstation,
                event.session_id,
                event.action,
                event.entity,
                event.entity_id,
                Outcome(event.outcome),
                details,
            ),
        )
        session.add(OfflineReceipt(key=key, source="event", workstation=workstation[:128]))
        session.flush()
        taken += 1
    call.note(workstation=workstation, events=taken, offered=len(events))
    return taken


def _next_entry(replica: Database) -> OutboxEntry | None:
    with UnitOfWork(replica, read_only=True) as uow:
        entry = uow.session.scalars(
            select(OutboxEntry).where(OutboxEntry.sent_at.is_(None)).order_by(OutboxEntry.id)
        ).first()
        if entry is not None:
            uow.session.expunge(entry)
        return entry


def _mark(replica: Database, entry_id: int, outcome: late.LateDose) -> None:
    with UnitOfWork(replica) as uow:
        entry = uow.session.get(OutboxEntry, entry_id)
        assert entry is not None
        entry.sent_at = datetime.now(UTC)
        entry.outcome = outcome.outcome
        entry.server_ref = outcome.dose_id or outcome.review_id
        uow.commit()


def _trail(replica: Database) -> tuple[str, list[AuditRecord]]:
    with UnitOfWork(replica, read_only=True) as uow:
        state = uow.session.scalars(select(ReplicaState)).one()
        rows = uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.seq > state.events_sent)
            .order_by(AuditEvent.seq)
            .limit(EVENT_BATCH)
        ).all()
        return state.workstation, [audit.to_record(e) for e in rows]


def _sent_upto(replica: Database, seq: int) -> None:
    with UnitOfWork(replica) as uow:
        state = uow.session.scalars(select(ReplicaState)).one()
        state.events_sent = max(state.events_sent, seq)
        uow.commit()


def replay(replica: Database, server: AuthContext) -> SyncResult:
    """Send what the replica recorded offline to the server (SERVER: a nurse signed in there),
    the outbox first, then the trail; each step idempotent, so a replay cut anywhere and started
    again adds nothing twice. Raises what the server raises (unreachable again: try later)."""
    counts = {"recorded": 0, "already": 0, "review": 0}
    while (entry := _next_entry(replica)) is not None:
        if entry.action != "record_dose":
            raise ValueError(f"outbox entry {entry.key}: {entry.action} cannot be replayed")
        arguments = json.loads(entry.arguments)
        outcome = late.record_late_dose(
            server,
            key=entry.key,
            source="offline",
            patient_id=int(arguments["patient_id"]),
            window_id=int(arguments["window_id"]),
            slot=None if arguments.get("slot") in (None, "None") else int(arguments["slot"]),
            given_at=entry.recorded_at,
            given_by=entry.user_id,
            workstation=entry.workstation,
            note=arguments.get("note") or None,
        )
        _mark(replica, entry.id, outcome)
        counts[outcome.outcome] += 1
    events = 0
    while True:
        workstation, batch = _trail(replica)
        if not batch:
            break
        events += take_in_trail(server, workstation=workstation, events=batch)
        _sent_upto(replica, batch[-1].seq)
    return SyncResult(counts["recorded"], counts["already"], counts["review"], events)
