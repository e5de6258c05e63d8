"""Demo payer terms and fee schedule, so a month's claim batch shows included, excluded and
invalid patients: resident scheme 70% with no cap and a subsidy for half the patient's part,
employee scheme 80% after a ¥200 deductible up to ¥3,000 a year; ¥10 a dosing day, drugs per
mL or tablet, ¥25 a urine screen. The 0.5 mg/mL methadone solution is priced only from ten days
into the dosing history (a product added to the price list late), so the days before are the
batch's problems until the clerk and the administrator fix them.

The catalogue codes are invented for the demo and look like no real national code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from clinic.administration import update_setting
from clinic.insurance.claims import SCREEN_FEE_CODE, SERVICE_FEE_CODE, set_fee, set_scheme_terms
from clinic.insurance.platform import register_chronic_disease
from clinic.service import AuthContext
from clinic.storage.models import Patient, PatientDetail, PayerScheme
from clinic.storage.uow import UnitOfWork

LATE_PRICED = "MET-05"
LATE_DAYS = 10


@dataclass(frozen=True)
class DemoTerms:
    scheme: str
    ratio: str
    deductible: str
    cap: str | None
    subsidy: str
    insutype: str


TERMS = (
    DemoTerms("RESIDENT", "0.7", "0", None, "0.5", "390"),
    DemoTerms("EMPLOYEE", "0.8", "200", "3000", "0", "310"),
)
# product code -> (fee code, name, unit, unit price, demo catalogue code)
DRUG_FEES = {
    "MET-1": ("DRUG-MET-1", "盐酸美沙酮口服溶液 1 mg/mL", "mL", "0.05", "DEMO-XN07BC-M1"),
    "MET-05": ("DRUG-MET-05", "盐酸美沙酮口服溶液 0.5 mg/mL", "mL", "0.03", "DEMO-XN07BC-M05"),
    "BUP-02": ("DRUG-BUP-02", "丁丙诺啡舌下片 0.2 mg", "片", "0.90", "DEMO-XN07BC-B02"),
    "BUP-2": ("DRUG-BUP-2", "丁丙诺啡舌下片 2 mg", "片", "6.50", "DEMO-XN07BC-B2"),
}


def populate_claims(admin: AuthContext, products: dict[str, int], first: date) -> None:
    """Terms and prices in force from the start of FIRST's year (the dosing history's first day)."""
    since = date(first.year, 1, 1)
    for t in TERMS:
        set_scheme_terms(
            admin,
            scheme_code=t.scheme,
            effective_from=since,
            ratio=t.ratio,
            deductible=t.deductible,
            annual_cap=t.cap,
            subsidy_share=t.subsidy,
            covered=["service", "drug", "screen"],
            insutype=t.insutype,
            med_type="14",
        )
    set_fee(
        admin,
        code=SERVICE_FEE_CODE,
        kind="service",
        name="美沙酮维持治疗服药服务费",
        unit="日",
        unit_price="10",
        insurance_code="DEMO-SVC-MMT",
        effective_from=since,
    )
    set_fee(
        admin,
        code=SCREEN_FEE_CODE,
        kind="screen",
        name="尿液吗啡类检测",
        unit="次",
        unit_price="25",
        insurance_code="DEMO-LAB-URINE",
        effective_from=since,
    )
    for product_code, (code, name, unit, price, insurance_code) in DRUG_FEES.items():
        if product_code not in products:
            continue
        late = product_code == LATE_PRICED
        set_fee(
            admin,
            code=code,
            kind="drug",
            name=name,
            unit=unit,
            unit_price=price,
            insurance_code=insurance_code,
            effective_from=first + timedelta(days=LATE_DAYS) if late else since,
            product_id=products[product_code],
        )


# The clinic's codes for the platform's messages: invented, in the demo's Beijing district.
PLATFORM_SETTINGS = {
    "medins_code": "H11010599999",
    "mdtrtarea_admvs": "110105",
    "dept_code": "DEMO-MMT",
    "dept_name": "美沙酮维持治疗门诊",
    "caty": "A16",
}
DEMO_DISEASE = ("DEMO0830", "阿片类物质依赖（美沙酮维持治疗）（示范病种）")


def register_chronic_diseases(admin: AuthContext, clerk: AuthContext, first: date) -> int:
    """The clinic's platform codes, and every insured patient's chronic-disease registration
    with their scheme for the year."""
    for key, value in PLATFORM_SETTINGS.items():
        update_setting(admin, key=key, value=value, reason="示范 demo")
    with UnitOfWork(admin.db, read_only=True) as uow:
        insured = uow.session.execute(
            select(Patient.id, PayerScheme.code)
            .join(PatientDetail, PatientDetail.patient_id == Patient.id)
            .join(PayerScheme, PayerScheme.id == PatientDetail.payer_scheme_id)
            .where(Patient.insurance_number.is_not(None))
            .order_by(Patient.id)
        ).all()
    code, name = DEMO_DISEASE
    for n, (patient_id, scheme) in enumerate(insured, start=1):
        register_chronic_disease(
            clerk,
            patient_id=patient_id,
            scheme_code=scheme,
            disease_code=code,
            disease_name=name,
            begins_on=date(first.year, 1, 1),
            ends_on=date(first.year + 1, 12, 31),
            registration_number=f"DEMO-MTB-{n:04d}",
            insuplc_admdvs="110105",
        )
    return len(insured)
