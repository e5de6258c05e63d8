"""The stock ledger: every movement a row, balances derived in the same transaction, never negative.

A movement goes from one location to another. Locations that hold stock (safes, windows,
quarantine, in transit) have balances; the outside accounts (supplier, patients, waste, destroyed,
lost, variance) do not. Balances are read under a row lock and written as exact Decimals, so two
workstations taking the last millilitre cannot both succeed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.numbers import plain
from clinic.storage import direct
from clinic.storage.models import Location, Lot, Product, StockBalance, StockMovement
from clinic.storage.uow import insert_now

STOCK_KINDS = ("safe", "window", "quarantine", "transit")
OUTSIDE_KINDS = ("supplier", "dispensed", "waste", "destroyed", "lost", "variance")
OUTSIDE_NAMES = {
    "supplier": ("Suppliers", "供货单位"),
    "dispensed": ("Dispensed to patients", "发给患者"),
    "waste": ("Waste (spills, part-doses)", "损耗（洒漏、未服完）"),
    "destroyed": ("Destroyed", "已销毁"),
    "lost": ("Lost or stolen", "丢失或被盗"),
    "variance": ("Count variance", "盘点差异"),
    "transit": ("In transit between sites", "调拨在途"),
}
MOVEMENT_KINDS = {
    "receipt": ("Receipt", "入库"),
    "issue": ("Issue to window", "发放至窗口"),
    "return": ("Return to safe", "退回药库"),
    "transfer_out": ("Transfer sent", "调出"),
    "transfer_in": ("Transfer received", "调入"),
    "transfer_diff": ("Transfer difference", "调拨差异"),
    "dispense": ("Dispensed", "发药"),
    "waste": ("Waste", "损耗"),
    "set_aside": ("Set aside", "隔离待销毁"),
    "destroy": ("Destroyed", "销毁"),
    "loss": ("Loss / theft", "丢失/被盗"),
    "adjust": ("Count adjustment", "盘点调整"),
    "reversal": ("Reversal", "冲正"),
}
VOUCHER_PREFIX = {
    "receipt": "RK",
    "issue": "FF",
    "return": "TH",
    "transfer_out": "DC",
    "transfer_in": "DR",
    "transfer_diff": "DY",
    "dispense": "FY",
    "waste": "SH",
    "set_aside": "GL",
    "destroy": "XH",
    "loss": "DS",
    "adjust": "PD",
    "reversal": "CZ",
}


@dataclass(frozen=True)
class MovementInfo:
    movement_id: int
    kind: str
    voucher: str
    product_id: int
    lot_id: int
    from_location_id: int
    to_location_id: int
    quantity: Decimal
    occurred_at: datetime


def info(m: StockMovement) -> MovementInfo:
    return MovementInfo(
        m.id,
        m.kind,
        m.voucher,
        m.product_id,
        m.lot_id,
        m.from_location_id,
        m.to_location_id,
        m.quantity,
        m.occurred_at,
    )


def outside(session: Session, kind: str) -> Location:
    """The clinic's outside account of KIND (made on first use, safely under concurrency)."""
    code = f"@{kind}"
    return get_or_create_place(
        session,
        code,
        lambda: Location(
            code=code,
            name=" / ".join(reversed(OUTSIDE_NAMES[kind])),
            kind=kind,
            site_id=None,
            holds_stock=kind == "transit",
            active=True,
        ),
    )


_PLACE_BY_CODE = select(Location).where(Location.code == bindparam("code"))


def get_or_create_place(session: Session, code: str, make: Callable[[], Location]) -> Location:
    """The place with CODE; if two workstations create it at once, both end up with the same row."""
    found = session.scalars(_PLACE_BY_CODE, {"code": code}).first()
    if found is not None:
        return found
    try:
        with session.begin_nested():
            place = make()
            session.add(place)
            session.flush()
            return place
    except IntegrityError:
        return session.scalars(select(Location).where(Location.code == code)).one()


def location(session: Session, location_id: int) -> Location:
    found = direct.get(session, Location, location_id)
    if found is None or not found.active:
        raise NotFound(en="No such stock location.", zh="没有该库位。")
    return found


def _short(session: Session, lot: Lot, place: Location, have: Decimal, want: Decimal) -> Conflict:
    product = session.get(Product, lot.product_id)
    unit = product.unit if product else ""
    return Conflict(
        en=f"Not enough stock: {place.name} holds {plain(have)} {unit} of lot {lot.lot_number}, "
        f"{plain(want)} {unit} needed. Nothing was recorded.",
        zh=f"库存不足：{place.name} 批号 {lot.lot_number} 仅有 {plain(have)} {unit}，"
        f"需要 {plain(want)} {unit}。未作任何记录。",
    )


_BALANCES = StockBalance.__table__
assert isinstance(_BALANCES, Table)
_BALANCE = select(_BALANCES.c.quantity).where(
    _BALANCES.c.product_id == bindparam("product_id"),
    _BALANCES.c.lot_id == bindparam("lot_id"),
    _BALANCES.c.location_id == bindparam("location_id"),
)
_BALANCE_FOR_UPDATE = _BALANCE.with_for_update()
_SET_BALANCE = (
    update(_BALANCES)
    .where(
        _BALANCES.c.product_id == bindparam("b_product_id"),
        _BALANCES.c.lot_id == bindparam("b_lot_id"),
        _BALANCES.c.location_id == bindparam("b_location_id"),
    )
    .values(quantity=bindparam("b_quantity"))
)
_NEW_BALANCE = direct.Prepared(
    insert(_BALANCES).values({column.key: bindparam(column.key) for column in _BALANCES.c})
)
_SET_BALANCE_NOW = direct.Prepared(_SET_BALANCE)


def balance_row(
    session: Session, product_id: int, lot_id: int, location_id: int, *, lock: bool
) -> Decimal | None:
    """The balance of LOT at LOCATION, None if it never held any; read under a row lock (LOCK)
    when it is about to be changed."""
    query = _BALANCE_FOR_UPDATE if lock else _BALANCE
    params = {"product_id": product_id, "lot_id": lot_id, "location_id": location_id}
    found: Decimal | None = direct.first(session, query, params)  # one row at most: the key
    return found


def _set_balance(
    session: Session, lot: Lot, location_id: int, old: Decimal | None, new: Decimal
) -> None:
    """Write the balance read (OLD, None: no row yet) as NEW, in one statement, not through the
    unit of work; a balance already loaded as an object in SESSION is read again when used."""
    keys = {"b_product_id": lot.product_id, "b_lot_id": lot.id, "b_location_id": location_id}
    connection = direct.connection(session)
    if old is None:
        row = {"product_id": lot.product_id, "lot_id": lot.id, "location_id": location_id}
        try:
            _NEW_BALANCE.rows(connection, {**row, "quantity": new})
        except IntegrityError as exc:  # another workstation made it first
            raise _changed_meanwhile() from exc
    else:
        _SET_BALANCE_NOW.rows(connection, {**keys, "b_quantity": new})
    loaded = session.identity_map.get(
        session.identity_key(StockBalance, (lot.product_id, lot.id, location_id))
    )
    if loaded is not None:
        session.expire(loaded)


def _changed_meanwhile() -> Conflict:
    return Conflict(
        en="The stock changed at the same moment on another workstation; try again.",
        zh="库存刚在其他工作站发生变动，请重试。",
    )


def new_voucher(kind: str, moment: datetime) -> str:
    return f"{VOUCHER_PREFIX[kind]}{moment:%Y%m%d}-{secrets.token_hex(4).upper()}"


def post(
    session: Session,
    *,
    kind: str,
    lot: Lot,
    source: Location,
    target: Location,
    quantity: Decimal,
    done_by: int,
    checked_by: int | None = None,
    reason: str | None = None,
    reference: str | None = None,
    reverses_id: int | None = None,
    voucher: str | None = None,
    occurred_at: datetime | None = None,
) -> StockMovement:
    """Write one movement and its balances; refuse (writing nothing) if a balance would go below zero."""
    if kind not in MOVEMENT_KINDS:
        raise ValueError(f"unknown movement kind {kind}")
    if not isinstance(quantity, Decimal) or not quantity.is_finite() or quantity <= 0:
        raise InvalidInput(en="A quantity must be more than zero.", zh="数量必须大于零。")
    if source.id == target.id:
        raise InvalidInput(
            en="A movement needs two different places.", zh="移动须在两个不同库位之间。"
        )
    moment = occurred_at or clock.now(session)
    from clinic.inventory.reconcile import ensure_day_open

    for place in (source, target):
        ensure_day_open(session, place, lot.product_id, moment)
    session.flush()  # a lot or place just added has its row before its balance is written
    if source.holds_stock:
        have = balance_row(session, lot.product_id, lot.id, source.id, lock=True)
        if have is None or have < quantity:
            raise _short(session, lot, source, have or Decimal(0), quantity)
        _set_balance(session, lot, source.id, have, have - quantity)
    if target.holds_stock:
        held = balance_row(session, lot.product_id, lot.id, target.id, lock=True)
        _set_balance(session, lot, target.id, held, (held or Decimal(0)) + quantity)
    movement = StockMovement(
        kind=kind,
        product_id=lot.product_id,
        lot_id=lot.id,
        from_location_id=source.id,
        to_location_id=target.id,
        quantity=quantity,
        occurred_at=moment,
        voucher=voucher or new_voucher(kind, moment.astimezone(clock.clinic_zone(session))),
        done_by=done_by,
        checked_by=checked_by,
        reason=reason,
        reference=reference,
        reverses_id=reverses_id,
    )
    try:
        insert_now(session, movement)
    except IntegrityError as exc:
        raise _changed_meanwhile() from exc
    return movement


def balance(session: Session, product_id: int, lot_id: int, location_id: int) -> Decimal:
    held = balance_row(session, product_id, lot_id, location_id, lock=False)
    return held if held is not None else Decimal(0)


_USABLE = (
    select(Lot, StockBalance.quantity)
    .join(StockBalance, StockBalance.lot_id == Lot.id)
    .where(
        StockBalance.product_id == bindparam("product_id"),
        StockBalance.location_id == bindparam("location_id"),
        # A window that has emptied sixty lots reads none of them. (On SQLite the quantity is
        # text: a zero written "0.0" still passes here, and the filter below drops it.)
        StockBalance.quantity > Decimal(0),
        Lot.expiry_date >= bindparam("day"),
    )
    .order_by(Lot.expiry_date, Lot.id)
)


def usable_lots(
    session: Session, product_id: int, location_id: int, day: date
) -> list[tuple[Lot, Decimal]]:
    """Lots of PRODUCT at LOCATION with stock, unexpired on DAY, earliest expiry first (FEFO)."""
    rows = session.execute(
        _USABLE, {"product_id": product_id, "location_id": location_id, "day": day}
    ).all()
    return [(lot, qty) for lot, qty in rows if qty > 0]


def first_covering(usable: Sequence[tuple[Lot, Decimal]], quantity: Decimal) -> Lot | None:
    """Of USABLE (from `usable_lots`), the first lot that covers QUANTITY on its own, or None."""
    return next((lot for lot, qty in usable if qty >= quantity), None)


def fefo_lot(
    session: Session, product_id: int, location_id: int, day: date, quantity: Decimal
) -> Lot | None:
    """The earliest-expiring usable lot that covers QUANTITY on its own, or None; never expired."""
    return first_covering(usable_lots(session, product_id, location_id, day), quantity)


def pick_fefo(
    session: Session, product_id: int, location_id: int, day: date, quantity: Decimal
) -> Lot:
    """The lot fefo_lot names, or a refusal saying how much usable stock there is."""
    lot = fefo_lot(session, product_id, location_id, day, quantity)
    if lot is not None:
        return lot
    place = session.get(Location, location_id)
    total = sum((q for _, q in usable_lots(session, product_id, location_id, day)), Decimal(0))
    raise Conflict(
        en=f"No usable lot at {place.name if place else 'this place'} holds {plain(quantity)} "
        f"(usable stock: {plain(total)}; expired lots are never used).",
        zh=f"{place.name if place else '该库位'}没有足以提供 {plain(quantity)} 的可用批号"
        f"（可用库存 {plain(total)}；过期批号不可使用）。",
    )


def check_lot_usable(lot: Lot, day: date) -> None:
    if lot.expiry_date < day:
        raise Conflict(
            en=f"Lot {lot.lot_number} expired on {lot.expiry_date}: it cannot be issued or dispensed. "
            "Set it aside for destruction.",
            zh=f"批号 {lot.lot_number} 已于 {lot.expiry_date} 过期，不能发放或发药。请隔离待销毁。",
        )
