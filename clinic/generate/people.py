"""Generated patients in bulk, through the same ORM models (and so the same field encryption) as
the services, but without a service frame or an audit event per row."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from sqlalchemy import func, select

from clinic import app, clock
from clinic.demo import people as demo_people
from clinic.patients.enrolment import (
    DIAGNOSIS_NAME,
    ICD10_OPIOID_DEPENDENCE,
    ICD11_OPIOID_DEPENDENCE,
)
from clinic.patients.identity import check_digit
from clinic.storage.models import (
    Diagnosis,
    Episode,
    Patient,
    PatientCard,
    PatientPhoto,
    StatusChange,
    TreatmentAgreement,
    User,
)
from clinic.storage.sealing import card_index
from clinic.storage.uow import UnitOfWork

PATIENT_BATCH = 1000


def bulk_patients(clinic: app.Clinic, count: int, seed: int = 5000) -> float:
    """Add COUNT active patients in one transaction, through the ORM models and so through the
    same field encryption and keyed ID-number index as enrol_patient (but with no service frame
    or audit per patient). Returns the seconds it took."""
    rng = random.Random(seed)
    start = time.perf_counter()
    db = clinic.db
    photos = [demo_people.silhouette(rng, sex) for sex in "MFMFMF"]
    with UnitOfWork(db) as uow:
        s = uow.session
        user_id = s.scalars(select(User.id).where(User.username == "physician")).one()
        today = clock.clinic_today(s)
        first = (s.scalars(select(func.max(Patient.id))).one() or 0) + 1
        for offset in range(0, count, PATIENT_BATCH):
            batch = []
            for n in range(first + offset, first + min(offset + PATIENT_BATCH, count)):
                sex = "F" if rng.random() < 0.2 else "M"
                given = demo_people.GIVEN_M if sex == "M" else demo_people.GIVEN_F
                name = rng.choice(demo_people.SURNAMES) + rng.choice(given)
                if rng.random() < 0.7:
                    name += rng.choice(given)
                born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 40 * 365))
                first17 = f"{rng.choice(tuple(demo_people.DISTRICTS))}{born:%Y%m%d}{n % 1000:03d}"
                nid = first17 + check_digit(first17)
                patient = Patient(
                    patient_number=f"P{n:06d}",
                    name=name,
                    national_id=nid,
                    national_id_index=db.cipher.blind_index(nid, "national_id"),
                    sex=sex,
                    birth_date=born,
                    phone="13" + "".join(rng.choice("0123456789") for _ in range(9)),
                    address=f"北京市朝阳区光华路{rng.randint(1, 240)}号",
                    status="active",
                    created_by=user_id,
                )
                batch.append(patient)
            s.add_all(batch)
            s.flush()
            episodes = [Episode(patient_id=p.id, number=1, opened_on=today) for p in batch]
            s.add_all(episodes)
            s.flush()
            for p, e in zip(batch, episodes, strict=True):
                s.add_all(
                    [
                        StatusChange(
                            patient_id=p.id,
                            episode_id=e.id,
                            from_status="applicant",
                            to_status="active",
                            effective_on=today,
                            reason="enrolled",
                            recorded_by=user_id,
                        ),
                        Diagnosis(
                            patient_id=p.id,
                            icd11=ICD11_OPIOID_DEPENDENCE,
                            icd10=ICD10_OPIOID_DEPENDENCE,
                            name=DIAGNOSIS_NAME,
                            diagnosed_on=today,
                            physician_id=user_id,
                        ),
                        TreatmentAgreement(
                            patient_id=p.id,
                            episode_id=e.id,
                            method="methadone",
                            duration="12 months",
                            covers_confidentiality=True,
                            covers_clinic_rules=True,
                            covers_termination=True,
                            covers_effects_and_risks=True,
                            signed_on=today,
                            recorded_by=user_id,
                        ),
                        PatientPhoto(
                            patient_id=p.id, image=photos[p.id % len(photos)], recorded_by=user_id
                        ),
                        PatientCard(
                            patient_id=p.id,
                            issue_number=1,
                            code=(code := f"{p.patient_number}-1-{rng.randrange(10_000):04d}"),
                            code_index=card_index(db.cipher, code),
                            issued_by=user_id,
                        ),
                    ]
                )
            s.flush()
        uow.commit()
    return time.perf_counter() - start
