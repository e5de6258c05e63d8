"""Infectious-disease screening in MMT care: HIV, HCV and syphilis results, at enrolment and at
follow-up, with their dates. The national MMT data system collects them.

The most sensitive facts on the record: the test, its result and its date are sealed columns, and
only physicians record or read them (nurses dose without them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from clinic import clock
from clinic.errors import InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import InfectionTest, Patient, User
from clinic.wording import quoted

TESTS = {
    "hiv": ("HIV antibody", "HIV抗体"),
    "hcv": ("HCV antibody", "丙肝抗体"),
    "syphilis": ("Syphilis", "梅毒"),
}
RESULTS = {
    "positive": ("positive", "阳性"),
    "negative": ("negative", "阴性"),
    "indeterminate": ("indeterminate", "不确定"),
}
STAGES = {
    "enrolment": ("at enrolment", "入组时"),
    "follow_up": ("follow-up", "随访"),
}


@dataclass(frozen=True)
class InfectionResult:
    test_id: int
    patient_id: PatientId
    test: str
    result: str
    tested_on: date
    stage: str
    note: str | None
    recorded_by: str


def _check(kind: str, value: str, known: dict[str, tuple[str, str]], en: str, zh: str) -> str:
    if value not in known:
        raise InvalidInput(
            en=f"Unknown {en} {quoted(value)}.", zh=f"未知{zh} {quoted(value)}。", field=kind
        )
    return value


@service(Action.INFECTION_RECORD, entity="infection_test")
def record_infection_test(
    call: Call,
    *,
    patient_id: int,
    test: str,
    result: str,
    tested_on: date,
    stage: str,
    note: str | None = None,
) -> InfectionResult:
    """One HIV, HCV or syphilis result, at enrolment or follow-up (a physician's)."""
    session = call.session
    if session.get(Patient, patient_id) is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    call.note(entity_id=patient_id)
    _check("test", test, TESTS, "test", "检测项目")
    _check("result", result, RESULTS, "result", "结果")
    _check("stage", stage, STAGES, "stage", "检测时机")
    if tested_on > clock.clinic_today(session, call.db.clock()):
        raise InvalidInput(
            en="The test date is in the future.", zh="检测日期不能晚于今天。", field="tested_on"
        )
    row = InfectionTest(
        patient_id=patient_id,
        test=test,
        result=result,
        tested_on=tested_on,
        stage=stage,
        note=free_text(note, 500, "Note", "备注"),
        recorded_by=call.actor.user_id,
    )
    session.add(row)
    session.flush()
    call.note(entity_id=row.id, patient_id=patient_id)  # the test and result stay out of the trail
    return InfectionResult(
        row.id,
        PatientId(patient_id),
        test,
        result,
        tested_on,
        stage,
        row.note,
        call.actor.full_name,
    )


def results_of(session: Session, patient_id: int) -> list[InfectionResult]:
    """The patient's results, newest test date first (dates are sealed: sorted here)."""
    who = aliased(User)
    rows = session.execute(
        select(InfectionTest, who.full_name)
        .join(who, who.id == InfectionTest.recorded_by)
        .where(InfectionTest.patient_id == patient_id)
    ).all()
    out = [
        InfectionResult(
            t.id,
            PatientId(t.patient_id),
            t.test,
            t.result,
            t.tested_on,
            t.stage,
            t.note,
            name,
        )
        for t, name in rows
    ]
    out.sort(key=lambda r: (r.tested_on, r.test_id), reverse=True)
    return out


def latest_by_test(session: Session, patient_id: int, until: date) -> dict[str, InfectionResult]:
    """Each test's latest result on or before UNTIL."""
    latest: dict[str, InfectionResult] = {}
    for r in results_of(session, patient_id):
        if r.tested_on <= until and r.test not in latest:
            latest[r.test] = r
    return latest


@service(Action.INFECTION_READ, entity="patient")
def infection_history(call: Call, *, patient_id: int) -> list[InfectionResult]:
    """Every HIV, HCV and syphilis result of the patient, newest first. Audited."""
    if call.session.get(Patient, patient_id) is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    call.note(entity_id=patient_id, view="infection_history")
    return results_of(call.session, patient_id)
