"""The report to China's national MMT data system for a period: each patient dosed or enrolled in
it, with demographics, HIV/HCV/syphilis status, random urine results and daily doses.

A report to an authority on a legal basis: every patient in the file is logged as a disclosure
(their disclosure history shows it); the file is an AES-256 zip, as every export of identified
data is. docs/mmt-export.md says where each field comes from."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from clinic import clock
from clinic.dosing.infections import RESULTS, latest_by_test
from clinic.dosing.screens import SUBSTANCES
from clinic.errors import InvalidInput
from clinic.fileio import write_aes_zip
from clinic.patients.consent import authorize_disclosure
from clinic.patients.identity import free_text
from clinic.patients.records import STATUS_NAMES
from clinic.privacy.keys import check_passphrase
from clinic.privacy.permissions import Action
from clinic.reports.mmt_xlsx import MmtData, MmtDose, MmtPatient, MmtUrine, render_mmt_xlsx
from clinic.service import Call, service
from clinic.storage.models import (
    ClinicInfo,
    Diagnosis,
    Dose,
    DoseOrder,
    DoseVoid,
    Episode,
    Patient,
    Product,
    ScreenResult,
    StatusChange,
    TreatmentAgreement,
    UrineScreen,
)

RECIPIENT = "全国美沙酮维持治疗数据管理系统 national MMT data system"
LONGEST_DAYS = 366
DRUG_NAMES = {
    "methadone": "美沙酮",
    "buprenorphine": "丁丙诺啡",
    "buprenorphine_naloxone": "丁丙诺啡/纳洛酮",
    "naltrexone": "纳曲酮",
}
SEX_NAMES = {"M": "男", "F": "女"}


@dataclass(frozen=True)
class MmtExportResult:
    path: Path
    reference: str
    patients: int
    doses: int
    urines: int
    checksum: str


def _period(call: Call, since: date, until: date) -> None:
    today = clock.clinic_today(call.session, call.db.clock())
    if since > until:
        raise InvalidInput(en="The period ends before it starts.", zh="截止日期早于起始日期。")
    if until > today:
        raise InvalidInput(en="The period ends in the future.", zh="统计期不能晚于今天。")
    if (until - since).days >= LONGEST_DAYS:
        raise InvalidInput(en="Export at most a year at a time.", zh="每次最多导出一年。")


def _live_doses(call: Call, since: date, until: date) -> list[tuple[Dose, str]]:
    return [
        (dose, drug)
        for dose, drug in call.session.execute(
            select(Dose, Product.drug)
            .join(DoseOrder, DoseOrder.id == Dose.order_id)
            .join(Product, Product.id == DoseOrder.product_id)
            .where(
                Dose.dosing_date.between(since, until),
                Dose.id.not_in(select(DoseVoid.dose_id)),
            )
            .order_by(Dose.patient_id, Dose.dosing_date, Dose.slot)
        ).all()
    ]


def collect(call: Call, since: date, until: date, clinic_code: str) -> tuple[MmtData, list[int]]:
    """The period's patients (dosed in it, or whose episode opened in it), urines and doses;
    and the patients' ids, in the order of the patients' sheet."""
    session = call.session
    by_day: dict[int, dict[date, list[tuple[Dose, str]]]] = defaultdict(lambda: defaultdict(list))
    for dose, drug in _live_doses(call, since, until):
        by_day[dose.patient_id][dose.dosing_date].append((dose, drug))
    enrolled = set(
        session.scalars(select(Episode.patient_id).where(Episode.opened_on.between(since, until)))
    )
    patient_ids = sorted(set(by_day) | enrolled)
    patients: list[MmtPatient] = []
    doses: list[MmtDose] = []
    urines: list[MmtUrine] = []
    for pid in patient_ids:
        patient = session.get(Patient, pid)
        assert patient is not None
        episode = session.scalars(
            select(Episode).where(Episode.patient_id == pid).order_by(Episode.number.desc())
        ).first()
        assert episode is not None
        diagnosis = session.scalars(
            select(Diagnosis).where(Diagnosis.patient_id == pid).order_by(Diagnosis.id.desc())
        ).first()
        method = session.scalars(
            select(TreatmentAgreement.method)
            .where(TreatmentAgreement.episode_id == episode.id)
            .order_by(TreatmentAgreement.id.desc())
        ).first()
        since_status = session.scalars(
            select(StatusChange.effective_on)
            .where(StatusChange.patient_id == pid, StatusChange.effective_on <= until)
            .order_by(StatusChange.id.desc())
        ).first()
        tests = {
            test: (RESULTS[found.result][1], found.tested_on)
            for test, found in latest_by_test(session, pid, until).items()
        }
        days = by_day.get(pid, {})
        last_day = max(days) if days else None
        for day, given in sorted(days.items()):
            doses.append(
                MmtDose(
                    patient.patient_number,
                    day,
                    sum((d.dose_mg for d, _ in given), Decimal(0)),
                    DRUG_NAMES.get(given[0][1], given[0][1]),
                    "带药" if any(d.kind == "take_home" for d, _ in given) else "现场服药",
                )
            )
        patients.append(
            MmtPatient(
                patient_number=patient.patient_number,
                name=patient.name,
                sex=SEX_NAMES.get(patient.sex, patient.sex),
                birth_date=patient.birth_date,
                national_id=patient.national_id,
                phone=patient.phone,
                address=patient.address,
                diagnosis_icd10=diagnosis.icd10 if diagnosis else None,
                enrolled_on=episode.opened_on,
                drug=DRUG_NAMES.get(method or "", method),
                status=STATUS_NAMES.get(patient.status, (patient.status, patient.status))[1],
                status_since=since_status,
                hiv=tests.get("hiv"),
                hcv=tests.get("hcv"),
                syphilis=tests.get("syphilis"),
                days_dosed=len(days),
                last_dose_mg=sum((d.dose_mg for d, _ in days[last_day]), Decimal(0))
                if last_day
                else None,
            )
        )
        for screen in session.scalars(
            select(UrineScreen)
            .where(UrineScreen.patient_id == pid, UrineScreen.collected_on.between(since, until))
            .order_by(UrineScreen.collected_on, UrineScreen.id)
        ).all():
            results = {
                substance: positive
                for substance, positive in session.execute(
                    select(ScreenResult.substance, ScreenResult.positive).where(
                        ScreenResult.screen_id == screen.id
                    )
                ).all()
            }
            opiates = results.get("opiates")
            others = [
                SUBSTANCES[s][1] for s, on in sorted(results.items()) if on and s != "opiates"
            ]
            urines.append(
                MmtUrine(
                    patient.patient_number,
                    screen.collected_on,
                    screen.random,
                    "未检" if opiates is None else ("阳性" if opiates else "阴性"),
                    "、".join(others),
                )
            )
    clinic_name = session.scalars(select(ClinicInfo.name)).first() or ""
    data = MmtData(
        clinic_name, clinic_code, since, until, tuple(patients), tuple(urines), tuple(doses)
    )
    return data, patient_ids


@service(Action.MMT_EXPORT, entity="mmt_export")
def export_mmt(
    call: Call,
    *,
    since: date,
    until: date,
    target: Path,
    passphrase: str,
    legal_basis: str,
    recipient: str = RECIPIENT,
    clinic_code: str = "",
) -> MmtExportResult:
    """The period's report to the national MMT data system, as an AES-256 zip holding the
    workbook; each patient in it is logged as a disclosure on LEGAL_BASIS."""
    _period(call, since, until)
    call.note(since=str(since), until=str(until))
    basis = free_text(legal_basis, 500, "Legal basis", "法律依据")
    if not basis:
        raise InvalidInput(
            en="Name the legal basis of this report (the regulation that requires it).",
            zh="请填写本次报告的法律依据（要求报告的法规）。",
            field="legal_basis",
        )
    who = free_text(recipient, 200, "Recipient", "接收方") or RECIPIENT
    check_passphrase(passphrase)
    code = free_text(clinic_code, 32, "Clinic code", "机构编码") or ""
    data, patient_ids = collect(call, since, until, code)
    if not data.patients:
        raise InvalidInput(
            en="No patient was dosed or enrolled in this period: there is nothing to report.",
            zh="该统计期内没有服药或入组的患者，无需报告。",
        )
    workbook = render_mmt_xlsx(data)
    checksum = hashlib.sha256(workbook).hexdigest()
    reference = f"MMT-{since:%Y%m%d}-{until:%Y%m%d}-{checksum[:8]}"
    session = call.session
    for pid in patient_ids:
        authorize_disclosure(
            call,
            patient_id=pid,
            purpose="authority_report",
            recipient=who,
            scope=f"MMT data system fields {since}–{until}: identity, HIV/HCV/syphilis, "
            "urine tests, daily doses",
            legal_basis=basis,
            reference=reference,
        )
    name = f"{reference}.xlsx"
    manifest = {
        "reference": reference,
        "period": [since.isoformat(), until.isoformat()],
        "patients": len(data.patients),
        "created": clock.now(session).isoformat(),
        "files": {name: checksum},
    }
    manifest_json = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    path = write_aes_zip(target, passphrase, {name: workbook, "MANIFEST.json": manifest_json})
    call.note(
        patients=len(data.patients),
        doses=len(data.doses),
        urines=len(data.urines),
        checksum=checksum,
        reference=reference,
        file=path.name,
    )
    return MmtExportResult(
        path, reference, len(data.patients), len(data.doses), len(data.urines), checksum
    )
