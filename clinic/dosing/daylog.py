"""The day's dispensing log per window, the outreach list, take-home doses and bottle returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.config import patient_facing_name
from clinic.dosing.marks import bottle_name, strength_mark, strength_text
from clinic.dosing.queue import order_slots
from clinic.dosing.units import Amount
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.inventory.reconcile import day_bounds
from clinic.inventory.stock import PlaceInfo, place_info
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    BottleReturn,
    Dose,
    DoseException,
    DoseItem,
    DoseOrder,
    DoseVoid,
    Location,
    Lot,
    Patient,
    Product,
    StockMovement,
    User,
)
from clinic.storage.settings_store import clinic_settings, demo_clinic
from clinic.wording import plural


@dataclass(frozen=True)
class LogLine:
    dose_id: int
    patient_number: str
    slot: int
    kind: str
    dose_mg: Decimal
    units: str
    given_at: datetime
    nurse: str
    voided: bool
    void_reason: str | None
    products: str = ""  # what was poured: product, strength and lot(s)
    note: str | None = None
    intoxication_checked: bool = True
    exception_reason: str | None = None  # a re-dose or a replacement: why, and who authorised it
    charged: bool = True  # False: an exception dose given free of charge
    strengths: tuple[Decimal, ...] = ()  # each product's strength, for its mark
    amounts: tuple[Amount, ...] = ()  # what was poured, worded in each language by Amount.text


@dataclass(frozen=True)
class WasteLine:
    voucher: str
    quantity: Decimal
    unit: str
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class DailyLog:
    window_name: str
    dosing_date: date
    lines: tuple[LogLine, ...]
    waste: tuple[WasteLine, ...]
    dispensed_by_product: dict[str, Decimal]
    ledger_dispensed_by_product: dict[str, Decimal]
    doses_given: int
    doses_voided: int

    @property
    def matches_ledger(self) -> bool:
        return self.dispensed_by_product == self.ledger_dispensed_by_product

    @property
    def exceptions(self) -> tuple[LogLine, ...]:
        """The day's re-doses and replacement doses, for the exceptions list."""
        return tuple(line for line in self.lines if line.kind in ("redose", "replacement"))


def build_daily_log(session: object, window_id: int, day: date) -> DailyLog:

    assert isinstance(session, Session)
    window = session.get(Location, window_id)
    if window is None:
        raise NotFound(en="No such window.", zh="没有该窗口。")
    names: dict[int, str] = {}
    lines = []
    given: dict[str, Decimal] = {}
    voided_count = 0
    start, end = day_bounds(session, day)
    # The doses handed out that day: observed ones and take-home bottles for the days ahead
    # (dated the day they are for, dispensed today), as the ledger counts them.
    rows = session.execute(
        select(Dose, Patient.patient_number, DoseVoid.reason, DoseException)
        .join(Patient, Patient.id == Dose.patient_id)
        .outerjoin(DoseVoid, DoseVoid.dose_id == Dose.id)
        .outerjoin(DoseException, DoseException.dose_id == Dose.id)
        .where(Dose.window_id == window_id, Dose.given_at >= start, Dose.given_at < end)
        .order_by(Dose.given_at, Dose.id)
    ).all()
    for dose, number, void_reason, exception in rows:
        items = session.execute(
            select(DoseItem, Product, Lot.lot_number)
            .join(Product, Product.id == DoseItem.product_id)
            .join(Lot, Lot.id == DoseItem.lot_id)
            .where(DoseItem.dose_id == dose.id)
        ).all()
        amounts = tuple(Amount(i.quantity, p.unit, p.mg_per_unit) for i, p, _ in items)
        units = ", ".join(a.text("en") for a in amounts)
        products = "; ".join(
            f"{bottle_name(p.name, p.mg_per_unit, p.unit)} ({lot})" for _, p, lot in items
        )
        if dose.nurse_id not in names:
            user = session.get(User, dose.nurse_id)
            names[dose.nurse_id] = user.full_name if user else str(dose.nurse_id)
        voided = void_reason is not None
        voided_count += voided
        if not voided:
            for item, product, _ in items:
                given[product.name] = given.get(product.name, Decimal(0)) + item.quantity
        if exception is not None and exception.authorised_by not in names:
            user = session.get(User, exception.authorised_by)
            names[exception.authorised_by] = user.full_name if user else "?"
        lines.append(
            LogLine(
                dose.id,
                number,
                dose.slot,
                dose.kind,
                dose.dose_mg,
                units,
                dose.given_at,
                names[dose.nurse_id],
                voided,
                void_reason,
                products,
                dose.note,
                dose.intoxication_checked,
                (
                    f"{exception.reason} — {names[exception.authorised_by]}"
                    if exception is not None
                    else None
                ),
                exception.charged if exception is not None else True,
                tuple(p.mg_per_unit for _, p, _ in items),
                amounts,
            )
        )
    ledger_given: dict[str, Decimal] = {}
    moves = session.execute(
        select(StockMovement, Product)
        .join(Product, Product.id == StockMovement.product_id)
        .where(
            StockMovement.occurred_at >= start,
            StockMovement.occurred_at < end,
            ((StockMovement.kind == "dispense") & (StockMovement.from_location_id == window_id))
            | (
                (StockMovement.kind == "reversal")
                & (StockMovement.to_location_id == window_id)
                & StockMovement.reference.startswith("dose ")
            ),
        )
    ).all()
    for movement, product in moves:
        sign = Decimal(1) if movement.kind == "dispense" else Decimal(-1)
        ledger_given[product.name] = (
            ledger_given.get(product.name, Decimal(0)) + sign * movement.quantity
        )
    ledger_given = {k: v for k, v in ledger_given.items() if v != 0}
    waste = [
        WasteLine(m.voucher, m.quantity, p.unit, m.reason, m.occurred_at)
        for m, p in session.execute(
            select(StockMovement, Product)
            .join(Product, Product.id == StockMovement.product_id)
            .where(
                StockMovement.kind == "waste",
                StockMovement.from_location_id == window_id,
                StockMovement.occurred_at >= start,
                StockMovement.occurred_at < end,
            )
            .order_by(StockMovement.occurred_at)
        ).all()
    ]
    return DailyLog(
        window.name,
        day,
        tuple(lines),
        tuple(waste),
        given,
        ledger_given,
        len(lines) - voided_count,
        voided_count,
    )


def ledger_plain(value: Decimal) -> str:
    from clinic.numbers import plain

    return plain(value)


@service(Action.DOSING_LOG, entity="location", audited=False, read_only=True)
def dosing_windows(call: Call) -> list[PlaceInfo]:
    """The dosing windows whose logs this user may read (physicians included, who hold no stock
    permission)."""
    return [
        place_info(call.session, place)
        for place in call.session.scalars(
            select(Location)
            .where(Location.kind == "window", Location.active.is_(True))
            .order_by(Location.site_id, Location.id)
        )
    ]


@service(Action.DOSING_LOG, entity="daily_log", read_only=True)
def daily_log(call: Call, *, window_id: int, day: date | None = None) -> DailyLog:
    """The day's dispensing log; its totals are checked against the ledger's."""
    when = day or clock.clinic_today(call.session, call.db.clock())
    call.note(entity_id=f"{window_id}:{when}")
    log = build_daily_log(call.session, window_id, when)
    call.note(doses=log.doses_given, voided=log.doses_voided, matches_ledger=log.matches_ledger)
    call.audit_shown(
        view=f"daily_log:{window_id}",
        shown=(when, log.lines, log.waste, log.matches_ledger),
        patient_ids=_patients_of(call.session, log),
        every_minutes=clinic_settings(call.session).integer("queue_audit_minutes"),
    )
    return log


def _patients_of(session: Session, log: DailyLog) -> list[int]:
    dose_ids = [line.dose_id for line in log.lines]
    if not dose_ids:
        return []
    return list(session.scalars(select(Dose.patient_id).where(Dose.id.in_(dose_ids)).distinct()))


@dataclass(frozen=True)
class OutreachEntry:
    patient_id: PatientId
    patient_number: str
    name: str
    last_dose_on: date | None
    days_absent: int


def days_absent(last_dose_on: date, today: date) -> int:
    return (today - last_dose_on).days


def dropped_out(last_dose_on: date, today: date, limit: int) -> bool:
    """Absent more than LIMIT days (setting dropout_days): the patient is marked for outreach."""
    return days_absent(last_dose_on, today) > limit


@service(Action.DOSING_LOG, entity="patient")
def outreach_list(call: Call) -> list[OutreachEntry]:
    """Patients in treatment absent more than the dropout limit: for outreach."""
    session = call.session
    today = clock.clinic_today(session, call.db.clock())
    limit = clinic_settings(session).integer("dropout_days")
    voided = select(DoseVoid.dose_id)
    last = dict(
        session.execute(
            select(Dose.patient_id, func.max(Dose.dosing_date))
            .where(Dose.id.not_in(voided))
            .group_by(Dose.patient_id)
        ).all()
    )
    out = []
    for patient in session.scalars(
        select(Patient).where(Patient.status == "active").order_by(Patient.patient_number)
    ):
        seen = last.get(patient.id)
        if seen is None:
            continue
        absent = days_absent(seen, today)
        if dropped_out(seen, today, limit):
            out.append(
                OutreachEntry(
                    PatientId(patient.id), patient.patient_number, patient.name, seen, absent
                )
            )
    call.note(results=len(out))
    return out


@service(Action.DOSE_RECORD, entity="dose")
def return_bottle(call: Call, *, dose_id: int, returned_on: date | None = None) -> None:
    session = call.session
    dose = session.get(Dose, dose_id)
    if dose is None or dose.kind != "take_home":
        raise NotFound(en="No such take-home dose.", zh="没有该带药记录。")
    call.note(entity_id=dose_id, patient_id=dose.patient_id)
    if session.scalars(select(BottleReturn.id).where(BottleReturn.dose_id == dose_id)).first():
        raise Conflict(en="This bottle was already returned.", zh="该瓶已归还。")
    day = returned_on or clock.clinic_today(session, call.db.clock())
    if day < dose.given_at.date() - timedelta(days=1):
        raise InvalidInput(
            en="A bottle cannot come back before it was given.", zh="归还日期早于发放日期。"
        )
    session.add(BottleReturn(dose_id=dose_id, returned_on=day, recorded_by=call.actor.user_id))


@service(Action.DOSING_LOG, entity="daily_log")
def daily_log_pdf(
    call: Call, *, window_id: int, day: date | None = None, clinic_name: str
) -> bytes:
    """The day's dispensing log of one window as a PDF (patient numbers, never names)."""
    from clinic.reports.daily_log_pdf import render_daily_log_pdf

    when = day or clock.clinic_today(call.session, call.db.clock())
    call.note(entity_id=f"{window_id}:{when}", export="pdf")
    log = build_daily_log(call.session, window_id, when)
    call.note(doses=log.doses_given, voided=log.doses_voided, matches_ledger=log.matches_ledger)
    return render_daily_log_pdf(
        log,
        clinic_name,
        zone=clock.clinic_zone(call.session),
        demo=demo_clinic(call.session),
    )


@service(Action.DOSE_RECORD, entity="dose")
def bottle_labels_pdf(call: Call, *, dose_ids: list[int]) -> bytes:
    """Labels for take-home bottles: patient number, dose, date to take, the warnings; the
    clinic named as the patient-facing setting says (never a name revealing the treatment)."""
    from clinic.reports.bottle_labels import BottleLabel, render_bottle_labels

    session = call.session
    labels = []
    for dose_id in dose_ids:
        dose = session.get(Dose, dose_id)
        if dose is None or dose.kind != "take_home":
            raise NotFound(en="No such take-home dose.", zh="没有该带药记录。")
        number = session.scalar(select(Patient.patient_number).where(Patient.id == dose.patient_id))
        items = session.execute(
            select(DoseItem, Product)
            .join(Product, Product.id == DoseItem.product_id)
            .where(DoseItem.dose_id == dose.id)
        ).all()
        # The strength, never the drug's name: a label is seen outside the clinic.
        quantity = " + ".join(
            (
                f"{ledger_plain(i.quantity)} 片 {plural(i.quantity, 'tablet', 'tablets')}"
                if p.unit == "tablet"
                else f"{ledger_plain(i.quantity)} {p.unit}"
            )
            + f" ({strength_text(p.mg_per_unit, p.unit)})"
            for i, p in items
        )
        order = session.get(DoseOrder, dose.order_id)
        total = len(order_slots(order)) if order is not None else 1
        labels.append(
            BottleLabel(
                dose.id,
                str(number),
                dose.dosing_date,
                dose.slot,
                total,
                dose.dose_mg,
                quantity,
                tuple(_mark(p.mg_per_unit) for _, p in items),
            )
        )
    call.note(entity_id=",".join(str(i) for i in dose_ids), labels=len(labels))
    name = patient_facing_name(clinic_settings(session).text("patient_facing_name"))
    return render_bottle_labels(labels, name, demo=demo_clinic(session))


def _mark(strength: Decimal) -> tuple[str, str]:
    mark = strength_mark(strength)
    return mark.shape, mark.colour


@dataclass(frozen=True)
class OutstandingBottle:
    dose_id: int
    dosing_date: date
    slot: int
    dose_mg: Decimal


@service(Action.DOSE_RECORD, entity="patient", read_only=True)
def outstanding_bottles(call: Call, *, patient_id: int) -> list[OutstandingBottle]:
    """The patient's take-home doses whose empty bottle has not come back yet."""
    call.note(entity_id=patient_id, view="outstanding_bottles")
    voided = select(DoseVoid.dose_id)
    rows = call.session.scalars(
        select(Dose)
        .outerjoin(BottleReturn, BottleReturn.dose_id == Dose.id)
        .where(
            Dose.patient_id == patient_id,
            Dose.kind == "take_home",
            BottleReturn.id.is_(None),
            Dose.id.not_in(voided),
        )
        .order_by(Dose.dosing_date, Dose.slot)
    )
    return [OutstandingBottle(d.id, d.dosing_date, d.slot, d.dose_mg) for d in rows]
