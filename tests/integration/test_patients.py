"""Patients on a real database: enrolment, duplicates, role views, lifecycle, cards, disclosures."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from clinic import clock
from clinic.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from clinic.patients import consent, enrolment, records
from clinic.patients.consent import DisclosureRefused
from clinic.privacy.permissions import Role
from clinic.storage.models import AuditEvent, Disclosure, Patient, PayerScheme
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest


def today_of(cut: ClinicUnderTest):  # type: ignore[no-untyped-def]
    with UnitOfWork(cut.db, read_only=True) as uow:
        return clock.clinic_today(uow.session)


def add_scheme(cut: ClinicUnderTest, code: str = "RESIDENT") -> None:
    with UnitOfWork(cut.db) as uow:
        uow.session.add(
            PayerScheme(code=code, name="城乡居民医保 Resident scheme", kind="resident")
        )
        uow.commit()


def events(cut: ClinicUnderTest, action: str) -> list[AuditEvent]:
    with UnitOfWork(cut.db, read_only=True) as uow:
        rows = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        ).all()
        for row in rows:
            uow.session.expunge(row)
        return list(rows)


def test_enrol_open_and_duplicate(clinic: ClinicUnderTest) -> None:
    add_scheme(clinic)
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    today = today_of(clinic)
    draft = factories.enrolment(today, scheme="RESIDENT", insured="R123456", claims_consent=True)
    enrolled = enrolment.enrol_patient(doc, enrolment=draft)
    assert enrolled.status == "active" and enrolled.patient_number == f"P{enrolled.patient_id:06d}"
    record = records.open_patient(doc, patient_id=enrolled.patient_id)
    assert record.name == "王小明" and record.photo == factories.PNG
    assert record.national_id_masked.startswith("110") and "*" in record.national_id_masked
    assert record.diagnosis_icd11 == "6C43.2" and record.diagnosis_icd10 == "F11.2"
    assert record.monitoring_ends_on == today.replace(year=today.year + 3)
    assert [c.purpose for c in record.consents] == ["insurance_claims"]
    opened = events(clinic, "patient.read")
    assert opened[-1].entity_id == str(enrolled.patient_id) and opened[-1].username == "doc"
    assert "王小明" not in opened[-1].details
    # the same ID number again: refused, naming the existing record, nothing written
    again = factories.enrolment(today)
    again.identity = draft.identity
    with pytest.raises(Conflict) as dup:
        enrolment.enrol_patient(doc, enrolment=again)
    assert enrolled.patient_number in dup.value.message("en")
    assert (
        enrolment.check_duplicate(doc, national_id=draft.identity.national_id.lower())
        == enrolled.patient_number
    )
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Patient)) == 1
        assert (
            uow.session.scalars(select(Patient.national_id_index)).one()
            != draft.identity.national_id
        )


def test_each_role_sees_only_what_it_needs(clinic: ClinicUnderTest) -> None:
    add_scheme(clinic)
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    nurse = clinic.add_user("nurse", Role.NURSE)
    clerk = clinic.add_user("clerk", Role.BILLING_CLERK)
    pharm = clinic.add_user("pharm", Role.PHARMACIST)
    today = today_of(clinic)
    pid = enrolment.enrol_patient(
        doc, enrolment=factories.enrolment(today, scheme="RESIDENT", insured="R123456")
    ).patient_id
    by_clerk = records.open_patient(clerk, patient_id=pid)
    assert by_clerk.insurance_number == "R123456" and by_clerk.diagnosis_icd10 == "F11.2"
    assert by_clerk.orders == () and by_clerk.status_history == () and by_clerk.method is None
    assert by_clerk.phone is None and by_clerk.address is None
    by_nurse = records.open_patient(nurse, patient_id=pid)
    assert by_nurse.insurance_number is None and by_nurse.payer_scheme is None
    assert by_nurse.phone == "13800138000" and by_nurse.status_history
    by_pharm = records.open_patient(pharm, patient_id=pid)
    assert by_pharm.phone is None and by_pharm.insurance_number is None and by_pharm.method
    auditor = clinic.add_user("aud", Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        records.open_patient(auditor, patient_id=pid)
    assert events(clinic, "patient.read")[-1].outcome == "denied"
    assert {e.username for e in events(clinic, "patient.read") if e.outcome == "done"} == {
        "clerk",
        "nurse",
        "pharm",
    }


def test_status_lifecycle_and_readmission(clinic: ClinicUnderTest) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    today = today_of(clinic)
    pid = enrolment.enrol_patient(doc, enrolment=factories.enrolment(today)).patient_id
    records.change_status(
        doc, patient_id=pid, to_status="on_hold", effective_on=today, reason="in hospital"
    )
    records.change_status(doc, patient_id=pid, to_status="active", effective_on=today)
    with pytest.raises(InvalidInput):
        records.change_status(doc, patient_id=pid, to_status="discharged", effective_on=today)
    with pytest.raises(InvalidInput):
        records.change_status(
            doc, patient_id=pid, to_status="on_hold", effective_on=today + timedelta(days=1)
        )
    records.change_status(
        doc,
        patient_id=pid,
        to_status="discharged",
        effective_on=today,
        reason="completed treatment",
    )
    with pytest.raises(Conflict) as illegal:
        records.change_status(doc, patient_id=pid, to_status="on_hold", effective_on=today)
    assert "cannot become" in illegal.value.message("en") and "不能变为" in illegal.value.message(
        "zh_CN"
    )
    with pytest.raises(InvalidInput):
        records.change_status(doc, patient_id=pid, to_status="sleeping", effective_on=today)
    records.readmit(doc, patient_id=pid, agreement=factories.agreement(today))
    record = records.open_patient(doc, patient_id=pid)
    assert record.status == "active" and record.episode_number == 2
    assert [s.to_status for s in record.status_history] == [
        "applicant",
        "active",
        "on_hold",
        "active",
        "discharged",
        "active",
    ]
    assert record.status_history[-1].episode_number == 2
    records.change_status(
        doc, patient_id=pid, to_status="deceased", effective_on=today, reason="reported by family"
    )
    with pytest.raises(Conflict):
        records.readmit(doc, patient_id=pid, agreement=factories.agreement(today))
    nurse = clinic.add_user("nurse", Role.NURSE)
    with pytest.raises(PermissionDenied):
        records.change_status(nurse, patient_id=pid, to_status="active", effective_on=today)


def test_applicant_admission_needs_diagnosis_and_agreement(clinic: ClinicUnderTest) -> None:
    from clinic.patients.registry import register_patient

    doc = clinic.add_user("doc", Role.PHYSICIAN)
    applicant = register_patient(doc, name="赵六", national_id=factories.national_id(), sex="M")
    with pytest.raises(Conflict):
        records.change_status(
            doc, patient_id=applicant.patient_id, to_status="active", effective_on=today_of(clinic)
        )


def all_events_after(cut: ClinicUnderTest, seq: int) -> list[AuditEvent]:
    with UnitOfWork(cut.db, read_only=True) as uow:
        rows = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.seq > seq).order_by(AuditEvent.seq)
        ).all()
        for row in rows:
            uow.session.expunge(row)
        return list(rows)


def last_seq(cut: ClinicUnderTest) -> int:
    with UnitOfWork(cut.db, read_only=True) as uow:
        return int(uow.session.scalar(select(func.max(AuditEvent.seq))) or 0)


def test_a_scanned_card_opens_the_record_in_one_audited_call(clinic: ClinicUnderTest) -> None:
    """The scan is one service call: one event, patient.read, naming the patient and the
    reader, with the card's kind and whether it was void; each role sees its own view."""
    add_scheme(clinic)
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    nurse = clinic.add_user("nurse", Role.NURSE)
    clerk = clinic.add_user("clerk", Role.BILLING_CLERK)
    auditor = clinic.add_user("auditor", Role.AUDITOR)
    draft = factories.enrolment(
        today_of(clinic), scheme="RESIDENT", insured="R123456", claims_consent=True
    )
    patient = enrolment.enrol_patient(doc, enrolment=draft)
    old = records.issue_card(nurse, patient_id=patient.patient_id).code
    new = records.issue_card(nurse, patient_id=patient.patient_id, reason="lost").code

    before = last_seq(clinic)
    found = records.open_by_card(nurse, code=f" {new.lower()} ")
    (event,) = all_events_after(clinic, before)
    assert (event.action, event.entity, event.entity_id) == (
        "patient.read",
        "patient",
        str(patient.patient_id),
    )
    assert (event.username, event.outcome) == ("nurse", "done")
    details = json.loads(event.details)
    assert details["kind"] == "card" and details["voided_card"] is False
    assert details["view"] == sorted(records.view_of(frozenset({Role.NURSE})))
    assert new not in event.details and "王小明" not in event.details
    assert found.record == records.open_patient(nurse, patient_id=patient.patient_id)
    assert found.record.phone and found.record.insurance_number is None

    before = last_seq(clinic)
    void = records.open_by_card(clerk, code=old)
    (event,) = all_events_after(clinic, before)
    assert event.entity_id == str(patient.patient_id) and event.username == "clerk"
    assert json.loads(event.details)["voided_card"] is True
    assert void.voided and void.current_code == new
    assert void.record.insurance_number == "R123456" and void.record.orders == ()

    before = last_seq(clinic)
    with pytest.raises(NotFound):
        records.open_by_card(nurse, code="P999999-1-0000")
    (event,) = all_events_after(clinic, before)
    assert (event.action, event.outcome, event.entity_id) == ("patient.read", "failed", None)

    before = last_seq(clinic)
    with pytest.raises(PermissionDenied):
        records.open_by_card(auditor, code=new)
    (event,) = all_events_after(clinic, before)
    assert (event.action, event.outcome) == ("patient.read", "denied")


def test_cards_and_search(clinic: ClinicUnderTest) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    nurse = clinic.add_user("nurse", Role.NURSE)
    today = today_of(clinic)
    first = enrolment.enrol_patient(doc, enrolment=factories.enrolment(today, name="王小明"))
    enrolment.enrol_patient(doc, enrolment=factories.enrolment(today, name="张伟"))
    enrolment.enrol_patient(
        doc, enrolment=factories.enrolment(today, name="阿依古丽·买买提", sex="F")
    )
    card1 = records.issue_card(nurse, patient_id=first.patient_id)
    with pytest.raises(InvalidInput):
        records.issue_card(nurse, patient_id=first.patient_id)
    card2 = records.issue_card(nurse, patient_id=first.patient_id, reason="lost")
    assert card2.issue_number == 2 and card1.code != card2.code
    old = records.open_by_card(nurse, code=card1.code.lower())
    assert old.voided and old.current_code == card2.code
    assert old.record.patient_id == first.patient_id and old.record.card_code == card2.code
    assert not records.open_by_card(nurse, code=card2.code).voided
    with pytest.raises(NotFound):
        records.open_by_card(nurse, code="P999999-1-0000")
    pdf = records.card_pdf(nurse, patient_id=first.patient_id, clinic_name="x")
    assert (pdf.startswith(b"%PDF") and b"/Image" in pdf) or b"XObject" in pdf

    def numbers(query: str) -> list[str]:
        return [p.patient_number for p in records.search_patients(nurse, query=query)]

    assert numbers(first.patient_number) == [first.patient_number]
    assert numbers(card2.code) == [first.patient_number]
    assert numbers("小明") == [first.patient_number]
    assert numbers("wxm") == [first.patient_number]
    assert numbers("zw") == ["P000002"]
    assert numbers("古丽") == ["P000003"]
    with UnitOfWork(clinic.db, read_only=True) as uow:
        nid = uow.session.get(Patient, first.patient_id).national_id  # type: ignore[union-attr]
    assert first.patient_number in numbers(nid[-6:])
    with pytest.raises(InvalidInput):
        records.search_patients(nurse, query="12")
    listed = records.search_patients(nurse, query="张")
    assert "*" in listed[0].national_id_masked and nid not in repr(listed)
    for event in events(clinic, "patient.search"):
        assert "小明" not in event.details and "wxm" not in event.details
        assert json.loads(event.details)["kind"]


def test_disclosure_needs_consent_or_legal_basis(clinic: ClinicUnderTest) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    today = today_of(clinic)
    pid = enrolment.enrol_patient(doc, enrolment=factories.enrolment(today)).patient_id
    with pytest.raises(DisclosureRefused) as refused:
        consent.record_disclosure(
            doc,
            patient_id=pid,
            purpose="transfer",
            recipient="B市美沙酮门诊",
            scope="treatment summary",
        )
    assert "Nothing was disclosed" in refused.value.message("en")
    failed = events(clinic, "disclosure.record")[-1]
    assert failed.outcome == "failed" and "disclosure_refused" in failed.details
    given = consent.record_consent(
        doc,
        patient_id=pid,
        purpose="transfer",
        recipient="B市美沙酮门诊",
        scope="treatment summary",
        signed_on=today,
    )
    info = consent.record_disclosure(
        doc,
        patient_id=pid,
        purpose="transfer",
        recipient="b市美沙酮门诊 ",
        scope="treatment summary",
    )
    assert info.basis == f"consent #{given.consent_id}"
    logged = events(clinic, "disclosure")[-1]
    assert json.loads(logged.details)["disclosure_id"] == info.disclosure_id
    assert json.loads(logged.details)["purpose"] == "transfer"
    assert "美沙酮" not in logged.details  # the recipient is in the sealed record only
    consent.revoke_consent(doc, consent_id=given.consent_id, reason="changed mind")
    with pytest.raises(DisclosureRefused):
        consent.record_disclosure(
            doc,
            patient_id=pid,
            purpose="transfer",
            recipient="B市美沙酮门诊",
            scope="treatment summary",
        )
    by_law = consent.record_disclosure(
        doc,
        patient_id=pid,
        purpose="authority_report",
        recipient="公安机关",
        scope="status",
        legal_basis="Drug Rehabilitation Regulations art. 7",
    )
    assert by_law.basis == "legal basis"
    with UnitOfWork(clinic.db, read_only=True) as uow:
        rows = uow.session.scalars(select(Disclosure).order_by(Disclosure.id)).all()
        assert [(r.purpose, r.consent_id is not None) for r in rows] == [
            ("transfer", True),
            ("authority_report", False),
        ]
    expired = consent.record_consent(
        doc,
        patient_id=pid,
        purpose="family",
        recipient="妻子",
        scope="attendance",
        signed_on=today - timedelta(days=30),
        expires_on=today - timedelta(days=1),
    )
    assert expired.consent_id
    with pytest.raises(DisclosureRefused):
        consent.record_disclosure(
            doc, patient_id=pid, purpose="family", recipient="妻子", scope="attendance"
        )
