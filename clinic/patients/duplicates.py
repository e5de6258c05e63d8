"""Identifiers kept before input was normalised, and the patients who share one ID number.

Before issue 13 an ID number typed in full-width digits passed the checks, was kept as typed and
got a keyed index of its own, so one person could be registered twice. `normalise_kept_identifiers`
rewrites each kept ID number, phone, insured-person number and card code in the form input is
now kept in, once, as a data step after the migration that owes it (the index needs the field
key, which a migration does not have). Two records of one person are never merged: the second
keeps its ID number as it was typed, both are listed for the administrator by
`patients_sharing_an_id_number`, and the second gets a stop-dose flag naming the first, so the
person is never dosed on both.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.numbers import ASCII_DIGITS
from clinic.patients.enrolment import national_id_index
from clinic.privacy.permissions import Action, Role
from clinic.service import Call, service
from clinic.storage.fieldcrypt import FieldCipher
from clinic.storage.models import Patient, PatientCard, PatientFlag, User, UserRole
from clinic.storage.sealing import card_index


def kept_form(value: str) -> str:
    """VALUE as input keeps it now: NFKC, no spaces, a digit of any script written 0-9 (an
    old record's digits were read as numbers by the old checks, so they mean 0-9)."""
    text = "".join(unicodedata.normalize("NFKC", value).split())
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and ch not in ASCII_DIGITS else ch
        for ch in text
    )


def kept_national_id(value: str) -> str:
    return kept_form(value).upper()


@dataclass
class Normalised:
    """What one run of the data step changed, by patient record id (audit details name records,
    never a patient number), and what it left to a person."""

    rewritten: dict[str, list[str]] = field(default_factory=dict)
    cards: list[int] = field(default_factory=list)
    duplicates: list[list[int]] = field(default_factory=list)

    def note(self, patient: Patient, column: str) -> None:
        self.rewritten.setdefault(str(patient.id), []).append(column)

    def details(self) -> dict[str, object]:
        """For the audit event: record ids and column names, never an identifier."""
        return {"rewritten": self.rewritten, "cards": self.cards, "duplicates": self.duplicates}


def normalise_kept_identifiers(session: Session, cipher: FieldCipher) -> Normalised:
    """Rewrite every identifier whose kept form differs; list the patients sharing an ID number.

    Idempotent: a second run finds nothing to rewrite. Of patients sharing one ID number, the
    one already holding its index (or else the first registered) gets the canonical form; the
    others keep theirs (the index is unique) until a person decides."""
    done = Normalised()
    patients = session.scalars(select(Patient).order_by(Patient.id)).all()
    for group in _by_national_id(patients).values():
        canonical = kept_national_id(group[0].national_id)
        keeper = next((p for p in group if p.national_id == canonical), group[0])
        if keeper.national_id != canonical:
            keeper.national_id = canonical
            keeper.national_id_index = national_id_index(cipher, canonical)
            done.note(keeper, "national_id")
        if len(group) > 1:
            done.duplicates.append([p.id for p in group])
            for other in group:
                if other is not keeper:
                    _stop_the_second_record(session, other, keeper)
    for patient in patients:
        for column in ("phone", "insurance_number"):
            value = getattr(patient, column)
            if value is not None and kept_form(value) != value:
                setattr(patient, column, kept_form(value) or None)
                done.note(patient, column)
    for card in session.scalars(select(PatientCard).order_by(PatientCard.id)):
        if kept_form(card.code).upper() != card.code:
            card.code = kept_form(card.code).upper()
            card.code_index = card_index(cipher, card.code)
            done.cards.append(card.patient_id)
    session.flush()
    return done


def _stop_the_second_record(session: Session, other: Patient, keeper: Patient) -> None:
    """One person, two records: until a physician has sorted them out, the second is a stop at
    the window, so the person cannot be dosed twice a day (raised once, in the first
    administrator's name, since the program itself runs the step)."""
    text = (
        f"Shares its ID number with {keeper.patient_number}: one person, two records. Dose on "
        f"{keeper.patient_number}. 与 {keeper.patient_number} 身份证号相同：同一人有两份档案，"
        f"请按 {keeper.patient_number} 给药。"
    )
    raised = session.scalars(select(PatientFlag.text).where(PatientFlag.patient_id == other.id))
    if text in raised:  # flag texts are sealed: compared once opened
        return
    admin = session.scalars(
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.ADMINISTRATOR.value)
        .order_by(User.id)
    ).first()
    if admin is None:
        return
    session.add(
        PatientFlag(
            patient_id=other.id,
            level="stop_dose",
            text=text,
            starts_on=clock.clinic_today(session),
            raised_by=admin,
        )
    )


def _by_national_id(patients: Sequence[Patient]) -> dict[str, list[Patient]]:
    groups: dict[str, list[Patient]] = defaultdict(list)
    for patient in patients:
        groups[kept_national_id(patient.national_id)].append(patient)
    return groups


@dataclass(frozen=True)
class SharedRecord:
    patient_number: str
    status: str
    registered_on: date


@service(Action.PATIENT_DUPLICATES, entity="patient", read_only=True)
def patients_sharing_an_id_number(call: Call) -> list[tuple[SharedRecord, ...]]:
    """Groups of patient records that hold one ID number, however it was typed: for the
    administrator to have a physician check, never merged by the program."""
    patients = call.session.scalars(select(Patient).order_by(Patient.id)).all()
    duplicated = [group for group in _by_national_id(patients).values() if len(group) > 1]
    groups = [
        tuple(
            SharedRecord(p.patient_number, p.status, clock.clinic_today(call.session, p.created_at))
            for p in group
        )
        for group in duplicated
    ]
    call.note(groups=[[p.id for p in group] for group in duplicated])
    return groups
