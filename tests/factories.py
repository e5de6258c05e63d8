"""Building blocks for tests: valid ID numbers, enrolments, products, tiny images."""

from __future__ import annotations

import base64
import itertools
from datetime import date, timedelta

from clinic.inventory import catalogue
from clinic.patients.enrolment import Agreement, Eligibility, Enrolment, Identity, Payer
from clinic.patients.identity import birth_date_from_id, check_digit
from clinic.service import AuthContext

_serial = itertools.count(1)

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def national_id(birth: date | None = None, serial: int | None = None, sex: str = "M") -> str:
    """A valid 18-character ID number (check digit computed), born on BIRTH."""
    birth = birth or date(1985, 6, 15)
    n = next(_serial) if serial is None else serial
    seq = (n % 500) * 2 + (1 if sex == "M" else 0)
    first17 = f"110105{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def agreement(today: date, method: str = "methadone") -> Agreement:
    return Agreement(
        method=method,
        duration="12 months",
        covers_confidentiality=True,
        covers_clinic_rules=True,
        covers_termination=True,
        covers_effects_and_risks=True,
        signed_on=today,
    )


def enrolment(
    today: date,
    *,
    name: str = "王小明",
    birth: date | None = None,
    sex: str = "M",
    method: str = "methadone",
    scheme: str | None = None,
    insured: str | None = None,
    claims_consent: bool = False,
    guardian: str | None = None,
) -> Enrolment:
    nid = national_id(birth, sex=sex)
    draft = Enrolment(today=today)
    draft.set_identity(
        Identity(
            name=name,
            sex=sex,
            birth_date=birth_date_from_id(nid),
            national_id=nid,
            phone="13800138000",
            address="北京市东城区某街1号",
            emergency_contact="王大明 13900139000",
        )
    )
    draft.set_photo(PNG)
    draft.set_eligibility(
        Eligibility(
            diagnosed_on=today - timedelta(days=3),
            voluntary=True,
            full_capacity=True,
            guardian=guardian,
            guardian_consent_on=today if guardian else None,
        )
    )
    draft.set_agreement(agreement(today, method))
    draft.set_payer(
        Payer(
            scheme_code=scheme,
            insured_number=insured,
            claims_consent=claims_consent,
            consent_signed_on=today if claims_consent else None,
        )
    )
    return draft


def methadone(auth: AuthContext, mg_per_ml: str = "1", code: str | None = None) -> int:
    return catalogue.add_product(
        auth,
        code=code or f"MET{next(_serial)}",
        name=f"盐酸美沙酮口服溶液 {mg_per_ml} mg/mL",
        drug="methadone",
        form="oral_solution",
        mg_per_unit=mg_per_ml,
        controlled_class="narcotic",
    ).product_id


def buprenorphine(auth: AuthContext, mg: str = "2", code: str | None = None) -> int:
    return catalogue.add_product(
        auth,
        code=code or f"BUP{next(_serial)}",
        name=f"丁丙诺啡舌下片 {mg} mg",
        drug="buprenorphine",
        form="sublingual_tablet",
        mg_per_unit=mg,
        controlled_class="psychotropic_1",
    ).product_id
