"""Urine drug screens: random, at least monthly; positives wait for a physician's review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import Patient, ScreenResult, ScreenReview, UrineScreen
from clinic.storage.settings_store import clinic_settings

SUBSTANCES = {
    "opiates": ("Opiates (morphine)", "阿片类（吗啡）"),
    "methamphetamine": ("Methamphetamine", "甲基苯丙胺"),
    "ketamine": ("Ketamine", "氯胺酮"),
    "mdma": ("MDMA", "摇头丸（MDMA）"),
    "cannabis": ("Cannabis (THC)", "大麻"),
    "cocaine": ("Cocaine", "可卡因"),
    "benzodiazepines": ("Benzodiazepines", "苯二氮䓬类"),
}


@dataclass(frozen=True)
class ScreenInfo:
    screen_id: int
    patient_id: PatientId
    collected_on: date
    results: dict[str, bool]
    any_positive: bool
    reviewed: bool


@service(Action.SCREEN_RECORD, entity="urine_screen")
def record_screen(
    call: Call,
    *,
    patient_id: int,
    collected_on: date,
    results: dict[str, bool],
    random: bool = True,
) -> ScreenInfo:
    """One screen with a result per substance; a positive one waits for a physician."""
    session = call.session
    if session.get(Patient, patient_id) is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    call.note(entity_id=patient_id)
    if not results:
        raise InvalidInput(
            en="Enter a result for at least one substance.", zh="请至少录入一种物质的结果。"
        )
    unknown = set(results) - set(SUBSTANCES)
    if unknown:
        raise InvalidInput(
            en=f"Unknown substance: {', '.join(sorted(unknown))}.",
            zh=f"未知物质：{'、'.join(sorted(unknown))}。",
        )
    if collected_on > clock.clinic_today(session, call.db.clock()):
        raise InvalidInput(en="The collection date is in the future.", zh="采样日期不能晚于今天。")
    positive = any(results.values())
    screen = UrineScreen(
        patient_id=patient_id,
        collected_on=collected_on,
        random=random,
        any_positive=positive,
        recorded_by=call.actor.user_id,
    )
    session.add(screen)
    session.flush()
    for substance, result in sorted(results.items()):
        session.add(ScreenResult(screen_id=screen.id, substance=substance, positive=bool(result)))
    call.note(
        screen_id=screen.id,
        positive=positive,
        substances=sorted(s for s, r in results.items() if r),
    )
    return ScreenInfo(
        screen.id, PatientId(patient_id), collected_on, dict(results), positive, False
    )


@service(Action.SCREEN_REVIEW, entity="urine_screen")
def review_screen(call: Call, *, screen_id: int, note: str | None = None) -> None:
    screen = call.session.get(UrineScreen, screen_id)
    if screen is None:
        raise NotFound(en="No such screen.", zh="没有该尿检记录。")
    call.note(entity_id=screen_id, patient_id=screen.patient_id)
    if call.session.scalars(
        select(ScreenReview.id).where(ScreenReview.screen_id == screen_id)
    ).first():
        raise Conflict(en="This screen was already reviewed.", zh="该尿检已审核。")
    call.session.add(
        ScreenReview(
            screen_id=screen_id,
            note=free_text(note, 1000, "Note", "意见"),
            reviewed_by=call.actor.user_id,
        )
    )


@dataclass(frozen=True)
class DueScreen:
    patient_id: PatientId
    patient_number: str
    last_screen: date | None


def due_screens(session: Session, today: date) -> list[DueScreen]:
    """Patients in treatment whose last screen is older than the minimum interval (or who have
    none), by patient number: the nurse's list and the screens-due report both ask this."""
    interval = clinic_settings(session).integer("screen_interval_days")
    last = dict(
        session.execute(
            select(UrineScreen.patient_id, func.max(UrineScreen.collected_on)).group_by(
                UrineScreen.patient_id
            )
        ).all()
    )
    due = []
    for pid, number in session.execute(
        select(Patient.id, Patient.patient_number)
        .where(Patient.status == "active")
        .order_by(Patient.patient_number)
    ):
        seen = last.get(pid)
        if seen is None or seen < today - timedelta(days=interval):
            due.append(DueScreen(PatientId(pid), number, seen))
    return due


def unreviewed_positives() -> Select[UrineScreen, str]:
    """Positive screens no physician has reviewed yet, oldest first, with the patient number."""
    return (
        select(UrineScreen, Patient.patient_number)
        .join(Patient, Patient.id == UrineScreen.patient_id)
        .outerjoin(ScreenReview, ScreenReview.screen_id == UrineScreen.id)
        .where(UrineScreen.any_positive.is_(True), ScreenReview.id.is_(None))
        .order_by(UrineScreen.collected_on, UrineScreen.id)
    )


@service(Action.SCREEN_RECORD, entity="urine_screen", read_only=True)
def screens_due(call: Call) -> list[DueScreen]:
    """Patients in treatment whose last screen is older than the minimum interval."""
    session = call.session
    due = due_screens(session, clock.clinic_today(session, call.db.clock()))
    call.note(listed=len(due))
    call.audit_shown(
        view="screens_due",
        shown=tuple(due),
        patient_ids=(d.patient_id for d in due),
        every_minutes=clinic_settings(session).integer("queue_audit_minutes"),
    )
    return due


@dataclass(frozen=True)
class PendingScreen:
    screen_id: int
    patient_id: PatientId
    patient_number: str
    collected_on: date
    positives: tuple[str, ...]


@service(Action.SCREEN_REVIEW, entity="urine_screen", read_only=True)
def screens_awaiting_review(call: Call) -> list[PendingScreen]:
    """Positive screens no physician has reviewed yet, oldest first."""
    session = call.session
    rows = session.execute(unreviewed_positives()).all()
    out = []
    for screen, number in rows:
        positives = session.scalars(
            select(ScreenResult.substance)
            .where(ScreenResult.screen_id == screen.id, ScreenResult.positive.is_(True))
            .order_by(ScreenResult.substance)
        ).all()
        out.append(
            PendingScreen(
                screen.id,
                PatientId(screen.patient_id),
                number,
                screen.collected_on,
                tuple(positives),
            )
        )
    call.note(listed=len(out))
    call.audit_shown(
        view="screens_awaiting_review",
        shown=tuple(out),
        patient_ids=(p.patient_id for p in out),
        every_minutes=clinic_settings(session).integer("queue_audit_minutes"),
    )
    return out
