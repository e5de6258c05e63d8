"""Monthly claims per payer: built from recorded doses, validated, never billing a day twice.

A claim covers one patient, one payer scheme and one period. Its lines are the period's dosing
days (the daily service fee), the drug given each day at its unit price, and the urine screens.
Self-pay patients and patients without a valid consent to claims are never in a claim: they are
listed apart, with the reason. Claims are never edited; a rejected one is corrected by a new
version that voids it.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from sqlalchemy import Table, Text, func, insert, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.insurance.money import Line, PayerNote, Split, Terms, YearToDate, payer_note, split
from clinic.insurance.platform import registration_on, registrations_by_patient
from clinic.numbers import parse_money, parse_quantity
from clinic.patients.consent import ConsentInfo, consents_of_patients
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.bulk import insert_many
from clinic.storage.models import (
    Base,
    ChronicRegistration,
    Claim,
    ClaimBatch,
    ClaimedDay,
    ClaimEvent,
    ClaimLine,
    Consent,
    ConsentRevocation,
    Diagnosis,
    Dose,
    DoseException,
    DoseItem,
    DoseOrder,
    DoseVoid,
    Episode,
    FeeItem,
    Patient,
    PatientDetail,
    PayerScheme,
    PlatformVisit,
    Product,
    SchemeTerms,
    StatusChange,
    UrineScreen,
)
from clinic.storage.types import utcnow
from clinic.wording import plural, quoted

LIVE = {"draft", "exported", "accepted", "paid"}
DEAD = {"rejected", "voided", "discarded"}
FEE_KINDS = {
    "service": ("Daily dosing service", "每日服药服务费"),
    "drug": ("Drug", "药品"),
    "screen": ("Urine drug screen", "尿液毒品检测"),
}
SERVICE_FEE_CODE = "SVC-DOSING"
SCREEN_FEE_CODE = "LAB-URINE"
# The national platform's charge item categories (med_chrgitm_type; docs/claims-fields.md).
CHARGE_CATEGORIES = {
    "01": ("Bed", "床位费"),
    "02": ("Consultation", "诊察费"),
    "03": ("Examination", "检查费"),
    "04": ("Laboratory test", "化验费"),
    "05": ("Treatment", "治疗费"),
    "06": ("Surgery", "手术费"),
    "07": ("Nursing", "护理费"),
    "08": ("Medical materials", "卫生材料费"),
    "09": ("Western medicine", "西药费"),
    "10": ("Chinese herbal pieces", "中药饮片费"),
    "11": ("Chinese patent medicine", "中成药费"),
    "12": ("General diagnosis and treatment", "一般诊疗费"),
    "13": ("Registration", "挂号费"),
    "14": ("Other", "其他费"),
}
# What each kind of item is on the platform: a dosing day is treatment, a urine test laboratory.
KIND_CATEGORY = {"service": "05", "screen": "04", "drug": "09"}
DRUG_CATEGORIES = ("09", "10", "11")


def check_charge_category(kind: str, category: str) -> str:
    """CATEGORY as the platform's code for an item of KIND, or a bilingual refusal."""
    code = category.strip()
    if code not in CHARGE_CATEGORIES:
        raise InvalidInput(
            en=f"Charge category (med_chrgitm_type) {quoted(code)} is not in the platform's "
            "code table (01–14).",
            zh=f"收费项目类别（med_chrgitm_type）{quoted(code)} 不在医保码表中（01–14）。",
        )
    if (kind == "drug") != (code in DRUG_CATEGORIES):
        raise InvalidInput(
            en="A drug is charged as medicine (09, 10 or 11); a dosing service day or a test "
            "is not (05 treatment, 04 laboratory test).",
            zh="药品按药品费（09、10 或 11）收费；服药服务日和检测不是药品（治疗费 05、化验费 04）。",
        )
    return code


# --- scheme terms and fee schedule -------------------------------------------------------------


@dataclass(frozen=True)
class TermsInfo:
    terms_id: int
    scheme_code: str
    effective_from: date
    ratio: Decimal
    deductible: Decimal
    annual_cap: Decimal | None
    subsidy_share: Decimal
    covered: frozenset[str]
    insutype: str
    med_type: str


def _share(raw: object, label_en: str, label_zh: str) -> Decimal:
    value = parse_quantity(raw, label_en, label_zh, zero_ok=True)
    if value > 1:
        raise InvalidInput(
            en=f"{label_en} is a share between 0 and 1 (e.g. 0.7 for 70%).",
            zh=f"{label_zh}为 0 到 1 之间的比例（如 0.7 表示 70%）。",
        )
    return value


def _scheme(session: Session, code: str) -> PayerScheme:
    scheme = session.scalars(
        select(PayerScheme).where(PayerScheme.code == code.strip().upper())
    ).first()
    if scheme is None:
        raise NotFound(en=f"No payer scheme {quoted(code)}.", zh=f"没有支付方 {quoted(code)}。")
    return scheme


def _terms_info(terms: SchemeTerms, code: str) -> TermsInfo:
    return TermsInfo(
        terms.id,
        code,
        terms.effective_from,
        terms.ratio,
        terms.deductible,
        terms.annual_cap,
        terms.subsidy_share,
        frozenset(terms.covered.split(",")),
        terms.insutype,
        terms.med_type,
    )


@service(Action.PAYER_MANAGE, entity="payer_scheme")
def set_scheme_terms(
    call: Call,
    *,
    scheme_code: str,
    effective_from: date,
    ratio: object,
    deductible: object,
    annual_cap: object | None,
    subsidy_share: object,
    covered: list[str],
    insutype: str,
    med_type: str = "14",
) -> TermsInfo:
    """A new version of a scheme's rules from EFFECTIVE_FROM on (earlier claims keep theirs)."""
    scheme = _scheme(call.session, scheme_code)
    call.note(entity_id=scheme.id, effective_from=effective_from.isoformat())
    items = sorted({c.strip() for c in covered if c.strip()})
    if not items or any(c not in FEE_KINDS for c in items):
        raise InvalidInput(
            en="Covered items are some of: service, drug, screen.",
            zh="报销项目须为：服务费、药品、检测中的若干项。",
        )
    cap = None if annual_cap in (None, "") else parse_money(annual_cap, "Annual cap", "年度封顶线")
    code_type, code_med = insutype.strip(), med_type.strip()
    if not code_type.isdigit() or not code_med.isdigit():
        raise InvalidInput(
            en="Insurance type and medical type are numeric codes (e.g. 390, 14).",
            zh="险种类型和医疗类别为数字代码（如 390、14）。",
        )
    terms = SchemeTerms(
        scheme_id=scheme.id,
        effective_from=effective_from,
        ratio=_share(ratio, "Reimbursement ratio", "报销比例"),
        deductible=parse_money(deductible, "Deductible", "起付线"),
        annual_cap=cap,
        subsidy_share=_share(subsidy_share, "Subsidy share", "补助比例"),
        covered=",".join(items),
        insutype=code_type,
        med_type=code_med,
        recorded_by=call.actor.user_id,
    )
    call.session.add(terms)
    try:
        call.session.flush()
    except IntegrityError as exc:
        raise Conflict(
            en="This scheme already has terms from that date.", zh="该支付方在该日期已有规则版本。"
        ) from exc
    call.note(ratio=str(terms.ratio), deductible=str(terms.deductible), cap=str(cap))
    return _terms_info(terms, scheme.code)


def terms_on(session: Session, scheme_id: int, day: date) -> SchemeTerms | None:
    return session.scalars(
        select(SchemeTerms)
        .where(SchemeTerms.scheme_id == scheme_id, SchemeTerms.effective_from <= day)
        .order_by(SchemeTerms.effective_from.desc())
    ).first()


@dataclass(frozen=True)
class FeeInfo:
    fee_id: int
    code: str
    kind: str
    name: str
    unit: str
    unit_price: Decimal
    insurance_code: str
    product_id: int | None
    effective_from: date
    charge_category: str = ""


def _fee_info(f: FeeItem) -> FeeInfo:
    return FeeInfo(
        f.id,
        f.code,
        f.kind,
        f.name,
        f.unit,
        f.unit_price,
        f.insurance_code,
        f.product_id,
        f.effective_from,
        f.charge_category,
    )


@service(Action.PAYER_MANAGE, entity="fee_item")
def set_fee(
    call: Call,
    *,
    code: str,
    kind: str,
    name: str,
    unit: str,
    unit_price: object,
    insurance_code: str,
    effective_from: date,
    product_id: int | None = None,
    charge_category: str | None = None,
) -> FeeInfo:
    """A price from EFFECTIVE_FROM on; drug items are tied to their product.

    CHARGE_CATEGORY is the platform's med_chrgitm_type, by default the one of KIND (05 for the
    dosing service, 04 for the urine test, 09 for a drug). A change is a new version, never an
    edit."""
    if kind not in FEE_KINDS:
        raise InvalidInput(
            en="A fee item is a service, a drug or a screen.", zh="收费项目须为服务、药品或检测。"
        )
    category = check_charge_category(kind, charge_category or KIND_CATEGORY[kind])
    if (kind == "drug") != (product_id is not None):
        raise InvalidInput(
            en="A drug item names its product; others don't.", zh="药品项目须对应产品。"
        )
    # a price per mL may have up to 4 decimals; line amounts are rounded to the fen
    price = parse_money(unit_price, "Unit price", "单价", zero_ok=False, places=4)
    item = FeeItem(
        code=code.strip().upper(),
        kind=kind,
        name=free_text(name, 200, "Name", "名称") or code,
        product_id=product_id,
        unit=unit.strip() or "次",
        unit_price=price,
        insurance_code=insurance_code.strip(),
        charge_category=category,
        effective_from=effective_from,
        recorded_by=call.actor.user_id,
    )
    if not item.insurance_code:
        raise InvalidInput(
            en="Give the item's insurance catalogue code.", zh="请填写医保目录编码。"
        )
    call.session.add(item)
    try:
        call.session.flush()
    except IntegrityError as exc:
        raise Conflict(
            en="This item already has a price from that date.", zh="该项目在该日期已有价格。"
        ) from exc
    call.note(entity_id=item.id, code=item.code, unit_price=str(price), category=category)
    return _fee_info(item)


def fee_on(session: Session, code: str, day: date) -> FeeItem | None:
    return session.scalars(
        select(FeeItem)
        .where(FeeItem.code == code, FeeItem.effective_from <= day)
        .order_by(FeeItem.effective_from.desc())
    ).first()


def drug_fee_on(session: Session, product_id: int, day: date) -> FeeItem | None:
    return session.scalars(
        select(FeeItem)
        .where(FeeItem.product_id == product_id, FeeItem.effective_from <= day)
        .order_by(FeeItem.effective_from.desc())
    ).first()


@service(Action.SETTINGS_READ, entity="fee_item", audited=False, read_only=True)
def list_fees(call: Call) -> list[FeeInfo]:
    """The fee schedule, every price version (not patient data: everyone may read it)."""
    return [
        _fee_info(f)
        for f in call.session.scalars(
            select(FeeItem).order_by(FeeItem.code, FeeItem.effective_from)
        )
    ]


# --- building a batch ------------------------------------------------------------------------


def claim_status(session: Session, claim_id: int) -> str:
    status = session.scalars(
        select(ClaimEvent.status)
        .where(ClaimEvent.claim_id == claim_id)
        .order_by(ClaimEvent.id.desc())
    ).first()
    return status or "draft"


@dataclass(frozen=True)
class Excluded:
    """A patient left out of a claim, or one of their days that cannot be claimed, and why.

    CODE names the kind: "self_pay", "no_consent", "no_insured_number", "no_diagnosis",
    "outside_episode", "claimed" (the day is in a live claim already: not a problem to fix),
    "no_service_fee", "no_price", "outside_consent" (days the patient's consent to claims does
    not cover, e.g. after it was revoked: never claimed, not a problem to fix).
    """

    patient_number: str
    reason_en: str
    reason_zh: str
    code: str = ""

    @property
    def unresolved(self) -> bool:
        """A problem the clerk or the administrator has to fix (a claimed day is not one)."""
        return self.code not in ("claimed", "outside_consent")


BLOCKING = ("no_insured_number", "no_diagnosis")  # the patient has no claim at all


@dataclass(frozen=True)
class ClaimSummary:
    claim_id: int
    number: str
    patient_number: str
    days: int
    total: Decimal
    payer_amount: Decimal
    subsidy_amount: Decimal
    patient_amount: Decimal
    status: str
    payer_note: PayerNote | None = None  # why the payer pays nothing, when it does


@dataclass(frozen=True)
class BatchResult:
    batch_number: str
    scheme_code: str
    period_start: date
    period_end: date
    claims: tuple[ClaimSummary, ...]
    excluded: tuple[Excluded, ...]
    problems: tuple[Excluded, ...]
    claimable: int = 0  # in a month's review: the patients a build would claim now

    @property
    def total(self) -> Decimal:
        return sum((c.total for c in self.claims), Decimal(0))

    @property
    def unresolved(self) -> tuple[Excluded, ...]:
        return tuple(p for p in self.problems if p.unresolved)


def month_period(year: int, month: int) -> tuple[date, date]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise InvalidInput(en="Choose a month.", zh="请选择月份。")
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return start, end


ENDING = ("discharged", "transferred_out", "deceased")
CHUNK = 500  # ids per IN (...) list, well under every driver's parameter limit


def id_chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for at in range(0, len(ids), CHUNK):
        yield list(ids[at : at + CHUNK])


def latest_status(session: Session, claim_ids: Iterable[int]) -> dict[int, str]:
    """Each claim's current status (its newest event), for many claims in a few queries."""
    status: dict[int, str] = {}
    for part in id_chunks(sorted(set(claim_ids))):
        newest = (
            select(func.max(ClaimEvent.id))
            .where(ClaimEvent.claim_id.in_(part))
            .group_by(ClaimEvent.claim_id)
        )
        for claim_id, value in session.execute(
            select(ClaimEvent.claim_id, ClaimEvent.status).where(ClaimEvent.id.in_(newest))
        ):
            status[claim_id] = value
    return status


class _Fee(NamedTuple):
    """A fee item's version as a build reads it: a plain row, read ~90,000 times a month."""

    id: int
    code: str
    kind: str
    unit_price: Decimal
    effective_from: date


def _newest_first(rows: Iterable[_Fee]) -> list[_Fee]:
    return sorted(rows, key=lambda f: f.effective_from, reverse=True)


def _in_force(versions: list[_Fee], day: date) -> _Fee | None:
    return next((f for f in versions if f.effective_from <= day), None)


@dataclass
class _Known:
    """What building a batch reads, loaded once for all its patients instead of per patient-day.

    The never-twice guarantee does not rest on this snapshot: claimed days are written with a
    generation number under a unique constraint, so a day claimed by another clerk after loading
    still makes the flush fail.
    """

    fees: dict[str, list[_Fee]]  # code -> versions, newest first
    drug_fees: dict[int, list[_Fee]]  # product id -> versions, newest first
    products: dict[int, str]
    doses: dict[int, dict[date, dict[int, Decimal]]]  # patient -> day -> product -> quantity
    screens: dict[int, list[date]]
    diagnoses: dict[int, Diagnosis]  # the newest per patient
    episodes: dict[int, list[tuple[date, date | None]]]  # patient -> (opened, ended or None)
    claimed: dict[tuple[int, date], tuple[int, int]]  # (patient, day) -> (generations, live id)
    claim_numbers: dict[int, str]
    year_to_date: dict[int, YearToDate]
    consents: dict[int, list[ConsentInfo]]  # patient -> consents to claims to this scheme
    registrations: dict[int, list[ChronicRegistration]] = field(default_factory=dict)
    physicians: dict[tuple[int, date], int] = field(default_factory=dict)  # who ordered the dose

    def consented(self, patient_id: int, day: date) -> bool:
        """The patient's consent to claims to this scheme covers DAY (one valid on that day)."""
        return any(c.valid_on(day) for c in self.consents.get(patient_id, []))

    def fee(self, code: str, day: date) -> _Fee | None:
        return _in_force(self.fees.get(code, []), day)

    def drug_fee(self, product_id: int, day: date) -> _Fee | None:
        return _in_force(self.drug_fees.get(product_id, []), day)

    def inside_episode(self, patient_id: int, day: date) -> bool:
        return any(
            opened <= day <= (ended or date.max) for opened, ended in self.episodes[patient_id]
        )


def _load(
    session: Session, patient_ids: Sequence[int], start: date, end: date, scheme_id: int
) -> _Known:
    fees: dict[str, list[_Fee]] = defaultdict(list)
    drug_fees: dict[int, list[_Fee]] = defaultdict(list)
    for item in session.scalars(select(FeeItem)):
        fee = _Fee(item.id, item.code, item.kind, item.unit_price, item.effective_from)
        fees[fee.code].append(fee)
        if item.product_id is not None:
            drug_fees[item.product_id].append(fee)
    products = {p.id: p.name for p in session.scalars(select(Product))}
    doses: dict[int, dict[date, dict[int, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Decimal))
    )
    screens: dict[int, list[date]] = defaultdict(list)
    diagnoses: dict[int, Diagnosis] = {}
    episodes: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    claimed_rows: list[tuple[int, date, int]] = []
    year_claims: list[tuple[int, Decimal, Decimal]] = []  # (patient, deductible, payer amount)
    year_claim_ids: list[int] = []
    physicians: dict[tuple[int, date], int] = {}
    voided = select(DoseVoid.dose_id)
    free = select(DoseException.dose_id).where(DoseException.charged.is_(False))
    for part in id_chunks(patient_ids):
        for patient_id, day, product_id, quantity in session.execute(
            select(Dose.patient_id, Dose.dosing_date, DoseItem.product_id, DoseItem.quantity)
            .join(DoseItem, DoseItem.dose_id == Dose.id)
            .where(
                Dose.patient_id.in_(part),
                Dose.dosing_date >= start,
                Dose.dosing_date <= end,
                Dose.id.not_in(voided),
                Dose.id.not_in(free),  # an exception dose given free is never billed
            )
        ):
            doses[patient_id][day][product_id] += quantity
        for patient_id, day, physician_id in session.execute(
            select(Dose.patient_id, Dose.dosing_date, DoseOrder.ordered_by)
            .join(DoseOrder, DoseOrder.id == Dose.order_id)
            .where(
                Dose.patient_id.in_(part),
                Dose.dosing_date >= start,
                Dose.dosing_date <= end,
                Dose.id.not_in(voided),
            )
            .order_by(Dose.given_at)
        ):
            physicians.setdefault((patient_id, day), physician_id)  # the day's first dose
        for patient_id, day in session.execute(
            select(UrineScreen.patient_id, UrineScreen.collected_on)
            .where(
                UrineScreen.patient_id.in_(part),
                UrineScreen.collected_on >= start,
                UrineScreen.collected_on <= end,
            )
            .order_by(UrineScreen.collected_on)
        ):
            screens[patient_id].append(day)
        for diagnosis in session.scalars(
            select(Diagnosis).where(Diagnosis.patient_id.in_(part)).order_by(Diagnosis.id)
        ):
            diagnoses[diagnosis.patient_id] = diagnosis  # the newest wins
        ended: dict[int, date] = {}
        for episode_id, on in session.execute(
            select(StatusChange.episode_id, StatusChange.effective_on)
            .where(StatusChange.patient_id.in_(part), StatusChange.to_status.in_(ENDING))
            .order_by(StatusChange.id)
        ):
            ended[episode_id] = on  # the newest ending of each episode
        for episode in session.scalars(
            select(Episode).where(Episode.patient_id.in_(part)).order_by(Episode.number)
        ):
            episodes[episode.patient_id].append((episode.opened_on, ended.get(episode.id)))
        claimed_rows.extend(
            (patient_id, day, claim_id)
            for patient_id, day, claim_id in session.execute(
                select(ClaimedDay.patient_id, ClaimedDay.service_date, ClaimedDay.claim_id).where(
                    ClaimedDay.patient_id.in_(part),
                    ClaimedDay.service_date >= start,
                    ClaimedDay.service_date <= end,
                )
            )
        )
        for claim_id, patient_id, deductible, payer_amount, period_start in session.execute(
            select(
                Claim.id,
                Claim.patient_id,
                Claim.deductible,
                Claim.payer_amount,
                ClaimBatch.period_start,
            )
            .join(ClaimBatch, ClaimBatch.id == Claim.batch_id)
            .where(Claim.patient_id.in_(part), ClaimBatch.scheme_id == scheme_id)
        ):
            if period_start.year == start.year:
                year_claims.append((patient_id, deductible, payer_amount))
                year_claim_ids.append(claim_id)
    status = latest_status(session, [c for _, _, c in claimed_rows] + year_claim_ids)
    claimed: dict[tuple[int, date], tuple[int, int]] = {}
    for patient_id, day, claim_id in claimed_rows:
        count, live = claimed.get((patient_id, day), (0, 0))
        if status.get(claim_id, "draft") in LIVE:
            live = claim_id
        claimed[(patient_id, day)] = (count + 1, live)
    live_ids = sorted({live for _, live in claimed.values() if live})
    claim_numbers: dict[int, str] = {}
    for part in id_chunks(live_ids):
        for claim_id, claim_number in session.execute(
            select(Claim.id, Claim.number).where(Claim.id.in_(part))
        ):
            claim_numbers[claim_id] = claim_number
    year_to_date: dict[int, YearToDate] = {}
    for (patient_id, deductible, payer_amount), claim_id in zip(
        year_claims, year_claim_ids, strict=True
    ):
        if status.get(claim_id, "draft") in LIVE:
            was = year_to_date.get(patient_id, YearToDate())
            year_to_date[patient_id] = YearToDate(
                was.deductible_met + deductible, was.payer_paid + payer_amount
            )
    return _Known(
        {code: _newest_first(v) for code, v in fees.items()},
        {product: _newest_first(v) for product, v in drug_fees.items()},
        products,
        doses,
        screens,
        diagnoses,
        episodes,
        claimed,
        claim_numbers,
        year_to_date,
        claims_consents(session, patient_ids, scheme_id),
        registrations_by_patient(session, patient_ids, scheme_id),
        physicians,
    )


def claims_consents(
    session: Session, patient_ids: Sequence[int], scheme_id: int
) -> dict[int, list[ConsentInfo]]:
    """Each patient's consents to insurance claims naming SCHEME_ID's scheme as the recipient."""
    scheme = session.get(PayerScheme, scheme_id)
    assert scheme is not None
    wanted = scheme.name.strip().casefold()
    out: dict[int, list[ConsentInfo]] = defaultdict(list)
    for patient_id, consents in consents_of_patients(session, patient_ids).items():
        out[patient_id] = [
            c
            for c in consents
            if c.purpose == "insurance_claims" and c.recipient.strip().casefold() == wanted
        ]
    return out


def consented_in(consents: Sequence[ConsentInfo], start: date, end: date) -> bool:
    """One of CONSENTS is valid on some day from START to END."""
    return any(
        c.signed_on <= end
        and (c.expires_on is None or c.expires_on >= start)
        and (c.revoked_on is None or c.revoked_on > max(start, c.signed_on))
        for c in consents
    )


@dataclass
class ClaimPlan:
    """What one patient's claim would hold: its lines, the days it takes, what stops the rest."""

    lines: list[tuple[date, _Fee, Decimal]]
    taken: list[tuple[date, int]]  # each day and the generations it already has
    problems: list[Excluded]
    diagnosis: Diagnosis | None

    @property
    def claimable(self) -> bool:
        return bool(self.lines) and not any(p.code in BLOCKING for p in self.problems)


def plan_claim(patient: Patient, known: _Known) -> ClaimPlan:
    """One patient's claim as it would be built from KNOWN, writing nothing."""
    number, patient_id = patient.patient_number, patient.id
    problems: list[Excluded] = []
    if not patient.insurance_number:
        problems.append(
            Excluded(number, "no insured-person number", "缺少参保人编号", "no_insured_number")
        )
    diagnosis = known.diagnoses.get(patient_id)
    if diagnosis is None or not diagnosis.icd10:
        problems.append(Excluded(number, "no diagnosis code", "缺少诊断编码", "no_diagnosis"))
    doses = known.doses.get(patient_id, {})
    screened = Counter(known.screens.get(patient_id, []))
    lines: list[tuple[date, _Fee, Decimal]] = []
    taken: list[tuple[date, int]] = []
    # A day is claimed whole (its service, drugs and screens) or not at all, so that no line of
    # a claimed day is ever billed again, and a day left out can be claimed once it is fixed.
    unconsented: list[date] = []
    for day in sorted(set(doses) | set(screened)):
        if not known.consented(patient_id, day):  # revoked, expired or not yet signed
            unconsented.append(day)
            continue
        if not known.inside_episode(patient_id, day):
            what_en, what_zh = ("dose", "服药") if day in doses else ("urine screen", "尿检")
            problems.append(
                Excluded(
                    number,
                    f"{what_en} on {day} is outside a treatment episode",
                    f"{day} 的{what_zh}不在治疗期内",
                    "outside_episode",
                )
            )
            continue
        generations, live = known.claimed.get((patient_id, day), (0, 0))
        if live:
            other = known.claim_numbers.get(live, str(live))
            problems.append(
                Excluded(
                    number,
                    f"{day} is already claimed in {other}",
                    f"{day} 已在结算单 {other} 中",
                    "claimed",
                )
            )
            continue
        day_lines: list[tuple[date, _Fee, Decimal]] = []
        if day in doses:
            service_fee = known.fee(SERVICE_FEE_CODE, day)
            if service_fee is None:
                problems.append(
                    Excluded(
                        number,
                        f"no dosing service fee in force on {day}",
                        f"{day} 没有有效的服务费标准",
                        "no_service_fee",
                    )
                )
                continue
            day_lines.append((day, service_fee, Decimal(1)))
            unpriced = []
            for product_id, quantity in sorted(doses[day].items()):
                drug_fee = known.drug_fee(product_id, day)
                if drug_fee is None:
                    unpriced.append(known.products.get(product_id, str(product_id)))
                else:
                    day_lines.append((day, drug_fee, quantity))
            if unpriced:
                problems.append(
                    Excluded(
                        number,
                        f"no price for {', '.join(unpriced)} on {day}",
                        f"{day} {'、'.join(unpriced)} 没有价格",
                        "no_price",
                    )
                )
                continue
        screen_fee = known.fee(SCREEN_FEE_CODE, day) if screened[day] else None
        if screen_fee is not None:  # a clinic that does not charge for screens has no price
            day_lines += [(day, screen_fee, Decimal(1))] * screened[day]
        if day_lines:
            lines.extend(day_lines)
            taken.append((day, generations))
    if unconsented:
        first, last = unconsented[0], unconsented[-1]
        count = len(unconsented)
        problems.append(
            Excluded(
                number,
                f"{plural(count, '%n day', '%n days')} from {first} to {last} not covered by the "
                "patient's consent to claims (revoked, expired or not yet signed): never claimed",
                f"{first} 至 {last} 共 {count} 天不在患者医保结算同意的范围内（已撤回、已过期或尚未签署）：不予结算",
                "outside_consent",
            )
        )
    return ClaimPlan(lines, taken, problems, diagnosis)


def scheme_terms(terms: SchemeTerms) -> Terms:
    return Terms(
        terms.ratio,
        terms.deductible,
        terms.annual_cap,
        terms.subsidy_share,
        frozenset(terms.covered.split(",")),
    )


def build_claim(
    call: Call,
    batch: ClaimBatch,
    scheme: PayerScheme,
    terms: SchemeTerms,
    patient: Patient,
    known: _Known,
    version: int = 1,
    supersedes: int | None = None,
) -> tuple[ClaimSummary | None, list[Excluded]]:
    """One patient's claim in BATCH, or the problems that stop it (nothing written then)."""
    built, problems = build_claims(call, batch, terms, [patient], known, version, supersedes)
    return (built[0] if built else None), problems


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def build_claims(
    call: Call,
    batch: ClaimBatch,
    terms: SchemeTerms,
    patients: Sequence[Patient],
    known: _Known,
    version: int = 1,
    supersedes: int | None = None,
) -> tuple[list[ClaimSummary], list[Excluded]]:
    """PATIENTS' claims in BATCH (those their problems do not stop), and every patient's
    problems, in the patients' order.

    The rules are plan_claim's and split's, patient by patient; the writing is set-based: one
    statement for all the claims (their ids returned in order), then one executemany each for
    the lines, the claimed days, the platform's visits and the draft events. A day claimed by
    another clerk meanwhile still fails the claimed days' unique constraint, and nothing is
    built.
    """
    session = call.session
    rule = scheme_terms(terms)
    tick = session.info.get("clock")  # the unit of work's clock, as ORM rows get it
    moment = tick() if tick is not None else utcnow()
    planned: list[tuple[Patient, ClaimPlan, list[Split]]] = []
    problems: list[Excluded] = []
    claim_rows: list[dict[str, object]] = []
    for patient in patients:
        plan = plan_claim(patient, known)
        problems.extend(plan.problems)
        if not plan.claimable:
            continue
        ytd = known.year_to_date.get(patient.id, YearToDate())
        plan.lines.sort(key=lambda line: (line[0], line[1].kind != "service", line[1].code))
        parts, _ = split(
            [Line(fee.kind, count, fee.unit_price) for _, fee, count in plan.lines], rule, ytd
        )
        assert plan.diagnosis is not None and patient.insurance_number is not None
        planned.append((patient, plan, parts))
        claim_rows.append(
            {
                "batch_id": batch.id,
                "number": f"{batch.number}-{patient.patient_number}-V{version}",
                "version": version,
                "supersedes_id": supersedes,
                "patient_id": patient.id,
                "terms_id": terms.id,
                "insured_number": patient.insurance_number,
                "diagnosis_code": plan.diagnosis.icd10,
                "diagnosis_name": plan.diagnosis.name,
                "total": sum((p.amount for p in parts), Decimal(0)),
                "deductible": sum((p.deductible for p in parts), Decimal(0)),
                "payer_amount": sum((p.payer for p in parts), Decimal(0)),
                "subsidy_amount": sum((p.subsidy for p in parts), Decimal(0)),
                "patient_amount": sum((p.patient for p in parts), Decimal(0)),
                "created_at": moment,
            }
        )
    if not planned:
        return [], problems
    claim_ids: list[int] = []
    for at in range(0, len(claim_rows), CHUNK):
        claim_ids += session.scalars(
            insert(_table(Claim)).returning(_table(Claim).c.id, sort_by_parameter_order=True),
            claim_rows[at : at + CHUNK],
        ).all()
    lines: list[dict[str, object]] = []
    days: list[dict[str, object]] = []
    visits: list[dict[str, object]] = []
    for claim_id, (patient, plan, parts) in zip(claim_ids, planned, strict=True):
        lines += [
            {
                "claim_id": claim_id,
                "line_no": n,
                "fee_item_id": fee.id,
                "service_date": day,
                "count": count,
                "unit_price": fee.unit_price,
                "amount": part.amount,
                "payer_amount": part.payer,
                "subsidy_amount": part.subsidy,
                "patient_amount": part.patient,
            }
            for n, ((day, fee, count), part) in enumerate(
                zip(plan.lines, parts, strict=True), start=1
            )
        ]
        days += [
            {
                "patient_id": patient.id,
                "service_date": day,
                "generation": generations + 1,
                "claim_id": claim_id,
            }
            for day, generations in plan.taken
        ]
        visits += platform_visits(
            claim_id, patient, known, sorted({day for day, _, _ in plan.lines})
        )
    events = [
        {"claim_id": claim_id, "status": "draft", "recorded_by": call.actor.user_id}
        for claim_id in claim_ids
    ]
    try:
        insert_many(session, _table(ClaimLine), lines)
        insert_many(session, _table(ClaimedDay), days)
        insert_many(session, _table(PlatformVisit), visits)
        insert_many(session, _table(ClaimEvent), [{**e, "recorded_at": moment} for e in events])
    except IntegrityError as exc:
        raise Conflict(
            en="Another clerk claimed some of these days at the same moment; nothing was "
            "built. Open the other batch or try again.",
            zh="另一名结算员刚同时结算了其中部分日期；本次未生成。请查看另一批次或重试。",
        ) from exc
    summaries: list[ClaimSummary] = []
    for claim_id, row, (patient, plan, parts) in zip(claim_ids, claim_rows, planned, strict=True):
        for day, generations in plan.taken:  # later claims in this build see these days as taken
            known.claimed[(patient.id, day)] = (generations + 1, claim_id)
        number = str(row["number"])
        known.claim_numbers[claim_id] = number
        amounts: dict[str, Decimal] = defaultdict(Decimal)
        for (_, fee, _), part in zip(plan.lines, parts, strict=True):
            amounts[fee.kind] += part.amount
        money = {
            name: sum((getattr(p, name) for p in parts), Decimal(0))
            for name in ("amount", "deductible", "payer", "subsidy", "patient")
        }
        summaries.append(
            ClaimSummary(
                claim_id,
                number,
                patient.patient_number,
                len({day for day, _, _ in plan.lines}),
                money["amount"],
                money["payer"],
                money["subsidy"],
                money["patient"],
                "draft",
                payer_note(rule, amounts, money["deductible"], money["payer"]),
            )
        )
    return summaries, problems


def platform_visits(
    claim_id: int, patient: Patient, known: _Known, days: list[date]
) -> list[dict[str, object]]:
    """A claim's days as the platform's visits, each with the credential of the chronic-disease
    registration covering it (none yet: the export names the day until one is recorded)."""
    visits: list[dict[str, object]] = []
    patient_id, registrations = patient.id, known.registrations.get(patient.id, [])
    for day in days:
        registration = registration_on(registrations, day)
        cert_type = registration.cert_type if registration else None
        cert_no = registration.cert_no if registration else None
        if cert_type == "02" and not cert_no:
            cert_no = patient.national_id
        visits.append(
            {
                "claim_id": claim_id,
                "registration_id": registration.id if registration else None,
                "service_date": day,
                "cert_type": cert_type,
                "cert_no": cert_no,
                "physician_id": known.physicians.get((patient_id, day)),
            }
        )
    return visits


def month_patients(
    session: Session, scheme: PayerScheme, start: date, end: date, today: date
) -> tuple[list[Patient], list[Excluded]]:
    """The patients dosed in the period who may be in SCHEME's claims, and those never in a
    claim file (self-pay, no valid consent to claims), with the reason."""
    voided = select(DoseVoid.dose_id)
    dosed_ids = set(
        session.scalars(
            select(Dose.patient_id)
            .where(Dose.dosing_date >= start, Dose.dosing_date <= end, Dose.id.not_in(voided))
            .distinct()
        )
    )
    rows = session.execute(
        select(Patient, PatientDetail.payer_scheme_id)
        .outerjoin(PatientDetail, PatientDetail.patient_id == Patient.id)
        .where(Patient.id.in_(dosed_ids))
        .order_by(Patient.patient_number)
    ).all()
    consents = claims_consents(
        session, [patient.id for patient, scheme_id in rows if scheme_id == scheme.id], scheme.id
    )
    eligible: list[Patient] = []
    excluded: list[Excluded] = []
    for patient, scheme_id in rows:
        if scheme_id is None:
            excluded.append(
                Excluded(
                    patient.patient_number, "pays themselves (self-pay)", "自费患者", "self_pay"
                )
            )
        elif scheme_id != scheme.id:
            continue
        elif not consented_in(
            consents[patient.id], start, end
        ):  # no day of the month is covered; a partly covered month is planned day by day
            excluded.append(
                Excluded(
                    patient.patient_number,
                    "no valid consent to insurance claims in this month",
                    "本月没有有效的医保结算同意书",
                    "no_consent",
                )
            )
        else:
            eligible.append(patient)
    return eligible, excluded


@dataclass(frozen=True)
class MonthCheck:
    """A scheme's month as it stands now: who is never claimed, the problems still open (days
    that are in no live claim and cannot be until fixed), how many patients a build would claim."""

    excluded: tuple[Excluded, ...]
    problems: tuple[Excluded, ...]
    claimable: int


def check_month(
    session: Session, scheme: PayerScheme, start: date, end: date, today: date
) -> MonthCheck:
    """What building SCHEME's month would find now, writing nothing (one rule with the build)."""
    eligible, excluded = month_patients(session, scheme, start, end, today)
    known = _load(session, [p.id for p in eligible], start, end, scheme.id)
    problems: list[Excluded] = []
    claimable = 0
    for patient in eligible:
        plan = plan_claim(patient, known)
        problems.extend(p for p in plan.problems if p.unresolved)
        claimable += plan.claimable
    return MonthCheck(tuple(excluded), tuple(problems), claimable)


# What check_month reads. Rows of these tables are only ever added (records are append-only),
# so the newest id of each moves on every change:
_GROWING = (
    Dose,
    DoseVoid,
    DoseItem,
    DoseException,
    UrineScreen,
    Diagnosis,
    Episode,
    StatusChange,
    Consent,
    ConsentRevocation,
    FeeItem,
    ClaimBatch,
    Claim,
    ClaimedDay,
    ClaimEvent,
)
# and these rows can change in place (an insured number given after registration, a payer or a
# product renamed): small tables, read raw (sealed columns are not opened) and hashed.
_CHANGING = (
    (Patient.id, Patient.patient_number, type_coerce(Patient.insurance_number, Text)),
    (PatientDetail.patient_id, PatientDetail.payer_scheme_id),
    (Product.id, Product.name),
    (PayerScheme.id, PayerScheme.code, PayerScheme.name),
)
_NEWEST = select(*(select(func.max(model.id)).scalar_subquery() for model in _GROWING))


def month_fingerprint(session: Session, today: date) -> str:
    """A digest that changes whenever anything check_month reads changes (a few indexed reads)."""
    digest = hashlib.sha256(repr((today, tuple(session.execute(_NEWEST).one()))).encode())
    for columns in _CHANGING:
        digest.update(repr(session.execute(select(*columns).order_by(columns[0])).all()).encode())
    return digest.hexdigest()


# The last check of a scheme's month on each database: (scheme id, month) -> (fingerprint of
# what it read, its problems). Kept only in memory, for this workstation's next check.
_CHECKED: WeakKeyDictionary[object, dict[tuple[int, date], tuple[str, tuple[Excluded, ...]]]] = (
    WeakKeyDictionary()
)


def _remember(
    bind: Any, key: tuple[int, date], fingerprint: str, problems: tuple[Excluded, ...]
) -> None:
    _CHECKED.setdefault(bind, {})[key] = (fingerprint, problems)


def month_problems(
    session: Session, scheme: PayerScheme, start: date, end: date, today: date
) -> tuple[Excluded, ...]:
    """check_month's problems; on SQLite (one writer at a time), the last check's (or build's)
    when nothing it reads has changed. The fingerprint is read before the check, so a change
    committed meanwhile makes the next fingerprint differ from the one kept."""
    bind, key = session.get_bind(), (scheme.id, start)
    if bind.dialect.name != "sqlite":
        # On a server, ids are taken in one order and committed in another: a row committed
        # after the check with an id below the newest would leave the fingerprint unchanged.
        return check_month(session, scheme, start, end, today).problems
    fingerprint = month_fingerprint(session, today)
    known = _CHECKED.get(bind, {}).get(key)
    if known is not None and known[0] == fingerprint:
        return known[1]
    problems = check_month(session, scheme, start, end, today).problems
    _remember(bind, key, fingerprint, problems)
    return problems


@service(Action.CLAIM_BUILD, entity="claim_batch")
def build_batch(call: Call, *, scheme_code: str, year: int, month: int) -> BatchResult:
    """One claim per eligible patient of the scheme for the month; the rest listed with reasons."""
    session = call.session
    scheme = _scheme(session, scheme_code)
    start, end = month_period(year, month)
    today = clock.clinic_today(session)
    if start > today:
        raise InvalidInput(en="That month has not begun.", zh="该月份尚未开始。")
    terms = terms_on(session, scheme.id, start)
    if terms is None:
        raise InvalidInput(
            en=f"{scheme.name} has no terms in force on {start}: set them first.",
            zh=f"{scheme.name} 在 {start} 没有有效的报销规则，请先设置。",
        )
    sequence = 1 + (
        session.scalar(
            select(func.count())
            .select_from(ClaimBatch)
            .where(ClaimBatch.scheme_id == scheme.id, ClaimBatch.period_start == start)
        )
        or 0
    )
    batch = ClaimBatch(
        number=f"CB-{scheme.code}-{start:%Y%m}-{sequence:02d}",
        scheme_id=scheme.id,
        period_start=start,
        period_end=end,
        created_by=call.actor.user_id,
    )
    session.add(batch)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            en="Another clerk is building this batch at the same moment.",
            zh="另一名结算员正在生成同一批次。",
        ) from exc
    call.note(entity_id=batch.number, scheme=scheme.code, period=f"{start:%Y-%m}")
    eligible, excluded = month_patients(session, scheme, start, end, today)
    known = _load(session, [p.id for p in eligible], start, end, scheme.id)
    claims, problems = build_claims(call, batch, terms, eligible, known)
    if call.db.mode == "embedded":
        # The build held SQLite's write lock from its first read, so the month as it now stands
        # is what it read plus what it wrote: its unresolved problems are what check_month would
        # find after it, and the export that follows need not check the month again.
        # (On a server another workstation may commit between the reads: checked then.)
        fingerprint = month_fingerprint(session, today)
        unresolved = tuple(p for p in problems if p.unresolved)
        bind, key = session.get_bind(), (scheme.id, start)
        call.after_success.append(lambda: _remember(bind, key, fingerprint, unresolved))
    call.note(
        claims=len(claims),
        excluded=len(excluded),
        problems=len(problems),
        total=str(sum((c.total for c in claims), Decimal(0))),
    )
    return BatchResult(
        batch.number, scheme.code, start, end, tuple(claims), tuple(excluded), tuple(problems)
    )


# --- status ----------------------------------------------------------------------------------


def _claim(session: Session, number: str) -> Claim:
    claim = session.scalars(select(Claim).where(Claim.number == number.strip().upper())).first()
    if claim is None:
        raise NotFound(en=f"No claim {quoted(number)}.", zh=f"没有结算单 {quoted(number)}。")
    return claim


TRANSITIONS = {
    "draft": {"exported", "discarded"},
    "exported": {"accepted", "paid", "rejected"},
    "accepted": {"paid", "rejected"},
    "paid": set(),
    "rejected": {"voided"},
    "voided": set(),
    "discarded": set(),
}


def _move(
    call: Call, claim: Claim, status: str, current: str | None = None, **fields: object
) -> None:
    """Record CLAIM's next status; CURRENT, when the caller has just read it, saves a query."""
    current = current or claim_status(call.session, claim.id)
    if status not in TRANSITIONS[current]:
        raise Conflict(
            en=f"Claim {claim.number} is {current}; it cannot become {status}.",
            zh=f"结算单 {claim.number} 当前为“{current}”，不能改为“{status}”。",
        )
    call.session.add(
        ClaimEvent(claim_id=claim.id, status=status, recorded_by=call.actor.user_id, **fields)
    )


def move_all(
    call: Call, claims: Sequence[Claim], status: str, current: str, reference: str
) -> None:
    """Record the next STATUS of each of CLAIMS, all now CURRENT (the caller has just read it),
    in one executemany: a month's export moves ~1,500 claims, which the unit of work's flush
    wrote one object at a time. The same transitions as `_move`, the same rows."""
    if status not in TRANSITIONS[current]:
        raise Conflict(
            en=f"Claim {claims[0].number} is {current}; it cannot become {status}.",
            zh=f"结算单 {claims[0].number} 当前为“{current}”，不能改为“{status}”。",
        )
    tick = call.session.info.get("clock")  # the unit of work's clock, as ORM rows get it
    moment = tick() if tick is not None else utcnow()
    insert_many(
        call.session,
        _table(ClaimEvent),
        [
            {
                "claim_id": claim.id,
                "status": status,
                "reference": reference,
                "recorded_by": call.actor.user_id,
                "recorded_at": moment,
            }
            for claim in claims
        ],
    )


@service(Action.CLAIM_STATUS, entity="claim")
def record_outcome(
    call: Call,
    *,
    claim_number: str,
    status: str,
    amount: object | None = None,
    on_date: date | None = None,
    reason: str | None = None,
) -> str:
    """The payer's answer: accepted, paid (amount, date) or rejected (reason)."""
    claim = _claim(call.session, claim_number)
    call.note(entity_id=claim.id, status=status)
    if status not in ("accepted", "paid", "rejected"):
        raise InvalidInput(
            en="The outcome is accepted, paid or rejected.", zh="结果须为受理、已支付或拒付。"
        )
    paid = None
    if status == "paid":
        paid = parse_money(amount if amount is not None else "", "Paid amount", "支付金额")
        if on_date is None:
            raise InvalidInput(en="Give the payment date.", zh="请填写支付日期。")
    why = free_text(reason, 500, "Reason", "原因")
    if status == "rejected" and not why:
        raise InvalidInput(en="Record the payer's reason for the rejection.", zh="请填写拒付原因。")
    _move(call, claim, status, amount=paid, on_date=on_date, reason=why)
    return status


@service(Action.CLAIM_BUILD, entity="claim")
def correct_claim(call: Call, *, claim_number: str) -> ClaimSummary:
    """A rejected claim's new version, built from the patient's data as it is now; the old is voided."""
    session = call.session
    old = _claim(session, claim_number)
    call.note(entity_id=old.id)
    if claim_status(session, old.id) != "rejected":
        raise Conflict(
            en="Only a rejected claim is corrected by a new version.",
            zh="只有被拒付的结算单才能生成新版本更正。",
        )
    _move(call, old, "voided", reason="superseded by a corrected version")
    session.flush()
    batch = session.get(ClaimBatch, old.batch_id)
    assert batch is not None
    scheme = session.get(PayerScheme, batch.scheme_id)
    terms = session.get(SchemeTerms, old.terms_id)
    patient = session.get(Patient, old.patient_id)
    assert scheme is not None and terms is not None and patient is not None
    known = _load(session, [patient.id], batch.period_start, batch.period_end, scheme.id)
    claim, problems = build_claim(
        call, batch, scheme, terms, patient, known, old.version + 1, old.id
    )
    if claim is None:
        raise InvalidInput(
            en="The claim still has problems: " + "; ".join(p.reason_en for p in problems),
            zh="结算单仍有问题：" + "；".join(p.reason_zh for p in problems),
        )
    call.note(new=claim.claim_id)
    return claim


@service(Action.CLAIM_BUILD, entity="claim_batch")
def discard_drafts(call: Call, *, batch_number: str, reason: str) -> int:
    """Discard a batch's draft claims (to fix data and rebuild); their days are free again."""
    session = call.session
    batch = session.scalars(select(ClaimBatch).where(ClaimBatch.number == batch_number)).first()
    if batch is None:
        raise NotFound(en="No such batch.", zh="没有该批次。")
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(en="Say why the drafts are discarded.", zh="请说明作废草稿的原因。")
    count = 0
    for claim in session.scalars(select(Claim).where(Claim.batch_id == batch.id)):
        if claim_status(session, claim.id) == "draft":
            _move(call, claim, "discarded", reason=why)
            count += 1
    call.note(entity_id=batch.number, discarded=count)
    return count


@service(Action.CLAIM_BUILD, entity="claim")
def exclude_claim(call: Call, *, claim_number: str, reason: str) -> str:
    """Leave a draft claim out of its batch's export, with the reason (its days are free
    again, to be claimed once the problem is fixed)."""
    claim = _claim(call.session, claim_number)
    call.note(entity_id=claim.id)
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(
            en="Say why the claim is left out of the export.", zh="请说明排除该结算单的原因。"
        )
    _move(call, claim, "discarded", reason=why, reference="excluded from export")
    return "discarded"


@service(Action.CLAIM_READ, entity="claim", audited=False, read_only=True)
def claim_status_of(call: Call, *, claim_number: str) -> str:
    return claim_status(call.session, _claim(call.session, claim_number).id)
