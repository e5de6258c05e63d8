"""Claims in the national platform's terms: charge categories, fee times, registration, visits,
the messages and their validation, on SQLCipher and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from clinic.errors import InvalidInput
from clinic.insurance import claims, exports
from clinic.storage.models import Dose
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.test_claims import PASSPHRASE, Billing, _open


@pytest.fixture
def b(clinic: ClinicUnderTest) -> Billing:
    return Billing(clinic)


def price(b: Billing, code: str, kind: str, since: date, **more: object) -> claims.FeeInfo:
    """A fee item's new version, with the fields these tests do not look at filled in."""
    fields: dict[str, object] = {"name": code, "unit": "次", "unit_price": "10"}
    fields |= {"insurance_code": "NAT-" + code, "effective_from": since} | more
    if kind == "drug":
        fields["product_id"] = b.w.ph.methadone
    return claims.set_fee(b.cut.admin(), code=code, kind=kind, **fields)  # type: ignore[arg-type]


def test_each_kind_of_item_has_its_platform_charge_category(b: Billing) -> None:
    fees = {f.code: f.charge_category for f in claims.list_fees(b.clerk)}
    assert fees == {claims.SERVICE_FEE_CODE: "05", "DRUG-MET-1": "09"}
    screen = price(b, claims.SCREEN_FEE_CODE, "screen", date(2026, 1, 1))
    assert screen.charge_category == "04"
    for kind, category, field in (
        ("service", "09", "medicine"),  # a dosing day is not a drug line
        ("drug", "05", "medicine"),
        ("service", "99", "med_chrgitm_type"),  # not in the code table
        ("service", "5", "med_chrgitm_type"),
    ):
        with pytest.raises(InvalidInput) as refused:
            price(b, "X-" + kind, kind, date(2026, 2, 1), charge_category=category)
        assert field in refused.value.message("en")
    # a changed category is a new version from a date; the old one stays as it was
    price(b, claims.SERVICE_FEE_CODE, "service", date(2026, 6, 1), charge_category="12")
    versions = [
        (f.effective_from, f.charge_category)
        for f in claims.list_fees(b.clerk)
        if f.code == claims.SERVICE_FEE_CODE
    ]
    assert versions == [(date(2026, 1, 1), "05"), (date(2026, 6, 1), "12")]


def test_the_fee_time_is_the_doses_time(b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    out = exports.export_batch(
        b.clerk,
        batch_number=result.batch_number,
        target=tmp_path / "batch",
        passphrase=PASSPHRASE,
        clinic_name="测试诊所",
        medins_code="H11010500001",
        formats=("csv",),
    )
    rows = list(
        csv.DictReader(
            io.StringIO(_open(out.path, f"{result.batch_number}.csv").decode("utf-8-sig"))
        )
    )
    with UnitOfWork(b.cut.db, read_only=True) as uow:
        from clinic import clock

        zone = clock.clinic_zone(uow.session)
        given = {
            d.dosing_date: d.given_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
            for d in uow.session.scalars(select(Dose).where(Dose.patient_id == b.insured))
        }
    assert {r["fee_ocur_time"] for r in rows} == set(given.values())
    assert not any(r["fee_ocur_time"].endswith("00:00:00") for r in rows)
    categories = {(r["medins_list_codg"], r["med_chrgitm_type"]) for r in rows}
    assert categories == {(claims.SERVICE_FEE_CODE, "05"), ("DRUG-MET-1", "09")}
