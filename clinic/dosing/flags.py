"""Flags: what staff tell the window about a patient — a note, a warning, or a stop.

Any clinical role raises one, with a start and an optional expiry; the window shows those in
force. A stop-dose flag refuses every dose in the dose gate until a physician clears it. A flag is
never edited: clearing it is a record of its own, with who and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from clinic.ids import PatientId
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action, Role
from clinic.service import Call, current_roles, service
from clinic.storage.models import FlagClearance, Patient, PatientFlag, User

LEVELS = {
    "note": ("Note", "备注"),
    "warning": ("Warning", "警示"),
    "stop_dose": ("Stop dose until seen by a physician", "停药，待医师诊视"),
}


@dataclass(frozen=True)
class FlagInfo:
    flag_id: int
    patient_id: PatientId
    level: str
    text: str
    starts_on: date
    expires_on: date | None
    raised_by: str
    raised_at: datetime
    cleared_by: str | None = None
    cleared_reason: str | None = None

    @property
    def stops_dose(self) -> bool:
        return self.level == "stop_dose" and self.cleared_by is None


# Built once (every dose asks it): the statements on the dose path take bound parameters.
_IN_FORCE = (
    select(PatientFlag)
    .where(
        PatientFlag.patient_id == bindparam("patient_id"),
        PatientFlag.starts_on <= bindparam("day"),
        or_(PatientFlag.expires_on.is_(None), PatientFlag.expires_on >= bindparam("day")),
        PatientFlag.id.not_in(select(FlagClearance.flag_id)),
    )
    .order_by(PatientFlag.id)
)


def flags_in_force(session: Session, patient_id: int, day: date) -> list[PatientFlag]:
    """The patient's flags on DAY: started, not expired, not cleared; stops first."""
    rows = session.scalars(_IN_FORCE, {"patient_id": patient_id, "day": day}).all()
    order = list(LEVELS)
    return sorted(rows, key=lambda f: -order.index(f.level))


def stop_refusal(flag: PatientFlag) -> tuple[str, str]:
    return (
        f"Stop dose: {flag.text} (flag of {flag.starts_on}). No dose until a physician sees the "
        "patient and clears the flag.",
        f"停药：{flag.text}（{flag.starts_on} 标记）。须医师诊视并解除标记后方可服药。",
    )


def flag_warning(flag: PatientFlag) -> tuple[str, str]:
    en, zh = LEVELS[flag.level]
    return (f"{en}: {flag.text}", f"{zh}：{flag.text}")


def _name(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.full_name if user else str(user_id)


def _info(session: Session, flag: PatientFlag) -> FlagInfo:
    clearance = session.scalars(
        select(FlagClearance).where(FlagClearance.flag_id == flag.id)
    ).first()
    return FlagInfo(
        flag.id,
        PatientId(flag.patient_id),
        flag.level,
        flag.text,
        flag.starts_on,
        flag.expires_on,
        _name(session, flag.raised_by) or "",
        flag.recorded_at,
        _name(session, clearance.cleared_by) if clearance else None,
        clearance.reason if clearance else None,
    )


@service(Action.PATIENT_FLAG, entity="patient_flag")
def raise_flag(
    call: Call,
    *,
    patient_id: int,
    level: str,
    text: str,
    starts_on: date | None = None,
    expires_on: date | None = None,
) -> FlagInfo:
    """Tell the window something about a patient, from a day on (today by default)."""
    session = call.session
    if session.get(Patient, patient_id) is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    if level not in LEVELS:
        raise InvalidInput(
            en="A flag is a note, a warning or a stop dose.", zh="标记须为备注、警示或停药。"
        )
    what = free_text(text, 500, "Flag", "标记内容")
    if not what:
        raise InvalidInput(en="Say what the window should know.", zh="请填写标记内容。")
    today = clock.clinic_today(session, call.db.clock())
    start = starts_on or today
    if start < today:
        raise InvalidInput(en="A flag starts today or later.", zh="标记须从今日或以后开始。")
    if expires_on is not None and expires_on < start:
        raise InvalidInput(en="A flag cannot expire before it starts.", zh="失效日期早于开始日期。")
    flag = PatientFlag(
        patient_id=patient_id,
        level=level,
        text=what,
        starts_on=start,
        expires_on=expires_on,
        raised_by=call.actor.user_id,
    )
    session.add(flag)
    session.flush()
    call.note(entity_id=flag.id, patient_id=patient_id, level=level)
    return _info(session, flag)


@service(Action.PATIENT_FLAG, entity="patient_flag")
def clear_flag(call: Call, *, flag_id: int, reason: str) -> FlagInfo:
    """Clear a flag with the reason; only a physician clears a stop-dose flag."""
    session = call.session
    flag = session.get(PatientFlag, flag_id)
    if flag is None:
        raise NotFound(en="No such flag.", zh="没有该标记。")
    call.note(entity_id=flag.id, patient_id=flag.patient_id, level=flag.level)
    if flag.level == "stop_dose" and Role.PHYSICIAN not in current_roles(session, call.actor):
        raise PermissionDenied(
            en="Only a physician clears a stop-dose flag, after seeing the patient.",
            zh="停药标记须由医师诊视患者后解除。",
        )
    if session.scalars(select(FlagClearance.id).where(FlagClearance.flag_id == flag_id)).first():
        raise Conflict(en="This flag was already cleared.", zh="该标记已解除。")
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(en="Give the reason for clearing.", zh="请填写解除原因。")
    session.add(FlagClearance(flag_id=flag.id, reason=why, cleared_by=call.actor.user_id))
    session.flush()
    return _info(session, flag)


@service(Action.PATIENT_READ, entity="patient_flag", read_only=True)
def patient_flags(call: Call, *, patient_id: int, include_ended: bool = False) -> list[FlagInfo]:
    """A patient's flags in force (or all of them, cleared and expired too)."""
    session = call.session
    if include_ended:
        rows = list(
            session.scalars(
                select(PatientFlag)
                .where(PatientFlag.patient_id == patient_id)
                .order_by(PatientFlag.id.desc())
            )
        )
    else:
        rows = flags_in_force(session, patient_id, clock.clinic_today(session, call.db.clock()))
    return [_info(session, f) for f in rows]
