"""Registering an applicant by identity alone, before eligibility and agreement are complete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clinic.ids import PatientId
from clinic.patients.enrolment import Identity, check_identity, clinic_today, create_patient
from clinic.patients.identity import (
    birth_date_from_id,
    mask_national_id,
    normalise_insured_number,
    normalise_national_id,
)
from clinic.patients.records import open_patient
from clinic.privacy.permissions import Action
from clinic.service import Call, service

__all__ = ["PatientIdentity", "open_patient", "register_patient"]


@dataclass(frozen=True)
class PatientIdentity:
    patient_id: PatientId
    patient_number: str
    name: str
    national_id_masked: str
    sex: str
    birth_date: date
    status: str


@service(Action.PATIENT_REGISTER, entity="patient")
def register_patient(
    call: Call,
    *,
    name: str,
    national_id: str,
    sex: str,
    phone: str | None = None,
    address: str | None = None,
    insurance_number: str | None = None,
) -> PatientIdentity:
    """Record an applicant's identity; a second record for the same ID number is refused."""
    today = clinic_today(call)
    nid = normalise_national_id(national_id)
    insured = normalise_insured_number(insurance_number)
    identity = check_identity(
        Identity(
            name=name,
            sex=sex,
            birth_date=birth_date_from_id(nid),
            national_id=nid,
            phone=phone,
            address=address,
        ),
        today,
    )
    patient, _ = create_patient(call, identity, today)
    patient.insurance_number = insured
    call.session.flush()
    call.note(entity_id=patient.id)
    return PatientIdentity(
        PatientId(patient.id),
        patient.patient_number,
        patient.name,
        mask_national_id(patient.national_id),
        patient.sex,
        patient.birth_date,
        patient.status,
    )
