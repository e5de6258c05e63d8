"""Today's queue at a window's site: who has an order in force and is still to be dosed.

The dosing window lists it, and the day's close asks about it: closing a window's day while
patients still wait, or inside the site's dosing hours, needs a confirmation naming how many.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.dosing.guest import periods_on
from clinic.dosing.orders import active_orders
from clinic.storage.models import (
    Dose,
    DoseOrder,
    DoseVoid,
    Location,
    Patient,
    PatientDetail,
    Site,
)


def order_slots(order: DoseOrder) -> list[Decimal]:
    """The order's doses of a day, slot by slot (one slot unless it is split)."""
    if order.slots_json:
        return [Decimal(s) for s in json.loads(order.slots_json)]
    assert order.daily_dose_mg is not None
    return [order.daily_dose_mg]


@dataclass(frozen=True)
class Expected:
    patient: Patient
    order: DoseOrder
    slots_total: int
    slots_done: int
    doses_at: str | None = None  # a guest elsewhere today: where the patient doses instead
    guest: bool = False  # a guest here today from another site

    @property
    def waiting(self) -> bool:
        return self.doses_at is None and self.slots_done < self.slots_total


def expected_today(session: Session, window: Location, day: date) -> list[Expected]:
    """The site's patients in treatment with an order in force on DAY, and their doses so far;
    a guest period on DAY moves a patient to the guest site's list (and, as not waiting, names
    the place on the home site's)."""
    patients = session.execute(
        select(Patient, PatientDetail.site_id)
        .outerjoin(PatientDetail, PatientDetail.patient_id == Patient.id)
        .where(Patient.status == "active")
        .order_by(Patient.patient_number)
    ).all()
    done = dict(
        session.execute(
            select(Dose.patient_id, func.count())
            .where(Dose.dosing_date == day, Dose.id.not_in(select(DoseVoid.dose_id)))
            .group_by(Dose.patient_id)
        ).all()
    )
    guests = periods_on(session, day)
    orders = active_orders(session, [patient.id for patient, _ in patients], day)
    out = []
    for patient, site_id in patients:
        home = site_id is None or site_id == window.site_id
        guest = guests.get(patient.id)
        here = guest is not None and guest.site_id is not None and guest.site_id == window.site_id
        if not home and not here:
            continue
        order = orders.get(patient.id)
        if order is None or order.daily_dose_mg is None:
            continue
        elsewhere = guest.place if guest is not None and not here else None
        slots = len(order_slots(order))
        out.append(Expected(patient, order, slots, int(done.get(patient.id, 0)), elsewhere, here))
    return out


@dataclass(frozen=True)
class CloseCheck:
    """What closing a window's day now would leave behind."""

    waiting: int  # patients still to be dosed today at the window's site
    opens: str
    closes: str
    inside_hours: bool

    @property
    def needs_confirmation(self) -> bool:
        return self.waiting > 0 or self.inside_hours


def close_check(session: Session, window: Location, moment: datetime, day: date) -> CloseCheck:
    site = session.get(Site, window.site_id) if window.site_id else None
    opens = site.dosing_opens if site else "00:00"
    closes = site.dosing_closes if site else "00:00"
    local = moment.astimezone(ZoneInfo(site.timezone)) if site else moment
    inside = local.date() == day and time.fromisoformat(opens) <= local.time() < time.fromisoformat(
        closes
    )
    waiting = sum(1 for e in expected_today(session, window, day) if e.waiting)
    return CloseCheck(waiting, opens, closes, inside)
