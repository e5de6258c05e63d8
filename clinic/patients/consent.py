"""Consents and disclosures: nothing identified leaves the clinic without a consent or a legal basis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import ClinicError, Conflict, InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.reports.consent_pdf import (
    ConsentForm,
    DisclosureHistory,
    DisclosureLine,
    render_consent_form,
    render_disclosure_history,
)
from clinic.service import Call, service
from clinic.storage.models import (
    Claim,
    ClaimBatch,
    ClaimedDay,
    ClaimExport,
    ClinicInfo,
    Consent,
    ConsentRevocation,
    Disclosure,
    Patient,
    PayerScheme,
    User,
)
from clinic.storage.settings_store import clinic_settings, demo_clinic
from clinic.wording import quoted

PURPOSES = {
    "insurance_claims": ("Insurance claims", "医保结算"),
    "transfer": ("Transfer to another clinic", "转诊"),
    "authority_report": ("Report to an authority", "向主管部门报告"),
    "family": ("Information to family", "告知家属"),
    "research": ("Statistics and research", "统计与科研"),
    "other": ("Other", "其他"),
}
SCAN_LIMIT = 10 * 1024 * 1024  # a scanned form: a few pages
SCAN_KINDS = {b"%PDF": "pdf", b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg"}


class DisclosureRefused(ClinicError):
    code = "disclosure_refused"


@dataclass(frozen=True)
class ConsentInfo:
    consent_id: int
    purpose: str
    recipient: str
    scope: str
    signed_on: date
    expires_on: date | None
    revoked_on: date | None
    renews_id: int | None = None
    has_scan: bool = False
    revoked_reason: str | None = None

    def valid_on(self, day: date) -> bool:
        return (
            self.signed_on <= day
            and (self.expires_on is None or day <= self.expires_on)
            and (self.revoked_on is None or day < self.revoked_on)
        )


@dataclass(frozen=True)
class DisclosureInfo:
    disclosure_id: int
    purpose: str
    recipient: str
    scope: str
    basis: str
    reference: str | None
    disclosed_at: datetime | None = None
    disclosed_by: str = ""
    consent_id: int | None = None
    legal_basis: str | None = None


def consents_of(session: Session, patient_id: int) -> list[ConsentInfo]:
    return consents_of_patients(session, [patient_id])[patient_id]


def consents_of_patients(
    session: Session, patient_ids: Sequence[int]
) -> dict[int, list[ConsentInfo]]:
    """Each of PATIENT_IDS' consents, oldest first: one query per 500 patients, so that a
    month's claims (2,000 patients) do not ask once per patient."""
    out: dict[int, list[ConsentInfo]] = {patient_id: [] for patient_id in patient_ids}
    ids = sorted(out)
    for at in range(0, len(ids), 500):
        rows = session.execute(
            select(
                Consent.id,
                Consent.purpose,
                Consent.recipient,
                Consent.scope,
                Consent.signed_on,
                Consent.expires_on,
                ConsentRevocation.revoked_on,
                Consent.renews_id,
                Consent.scan.is_not(None),
                ConsentRevocation.reason,
                Consent.patient_id,
            )
            .outerjoin(ConsentRevocation, ConsentRevocation.consent_id == Consent.id)
            .where(Consent.patient_id.in_(ids[at : at + 500]))
            .order_by(Consent.id)
        ).all()
        for row in rows:
            out[row[10]].append(
                ConsentInfo(
                    consent_id=row[0],
                    purpose=row[1],
                    recipient=row[2],
                    scope=row[3],
                    signed_on=row[4],
                    expires_on=row[5],
                    revoked_on=row[6],
                    renews_id=row[7],
                    has_scan=bool(row[8]),
                    revoked_reason=row[9],
                )
            )
    return out


def valid_consent(
    session: Session, patient_id: int, purpose: str, recipient: str, day: date
) -> ConsentInfo | None:
    return _valid_among(consents_of(session, patient_id), purpose, recipient, day)


def _valid_among(
    consents: Sequence[ConsentInfo], purpose: str, recipient: str, day: date
) -> ConsentInfo | None:
    """The newest of CONSENTS (one patient's, oldest first) covering PURPOSE to RECIPIENT on DAY."""
    wanted = recipient.strip().casefold()
    for consent in reversed(consents):
        if (
            consent.purpose == purpose
            and consent.recipient.strip().casefold() == wanted
            and consent.valid_on(day)
        ):
            return consent
    return None


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise InvalidInput(
            en=f"Unknown purpose {quoted(purpose)}.", zh=f"未知用途 {quoted(purpose)}。"
        )


def _scan(data: bytes | None) -> bytes | None:
    """A signed form's scan, checked: a PDF, PNG or JPEG of at most 10 MB."""
    if data is None:
        return None
    if not data or len(data) > SCAN_LIMIT:
        raise InvalidInput(
            en="Attach a scan of the signed form of at most 10 MB.",
            zh="请附上不超过 10 MB 的签字同意书扫描件。",
        )
    if not any(data.startswith(magic) for magic in SCAN_KINDS):
        raise InvalidInput(
            en="The scan must be a PDF, PNG or JPEG file.",
            zh="扫描件须为 PDF、PNG 或 JPEG 文件。",
        )
    return data


def _dates(session: Session, signed_on: date, expires_on: date | None) -> None:
    today = clock.clinic_today(session)
    if signed_on > today:
        raise InvalidInput(en="The signing date is in the future.", zh="签署日期不能晚于今天。")
    if expires_on is not None and expires_on < signed_on:
        raise InvalidInput(
            en="The consent expires before it was signed.", zh="失效日期早于签署日期。"
        )


def checked_form(purpose: str, recipient: str, scope: str) -> tuple[str, str]:
    """The recipient and scope of a consent as kept, or why they cannot be."""
    _check_purpose(purpose)
    who = free_text(recipient, 200, "Recipient", "接收方")
    what = free_text(scope, 500, "Information shared", "共享的信息范围")
    if not who or not what:
        raise InvalidInput(
            en="Name the recipient and the information shared.", zh="请填写接收方及共享的信息范围。"
        )
    return who, what


def _info(consent: Consent) -> ConsentInfo:
    return ConsentInfo(
        consent.id,
        consent.purpose,
        consent.recipient,
        consent.scope,
        consent.signed_on,
        consent.expires_on,
        None,
        consent.renews_id,
        consent.scan is not None,
    )


@service(Action.CONSENT_RECORD, entity="consent")
def record_consent(
    call: Call,
    *,
    patient_id: int,
    purpose: str,
    recipient: str,
    scope: str,
    signed_on: date,
    expires_on: date | None = None,
    scan: bytes | None = None,
) -> ConsentInfo:
    """A consent the patient signed: purpose, recipient, scope, from SIGNED_ON to EXPIRES_ON
    (None: until revoked), with the signed form's scan if there is one."""
    who, what = checked_form(purpose, recipient, scope)
    if call.session.get(Patient, patient_id) is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    _dates(call.session, signed_on, expires_on)
    consent = Consent(
        patient_id=patient_id,
        purpose=purpose,
        recipient=who,
        scope=what,
        signed_on=signed_on,
        expires_on=expires_on,
        scan=_scan(scan),
        recorded_by=call.actor.user_id,
    )
    call.session.add(consent)
    call.session.flush()
    call.note(entity_id=consent.id, patient_id=patient_id, purpose=purpose, scan=scan is not None)
    return _info(consent)


@service(Action.CONSENT_RECORD, entity="consent")
def renew_consent(
    call: Call,
    *,
    consent_id: int,
    signed_on: date,
    expires_on: date | None = None,
    scan: bytes | None = None,
) -> ConsentInfo:
    """A new consent for the same purpose, recipient and scope, signed again; the old one stays
    as it was (it expires or is revoked on its own terms)."""
    old = call.session.get(Consent, consent_id)
    if old is None:
        raise NotFound(en="No such consent.", zh="没有该同意书。")
    call.note(entity_id=consent_id, patient_id=old.patient_id)
    if call.session.scalars(
        select(ConsentRevocation.id).where(ConsentRevocation.consent_id == consent_id)
    ).first():
        raise Conflict(
            en="A revoked consent is not renewed: record a new consent if the patient agrees again.",
            zh="已撤回的同意书不能续签：如患者重新同意，请登记新的同意书。",
        )
    _dates(call.session, signed_on, expires_on)
    renewal = Consent(
        patient_id=old.patient_id,
        purpose=old.purpose,
        recipient=old.recipient,
        scope=old.scope,
        signed_on=signed_on,
        expires_on=expires_on,
        scan=_scan(scan),
        renews_id=old.id,
        recorded_by=call.actor.user_id,
    )
    call.session.add(renewal)
    call.session.flush()
    call.note(renewal_id=renewal.id, scan=scan is not None)
    return _info(renewal)


@dataclass(frozen=True)
class Revocation:
    consent_id: int
    revoked_on: date
    exported_days: tuple[date, ...]  # claimed days that had already left the clinic under it


@service(Action.CONSENT_RECORD, entity="consent")
def revoke_consent(call: Call, *, consent_id: int, reason: str) -> Revocation:
    """Revoke a consent at once (today), with why; nothing is disclosed under it from today. For
    a consent to claims, the days already exported stay exported: they are listed."""
    consent = call.session.get(Consent, consent_id)
    if consent is None:
        raise NotFound(en="No such consent.", zh="没有该同意书。")
    call.note(entity_id=consent_id, patient_id=consent.patient_id)
    if call.session.scalars(
        select(ConsentRevocation.id).where(ConsentRevocation.consent_id == consent_id)
    ).first():
        raise Conflict(en="This consent is already revoked.", zh="该同意书已撤回。")
    why = free_text(reason, 500, "Reason", "理由")
    if not why:
        raise InvalidInput(
            en="Say why the consent is revoked (the patient's words).",
            zh="请填写撤回理由（患者的意见）。",
        )
    today = clock.clinic_today(call.session)
    call.session.add(
        ConsentRevocation(
            consent_id=consent_id, revoked_on=today, reason=why, recorded_by=call.actor.user_id
        )
    )
    exported = (
        exported_claim_days(call.session, consent) if consent.purpose == "insurance_claims" else ()
    )
    call.note(exported_days=len(exported))
    return Revocation(consent_id, today, exported)


def exported_claim_days(session: Session, consent: Consent) -> tuple[date, ...]:
    """The patient's days in claim batches to CONSENT's recipient that were exported."""
    wanted = consent.recipient.strip().casefold()
    rows = session.execute(
        select(ClaimedDay.service_date, PayerScheme.name)
        .join(Claim, Claim.id == ClaimedDay.claim_id)
        .join(ClaimBatch, ClaimBatch.id == Claim.batch_id)
        .join(PayerScheme, PayerScheme.id == ClaimBatch.scheme_id)
        .where(
            ClaimedDay.patient_id == consent.patient_id,
            ClaimBatch.id.in_(select(ClaimExport.batch_id)),
        )
    ).all()
    return tuple(sorted({day for day, scheme in rows if scheme.strip().casefold() == wanted}))


@service(Action.CONSENT_READ, entity="consent")
def consent_scan(call: Call, *, consent_id: int) -> tuple[bytes, str]:
    """The signed form's scan and its kind (pdf, png, jpeg)."""
    consent = call.session.get(Consent, consent_id)
    if consent is None or consent.scan is None:
        raise NotFound(en="No scan is attached to this consent.", zh="该同意书没有扫描件。")
    call.note(entity_id=consent_id, patient_id=consent.patient_id)
    kind = next(k for magic, k in SCAN_KINDS.items() if consent.scan.startswith(magic))
    return consent.scan, kind


def authorize_disclosure(
    call: Call,
    *,
    patient_id: int,
    purpose: str,
    recipient: str,
    scope: str,
    legal_basis: str | None = None,
    reference: str | None = None,
) -> DisclosureInfo:
    """Check consent or legal basis for one disclosure and log it, inside CALL's transaction."""
    _check_purpose(purpose)
    today = clock.clinic_today(call.session)
    consent = valid_consent(call.session, patient_id, purpose, recipient, today)
    basis_text = free_text(legal_basis, 500, "Legal basis", "法律依据")
    if consent is None and not basis_text:
        raise DisclosureRefused(
            en=f"No valid consent of this patient covers {PURPOSES[purpose][0].lower()} to "
            f"{recipient}, and no legal basis was given. Nothing was disclosed.",
            zh=f"该患者没有向“{recipient}”{PURPOSES[purpose][1]}的有效同意，也未提供法律依据。未披露任何信息。",
            patient_id=patient_id,
        )
    row = Disclosure(
        patient_id=patient_id,
        purpose=purpose,
        recipient=recipient.strip(),
        scope=scope,
        consent_id=consent.consent_id if consent else None,
        legal_basis=None if consent else basis_text,
        reference=reference,
        disclosed_by=call.actor.user_id,
    )
    call.session.add(row)
    call.session.flush()
    basis = f"consent #{consent.consent_id}" if consent else "legal basis"
    call.also_audit(
        action="disclosure",
        entity="patient",
        entity_id=patient_id,
        disclosure_id=row.id,  # the recipient is in the sealed record, not in the trail
        purpose=purpose,
        basis=basis,
        reference=reference,
    )
    return DisclosureInfo(row.id, purpose, row.recipient, scope, basis, reference)


def authorize_disclosures(
    call: Call,
    *,
    scopes: Sequence[tuple[int, str]],
    purpose: str,
    recipient: str,
    reference: str | None = None,
) -> list[DisclosureInfo]:
    """`authorize_disclosure` for many patients at once under their consents (a month's claims:
    1,500 patients): the consents read in one query per 500 patients, the disclosures written in
    one flush, an audit event each as before. SCOPES: (patient, what of theirs leaves). If one
    patient has no valid consent, nothing is logged and the refusal names them."""
    _check_purpose(purpose)
    session = call.session
    today = clock.clinic_today(session)
    consents = consents_of_patients(session, [patient_id for patient_id, _ in scopes])
    rows = []
    for patient_id, scope in scopes:
        consent = _valid_among(consents[patient_id], purpose, recipient, today)
        if consent is None:
            raise DisclosureRefused(
                en=f"No valid consent of this patient covers {PURPOSES[purpose][0].lower()} to "
                f"{recipient}, and no legal basis was given. Nothing was disclosed.",
                zh=f"该患者没有向“{recipient}”{PURPOSES[purpose][1]}的有效同意，也未提供法律依据。"
                "未披露任何信息。",
                patient_id=patient_id,
            )
        rows.append(
            Disclosure(
                patient_id=patient_id,
                purpose=purpose,
                recipient=recipient.strip(),
                scope=scope,
                consent_id=consent.consent_id,
                legal_basis=None,
                reference=reference,
                disclosed_by=call.actor.user_id,
            )
        )
    session.add_all(rows)
    session.flush()
    out = []
    for row in rows:
        basis = f"consent #{row.consent_id}"
        call.also_audit(
            action="disclosure",
            entity="patient",
            entity_id=row.patient_id,
            disclosure_id=row.id,  # the recipient is in the sealed record, not in the trail
            purpose=purpose,
            basis=basis,
            reference=reference,
        )
        out.append(DisclosureInfo(row.id, purpose, row.recipient, row.scope, basis, reference))
    return out


@service(Action.DISCLOSURE_RECORD, entity="disclosure")
def record_disclosure(
    call: Call,
    *,
    patient_id: int,
    purpose: str,
    recipient: str,
    scope: str,
    legal_basis: str | None = None,
    reference: str | None = None,
) -> DisclosureInfo:
    """A disclosure made by hand (a transfer summary, a report): refused without a basis."""
    if call.session.get(Patient, patient_id) is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    call.note(entity_id=patient_id, purpose=purpose)
    info = authorize_disclosure(
        call,
        patient_id=patient_id,
        purpose=purpose,
        recipient=recipient,
        scope=scope,
        legal_basis=legal_basis,
        reference=reference,
    )
    call.note(disclosure_id=info.disclosure_id, basis=info.basis)
    return info


def disclosures_of(session: Session, patient_id: int) -> list[DisclosureInfo]:
    """Every disclosure of the patient's identified data, oldest first, with who made it and
    when (in the clinic's time zone)."""
    zone = clock.clinic_zone(session)
    rows = session.execute(
        select(Disclosure, User.full_name)
        .join(User, User.id == Disclosure.disclosed_by)
        .where(Disclosure.patient_id == patient_id)
        .order_by(Disclosure.id)
    ).all()
    return [
        DisclosureInfo(
            d.id,
            d.purpose,
            d.recipient,
            d.scope,
            f"consent #{d.consent_id}" if d.consent_id else "legal basis",
            d.reference,
            d.disclosed_at.astimezone(zone),
            who,
            d.consent_id,
            d.legal_basis,
        )
        for d, who in rows
    ]


def _patient(session: Session, patient_id: int) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return patient


def _clinic_name(session: Session) -> str:
    return session.scalars(select(ClinicInfo.name)).first() or ""


@service(Action.CONSENT_READ, entity="patient")
def consent_form_pdf(
    call: Call,
    *,
    patient_id: int,
    purpose: str,
    recipient: str,
    scope: str,
    signed_on: date,
    expires_on: date | None = None,
    renews: int | None = None,
) -> bytes:
    """The consent form for the patient to sign, filled in as typed (nothing is recorded)."""
    who, what = checked_form(purpose, recipient, scope)
    patient = _patient(call.session, patient_id)
    call.note(entity_id=patient_id, purpose=purpose, document="consent_form")
    en, zh = PURPOSES[purpose]
    form = ConsentForm(
        clinic_name=_clinic_name(call.session),
        patient_name=patient.name,
        patient_number=patient.patient_number,
        purpose_zh=zh,
        purpose_en=en,
        recipient=who,
        scope=what,
        starts_on=signed_on,
        expires_on=expires_on,
        renews=renews,
        printed_on=clock.clinic_today(call.session),
    )
    return render_consent_form(form, demo=demo_clinic(call.session))


@service(Action.CONSENT_READ, entity="patient")
def patient_consents(call: Call, *, patient_id: int) -> list[ConsentInfo]:
    """The patient's consents, oldest first: in force, expired, revoked (with why), renewed."""
    _patient(call.session, patient_id)
    call.note(entity_id=patient_id)
    return consents_of(call.session, patient_id)


@service(Action.CONSENT_READ, entity="patient")
def disclosure_history(call: Call, *, patient_id: int) -> list[DisclosureInfo]:
    """What of the patient's identified data left the clinic, to whom, on what basis, by whom."""
    _patient(call.session, patient_id)
    call.note(entity_id=patient_id)
    return disclosures_of(call.session, patient_id)


@service(Action.CONSENT_READ, entity="patient")
def disclosure_history_pdf(call: Call, *, patient_id: int) -> bytes:
    """The disclosure history printed for the patient."""
    patient = _patient(call.session, patient_id)
    call.note(entity_id=patient_id, document="disclosure_history")
    lines = []
    for d in disclosures_of(call.session, patient_id):
        en, zh = PURPOSES.get(d.purpose, (d.purpose, d.purpose))
        basis = (
            f"同意书 #{d.consent_id} consent #{d.consent_id}"
            if d.consent_id
            else f"法律依据 legal basis: {d.legal_basis or ''}"
        )
        assert d.disclosed_at is not None
        lines.append(
            DisclosureLine(
                d.disclosed_at,
                zh,
                en,
                d.recipient,
                d.scope,
                basis,
                d.reference,
                d.disclosed_by,
            )
        )
    history = DisclosureHistory(
        clinic_name=_clinic_name(call.session),
        patient_name=patient.name,
        patient_number=patient.patient_number,
        lines=lines,
        printed_on=clock.clinic_today(call.session),
    )
    return render_disclosure_history(history, demo=demo_clinic(call.session))


# --- consents about to expire -------------------------------------------------------------------

EXPIRY_WARNINGS = (7, 14, 30)  # days ahead a consent's expiry is listed, nearest first


def expiry_warning(days_left: int) -> int | None:
    """The nearest warning (7, 14 or 30 days) an expiry DAYS_LEFT days away has crossed; None
    if it is further away or already past."""
    if days_left < 0:
        return None
    return next((ahead for ahead in EXPIRY_WARNINGS if days_left <= ahead), None)


@dataclass(frozen=True)
class ExpiringConsent:
    consent_id: int
    patient_id: PatientId
    patient_number: str
    patient_name: str
    purpose: str
    recipient: str
    expires_on: date
    days_left: int  # 0: it expires at the end of today
    within: int  # 7, 14 or 30


def expiring_consents(session: Session, today: date) -> list[ExpiringConsent]:
    """Consents in force that expire within 30 days and were neither revoked nor renewed,
    soonest first."""
    horizon = today + timedelta(days=max(EXPIRY_WARNINGS))
    renewed = select(Consent.renews_id).where(Consent.renews_id.is_not(None))
    rows = session.execute(
        select(Consent, Patient.patient_number, Patient.name)
        .join(Patient, Patient.id == Consent.patient_id)
        .outerjoin(ConsentRevocation, ConsentRevocation.consent_id == Consent.id)
        .where(
            Consent.expires_on.between(today, horizon),
            Consent.signed_on <= today,
            ConsentRevocation.id.is_(None),
            Consent.id.not_in(renewed),
        )
        .order_by(Consent.expires_on, Patient.patient_number, Consent.id)
    ).all()
    out = []
    for consent, number, name in rows:
        assert consent.expires_on is not None
        left = (consent.expires_on - today).days
        within = expiry_warning(left)
        assert within is not None
        out.append(
            ExpiringConsent(
                consent.id,
                PatientId(consent.patient_id),
                number,
                name,
                consent.purpose,
                consent.recipient,
                consent.expires_on,
                left,
                within,
            )
        )
    return out


@service(Action.CONSENT_READ, entity="consent", read_only=True)
def consents_expiring(call: Call) -> list[ExpiringConsent]:
    """Consents expiring in the next 30, 14 and 7 days, for the physician or administrator to
    ask the patient to renew (or to let lapse)."""
    session = call.session
    listed = expiring_consents(session, clock.clinic_today(session, call.db.clock()))
    call.note(listed=len(listed))
    call.audit_shown(
        view="consents_expiring",
        shown=tuple(listed),
        patient_ids=(c.patient_id for c in listed),
        every_minutes=clinic_settings(session).integer("queue_audit_minutes"),
    )
    return listed
