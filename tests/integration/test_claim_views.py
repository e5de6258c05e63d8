"""What the billing clerk reads: batches, a batch's claims and totals, a claim in full (audited as
a patient read), scheme terms and the fee schedule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clinic.errors import NotFound, PermissionDenied
from clinic.insurance import claims, exports, views
from clinic.privacy.audit import AuditFilter
from clinic.privacy.audit_service import audit_page
from clinic.privacy.permissions import Role
from tests.conftest import ClinicUnderTest
from tests.integration.test_claims import PASSPHRASE, Billing


@pytest.fixture
def b(clinic: ClinicUnderTest) -> Billing:
    return Billing(clinic)


def test_batches_and_batch_view(b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert views.list_batches(b.clerk) == []
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    [info] = views.list_batches(b.clerk)
    assert (info.batch_number, info.scheme_code, info.period_start) == (
        built.batch_number,
        "RESIDENT",
        date(2026, 3, 1),
    )
    assert (info.live.claims, info.live.total, info.live.payer) == (
        1,
        Decimal("57.50"),
        Decimal("40.25"),
    )
    assert info.statuses == {"draft": 1} and info.exports == 0
    exports.export_batch(
        b.clerk,
        batch_number=built.batch_number,
        target=tmp_path / "b",
        passphrase=PASSPHRASE,
        clinic_name="x",
        formats=("csv",),
    )
    number = built.claims[0].number
    claims.record_outcome(
        b.clerk, claim_number=number, status="paid", amount="40.00", on_date=date(2026, 4, 20)
    )
    view = views.batch_view(b.clerk, batch_number=built.batch_number.lower())
    [row] = view.claims
    assert (row.patient_number, row.days, row.status, row.paid_amount) == (
        "P000001",
        5,
        "paid",
        Decimal("40.00"),
    )
    paid = view.by_status["paid"]
    assert (paid.claims, paid.total, paid.payer, paid.patient, paid.paid) == (
        1,
        Decimal("57.50"),
        Decimal("40.25"),
        Decimal("17.25"),
        Decimal("40.00"),
    )
    assert paid.payer + paid.subsidy + paid.patient == paid.total
    assert view.info.exports == 1 and view.info.statuses == {"paid": 1}
    with pytest.raises(NotFound):
        views.batch_view(b.clerk, batch_number="CB-NOPE")
    with pytest.raises(PermissionDenied):
        views.list_batches(b.w.nurse)


def test_a_rejected_and_corrected_claim_shows_both_versions(b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    number = built.claims[0].number
    exports.export_batch(
        b.clerk,
        batch_number=built.batch_number,
        target=tmp_path / "b",
        passphrase=PASSPHRASE,
        clinic_name="x",
        formats=("csv",),
    )
    claims.record_outcome(b.clerk, claim_number=number, status="rejected", reason="wrong code")
    fixed = claims.correct_claim(b.clerk, claim_number=number)
    view = views.batch_view(b.clerk, batch_number=built.batch_number)
    assert [(r.number, r.version, r.status) for r in view.claims] == [
        (number, 1, "voided"),
        (fixed.number, 2, "draft"),
    ]
    assert view.info.live.claims == 1 and view.info.live.total == Decimal("57.50")
    old = views.claim_detail(b.clerk, claim_number=number)
    new = views.claim_detail(b.clerk, claim_number=fixed.number)
    assert (old.superseded_by, new.supersedes) == (fixed.number, number)
    assert [e.status for e in old.events] == ["draft", "exported", "rejected", "voided"]
    assert old.events[2].reason == "wrong code" and old.status == "voided"


def test_claim_detail_is_audited_as_a_patient_read(b: Billing) -> None:
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    detail = views.claim_detail(b.clerk, claim_number=built.claims[0].number)
    assert (detail.patient_name, detail.insured_number, detail.diagnosis_code) == (
        "王小明",
        "R1001",
        "F11.2",
    )
    assert len(detail.lines) == 10 and detail.lines[0].item_code == claims.SERVICE_FEE_CODE
    assert sum(line.amount for line in detail.lines) == detail.total == Decimal("57.50")
    for line in detail.lines:
        assert line.payer_amount + line.subsidy_amount + line.patient_amount == line.amount
    assert detail.terms.ratio == Decimal("0.7") and detail.terms.insutype == "390"
    assert [e.status for e in detail.events] == ["draft"]
    auditor = b.cut.add_user("auditor", Role.AUDITOR)
    reads = audit_page(
        auditor, flt=AuditFilter(action="patient.read", username="clerk"), offset=0, limit=10
    )
    assert [(r.entity, r.entity_id, r.details.get("via")) for r in reads] == [
        ("patient", str(b.insured), "claim detail")
    ]
    assert "王小明" not in str(reads[0].details)
    with pytest.raises(PermissionDenied):
        views.claim_detail(b.w.nurse, claim_number=built.claims[0].number)


def test_scheme_terms_and_fees_are_readable_by_the_administrator(b: Billing) -> None:
    admin = b.cut.admin()
    claims.set_scheme_terms(
        admin,
        scheme_code="RESIDENT",
        effective_from=date(2026, 7, 1),
        ratio="0.75",
        deductible="100",
        annual_cap="5000",
        subsidy_share="0.2",
        covered=["service", "drug"],
        insutype="390",
    )
    terms = views.list_scheme_terms(admin, scheme_code="resident")
    assert [(t.effective_from, t.ratio, t.annual_cap) for t in terms] == [
        (date(2026, 1, 1), Decimal("0.7"), None),
        (date(2026, 7, 1), Decimal("0.75"), Decimal("5000")),
    ]
    assert terms[1].covered == frozenset({"service", "drug"})
    fees = claims.list_fees(admin)
    assert {f.code for f in fees} == {claims.SERVICE_FEE_CODE, "DRUG-MET-1"}
    with pytest.raises(NotFound):
        views.list_scheme_terms(admin, scheme_code="NOPE")
