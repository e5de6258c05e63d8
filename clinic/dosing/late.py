"""Doses recorded late: replayed from a satellite's outbox when its link came back, or entered by
hand after the workstation itself was down (given from the printed queue). Both go through the
dose gate at the time the dose was given, by the nurse who gave it. What the gate refuses then
(an order changed centrally meanwhile, the patient dosed elsewhere, the window's day closed) is
not dropped: it goes to the review list, with what was recorded and what the record holds, for a
physician or pharmacist. Every dose or review is taken in once: its KEY is kept in an
OfflineReceipt in the same transaction, so a replay cut off and started again adds nothing."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import clock
from clinic.dosing import window as windows
from clinic.dosing.orders import live_doses
from clinic.errors import (
    AuditChainBroken,
    ClinicError,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StorageError,
)
from clinic.patients.identity import free_text
from clinic.privacy.permissions import PERMISSIONS, Action, Role
from clinic.service import Call, service
from clinic.storage.models import (
    OfflineReceipt,
    SyncReview,
    SyncReviewResolution,
    User,
    UserRole,
)
from clinic.storage.settings_store import clinic_settings

SOURCES = ("offline", "manual")
MANUAL_LIMIT_DAYS = 7  # a dose given by hand is entered within a week, or not at all


@dataclass(frozen=True)
class LateDose:
    """What became of a dose recorded late: recorded (DOSE_ID), already taken in before (the
    same key), or sent to the review list (REVIEW_ID) with the gate's reason."""

    key: str
    outcome: str  # recorded | already | review
    dose_id: int | None = None
    review_id: int | None = None
    reason_en: str | None = None
    reason_zh: str | None = None


def _receipt(session: Session, key: str) -> LateDose | None:
    row = session.scalars(select(OfflineReceipt).where(OfflineReceipt.key == key)).first()
    if row is None:
        return None
    return LateDose(key, "already", row.dose_id, row.review_id)


def _check_key(key: str) -> str:
    try:
        return str(uuid.UUID(str(key).strip()))
    except ValueError as exc:
        raise InvalidInput(en="A late dose needs its key.", zh="补录的服药缺少标识。") from exc


def _giver(session: Session, user_id: int) -> User:
    """The nurse who gave the dose: a user who may record doses."""
    user = session.get(User, user_id)
    roles = {
        Role(r) for r in session.scalars(select(UserRole.role).where(UserRole.user_id == user_id))
    }
    if user is None or not (roles & PERMISSIONS[Action.DOSE_RECORD]):
        raise InvalidInput(
            en="Name the nurse who gave the dose.", zh="请注明给药的护士。", field="given_by"
        )
    return user


def _when(call: Call, given_at: datetime, source: str) -> datetime:
    now = call.db.clock()
    if given_at.tzinfo is None or given_at > now + timedelta(minutes=1):
        raise InvalidInput(
            en="The time given is in the future.", zh="给药时间晚于当前时间。", field="given_at"
        )
    if source == "manual":
        limit = timedelta(days=MANUAL_LIMIT_DAYS)
    else:
        limit = timedelta(hours=clinic_settings(call.session).integer("offline_max_hours") + 24)
    if now - given_at > limit:
        raise InvalidInput(
            en="A dose given that long ago is not entered here: record it as an incident.",
            zh="给药时间过久，不能在此补录：请按事件记录。",
            field="given_at",
        )
    return given_at


@service(Action.DOSE_LATE, entity="dose")
def record_late_dose(
    call: Call,
    *,
    key: str,
    source: str,
    patient_id: int,
    window_id: int,
    given_at: datetime,
    given_by: int,
    slot: int | None = None,
    workstation: str | None = None,
    note: str | None = None,
) -> LateDose:
    """A dose given at GIVEN_AT by GIVEN_BY, recorded now: through the gate as of then; what it
    refuses goes to the review list. Taken in once per KEY."""
    session = call.session
    key = _check_key(key)
    if source not in SOURCES:
        raise InvalidInput(en="Offline or by hand?", zh="离线还是手工？", field="source")
    call.note(entity_id=patient_id, key=key, source=source, patient_id=patient_id)
    done = _receipt(session, key)
    if done is not None:
        call.note(outcome="already")
        return done
    moment = _when(call, given_at, source)
    giver = _giver(session, given_by)
    patient = windows._patient(session, patient_id)
    window = windows._window(session, window_id)
    place = (workstation or call.actor.workstation)[:128]
    text = free_text(note, 500, "Note", "备注")
    marked = f"[{'离线 offline' if source == 'offline' else '手工 manual'}] {text or ''}".strip()
    call.note(given_at=moment.isoformat(), given_by=giver.id, window=window.id, workstation=place)
    gate = windows.dose_gate(session, patient, window, moment, slot=slot)
    refusal = gate.refusal
    given = None
    if refusal is None:
        try:
            with session.begin_nested():
                given = windows._give(
                    call,
                    patient,
                    window,
                    gate,
                    "observed",
                    marked,
                    given_at=moment,
                    given_by=giver.id,
                )
        except (StorageError, AuditChainBroken, PermissionDenied):
            raise  # the record cannot take it now: the replay stops and is tried again
        except ClinicError as exc:  # refused as of then: the stock, a closed day, the slot
            refusal = (exc.en, exc.zh)
        except IntegrityError:  # the same slot recorded meanwhile by another path
            refusal = ("That slot was recorded meanwhile.", "该次服药已被记录。")
    if given is not None:
        session.add(
            OfflineReceipt(key=key, source=source, workstation=place, dose_id=given.dose_id)
        )
        session.flush()
        call.note(outcome="recorded", dose_id=given.dose_id, dose_mg=str(given.dose_mg))
        return LateDose(key, "recorded", dose_id=given.dose_id)
    assert refusal is not None
    day = clock.clinic_today(session, moment)
    review = SyncReview(
        key=key,
        source=source,
        workstation=place,
        patient_id=patient.id,
        window_id=window.id,
        given_by=giver.id,
        given_at=moment,
        slot=slot,
        refusal_en=refusal[0],
        refusal_zh=refusal[1],
        recorded=json.dumps(
            {"given_at": moment.isoformat(), "slot": slot, "note": text, "by": giver.full_name},
            ensure_ascii=False,
        ),
        server_state=json.dumps(
            {
                "order_id": gate.order.id if gate.order else None,
                "dose_mg": str(gate.dose_mg) if gate.dose_mg is not None else None,
                "doses_that_day": [
                    {"slot": d.slot, "window": d.window_id, "given_at": d.given_at.isoformat()}
                    for d in live_doses(session, patient.id, day)
                ],
                "missed": gate.missed,
                "last_dose": gate.last.isoformat() if gate.last else None,
            },
            ensure_ascii=False,
        ),
    )
    session.add(review)
    session.flush()
    session.add(OfflineReceipt(key=key, source=source, workstation=place, review_id=review.id))
    session.flush()
    call.note(outcome="review", review_id=review.id, reason=refusal[0])
    return LateDose(key, "review", review_id=review.id, reason_en=refusal[0], reason_zh=refusal[1])


# --- the review list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    review_id: int
    source: str
    workstation: str
    patient_id: int
    patient_number: str
    window: str
    given_by: str
    given_at: datetime  # clinic time
    slot: int | None
    reason_en: str
    reason_zh: str
    recorded: dict[str, object]
    server_state: dict[str, object]
    resolved_by: str | None
    resolved_at: datetime | None
    resolution: str | None


def _items(session: Session, rows: list[SyncReview]) -> list[ReviewItem]:
    from clinic.storage.models import Location, Patient

    zone = clock.clinic_zone(session)
    settled = {
        r.review_id: r
        for r in session.scalars(
            select(SyncReviewResolution).where(
                SyncReviewResolution.review_id.in_([row.id for row in rows])
            )
        )
    }
    names = dict(session.execute(select(User.id, User.full_name)).all())
    places = dict(session.execute(select(Location.id, Location.name)).all())
    numbers = dict(
        session.execute(
            select(Patient.id, Patient.patient_number).where(
                Patient.id.in_([row.patient_id for row in rows])
            )
        ).all()
    )
    out = []
    for row in rows:
        done = settled.get(row.id)
        out.append(
            ReviewItem(
                review_id=row.id,
                source=row.source,
                workstation=row.workstation,
                patient_id=row.patient_id,
                patient_number=numbers.get(row.patient_id, ""),
                window=places.get(row.window_id, ""),
                given_by=names.get(row.given_by, ""),
                given_at=row.given_at.astimezone(zone),
                slot=row.slot,
                reason_en=row.refusal_en,
                reason_zh=row.refusal_zh,
                recorded=json.loads(row.recorded),
                server_state=json.loads(row.server_state),
                resolved_by=names.get(done.resolved_by) if done else None,
                resolved_at=done.resolved_at.astimezone(zone) if done else None,
                resolution=done.note if done else None,
            )
        )
    return out


@service(Action.DOSE_REVIEW, entity="sync_review", read_only=True)
def review_list(call: Call, *, open_only: bool = True) -> list[ReviewItem]:
    """Doses recorded late that the gate refused, the oldest first; the open ones only, or all."""
    rows = list(call.session.scalars(select(SyncReview).order_by(SyncReview.id)))
    items = _items(call.session, rows)
    if open_only:
        items = [item for item in items if item.resolved_at is None]
    call.note(listed=len(items), patient_ids=sorted({item.patient_id for item in items}))
    return items


@service(Action.DOSE_REVIEW, entity="sync_review")
def resolve_review(call: Call, *, review_id: int, note: str) -> ReviewItem:
    """Settle a review with what was decided (e.g. the dose was given and the stock is explained
    at the count; or the dose was not given); kept beside the review, never edited."""
    session = call.session
    row = session.get(SyncReview, review_id)
    if row is None:
        raise NotFound(en="No such review.", zh="没有该待审核记录。")
    call.note(entity_id=row.id, patient_id=row.patient_id)
    text = free_text(note, 1000, "Decision", "处理意见")
    if not text:
        raise InvalidInput(en="Say what was decided.", zh="请填写处理意见。", field="note")
    if session.scalars(
        select(SyncReviewResolution.id).where(SyncReviewResolution.review_id == row.id)
    ).first():
        raise Conflict(en="This review was already settled.", zh="该记录已处理。")
    session.add(SyncReviewResolution(review_id=row.id, note=text, resolved_by=call.actor.user_id))
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(en="This review was settled meanwhile.", zh="该记录刚被处理。") from exc
    return _items(session, [row])[0]


# --- for the entry of a dose given by hand ---------------------------------------------------


@dataclass(frozen=True)
class DosingStaff:
    user_id: int
    full_name: str


@service(Action.DOSE_LATE, entity="user", audited=False, read_only=True)
def dosing_staff(call: Call) -> list[DosingStaff]:
    """The active users who may give doses: who can have given one by hand."""
    roles = [role.value for role in PERMISSIONS[Action.DOSE_RECORD]]
    rows = call.session.execute(
        select(User.id, User.full_name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_(roles), User.active.is_(True))
        .order_by(User.full_name)
        .distinct()
    )
    return [DosingStaff(uid, name) for uid, name in rows]


@service(Action.DOSE_LATE, entity="patient")
def patient_for_late_dose(call: Call, *, identifier: str) -> tuple[int, str]:
    """The patient a card code or patient number names, as the window finds them: (id, number).
    A read of the patient's record, audited."""
    patient, _ = windows._find(call.session, identifier)
    call.note(entity_id=patient.id)
    return patient.id, patient.patient_number
