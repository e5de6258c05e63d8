"""The patient's own fee account: a flat daily fee per site, payments at the window, waivers.

Rules (DOMAIN "Money"): the patient fee is a flat daily fee, configurable per site. A dosing day is
charged once, with its first live dose, at the fee in force at the dosing window's site that day;
split doses and take-home doses of the same day do not charge again. A patient whose days are billed
to a payer scheme (a scheme on record and a valid consent to insurance claims for it) pays their share
through the claim, so the window charges them nothing. A day whose every dose is voided has its
charge reversed. Payments and waivers reduce what is owed; a wrong one is voided, never edited.

The balance owed is a warning at the window, never a reason to refuse a dose.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric, bindparam, func, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import Conflict, InvalidInput, NeedsConfirmation, NotFound
from clinic.ids import PatientId, SiteId
from clinic.insurance.money import ZERO
from clinic.numbers import FEN, parse_money
from clinic.patients.consent import valid_consent
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage import direct
from clinic.storage.models import (
    Dose,
    DoseVoid,
    FeeCharge,
    FeeChargeReversal,
    FeePayment,
    FeePaymentVoid,
    Patient,
    PatientDetail,
    PayerScheme,
    Site,
    SiteFee,
    User,
)
from clinic.storage.uow import insert_now
from clinic.wording import quoted

MAX_FEE = Decimal("1000")
MAX_PAYMENT = Decimal("100000")
METHODS = {
    "cash": ("Cash", "现金"),
    "wechat": ("WeChat Pay", "微信支付"),
    "alipay": ("Alipay", "支付宝"),
    "bank_card": ("Bank card", "银行卡"),
}
KINDS = {"payment": ("Payment", "缴费"), "waiver": ("Fee waived", "减免")}


# --- the fee in force --------------------------------------------------------------------------


_FEE_ON = (
    select(SiteFee.daily_fee)
    .where(SiteFee.site_id == bindparam("site_id"), SiteFee.effective_from <= bindparam("day"))
    .order_by(SiteFee.effective_from.desc(), SiteFee.id.desc())
    .limit(1)
)


def fee_on(session: Session, site_id: int, day: date) -> Decimal:
    """The site's daily fee on DAY: the latest entry in force; none recorded means no fee."""
    return _fee(direct.first(session, _FEE_ON, {"site_id": site_id, "day": day}))


def _fee(stored: Decimal | None) -> Decimal:
    return Decimal(stored).quantize(FEN) if stored is not None else ZERO


@dataclass(frozen=True)
class SiteFeeInfo:
    site_id: SiteId
    effective_from: date
    daily_fee: Decimal
    reason: str | None
    recorded_by: str
    recorded_at: datetime


@service(Action.SITE_MANAGE, entity="site")
def set_site_fee(
    call: Call, *, site_id: int, daily_fee: object, effective_from: date, reason: str | None = None
) -> SiteFeeInfo:
    """A site's daily fee from a date on (today or later: days already charged keep theirs)."""
    session = call.session
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(en=f"No site with id {site_id}.", zh=f"没有编号为 {site_id} 的站点。")
    fee = parse_money(daily_fee, "Daily fee", "每日服药费", high=MAX_FEE)
    today = clock.clinic_today(session, call.db.clock())
    if effective_from < today:
        raise InvalidInput(
            en=f"A fee starts today ({today}) or later; days already charged keep their fee.",
            zh=f"收费标准只能从今天（{today}）或以后生效；已收费的日子保持原收费。",
        )
    before = fee_on(session, site.id, effective_from)
    row = SiteFee(
        site_id=site.id,
        effective_from=effective_from,
        daily_fee=fee,
        reason=free_text(reason, 500, "Reason", "原因") or None,
        recorded_by=call.actor.user_id,
    )
    session.add(row)
    session.flush()
    call.note(
        entity_id=site.id,
        daily_fee=str(fee),
        before=str(before),
        effective_from=str(effective_from),
    )
    return SiteFeeInfo(
        SiteId(site.id), effective_from, fee, row.reason, call.actor.username, row.recorded_at
    )


@service(Action.SETTINGS_READ, entity="site", audited=False, read_only=True)
def site_fee_history(call: Call, *, site_id: int) -> list[SiteFeeInfo]:
    rows = call.session.execute(
        select(SiteFee, User.username)
        .join(User, User.id == SiteFee.recorded_by)
        .where(SiteFee.site_id == site_id)
        .order_by(SiteFee.effective_from, SiteFee.id)
    ).all()
    return [
        SiteFeeInfo(
            SiteId(f.site_id),
            f.effective_from,
            Decimal(f.daily_fee).quantize(FEN),
            f.reason,
            name,
            f.recorded_at,
        )
        for f, name in rows
    ]


@service(Action.SETTINGS_READ, entity="site", audited=False, read_only=True)
def fees_today(call: Call) -> dict[SiteId, Decimal]:
    """Each site's daily fee in force today."""
    today = clock.clinic_today(call.session, call.db.clock())
    return {
        SiteId(site_id): fee_on(call.session, site_id, today)
        for site_id in call.session.scalars(select(Site.id))
    }


# --- charges, written by the dosing window in the dose's own transaction ------------------------


# Built once, with bound parameters: each dose's charge asks these.
_OF_THE_DAY = (
    FeeCharge.patient_id == bindparam("patient_id"),
    FeeCharge.service_date == bindparam("day"),
)
# For a dose's day, in one statement: the site's fee in force, how many charges the day has had
# (a reversed one included: the next is one generation past them) and how many stand (a
# reversal is unique to its charge).
_DAY_FEE_AND_CHARGES = select(
    _FEE_ON.scalar_subquery(),
    select(func.count(FeeCharge.id)).where(*_OF_THE_DAY).scalar_subquery(),
    select(func.count(FeeCharge.id))
    .where(
        *_OF_THE_DAY,
        ~select(FeeChargeReversal.id).where(FeeChargeReversal.charge_id == FeeCharge.id).exists(),
    )
    .scalar_subquery(),
)


def billed_to_scheme(session: Session, patient_id: int, day: date) -> bool:
    """True if the patient's days go to a payer scheme's claim rather than to the window."""
    detail = direct.get(session, PatientDetail, patient_id)  # the gate read it: no statement
    scheme_id = detail.payer_scheme_id if detail is not None else None
    if scheme_id is None:
        return False
    scheme = session.get(PayerScheme, scheme_id)
    if scheme is None:
        return False
    return valid_consent(session, patient_id, "insurance_claims", scheme.name, day) is not None


def _live_charge(session: Session, patient_id: int, day: date) -> FeeCharge | None:
    return session.scalars(
        select(FeeCharge)
        .outerjoin(FeeChargeReversal, FeeChargeReversal.charge_id == FeeCharge.id)
        .where(
            FeeCharge.patient_id == patient_id,
            FeeCharge.service_date == day,
            FeeChargeReversal.id.is_(None),
        )
    ).first()


def charge_day(session: Session, dose: Dose, site_id: int) -> FeeCharge | None:
    """Charge the dose's day to the patient's account, once per day; None if nothing is owed."""
    # The day's charges so far: one that stands means the day is paid for.
    ((stored_fee, earlier, standing),) = direct.rows(
        session,
        _DAY_FEE_AND_CHARGES,
        {"patient_id": dose.patient_id, "day": dose.dosing_date, "site_id": site_id},
    )
    if standing:
        return None
    if billed_to_scheme(session, dose.patient_id, dose.dosing_date):
        return None
    fee = _fee(stored_fee)
    if fee <= 0:
        return None
    charge = FeeCharge(
        patient_id=dose.patient_id,
        site_id=site_id,
        service_date=dose.dosing_date,
        generation=earlier + 1,
        dose_id=dose.id,
        amount=fee,
    )
    try:
        insert_now(session, charge)
    except IntegrityError as exc:
        # Another window charged the same day (a split dose) at the same moment: nothing is saved.
        raise Conflict(
            en="Another window recorded this patient at the same moment. Look the patient up "
            "again and confirm once more.",
            zh="其他窗口同时为该患者登记。请重新查找患者后再确认一次。",
        ) from exc
    return charge


def uncharge_day_if_undosed(session: Session, patient_id: int, day: date, user_id: int) -> None:
    """Reverse the day's charge once no live dose is left that day (all were voided)."""
    session.flush()
    live = session.scalars(
        select(Dose.id).where(
            Dose.patient_id == patient_id,
            Dose.dosing_date == day,
            Dose.id.not_in(select(DoseVoid.dose_id)),
        )
    ).first()
    charge = _live_charge(session, patient_id, day)
    if live is None and charge is not None:
        session.add(
            FeeChargeReversal(
                charge_id=charge.id, reason="every dose of the day voided", recorded_by=user_id
            )
        )


def _fen_total(session: Session, amounts: Any) -> int:
    """The exact sum of money column AMOUNTS (a select of one column), in whole fen.

    Summed in the database, so a patient's years of entries are not read one by one: each amount
    (at most two decimals) times 100 rounds to its exact whole number of fen, and whole numbers of
    that size add exactly on both backends."""
    column = amounts.selected_columns[0]
    fen = func.round(type_coerce(column, Numeric()) * 100)
    total = session.scalar(
        amounts.with_only_columns(func.coalesce(func.sum(fen, type_=Numeric()), 0))
    )
    return int(total or 0)


def balance_of(session: Session, patient_id: int) -> Decimal:
    """What the patient owes now (negative: paid in advance), exact to the fen."""
    charged = _fen_total(
        session,
        select(FeeCharge.amount)
        .outerjoin(FeeChargeReversal, FeeChargeReversal.charge_id == FeeCharge.id)
        .where(FeeCharge.patient_id == patient_id, FeeChargeReversal.id.is_(None)),
    )
    paid = _fen_total(
        session,
        select(FeePayment.amount)
        .outerjoin(FeePaymentVoid, FeePaymentVoid.payment_id == FeePayment.id)
        .where(FeePayment.patient_id == patient_id, FeePaymentVoid.id.is_(None)),
    )
    return (Decimal(charged - paid) / 100).quantize(FEN)


# --- payments and waivers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    receipt_number: str
    patient_id: PatientId
    patient_number: str
    kind: str
    method: str
    amount: Decimal
    balance_after: Decimal
    recorded_at: datetime


def _patient(session: Session, patient_id: int) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return patient


def _receive(
    call: Call, patient: Patient, kind: str, method: str, amount: Decimal, note: str | None
) -> Receipt:
    session = call.session
    now = call.db.clock()
    day = clock.clinic_today(session, now)
    payment = FeePayment(
        receipt_number=f"R{day:%Y%m%d}-{secrets.token_hex(4).upper()}",
        patient_id=patient.id,
        kind=kind,
        method=method,
        amount=amount,
        note=note,
        recorded_by=call.actor.user_id,
        recorded_at=now,
    )
    session.add(payment)
    session.flush()
    balance = balance_of(session, patient.id)
    call.note(
        entity_id=patient.id,
        receipt=payment.receipt_number,
        kind=kind,
        method=method,
        amount=str(amount),
        balance=str(balance),
    )
    return Receipt(
        payment.receipt_number,
        PatientId(patient.id),
        patient.patient_number,
        kind,
        method,
        amount,
        balance,
        now,
    )


@service(Action.FEE_COLLECT, entity="patient_fee")
def record_payment(
    call: Call,
    *,
    patient_id: int,
    amount: object,
    method: str = "cash",
    note: str | None = None,
    confirm_above_owed: object = None,
) -> Receipt:
    """Money received from the patient. Paying ahead is allowed (the balance goes into credit),
    but more than is owed (¥1000 typed for ¥10) is taken only when CONFIRM_ABOVE_OWED repeats
    the amount: NeedsConfirmation names both first."""
    patient = _patient(call.session, patient_id)
    call.note(entity_id=patient.id)
    value = parse_money(amount, "Amount", "金额", high=MAX_PAYMENT)
    if value <= 0:
        raise InvalidInput(en="Enter the amount received.", zh="请输入收款金额。")
    if method not in METHODS:
        raise InvalidInput(en="Choose how the patient paid.", zh="请选择支付方式。")
    owed = max(balance_of(call.session, patient.id), ZERO)
    if value > owed and not _confirms(confirm_above_owed, value):
        ahead = value - owed
        raise NeedsConfirmation(
            en=f"¥{value} is more than the ¥{owed} owed: ¥{ahead} would go into the patient's "
            f"credit. Is ¥{value} the amount received?",
            zh=f"收款 ¥{value} 超过欠费 ¥{owed}：将有 ¥{ahead} 记为患者预存。确认收款 ¥{value} 吗？",
            amount=str(value),
            owed=str(owed),
        )
    return _receive(call, patient, "payment", method, value, free_text(note, 500, "Note", "备注"))


def _confirms(confirmation: object, value: Decimal) -> bool:
    """The confirmation repeats the amount (a bare True would confirm any typo)."""
    if confirmation is None or isinstance(confirmation, bool):
        return False
    try:
        return parse_money(confirmation, "Amount", "金额", high=MAX_PAYMENT) == value
    except InvalidInput:
        return False


@service(Action.FEE_WAIVE, entity="patient_fee")
def waive_fee(call: Call, *, patient_id: int, amount: object, reason: str) -> Receipt:
    """Forgive part or all of what is owed, with the reason (hardship, subsidy, clinic decision)."""
    patient = _patient(call.session, patient_id)
    call.note(entity_id=patient.id)
    value = parse_money(amount, "Amount", "金额", high=MAX_PAYMENT)
    why = free_text(reason, 500, "Reason", "原因")
    if value <= 0:
        raise InvalidInput(en="Enter the amount to waive.", zh="请输入减免金额。")
    if not why:
        raise InvalidInput(en="Give the reason for the waiver.", zh="请填写减免原因。")
    owed = balance_of(call.session, patient.id)
    if value > owed:
        raise InvalidInput(
            en=f"Only what is owed can be waived (¥{max(owed, ZERO)}).",
            zh=f"减免金额不能超过欠费（¥{max(owed, ZERO)}）。",
        )
    return _receive(call, patient, "waiver", "none", value, why)


@service(Action.FEE_VOID, entity="patient_fee")
def void_payment(call: Call, *, receipt_number: str, reason: str) -> Decimal:
    """Void a payment or waiver entered in error; it stays on the statement, struck through."""
    session = call.session
    payment = session.scalars(
        select(FeePayment).where(FeePayment.receipt_number == receipt_number.strip().upper())
    ).first()
    if payment is None:
        raise NotFound(
            en=f"No receipt {quoted(receipt_number)}.", zh=f"没有收据 {quoted(receipt_number)}。"
        )
    call.note(entity_id=payment.patient_id, receipt=payment.receipt_number)
    if session.scalars(
        select(FeePaymentVoid.id).where(FeePaymentVoid.payment_id == payment.id)
    ).first():
        raise Conflict(en="This receipt is already voided.", zh="该收据已作废。")
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(en="Give the reason for voiding.", zh="请填写作废原因。")
    session.add(FeePaymentVoid(payment_id=payment.id, reason=why, voided_by=call.actor.user_id))
    session.flush()
    balance = balance_of(session, payment.patient_id)
    call.note(amount=str(payment.amount), balance=str(balance))
    return balance


# --- the statement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountEntry:
    on: date
    kind: str  # charge | payment | waiver
    reference: str  # the dose's number for a charge, the receipt number otherwise
    detail: str
    amount: Decimal  # + owed, - paid
    cancelled: bool
    cancel_reason: str | None
    balance: Decimal  # running balance after this entry (cancelled entries do not move it)


@dataclass(frozen=True)
class Account:
    patient_id: PatientId
    patient_number: str
    balance: Decimal
    billed_to_scheme: bool
    entries: tuple[AccountEntry, ...]


@service(Action.FEE_READ, entity="patient_fee")
def patient_account(call: Call, *, patient_id: int) -> Account:
    """The patient's statement: every charge, payment and waiver, oldest first, with the balance."""
    session = call.session
    patient = _patient(session, patient_id)
    call.note(entity_id=patient.id)
    zone = clock.clinic_zone(session)
    raw: list[tuple[date, int, str, str, str, Decimal, bool, str | None]] = []
    for charge, site_code, reversal in session.execute(
        select(FeeCharge, Site.code, FeeChargeReversal.reason)
        .join(Site, Site.id == FeeCharge.site_id)
        .outerjoin(FeeChargeReversal, FeeChargeReversal.charge_id == FeeCharge.id)
        .where(FeeCharge.patient_id == patient.id)
    ):
        raw.append(
            (
                charge.service_date,
                0,
                "charge",
                str(charge.dose_id),
                site_code,
                Decimal(charge.amount),
                reversal is not None,
                reversal,
            )
        )
    for payment, void_reason in session.execute(
        select(FeePayment, FeePaymentVoid.reason)
        .outerjoin(FeePaymentVoid, FeePaymentVoid.payment_id == FeePayment.id)
        .where(FeePayment.patient_id == patient.id)
    ):
        raw.append(
            (
                payment.recorded_at.astimezone(zone).date(),
                1,
                payment.kind,
                payment.receipt_number,
                payment.method if payment.kind == "payment" else (payment.note or ""),
                -Decimal(payment.amount),
                void_reason is not None,
                void_reason,
            )
        )
    raw.sort(key=lambda r: (r[0], r[1], r[3]))
    running = ZERO
    entries = []
    for on, _, kind, reference, detail, amount, cancelled, why in raw:
        if not cancelled:
            running += amount
        entries.append(
            AccountEntry(on, kind, reference, detail, amount.quantize(FEN), cancelled, why, running)
        )
    today = clock.clinic_today(session, call.db.clock())
    return Account(
        PatientId(patient.id),
        patient.patient_number,
        running.quantize(FEN),
        billed_to_scheme(session, patient.id, today),
        tuple(entries),
    )


# --- the receipt -------------------------------------------------------------------------------


@service(Action.FEE_READ, entity="patient_fee", read_only=True)
def receipt_pdf(call: Call, *, receipt_number: str) -> bytes:
    """The receipt of a payment or waiver as a PDF, printed after it is taken or again later
    (a read of the patient's account, audited). A voided one says so, with when and why."""
    from clinic.config import patient_facing_name
    from clinic.reports.receipt_pdf import ReceiptDocument, ReceiptLine, render_receipt
    from clinic.storage.settings_store import clinic_settings, demo_clinic

    session = call.session
    number = receipt_number.strip().upper()
    payment = session.scalars(select(FeePayment).where(FeePayment.receipt_number == number)).first()
    if payment is None:
        raise NotFound(
            en=f"No receipt {quoted(receipt_number)}.", zh=f"没有收据 {quoted(receipt_number)}。"
        )
    call.note(entity_id=payment.patient_id, receipt=payment.receipt_number)
    zone = clock.clinic_zone(session)
    void = session.scalars(
        select(FeePaymentVoid).where(FeePaymentVoid.payment_id == payment.id)
    ).first()
    collector = session.get(User, payment.recorded_by)
    patient = _patient(session, payment.patient_id)
    moment = payment.recorded_at.astimezone(zone)
    amount = Decimal(payment.amount).quantize(FEN)
    item = "门诊服务费 Clinic service fee" if payment.kind == "payment" else "费用减免 Fee waived"
    payer = (
        "医保支付部分经医保结算 The payer scheme's share is settled through the claim"
        if billed_to_scheme(session, patient.id, moment.date())
        else None
    )
    return render_receipt(
        ReceiptDocument(
            clinic_name=patient_facing_name(clinic_settings(session).text("patient_facing_name")),
            receipt_number=payment.receipt_number,
            recorded_at=moment,
            patient_number=patient.patient_number,
            kind=payment.kind,
            method=payment.method,
            lines=(ReceiptLine(item, amount),),
            total=amount,
            payer_note=payer,
            collected_by=collector.full_name or collector.username if collector else "",
            voided_at=void.recorded_at.astimezone(zone) if void is not None else None,
            void_reason=void.reason if void is not None else None,
        ),
        demo=demo_clinic(session),
    )
