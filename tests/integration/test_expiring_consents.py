"""Consents about to expire (issue 17, item 6), listed 30, 14 and 7 days ahead at the bounds;
revoked, renewed, expired and far-off consents are not listed; a nurse cannot list them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clinic.errors import PermissionDenied
from clinic.patients import consent
from clinic.privacy.permissions import Role
from tests.conftest import ClinicUnderTest
from tests.integration.test_consents import _patient


def test_the_list_at_30_14_and_7_days(clinic: ClinicUnderTest) -> None:
    doc, pid, today = _patient(clinic)

    def given(days: int | None, recipient: str) -> int:
        return consent.record_consent(
            doc,  # type: ignore[arg-type]
            patient_id=pid,
            purpose="insurance_claims",
            recipient=recipient,
            scope="doses",
            signed_on=today - timedelta(days=60),
            expires_on=None if days is None else today + timedelta(days=days),
        ).consent_id

    for days in (-1, 0, 7, 8, 14, 15, 30, 31, None):
        given(days, f"R{days}")
    revoked = given(3, "revoked")
    consent.revoke_consent(doc, consent_id=revoked, reason="withdrawn")  # type: ignore[arg-type]
    renewed = given(5, "renewed")
    consent.renew_consent(  # type: ignore[arg-type]
        doc, consent_id=renewed, signed_on=today, expires_on=today + timedelta(days=365)
    )
    listed = consent.consents_expiring(doc)  # type: ignore[arg-type]
    assert [(c.recipient, c.days_left, c.within) for c in listed] == [
        ("R0", 0, 7),
        ("R7", 7, 7),
        ("R8", 8, 14),
        ("R14", 14, 14),
        ("R15", 15, 30),
        ("R30", 30, 30),
    ]
    first = listed[0]
    assert first.patient_id == pid and first.purpose == "insurance_claims"
    assert first.expires_on == today and first.patient_name
    admin = clinic.admin()
    assert len(consent.consents_expiring(admin)) == 6
    nurse = clinic.add_user("nurse", Role.NURSE)
    with pytest.raises(PermissionDenied):
        consent.consents_expiring(nurse)
