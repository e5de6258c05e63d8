"""The set-based claims build (issue 19) bills exactly what the per-patient build did.

The oracle is the build as it was before: patient by patient, a consent query each, ORM rows
flushed one claim at a time (kept here, on the same rules: plan_claim, split). It runs inside a
unit of work that is rolled back, then the real build_batch runs on the same clinic; every
written row (claims, lines, claimed days, the platform's visits, the draft events) and every
problem must be the same. On both backends, on a hand-built month and on seeded random ones.
"""

from __future__ import annotations

import random
from collections import defaultdict
from contextlib import suppress
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from clinic import clock
from clinic.dosing import screens
from clinic.dosing.dispense import DoseRefused
from clinic.dosing.window import record_dose
from clinic.insurance import claims
from clinic.insurance.money import Line, YearToDate, split
from clinic.patients.consent import consents_of
from clinic.storage.models import (
    Claim,
    ClaimBatch,
    ClaimedDay,
    ClaimEvent,
    ClaimLine,
    Dose,
    DoseVoid,
    Patient,
    PatientDetail,
    PlatformVisit,
    User,
)
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.test_claims import Billing


def _old_month_patients(session: Any, scheme: Any, start: date, end: date) -> list[Patient]:
    """The eligible patients as before: dosed in the month (a voided dose does not count), of
    the scheme, with a consent to claims some day of the month, asked patient by patient."""
    voided = select(DoseVoid.dose_id)
    dosed = set(
        session.scalars(
            select(Dose.patient_id).where(
                Dose.dosing_date >= start, Dose.dosing_date <= end, Dose.id.not_in(voided)
            )
        )
    )
    wanted = scheme.name.strip().casefold()
    rows = session.execute(
        select(Patient, PatientDetail.payer_scheme_id)
        .outerjoin(PatientDetail, PatientDetail.patient_id == Patient.id)
        .order_by(Patient.patient_number)
    ).all()
    old = []
    for patient, scheme_id in rows:
        if scheme_id != scheme.id or patient.id not in dosed:
            continue
        mine = [
            c
            for c in consents_of(session, patient.id)
            if c.purpose == "insurance_claims" and c.recipient.strip().casefold() == wanted
        ]
        if claims.consented_in(mine, start, end):
            old.append(patient)
    return old


def _old_build(session: Any, user_id: int, scheme_code: str, start: date, end: date) -> list[Any]:
    """The per-patient build of before issue 19 (ORM objects, a flush per claim); its problems."""
    scheme = claims._scheme(session, scheme_code)
    terms = claims.terms_on(session, scheme.id, start)
    assert terms is not None
    sequence = 1 + len(
        session.scalars(
            select(ClaimBatch.id).where(
                ClaimBatch.scheme_id == scheme.id, ClaimBatch.period_start == start
            )
        ).all()
    )
    batch = ClaimBatch(
        number=f"CB-{scheme.code}-{start:%Y%m}-{sequence:02d}",
        scheme_id=scheme.id,
        period_start=start,
        period_end=end,
        created_by=user_id,
    )
    session.add(batch)
    session.flush()
    patients = _old_month_patients(session, scheme, start, end)
    known = claims._load(session, [p.id for p in patients], start, end, scheme.id)
    problems: list[Any] = []
    for patient in patients:
        plan = claims.plan_claim(patient, known)
        problems += plan.problems
        if not plan.claimable:
            continue
        rule = claims.scheme_terms(terms)
        ytd = known.year_to_date.get(patient.id, YearToDate())
        lines = plan.lines
        lines.sort(key=lambda line: (line[0], line[1].kind != "service", line[1].code))
        parts, _ = split([Line(f.kind, n, f.unit_price) for _, f, n in lines], rule, ytd)
        claim = Claim(
            batch_id=batch.id,
            number=f"{batch.number}-{patient.patient_number}-V1",
            version=1,
            supersedes_id=None,
            patient_id=patient.id,
            terms_id=terms.id,
            insured_number=patient.insurance_number,
            diagnosis_code=plan.diagnosis.icd10,  # type: ignore[union-attr]
            diagnosis_name=plan.diagnosis.name,  # type: ignore[union-attr]
            total=sum((p.amount for p in parts), Decimal(0)),
            deductible=sum((p.deductible for p in parts), Decimal(0)),
            payer_amount=sum((p.payer for p in parts), Decimal(0)),
            subsidy_amount=sum((p.subsidy for p in parts), Decimal(0)),
            patient_amount=sum((p.patient for p in parts), Decimal(0)),
        )
        session.add(claim)
        session.flush()
        for n, ((day, fee, count), part) in enumerate(zip(lines, parts, strict=True), start=1):
            session.add(
                ClaimLine(
                    claim_id=claim.id,
                    line_no=n,
                    fee_item_id=fee.id,
                    service_date=day,
                    count=count,
                    unit_price=fee.unit_price,
                    amount=part.amount,
                    payer_amount=part.payer,
                    subsidy_amount=part.subsidy,
                    patient_amount=part.patient,
                )
            )
        for day, generations in plan.taken:
            session.add(
                ClaimedDay(
                    patient_id=patient.id,
                    service_date=day,
                    generation=generations + 1,
                    claim_id=claim.id,
                )
            )
        for visit in claims.platform_visits(
            claim.id, patient, known, sorted({d for d, _, _ in lines})
        ):
            session.add(PlatformVisit(**visit))
        session.add(ClaimEvent(claim_id=claim.id, status="draft", recorded_by=user_id))
        session.flush()
    return problems


def _written(session: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every claim row written, keyed by claim number instead of ids."""
    number = dict(session.execute(select(Claim.id, Claim.number)).all())
    out: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for c in session.scalars(select(Claim)):
        out["claims"].append(
            (
                c.number,
                c.version,
                c.patient_id,
                c.terms_id,
                c.insured_number,
                c.diagnosis_code,
                c.diagnosis_name,
                c.total,
                c.deductible,
                c.payer_amount,
                c.subsidy_amount,
                c.patient_amount,
            )
        )
    for x in session.scalars(select(ClaimLine)):
        out["lines"].append(
            (
                number[x.claim_id],
                x.line_no,
                x.fee_item_id,
                x.service_date,
                x.count,
                x.unit_price,
                x.amount,
                x.payer_amount,
                x.subsidy_amount,
                x.patient_amount,
            )
        )
    for d in session.scalars(select(ClaimedDay)):
        out["days"].append((d.patient_id, d.service_date, d.generation, number[d.claim_id]))
    for v in session.scalars(select(PlatformVisit)):
        out["visits"].append(
            (
                number[v.claim_id],
                v.service_date,
                v.registration_id,
                v.cert_type,
                v.cert_no,
                v.physician_id,
            )
        )
    for e in session.scalars(select(ClaimEvent)):
        out["events"].append((number[e.claim_id], e.status, e.recorded_by))
    return {k: sorted(v, key=repr) for k, v in out.items()}


def assert_same_as_before(cut: ClinicUnderTest, clerk: Any, month: int) -> claims.BatchResult:
    start, end = claims.month_period(2026, month)
    with UnitOfWork(cut.db) as uow:  # the oracle, rolled back
        s = uow.session
        clerk_id = s.scalars(select(User.id).where(User.username == "clerk")).one()
        before = _written(s)
        problems = _old_build(s, clerk_id, "RESIDENT", start, end)
        expected = _written(s)
    assert expected != before or not expected.get("claims")
    result = claims.build_batch(clerk, scheme_code="RESIDENT", year=2026, month=month)
    with UnitOfWork(cut.db, read_only=True) as uow:
        assert _written(uow.session) == expected
    assert [(p.patient_number, p.code, p.reason_en) for p in result.problems] == [
        (p.patient_number, p.code, p.reason_en) for p in problems
    ]
    return result


def test_a_hand_built_month_is_billed_as_before(clinic: ClinicUnderTest) -> None:
    b = Billing(clinic)
    result = assert_same_as_before(clinic, b.clerk, 3)
    assert [(c.days, c.total, c.payer_amount) for c in result.claims] == [
        (5, Decimal("57.50"), Decimal("40.25"))
    ]
    # built again: nothing new, every day a "claimed" problem naming the first claim
    again = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert again.claims == () and {p.code for p in again.problems} == {"claimed"}


@pytest.mark.parametrize("seed", [3, 17])
def test_a_random_month_is_billed_as_before(clinic: ClinicUnderTest, seed: int) -> None:
    """Seeded: more insured patients, doses on random days, screens with and without doses, a
    deductible from mid-month; some already claimed by an earlier (discarded) build."""
    rng = random.Random(seed)
    b = Billing(clinic)
    admin = clinic.admin()
    claims.set_fee(
        admin,
        code=claims.SCREEN_FEE_CODE,
        kind="screen",
        name="尿液吗啡检测",
        unit="次",
        unit_price="30",
        insurance_code="LAB001",
        effective_from=date(2026, 3, 10),
    )
    claims.set_scheme_terms(
        admin,
        scheme_code="RESIDENT",
        effective_from=date(2026, 3, 1),
        ratio="0.8",
        deductible=str(rng.choice([0, 15, 40])),
        annual_cap=str(rng.choice([60, 500])),
        subsidy_share="0.5",
        covered=["service", "drug", "screen"],
        insutype="390",
    )
    b.w.at(date(2026, 3, 2))
    more = [
        b.enrol(
            f"患者{'甲乙丙丁'[n]}",
            scheme="RESIDENT",
            insured=f"R2{n:03d}",
            consent=rng.random() < 0.8,
        )
        for n in range(4)
    ]
    for day in range(7, 29):
        b.w.at(date(2026, 3, day))
        for pid in [b.insured, *more]:
            if rng.random() < 0.6:
                with suppress(DoseRefused):  # missed days: held for the physician
                    record_dose(b.w.nurse, patient_id=pid, window_id=b.w.ph.window)
            if rng.random() < 0.1:
                screens.record_screen(
                    b.w.nurse,
                    patient_id=pid,
                    collected_on=date(2026, 3, day),
                    results={"opiates": rng.random() < 0.5},
                )
    b.w.at(date(2026, 4, 2))
    first = assert_same_as_before(clinic, b.clerk, 3)
    assert first.claims  # something is billed
    claims.discard_drafts(b.clerk, batch_number=first.batch_number, reason="rebuild")
    second = assert_same_as_before(clinic, b.clerk, 3)  # the days' second generation
    assert sorted(c.total for c in second.claims) == sorted(c.total for c in first.claims)
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert clock.clinic_today(uow.session) == date(2026, 4, 2)
