"""Outreach: each try to reach a patient who stopped coming (a call, a visit, a message) and
what came of it. Append-only: a wrong entry is followed by a new one, never edited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import OutreachAttempt, Patient

METHODS = {
    "phone": ("Phone call", "电话"),
    "visit": ("Home visit", "家访"),
    "message": ("Message", "短信/留言"),
}
OUTCOMES = {
    "reached": ("Reached", "已联系上"),
    "will_return": ("Will come back", "答应返回"),
    "declined": ("Declines to return", "拒绝返回"),
    "no_answer": ("No answer", "无人接听"),
    "message_left": ("Message left", "已留言"),
    "wrong_number": ("Wrong or dead number", "号码错误/停机"),
    "other": ("Other", "其他"),
}


@dataclass(frozen=True)
class AttemptInfo:
    attempt_id: int
    patient_id: PatientId
    attempted_at: datetime
    method: str
    outcome: str
    note: str | None


def _info(row: OutreachAttempt) -> AttemptInfo:
    return AttemptInfo(
        row.id, PatientId(row.patient_id), row.attempted_at, row.method, row.outcome, row.note
    )


@service(Action.OUTREACH_LOG, entity="outreach_attempt")
def log_contact_attempt(
    call: Call,
    *,
    patient_id: int,
    method: str,
    outcome: str,
    note: str | None = None,
    attempted_at: datetime | None = None,
) -> AttemptInfo:
    """One contact attempt, by now unless ATTEMPTED_AT says earlier (never later)."""
    session = call.session
    if session.get(Patient, patient_id) is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    call.note(entity_id=None, patient_id=patient_id)
    if method not in METHODS:
        raise InvalidInput(
            en="Choose how the patient was contacted: phone, visit or message.",
            zh="请选择联系方式：电话、家访或短信/留言。",
        )
    if outcome not in OUTCOMES:
        raise InvalidInput(en="Choose what came of the attempt.", zh="请选择联系结果。")
    now = clock.now(session)
    when = attempted_at or now
    if when.tzinfo is None:
        raise InvalidInput(en="The time of the attempt has no time zone.", zh="联系时间缺少时区。")
    if when > now:
        raise InvalidInput(en="The attempt cannot be in the future.", zh="联系时间不能晚于现在。")
    row = OutreachAttempt(
        patient_id=patient_id,
        attempted_at=when,
        method=method,
        outcome=outcome,
        note=free_text(note, 500, "Note", "备注") or None,
        recorded_by=call.actor.user_id,
    )
    session.add(row)
    session.flush()
    call.note(entity_id=row.id, method=method, outcome=outcome)
    return _info(row)


def attempts_by_patient(session: Session, patient_ids: list[int]) -> dict[int, list[AttemptInfo]]:
    """Every attempt for each of PATIENT_IDS, newest first."""
    out: dict[int, list[AttemptInfo]] = {}
    if not patient_ids:
        return out
    for row in session.scalars(
        select(OutreachAttempt)
        .where(OutreachAttempt.patient_id.in_(patient_ids))
        .order_by(OutreachAttempt.attempted_at.desc(), OutreachAttempt.id.desc())
    ):
        out.setdefault(row.patient_id, []).append(_info(row))
    return out
