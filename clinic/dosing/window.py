"""The dosing window: today's queue, the checks before a dose, and the witnessed dose itself.

A dose, its stock movement(s) and its audit event are one transaction. The database allows one
live dose per patient, dosing day and slot; a voided dose frees its slot for a new attempt.
Dosing days follow the clinic's time zone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.dosing.dispense import (
    DosePart,
    DoseRefused,
    dispense,
    dose_parts,
    short_of_stock,
    take_back,
)
from clinic.dosing.orders import active_order, current_episode
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.insurance import patient_fees
from clinic.inventory import ledger
from clinic.numbers import plain
from clinic.patients.identity import free_text, mask_national_id, normalise_card_code
from clinic.patients.lookup import find_by_number
from clinic.patients.records import STATUS_NAMES, current_card
from clinic.privacy.permissions import Action
from clinic.privacy.users import verify_witness
from clinic.service import Call, service
from clinic.storage.models import (
    BottleReturn,
    Dose,
    DoseOrder,
    DoseVoid,
    DoseWithheld,
    Location,
    Patient,
    PatientCard,
    PatientDetail,
    PatientPhoto,
    Product,
    ScreenReview,
    UrineScreen,
)
from clinic.storage.settings_store import ClinicSettings, clinic_settings

AGONISTS = {"methadone", "buprenorphine", "buprenorphine_naloxone"}


@dataclass(frozen=True)
class DosePanel:
    """What the nurse sees before dosing: who, what, and every warning or the refusal."""

    patient_id: PatientId
    patient_number: str
    name: str
    national_id_masked: str
    photo: bytes | None
    status: str
    dosing_date: date
    slot: int | None
    slots_total: int
    dose_mg: Decimal | None
    parts: tuple[DosePart, ...]
    last_dose_on: date | None
    missed_days: int
    warnings: tuple[tuple[str, str], ...]
    refusal: tuple[str, str] | None
    dosed_slots: tuple[int, ...]
    take_home_days: int = 0  # days of take-home doses the order and the clinic's policy allow
    balance_owed: Decimal = Decimal("0.00")  # the patient's fee account (negative: in credit)

    @property
    def can_dose(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class DoseInfo:
    dose_id: int
    patient_id: PatientId
    patient_number: str
    dosing_date: date
    slot: int
    dose_mg: Decimal
    parts: tuple[DosePart, ...]
    given_at: datetime
    vouchers: tuple[str, ...]


def live_doses(session: Session, patient_id: int, day: date) -> list[Dose]:
    voided = select(DoseVoid.dose_id)
    return list(
        session.scalars(
            select(Dose).where(
                Dose.patient_id == patient_id, Dose.dosing_date == day, Dose.id.not_in(voided)
            )
        )
    )


def last_dose_before(session: Session, patient_id: int, day: date) -> date | None:
    voided = select(DoseVoid.dose_id)
    return session.scalar(
        select(func.max(Dose.dosing_date)).where(
            Dose.patient_id == patient_id, Dose.dosing_date < day, Dose.id.not_in(voided)
        )
    )


def _slots(order: DoseOrder) -> list[Decimal]:
    if order.slots_json:
        return [Decimal(s) for s in json.loads(order.slots_json)]
    assert order.daily_dose_mg is not None
    return [order.daily_dose_mg]


def _missed_rule(
    session: Session,
    settings: ClinicSettings,
    patient: Patient,
    order: DoseOrder,
    product: Product,
    day: date,
) -> tuple[int, date | None, tuple[str, str] | None]:
    """Missed consecutive days and, if they stop the dose, why and what to do."""
    last = last_dose_before(session, patient.id, day)
    episode = current_episode(session, patient.id)
    if last is None or last < episode.opened_on:
        return 0, last, None
    missed = (day - last).days - 1
    if product.drug not in AGONISTS:
        return missed, last, None
    hold = settings.integer("missed_days_hold")
    reinduce = settings.integer("missed_days_reinduce")
    zone = clock.clinic_zone(session)
    ordered_on = order.recorded_at.astimezone(zone).date()
    reassessed = ordered_on > last + timedelta(days=hold - 1)
    if missed >= reinduce and not (reassessed and order.induction):
        return (
            missed,
            last,
            (
                f"Missed {missed} days in a row (last dose {last}): a re-induction order by a physician "
                "is needed before any dose.",
                f"已连续漏服 {missed} 天（末次服药 {last}）：须医师开具重新诱导医嘱后方可服药。",
            ),
        )
    if hold <= missed < reinduce and not reassessed:
        return (
            missed,
            last,
            (
                f"Missed {missed} days in a row (last dose {last}): the dose is held until a physician "
                "reassesses the patient and confirms the order.",
                f"已连续漏服 {missed} 天（末次服药 {last}）：暂停服药，须医师重新评估并确认医嘱。",
            ),
        )
    return missed, last, None


WITHHELD_REASONS = {
    "intoxication": ("intoxicated", "醉酒/中毒状态"),
    "refused_by_patient": ("refused by the patient", "患者拒绝"),
    "other": ("other reason", "其他原因"),
}


def _warnings(
    session: Session,
    settings: ClinicSettings,
    patient: Patient,
    order: DoseOrder | None,
    day: date,
    scanned_card: str | None,
    owed: Decimal,
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if scanned_card:
        card = session.scalars(select(PatientCard).where(PatientCard.code == scanned_card)).first()
        latest = current_card(session, patient.id)
        if card is not None and latest is not None and card.id != latest.id:
            out.append(
                (
                    "This card was replaced and is void: check the photo, collect the old card.",
                    "该卡已补办作废：请核对照片并收回旧卡。",
                )
            )
    if order is not None:
        warn = settings.integer("order_review_warning_days")
        due = order.review_on or order.end_on
        if due is not None and due <= day + timedelta(days=warn):
            out.append(
                (f"The dose order is due for review on {due}.", f"剂量医嘱将于 {due} 到期复核。")
            )
    for held in session.scalars(
        select(DoseWithheld)
        .where(DoseWithheld.patient_id == patient.id, DoseWithheld.dosing_date == day)
        .order_by(DoseWithheld.id)
    ):
        en, zh = WITHHELD_REASONS.get(held.reason, (held.reason, held.reason))
        out.append(
            (
                f"A dose was withheld today ({en}): reassess the patient before dosing.",
                f"今日已暂停给药（{zh}）：给药前须重新评估患者。",
            )
        )
    unreviewed = session.scalars(
        select(UrineScreen)
        .outerjoin(ScreenReview, ScreenReview.screen_id == UrineScreen.id)
        .where(
            UrineScreen.patient_id == patient.id,
            UrineScreen.any_positive.is_(True),
            ScreenReview.id.is_(None),
        )
    ).all()
    for screen in unreviewed:
        out.append(
            (
                f"Positive urine screen of {screen.collected_on} awaits a physician's review.",
                f"{screen.collected_on} 尿检阳性，待医师审核。",
            )
        )
    interval = settings.integer("screen_interval_days")
    last_screen = session.scalar(
        select(func.max(UrineScreen.collected_on)).where(UrineScreen.patient_id == patient.id)
    )
    if last_screen is None or last_screen < day - timedelta(days=interval):
        out.append(("A urine screen is due.", "应进行尿检。"))
    outstanding = session.scalars(
        select(Dose.dosing_date)
        .outerjoin(BottleReturn, BottleReturn.dose_id == Dose.id)
        .where(
            Dose.patient_id == patient.id,
            Dose.kind == "take_home",
            Dose.dosing_date < day,
            BottleReturn.id.is_(None),
            Dose.id.not_in(select(DoseVoid.dose_id)),
        )
    ).all()
    if outstanding:
        out.append(
            (
                f"{len(outstanding)} take-home bottle(s) not yet returned.",
                f"有 {len(outstanding)} 个带药空瓶未归还。",
            )
        )
    if owed > 0:
        out.append(
            (
                f"Balance owed: ¥{owed}. Collect it or refer the patient to the office; "
                "do not withhold a dose for money.",
                f"欠费 ¥{owed}：请收费或请患者到收费处；不得因欠费停药。",
            )
        )
    if order is not None and order.take_home_days > 0:
        out.append(
            (
                f"Take-home doses allowed: {order.take_home_days} day(s).",
                f"允许带药 {order.take_home_days} 天。",
            )
        )
    return out


def build_panel(
    session: Session,
    patient: Patient,
    window: Location,
    now: datetime,
    scanned_card: str | None = None,
    slot: int | None = None,
) -> DosePanel:
    settings = clinic_settings(session)
    day = clock.clinic_today(session, now)
    refusal: tuple[str, str] | None = None
    order = (
        active_order(session, patient.id, day) if patient.status in ("active", "on_hold") else None
    )
    dosed = sorted(d.slot for d in live_doses(session, patient.id, day))
    dose_mg: Decimal | None = None
    parts: list[DosePart] = []
    missed, last = 0, last_dose_before(session, patient.id, day)
    slots: list[Decimal] = []
    chosen: int | None = None
    if patient.status != "active":
        en, zh = STATUS_NAMES.get(patient.status, (patient.status, patient.status))
        refusal = (
            f"The patient's status is “{en.lower()}”: no dosing until a physician changes it.",
            f"患者状态为“{zh}”：不能服药，须医师变更状态。",
        )
    elif order is None:
        refusal = (
            "No active dose order for today: a physician must write one.",
            "今日没有有效的剂量医嘱：须医师开具。",
        )
    else:
        product = session.get(Product, order.product_id)
        assert product is not None
        slots = _slots(order)
        open_slots = [n for n in range(1, len(slots) + 1) if n not in dosed]
        chosen = slot or (open_slots[0] if open_slots else None)
        missed, last, refusal = _missed_rule(session, settings, patient, order, product, day)
        if chosen is None or chosen in dosed:
            refusal = refusal or (
                f"Already dosed today ({len(dosed)} of {len(slots)} slot(s)). Never dose twice.",
                f"今日已服药（{len(dosed)}/{len(slots)} 次）。不得重复给药。",
            )
        elif chosen > len(slots):
            refusal = (
                f"The order has {len(slots)} slot(s) a day.",
                f"医嘱每日分 {len(slots)} 次。",
            )
        else:
            dose_mg = slots[chosen - 1]
            try:
                parts = dose_parts(session, order, dose_mg)
            except InvalidInput as exc:
                refusal = refusal or (exc.en, exc.zh)
            refusal = refusal or short_of_stock(session, parts, window, day)
    photo = session.scalars(
        select(PatientPhoto.image)
        .where(PatientPhoto.patient_id == patient.id)
        .order_by(PatientPhoto.id.desc())
    ).first()
    owed = patient_fees.balance_of(session, patient.id)
    return DosePanel(
        patient_id=PatientId(patient.id),
        patient_number=patient.patient_number,
        name=patient.name,
        national_id_masked=mask_national_id(patient.national_id),
        photo=photo,
        status=patient.status,
        dosing_date=day,
        slot=chosen,
        slots_total=len(slots),
        dose_mg=dose_mg,
        parts=tuple(parts),
        last_dose_on=last,
        missed_days=missed,
        warnings=tuple(_warnings(session, settings, patient, order, day, scanned_card, owed)),
        refusal=refusal,
        dosed_slots=tuple(dosed),
        take_home_days=(
            min(settings.integer("take_home_max_days"), order.take_home_days) if order else 0
        ),
        balance_owed=owed,
    )


def _window(session: Session, window_id: int) -> Location:
    place = ledger.location(session, window_id)
    if place.kind != "window":
        raise InvalidInput(en="Choose a dosing window.", zh="请选择发药窗口。")
    return place


def _find(session: Session, identifier: str) -> tuple[Patient, str | None]:
    text = normalise_card_code(identifier)
    card_code = None
    if text.count("-") >= 1:
        card = session.scalars(select(PatientCard).where(PatientCard.code == text)).first()
        if card is None:
            raise NotFound(
                en="No card with this code: type the patient number.",
                zh="没有该卡号：请输入患者编号。",
            )
        card_code = text
        patient = session.get(Patient, card.patient_id)
    else:
        patient = find_by_number(session, text)
    if patient is None:
        raise NotFound(
            en=f"No patient {identifier.strip()!r}.", zh=f"没有患者 {identifier.strip()!r}。"
        )
    return patient, card_code


@service(Action.DOSE_RECORD, entity="patient")
def identify(call: Call, *, identifier: str, window_id: int) -> DosePanel:
    """Scan or type a card code or patient number: the panel the nurse checks before dosing."""
    patient, card = _find(call.session, identifier)
    call.note(entity_id=patient.id, patient_number=patient.patient_number, card=card is not None)
    return build_panel(
        call.session, patient, _window(call.session, window_id), call.db.clock(), card
    )


@service(Action.DOSE_RECORD, entity="patient")
def open_for_dosing(call: Call, *, patient_id: int, window_id: int) -> DosePanel:
    patient = call.session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    call.note(entity_id=patient.id, patient_number=patient.patient_number)
    return build_panel(call.session, patient, _window(call.session, window_id), call.db.clock())


@service(Action.DOSE_RECORD, entity="dose")
def record_dose(
    call: Call,
    *,
    patient_id: int,
    window_id: int,
    slot: int | None = None,
    intoxication_check_passed: bool = True,
    note: str | None = None,
) -> DoseInfo:
    """Record one witnessed dose: the checks again, the dose, its stock, its audit — or nothing."""
    session = call.session
    now = call.db.clock()
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    call.note(entity_id=patient.id, patient_number=patient.patient_number)
    window = _window(session, window_id)
    panel = build_panel(session, patient, window, now, slot=slot)
    if panel.refusal is not None:
        raise DoseRefused(en=panel.refusal[0], zh=panel.refusal[1], patient_id=patient.id)
    assert panel.slot is not None and panel.dose_mg is not None
    order = active_order(session, patient.id, panel.dosing_date)
    assert order is not None
    dose, vouchers = dispense(
        session,
        order=order,
        window=window,
        dosing_date=panel.dosing_date,
        slot=panel.slot,
        kind="observed",
        dose_mg=panel.dose_mg,
        parts=panel.parts,
        nurse_id=call.actor.user_id,
        now=now,
    )
    call.note(
        entity_id=dose.id,
        patient_id=patient.id,
        dose_id=dose.id,
        slot=panel.slot,
        dose_mg=str(panel.dose_mg),
        units=[f"{plain(p.quantity)} {p.unit}" for p in panel.parts],
    )
    return DoseInfo(
        dose.id,
        PatientId(patient.id),
        patient.patient_number,
        panel.dosing_date,
        panel.slot,
        panel.dose_mg,
        panel.parts,
        now,
        vouchers,
    )


@service(Action.DOSE_WITHHOLD, entity="patient")
def withhold_dose(
    call: Call,
    *,
    patient_id: int,
    window_id: int,
    reason: str = "intoxication",
    note: str | None = None,
) -> None:
    """Record a dose withheld after a failed check (the record itself is the result)."""
    session = call.session
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    if reason not in WITHHELD_REASONS:
        raise InvalidInput(en="Unknown reason.", zh="未知原因。")
    panel = build_panel(session, patient, _window(session, window_id), call.db.clock())
    session.add(
        DoseWithheld(
            patient_id=patient.id,
            dosing_date=panel.dosing_date,
            slot=panel.slot or 1,
            reason=reason,
            note=free_text(note, 500, "Note", "备注"),
            recorded_by=call.actor.user_id,
        )
    )
    call.note(entity_id=patient.id, reason=reason, slot=panel.slot)


@service(Action.DOSE_VOID, entity="dose")
def void_dose(
    call: Call, *, dose_id: int, reason: str, witness: str, witness_password: str
) -> None:
    """Void a wrong entry with a reason and a witness: stock goes back, the dose stays visible."""
    session = call.session
    dose = session.get(Dose, dose_id)
    if dose is None:
        raise NotFound(en="No such dose.", zh="没有该服药记录。")
    call.note(entity_id=dose.id, patient_id=dose.patient_id)
    if session.scalars(select(DoseVoid.id).where(DoseVoid.dose_id == dose_id)).first():
        raise Conflict(en="This dose is already voided.", zh="该服药记录已作废。")
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(en="Give the reason for voiding.", zh="请填写作废原因。")
    checker = verify_witness(call, username=witness, password=witness_password)
    take_back(
        session, dose, reason=f"void: {why}", done_by=call.actor.user_id, checker=checker.user_id
    )
    session.add(
        DoseVoid(
            dose_id=dose.id, reason=why, voided_by=call.actor.user_id, witness_id=checker.user_id
        )
    )
    patient_fees.uncharge_day_if_undosed(
        session, dose.patient_id, dose.dosing_date, call.actor.user_id
    )
    call.note(reason=why[:100])


@dataclass(frozen=True)
class QueueEntry:
    patient_id: PatientId
    patient_number: str
    name: str
    dose_mg: Decimal
    slots_total: int
    slots_done: int


@dataclass(frozen=True)
class Queue:
    dosing_date: date
    to_attend: tuple[QueueEntry, ...]
    attended: tuple[QueueEntry, ...]


@service(Action.DOSE_RECORD, entity="queue")
def today_queue(call: Call, *, window_id: int) -> Queue:
    """Today's patients with an order in force at this window's site: still to attend, attended."""
    session = call.session
    window = _window(session, window_id)
    day = clock.clinic_today(session, call.db.clock())
    patients = session.execute(
        select(Patient, PatientDetail.site_id)
        .outerjoin(PatientDetail, PatientDetail.patient_id == Patient.id)
        .where(Patient.status == "active")
        .order_by(Patient.patient_number)
    ).all()
    voided = select(DoseVoid.dose_id)
    done_counts = dict(
        session.execute(
            select(Dose.patient_id, func.count())
            .where(Dose.dosing_date == day, Dose.id.not_in(voided))
            .group_by(Dose.patient_id)
        ).all()
    )
    waiting: list[QueueEntry] = []
    done: list[QueueEntry] = []
    for patient, site_id in patients:
        if site_id is not None and site_id != window.site_id:
            continue
        order = active_order(session, patient.id, day)
        if order is None or order.daily_dose_mg is None:
            continue
        total = len(_slots(order))
        given = int(done_counts.get(patient.id, 0))
        entry = QueueEntry(
            PatientId(patient.id),
            patient.patient_number,
            patient.name,
            order.daily_dose_mg,
            total,
            given,
        )
        (done if given >= total else waiting).append(entry)
    call.note(entity_id=window.id, waiting=len(waiting), attended=len(done))
    return Queue(day, tuple(waiting), tuple(done))
