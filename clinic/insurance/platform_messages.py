"""The platform's messages for a claim batch — 2201, 2204, 2207, 4101A — checked against their
JSON schemas (resources/platform/) before anything leaves the clinic, and the file exchange that
carries them: the one adapter to the platform, whose later sibling may be an online client to a
region's gateway.

Each visit gets the message due next: 2201 (visit registration) until the platform's reply gave
its `mdtrt_id`; then 2204 (its fee details) and 2207 (its settlement, with the clinic's own
pre-settlement beside it); once settled (`setl_id`), 4101A (its settlement list).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.insurance.platform import (
    NOT_REGISTERED,
    PlatformIds,
    registration_on,
    registrations_by_patient,
    replies_of,
    visit_number,
    visits_of,
)
from clinic.storage.models import (
    ChronicRegistration,
    Claim,
    ClaimBatch,
    ClaimLine,
    FeeItem,
    Patient,
    PlatformVisit,
    SchemeTerms,
    User,
)

SCHEMAS = Path(__file__).resolve().parents[2] / "resources" / "platform"
INFNOS = ("2201", "2204", "2207", "4101A")
FUND_PAY_TYPE = {"310": "310100", "390": "390100"}  # the insurance type's pooled fund
FEN = Decimal("0.01")


@cache
def validator(infno: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{infno}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


@dataclass(frozen=True)
class ClinicCodes:
    """The clinic's own codes every message carries (Settings)."""

    medins_code: str
    mdtrtarea_admvs: str
    dept_code: str
    dept_name: str
    caty: str
    clerk: str


@dataclass(frozen=True)
class Message:
    infno: str
    claim_number: str
    patient_number: str
    visit_date: date
    body: dict[str, Any]


@dataclass(frozen=True)
class MessageProblem:
    """Why one message may not leave the clinic, naming the field."""

    claim_number: str
    patient_number: str
    infno: str
    visit_date: date | None
    field: str
    en: str
    zh: str

    def where(self) -> str:
        day = f" {self.visit_date}" if self.visit_date else ""
        return f"{self.claim_number} ({self.patient_number}) {self.infno}{day}"


@dataclass
class Prepared:
    """A batch's messages, what stops them, and how many visits wait for the platform."""

    messages: list[Message] = field(default_factory=list)
    problems: list[MessageProblem] = field(default_factory=list)
    not_registered: int = 0
    not_settled: int = 0
    settled: int = 0


def _money(value: Decimal) -> str:
    return str(value.quantize(FEN))


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class _Sequence:
    """msgid: the institution code, the export's time and a sequence number (30 characters)."""

    def __init__(self, codes: ClinicCodes, now: datetime) -> None:
        self.code, self.now = codes.medins_code, now
        self.n = 0

    def next(self) -> str:
        """Unique in the export: past 9,999 messages the time part moves on a second."""
        self.n += 1
        second, number = divmod(self.n, 10000)
        return f"{self.code}{self.now + timedelta(seconds=second):%Y%m%d%H%M%S}{number:04d}"


def _envelope(
    infno: str, ids: _Sequence, codes: ClinicCodes, insuplc: str, body: dict[str, Any]
) -> dict[str, Any]:
    return {
        "infno": infno,
        "msgid": ids.next(),
        "mdtrtarea_admvs": codes.mdtrtarea_admvs,
        "insuplc_admdvs": insuplc,
        "medins_code": codes.medins_code,
        "input": body,
    }


def settings_problems(codes: ClinicCodes) -> list[MessageProblem]:
    """The clinic's codes that are not set (Settings), each naming its field."""
    wanted = {
        "medins_code": ("the designated-institution code", "定点医药机构编码"),
        "mdtrtarea_admvs": ("the clinic's division code", "就医地医保区划"),
        "dept_code": ("the department code", "科室编码"),
        "dept_name": ("the department name", "科室名称"),
        "caty": ("the department category", "科别"),
    }
    return [
        MessageProblem(
            "—",
            "—",
            "—",
            None,
            name,
            f"set {en} ({name}) in Settings",
            f"请在设置中填写{zh}（{name}）",
        )
        for name, (en, zh) in wanted.items()
        if not str(getattr(codes, name)).strip()
    ]


def prepare(
    session: Session,
    batch: ClaimBatch,
    claims: list[Claim],
    patients: dict[int, Patient],
    codes: ClinicCodes,
    now: datetime,
    fee_times: dict[tuple[int, date], datetime],
) -> Prepared:
    """Every message due for CLAIMS' visits, built and checked (nothing written)."""
    out = Prepared(problems=settings_problems(codes))
    ids = _Sequence(codes, now)
    visits = visits_of(session, [c.id for c in claims])
    replies = replies_of(session, [v.id for vs in visits.values() for v in vs])
    registrations = registrations_by_patient(
        session, [c.patient_id for c in claims], batch.scheme_id
    )
    lines: dict[int, list[tuple[ClaimLine, FeeItem]]] = defaultdict(list)
    for line, fee in session.execute(
        select(ClaimLine, FeeItem)
        .join(FeeItem, FeeItem.id == ClaimLine.fee_item_id)
        .where(ClaimLine.claim_id.in_([c.id for c in claims] or [0]))
        .order_by(ClaimLine.claim_id, ClaimLine.line_no)
    ):
        lines[line.claim_id].append((line, fee))
    doctors = {u.id: u for u in session.scalars(select(User))}
    for claim in claims:
        patient = patients[claim.patient_id]
        terms = session.get(SchemeTerms, claim.terms_id)
        assert terms is not None
        by_day: dict[date, list[tuple[ClaimLine, FeeItem]]] = defaultdict(list)
        for line, fee in lines[claim.id]:
            by_day[line.service_date].append((line, fee))
        for visit in visits.get(claim.id, []):
            registration = (
                session.get(ChronicRegistration, visit.registration_id)
                if visit.registration_id
                else registration_on(registrations.get(claim.patient_id, []), visit.service_date)
            )
            where = (claim.number, patient.patient_number)
            if registration is None:
                out.problems.append(
                    MessageProblem(
                        *where,
                        "2201",
                        visit.service_date,
                        "opsp_dise_code",
                        "field opsp_dise_code: no chronic-disease registration with this "
                        "scheme covers the day; record the patient's registration",
                        "字段 opsp_dise_code：该日不在患者与该支付方的门诊慢特病登记期内，请先登记",
                    )
                )
                continue
            state = replies.get(visit.id, PlatformIds())
            visit_build = _Visit(
                claim, patient, terms, visit, registration, state, by_day[visit.service_date]
            )
            built = visit_build.messages(ids, codes, doctors, fee_times, batch)
            if not state.registered:
                out.not_registered += 1
            elif not state.setl_id:
                out.not_settled += 1
            else:
                out.settled += 1
            for infno, body in built:
                message = Message(
                    infno, claim.number, patient.patient_number, visit.service_date, body
                )
                out.messages.append(message)
                out.problems.extend(check(message))
    return out


@dataclass
class _Visit:
    claim: Claim
    patient: Patient
    terms: SchemeTerms
    visit: PlatformVisit
    registration: ChronicRegistration
    state: PlatformIds
    lines: list[tuple[ClaimLine, FeeItem]]

    def messages(
        self,
        ids: _Sequence,
        codes: ClinicCodes,
        doctors: dict[int, User],
        fee_times: dict[tuple[int, date], datetime],
        batch: ClaimBatch,
    ) -> list[tuple[str, dict[str, Any]]]:
        claim, visit, reg = self.claim, self.visit, self.registration
        doctor = doctors.get(visit.physician_id or 0)
        dr_code = doctor.username if doctor else ""
        dr_name = doctor.full_name if doctor else ""
        moment = fee_times.get((claim.patient_id, visit.service_date))
        when = _stamp(moment) if moment else f"{visit.service_date} 00:00:00"
        cert_type = visit.cert_type or reg.cert_type
        cert_no = (
            visit.cert_no or reg.cert_no or (self.patient.national_id if cert_type == "02" else "")
        )
        number = visit_number(visit.id)
        insuplc = reg.insuplc_admdvs
        if not self.state.registered:
            return [
                (
                    "2201",
                    _envelope(
                        "2201",
                        ids,
                        codes,
                        insuplc,
                        {
                            "data": {
                                "psn_no": claim.insured_number,
                                "insutype": self.terms.insutype,
                                "begntime": when,
                                "mdtrt_cert_type": cert_type,
                                "mdtrt_cert_no": cert_no or "",
                                "ipt_otp_no": number,
                                "atddr_no": dr_code,
                                "dr_name": dr_name,
                                "dept_code": codes.dept_code,
                                "dept_name": codes.dept_name,
                                "caty": codes.caty,
                            }
                        },
                    ),
                )
            ]
        mdtrt_id = self.state.mdtrt_id or ""
        chrg_bchno = f"{batch.number}-{visit.id}"[-30:]
        total = sum((line.amount for line, _ in self.lines), Decimal(0))
        fund = sum((line.payer_amount for line, _ in self.lines), Decimal(0))
        person = total - fund  # the patient's part, of which a subsidy may pay some
        deductible = Decimal(0)  # the lines keep no deductible apart: the claim holds the sum
        out: list[tuple[str, dict[str, Any]]] = []
        if not self.state.setl_id:
            details = [
                {
                    "feedetl_sn": f"{visit.id}-{n:03d}",
                    "mdtrt_id": mdtrt_id,
                    "psn_no": claim.insured_number,
                    "chrg_bchno": chrg_bchno,
                    "dise_codg": reg.disease_code,
                    "rxno": f"RX{visit.id:010d}",
                    "rx_circ_flag": "0",
                    "fee_ocur_time": when,
                    "med_list_codg": fee.insurance_code,
                    "medins_list_codg": fee.code,
                    "det_item_fee_sumamt": _money(line.amount),
                    "cnt": _plain(line.count),
                    "pric": _plain(line.unit_price),
                    "bilg_dept_codg": codes.dept_code,
                    "bilg_dept_name": codes.dept_name,
                    "bilg_dr_codg": dr_code,
                    "bilg_dr_name": dr_name,
                    "hosp_appr_flag": "0",
                    "med_chrgitm_type": fee.charge_category,
                }
                for n, (line, fee) in enumerate(self.lines, start=1)
            ]
            out.append(("2204", _envelope("2204", ids, codes, insuplc, {"feedetail": details})))
            out.append(
                (
                    "2207",
                    _envelope(
                        "2207",
                        ids,
                        codes,
                        insuplc,
                        {
                            "data": {
                                "psn_no": claim.insured_number,
                                "mdtrt_cert_type": cert_type,
                                "mdtrt_cert_no": cert_no or "",
                                "med_type": self.terms.med_type,
                                "medfee_sumamt": _money(total),
                                "psn_setlway": "01",
                                "mdtrt_id": mdtrt_id,
                                "chrg_bchno": chrg_bchno,
                                "insutype": self.terms.insutype,
                                "acct_used_flag": "0",
                            },
                            "presettlement": {
                                "medfee_sumamt": _money(total),
                                "act_pay_dedc": _money(deductible),
                                "fund_pay_sumamt": _money(fund),
                                "psn_part_amt": _money(person),
                            },
                        },
                    ),
                )
            )
            return out
        categories: dict[str, Decimal] = defaultdict(Decimal)
        for line, fee in self.lines:
            categories[fee.charge_category] += line.amount
        out.append(
            (
                "4101A",
                _envelope(
                    "4101A",
                    ids,
                    codes,
                    insuplc,
                    {
                        "setlinfo": {
                            "psn_no": claim.insured_number,
                            "mdtrt_id": mdtrt_id,
                            "setl_id": self.state.setl_id,
                            "hi_no": claim.insured_number,
                            "opsp_diag_caty": codes.caty,
                            "opsp_mdtrt_date": str(visit.service_date),
                            "setl_begn_date": str(visit.service_date),
                            "setl_end_date": str(visit.service_date),
                            "medins_fill_dept": codes.dept_name,
                            "medins_fill_psn": codes.clerk,
                            "hi_paymtd": "1",
                        },
                        "payinfo": [
                            {
                                "fund_pay_type": FUND_PAY_TYPE.get(self.terms.insutype, ""),
                                "fund_payamt": _money(fund),
                            }
                        ],
                        "opspdiseinfo": [
                            {
                                "diag_name": reg.disease_name,
                                "diag_code": reg.disease_code,
                                "oprn_oprt_name": "",
                                "oprn_oprt_code": "",
                            }
                        ],
                        "iteminfo": [
                            {
                                "med_chrgitm": category,
                                "amt": _money(amount),
                                "claa_sumfee": _money(amount),
                                "clab_amt": "0.00",
                                "fulamt_ownpay_amt": "0.00",
                                "oth_amt": "0.00",
                            }
                            for category, amount in sorted(categories.items())
                        ],
                    },
                ),
            )
        )
        return out


RULES = {
    "required": ("is missing", "缺失"),
    "pattern": ("is not of the right form", "格式不符"),
    "enum": ("is not in the platform's code table", "不在医保码表中"),
    "const": ("is not the transaction's own value", "不是本交易应有的值"),
    "minLength": ("is empty", "为空"),
    "maxLength": ("is too long", "过长"),
    "minItems": ("has no entries", "没有条目"),
    "additionalProperties": ("is not a field of this message", "不是本报文的字段"),
    "type": ("is of the wrong type", "类型不符"),
}


def _field(error: ValidationError) -> str:
    """The field an error is about: its name (a missing or extra one named by the error)."""
    if error.validator == "required":
        quoted_names = str(error.message).split("'")
        if len(quoted_names) > 1:
            return quoted_names[1]
    names = [p for p in error.absolute_path if isinstance(p, str)]
    return names[-1] if names else "input"


def check(message: Message) -> list[MessageProblem]:
    """What is wrong with MESSAGE against its schema and the sums, each naming its field."""
    problems: list[MessageProblem] = []
    for error in sorted(
        validator(message.infno).iter_errors(message.body), key=lambda e: list(e.absolute_path)
    ):
        en, zh = RULES.get(str(error.validator), ("is not valid", "不合要求"))
        value = error.instance if isinstance(error.instance, str) else ""
        shown = f" ({value!r})" if value and error.validator != "required" else ""
        if error.validator == "additionalProperties":  # one problem per field not allowed
            allowed = set(error.schema.get("properties", {}))
            names = sorted(set(error.instance) - allowed)
            shown = ""
        else:
            names = [_field(error)]
        problems.extend(
            MessageProblem(
                message.claim_number,
                message.patient_number,
                message.infno,
                message.visit_date,
                name,
                f"field {name}{shown} {en}",
                f"字段 {name}{shown}{zh}",
            )
            for name in names
        )
    if message.infno == "2207" and not problems:
        pre = message.body["input"]["presettlement"]
        if Decimal(pre["fund_pay_sumamt"]) + Decimal(pre["psn_part_amt"]) != Decimal(
            pre["medfee_sumamt"]
        ):
            problems.append(
                MessageProblem(
                    message.claim_number,
                    message.patient_number,
                    message.infno,
                    message.visit_date,
                    "psn_part_amt",
                    "field psn_part_amt: fund and personal part do not add up to the total",
                    "字段 psn_part_amt：基金支付与个人负担之和不等于医疗费总额",
                )
            )
    return problems


class PlatformAdapter(Protocol):
    """The one way messages reach the platform (a file today, a region's gateway later)."""

    def deliver(self, batch_number: str, prepared: Prepared) -> dict[str, bytes]: ...


class FileExchange:
    """The platform's messages as files: one JSON Lines file per transaction, and a note
    saying which visits the platform has not registered yet."""

    def deliver(self, batch_number: str, prepared: Prepared) -> dict[str, bytes]:
        by_infno: dict[str, list[str]] = defaultdict(list)
        for message in prepared.messages:
            by_infno[message.infno].append(
                json.dumps(message.body, ensure_ascii=False, separators=(",", ":"))
            )
        files = {
            f"{batch_number}-{infno}.jsonl": ("\n".join(by_infno[infno]) + "\n").encode()
            for infno in INFNOS
            if by_infno[infno]
        }
        files[f"{batch_number}-platform.txt"] = status_text(prepared).encode()
        return files


def status_text(prepared: Prepared) -> str:
    """What the platform files hold, in both languages."""
    en_state, zh_state = NOT_REGISTERED
    counts = ", ".join(
        f"{infno}: {sum(m.infno == infno for m in prepared.messages)}" for infno in INFNOS
    )
    return (
        f"Messages {counts}\n"
        f"{prepared.not_registered} visits {en_state} (2201 only; import the platform's reply "
        f"with their mdtrt_id, then export again for 2204 and 2207)\n"
        f"{prepared.not_settled} visits registered, not yet settled (2204, 2207)\n"
        f"{prepared.settled} visits settled (4101A)\n"
        f"消息数 {counts}\n"
        f"{prepared.not_registered} 次就诊{zh_state}（仅 2201；导入平台回执中的 mdtrt_id 后再次导出 "
        f"2204、2207）\n"
        f"{prepared.not_settled} 次就诊已登记、未结算（2204、2207）\n"
        f"{prepared.settled} 次就诊已结算（4101A）\n"
    )
