"""What the billing clerk reads: batches with their totals, a batch's claims, one claim in full,
and a scheme's versions of terms. Reading a claim in full shows the patient's name: audited."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import NotFound
from clinic.insurance.claims import (
    LIVE,
    BatchResult,
    ClaimSummary,
    TermsInfo,
    _scheme,
    _terms_info,
    check_month,
    month_period,
    scheme_terms,
)
from clinic.insurance.money import PayerNote, payer_note
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    Claim,
    ClaimBatch,
    ClaimEvent,
    ClaimExport,
    ClaimLine,
    FeeItem,
    Patient,
    PayerScheme,
    SchemeTerms,
    User,
)
from clinic.wording import quoted

ZERO = Decimal("0.00")
STATUS_NAMES = {
    "draft": ("Draft", "草稿"),
    "exported": ("Exported", "已导出"),
    "accepted": ("Accepted", "已受理"),
    "paid": ("Paid", "已支付"),
    "rejected": ("Rejected", "拒付"),
    "voided": ("Voided (corrected)", "已作废（已更正）"),
    "discarded": ("Discarded", "已废弃"),
}


@dataclass(frozen=True)
class Money:
    """A group of claims' totals: what they claim and who pays it."""

    claims: int = 0
    total: Decimal = ZERO
    payer: Decimal = ZERO
    subsidy: Decimal = ZERO
    patient: Decimal = ZERO
    paid: Decimal = ZERO

    def plus(self, claim: Claim, paid: Decimal | None) -> Money:
        return Money(
            self.claims + 1,
            self.total + claim.total,
            self.payer + claim.payer_amount,
            self.subsidy + claim.subsidy_amount,
            self.patient + claim.patient_amount,
            self.paid + (paid or ZERO),
        )


@dataclass(frozen=True)
class BatchInfo:
    batch_number: str
    scheme_code: str
    scheme_name: str
    period_start: date
    period_end: date
    created_at: datetime
    live: Money  # claims still alive (draft, exported, accepted, paid)
    statuses: dict[str, int]
    exports: int


@dataclass(frozen=True)
class ClaimRow:
    claim_id: int
    number: str
    version: int
    patient_number: str
    days: int
    total: Decimal
    payer_amount: Decimal
    subsidy_amount: Decimal
    patient_amount: Decimal
    status: str
    paid_amount: Decimal | None
    reason: str | None
    payer_note: PayerNote | None = None  # why the payer pays nothing, when it does


@dataclass(frozen=True)
class BatchView:
    info: BatchInfo
    claims: tuple[ClaimRow, ...]
    by_status: dict[str, Money]


@dataclass(frozen=True)
class ClaimLineInfo:
    line_no: int
    service_date: date
    item_code: str
    kind: str
    name: str
    unit: str
    insurance_code: str
    count: Decimal
    unit_price: Decimal
    amount: Decimal
    payer_amount: Decimal
    subsidy_amount: Decimal
    patient_amount: Decimal


@dataclass(frozen=True)
class ClaimEventInfo:
    status: str
    recorded_at: datetime
    recorded_by: str
    amount: Decimal | None
    on_date: date | None
    reason: str | None
    reference: str | None


@dataclass(frozen=True)
class ClaimDetail:
    number: str
    batch_number: str
    scheme_code: str
    scheme_name: str
    period_start: date
    period_end: date
    version: int
    supersedes: str | None
    superseded_by: str | None
    patient_id: int
    patient_number: str
    patient_name: str
    insured_number: str
    diagnosis_code: str
    diagnosis_name: str
    terms: TermsInfo
    total: Decimal
    deductible: Decimal
    payer_amount: Decimal
    subsidy_amount: Decimal
    patient_amount: Decimal
    status: str
    lines: tuple[ClaimLineInfo, ...]
    events: tuple[ClaimEventInfo, ...]
    payer_note: PayerNote | None = None


def _last_events(session: Session, claim_ids: list[int]) -> dict[int, ClaimEvent]:
    """Each claim's latest event, in one query."""
    last: dict[int, ClaimEvent] = {}
    if not claim_ids:
        return last
    for event in session.scalars(
        select(ClaimEvent).where(ClaimEvent.claim_id.in_(claim_ids)).order_by(ClaimEvent.id)
    ):
        last[event.claim_id] = event
    return last


def payer_notes(session: Session, claims: list[Claim]) -> dict[int, PayerNote]:
    """Why the payer pays nothing, for each such claim: read from its lines and its terms."""
    unpaid = [c for c in claims if c.payer_amount <= 0 < c.total]
    if not unpaid:
        return {}
    amounts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for claim_id, kind, amount in session.execute(
        select(ClaimLine.claim_id, FeeItem.kind, func.sum(ClaimLine.amount))
        .join(FeeItem, FeeItem.id == ClaimLine.fee_item_id)
        .where(ClaimLine.claim_id.in_([c.id for c in unpaid]))
        .group_by(ClaimLine.claim_id, FeeItem.kind)
    ):
        amounts[claim_id][kind] = Decimal(amount)
    terms = {
        t.id: scheme_terms(t)
        for t in session.scalars(
            select(SchemeTerms).where(SchemeTerms.id.in_({c.terms_id for c in unpaid}))
        )
    }
    notes = {}
    for claim in unpaid:
        note = payer_note(
            terms[claim.terms_id], amounts[claim.id], claim.deductible, claim.payer_amount
        )
        if note is not None:
            notes[claim.id] = note
    return notes


def _batch(session: Session, number: str) -> ClaimBatch:
    batch = session.scalars(
        select(ClaimBatch).where(ClaimBatch.number == number.strip().upper())
    ).first()
    if batch is None:
        raise NotFound(
            en=f"No claim batch {quoted(number)}.", zh=f"没有结算批次 {quoted(number)}。"
        )
    return batch


def _batch_info(
    session: Session, batch: ClaimBatch, scheme: PayerScheme, claims: list[Claim]
) -> tuple[BatchInfo, dict[int, ClaimEvent]]:
    last = _last_events(session, [c.id for c in claims])
    live = Money()
    statuses: Counter[str] = Counter()
    for claim in claims:
        event = last.get(claim.id)
        status = event.status if event else "draft"
        statuses[status] += 1
        if status in LIVE:
            live = live.plus(claim, event.amount if event and status == "paid" else None)
    exports = (
        session.scalar(
            select(func.count()).select_from(ClaimExport).where(ClaimExport.batch_id == batch.id)
        )
        or 0
    )
    info = BatchInfo(
        batch.number,
        scheme.code,
        scheme.name,
        batch.period_start,
        batch.period_end,
        batch.created_at,
        live,
        dict(statuses),
        int(exports),
    )
    return info, last


@service(Action.CLAIM_READ, entity="claim_batch", audited=False, read_only=True)
def list_batches(call: Call, *, scheme_code: str | None = None) -> list[BatchInfo]:
    """Every claim batch, newest period first, with its live totals and claims per status."""
    session = call.session
    query = (
        select(ClaimBatch, PayerScheme)
        .join(PayerScheme, PayerScheme.id == ClaimBatch.scheme_id)
        .order_by(ClaimBatch.period_start.desc(), ClaimBatch.number.desc())
    )
    if scheme_code:
        query = query.where(PayerScheme.id == _scheme(session, scheme_code).id)
    rows = session.execute(query).all()
    by_batch: dict[int, list[Claim]] = defaultdict(list)
    batch_ids = [batch.id for batch, _ in rows]
    if batch_ids:
        for claim in session.scalars(select(Claim).where(Claim.batch_id.in_(batch_ids))):
            by_batch[claim.batch_id].append(claim)
    return [_batch_info(session, b, s, by_batch[b.id])[0] for b, s in rows]


@service(Action.CLAIM_READ, entity="claim_batch", read_only=True)
def batch_view(call: Call, *, batch_number: str) -> BatchView:
    """A batch's claims (patient numbers, days, money, status) and its totals per status."""
    batch = _batch(call.session, batch_number)
    call.note(entity_id=batch.number)
    view = _view_of(call.session, batch)
    call.note(claims=len(view.claims))
    return view


def _view_of(session: Session, batch: ClaimBatch) -> BatchView:
    scheme = session.get(PayerScheme, batch.scheme_id)
    assert scheme is not None
    claims = list(
        session.scalars(select(Claim).where(Claim.batch_id == batch.id).order_by(Claim.number))
    )
    info, last = _batch_info(session, batch, scheme, claims)
    numbers = dict(
        session.execute(
            select(Patient.id, Patient.patient_number).where(
                Patient.id.in_({c.patient_id for c in claims})
            )
        ).all()
    )
    days = dict(
        session.execute(
            select(ClaimLine.claim_id, func.count(func.distinct(ClaimLine.service_date)))
            .where(ClaimLine.claim_id.in_([c.id for c in claims]))
            .group_by(ClaimLine.claim_id)
        ).all()
    )
    notes = payer_notes(session, claims)
    rows = []
    by_status: dict[str, Money] = {}
    for claim in claims:
        event = last.get(claim.id)
        status = event.status if event else "draft"
        paid = event.amount if event and status == "paid" else None
        by_status[status] = by_status.get(status, Money()).plus(claim, paid)
        rows.append(
            ClaimRow(
                claim.id,
                claim.number,
                claim.version,
                numbers.get(claim.patient_id, ""),
                int(days.get(claim.id, 0)),
                claim.total,
                claim.payer_amount,
                claim.subsidy_amount,
                claim.patient_amount,
                status,
                paid,
                event.reason if event and status in ("rejected", "voided", "discarded") else None,
                notes.get(claim.id),
            )
        )
    return BatchView(info, tuple(rows), by_status)


@service(Action.CLAIM_READ, entity="claim", read_only=True)
def claim_detail(call: Call, *, claim_number: str) -> ClaimDetail:
    """One claim in full: the patient, its lines with their split, and its status history."""
    session = call.session
    claim = session.scalars(
        select(Claim).where(Claim.number == claim_number.strip().upper())
    ).first()
    if claim is None:
        raise NotFound(
            en=f"No claim {quoted(claim_number)}.", zh=f"没有结算单 {quoted(claim_number)}。"
        )
    call.note(entity_id=claim.id)
    batch = session.get(ClaimBatch, claim.batch_id)
    patient = session.get(Patient, claim.patient_id)
    terms = session.get(SchemeTerms, claim.terms_id)
    assert batch is not None and patient is not None and terms is not None
    scheme = session.get(PayerScheme, batch.scheme_id)
    assert scheme is not None
    call.also_audit(
        action=Action.PATIENT_READ.value,
        entity="patient",
        entity_id=patient.id,
        patient_number=patient.patient_number,
        via="claim detail",
        claim=claim.number,
    )
    old = session.get(Claim, claim.supersedes_id) if claim.supersedes_id else None
    newer = session.scalars(select(Claim.number).where(Claim.supersedes_id == claim.id)).first()
    lines = tuple(
        ClaimLineInfo(
            line.line_no,
            line.service_date,
            fee.code,
            fee.kind,
            fee.name,
            fee.unit,
            fee.insurance_code,
            line.count,
            line.unit_price,
            line.amount,
            line.payer_amount,
            line.subsidy_amount,
            line.patient_amount,
        )
        for line, fee in session.execute(
            select(ClaimLine, FeeItem)
            .join(FeeItem, FeeItem.id == ClaimLine.fee_item_id)
            .where(ClaimLine.claim_id == claim.id)
            .order_by(ClaimLine.line_no)
        )
    )
    events = tuple(
        ClaimEventInfo(
            event.status,
            event.recorded_at,
            full_name or username,
            event.amount,
            event.on_date,
            event.reason,
            event.reference,
        )
        for event, username, full_name in session.execute(
            select(ClaimEvent, User.username, User.full_name)
            .join(User, User.id == ClaimEvent.recorded_by)
            .where(ClaimEvent.claim_id == claim.id)
            .order_by(ClaimEvent.id)
        )
    )
    return ClaimDetail(
        claim.number,
        batch.number,
        scheme.code,
        scheme.name,
        batch.period_start,
        batch.period_end,
        claim.version,
        old.number if old else None,
        newer,
        patient.id,
        patient.patient_number,
        patient.name,
        claim.insured_number,
        claim.diagnosis_code,
        claim.diagnosis_name,
        _terms_info(terms, scheme.code),
        claim.total,
        claim.deductible,
        claim.payer_amount,
        claim.subsidy_amount,
        claim.patient_amount,
        events[-1].status if events else "draft",
        lines,
        events,
        payer_notes(session, [claim]).get(claim.id),
    )


@service(Action.SETTINGS_READ, entity="payer_scheme", audited=False, read_only=True)
def list_scheme_terms(call: Call, *, scheme_code: str | None = None) -> list[TermsInfo]:
    """Every version of the schemes' terms (or one scheme's), by scheme then date."""
    query = (
        select(SchemeTerms, PayerScheme.code)
        .join(PayerScheme, PayerScheme.id == SchemeTerms.scheme_id)
        .order_by(PayerScheme.code, SchemeTerms.effective_from)
    )
    if scheme_code:
        query = query.where(PayerScheme.id == _scheme(call.session, scheme_code).id)
    return [_terms_info(terms, code) for terms, code in call.session.execute(query)]


@service(Action.CLAIM_READ, entity="claim_batch", read_only=True)
def month_view(call: Call, *, scheme_code: str, year: int, month: int) -> BatchResult:
    """A scheme's month as it stands: its newest batch's claims (none before a build), who is
    never claimed, the problems still open and how many patients a build would claim now."""
    session = call.session
    scheme = _scheme(session, scheme_code)
    start, end = month_period(year, month)
    call.note(entity_id=scheme.code, period=f"{start:%Y-%m}")
    today = clock.clinic_today(session)
    if start > today:
        return BatchResult("", scheme.code, start, end, (), (), ())
    check = check_month(session, scheme, start, end, today)
    batch = session.scalars(
        select(ClaimBatch)
        .where(ClaimBatch.scheme_id == scheme.id, ClaimBatch.period_start == start)
        .order_by(ClaimBatch.number.desc())
    ).first()
    summaries: list[ClaimSummary] = []
    if batch is not None:
        view = _view_of(session, batch)
        summaries = [
            ClaimSummary(
                c.claim_id,
                c.number,
                c.patient_number,
                c.days,
                c.total,
                c.payer_amount,
                c.subsidy_amount,
                c.patient_amount,
                c.status,
                c.payer_note,
            )
            for c in view.claims
        ]
    call.note(problems=len(check.problems), claimable=check.claimable)
    return BatchResult(
        batch.number if batch else "",
        scheme.code,
        start,
        end,
        tuple(summaries),
        check.excluded,
        check.problems,
        check.claimable,
    )
