"""Dose orders, written by physicians. Never edited: a new order (or a stop) supersedes the last.

Titration rules (each number a setting, read into OrderRules) hold for what the patient receives
over time, not for one order against the last: a methadone induction starts at 15–30 mg; the first
day's total counts every dose given and still ordered that day, whatever the number of orders
(at most 40 mg); a change of more than 10 mg — from the last order, or from any dose in force
during a look-back window (3 days), so consecutive orders add up — needs a stated reason;
after 3–4 missed days the reassessment proposes a reduced dose (3 days: half; 4: half or 40 mg,
whichever is lower) and more than that needs a reason; above the high-dose threshold (100 mg) a
second physician signs or an ECG with its QTc is recorded. The order form asks the same
functions (`order_needs`) what it must show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import clock
from clinic.dosing.units import compose_tablets
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.numbers import parse_quantity, plain
from clinic.privacy.permissions import Action, Role
from clinic.privacy.users import verify_witness
from clinic.service import Call, service
from clinic.storage import direct
from clinic.storage.models import (
    Dose,
    DoseOrder,
    DoseVoid,
    Episode,
    GuestReturn,
    GuestReturnVoid,
    Patient,
    Product,
    TransferIn,
    TreatmentAgreement,
    UserRole,
)
from clinic.storage.settings_store import ClinicSettings, clinic_settings

ORDERABLE_STATUSES = {"active", "on_hold"}
METHOD_DRUGS = {
    "methadone": {"methadone"},
    "buprenorphine": {"buprenorphine", "buprenorphine_naloxone"},
    "naltrexone": {"naltrexone"},
}
DAILY_MAX_MG = {
    "methadone": Decimal(400),
    "buprenorphine": Decimal(32),
    "buprenorphine_naloxone": Decimal(32),
    "naltrexone": Decimal(150),
}
MAX_SLOTS = 3


@dataclass(frozen=True)
class OrderRequest:
    """What the physician enters on the order form (strings as typed are fine for numbers)."""

    product_id: int
    daily_dose_mg: object
    start_on: date
    slots_mg: tuple[object, ...] = ()
    review_on: date | None = None
    end_on: date | None = None
    take_home_days: int = 0
    reason: str | None = None
    ecg_qtc_ms: int | None = None
    ecg_on: date | None = None
    second_physician: str | None = None
    second_physician_password: str | None = None
    reinduction: bool = False


@dataclass(frozen=True)
class OrderInfo:
    order_id: int
    patient_id: PatientId
    kind: str
    product_id: int | None
    product_name: str | None
    daily_dose_mg: Decimal | None
    slots_mg: tuple[Decimal, ...]
    start_on: date
    review_on: date | None
    end_on: date | None
    take_home_days: int
    induction: bool
    reason: str | None
    ecg_qtc_ms: int | None
    second_physician_id: int | None
    supersedes_id: int | None
    ordered_by: int
    superseded: bool = False
    expiring: bool = False


@dataclass(frozen=True)
class OrderRules:
    """The clinic's limits on dose orders, from its settings as one unit of work read them."""

    induction_start_min_mg: int
    induction_start_max_mg: int
    induction_first_day_max_mg: int
    titration_step_mg: int
    high_dose_threshold_mg: int
    take_home_max_days: int
    titration_lookback_days: int = 3
    missed_days_hold: int = 3
    missed_days_reinduce: int = 5

    @classmethod
    def of(cls, settings: ClinicSettings) -> OrderRules:
        return cls(
            induction_start_min_mg=settings.integer("induction_start_min_mg"),
            induction_start_max_mg=settings.integer("induction_start_max_mg"),
            induction_first_day_max_mg=settings.integer("induction_first_day_max_mg"),
            titration_step_mg=settings.integer("titration_step_mg"),
            high_dose_threshold_mg=settings.integer("high_dose_threshold_mg"),
            take_home_max_days=settings.integer("take_home_max_days"),
            titration_lookback_days=settings.integer("titration_lookback_days"),
            missed_days_hold=settings.integer("missed_days_hold"),
            missed_days_reinduce=settings.integer("missed_days_reinduce"),
        )

    def reassessment_dose(self, dose_mg: Decimal, missed: int) -> Decimal | None:
        """The reduced dose a reassessment after MISSED days proposes, or None (not held):
        half after the first held day, then half or 40 mg, whichever is lower."""
        if not self.missed_days_hold <= missed < self.missed_days_reinduce:
            return None
        half = (dose_mg / 2).quantize(Decimal(1), rounding=ROUND_DOWN)
        return half if missed == self.missed_days_hold else min(half, Decimal(40))

    def high_dose_check_needed(self, drug: str, daily_mg: Decimal) -> bool:
        """True when the order needs an ECG with its QTc, or a second physician's signature."""
        return drug == "methadone" and daily_mg > self.high_dose_threshold_mg


@service(Action.ORDER_WRITE, entity="dose_order", audited=False, read_only=True)
def order_needs(call: Call, *, patient_id: int, request: OrderRequest) -> Needs:
    """What write_order would ask of this order now: for the form to show before it is sent
    (an order it cannot even read needs nothing yet: the form shows the parse error)."""
    session = call.session
    product = session.get(Product, request.product_id)
    if product is None:
        return Needs()
    daily = parse_quantity(request.daily_dose_mg, "Daily dose (mg)", "每日剂量（mg）")
    slots = _parse_slots(request.slots_mg, daily)
    return titration_needs(
        session,
        OrderRules.of(clinic_settings(session)),
        patient_id,
        product,
        daily,
        slots,
        request.start_on,
        request.reinduction,
    )


@service(Action.ORDER_WRITE, entity="dose_order", audited=False, read_only=True)
def order_rules(call: Call) -> OrderRules:
    """The limits write_order applies now, for the order form to show before it is sent."""
    return OrderRules.of(clinic_settings(call.session))


def _info(order: DoseOrder, product: Product | None, superseded: bool, expiring: bool) -> OrderInfo:
    slots = tuple(Decimal(s) for s in json.loads(order.slots_json)) if order.slots_json else ()
    return OrderInfo(
        order_id=order.id,
        patient_id=PatientId(order.patient_id),
        kind=order.kind,
        product_id=order.product_id,
        product_name=product.name if product else None,
        daily_dose_mg=order.daily_dose_mg,
        slots_mg=slots,
        start_on=order.start_on,
        review_on=order.review_on,
        end_on=order.end_on,
        take_home_days=order.take_home_days,
        induction=order.induction,
        reason=order.reason,
        ecg_qtc_ms=order.ecg_qtc_ms,
        second_physician_id=order.second_physician_id,
        supersedes_id=order.supersedes_id,
        ordered_by=order.ordered_by,
        superseded=superseded,
        expiring=expiring,
    )


# Built once, with bound parameters: the dose gate asks each of these on every dose.
_CURRENT_EPISODE = (
    select(Episode)
    .where(Episode.patient_id == bindparam("patient_id"))
    .order_by(Episode.number.desc())
    .limit(1)
)
_EPISODE_ORDERS = (
    select(DoseOrder).where(DoseOrder.episode_id == bindparam("episode_id")).order_by(DoseOrder.id)
)
_LIVE_DOSES = select(Dose).where(
    Dose.patient_id == bindparam("patient_id"),
    Dose.dosing_date == bindparam("day"),
    Dose.id.not_in(select(DoseVoid.dose_id)),
)
_LAST_DOSE_BEFORE = (
    select(Dose.dosing_date)
    .where(
        Dose.patient_id == bindparam("patient_id"),
        Dose.dosing_date < bindparam("day"),
        ~select(DoseVoid.id).where(DoseVoid.dose_id == Dose.id).exists(),
    )
    .order_by(Dose.dosing_date.desc())
    .limit(1)
)


def live_guest_return() -> ColumnElement[bool]:
    """A guest return not voided: every reader of guest_returns filters with this."""
    return (
        ~select(GuestReturnVoid.id)
        .where(GuestReturnVoid.guest_return_id == GuestReturn.id)
        .exists()
    )


# The patient's last dose here and the episode's last doses at other clinics (the transfer's,
# the guest returns'), in one round trip.
_LAST_DOSE_ANYWHERE = select(
    _LAST_DOSE_BEFORE.scalar_subquery(),
    select(func.max(TransferIn.last_dose_on))
    .where(
        TransferIn.episode_id == bindparam("episode_id"),
        TransferIn.last_dose_on < bindparam("day"),
    )
    .scalar_subquery(),
    select(func.max(GuestReturn.last_dose_on))
    .where(
        GuestReturn.episode_id == bindparam("episode_id"),
        GuestReturn.last_dose_on < bindparam("day"),
        live_guest_return(),
    )
    .scalar_subquery(),
)


def current_episode(session: Session, patient_id: int) -> Episode:
    episode = session.scalars(_CURRENT_EPISODE, {"patient_id": patient_id}).first()
    if episode is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return episode


def episode_orders(session: Session, episode_id: int) -> list[DoseOrder]:
    return list(session.scalars(_EPISODE_ORDERS, {"episode_id": episode_id}))


def order_in_force(orders: list[DoseOrder], day: date) -> DoseOrder | None:
    """The newest order started by DAY; None if it is a stop or has ended."""
    started = [o for o in orders if o.start_on <= day]
    if not started:
        return None
    newest = max(started, key=lambda o: o.id)
    if newest.kind == "stop" or (newest.end_on is not None and newest.end_on < day):
        return None
    return newest


def active_order(session: Session, patient_id: int, day: date) -> DoseOrder | None:
    return order_in_force(episode_orders(session, current_episode(session, patient_id).id), day)


def active_orders(session: Session, patient_ids: list[int], day: date) -> dict[int, DoseOrder]:
    """active_order for many patients in two queries: each one's order in force on DAY in their
    current episode (patients without one are left out)."""
    newest = (
        select(Episode.patient_id, func.max(Episode.number).label("number"))
        .where(Episode.patient_id.in_(patient_ids))
        .group_by(Episode.patient_id)
        .subquery()
    )
    current = select(Episode.id).join(
        newest, (Episode.patient_id == newest.c.patient_id) & (Episode.number == newest.c.number)
    )
    by_patient: dict[int, list[DoseOrder]] = {}
    for order in session.scalars(
        select(DoseOrder).where(DoseOrder.episode_id.in_(current)).order_by(DoseOrder.id)
    ):
        by_patient.setdefault(order.patient_id, []).append(order)
    found = {pid: order_in_force(orders, day) for pid, orders in by_patient.items()}
    return {pid: order for pid, order in found.items() if order is not None}


def live_doses(session: Session, patient_id: int, day: date) -> list[Dose]:
    return list(session.scalars(_LIVE_DOSES, {"patient_id": patient_id, "day": day}))


_LIVE_SLOTS = _LIVE_DOSES.with_only_columns(Dose.slot).order_by(Dose.slot)


def live_slots(session: Session, patient_id: int, day: date) -> tuple[int, ...]:
    """The slots of the patient's live (not voided) doses on DAY, in order."""
    found = direct.rows(session, _LIVE_SLOTS, {"patient_id": patient_id, "day": day})
    return tuple(slot for (slot,) in found)


def last_dose_before(session: Session, patient_id: int, day: date) -> date | None:
    """The day of the patient's last live dose before DAY: read backwards along the index on
    (patient, day) and stopped at the first one not voided, so years of doses are not summed."""
    found: date | None = direct.first(
        session, _LAST_DOSE_BEFORE, {"patient_id": patient_id, "day": day}
    )
    return found


@dataclass(frozen=True)
class LastDose:
    """The last dose before a day that the missed-day rule counts from, and the first day the
    current episode's doses count from (its opening, or the last dose at the clinic the patient
    transferred from, which the episode carries on)."""

    on: date | None
    counts_from: date


def last_dose_facts(
    session: Session, patient_id: int, day: date, episode: Episode | None = None
) -> LastDose:
    """The last dose before DAY here or, when it is later, at another clinic in the current
    episode: at the sending clinic (a transfer summary's) or where the patient was a guest (a
    physician's record of that clinic's confirmation): the missed-day rules apply across
    clinics. EPISODE: the patient's current episode, if the caller has read it already."""
    episode = episode or current_episode(session, patient_id)
    ((here, outside, guest),) = direct.rows(
        session,
        _LAST_DOSE_ANYWHERE,
        {"patient_id": patient_id, "episode_id": episode.id, "day": day},
    )
    return combined_last_dose(here, outside, episode.opened_on, guest)


def combined_last_dose(
    here: date | None, outside: date | None, opened_on: date, guest: date | None = None
) -> LastDose:
    """The last dose here, at a sending clinic (if a transfer brought one) and at a clinic the
    patient was a guest at (if its confirmation was recorded), as the missed-day rule counts
    them (the reports gather the same facts for many patients at once)."""
    if guest is not None:
        here = max(here or guest, guest)
    if outside is None:
        return LastDose(here, opened_on)
    return LastDose(max(here or outside, outside), min(opened_on, outside))


def order_due_on(order: DoseOrder, day: date, warning_days: int) -> date | None:
    """The earlier of ORDER's review and end dates if it falls within WARNING_DAYS of DAY (or
    has passed): the order is due for the physician's review. The window's warning, the order
    list and the physician's worklist all ask this."""
    dates = [d for d in (order.review_on, order.end_on) if d is not None]
    if dates and min(dates) <= day + timedelta(days=warning_days):
        return min(dates)
    return None


def carried_dose(session: Session, episode_id: int) -> Decimal | None:
    """The daily dose a transfer summary brought into the episode (the last day's at the sender)."""
    return session.scalars(
        select(TransferIn.last_dose_mg)
        .where(TransferIn.episode_id == episode_id, TransferIn.last_dose_mg.is_not(None))
        .order_by(TransferIn.id.desc())
    ).first()


def missed_days(session: Session, patient_id: int, day: date) -> tuple[int, date | None]:
    """Days missed in a row before DAY in the current episode, and the last dose's day."""
    last = last_dose_facts(session, patient_id, day)
    if last.on is None or last.on < last.counts_from:
        return 0, last.on
    return (day - last.on).days - 1, last.on


@dataclass(frozen=True)
class Needs:
    """What an order must come with before it is written: the reasons it must state (each limit
    it goes beyond, en and zh), whether the high-dose rule applies, and the dose a reassessment
    after missed days proposes."""

    reasons: tuple[tuple[str, str], ...] = ()
    high_dose_check: bool = False
    proposed_mg: Decimal | None = None
    induction: bool = False


def _dose_in_force(orders: list[DoseOrder], day: date) -> Decimal | None:
    order = order_in_force(orders, day)
    return order.daily_dose_mg if order is not None else None


def titration_needs(
    session: Session,
    rules: OrderRules,
    patient_id: int,
    product: Product,
    daily: Decimal,
    slots: tuple[Decimal, ...],
    start_on: date,
    reinduction: bool,
) -> Needs:
    """Every limit an order of DAILY mg from START_ON goes beyond, measured over what the
    patient receives: the first day's total, the change from the last order and from the dose
    in force a look-back window ago, a reassessment's reduced dose. The one check write_order
    applies and the order form asks."""
    episode = current_episode(session, patient_id)
    orders = [
        o
        for o in episode_orders(session, episode.id)
        if o.kind != "order"
        or (o.product_id is not None and _drug(session, o.product_id) == product.drug)
    ]
    written = [o for o in orders if o.kind == "order"]
    # A patient transferred in on a dose continues it: their first order here is no induction
    # (unless asked for), and changes are measured from the dose at the sending clinic.
    carried = carried_dose(session, episode.id)
    induction = reinduction or (not written and carried is None)
    today = clock.clinic_today(session)
    reasons: list[tuple[str, str]] = []
    step = rules.titration_step_mg
    proposed: Decimal | None = None
    if product.drug == "methadone":
        first_day = start_on if induction else _induction_day(written)
        if first_day == start_on:
            given = live_doses(session, patient_id, start_on)
            given_mg = sum((d.dose_mg for d in given), Decimal(0))
            still = list(slots or (daily,))[len(given) :]
            total = given_mg + sum(still, Decimal(0))
            limit = rules.induction_first_day_max_mg
            if total > limit:
                reasons.append(
                    (
                        f"The first day's methadone total would be {plain(total)} mg "
                        f"(given {plain(given_mg)} mg, still ordered {plain(total - given_mg)} "
                        f"mg), more than {limit} mg.",
                        f"美沙酮首日总量将达 {plain(total)} mg（已服 {plain(given_mg)} mg，"
                        f"尚待服 {plain(total - given_mg)} mg），超过 {limit} mg。",
                    )
                )
        previous = _dose_in_force(orders, start_on) or (
            written[-1].daily_dose_mg if written else carried
        )
        lookback = start_on - timedelta(days=rules.titration_lookback_days)
        window_doses = [
            dose
            for n in range(rules.titration_lookback_days + 1)
            if (dose := _dose_in_force(orders, lookback + timedelta(days=n))) is not None
        ]
        missed, _ = missed_days(session, patient_id, today)
        if previous is not None and start_on <= today + timedelta(days=1):
            proposed = rules.reassessment_dose(previous, missed)
        if proposed is not None:
            if daily > proposed:
                reasons.append(
                    (
                        f"Missed {missed} days in a row: the reassessment proposes "
                        f"{plain(proposed)} mg (from {plain(previous or Decimal(0))} mg); more needs a "
                        "reason.",
                        f"已连续漏服 {missed} 天：评估建议剂量为 {plain(proposed)} mg"
                        f"（原 {plain(previous or Decimal(0))} mg）；高于此剂量须说明理由。",
                    )
                )
        elif not induction:
            farthest = max(window_doses, key=lambda d: abs(daily - d), default=None)
            for against, what_en, what_zh in (
                (previous, "the last order", "上一医嘱"),
                (
                    farthest,
                    f"a dose in force in the last {rules.titration_lookback_days} days",
                    f"近 {rules.titration_lookback_days} 天内的剂量",
                ),
            ):
                if against is not None and abs(daily - against) > step:
                    reasons.append(
                        (
                            f"The dose changes by more than {step} mg from {what_en} "
                            f"({plain(against)} → {plain(daily)} mg).",
                            f"剂量较{what_zh}调整超过 {step} mg（{plain(against)} → "
                            f"{plain(daily)} mg）。",
                        )
                    )
                    break
    elif written and written[-1].daily_dose_mg is not None:
        last = written[-1].daily_dose_mg
        if abs(daily - last) > step:
            reasons.append(
                (
                    f"The dose changes by more than {step} mg from the last order "
                    f"({plain(last)} → {plain(daily)} mg).",
                    f"剂量较上一医嘱调整超过 {step} mg（{plain(last)} → {plain(daily)} mg）。",
                )
            )
    return Needs(
        tuple(reasons), rules.high_dose_check_needed(product.drug, daily), proposed, induction
    )


def _drug(session: Session, product_id: int) -> str:
    product = session.get(Product, product_id)
    assert product is not None
    return product.drug


def _induction_day(written: list[DoseOrder]) -> date | None:
    """The start of the latest induction (the episode's first order, or a re-induction)."""
    inductions = [o for o in written if o.induction]
    return max(inductions, key=lambda o: o.id).start_on if inductions else None


def _parse_slots(raw: tuple[object, ...], daily: Decimal) -> tuple[Decimal, ...]:
    if not raw:
        return ()
    if len(raw) > MAX_SLOTS:
        raise InvalidInput(
            en=f"A daily dose is split into at most {MAX_SLOTS} slots.",
            zh=f"每日剂量最多分 {MAX_SLOTS} 次。",
        )
    slots = tuple(parse_quantity(s, "Slot dose (mg)", "分次剂量（mg）") for s in raw)
    total = sum(slots, Decimal(0))
    if total != daily:
        raise InvalidInput(
            en=f"The slots add up to {plain(total)} mg, not the daily dose of {plain(daily)} mg.",
            zh=f"各次剂量合计 {plain(total)} mg，与每日剂量 {plain(daily)} mg 不符。",
        )
    return slots


def _check_order(
    call: Call,
    rules: OrderRules,
    request: OrderRequest,
    product: Product,
    daily: Decimal,
    slots: tuple[Decimal, ...],
    needs: Needs,
) -> int | None:
    """The hard limits, the high-dose rule, then every limit gone beyond needs a stated reason;
    returns the second physician's user id."""
    session = call.session
    if daily > DAILY_MAX_MG[product.drug]:
        raise InvalidInput(
            en=f"{plain(daily)} mg a day is beyond any {product.drug} dose: check for a typo.",
            zh=f"每日 {plain(daily)} mg 超出该药物的任何剂量，请检查是否输入有误。",
        )
    if product.drug == "methadone" and needs.induction:
        low, high = rules.induction_start_min_mg, rules.induction_start_max_mg
        first = slots[0] if slots else daily
        if not (low <= first <= high):
            raise InvalidInput(
                en=f"A methadone induction starts at {low}–{high} mg (this order starts at "
                f"{plain(first)} mg).",
                zh=f"美沙酮诱导首剂量应为 {low}–{high} mg（本医嘱首剂 {plain(first)} mg）。",
            )
    second_id: int | None = None
    threshold = rules.high_dose_threshold_mg
    if needs.high_dose_check:
        if request.second_physician:
            witness = verify_witness(
                call,
                username=request.second_physician,
                password=request.second_physician_password or "",
            )
            roles = set(
                session.scalars(select(UserRole.role).where(UserRole.user_id == witness.user_id))
            )
            if Role.PHYSICIAN.value not in roles:
                raise InvalidInput(
                    en="The second signature must be a physician's.", zh="第二签名人须为医师。"
                )
            second_id = witness.user_id
        elif request.ecg_qtc_ms is not None:
            if not (250 <= request.ecg_qtc_ms <= 700):
                raise InvalidInput(
                    en="A QTc is recorded in milliseconds (250–700).",
                    zh="QTc 以毫秒记录（250–700）。",
                )
            if request.ecg_on is None or request.ecg_on > clock.clinic_today(session):
                raise InvalidInput(en="Give the ECG's date.", zh="请填写心电图检查日期。")
        else:
            raise InvalidInput(
                en=f"Above {threshold} mg a day a second physician must sign, or an ECG with its "
                "QTc must be recorded.",
                zh=f"每日超过 {threshold} mg 须第二名医师签名，或记录心电图 QTc 值。",
            )
    if needs.reasons and not (request.reason or "").strip():
        raise InvalidInput(
            en=" ".join(en for en, _ in needs.reasons) + " State the reason.",
            zh="".join(zh for _, zh in needs.reasons) + "请说明理由。",
        )
    return second_id


@service(Action.ORDER_WRITE, entity="dose_order")
def write_order(call: Call, *, patient_id: int, request: OrderRequest) -> OrderInfo:
    """A new order for the patient's current episode; it supersedes the latest one."""
    session = call.session
    today = clock.clinic_today(session)
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    call.note(entity_id=patient.id)
    if patient.status not in ORDERABLE_STATUSES:
        raise Conflict(
            en=f"Orders are written for patients in treatment (this one is {patient.status}).",
            zh=f"只能为在治患者开具医嘱（该患者状态：{patient.status}）。",
        )
    product = session.get(Product, request.product_id)
    if product is None or not product.active:
        raise NotFound(en="No such product in the catalogue.", zh="目录中没有该产品。")
    episode = current_episode(session, patient_id)
    agreement = session.scalars(
        select(TreatmentAgreement)
        .where(TreatmentAgreement.episode_id == episode.id)
        .order_by(TreatmentAgreement.id.desc())
    ).first()
    if agreement is None or product.drug not in METHOD_DRUGS.get(agreement.method, set()):
        raise InvalidInput(
            en="This product does not belong to the patient's agreed treatment method.",
            zh="该药品与患者协议约定的治疗方式不符。",
        )
    daily = parse_quantity(request.daily_dose_mg, "Daily dose (mg)", "每日剂量（mg）")
    slots = _parse_slots(request.slots_mg, daily)
    if product.unit == "tablet":
        strengths = list(
            session.scalars(
                select(Product.mg_per_unit).where(
                    Product.drug == product.drug,
                    Product.form == product.form,
                    Product.active.is_(True),
                )
            )
        )
        for dose in slots or (daily,):
            compose_tablets(dose, strengths)
    if request.start_on < today:
        raise InvalidInput(en="An order cannot start in the past.", zh="医嘱开始日期不能早于今天。")
    for later, label_en, label_zh in (
        (request.review_on, "review", "复核"),
        (request.end_on, "end", "结束"),
    ):
        if later is not None and later < request.start_on:
            raise InvalidInput(
                en=f"The {label_en} date is before the start.", zh=f"{label_zh}日期早于开始日期。"
            )
    rules = OrderRules.of(clinic_settings(session))
    take_home_max = rules.take_home_max_days
    if request.take_home_days < 0 or request.take_home_days > take_home_max:
        raise InvalidInput(
            en="The clinic's policy allows no take-home doses."
            if take_home_max == 0
            else f"The clinic's policy allows at most {take_home_max} take-home days.",
            zh="本门诊不允许带药。"
            if take_home_max == 0
            else f"本门诊最多允许带药 {take_home_max} 天。",
        )
    orders = episode_orders(session, episode.id)
    latest = max(orders, key=lambda o: o.id) if orders else None
    needs = titration_needs(
        session, rules, patient_id, product, daily, slots, request.start_on, request.reinduction
    )
    second_id = _check_order(call, rules, request, product, daily, slots, needs)
    induction = needs.induction
    order = DoseOrder(
        patient_id=patient_id,
        episode_id=episode.id,
        kind="order",
        product_id=product.id,
        daily_dose_mg=daily,
        slots_json=json.dumps([str(s) for s in slots]) if slots else None,
        start_on=request.start_on,
        review_on=request.review_on,
        end_on=request.end_on,
        take_home_days=request.take_home_days,
        induction=induction,
        reason=(request.reason or "").strip() or None,
        ecg_qtc_ms=request.ecg_qtc_ms,
        ecg_on=request.ecg_on,
        second_physician_id=second_id,
        supersedes_id=latest.id if latest else None,
        ordered_by=call.actor.user_id,
        recorded_at=clock.now(session),
    )
    session.add(order)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            en="Another order was written for this patient at the same moment; "
            "reopen the record and check it.",
            zh="该患者刚有另一条医嘱被开具，请重新打开记录核对。",
        ) from exc
    call.note(
        order_id=order.id,
        daily_dose_mg=str(daily),
        induction=induction,
        beyond_limits=[en for en, _ in needs.reasons],
        proposed_mg=str(needs.proposed_mg) if needs.proposed_mg is not None else None,
        supersedes=order.supersedes_id,
        high_dose_check="second_physician"
        if second_id
        else ("ecg" if request.ecg_qtc_ms else None),
    )
    return _info(order, product, False, False)


@service(Action.ORDER_WRITE, entity="dose_order")
def stop_order(call: Call, *, patient_id: int, effective_on: date, reason: str) -> OrderInfo:
    """End the patient's dosing from EFFECTIVE_ON (a stop supersedes the current order)."""
    session = call.session
    call.note(entity_id=patient_id)
    if not reason.strip():
        raise InvalidInput(en="State why dosing stops.", zh="请说明停药理由。")
    if effective_on < clock.clinic_today(session):
        raise InvalidInput(en="A stop cannot be backdated.", zh="停药日期不能早于今天。")
    episode = current_episode(session, patient_id)
    orders = episode_orders(session, episode.id)
    latest = max(orders, key=lambda o: o.id) if orders else None
    if latest is None or latest.kind == "stop":
        raise Conflict(en="There is no order to stop.", zh="没有可停止的医嘱。")
    stop = DoseOrder(
        patient_id=patient_id,
        episode_id=episode.id,
        kind="stop",
        start_on=effective_on,
        take_home_days=0,
        induction=False,
        reason=reason.strip(),
        supersedes_id=latest.id,
        ordered_by=call.actor.user_id,
        recorded_at=clock.now(session),
    )
    session.add(stop)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            en="The order changed at the same moment; reopen the record.",
            zh="医嘱刚被修改，请重新打开记录。",
        ) from exc
    call.note(order_id=stop.id, supersedes=latest.id)
    return _info(stop, None, False, False)


def order_history(
    session: Session, patient_id: int, episode: Episode | None = None
) -> list[OrderInfo]:
    """All orders of the current episode (EPISODE, if the caller has read it), newest first,
    marking superseded and expiring ones."""
    today = clock.clinic_today(session)
    warn = clinic_settings(session).integer("order_review_warning_days")
    if episode is None:
        episode = current_episode(session, patient_id)
    orders = episode_orders(session, episode.id)
    in_force = order_in_force(orders, today)
    superseded_ids = {o.supersedes_id for o in orders if o.supersedes_id}
    result = []
    for order in sorted(orders, key=lambda o: o.id, reverse=True):
        product = session.get(Product, order.product_id) if order.product_id else None
        expiring = order is in_force and order_due_on(order, today, warn) is not None
        result.append(_info(order, product, order.id in superseded_ids, expiring))
    return result
