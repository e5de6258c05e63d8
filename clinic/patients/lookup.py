"""Finding a patient from what was scanned or typed: a card code, or a patient number completed
from however much of it was typed ("2", "p2", "Ｐ２" -> P000002). The dosing window's identify
and the patients page's search both come here."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.errors import NotFound
from clinic.patients.identity import (
    PATIENT_NUMBER_FORMAT,
    complete_patient_number,
    completed_number,
    normalise_card_code,
)
from clinic.storage.models import Patient, PatientCard


def _numbered(session: Session, number: str) -> Patient | None:
    return session.scalars(select(Patient).where(Patient.patient_number == number)).first()


def patient_by_number(session: Session, typed: str) -> Patient | None:
    """The patient whose number TYPED completes to; None if there is none, or TYPED is no number."""
    number = completed_number(typed)
    return None if number is None else _numbered(session, number)


def no_patient(number: str) -> NotFound:
    en, zh = PATIENT_NUMBER_FORMAT
    return NotFound(en=f"No patient {number}. {en}", zh=f"没有患者 {number}。{zh}")


def find_by_number(session: Session, typed: str) -> Patient:
    """The patient whose number TYPED completes to, or an error that shows the format."""
    number = complete_patient_number(typed)
    patient = _numbered(session, number)
    if patient is None:
        raise no_patient(number)
    return patient


def find_card_or_number(session: Session, typed: str) -> tuple[Patient, str | None]:
    """What a window's scanner or nurse gives: a card code (the patient and the code, voided or
    not) or a patient number (the patient and None)."""
    code = normalise_card_code(typed)
    if "-" not in code:
        return find_by_number(session, code), None
    card = session.scalars(select(PatientCard).where(PatientCard.code == code)).first()
    if card is None:
        raise NotFound(
            en="No card with this code: type the patient number.",
            zh="没有该卡号：请输入患者编号。",
        )
    patient = session.get(Patient, card.patient_id)
    assert patient is not None  # a card's patient is a foreign key
    return patient, code
