"""The national medical-insurance platform's model: chronic-disease registrations, visits, replies.

An outpatient chronic/special-disease patient is registered with the scheme for that disease
(`opsp_dise_code`, start and end dates, the region's registration number). Each dosing day of a
claim is one outpatient visit (2201) with its credential; the visit's fee details (2204) are the
claim's lines of that day, and it is settled (2207) and summarised in a settlement list (4101A).
The platform's own ids (`mdtrt_id`, `setl_id`) are recorded only when its reply is imported;
until then the visit is "not yet registered". Code tables and sources: docs/claims-fields.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.errors import InvalidInput, NotFound, about
from clinic.imports import BadLine, ImportedLine, ImportKind, parse_lines, read_csv
from clinic.numbers import parse_day
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    ChronicRegistration,
    Claim,
    Patient,
    PayerScheme,
    PlatformReply,
    PlatformVisit,
)
from clinic.wording import quoted

# Visit credential (mdtrt_cert_type). An e-voucher's token lasts one visit, so a file made after
# the month cannot carry it: registrations name the ID card or the social security card.
MDTRT_CERT_TYPES = {
    "01": ("Medical insurance e-voucher", "医保电子凭证"),
    "02": ("Resident ID card", "居民身份证"),
    "03": ("Social security card", "社会保障卡"),
}
FILE_CERT_TYPES = ("02", "03")
PSN_CERT_TYPES = {"01": ("Resident ID card (mainland)", "居民身份证（户口簿）")}
INSUTYPES = {
    "310": ("Employee basic medical insurance", "职工基本医疗保险"),
    "320": ("Civil servant medical subsidy", "公务员医疗补助"),
    "330": ("Large medical expense subsidy", "大额医疗费用补助"),
    "390": ("Urban and rural resident basic medical insurance", "城乡居民基本医疗保险"),
    "392": ("Urban and rural resident serious illness insurance", "城乡居民大病医疗保险"),
}
MED_TYPES = {
    "11": ("General outpatient", "普通门诊"),
    "14": ("Outpatient chronic/special disease", "门诊慢特病"),
}
DISEASE_CODE = re.compile(r"^[A-Z0-9]{1,20}$")
DIVISION = re.compile(r"^[0-9]{6}$")
NOT_REGISTERED = ("not yet registered", "尚未登记")


def check_code(value: str, table: dict[str, tuple[str, str]], field: str, zh: str) -> str:
    """VALUE when it is one of TABLE's codes, else a refusal naming FIELD."""
    code = value.strip()
    if code not in table:
        raise InvalidInput(
            en=f"{field} {quoted(code)} is not in the platform's code table ({', '.join(table)}).",
            zh=f"{zh}（{field}）{quoted(code)} 不在医保码表中（{'、'.join(table)}）。",
        )
    return code


@dataclass(frozen=True)
class RegistrationInfo:
    registration_id: int
    patient_id: int
    scheme_code: str
    disease_code: str
    disease_name: str
    begins_on: date
    ends_on: date
    registration_number: str
    insuplc_admdvs: str
    cert_type: str
    has_cert_no: bool
    reason: str | None

    def covers(self, day: date) -> bool:
        return self.begins_on <= day <= self.ends_on


def _registration_info(row: ChronicRegistration, scheme_code: str) -> RegistrationInfo:
    return RegistrationInfo(
        row.id,
        row.patient_id,
        scheme_code,
        row.disease_code,
        row.disease_name,
        row.begins_on,
        row.ends_on,
        row.registration_number,
        row.insuplc_admdvs,
        row.cert_type,
        bool(row.cert_no),
        row.reason,
    )


@service(Action.CLAIM_BUILD, entity="chronic_registration")
def register_chronic_disease(
    call: Call,
    *,
    patient_id: int | None = None,
    patient_number: str | None = None,
    scheme_code: str,
    disease_code: str,
    disease_name: str,
    begins_on: date | str,
    ends_on: date | str,
    registration_number: str,
    insuplc_admdvs: str,
    cert_type: str = "02",
    cert_no: str | None = None,
    reason: str | None = None,
) -> RegistrationInfo:
    """The patient's registration with SCHEME_CODE for a chronic disease; a correction is a new
    registration (the newest covering a day counts), never an edit. The patient is named by id
    or by patient number."""
    session = call.session
    patient = _patient(session, patient_id, patient_number)
    call.note(entity_id=patient.id)
    scheme = session.scalars(
        select(PayerScheme).where(PayerScheme.code == scheme_code.strip().upper())
    ).first()
    if scheme is None:
        raise NotFound(
            en=f"No payer scheme {quoted(scheme_code)}.", zh=f"没有支付方 {quoted(scheme_code)}。"
        )
    code = (free_text(disease_code, 20, "Disease code", "病种编码") or "").upper()
    if not DISEASE_CODE.match(code):
        raise InvalidInput(
            en="The chronic-disease catalogue code (opsp_dise_code) is letters and digits "
            "only, from the region's catalogue (not the ICD-10 code).",
            zh="门诊慢特病病种目录编码（opsp_dise_code）只含字母和数字，取自统筹地区目录（不是 ICD-10 编码）。",
        )
    name = free_text(disease_name, 100, "Disease name", "病种名称")
    if not name:
        raise InvalidInput(
            en="Give the disease's name (opsp_dise_name).", zh="请填写病种名称（opsp_dise_name）。"
        )
    with about("begins_on"):
        begins = parse_day(begins_on, "Registered from", "登记开始日期")
    with about("ends_on"):
        ends = parse_day(ends_on, "Registered until", "登记结束日期")
    if ends < begins:
        raise InvalidInput(
            en="The registration ends before it begins.", zh="登记的结束日期早于开始日期。"
        )
    number = free_text(registration_number, 50, "Registration number", "登记编号")
    if not number:
        raise InvalidInput(
            en="Give the registration number the region issued.",
            zh="请填写统筹地区给出的门诊慢特病登记编号。",
        )
    division = insuplc_admdvs.strip()
    if not DIVISION.match(division):
        raise InvalidInput(
            en="The insured place's division code (insuplc_admdvs) is 6 digits.",
            zh="参保地行政区划代码（insuplc_admdvs）为 6 位数字。",
        )
    kind = check_code(cert_type, MDTRT_CERT_TYPES, "mdtrt_cert_type", "就诊凭证类型")
    if kind not in FILE_CERT_TYPES:
        raise InvalidInput(
            en="An e-voucher (01) is valid for one visit only and cannot go in a file made "
            "after the month: record the ID card (02) or the social security card (03).",
            zh="医保电子凭证（01）仅对单次就诊有效，不能写入月后制作的文件：请登记身份证（02）或社会保障卡（03）。",
        )
    card = free_text(cert_no, 50, "Credential number", "就诊凭证编号")
    if kind == "03" and not card:
        raise InvalidInput(
            en="Give the social security card's number (mdtrt_cert_no).",
            zh="请填写社会保障卡卡号（mdtrt_cert_no）。",
        )
    row = ChronicRegistration(
        patient_id=patient.id,
        scheme_id=scheme.id,
        disease_code=code,
        disease_name=name,
        begins_on=begins,
        ends_on=ends,
        registration_number=number,
        insuplc_admdvs=division,
        cert_type=kind,
        cert_no=card,
        reason=free_text(reason, 500, "Reason", "原因"),
        recorded_by=call.actor.user_id,
    )
    session.add(row)
    session.flush()
    call.note(registration=row.id, scheme=scheme.code, begins=str(begins), ends=str(ends))
    return _registration_info(row, scheme.code)


def _patient(session: Session, patient_id: int | None, patient_number: str | None) -> Patient:
    if patient_id is not None:
        patient = session.get(Patient, patient_id)
    else:
        number = (patient_number or "").strip().upper()
        patient = session.scalars(select(Patient).where(Patient.patient_number == number)).first()
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return patient


@service(Action.CLAIM_READ, entity="chronic_registration", read_only=True)
def registrations_of(
    call: Call, *, patient_id: int | None = None, patient_number: str | None = None
) -> list[RegistrationInfo]:
    """The patient's chronic-disease registrations, oldest first (the newest covering a day
    counts)."""
    patient_id = _patient(call.session, patient_id, patient_number).id
    call.note(entity_id=patient_id)
    codes = {s.id: s.code for s in call.session.scalars(select(PayerScheme))}
    return [
        _registration_info(r, codes[r.scheme_id])
        for r in call.session.scalars(
            select(ChronicRegistration)
            .where(ChronicRegistration.patient_id == patient_id)
            .order_by(ChronicRegistration.id)
        )
    ]


def registrations_by_patient(
    session: Session, patient_ids: Sequence[int], scheme_id: int
) -> dict[int, list[ChronicRegistration]]:
    """Each patient's registrations with SCHEME_ID, newest first."""
    out: dict[int, list[ChronicRegistration]] = defaultdict(list)
    ids = sorted(set(patient_ids))
    for at in range(0, len(ids), 500):
        for row in session.scalars(
            select(ChronicRegistration)
            .where(
                ChronicRegistration.patient_id.in_(ids[at : at + 500]),
                ChronicRegistration.scheme_id == scheme_id,
            )
            .order_by(ChronicRegistration.id.desc())
        ):
            out[row.patient_id].append(row)
    return out


def registration_on(rows: Sequence[ChronicRegistration], day: date) -> ChronicRegistration | None:
    """The newest of ROWS (newest first) covering DAY."""
    return next((r for r in rows if r.begins_on <= day <= r.ends_on), None)


# --- the platform's replies ------------------------------------------------------------------


@dataclass(frozen=True)
class PlatformIds:
    """What the platform has said about a visit so far."""

    mdtrt_id: str | None = None
    setl_id: str | None = None
    rejection: str | None = None

    @property
    def registered(self) -> bool:
        return bool(self.mdtrt_id)


def replies_of(session: Session, visit_ids: Sequence[int]) -> dict[int, PlatformIds]:
    """Each visit's ids from the platform's replies, the newest of each kind winning."""
    out: dict[int, PlatformIds] = {}
    ids = sorted(set(visit_ids))
    for at in range(0, len(ids), 500):
        for reply in session.scalars(
            select(PlatformReply)
            .where(PlatformReply.visit_id.in_(ids[at : at + 500]))
            .order_by(PlatformReply.id)
        ):
            was = out.get(reply.visit_id, PlatformIds())
            out[reply.visit_id] = PlatformIds(
                reply.mdtrt_id or was.mdtrt_id,
                reply.setl_id or was.setl_id,
                reply.rejection if reply.rejection else (None if reply.setl_id else was.rejection),
            )
    return out


REPLIES = ImportKind("platform response file", "医保平台回执文件")
REPLY_HEADER = ("ipt_otp_no", "门诊号")


@dataclass(frozen=True)
class _Reply:
    number: int
    ipt_otp_no: str
    infno: str
    mdtrt_id: str | None
    setl_id: str | None
    rejection: str | None


PLATFORM_ID = re.compile(r"^[A-Za-z0-9_-]{1,30}$")


def _reply_line(line: ImportedLine) -> _Reply | None:
    """One reply line: outpatient number, transaction (2201 or 2207), the id, or a rejection."""
    if line.blank or (line.number == 1 and line.fields[0].strip().lower() in REPLY_HEADER):
        return None
    if len(line.fields) < 3:
        raise BadLine(
            en="needs ipt_otp_no, infno (2201 or 2207), the id[, rejection reason]",
            zh="须有门诊号、交易编号（2201 或 2207）、编号[、拒付原因]",
        )
    number, infno, value = (f.strip() for f in line.fields[:3])
    why = line.fields[3].strip() if len(line.fields) > 3 else ""
    if infno not in ("2201", "2207"):
        raise BadLine(en=f"unknown infno {quoted(infno)}", zh=f"未知交易编号 {quoted(infno)}")
    if why:
        return _Reply(line.number, number, infno, None, None, why[:500])
    if not PLATFORM_ID.match(value):
        field = "mdtrt_id" if infno == "2201" else "setl_id"
        raise BadLine(
            en=f"{field} {quoted(value)} is not an id", zh=f"{field} {quoted(value)} 无效"
        )
    if infno == "2201":
        return _Reply(line.number, number, infno, value, None, None)
    return _Reply(line.number, number, infno, None, value, None)


@dataclass(frozen=True)
class ReplyReport:
    applied: int
    problems: tuple[tuple[int, str, str], ...]


def visit_number(visit_id: int) -> str:
    """The visit's outpatient number (ipt_otp_no), which the platform's reply quotes back."""
    return f"MZ{visit_id:010d}"


@service(Action.CLAIM_STATUS, entity="platform_reply")
def import_platform_replies(call: Call, *, data: bytes, reference: str = "") -> ReplyReport:
    """Record the platform's reply file (one line per visit: ipt_otp_no, 2201 or 2207, the
    mdtrt_id or setl_id it issued, or a rejection reason). A malformed line refuses the whole
    file; a line naming an unknown visit is reported and changes nothing."""
    session = call.session
    lines = parse_lines(read_csv(data, REPLIES), REPLIES, _reply_line)
    problems: list[tuple[int, str, str]] = []
    applied = 0
    touched: set[int] = set()
    for line in lines:
        visit_id = int(line.ipt_otp_no[2:]) if re.match(r"^MZ\d{10}$", line.ipt_otp_no) else 0
        visit = session.get(PlatformVisit, visit_id) if 0 < visit_id < 2**31 else None
        if visit is None:
            problems.append(
                (
                    line.number,
                    f"unknown visit {quoted(line.ipt_otp_no)}",
                    f"未知就诊 {quoted(line.ipt_otp_no)}",
                )
            )
            continue
        if (
            line.infno == "2207"
            and line.setl_id
            and not replies_of(session, [visit.id]).get(visit.id, PlatformIds()).registered
        ):
            problems.append(
                (
                    line.number,
                    "a settlement for a visit the platform has not registered (no mdtrt_id)",
                    "该就诊尚未登记（无 mdtrt_id），不能结算",
                )
            )
            continue
        session.add(
            PlatformReply(
                visit_id=visit.id,
                infno=line.infno,
                mdtrt_id=line.mdtrt_id,
                setl_id=line.setl_id,
                rejection=line.rejection,
                reference=(reference or "")[:100] or None,
                recorded_by=call.actor.user_id,
            )
        )
        session.flush()
        applied += 1
        touched.add(visit.claim_id)
    _claim_outcomes(call, sorted(touched))
    call.note(applied=applied, problems=len(problems))
    return ReplyReport(applied, tuple(problems))


def _claim_outcomes(call: Call, claim_ids: list[int]) -> None:
    """A claim with a rejected visit is rejected; one whose every visit is settled, accepted."""
    from clinic.insurance.claims import TRANSITIONS, _move, claim_status

    session = call.session
    visits = visits_of(session, claim_ids)
    for claim_id in claim_ids:
        ids = replies_of(session, [v.id for v in visits[claim_id]])
        claim = session.get(Claim, claim_id)
        assert claim is not None
        current = claim_status(session, claim_id)
        rejected = [i.rejection for i in ids.values() if i.rejection]
        if rejected and "rejected" in TRANSITIONS[current]:
            _move(call, claim, "rejected", current, reason=rejected[0], reference="platform")
        elif (
            not rejected
            and visits[claim_id]
            and all(ids.get(v.id, PlatformIds()).setl_id for v in visits[claim_id])
            and "accepted" in TRANSITIONS[current]
        ):
            _move(call, claim, "accepted", current, reference="platform")


def visits_of(session: Session, claim_ids: Sequence[int]) -> dict[int, list[PlatformVisit]]:
    """Each claim's visits in date order."""
    out: dict[int, list[PlatformVisit]] = defaultdict(list)
    ids = sorted(set(claim_ids))
    for at in range(0, len(ids), 500):
        for visit in session.scalars(
            select(PlatformVisit)
            .where(PlatformVisit.claim_id.in_(ids[at : at + 500]))
            .order_by(PlatformVisit.claim_id, PlatformVisit.service_date)
        ):
            out[visit.claim_id].append(visit)
    return out
