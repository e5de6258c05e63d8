"""What a clerk must know before claims leave: the month's unresolved problems (an export with
them is refused until confirmed, naming them), the month as it stands for any scheme chosen, and
why a payer pays nothing on a claim."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinic.errors import NeedsConfirmation
from clinic.insurance import claims, exports, views
from clinic.storage.models import ClaimExport, Disclosure, Patient
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.test_claims import PASSPHRASE, Billing


@pytest.fixture
def b(clinic: ClinicUnderTest) -> Billing:
    return Billing(clinic)


NO_PRICE = "no price for 盐酸美沙酮口服溶液 1 mg/mL on 2026-03-0"


def export(b: Billing, batch: str, target: Path, **extra: object) -> exports.ExportResult:
    return exports.export_batch(
        b.clerk,
        batch_number=batch,
        target=target,
        passphrase=PASSPHRASE,
        clinic_name="测试诊所",
        **extra,  # type: ignore[arg-type]
    )


def written(b: Billing) -> tuple[int, int]:
    with UnitOfWork(b.cut.db, read_only=True) as uow:
        files = uow.session.scalar(select(func.count()).select_from(ClaimExport))
        told = uow.session.scalar(select(func.count()).select_from(Disclosure))
    return int(files or 0), int(told or 0)


def test_an_export_with_unresolved_problems_is_refused_until_confirmed(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    b = Billing(clinic, drug_priced_from=date(2026, 3, 4))  # 2 and 3 March have no drug price
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    number = built.batch_number
    seen = exports.export_problems(b.clerk, batch_number=number)
    assert [(p.patient_number, p.code) for p in seen] == [("P000001", "no_price")] * 2
    before = written(b)
    target = tmp_path / "march.zip"
    with pytest.raises(NeedsConfirmation) as refused:
        export(b, number, target)
    text = refused.value.message("en")
    assert "2 unresolved problems" in text and f"P000001: {NO_PRICE}2" in text
    assert f"{NO_PRICE}3" in text
    assert "2 个未解决的问题" in refused.value.message("zh_CN")
    assert refused.value.details["problems"] == 2
    # a confirmation of another count (the list changed since it was seen) is refused too
    with pytest.raises(NeedsConfirmation):
        export(b, number, target, confirm_problems=1)
    assert not target.exists() and written(b) == before
    assert claims.claim_status_of(b.clerk, claim_number=built.claims[0].number) == "draft"
    done = export(b, number, target, confirm_problems=2)
    assert done.path == target and target.exists() and done.claims == 1
    assert claims.claim_status_of(b.clerk, claim_number=built.claims[0].number) == "exported"


def test_an_export_without_problems_needs_no_confirmation(b: Billing, tmp_path: Path) -> None:
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert exports.export_problems(b.clerk, batch_number=built.batch_number) == ()
    assert export(b, built.batch_number, tmp_path / "a.zip").claims == 1


def test_a_day_claimed_in_another_batch_is_not_an_unresolved_problem(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    b = Billing(clinic, drug_priced_from=date(2026, 3, 4))
    first = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    claims.set_fee(
        clinic.admin(),
        code="DRUG-MET-1",
        kind="drug",
        name="盐酸美沙酮口服溶液",
        unit="mL",
        unit_price="0.05",
        insurance_code="XN02AC",
        product_id=b.w.ph.methadone,
        effective_from=date(2026, 3, 1),
    )
    # the price is fixed: the problem is gone although its days are not claimed yet
    assert exports.export_problems(b.clerk, batch_number=first.batch_number) == ()
    second = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert second.problems and not second.unresolved  # "already claimed" only
    assert exports.export_problems(b.clerk, batch_number=second.batch_number) == ()


def test_the_month_view_follows_the_scheme_and_month(clinic: ClinicUnderTest) -> None:
    b = Billing(clinic, drug_priced_from=date(2026, 3, 4))
    before = views.month_view(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert (before.batch_number, before.claims, before.claimable) == ("", (), 1)
    assert {e.code for e in before.excluded} == {"no_consent", "self_pay"}
    assert [p.code for p in before.problems] == ["no_price", "no_price"]
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    after = views.month_view(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert after.batch_number == built.batch_number and after.claimable == 0
    assert [(c.number, c.total, c.status) for c in after.claims] == [
        (built.claims[0].number, Decimal("34.50"), "draft")
    ]
    assert len(after.problems) == 2  # still open: nothing fixed them
    other = views.month_view(b.clerk, scheme_code="RESIDENT", year=2026, month=2)
    assert (other.batch_number, other.claims, other.problems, other.claimable) == ("", (), (), 0)


def test_why_the_payer_pays_nothing_is_on_the_claim(b: Billing) -> None:
    claims.set_scheme_terms(
        b.cut.admin(),
        scheme_code="RESIDENT",
        effective_from=date(2026, 3, 1),
        ratio="0.8",
        deductible="200",
        annual_cap="3000",
        subsidy_share="0",
        covered=["service", "drug", "screen"],
        insutype="310",
    )
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    [claim] = built.claims
    assert claim.payer_amount == 0 and claim.payer_note is not None
    assert claim.payer_note.kind == "deductible"
    assert "deductible not met" in claim.payer_note.en and "¥57.50" in claim.payer_note.en
    assert "未达起付线" in claim.payer_note.zh and "¥200.00" in claim.payer_note.zh
    [row] = views.batch_view(b.clerk, batch_number=built.batch_number).claims
    assert row.payer_note == claim.payer_note
    detail = views.claim_detail(b.clerk, claim_number=claim.number)
    assert detail.payer_note == claim.payer_note


def test_a_claim_the_payer_pays_has_no_note(b: Billing) -> None:
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert built.claims[0].payer_amount > 0 and built.claims[0].payer_note is None
    [row] = views.batch_view(b.clerk, batch_number=built.batch_number).claims
    assert row.payer_note is None


def test_the_export_sees_a_change_made_after_the_build(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    """The build's own check is kept for the export only while nothing the check reads changed:
    a price added (a new row) or an insured number taken away in place (an edited row)."""
    b = Billing(clinic, drug_priced_from=date(2026, 3, 4))
    built = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert len(built.unresolved) == 2
    assert exports.export_problems(b.clerk, batch_number=built.batch_number) == built.unresolved
    with UnitOfWork(b.cut.db) as uow:  # as a bulk import or a repair would, bypassing services
        patient = uow.session.get(Patient, b.insured)
        assert patient is not None
        patient.insurance_number = None
        uow.commit()
    seen = exports.export_problems(b.clerk, batch_number=built.batch_number)
    assert [p.code for p in seen] == ["no_insured_number", "no_price", "no_price"]
    with pytest.raises(NeedsConfirmation) as refused:
        export(b, built.batch_number, tmp_path / "march.zip", confirm_problems=2)
    assert refused.value.details["problems"] == 3
