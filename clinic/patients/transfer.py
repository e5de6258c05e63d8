"""Transfer summaries: a patient moving to another clinic (or dosing elsewhere for a while) takes
their treatment with them, and the receiving clinic enrols them from it.

The sending physician produces, in one audited call, a bilingual PDF and a machine-readable file.
The file is versioned JSON, signed with the clinic's Ed25519 key (clinic/privacy/keys.py
`signing_key`) and then sealed with a passphrase given to the receiving clinic separately
(argon2id + AES-GCM, as key backups are). It is refused without a valid consent of purpose
"transfer" naming the recipient, and it is logged as a disclosure.

The receiving physician opens the file through the guarded import reader (clinic/imports.py):
damaged, cut short, wrongly keyed or wrongly signed, it is refused and nothing changes. Every
field is checked and confirmed, then enrolment writes the patient and the last dose at the
sending clinic, which the dose gate counts missed days from (clinic/dosing/orders.py
`last_dose_facts`).
"""

from __future__ import annotations

import base64
import dataclasses
import json
import types
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.dosing.flags import flags_in_force
from clinic.dosing.orders import (
    current_episode,
    episode_orders,
    last_dose_before,
    order_in_force,
)
from clinic.dosing.queue import order_slots
from clinic.errors import Conflict, InvalidInput, NeedsConfirmation, NotFound
from clinic.ids import PatientId
from clinic.imports import MAX_FIELD_CHARS, ImportKind, decode, read_json, refused
from clinic.numbers import normalised
from clinic.patients.consent import authorize_disclosure
from clinic.patients.enrolment import (
    Agreement,
    EnrolledPatient,
    Enrolment,
    Identity,
    check_agreement,
    duplicate_of,
    write_enrolment,
)
from clinic.patients.identity import free_text, normalise_national_id
from clinic.patients.records import READMITTABLE, STATUS_NAMES, readmit_patient
from clinic.privacy.keys import (
    fingerprint,
    open_sealed,
    public_key_bytes,
    seal_with_passphrase,
    signing_key,
)
from clinic.privacy.permissions import Action
from clinic.reports.transfer_pdf import render_transfer_summary
from clinic.service import Call, service
from clinic.storage.models import (
    ClinicInfo,
    Diagnosis,
    Dose,
    DoseVoid,
    Patient,
    PatientDetail,
    PatientFlag,
    Product,
    ScreenResult,
    ScreenReview,
    TransferIn,
    TreatmentAgreement,
    UrineScreen,
)
from clinic.storage.settings_store import demo_clinic

FILE_FORMAT = "clinic-transfer"  # the sealed file
SUMMARY_FORMAT = "clinic-transfer-summary"  # the signed document inside it
VERSION = 1
DOSE_DAYS = 30  # the doses and titration the summary carries
SCREEN_DAYS = 180  # the urine screens it carries
MIN_PASSPHRASE = 12
TRANSFER_SCOPE = (
    "转诊摘要：身份信息、诊断、当前医嘱、近 30 天服药及剂量调整、近期尿检、漏服、所选备注 · "
    "transfer summary: identity, diagnosis, current order, last 30 days' doses and titration, "
    "recent urine screens, missed days, selected notes"
)
KIND = ImportKind("transfer summary", "转诊摘要", max_bytes=2 * 1024 * 1024)


@dataclass(frozen=True)
class OrderLine:
    """A dose order as the summary carries it."""

    start_on: date
    product: str
    drug: str
    daily_dose_mg: Decimal
    slots_mg: tuple[Decimal, ...]
    induction: bool
    take_home_days: int
    review_on: date | None
    end_on: date | None


@dataclass(frozen=True)
class DoseDay:
    """One dose given (voided doses are left out)."""

    day: date
    slot: int
    kind: str
    dose_mg: Decimal


@dataclass(frozen=True)
class ScreenLine:
    collected_on: date
    random: bool
    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    reviewed: bool


@dataclass(frozen=True)
class MissedRun:
    """Days missed in a row between two dosing days (or up to the summary's date)."""

    first: date
    days: int


@dataclass(frozen=True)
class TransferSummary:
    """Everything the file carries; the PDF prints the same."""

    summary_id: str
    sender: str
    sender_clinic_id: str
    recipient: str
    issued_on: date
    issued_by: str
    patient_number: str
    name: str
    sex: str
    birth_date: date
    national_id: str
    phone: str | None
    address: str | None
    emergency_contact: str | None
    diagnosed_on: date | None
    icd11: str | None
    icd10: str | None
    method: str | None
    in_treatment_since: date
    order: OrderLine | None
    last_dose_on: date | None
    last_dose_mg: Decimal | None  # the whole of that day
    doses: tuple[DoseDay, ...]
    titration: tuple[OrderLine, ...]
    screens: tuple[ScreenLine, ...]
    missed: tuple[MissedRun, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class TransferPackage:
    summary: TransferSummary
    pdf: bytes
    file: bytes
    fingerprint: str
    disclosure_id: int


@dataclass(frozen=True)
class ReceivedTransfer:
    """A transfer file opened and its signature verified."""

    summary: TransferSummary
    fingerprint: str
    verified: bool
    registered_as: str | None  # a patient here already holds this ID number
    addressed_here: bool = True  # the recipient named in the summary is this clinic
    readmits: bool = False  # that patient has left treatment here: the summary re-admits them


@dataclass(frozen=True)
class NoteChoice:
    flag_id: int
    level: str
    text: str


# --- the document: JSON both ways, every field typed -----------------------------------------


def to_json(value: Any) -> Any:
    """VALUE as JSON: dates ISO, Decimals as text (exact), dataclasses as objects."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


T = TypeVar("T")


class _Malformed(ValueError):
    pass


def _typed(kind: Any, value: Any) -> Any:
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [k for k in get_args(kind) if k is not type(None)]
        return None if value is None else _typed(options[0], value)
    if origin is tuple:
        if not isinstance(value, list):
            raise _Malformed
        return tuple(_typed(get_args(kind)[0], v) for v in value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return from_json(kind, value)
    if kind is date:
        if not isinstance(value, str):
            raise _Malformed
        return date.fromisoformat(value)
    if kind is Decimal:
        if not isinstance(value, str):
            raise _Malformed
        try:
            number = Decimal(value)
        except InvalidOperation as exc:
            raise _Malformed from exc
        if not number.is_finite():
            raise _Malformed
        return number
    if kind is bool or kind is int:
        if type(value) is not kind:
            raise _Malformed
        return value
    if kind is str:
        if not isinstance(value, str) or len(value) > MAX_FIELD_CHARS:
            raise _Malformed
        return value
    raise _Malformed


def from_json(cls: type[T], data: Any) -> T:
    """CLS from what `to_json` wrote; _Malformed if a field is missing, extra or mistyped."""
    hints = get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    if not isinstance(data, dict) or sorted(data) != sorted(names):
        raise _Malformed
    try:
        return cls(**{name: _typed(hints[name], data[name]) for name in names})
    except (ValueError, TypeError) as exc:
        raise _Malformed from exc


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _signed_part(summary: dict[str, Any], public_key: str) -> bytes:
    return _canonical(
        {"format": SUMMARY_FORMAT, "version": VERSION, "public_key": public_key, "summary": summary}
    )


def seal_summary(summary: TransferSummary, call: Call, passphrase: str) -> tuple[bytes, str]:
    """The summary signed with this clinic's key and sealed with PASSPHRASE; and the key's
    fingerprint."""
    key = signing_key(call.db.keys)
    public = base64.b64encode(public_key_bytes(key)).decode()
    body = to_json(summary)
    signed = {
        "format": SUMMARY_FORMAT,
        "version": VERSION,
        "summary": body,
        "signer": {"algorithm": "Ed25519", "public_key": public},
        "signature": base64.b64encode(key.sign(_signed_part(body, public))).decode(),
    }
    header = {"format": FILE_FORMAT, "version": VERSION}
    sealed = seal_with_passphrase(header, _canonical(signed), passphrase)
    return sealed, fingerprint(public_key_bytes(key))


def open_summary(data: bytes, passphrase: str) -> tuple[TransferSummary, str]:
    """The summary in a transfer file and its signer's fingerprint, once the file opens with
    PASSPHRASE and the signature holds; otherwise refused, saying why."""
    text = decode(data, KIND)
    _, plain = open_sealed(
        text,
        passphrase,
        file_format=FILE_FORMAT,
        version=VERSION,
        bad_file=refused(
            KIND,
            "this is not a transfer summary file, or it is damaged or cut short.",
            "这不是转诊摘要文件，或文件已损坏、不完整。",
        ),
        wrong_passphrase=refused(
            KIND,
            "the passphrase is wrong, or the file was altered after it was sealed. Ask the "
            "sending clinic for the passphrase, or for the file again.",
            "口令错误，或文件在加密后被改动。请向转出门诊核实口令，或请其重新发送文件。",
        ),
    )
    signed = read_json(plain, KIND)
    not_signed = refused(
        KIND,
        "its signature does not match its content: it was changed after the sending clinic "
        "signed it, or it was not signed by a clinic.",
        "签名与内容不符：文件在转出门诊签名后被改动，或并非由门诊签名。",
    )
    try:
        if signed.get("format") != SUMMARY_FORMAT or signed.get("version") != VERSION:
            raise not_signed
        public = signed["signer"]["public_key"]
        if signed["signer"]["algorithm"] != "Ed25519" or not isinstance(public, str):
            raise not_signed
        raw_key = base64.b64decode(public, validate=True)
        Ed25519PublicKey.from_public_bytes(raw_key).verify(
            base64.b64decode(signed["signature"], validate=True),
            _signed_part(signed["summary"], public),
        )
    except (InvalidSignature, KeyError, TypeError, ValueError) as exc:
        raise not_signed from exc
    try:
        summary = from_json(TransferSummary, signed["summary"])
    except _Malformed as exc:
        raise refused(
            KIND,
            "a field of the summary is missing or malformed (a file of another version?).",
            "摘要中有字段缺失或格式错误（是否为其他版本的文件？）。",
        ) from exc
    return summary, fingerprint(raw_key)


# --- sending ----------------------------------------------------------------------------------


def _order_line(session: Session, order: Any) -> OrderLine | None:
    if order is None or order.kind == "stop" or order.product_id is None:
        return None
    product = session.get(Product, order.product_id)
    assert product is not None and order.daily_dose_mg is not None
    return OrderLine(
        start_on=order.start_on,
        product=product.name,
        drug=product.drug,
        daily_dose_mg=order.daily_dose_mg,
        slots_mg=tuple(order_slots(order)),
        induction=order.induction,
        take_home_days=order.take_home_days,
        review_on=order.review_on,
        end_on=order.end_on,
    )


def missed_runs(days: list[date], since: date, until: date) -> tuple[MissedRun, ...]:
    """Runs of days without a dose from SINCE to UNTIL, given the days dosed (sorted)."""
    runs: list[MissedRun] = []
    previous = since - timedelta(days=1)
    for day in [*(d for d in days if since <= d <= until), until + timedelta(days=1)]:
        if (day - previous).days > 1:
            runs.append(MissedRun(previous + timedelta(days=1), (day - previous).days - 1))
        previous = day
    return tuple(runs)


def build_summary(
    call: Call,
    patient: Patient,
    recipient: str,
    notes: tuple[str, ...],
) -> TransferSummary:
    session = call.session
    today = clock.clinic_today(session)
    since = today - timedelta(days=DOSE_DAYS - 1)
    episode = current_episode(session, patient.id)
    orders = episode_orders(session, episode.id)
    in_force = order_in_force(orders, today)
    first = order_in_force(orders, since)
    titration = [o for o in orders if (o is first or since < o.start_on <= today)]
    voided = select(DoseVoid.dose_id)
    doses = session.scalars(
        select(Dose)
        .where(
            Dose.patient_id == patient.id,
            Dose.dosing_date.between(since, today),
            Dose.id.not_in(voided),
        )
        .order_by(Dose.dosing_date, Dose.slot, Dose.id)
    ).all()
    last = last_dose_before(session, patient.id, today + timedelta(days=1))
    last_mg = None
    if last is not None:
        last_mg = sum(
            session.scalars(
                select(Dose.dose_mg).where(
                    Dose.patient_id == patient.id,
                    Dose.dosing_date == last,
                    Dose.id.not_in(voided),
                )
            ),
            Decimal(0),
        )
    dosed_days = sorted({d.dosing_date for d in doses})
    diagnosis = session.scalars(
        select(Diagnosis).where(Diagnosis.patient_id == patient.id).order_by(Diagnosis.id.desc())
    ).first()
    agreement = session.scalars(
        select(TreatmentAgreement)
        .where(TreatmentAgreement.episode_id == episode.id)
        .order_by(TreatmentAgreement.id.desc())
    ).first()
    detail = session.get(PatientDetail, patient.id)
    clinic = session.scalars(select(ClinicInfo)).one()
    return TransferSummary(
        summary_id=uuid.uuid4().hex,
        sender=clinic.name,
        sender_clinic_id=clinic.clinic_id,
        recipient=recipient,
        issued_on=today,
        issued_by=call.actor.full_name,
        patient_number=patient.patient_number,
        name=patient.name,
        sex=patient.sex,
        birth_date=patient.birth_date,
        national_id=patient.national_id,
        phone=patient.phone,
        address=patient.address,
        emergency_contact=detail.emergency_contact if detail else None,
        diagnosed_on=diagnosis.diagnosed_on if diagnosis else None,
        icd11=diagnosis.icd11 if diagnosis else None,
        icd10=diagnosis.icd10 if diagnosis else None,
        method=agreement.method if agreement else None,
        in_treatment_since=episode.opened_on,
        order=_order_line(session, in_force),
        last_dose_on=last,
        last_dose_mg=last_mg,
        doses=tuple(DoseDay(d.dosing_date, d.slot, d.kind, d.dose_mg) for d in doses),
        titration=tuple(line for o in titration if (line := _order_line(session, o))),
        screens=_screens(session, patient.id, today - timedelta(days=SCREEN_DAYS - 1)),
        missed=missed_runs(dosed_days, max(since, episode.opened_on), today - timedelta(days=1)),
        notes=notes,
    )


def _screens(session: Session, patient_id: int, since: date) -> tuple[ScreenLine, ...]:
    screens = session.execute(
        select(UrineScreen, ScreenReview.id)
        .outerjoin(ScreenReview, ScreenReview.screen_id == UrineScreen.id)
        .where(UrineScreen.patient_id == patient_id, UrineScreen.collected_on >= since)
        .order_by(UrineScreen.collected_on.desc(), UrineScreen.id.desc())
    ).all()
    lines = []
    for screen, review in screens:
        results = session.scalars(
            select(ScreenResult)
            .where(ScreenResult.screen_id == screen.id)
            .order_by(ScreenResult.id)
        ).all()
        lines.append(
            ScreenLine(
                screen.collected_on,
                screen.random,
                tuple(r.substance for r in results if r.positive),
                tuple(r.substance for r in results if not r.positive),
                review is not None,
            )
        )
    return tuple(lines)


def _patient(session: Session, patient_id: int) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return patient


def check_transfer_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            en=f"The transfer passphrase must have at least {MIN_PASSPHRASE} characters; give "
            "it to the receiving clinic separately (by telephone, not with the file).",
            zh=f"转诊口令至少需要 {MIN_PASSPHRASE} 个字符；请另行告知接收门诊（如电话），"
            "不要与文件一起发送。",
        )


@service(Action.TRANSFER_SEND, entity="patient")
def transfer_notes(call: Call, *, patient_id: int) -> list[NoteChoice]:
    """The patient's notes and warnings in force, for the physician to choose from."""
    _patient(call.session, patient_id)
    call.note(entity_id=patient_id, view="transfer_notes")
    today = clock.clinic_today(call.session)
    return [
        NoteChoice(f.id, f.level, f.text) for f in flags_in_force(call.session, patient_id, today)
    ]


@service(Action.TRANSFER_SEND, entity="patient")
def send_transfer(
    call: Call,
    *,
    patient_id: int,
    recipient: str,
    passphrase: str,
    flag_ids: tuple[int, ...] = (),
    note: str | None = None,
) -> TransferPackage:
    """The transfer summary of PATIENT_ID for RECIPIENT: PDF and sealed, signed file, logged as
    a disclosure. Refused without a valid consent to transfer naming RECIPIENT."""
    patient = _patient(call.session, patient_id)
    call.note(entity_id=patient_id, document="transfer_summary")
    who = free_text(recipient, 200, "Receiving clinic", "接收门诊")
    if not who:
        raise InvalidInput(en="Name the receiving clinic.", zh="请填写接收门诊。")
    check_transfer_passphrase(passphrase)
    written = free_text(note, 1000, "Note to the receiving clinic", "致接收门诊的说明")
    chosen = []
    for flag_id in flag_ids:
        flag = call.session.get(PatientFlag, flag_id)
        if flag is None or flag.patient_id != patient_id:
            raise NotFound(en="No such note on this patient.", zh="该患者没有此备注。")
        chosen.append(flag.text)
    notes = tuple(chosen + ([written] if written else []))
    summary = build_summary(call, patient, who, notes)
    disclosure = authorize_disclosure(
        call,
        patient_id=patient_id,
        purpose="transfer",
        recipient=who,
        scope=TRANSFER_SCOPE,
        reference=summary.summary_id,
    )
    sealed, printed = seal_summary(summary, call, passphrase)
    pdf = render_transfer_summary(summary, printed, demo=demo_clinic(call.session))
    call.note(summary_id=summary.summary_id, disclosure_id=disclosure.disclosure_id)
    return TransferPackage(summary, pdf, sealed, printed, disclosure.disclosure_id)


# --- receiving --------------------------------------------------------------------------------


@service(Action.PATIENT_REGISTER, entity="transfer")
def read_transfer(call: Call, *, data: bytes, passphrase: str) -> ReceivedTransfer:
    """A transfer file opened with its passphrase and its signature verified (nothing stored)."""
    summary, printed = open_summary(data, passphrase)
    call.note(entity_id=summary.summary_id, fingerprint=printed)
    here = call.session.scalars(select(ClinicInfo.name)).one()
    known = _known(call, summary.national_id)
    return ReceivedTransfer(
        summary,
        printed,
        True,
        known.patient_number if known is not None else None,
        same_clinic(summary.recipient, here),
        known is not None and known.status in READMITTABLE,
    )


def _known(call: Call, national_id: str) -> Patient | None:
    """The patient here holding NATIONAL_ID, if any (found by keyed hash)."""
    number = duplicate_of(call, national_id)
    if number is None:
        return None
    return call.session.scalars(select(Patient).where(Patient.patient_number == number)).one()


def same_clinic(named: str, ours: str) -> bool:
    """Whether the recipient a summary names is this clinic: names are typed freely on both
    sides, so one (normalised, case and spaces ignored) containing the other is a match."""
    a, b = ("".join(normalised(n).casefold().split()) for n in (named, ours))
    return bool(a and b) and (a in b or b in a)


# The fields the receiving physician confirms one by one before the patient is enrolled.
CONFIRMED_FIELDS = (
    "identity",
    "contact",
    "diagnosis",
    "order",
    "last_dose",
    "doses",
    "screens",
    "missed",
    "notes",
)


def enrolment_from(summary: TransferSummary, draft: Enrolment) -> None:
    """What a transfer summary pre-fills in an enrolment (the identity; the rest is asked)."""
    draft.set_identity(
        Identity(
            name=summary.name,
            sex=summary.sex,
            birth_date=summary.birth_date,
            national_id=summary.national_id,
            phone=summary.phone,
            address=summary.address,
            emergency_contact=summary.emergency_contact,
        )
    )


@service(Action.PATIENT_REGISTER, entity="patient")
def enrol_transferred(
    call: Call,
    *,
    data: bytes,
    passphrase: str,
    enrolment: Enrolment,
    confirmed: frozenset[str],
    site_code: str | None = None,
) -> EnrolledPatient:
    """Enrol the patient of a transfer file, once every field was confirmed: the file is opened
    and verified again here, and its last dose is kept for the missed-day rules."""
    summary, printed = open_summary(data, passphrase)
    call.note(summary_id=summary.summary_id, fingerprint=printed)
    _check_confirmed(confirmed)
    if enrolment.identity is None or normalise_national_id(
        enrolment.identity.national_id
    ) != normalise_national_id(summary.national_id):
        raise InvalidInput(
            en="The ID number entered is not the one in the transfer summary.",
            zh="所填身份证号码与转诊摘要中的不一致。",
        )
    enrolled, episode = write_enrolment(call, enrolment, site_code)
    _transfer_in(call, summary, printed, enrolled.patient_id, episode.id)
    return enrolled


def _check_confirmed(confirmed: frozenset[str]) -> None:
    missing = [name for name in CONFIRMED_FIELDS if name not in confirmed]
    if missing:
        raise InvalidInput(
            en="Check and confirm every field of the transfer summary first.",
            zh="请先逐项核对并确认转诊摘要的每一项内容。",
            missing=missing,
        )


def _transfer_in(
    call: Call, summary: TransferSummary, printed: str, patient_id: int, episode_id: int
) -> None:
    """The summary as received, in EPISODE_ID: its last dose counts for the missed-day rule."""
    call.session.add(
        TransferIn(
            patient_id=patient_id,
            episode_id=episode_id,
            summary_id=summary.summary_id,
            sender=summary.sender,
            sender_fingerprint=printed,
            last_dose_on=summary.last_dose_on,
            last_dose_mg=summary.last_dose_mg,
            document=_canonical(to_json(summary)),
            imported_by=call.actor.user_id,
        )
    )
    call.session.flush()
    call.note(transferred_in=True)


@service(Action.PATIENT_REGISTER, entity="patient")
def readmit_transferred(
    call: Call,
    *,
    data: bytes,
    passphrase: str,
    agreement: Agreement,
    confirmed: frozenset[str],
    confirm_patient: str | None = None,
) -> EnrolledPatient:
    """Re-admit a former patient of this clinic (the same ID number) from a transfer file: a
    new episode on their record, the summary and its last dose in it, never a second record.
    Asked first (NeedsConfirmation) unless CONFIRM_PATIENT repeats their patient number; a
    patient still in treatment here is refused."""
    summary, printed = open_summary(data, passphrase)
    call.note(summary_id=summary.summary_id, fingerprint=printed)
    _check_confirmed(confirmed)
    patient = _known(call, summary.national_id)
    if patient is None:
        raise NotFound(
            en="No patient here holds this ID number: enrol the patient from the summary.",
            zh="本机构没有使用该身份证号码的患者：请按转诊摘要新建档案。",
        )
    call.note(entity_id=patient.id, before=patient.status)
    if patient.status not in READMITTABLE:
        raise Conflict(
            en=f"{patient.patient_number} holds this ID number here "
            f"({STATUS_NAMES[patient.status][0]}): only a discharged or transferred-out patient "
            "can be re-admitted from a transfer summary. Open that record.",
            zh=f"本机构 {patient.patient_number} 使用该身份证号码（{STATUS_NAMES[patient.status][1]}）："
            "只有已出组或已转出的患者可以按转诊摘要重新入组。请打开该记录。",
            patient_number=patient.patient_number,
        )
    check_agreement(agreement, clock.clinic_today(call.session))  # a bad form before the question
    if confirm_patient != patient.patient_number:
        raise NeedsConfirmation(
            en=f"This is {patient.patient_number}, a former patient of this clinic "
            f"({STATUS_NAMES[patient.status][0]}). Re-admit them on their record from this "
            "summary (a new episode)?",
            zh=f"该患者即本机构原患者 {patient.patient_number}（{STATUS_NAMES[patient.status][1]}）。"
            "是否按此转诊摘要在原档案上重新入组（新的治疗周期）？",
            patient_number=patient.patient_number,
        )
    entry, episode = readmit_patient(call, patient, agreement)
    _transfer_in(call, summary, printed, patient.id, episode.id)
    return EnrolledPatient(
        PatientId(patient.id), patient.patient_number, entry.to_status, entry.episode_number
    )
