"""The patient record as each role may see it; search; status lifecycle; photos and cards."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.dosing.guest import GuestInfo, ReturnInfo, periods_of, returns_of
from clinic.dosing.orders import OrderInfo, order_history
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.numbers import normalised
from clinic.patients.consent import ConsentInfo, DisclosureInfo, consents_of, disclosures_of
from clinic.patients.enrolment import Agreement, check_agreement
from clinic.patients.identity import (
    PATIENT_NUMBER_FORMAT,
    age_on,
    free_text,
    mask_national_id,
    normalise_card_code,
    typed_national_id,
)
from clinic.patients.lookup import find_by_number, patient_by_number
from clinic.patients.name_index import search_names
from clinic.privacy.permissions import Action, Role
from clinic.service import Call, service
from clinic.storage import direct
from clinic.storage.fieldcrypt import session_cipher
from clinic.storage.models import (
    Diagnosis,
    Episode,
    Patient,
    PatientCard,
    PatientDetail,
    PatientPhoto,
    PayerScheme,
    StatusChange,
    TreatmentAgreement,
)
from clinic.storage.sealing import card_index
from clinic.storage.settings_store import clinic_settings, demo_clinic
from clinic.wording import quoted

STATUSES = ("applicant", "active", "on_hold", "discharged", "transferred_out", "deceased")
STATUS_NAMES = {
    "applicant": ("Applicant", "申请中"),
    "active": ("In treatment", "在治"),
    "on_hold": ("On hold", "暂停"),
    "discharged": ("Discharged", "已出组"),
    "transferred_out": ("Transferred out", "已转出"),
    "deceased": ("Deceased", "已死亡"),
}
TRANSITIONS = {
    "applicant": {"active", "discharged"},
    "active": {"on_hold", "discharged", "transferred_out", "deceased"},
    "on_hold": {"active", "discharged", "transferred_out", "deceased"},
    "discharged": set(),
    "transferred_out": set(),
    "deceased": set(),
}
ENDING = {"discharged", "transferred_out", "deceased"}
READMITTABLE = {"discharged", "transferred_out"}

# What each role sees of a record, beyond identity: least privilege.
VIEWS: dict[Role, frozenset[str]] = {
    Role.PHYSICIAN: frozenset({"contact", "payer", "clinical", "consents"}),
    Role.NURSE: frozenset({"contact", "clinical"}),
    Role.PHARMACIST: frozenset({"clinical"}),
    Role.BILLING_CLERK: frozenset({"payer", "diagnosis", "consents"}),
}


def view_of(roles: frozenset[Role]) -> frozenset[str]:
    parts: set[str] = set()
    for role in roles:
        parts |= VIEWS.get(role, frozenset())
    if "clinical" in parts:
        parts.add("diagnosis")
    return frozenset(parts)


@dataclass(frozen=True)
class PatientListItem:
    patient_id: PatientId
    patient_number: str
    name: str
    national_id_masked: str
    sex: str
    age: int
    status: str


@dataclass(frozen=True)
class StatusEntry:
    from_status: str | None
    to_status: str
    effective_on: date
    reason: str | None
    episode_number: int


@dataclass(frozen=True)
class PatientRecord:
    """One patient as the reader's roles allow; fields a role may not see are None or empty."""

    patient_id: PatientId
    patient_number: str
    name: str
    national_id_masked: str
    sex: str
    birth_date: date
    age: int
    status: str
    episode_number: int
    in_treatment_since: date
    monitoring_ends_on: date
    photo: bytes | None
    card_code: str | None
    view: frozenset[str]
    phone: str | None = None
    address: str | None = None
    emergency_contact: str | None = None
    guardian: str | None = None
    payer_scheme: str | None = None
    payer_kind: str | None = None
    insurance_number: str | None = None
    diagnosis_icd11: str | None = None
    diagnosis_icd10: str | None = None
    diagnosis_name: str | None = None
    method: str | None = None
    status_history: tuple[StatusEntry, ...] = ()
    orders: tuple[OrderInfo, ...] = ()
    consents: tuple[ConsentInfo, ...] = ()
    disclosures: tuple[DisclosureInfo, ...] = ()
    guest_orders: tuple[GuestInfo, ...] = ()
    guest_returns: tuple[ReturnInfo, ...] = ()  # voided ones too
    warnings: tuple[tuple[str, str], ...] = field(default=())

    @property
    def current_order(self) -> OrderInfo | None:
        today_orders = [o for o in self.orders if o.kind == "order" and not o.superseded]
        return today_orders[0] if today_orders else None


# Built once, with bound parameters: a card scanned at the window and the record it opens ask
# each of these.
_EPISODE = (
    select(Episode)
    .where(Episode.patient_id == bindparam("patient_id"))
    .order_by(Episode.number.desc())
    .limit(1)
)
_CARD_BY_INDEX = select(PatientCard).where(PatientCard.code_index == bindparam("index"))
_CURRENT_CARD = (
    select(PatientCard)
    .where(PatientCard.patient_id == bindparam("patient_id"))
    .order_by(PatientCard.issue_number.desc())
    .limit(1)
)
_PHOTO = (
    select(PatientPhoto.image)
    .where(PatientPhoto.patient_id == bindparam("patient_id"))
    .order_by(PatientPhoto.id.desc())
    .limit(1)
)
_DIAGNOSIS = (
    select(Diagnosis)
    .where(Diagnosis.patient_id == bindparam("patient_id"))
    .order_by(Diagnosis.id.desc())
    .limit(1)
)
_AGREEMENT = (
    select(TreatmentAgreement)
    .where(TreatmentAgreement.episode_id == bindparam("episode_id"))
    .order_by(TreatmentAgreement.id.desc())
    .limit(1)
)
_STATUS_HISTORY = (
    select(StatusChange, Episode.number)
    .join(Episode, Episode.id == StatusChange.episode_id)
    .where(StatusChange.patient_id == bindparam("patient_id"))
    .order_by(StatusChange.id)
)


def _patient(session: Session, patient_id: int) -> Patient:
    patient = direct.get(session, Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return patient


def _episode(session: Session, patient_id: int) -> Episode:
    episode = session.scalars(_EPISODE, {"patient_id": patient_id}).first()
    assert episode is not None
    return episode


def card_by_code(session: Session, code: str) -> PatientCard | None:
    """The card with CODE (in its kept form), found by its keyed index: codes are sealed."""
    index = card_index(session_cipher(session), code)
    return session.scalars(_CARD_BY_INDEX, {"index": index}).first()


def current_card(session: Session, patient_id: int) -> PatientCard | None:
    return session.scalars(_CURRENT_CARD, {"patient_id": patient_id}).first()


def _list_item(p: Patient, today: date) -> PatientListItem:
    return PatientListItem(
        PatientId(p.id),
        p.patient_number,
        p.name,
        mask_national_id(p.national_id),
        p.sex,
        age_on(p.birth_date, today),
        p.status,
    )


def build_record(session: Session, patient: Patient, roles: frozenset[Role]) -> PatientRecord:
    today = clock.clinic_today(session)
    view = view_of(roles)
    episode = _episode(session, patient.id)
    years = clinic_settings(session).integer("monitoring_years")
    photo = session.scalars(_PHOTO, {"patient_id": patient.id}).first()
    card = current_card(session, patient.id)
    values: dict[str, object] = {}
    detail = direct.get(session, PatientDetail, patient.id)
    if "contact" in view:
        values.update(
            phone=patient.phone,
            address=patient.address,
            emergency_contact=detail.emergency_contact if detail else None,
            guardian=detail.guardian if detail else None,
        )
    if "payer" in view:
        scheme = (
            session.get(PayerScheme, detail.payer_scheme_id)
            if detail and detail.payer_scheme_id
            else None
        )
        values.update(
            payer_scheme=scheme.name if scheme else None,
            payer_kind=scheme.kind if scheme else "self_pay",
            insurance_number=patient.insurance_number,
        )
    if "diagnosis" in view:
        diagnosis = session.scalars(_DIAGNOSIS, {"patient_id": patient.id}).first()
        if diagnosis:
            values.update(
                diagnosis_icd11=diagnosis.icd11,
                diagnosis_icd10=diagnosis.icd10,
                diagnosis_name=diagnosis.name,
            )
    warnings: list[tuple[str, str]] = []
    if "clinical" in view:
        agreement = session.scalars(_AGREEMENT, {"episode_id": episode.id}).first()
        history = session.execute(_STATUS_HISTORY, {"patient_id": patient.id}).all()
        orders = tuple(order_history(session, patient.id, episode))
        values.update(
            method=agreement.method if agreement else None,
            status_history=tuple(
                StatusEntry(s.from_status, s.to_status, s.effective_on, s.reason, n)
                for s, n in history
            ),
            orders=orders,
        )
        for order in orders:
            if order.expiring:
                due = order.review_on or order.end_on
                warnings.append(
                    (
                        f"The dose order is due for review on {due}.",
                        f"剂量医嘱将于 {due} 到期复核。",
                    )
                )
        if patient.status == "active" and not any(
            o.kind == "order" and not o.superseded for o in orders
        ):
            warnings.append(("No dose order yet.", "尚无剂量医嘱。"))
        guests = tuple(periods_of(session, patient.id))
        values.update(guest_orders=guests, guest_returns=tuple(returns_of(session, patient.id)))
        away = next((g for g in guests if g.covers(today)), None)
        if away is not None:
            span = f"{away.starts_on} – {away.last_day}"
            warnings.append(
                (
                    f"Doses at {away.place} today (guest dosing {span}).",
                    f"今日在 {away.place} 服药（外点服药 {span}）。",
                )
            )
    if "consents" in view:
        values.update(
            consents=tuple(consents_of(session, patient.id)),
            disclosures=tuple(disclosures_of(session, patient.id)),
        )
    return PatientRecord(
        patient_id=PatientId(patient.id),
        patient_number=patient.patient_number,
        name=patient.name,
        national_id_masked=mask_national_id(patient.national_id),
        sex=patient.sex,
        birth_date=patient.birth_date,
        age=age_on(patient.birth_date, today),
        status=patient.status,
        episode_number=episode.number,
        in_treatment_since=episode.opened_on,
        monitoring_ends_on=clock.add_years(episode.opened_on, years),
        photo=photo,
        card_code=card.code if card else None,
        view=view,
        warnings=tuple(warnings),
        **values,  # type: ignore[arg-type]
    )


@service(Action.PATIENT_READ, entity="patient", offline="local")
def open_patient(call: Call, *, patient_id: int) -> PatientRecord:
    """Open one patient's record, as much of it as the reader's roles allow. Audited."""
    call.note(entity_id=patient_id)
    patient = _patient(call.session, patient_id)
    record = build_record(call.session, patient, call.actor.roles)
    call.note(entity_id=patient.id, view=sorted(record.view))
    return record


def query_kind(query: str) -> str:
    """What a search box's text is, however it was typed (full-width, pasted with spaces)."""
    text = normalised(query)
    if not text:
        return "empty"
    upper = "".join(text.split()).upper()
    if upper.startswith("P") and upper[1:].split("-")[0].isdigit():
        return "card" if "-" in upper else "number"
    if upper.isdigit() or (upper[:-1].isdigit() and upper.endswith("X")):
        return "id_tail"
    if text.isascii() and text.isalpha():
        return "initials"
    return "name"


MAX_RESULTS = 50


@service(Action.PATIENT_SEARCH, entity="patient", offline="local")
def search_patients(call: Call, *, query: str) -> list[PatientListItem]:
    """Find patients by card code, patient number (completed: "2" is P000002), the last digits
    of the ID number, a name fragment or pinyin initials, however typed. The audit records the
    kind of query, never its text."""
    kind = query_kind(query)
    today = clock.clinic_today(call.session)
    text = normalised(query)
    call.note(kind=kind)
    if kind == "empty":
        return []
    if kind == "card":
        number = normalise_card_code(text).split("-")[0]
        hits = list(
            call.session.scalars(select(Patient).where(Patient.patient_number == number)).all()
        )
    elif kind == "number":
        hits = [find_by_number(call.session, text)]
    elif kind == "id_tail":
        hits = _number_or_id_tail(call.session, typed_national_id(text))
    else:  # a name as typed (NFKC would also rewrite CJK compatibility ideographs in names)
        wanted = text if kind == "initials" else " ".join(query.split())
        hits = _by_name(call.session, call.actor.session_id, kind, wanted.casefold())
    call.note(results=len(hits))
    return [_list_item(p, today) for p in hits]


def _number_or_id_tail(session: Session, digits: str) -> list[Patient]:
    """Digits typed in a search box: the patient with that number first, then the patients whose
    ID number ends in them (at least 4); none at all is an error that shows the number format."""
    numbered = patient_by_number(session, digits)
    hits = [numbered] if numbered is not None else []
    if len(digits) >= 4:
        for patient in session.scalars(select(Patient).order_by(Patient.id)):
            if len(hits) >= MAX_RESULTS:
                break
            if patient is not numbered and patient.national_id.endswith(digits):
                hits.append(patient)
    if hits:
        return hits
    en, zh = PATIENT_NUMBER_FORMAT
    if len(digits) < 4:
        raise InvalidInput(
            en=f"No patient has this number. {en} To search by ID number, give at least the last "
            "4 characters of the ID number.",
            zh=f"没有该编号的患者。{zh}按身份证号码查找时，请至少输入身份证号码的后 4 位。",
        )
    raise NotFound(
        en=f"No patient has this number, and no ID number ends in {digits}. {en}",
        zh=f"没有该编号的患者，也没有以 {digits} 结尾的身份证号码。{zh}",
    )


def _by_name(session: Session, session_id: str, kind: str, wanted: str) -> list[Patient]:
    """The first patients (by record id) whose name holds WANTED or, typed as initials, whose
    pinyin initials start with it; from the login session's name index."""
    if kind == "initials":

        def match(folded: str, letters: str) -> bool:
            return letters.startswith(wanted) or wanted in folded
    else:

        def match(folded: str, letters: str) -> bool:
            return wanted in folded

    ids = search_names(session, session_id, match, MAX_RESULTS)
    if not ids:
        return []
    found = {p.id: p for p in session.scalars(select(Patient).where(Patient.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


@service(Action.PATIENT_SEARCH, entity="patient", offline="local")
def list_patients(
    call: Call, *, status: str | None = None, offset: int = 0, limit: int = 200
) -> list[PatientListItem]:
    """A page of the patient list (masked ID numbers), optionally of one status."""
    today = clock.clinic_today(call.session)
    query = select(Patient).order_by(Patient.id.desc()).offset(offset).limit(min(limit, 500))
    if status:
        query = query.where(Patient.status == status)
    items = [_list_item(p, today) for p in call.session.scalars(query)]
    call.note(kind="list", status=status, results=len(items))
    return items


@service(Action.PATIENT_SEARCH, entity="patient", audited=False, read_only=True)
def count_patients(call: Call) -> dict[str, int]:
    rows = call.session.execute(select(Patient.status, func.count()).group_by(Patient.status)).all()
    return {status: int(n) for status, n in rows}


@dataclass(frozen=True)
class CardRecord:
    """The record a scanned card opened; a voided (replaced) card is flagged."""

    record: PatientRecord
    voided: bool
    current_code: str | None


@service(Action.PATIENT_READ, entity="patient", offline="local")
def open_by_card(call: Call, *, code: str) -> CardRecord:
    """A scanned card: its patient's record, as the reader's roles allow, in one audited call
    (one transaction, one event naming the patient read)."""
    scanned = normalise_card_code(code)
    call.note(kind="card")
    card = card_by_code(call.session, scanned)
    if card is None:
        raise NotFound(
            en="No card with this code: type the patient number instead.",
            zh="没有该卡号：请改为输入患者编号。",
        )
    patient = _patient(call.session, card.patient_id)
    record = build_record(call.session, patient, call.actor.roles)
    # A card's code carries its patient number and issue number: another code, another card.
    voided = record.card_code is not None and record.card_code != card.code
    call.note(entity_id=patient.id, voided_card=voided, view=sorted(record.view))
    return CardRecord(record, voided, record.card_code)


@service(Action.PATIENT_STATUS, entity="patient")
def change_status(
    call: Call, *, patient_id: int, to_status: str, effective_on: date, reason: str | None = None
) -> StatusEntry:
    """Move a patient along the lifecycle; an illegal step is refused with what is allowed."""
    patient = _patient(call.session, patient_id)
    call.note(entity_id=patient_id, before=patient.status, after=to_status)
    if to_status not in STATUSES:
        raise InvalidInput(
            en=f"Unknown status {quoted(to_status)}.", zh=f"未知状态 {quoted(to_status)}。"
        )
    allowed = TRANSITIONS[patient.status]
    if to_status not in allowed:
        names_en = ", ".join(STATUS_NAMES[s][0] for s in sorted(allowed)) or "none"
        names_zh = "、".join(STATUS_NAMES[s][1] for s in sorted(allowed)) or "无"
        raise Conflict(
            en=f"A patient who is {STATUS_NAMES[patient.status][0].lower()} cannot become "
            f"{STATUS_NAMES[to_status][0].lower()}. Allowed: {names_en}.",
            zh=f"“{STATUS_NAMES[patient.status][1]}”的患者不能变为“{STATUS_NAMES[to_status][1]}”。"
            f"可选：{names_zh}。",
        )
    today = clock.clinic_today(call.session)
    if effective_on > today:
        raise InvalidInput(
            en="A status change cannot be dated in the future.", zh="状态变更日期不能晚于今天。"
        )
    text = free_text(reason, 500, "Reason", "原因")
    if to_status in ENDING and not text:
        raise InvalidInput(en="Record the reason treatment ends.", zh="请填写结束治疗的原因。")
    episode = _episode(call.session, patient_id)
    if to_status == "active" and patient.status == "applicant":
        has_agreement = call.session.scalars(
            select(TreatmentAgreement.id).where(TreatmentAgreement.episode_id == episode.id)
        ).first()
        has_diagnosis = call.session.scalars(
            select(Diagnosis.id).where(Diagnosis.patient_id == patient_id)
        ).first()
        if not (has_agreement and has_diagnosis):
            raise Conflict(
                en="Admission needs a diagnosis and a signed treatment agreement.",
                zh="入组须有诊断和已签署的治疗协议。",
            )
    change = StatusChange(
        patient_id=patient_id,
        episode_id=episode.id,
        from_status=patient.status,
        to_status=to_status,
        effective_on=effective_on,
        reason=text,
        recorded_by=call.actor.user_id,
    )
    call.session.add(change)
    patient.status = to_status
    return StatusEntry(change.from_status, to_status, effective_on, text, episode.number)


@service(Action.PATIENT_STATUS, entity="patient")
def readmit(call: Call, *, patient_id: int, agreement: Agreement) -> StatusEntry:
    """Re-admission after discharge or transfer: a new episode on the same record."""
    patient = _patient(call.session, patient_id)
    call.note(entity_id=patient_id, before=patient.status)
    entry, _ = readmit_patient(call, patient, agreement)
    return entry


def readmit_patient(
    call: Call, patient: Patient, agreement: Agreement
) -> tuple[StatusEntry, Episode]:
    """PATIENT's new episode, its signed AGREEMENT and the status change, inside CALL (a
    re-admission on the record, or from a transfer summary); the patient must have left."""
    patient_id = patient.id
    if patient.status not in READMITTABLE:
        raise Conflict(
            en="Only a discharged or transferred-out patient can be re-admitted.",
            zh="只有已出组或已转出的患者可以重新入组。",
        )
    today = clock.clinic_today(call.session)
    signed = check_agreement(agreement, today)
    previous = _episode(call.session, patient_id)
    episode = Episode(patient_id=patient_id, number=previous.number + 1, opened_on=today)
    call.session.add(episode)
    call.session.flush()
    call.session.add(
        TreatmentAgreement(
            patient_id=patient_id,
            episode_id=episode.id,
            method=signed.method,
            duration=signed.duration,
            covers_confidentiality=True,
            covers_clinic_rules=True,
            covers_termination=True,
            covers_effects_and_risks=True,
            signed_on=signed.signed_on,
            scan=signed.scan,
            recorded_by=call.actor.user_id,
        )
    )
    change = StatusChange(
        patient_id=patient_id,
        episode_id=episode.id,
        from_status=patient.status,
        to_status="active",
        effective_on=today,
        reason="re-admitted",
        recorded_by=call.actor.user_id,
    )
    call.session.add(change)
    patient.status = "active"
    call.note(episode=episode.number)
    entry = StatusEntry(change.from_status, "active", today, "re-admitted", episode.number)
    return entry, episode


@service(Action.PATIENT_PHOTO, entity="patient")
def set_photo(call: Call, *, patient_id: int, image: bytes) -> None:
    from clinic.patients.enrolment import check_photo

    _patient(call.session, patient_id)
    call.note(entity_id=patient_id)
    data = check_photo(image)
    assert data is not None
    call.session.add(
        PatientPhoto(patient_id=patient_id, image=data, recorded_by=call.actor.user_id)
    )


@dataclass(frozen=True)
class CardInfo:
    patient_id: PatientId
    patient_number: str
    code: str
    issue_number: int


@service(Action.CARD_ISSUE, entity="card")
def issue_card(call: Call, *, patient_id: int, reason: str | None = None) -> CardInfo:
    """A new card; every earlier card of the patient is void from now on."""
    patient = _patient(call.session, patient_id)
    previous = current_card(call.session, patient_id)
    if previous is not None and not (reason or "").strip():
        raise InvalidInput(
            en="Say why the card is replaced (lost, damaged...).",
            zh="请说明补卡原因（遗失、损坏等）。",
        )
    number = (previous.issue_number + 1) if previous else 1
    # The code carries only the patient number, an issue number and a check of 4 random digits.
    code = f"{patient.patient_number}-{number}-{secrets.randbelow(10_000):04d}"
    card = PatientCard(
        patient_id=patient_id,
        issue_number=number,
        code=code,
        code_index=card_index(call.db.cipher, code),
        issued_by=call.actor.user_id,
        reason=free_text(reason, 200, "Reason", "原因"),
    )
    call.session.add(card)
    call.session.flush()
    call.note(
        entity_id=card.id,
        patient_id=patient_id,
        issue_number=number,
        voids=previous.issue_number if previous else None,
    )
    return CardInfo(PatientId(patient_id), patient.patient_number, code, number)


@service(Action.CARD_ISSUE, entity="card")
def card_pdf(call: Call, *, patient_id: int, clinic_name: str) -> bytes:
    """The current card as a printable PDF (photo, patient number, QR code of the card code)."""
    from clinic.reports.cards import render_card

    patient = _patient(call.session, patient_id)
    card = current_card(call.session, patient_id)
    if card is None:
        raise Conflict(en="Issue a card first.", zh="请先发卡。")
    photo = call.session.scalars(
        select(PatientPhoto.image)
        .where(PatientPhoto.patient_id == patient_id)
        .order_by(PatientPhoto.id.desc())
    ).first()
    call.note(entity_id=card.id, patient_id=patient_id)
    return render_card(
        clinic_name=clinic_name,
        patient_number=patient.patient_number,
        name=patient.name,
        code=card.code,
        photo=photo,
        issued_on=card.issued_at.date(),
        demo=demo_clinic(call.session),
    )
