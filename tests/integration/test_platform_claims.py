"""Claims in the national platform's terms: charge categories, fee times, registration, visits,
the messages and their validation, on SQLCipher and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from clinic import administration
from clinic.errors import InvalidInput, PermissionDenied
from clinic.insurance import claims, exports, platform
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


def platform_ready(b: Billing, *, register: bool = True) -> None:
    """The clinic's codes set, and the insured patient registered for the chronic disease."""
    admin = b.cut.admin()
    for key, value in PLATFORM_SETTINGS.items():
        administration.update_setting(admin, key=key, value=value)
    if register:
        platform.register_chronic_disease(
            b.clerk,
            patient_id=b.insured,
            scheme_code="RESIDENT",
            disease_code="M08300",
            disease_name="阿片类物质依赖（美沙酮维持治疗）",
            begins_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            registration_number="MTB-2026-0001",
            insuplc_admdvs="110105",
        )


PLATFORM_SETTINGS = {
    "medins_code": "H11010500001",
    "mdtrtarea_admvs": "110105",
    "dept_code": "A16",
    "dept_name": "美沙酮门诊",
    "caty": "A16",
}


def export_platform(b: Billing, batch: str, target) -> tuple[exports.ExportResult, dict[str, list]]:  # type: ignore[no-untyped-def]
    out = exports.export_batch(
        b.clerk,
        batch_number=batch,
        target=target,
        passphrase=PASSPHRASE,
        clinic_name="测试诊所",
        formats=("platform",),
    )
    messages: dict[str, list] = {}
    for name in out.files:
        if name.endswith(".jsonl"):
            infno = name.rsplit("-", 1)[1].removesuffix(".jsonl")
            text = _open(out.path, name).decode()
            messages[infno] = [json.loads(line) for line in text.splitlines()]
    return out, messages


def replies(b: Billing, rows: list[list[str]]) -> platform.ReplyReport:
    data = "ipt_otp_no,infno,id,rejection\n" + "".join(",".join(r) + "\n" for r in rows)
    return platform.import_platform_replies(b.clerk, data=data.encode(), reference="test")


def test_a_month_goes_to_the_platform_visit_by_visit(b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    platform_ready(b)
    batch = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    first, sent = export_platform(b, batch.batch_number, tmp_path / "one")
    # nothing registered yet: each of the 5 dosing days goes out as its visit registration
    assert set(sent) == {"2201"} and len(sent["2201"]) == 5 and first.not_yet_registered == 5
    status = _open(first.path, f"{batch.batch_number}-platform.txt").decode()
    assert "5 visits not yet registered" in status and "5 次就诊尚未登记" in status
    visit = sent["2201"][0]
    assert visit["insuplc_admdvs"] == "110105" and visit["medins_code"] == "H11010500001"
    assert visit["input"]["data"]["mdtrt_cert_type"] == "02"
    numbers = [m["input"]["data"]["ipt_otp_no"] for m in sent["2201"]]
    report = replies(b, [[n, "2201", f"MD{i}"] for i, n in enumerate(numbers)])
    assert report.applied == 5 and report.problems == ()
    _, sent = export_platform(b, batch.batch_number, tmp_path / "two")
    assert set(sent) == {"2204", "2207"} and len(sent["2207"]) == 5
    lines = [line for m in sent["2204"] for line in m["input"]["feedetail"]]
    assert {(x["medins_list_codg"], x["med_chrgitm_type"]) for x in lines} == {
        (claims.SERVICE_FEE_CODE, "05"),
        ("DRUG-MET-1", "09"),
    }
    assert {x["dise_codg"] for x in lines} == {"M08300"}  # the chronic-disease code, not F11.2
    assert {x["mdtrt_id"] for x in lines} == {f"MD{i}" for i in range(5)}
    assert all(x["bilg_dr_name"] and x["bilg_dept_codg"] == "A16" for x in lines)
    for m in sent["2207"]:
        pre = m["input"]["presettlement"]
        total = Decimal(pre["medfee_sumamt"])
        assert Decimal(pre["fund_pay_sumamt"]) + Decimal(pre["psn_part_amt"]) == total
        assert total == Decimal("11.50") and pre["fund_pay_sumamt"] == "8.05"
    report = replies(b, [[n, "2207", f"ST{i}"] for i, n in enumerate(numbers)])
    assert report.applied == 5
    number = batch.claims[0].number
    assert claims.claim_status_of(b.clerk, claim_number=number) == "accepted"
    _, sent = export_platform(b, batch.batch_number, tmp_path / "three")
    assert set(sent) == {"4101A"} and len(sent["4101A"]) == 5
    listing = sent["4101A"][0]["input"]
    assert {i["med_chrgitm"]: i["amt"] for i in listing["iteminfo"]} == {
        "05": "10.00",
        "09": "1.50",
    }
    assert listing["opspdiseinfo"][0]["diag_code"] == "M08300"
    assert listing["payinfo"] == [{"fund_pay_type": "390100", "fund_payamt": "8.05"}]


def test_replies_that_do_not_fit_change_nothing(b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    platform_ready(b)
    batch = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    _, sent = export_platform(b, batch.batch_number, tmp_path / "one")
    number = sent["2201"][0]["input"]["data"]["ipt_otp_no"]
    with pytest.raises(InvalidInput) as bad:
        replies(b, [[number, "2205", "X1"]])
    assert "Line 2" in bad.value.message("en")
    report = replies(b, [["MZ9999999999", "2201", "X1"], [number, "2207", "S1"]])
    assert report.applied == 0 and len(report.problems) == 2
    replies(b, [[number, "2201", "MD1"], [number, "2207", "", "证件号码与参保信息不符"]])
    assert claims.claim_status_of(b.clerk, claim_number=batch.claims[0].number) == "rejected"


def test_no_export_while_a_message_is_wrong_until_fixed_or_excluded(b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    platform_ready(b, register=False)
    batch = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    with pytest.raises(InvalidInput) as refused:
        export_platform(b, batch.batch_number, tmp_path / "one")
    assert "opsp_dise_code" in refused.value.message("en")
    assert "门诊慢特病登记" in refused.value.message("zh_CN")
    assert claims.claim_status_of(b.clerk, claim_number=batch.claims[0].number) == "draft"
    with pytest.raises(InvalidInput) as empty:
        claims.exclude_claim(b.clerk, claim_number=batch.claims[0].number, reason=" ")
    assert "why" in empty.value.message("en")
    claims.exclude_claim(
        b.clerk, claim_number=batch.claims[0].number, reason="登记待医保经办机构审核"
    )
    with pytest.raises(InvalidInput) as nothing:
        export_platform(b, batch.batch_number, tmp_path / "two")
    assert "no claims" in nothing.value.message("en")


def test_registrations_are_checked_and_never_edited(b: Billing) -> None:
    good = {
        "patient_id": b.insured,
        "scheme_code": "RESIDENT",
        "disease_code": "M08300",
        "disease_name": "阿片类物质依赖",
        "begins_on": date(2026, 1, 1),
        "ends_on": date(2026, 12, 31),
        "registration_number": "MTB-1",
        "insuplc_admdvs": "110105",
    }
    for change, field in (
        ({"disease_code": "F11.2"}, "opsp_dise_code"),  # the ICD-10 code is not the catalogue's
        ({"disease_name": " "}, "opsp_dise_name"),
        ({"ends_on": date(2025, 12, 31)}, "ends before"),
        ({"registration_number": ""}, "registration number"),
        ({"insuplc_admdvs": "11010"}, "insuplc_admdvs"),
        ({"cert_type": "01"}, "e-voucher"),
        ({"cert_type": "04"}, "mdtrt_cert_type"),
        ({"cert_type": "03"}, "mdtrt_cert_no"),
    ):
        with pytest.raises(InvalidInput) as refused:
            platform.register_chronic_disease(b.clerk, **(good | change))  # type: ignore[arg-type]
        assert field in refused.value.message("en"), change
    platform.register_chronic_disease(b.clerk, **good)  # type: ignore[arg-type]
    platform.register_chronic_disease(
        b.clerk,
        **(good | {"registration_number": "MTB-2", "reason": "号码录入错误"}),  # type: ignore[arg-type]
    )
    rows = platform.registrations_of(b.clerk, patient_id=b.insured)
    assert [r.registration_number for r in rows] == ["MTB-1", "MTB-2"]
    with pytest.raises(PermissionDenied):
        platform.register_chronic_disease(b.w.nurse, **good)  # type: ignore[arg-type]
