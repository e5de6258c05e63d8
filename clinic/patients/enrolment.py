"""Enrolment: a core workflow the UI wizard presents step by step, then one audited service call.

Steps: identity -> photo -> eligibility -> agreement -> payer -> review. Each step validates what
it is given at once (so the wizard can say what is wrong on the page where it is), and the
service validates everything again inside its transaction before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.patients.identity import (
    age_on,
    birth_date_from_id,
    free_text,
    normalise_insured_number,
    normalise_name,
    normalise_national_id,
    normalise_phone,
    normalise_sex,
    patient_number,
)
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.fieldcrypt import FieldCipher
from clinic.storage.models import (
    Consent,
    Diagnosis,
    Episode,
    Patient,
    PatientDetail,
    PatientPhoto,
    PayerScheme,
    Site,
    StatusChange,
    TreatmentAgreement,
)
from clinic.storage.settings_store import clinic_settings
from clinic.wording import quoted

STEPS = ("identity", "photo", "eligibility", "agreement", "payer", "review")
REQUIRED = ("identity", "eligibility", "agreement", "payer")
METHODS = {
    "methadone": ("Methadone maintenance", "美沙酮维持治疗"),
    "buprenorphine": ("Buprenorphine", "丁丙诺啡治疗"),
    "naltrexone": ("Naltrexone", "纳曲酮治疗"),
}
ICD11_OPIOID_DEPENDENCE = "6C43.2"
ICD10_OPIOID_DEPENDENCE = "F11.2"
DIAGNOSIS_NAME = "阿片类物质依赖 Opioid dependence"
PHOTO_MAX_BYTES = 2 * 1024 * 1024
SCAN_MAX_BYTES = 10 * 1024 * 1024
CLAIMS_SCOPE = "identity, insured-person number, diagnosis, dosing days, drug quantities, tests"


@dataclass(frozen=True)
class Identity:
    name: str
    sex: str
    birth_date: date
    national_id: str
    phone: str | None = None
    address: str | None = None
    emergency_contact: str | None = None


@dataclass(frozen=True)
class Eligibility:
    diagnosed_on: date
    voluntary: bool
    full_capacity: bool
    icd11: str = ICD11_OPIOID_DEPENDENCE
    icd10: str = ICD10_OPIOID_DEPENDENCE
    guardian: str | None = None
    guardian_consent_on: date | None = None


@dataclass(frozen=True)
class Agreement:
    method: str
    duration: str
    covers_confidentiality: bool
    covers_clinic_rules: bool
    covers_termination: bool
    covers_effects_and_risks: bool
    signed_on: date
    scan: bytes | None = None


@dataclass(frozen=True)
class Payer:
    scheme_code: str | None
    insured_number: str | None = None
    claims_consent: bool = False
    consent_signed_on: date | None = None


def image_kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return None


def check_identity(raw: Identity, today: date) -> Identity:
    national_id = normalise_national_id(raw.national_id)
    birth = birth_date_from_id(national_id)
    if raw.birth_date != birth:
        raise InvalidInput(
            en=f"The birth date ({raw.birth_date}) does not match the ID number ({birth}).",
            zh=f"出生日期（{raw.birth_date}）与身份证号码中的日期（{birth}）不符。",
        )
    if birth > today or age_on(birth, today) > 120:
        raise InvalidInput(en="The birth date is not plausible.", zh="出生日期不合理。")
    return Identity(
        name=normalise_name(raw.name),
        sex=normalise_sex(raw.sex),
        birth_date=birth,
        national_id=national_id,
        phone=normalise_phone(raw.phone),
        address=free_text(raw.address, 200, "Address", "地址"),
        emergency_contact=free_text(raw.emergency_contact, 100, "Emergency contact", "紧急联系人"),
    )


def check_photo(data: bytes | None) -> bytes | None:
    if data is None:
        return None
    if image_kind(data) not in ("png", "jpeg") or len(data) > PHOTO_MAX_BYTES:
        raise InvalidInput(
            en="The photo must be a PNG or JPEG image of at most 2 MB.",
            zh="照片须为不超过 2 MB 的 PNG 或 JPEG 图片。",
        )
    return data


def check_eligibility(
    raw: Eligibility, identity: Identity | None, today: date, minimum_age: int
) -> Eligibility:
    if raw.icd11.strip() != ICD11_OPIOID_DEPENDENCE or raw.icd10.strip() != ICD10_OPIOID_DEPENDENCE:
        raise InvalidInput(
            en="Treatment needs a diagnosis of opioid dependence (ICD-11 6C43.2 / ICD-10 F11.2).",
            zh="入组须诊断为阿片类物质依赖（ICD-11 6C43.2 / ICD-10 F11.2）。",
        )
    if raw.diagnosed_on > today:
        raise InvalidInput(en="The diagnosis date is in the future.", zh="诊断日期不能晚于今天。")
    if not raw.voluntary:
        raise InvalidInput(
            en="Treatment here is voluntary: the patient must apply of their own will.",
            zh="本门诊为自愿治疗：须患者本人自愿申请。",
        )
    if not raw.full_capacity:
        raise InvalidInput(
            en="The patient must have full capacity for civil conduct.",
            zh="患者须具有完全民事行为能力。",
        )
    guardian = free_text(raw.guardian, 100, "Guardian", "监护人")
    if identity is not None and age_on(identity.birth_date, today) < minimum_age:
        if not guardian or raw.guardian_consent_on is None:
            raise InvalidInput(
                en=f"The patient is under {minimum_age}: record the guardian and the date of "
                "their written consent.",
                zh=f"患者未满 {minimum_age} 岁：须登记监护人及其书面同意日期。",
            )
        if raw.guardian_consent_on > today:
            raise InvalidInput(
                en="The guardian's consent date is in the future.",
                zh="监护人同意日期不能晚于今天。",
            )
    return replace(raw, icd11=raw.icd11.strip(), icd10=raw.icd10.strip(), guardian=guardian)


def check_agreement(raw: Agreement, today: date) -> Agreement:
    if raw.method not in METHODS:
        raise InvalidInput(en="Choose the treatment method.", zh="请选择治疗方式。")
    duration = free_text(raw.duration, 100, "Duration", "疗程")
    if not duration:
        raise InvalidInput(en="State the treatment's duration.", zh="请填写疗程。")
    missing = [
        (en, zh)
        for ok, en, zh in (
            (raw.covers_confidentiality, "confidentiality", "保密"),
            (raw.covers_clinic_rules, "clinic rules", "门诊规定"),
            (raw.covers_termination, "when treatment ends", "终止治疗条件"),
            (raw.covers_effects_and_risks, "expected effect and risks", "预期效果与风险"),
        )
        if not ok
    ]
    if missing:
        raise InvalidInput(
            en="The agreement must state: " + ", ".join(m[0] for m in missing) + ".",
            zh="协议须载明：" + "、".join(m[1] for m in missing) + "。",
        )
    if raw.signed_on > today:
        raise InvalidInput(
            en="The agreement's signing date is in the future.", zh="协议签署日期不能晚于今天。"
        )
    if raw.scan is not None and (image_kind(raw.scan) is None or len(raw.scan) > SCAN_MAX_BYTES):
        raise InvalidInput(
            en="The scanned agreement must be a PDF, PNG or JPEG of at most 10 MB.",
            zh="协议扫描件须为不超过 10 MB 的 PDF、PNG 或 JPEG 文件。",
        )
    return replace(raw, duration=duration)


def check_payer(raw: Payer, today: date) -> Payer:
    code = (raw.scheme_code or "").strip() or None
    number = normalise_insured_number(raw.insured_number)
    insured = code is not None and code != "SELF"
    if insured and number is None:
        raise InvalidInput(
            en="Enter the insured-person number (4–40 letters or digits).",
            zh="请输入参保人编号（4–40 位字母或数字）。",
        )
    if raw.claims_consent:
        if not code or code == "SELF":
            raise InvalidInput(
                en="Consent to claims needs a payer scheme.", zh="同意医保结算须先选择支付方。"
            )
        if raw.consent_signed_on is None or raw.consent_signed_on > today:
            raise InvalidInput(
                en="Give the date the patient signed the consent to claims.",
                zh="请填写患者签署医保结算同意书的日期。",
            )
    return Payer(code, number, raw.claims_consent, raw.consent_signed_on)


@dataclass
class Enrolment:
    """The wizard's state: what has been entered and validated so far."""

    today: date
    minimum_age: int = 18
    identity: Identity | None = None
    photo: bytes | None = None
    eligibility: Eligibility | None = None
    agreement: Agreement | None = None
    payer: Payer | None = None
    done: set[str] = field(default_factory=set)

    def set_identity(self, value: Identity) -> Identity:
        self.identity = check_identity(value, self.today)
        self.done.add("identity")
        if self.eligibility is not None:  # the age may have changed
            self.eligibility = check_eligibility(
                self.eligibility, self.identity, self.today, self.minimum_age
            )
        return self.identity

    def set_photo(self, data: bytes | None) -> None:
        self.photo = check_photo(data)
        self.done.add("photo")

    def set_eligibility(self, value: Eligibility) -> Eligibility:
        self.eligibility = check_eligibility(value, self.identity, self.today, self.minimum_age)
        self.done.add("eligibility")
        return self.eligibility

    def set_agreement(self, value: Agreement) -> Agreement:
        self.agreement = check_agreement(value, self.today)
        self.done.add("agreement")
        return self.agreement

    def set_payer(self, value: Payer) -> Payer:
        self.payer = check_payer(value, self.today)
        self.done.add("payer")
        return self.payer

    def needs_guardian(self) -> bool:
        return (
            self.identity is not None
            and age_on(self.identity.birth_date, self.today) < self.minimum_age
        )

    def missing(self) -> list[str]:
        return [step for step in REQUIRED if step not in self.done]

    def complete(self) -> bool:
        return not self.missing()


@dataclass(frozen=True)
class EnrolledPatient:
    patient_id: PatientId
    patient_number: str
    status: str
    episode_number: int


def national_id_index(cipher: FieldCipher, national_id: str) -> str:
    """The keyed index an ID number is found by; NATIONAL_ID in canonical form."""
    return cipher.blind_index(national_id, "national_id")


def duplicate_of(call: Call, national_id: str) -> str | None:
    """The patient number already holding NATIONAL_ID, if any (found by keyed hash)."""
    index = national_id_index(call.db.cipher, normalise_national_id(national_id))
    return call.session.scalars(
        select(Patient.patient_number).where(Patient.national_id_index == index)
    ).first()


@service(Action.PATIENT_REGISTER, entity="patient")
def check_duplicate(call: Call, *, national_id: str) -> str | None:
    """Before a second record is made: the number of a patient with this ID number, if any."""
    found = duplicate_of(call, national_id)
    call.note(found=found is not None)
    return found


def create_patient(call: Call, identity: Identity, today: date) -> tuple[Patient, Episode]:
    index = national_id_index(call.db.cipher, identity.national_id)
    existing = duplicate_of(call, identity.national_id)
    if existing:
        raise Conflict(
            en=f"A patient with this ID number is already registered ({existing}). Open that "
            "record instead of making a second one.",
            zh=f"已有使用该身份证号码的患者（{existing}）。请打开该记录，不要重复建档。",
            patient_number=existing,
        )
    patient = Patient(
        patient_number=f"NEW-{index[:24]}",
        name=identity.name,
        national_id=identity.national_id,
        national_id_index=index,
        sex=identity.sex,
        birth_date=identity.birth_date,
        phone=identity.phone,
        address=identity.address,
        status="applicant",
        created_by=call.actor.user_id,
    )
    call.session.add(patient)
    try:
        call.session.flush()
    except IntegrityError as exc:
        raise Conflict(
            en="This patient was registered at the same moment on another workstation.",
            zh="该患者刚在其他工作站登记。",
        ) from exc
    patient.patient_number = patient_number(patient.id)
    episode = Episode(patient_id=patient.id, number=1, opened_on=today)
    call.session.add(episode)
    call.session.flush()
    call.session.add(
        StatusChange(
            patient_id=patient.id,
            episode_id=episode.id,
            from_status=None,
            to_status="applicant",
            effective_on=today,
            reason="registered",
            recorded_by=call.actor.user_id,
        )
    )
    return patient, episode


def clinic_today(call: Call) -> date:
    return clock.clinic_today(call.session)


def _scheme(session: Session, code: str | None) -> PayerScheme | None:
    if code is None:
        return None
    scheme = session.scalars(
        select(PayerScheme).where(PayerScheme.code == code, PayerScheme.active.is_(True))
    ).first()
    if scheme is None:
        raise NotFound(
            en=f"No active payer scheme {quoted(code)}.", zh=f"没有有效的支付方 {quoted(code)}。"
        )
    return scheme


@service(Action.PATIENT_REGISTER, entity="patient")
def enrol_patient(
    call: Call, *, enrolment: Enrolment, site_code: str | None = None
) -> EnrolledPatient:
    """Write a completed enrolment: the patient starts treatment (active) in episode 1."""
    enrolled, _ = write_enrolment(call, enrolment, site_code)
    return enrolled


def write_enrolment(
    call: Call, enrolment: Enrolment, site_code: str | None
) -> tuple[EnrolledPatient, Episode]:
    """A completed enrolment checked again and written inside CALL; the new patient and episode."""
    today = clinic_today(call)
    minimum_age = clinic_settings(call.session).integer("minimum_age")
    if enrolment.missing():
        raise InvalidInput(
            en="The enrolment is incomplete: " + ", ".join(enrolment.missing()) + ".",
            zh="入组信息不完整：" + "、".join(enrolment.missing()) + "。",
        )
    assert enrolment.identity and enrolment.eligibility and enrolment.agreement and enrolment.payer
    identity = check_identity(enrolment.identity, today)
    photo = check_photo(enrolment.photo)
    eligibility = check_eligibility(enrolment.eligibility, identity, today, minimum_age)
    agreement = check_agreement(enrolment.agreement, today)
    payer = check_payer(enrolment.payer, today)
    scheme = _scheme(call.session, payer.scheme_code)
    site = None
    if site_code:
        site = call.session.scalars(select(Site).where(Site.code == site_code)).first()
        if site is None:
            raise NotFound(en=f"No site {quoted(site_code)}.", zh=f"没有站点 {quoted(site_code)}。")
    patient, episode = create_patient(call, identity, today)
    actor = call.actor.user_id
    call.session.add(
        PatientDetail(
            patient_id=patient.id,
            emergency_contact=identity.emergency_contact,
            payer_scheme_id=scheme.id if scheme else None,
            guardian=eligibility.guardian,
            guardian_consent_on=eligibility.guardian_consent_on,
            site_id=site.id if site else None,
        )
    )
    patient.insurance_number = payer.insured_number
    call.session.add(
        Diagnosis(
            patient_id=patient.id,
            icd11=eligibility.icd11,
            icd10=eligibility.icd10,
            name=DIAGNOSIS_NAME,
            diagnosed_on=eligibility.diagnosed_on,
            physician_id=actor,
        )
    )
    call.session.add(
        TreatmentAgreement(
            patient_id=patient.id,
            episode_id=episode.id,
            method=agreement.method,
            duration=agreement.duration,
            covers_confidentiality=True,
            covers_clinic_rules=True,
            covers_termination=True,
            covers_effects_and_risks=True,
            signed_on=agreement.signed_on,
            scan=agreement.scan,
            recorded_by=actor,
        )
    )
    if photo is not None:
        call.session.add(PatientPhoto(patient_id=patient.id, image=photo, recorded_by=actor))
    if payer.claims_consent and scheme is not None and payer.consent_signed_on is not None:
        call.session.add(
            Consent(
                patient_id=patient.id,
                purpose="insurance_claims",
                recipient=scheme.name,
                scope=CLAIMS_SCOPE,
                signed_on=payer.consent_signed_on,
                recorded_by=actor,
            )
        )
    patient.status = "active"
    call.session.add(
        StatusChange(
            patient_id=patient.id,
            episode_id=episode.id,
            from_status="applicant",
            to_status="active",
            effective_on=today,
            reason="enrolled",
            recorded_by=actor,
        )
    )
    call.session.flush()
    call.note(
        entity_id=patient.id,
        method=agreement.method,
        has_guardian=eligibility.guardian is not None,
        claims_consent=payer.claims_consent,
        has_photo=photo is not None,
    )
    return EnrolledPatient(PatientId(patient.id), patient.patient_number, "active", 1), episode
