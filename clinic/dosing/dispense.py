"""Giving a dose out of a window's stock: the one path for observed and take-home doses.

The dose row, its stock taken from the window lot by lot (first expiry first), one dose item per
movement, and the day's fee are written together, or the dose is refused and nothing is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import clock
from clinic.dosing.units import compose_tablets, millilitres
from clinic.errors import ClinicError
from clinic.insurance import patient_fees
from clinic.inventory import ledger
from clinic.numbers import plain
from clinic.storage import direct
from clinic.storage.models import (
    Dose,
    DoseItem,
    DoseOrder,
    DoseVoid,
    Location,
    Lot,
    Product,
    StockMovement,
)
from clinic.storage.uow import insert_now


class DoseRefused(ClinicError):
    """Dosing refused, with the reason and what to do."""

    code = "dose_refused"


@dataclass(frozen=True)
class DosePart:
    product_id: int
    product_name: str
    unit: str
    quantity: Decimal
    strength: Decimal = Decimal(0)  # mg per mL or per tablet: which bottle to pour from
    lot_number: str | None = None  # the lot it will be poured from, once the window is known
    lots_here: int = 0  # usable lots of this product at the window (more than one: say which)
    lot_id: int | None = None  # that lot's id (the gate read it; dispense pours from it)


def compose(session: Session, order: DoseOrder, dose_mg: Decimal) -> list[tuple[Product, Decimal]]:
    """The products and quantities that make DOSE_MG: mL by strength, or whole tablets."""
    product = direct.get(session, Product, order.product_id)
    assert product is not None
    if product.unit != "tablet":
        return [(product, millilitres(dose_mg, product.mg_per_unit))]
    siblings = list(
        session.scalars(
            select(Product).where(
                Product.drug == product.drug, Product.form == product.form, Product.active.is_(True)
            )
        )
    )
    by_strength = {p.mg_per_unit: p for p in siblings}
    counts = compose_tablets(dose_mg, list(by_strength))
    return [(by_strength[strength], Decimal(n)) for strength, n in counts.items()]


def dose_parts(session: Session, order: DoseOrder, dose_mg: Decimal) -> list[DosePart]:
    return [
        DosePart(p.id, p.name, p.unit, q, p.mg_per_unit)
        for p, q in compose(session, order, dose_mg)
    ]


def from_lots(
    session: Session, parts: Sequence[DosePart], window: Location, day: date
) -> list[DosePart]:
    """PARTS with the lot each will be poured from at WINDOW (first expiry first, as dispense
    takes it; None if no usable lot covers it) and how many usable lots of the product the
    window holds. One query per part."""
    placed = []
    for part in parts:
        usable = ledger.usable_lots(session, part.product_id, window.id, day)
        lot = direct.hold(session, ledger.first_covering(usable, part.quantity))
        placed.append(
            replace(
                part,
                lot_number=lot.lot_number if lot else None,
                lots_here=len(usable),
                lot_id=lot.id if lot else None,
            )
        )
    return placed


def shortage(placed: Sequence[DosePart], window: Location) -> tuple[str, str] | None:
    """Why WINDOW cannot give the PLACED parts (from `from_lots`: one has no lot), or None."""
    for part in placed:
        if part.lot_number is None:
            return (
                f"No usable stock of {part.product_name} at {window.name} for "
                f"{plain(part.quantity)} {part.unit}: ask the pharmacist to issue stock.",
                f"{window.name} 没有足够的可用 {part.product_name}（需 {plain(part.quantity)} "
                f"{part.unit}）：请药师补充发放。",
            )
    return None


def _given_already(day: date, slot: int) -> DoseRefused:
    return DoseRefused(
        en=f"A dose for {day} (slot {slot}) is already recorded, a moment ago at another window "
        "or by a second press. Never dose twice.",
        zh=f"{day} 第 {slot} 次的剂量已记录（其他窗口或重复按键）。不得重复给药。",
    )


def _gate_lot(session: Session, part: DosePart, today: date) -> Lot | None:
    """The lot the gate chose for PART in this transaction (first expiry first, covering it),
    if still unexpired: the window's usable lots are not read again. Its balance is checked,
    under a lock, when the movement is posted."""
    if part.lot_id is None:
        return None
    lot = direct.get(session, Lot, part.lot_id)
    if lot is None or lot.product_id != part.product_id or lot.expiry_date < today:
        return None
    return lot


_IN_SLOT = (
    select(Dose.id, DoseVoid.id)
    .outerjoin(DoseVoid, DoseVoid.dose_id == Dose.id)
    .where(
        Dose.patient_id == bindparam("patient_id"),
        Dose.dosing_date == bindparam("day"),
        Dose.slot == bindparam("slot"),
    )
)


def dispense(
    session: Session,
    *,
    order: DoseOrder,
    window: Location,
    dosing_date: date,
    slot: int,
    kind: str,
    dose_mg: Decimal,
    parts: Sequence[DosePart],
    nurse_id: int,
    now: datetime,
    repeat: bool = False,
    note: str | None = None,
    intoxication_checked: bool = True,
    charge: bool = True,
) -> tuple[Dose, tuple[str, ...]]:
    """Give one dose from WINDOW: the dose, its stock by lot, its items and the day's fee.

    Refuses (DoseRefused, nothing written) if the slot already has a live dose (unless REPEAT: a
    re-dose or replacement the gate cleared) or the window has no usable lot for a part. Returns
    the dose and the vouchers of its movements."""
    # One query decides: a live dose in this slot refuses; otherwise the attempt number is one past
    # the voided ones, and a concurrent dose with the same number is stopped by the unique key.
    in_slot = direct.rows(
        session, _IN_SLOT, {"patient_id": order.patient_id, "day": dosing_date, "slot": slot}
    )
    if not repeat and any(void_id is None for _, void_id in in_slot):
        raise _given_already(dosing_date, slot)
    today = clock.clinic_today(session, now)
    lots: list[Lot] = []
    for part in parts:  # each part's lot, first expiry first; refused if one has none
        lot = _gate_lot(session, part, today) or ledger.first_covering(
            ledger.usable_lots(session, part.product_id, window.id, today), part.quantity
        )
        if lot is None:
            short = shortage([replace(part, lot_number=None)], window)
            assert short is not None
            raise DoseRefused(en=short[0], zh=short[1], patient_id=order.patient_id)
        lots.append(lot)
    if len({part.product_id for part in parts}) < len(parts):
        lots = []  # two parts of one product: each picked after the one before it is taken
    dose = Dose(
        patient_id=order.patient_id,
        episode_id=order.episode_id,
        order_id=order.id,
        window_id=window.id,
        dosing_date=dosing_date,
        slot=slot,
        attempt=1 + len(in_slot),
        kind=kind,
        dose_mg=dose_mg,
        given_at=now,
        nurse_id=nurse_id,
        note=note,
        intoxication_checked=intoxication_checked,
    )
    try:
        insert_now(session, dose)
    except IntegrityError as exc:
        raise _given_already(dosing_date, slot) from exc
    dispensed = ledger.outside(session, "dispensed")
    vouchers = []
    for n, part in enumerate(parts):
        lot = (
            lots[n]
            if lots
            else ledger.pick_fefo(session, part.product_id, window.id, today, part.quantity)
        )
        movement = ledger.post(
            session,
            kind="dispense",
            lot=lot,
            source=window,
            target=dispensed,
            quantity=part.quantity,
            done_by=nurse_id,
            reference=f"dose {dose.id}",
            occurred_at=now,
        )
        insert_now(
            session,
            DoseItem(
                dose_id=dose.id,
                product_id=part.product_id,
                lot_id=lot.id,
                quantity=part.quantity,
                movement_id=movement.id,
            ),
        )
        vouchers.append(movement.voucher)
    if charge and window.site_id is not None:
        patient_fees.charge_day(session, dose, window.site_id)
    return dose, tuple(vouchers)


def take_back(session: Session, dose: Dose, *, reason: str, done_by: int, checker: int) -> None:
    """A voided dose's stock back where it came from: each of its movements reversed."""
    for item in session.scalars(select(DoseItem).where(DoseItem.dose_id == dose.id)):
        original = session.get(StockMovement, item.movement_id)
        lot = session.get(Lot, item.lot_id)
        assert original is not None and lot is not None
        ledger.post(
            session,
            kind="reversal",
            lot=lot,
            source=ledger.location(session, original.to_location_id),
            target=ledger.location(session, original.from_location_id),
            quantity=item.quantity,
            done_by=done_by,
            checked_by=checker,
            reason=reason,
            reverses_id=original.id,
            reference=f"dose {dose.id}",
        )
