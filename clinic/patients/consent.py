"""Consents and disclosures: nothing identified leaves the clinic without a consent or a legal basis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import ClinicError, Conflict, InvalidInput, NotFound
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import Consent, ConsentRevocation, Disclosure, Patient
from clinic.wording import quoted

PURPOSES = {
    "insurance_claims": ("Insurance claims", "医保结算"),
    "transfer": ("Transfer to another clinic", "转诊"),
    "authority_report": ("Report to an authority", "向主管部门报告"),
    "family": ("Information to family", "告知家属"),
    "research": ("Research", "科研"),
}


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


def consents_of(session: Session, patient_id: int) -> list[ConsentInfo]:
    rows = session.execute(
        select(Consent, ConsentRevocation.revoked_on)
        .outerjoin(ConsentRevocation, ConsentRevocation.consent_id == Consent.id)
        .where(Consent.patient_id == patient_id)
        .order_by(Consent.id)
    ).all()
    return [
        ConsentInfo(c.id, c.purpose, c.recipient, c.scope, c.signed_on, c.expires_on, revoked)
        for c, revoked in rows
    ]


def valid_consent(
    session: Session, patient_id: int, purpose: str, recipient: str, day: date
) -> ConsentInfo | None:
    wanted = recipient.strip().casefold()
    for consent in reversed(consents_of(session, patient_id)):
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
) -> ConsentInfo:
    _check_purpose(purpose)
    if call.session.get(Patient, patient_id) is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    who = free_text(recipient, 200, "Recipient", "接收方")
    what = free_text(scope, 500, "Information shared", "共享的信息范围")
    if not who or not what:
        raise InvalidInput(
            en="Name the recipient and the information shared.", zh="请填写接收方及共享的信息范围。"
        )
    today = clock.clinic_today(call.session)
    if signed_on > today:
        raise InvalidInput(en="The signing date is in the future.", zh="签署日期不能晚于今天。")
    if expires_on is not None and expires_on < signed_on:
        raise InvalidInput(
            en="The consent expires before it was signed.", zh="失效日期早于签署日期。"
        )
    consent = Consent(
        patient_id=patient_id,
        purpose=purpose,
        recipient=who,
        scope=what,
        signed_on=signed_on,
        expires_on=expires_on,
        recorded_by=call.actor.user_id,
    )
    call.session.add(consent)
    call.session.flush()
    call.note(entity_id=consent.id, patient_id=patient_id, purpose=purpose)
    return ConsentInfo(consent.id, purpose, who, what, signed_on, expires_on, None)


@service(Action.CONSENT_RECORD, entity="consent")
def revoke_consent(
    call: Call, *, consent_id: int, revoked_on: date, reason: str | None = None
) -> None:
    consent = call.session.get(Consent, consent_id)
    if consent is None:
        raise NotFound(en="No such consent.", zh="没有该同意书。")
    call.note(entity_id=consent_id, patient_id=consent.patient_id)
    if call.session.scalars(
        select(ConsentRevocation.id).where(ConsentRevocation.consent_id == consent_id)
    ).first():
        raise Conflict(en="This consent is already revoked.", zh="该同意书已撤回。")
    if revoked_on < consent.signed_on:
        raise InvalidInput(
            en="A consent cannot be revoked before it was signed.", zh="撤回日期不能早于签署日期。"
        )
    call.session.add(
        ConsentRevocation(
            consent_id=consent_id,
            revoked_on=revoked_on,
            reason=free_text(reason, 500, "Reason", "理由"),
            recorded_by=call.actor.user_id,
        )
    )


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
        purpose=purpose,
        recipient=recipient.strip()[:100],
        basis=basis,
        reference=reference,
    )
    return DisclosureInfo(row.id, purpose, row.recipient, scope, basis, reference)


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
    rows = session.scalars(
        select(Disclosure).where(Disclosure.patient_id == patient_id).order_by(Disclosure.id)
    )
    return [
        DisclosureInfo(
            d.id,
            d.purpose,
            d.recipient,
            d.scope,
            f"consent #{d.consent_id}" if d.consent_id else "legal basis",
            d.reference,
        )
        for d in rows
    ]
