"""Consent the patient controls: recorded with the signed form, renewed, revoked at once with
who and why; the form printed for signature; every disclosure on the patient's history, printable.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from clinic.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from clinic.insurance import claims, exports
from clinic.patients import consent, enrolment
from clinic.patients.consent import DisclosureRefused
from clinic.privacy.permissions import Role
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.test_claims import PASSPHRASE, Billing
from tests.integration.test_patients import events, today_of

PDF = b"%PDF-1.4\n% a signed form\n"
CLINIC = "B市美沙酮门诊"


def _text(data: bytes, folder: Path) -> str:
    path = folder / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _patient(clinic: ClinicUnderTest) -> tuple[object, int, date]:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    today = today_of(clinic)
    pid = enrolment.enrol_patient(doc, enrolment=factories.enrolment(today)).patient_id
    return doc, pid, today


def test_a_consent_is_recorded_with_its_scan_renewed_and_revoked(clinic: ClinicUnderTest) -> None:
    doc, pid, today = _patient(clinic)
    given = consent.record_consent(
        doc,
        patient_id=pid,
        purpose="transfer",
        recipient=CLINIC,
        scope="treatment summary",
        signed_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=10),
        scan=PDF,
    )
    assert given.has_scan and given.renews_id is None
    assert consent.consent_scan(doc, consent_id=given.consent_id) == (PDF, "pdf")

    renewed = consent.renew_consent(
        doc, consent_id=given.consent_id, signed_on=today, expires_on=today + timedelta(days=365)
    )
    assert (renewed.purpose, renewed.recipient, renewed.scope, renewed.renews_id) == (
        "transfer",
        CLINIC,
        "treatment summary",
        given.consent_id,
    )
    assert not renewed.has_scan
    with pytest.raises(NotFound):
        consent.consent_scan(doc, consent_id=renewed.consent_id)
    kept = {c.consent_id: c for c in consent.patient_consents(doc, patient_id=pid)}
    assert kept[given.consent_id].expires_on == today + timedelta(days=10)  # the old one unchanged

    with pytest.raises(InvalidInput, match="why"):
        consent.revoke_consent(doc, consent_id=renewed.consent_id, reason="  ")
    revoked = consent.revoke_consent(doc, consent_id=renewed.consent_id, reason="moved away")
    assert revoked.revoked_on == today and revoked.exported_days == ()
    with pytest.raises(Conflict):
        consent.revoke_consent(doc, consent_id=renewed.consent_id, reason="again")
    with pytest.raises(Conflict, match="revoked consent is not renewed"):
        consent.renew_consent(doc, consent_id=renewed.consent_id, signed_on=today)
    after = {c.consent_id: c for c in consent.patient_consents(doc, patient_id=pid)}
    assert after[renewed.consent_id].revoked_on == today
    assert after[renewed.consent_id].revoked_reason == "moved away"
    event = events(clinic, "consent.record")[-3]  # the revocation; then two refusals
    assert json.loads(event.details)["patient_id"] == pid


def test_a_scan_must_be_a_pdf_or_picture_of_at_most_10_mb(clinic: ClinicUnderTest) -> None:
    doc, pid, today = _patient(clinic)
    form = dict(patient_id=pid, purpose="family", recipient="妻子", scope="attendance")
    for bad in (b"", b"MZ\x90\x00 an executable", b"%PDF" + bytes(10 * 1024 * 1024)):
        with pytest.raises(InvalidInput):
            consent.record_consent(doc, signed_on=today, scan=bad, **form)  # type: ignore[arg-type]
    assert consent.patient_consents(doc, patient_id=pid) == []  # nothing recorded
    png = consent.record_consent(doc, signed_on=today, scan=factories.PNG, **form)  # type: ignore[arg-type]
    assert consent.consent_scan(doc, consent_id=png.consent_id)[1] == "png"


def test_only_physicians_and_administrators_manage_consents(clinic: ClinicUnderTest) -> None:
    _, pid, today = _patient(clinic)
    nurse = clinic.add_user("nurse", Role.NURSE)
    with pytest.raises(PermissionDenied):
        consent.record_consent(
            nurse,
            patient_id=pid,
            purpose="other",
            recipient="社工",
            scope="attendance",
            signed_on=today,
        )
    admin = clinic.admin()
    other = consent.record_consent(
        admin,
        patient_id=pid,
        purpose="other",
        recipient="社工",
        scope="attendance",
        signed_on=today,
    )
    consent.revoke_consent(admin, consent_id=other.consent_id, reason="patient asked")


def test_the_consent_form_prints_what_the_patient_signs(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    doc, pid, today = _patient(clinic)
    data = consent.consent_form_pdf(
        doc,
        patient_id=pid,
        purpose="insurance_claims",
        recipient="城乡居民医保",
        scope="daily doses, urine screens and fees for claims",
        signed_on=today,
        expires_on=date(today.year + 1, 12, 31),
    )
    text = _text(data, tmp_path)
    for shown in ("知情同意书", "城乡居民医保", "daily doses", "医保结算", "Patient's signature"):
        assert shown in text, shown
    assert f"{today.year + 1}-12-31" in text
    assert consent.patient_consents(doc, patient_id=pid) == []  # printing records nothing
    with pytest.raises(InvalidInput):
        consent.consent_form_pdf(
            doc, patient_id=pid, purpose="gossip", recipient="x", scope="y", signed_on=today
        )


def test_the_disclosure_history_lists_and_prints_every_disclosure(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    doc, pid, today = _patient(clinic)
    assert consent.disclosure_history(doc, patient_id=pid) == []
    given = consent.record_consent(
        doc, patient_id=pid, purpose="transfer", recipient=CLINIC, scope="summary", signed_on=today
    )
    consent.record_disclosure(
        doc, patient_id=pid, purpose="transfer", recipient=CLINIC, scope="summary", reference="T-9"
    )
    consent.record_disclosure(
        doc,
        patient_id=pid,
        purpose="authority_report",
        recipient="公安机关",
        scope="status",
        legal_basis="禁毒条例第七条",
    )
    first, second = consent.disclosure_history(doc, patient_id=pid)
    assert (first.recipient, first.consent_id, first.reference, first.disclosed_by) == (
        CLINIC,
        given.consent_id,
        "T-9",
        "Test doc",
    )
    assert (second.consent_id, second.legal_basis) == (None, "禁毒条例第七条")
    assert first.disclosed_at is not None
    text = _text(consent.disclosure_history_pdf(doc, patient_id=pid), tmp_path)
    for shown in (
        CLINIC,
        "T-9",
        "公安机关",
        "禁毒条例第七条",
        f"consent #{given.consent_id}",
        "2 disclosures",
    ):
        assert shown in text, shown
    reads = [e for e in events(clinic, "consent.read") if e.entity_id == str(pid)]
    assert len(reads) == 3  # the two lists and the print are reads of the record
    with pytest.raises(PermissionDenied):
        consent.disclosure_history(clinic.add_user("clerk", Role.BILLING_CLERK), patient_id=pid)


def test_revoking_claims_consent_lists_the_days_already_exported(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    b = Billing(clinic)
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    exports.export_batch(
        b.clerk,
        batch_number=built.batch_number,
        target=tmp_path / "b",
        passphrase=PASSPHRASE,
        clinic_name="x",
        formats=("csv",),
    )
    doc = b.w.doc
    [kept] = [
        c
        for c in consent.patient_consents(doc, patient_id=b.insured)
        if c.purpose == "insurance_claims"
    ]
    revoked = consent.revoke_consent(doc, consent_id=kept.consent_id, reason="pays privately now")
    assert revoked.exported_days == tuple(date(2026, 3, d) for d in range(2, 7))
    with pytest.raises(DisclosureRefused):
        consent.record_disclosure(
            doc,
            patient_id=b.insured,
            purpose="insurance_claims",
            recipient="城乡居民医保",
            scope="claims",
        )


def test_revoking_claims_consent_mid_month_keeps_later_days_out_of_a_new_batch(
    clinic: ClinicUnderTest,
) -> None:
    """Doses on 2–6 March; the consent is revoked on 4 March: a new batch claims 2 and 3 March
    only, says why the rest are left out, and asks no confirmation for them at export."""
    b = Billing(clinic)
    doc = b.w.doc
    [kept] = [
        c
        for c in consent.patient_consents(doc, patient_id=b.insured)
        if c.purpose == "insurance_claims"
    ]
    b.w.at(date(2026, 3, 4))
    consent.revoke_consent(doc, consent_id=kept.consent_id, reason="will pay privately")
    b.w.at(date(2026, 4, 2))
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    [claim] = built.claims
    assert claim.days == 2
    [left_out] = [p for p in built.problems if p.code == "outside_consent"]
    assert "3 days from 2026-03-04 to 2026-03-06" in left_out.reason_en
    assert not left_out.unresolved  # nothing for the clerk to fix: the patient said no


def test_a_consent_revoked_before_the_month_leaves_the_patient_out(clinic: ClinicUnderTest) -> None:
    b = Billing(clinic)
    doc = b.w.doc
    [kept] = [
        c
        for c in consent.patient_consents(doc, patient_id=b.insured)
        if c.purpose == "insurance_claims"
    ]
    b.w.at(date(2026, 3, 2))  # revoked on the first dosing day: no day of March is covered
    consent.revoke_consent(doc, consent_id=kept.consent_id, reason="will pay privately")
    b.w.at(date(2026, 4, 2))
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert built.claims == ()
    assert any(e.code == "no_consent" and "in this month" in e.reason_en for e in built.excluded)
