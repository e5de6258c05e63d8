"""The patient's clinical history on the record: every dose (voided ones and exceptions too,
withheld doses with why), by day and window; every urine screen with its results and review.

Each read is a read of the record, audited like opening it; only roles that see the record's
clinical part may read it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from clinic import clock
from clinic.dosing.marks import bottle_name
from clinic.errors import InvalidInput, NotFound, PermissionDenied
from clinic.numbers import plain
from clinic.patients.records import view_of
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    Dose,
    DoseException,
    DoseItem,
    DoseVoid,
    DoseWithheld,
    Location,
    Lot,
    Patient,
    Product,
    ScreenResult,
    ScreenReview,
    UrineScreen,
    User,
)

DEFAULT_DAYS = 90  # what the record shows unless asked for more
LONGEST = 3 * 366  # one read at most: three years


@dataclass(frozen=True)
class DoseLine:
    """One dose given (or withheld) on the patient's record."""

    dosing_date: date
    at: datetime | None  # clinic time; None for a withheld dose
    window: str
    slot: int
    kind: str  # observed, take_home, redose, replacement, withheld
    dose_mg: Decimal | None
    given: str  # what was poured: quantity, product and strength, lot
    nurse: str
    note: str | None
    void_reason: str | None  # a voided dose stays on the record, with why
    exception_reason: str | None  # a re-dose or replacement: why
    dose_id: int | None = None  # None for a withheld dose

    @property
    def voided(self) -> bool:
        return self.void_reason is not None


@dataclass(frozen=True)
class ScreenLine:
    collected_on: date
    random: bool
    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    reviewed_by: str | None
    review_note: str | None


def _clinical(call: Call, patient_id: int) -> Patient:
    if "clinical" not in view_of(call.actor.roles):
        raise PermissionDenied(
            en="Your role does not see the patient's clinical history.",
            zh="您的角色不能查看患者的临床记录。",
        )
    patient = call.session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return patient


def _period(session: Session, since: date | None, until: date | None) -> tuple[date, date]:
    last = until or clock.clinic_today(session)
    first = since or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidInput(en="The period ends before it starts.", zh="截止日期早于起始日期。")
    if (last - first).days >= LONGEST:
        raise InvalidInput(en="Ask for at most three years at a time.", zh="每次最多查询三年。")
    return first, last


@service(Action.PATIENT_READ, entity="patient")
def dose_history(
    call: Call, *, patient_id: int, since: date | None = None, until: date | None = None
) -> list[DoseLine]:
    """Every dose of the patient from SINCE to UNTIL (default: the last 90 days), newest first,
    with voided doses (and why), exceptions (and why) and withheld doses (and why)."""
    _clinical(call, patient_id)
    first, last = _period(call.session, since, until)
    call.note(entity_id=patient_id, view="dose_history", since=str(first), until=str(last))
    session = call.session
    zone = clock.clinic_zone(session)
    nurse = aliased(User)
    rows = session.execute(
        select(Dose, Location.name, nurse.full_name, DoseVoid.reason, DoseException.reason)
        .join(Location, Location.id == Dose.window_id)
        .join(nurse, nurse.id == Dose.nurse_id)
        .outerjoin(DoseVoid, DoseVoid.dose_id == Dose.id)
        .outerjoin(DoseException, DoseException.dose_id == Dose.id)
        .where(Dose.patient_id == patient_id, Dose.dosing_date.between(first, last))
    ).all()
    poured: dict[int, list[str]] = defaultdict(list)
    ids = [dose.id for dose, *_ in rows]
    if ids:
        for item, product, lot in session.execute(
            select(DoseItem, Product, Lot.lot_number)
            .join(Product, Product.id == DoseItem.product_id)
            .join(Lot, Lot.id == DoseItem.lot_id)
            .where(DoseItem.dose_id.in_(ids))
            .order_by(DoseItem.id)
        ):
            bottle = bottle_name(product.name, product.mg_per_unit, product.unit)
            poured[item.dose_id].append(f"{plain(item.quantity)} {product.unit} {bottle} · {lot}")
    lines = [
        DoseLine(
            dose.dosing_date,
            dose.given_at.astimezone(zone),
            window,
            dose.slot,
            dose.kind,
            dose.dose_mg,
            "; ".join(poured[dose.id]),
            who,
            dose.note,
            void_reason,
            exception_reason,
            dose.id,
        )
        for dose, window, who, void_reason, exception_reason in rows
    ]
    recorder = aliased(User)
    for held, who in session.execute(
        select(DoseWithheld, recorder.full_name)
        .join(recorder, recorder.id == DoseWithheld.recorded_by)
        .where(DoseWithheld.patient_id == patient_id, DoseWithheld.dosing_date.between(first, last))
    ):
        lines.append(
            DoseLine(
                held.dosing_date,
                held.recorded_at.astimezone(zone),
                "",
                held.slot,
                "withheld",
                None,
                held.reason,
                who,
                held.note,
                None,
                None,
            )
        )
    lines.sort(
        key=lambda line: (
            line.dosing_date,
            line.at or datetime.min.replace(tzinfo=zone),
            line.dose_id or 0,
        ),
        reverse=True,
    )
    return lines


@service(Action.PATIENT_READ, entity="patient")
def screen_history(call: Call, *, patient_id: int) -> list[ScreenLine]:
    """Every urine screen of the patient, newest first, with each substance and the review."""
    _clinical(call, patient_id)
    call.note(entity_id=patient_id, view="screen_history")
    session = call.session
    reviewer = aliased(User)
    screens = session.execute(
        select(UrineScreen, reviewer.full_name, ScreenReview.note)
        .outerjoin(ScreenReview, ScreenReview.screen_id == UrineScreen.id)
        .outerjoin(reviewer, reviewer.id == ScreenReview.reviewed_by)
        .where(UrineScreen.patient_id == patient_id)
        .order_by(UrineScreen.collected_on.desc(), UrineScreen.id.desc())
    ).all()
    results: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    ids = [screen.id for screen, *_ in screens]
    if ids:
        for result in session.scalars(
            select(ScreenResult).where(ScreenResult.screen_id.in_(ids)).order_by(ScreenResult.id)
        ):
            results[result.screen_id].append((result.substance, result.positive))
    return [
        ScreenLine(
            screen.collected_on,
            screen.random,
            tuple(s for s, positive in results[screen.id] if positive),
            tuple(s for s, positive in results[screen.id] if not positive),
            who,
            note,
        )
        for screen, who, note in screens
    ]
