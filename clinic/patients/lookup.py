"""Finding a patient by a patient number completed from however much of it was typed ("2", "p2",
"Ｐ２" -> P000002). The dosing window's identify and the patients page's search both come here."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.errors import NotFound
from clinic.patients.identity import (
    PATIENT_NUMBER_FORMAT,
    complete_patient_number,
    completed_number,
)
from clinic.storage.models import Patient


def _numbered(session: Session, number: str) -> Patient | None:
    return session.scalars(select(Patient).where(Patient.patient_number == number)).first()


def patient_by_number(session: Session, typed: str) -> Patient | None:
    """The patient whose number TYPED completes to; None if there is none, or TYPED is no number."""
    number = completed_number(typed)
    return None if number is None else _numbered(session, number)


def find_by_number(session: Session, typed: str) -> Patient:
    """The patient whose number TYPED completes to, or an error that shows the format."""
    number = complete_patient_number(typed)
    patient = _numbered(session, number)
    if patient is None:
        en, zh = PATIENT_NUMBER_FORMAT
        raise NotFound(en=f"No patient {number}. {en}", zh=f"没有患者 {number}。{zh}")
    return patient
