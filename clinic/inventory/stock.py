"""The pharmacist's stock actions: places, receipts, issues, transfers, waste, destruction, loss.

Each is one service call: permission first, the witness checked in the same transaction where
the rules ask for two people, the movement and its balances and the audit event written together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import Conflict, InvalidInput, NotFound, about
from clinic.inventory import ledger
from clinic.numbers import parse_day, parse_quantity
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.privacy.users import Witness, verify_witness
from clinic.service import Call, service
from clinic.storage.models import (
    Destruction,
    DestructionApplication,
    Incident,
    Location,
    Lot,
    Product,
    Receipt,
    Site,
    StockBalance,
    StockMovement,
    Transfer,
    TransferReceipt,
    User,
)
from clinic.storage.settings_store import clinic_settings, demo_clinic
from clinic.wording import quoted

PLACE_KINDS = {
    "safe": ("Safe", "药库（保险柜）"),
    "window": ("Dosing window", "发药窗口"),
    "quarantine": ("Quarantine (awaiting destruction)", "待销毁隔离区"),
}


@dataclass(frozen=True)
class PlaceInfo:
    location_id: int
    code: str
    name: str
    kind: str
    site_id: int | None
    site_code: str | None


@dataclass(frozen=True)
class LotInfo:
    lot_id: int
    product_id: int
    lot_number: str
    expiry_date: date
    manufacturer: str
    supplier: str


@dataclass(frozen=True)
class BalanceLine:
    location_id: int
    location_name: str
    location_kind: str
    site_code: str | None
    product_id: int
    product_name: str
    unit: str
    lot_id: int
    lot_number: str
    expiry_date: date
    quantity: Decimal
    expired: bool
    expiring_soon: bool


def _product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(en="No such product.", zh="没有该产品。")
    return product


def _lot(session: Session, lot_id: int) -> Lot:
    lot = session.get(Lot, lot_id)
    if lot is None:
        raise NotFound(en="No such lot.", zh="没有该批号。")
    return lot


def _check_unit(product: Product, quantity: Decimal) -> None:
    if product.unit == "tablet" and quantity != quantity.to_integral_value():
        raise InvalidInput(en="Tablets are counted whole.", zh="片剂须按整片计数。")


def _witness(call: Call, username: str | None, password: str | None) -> Witness:
    if not username:
        raise InvalidInput(
            en="This needs a second person: enter the witness's user name and password.",
            zh="此操作须第二人核对：请输入见证人用户名和密码。",
            field="witness_user",
        )
    return verify_witness(call, username=username, password=password or "")


def place_info(session: Session, place: Location) -> PlaceInfo:
    site = session.get(Site, place.site_id) if place.site_id else None
    return PlaceInfo(
        place.id, place.code, place.name, place.kind, place.site_id, site.code if site else None
    )


@service(Action.LOCATION_MANAGE, entity="location")
def add_place(call: Call, *, site_code: str, kind: str, name: str) -> PlaceInfo:
    """A safe, a dosing window or a quarantine shelf at a site."""
    if kind not in PLACE_KINDS:
        raise InvalidInput(
            en="A place is a safe, a dosing window or quarantine.",
            zh="库位须为药库、发药窗口或隔离区。",
        )
    site = call.session.scalars(select(Site).where(Site.code == site_code.strip().upper())).first()
    if site is None:
        raise NotFound(en=f"No site {quoted(site_code)}.", zh=f"没有站点 {quoted(site_code)}。")
    title = free_text(name, 100, "Name", "名称")
    if not title:
        raise InvalidInput(en="Name the place.", zh="请填写库位名称。")
    count = len(
        call.session.scalars(
            select(Location.id).where(Location.site_id == site.id, Location.kind == kind)
        ).all()
    )
    place = Location(
        code=f"{site.code}-{kind.upper()}-{count + 1}",
        name=title,
        kind=kind,
        site_id=site.id,
        holds_stock=True,
        active=True,
    )
    call.session.add(place)
    call.session.flush()
    call.note(entity_id=place.id, code=place.code, kind=kind)
    return place_info(call.session, place)


@service(Action.STOCK_READ, entity="location", audited=False, read_only=True)
def list_places(
    call: Call, *, kinds: tuple[str, ...] = ("safe", "window", "quarantine")
) -> list[PlaceInfo]:
    places = call.session.scalars(
        select(Location)
        .where(Location.kind.in_(kinds), Location.active.is_(True))
        .order_by(Location.site_id, Location.kind, Location.id)
    )
    return [place_info(call.session, p) for p in places]


def _place(session: Session, location_id: int, *kinds: str) -> Location:
    place = ledger.location(session, location_id)
    if kinds and place.kind not in kinds:
        names = "、".join(PLACE_KINDS.get(k, (k, k))[1] for k in kinds)
        raise InvalidInput(
            en=f"{place.name} is not a {' or '.join(kinds)}.", zh=f"{place.name} 不是{names}。"
        )
    return place


@dataclass(frozen=True)
class ReceiptInfo:
    receipt_id: int
    lot: LotInfo
    received: Decimal
    damaged: Decimal
    shortage: Decimal
    movement: ledger.MovementInfo | None


ACCEPTANCE = {
    "accepted": ("Accepted", "验收合格"),
    "accepted_with_exceptions": (
        "Accepted; shortage or damage recorded",
        "验收合格，短缺/破损已登记",
    ),
}


def check_acceptance(acceptance: str | None, shortage: Decimal, damaged: Decimal) -> str:
    """The receipt's acceptance conclusion: one of ACCEPTANCE, and not "accepted" in full when
    a shortage or damage was counted."""
    if acceptance not in ACCEPTANCE:
        raise InvalidInput(
            en="Choose the acceptance conclusion.", zh="请选择验收结论。", field="acceptance"
        )
    if acceptance == "accepted" and (shortage > 0 or damaged > 0):
        raise InvalidInput(
            en="A shortage or damage was counted: the conclusion is \u201caccepted; shortage or "
            "damage recorded\u201d.",
            zh="清点有短缺或破损：验收结论应为\u201c验收合格，短缺/破损已登记\u201d。",
            field="acceptance",
        )
    return acceptance


@service(Action.STOCK_RECEIVE, entity="receipt")
def receive(
    call: Call,
    *,
    product_id: int,
    lot_number: str,
    expiry_date: date | str,
    manufacturer: str,
    supplier: str,
    safe_id: int,
    expected: object,
    received: object,
    quality_condition: str,
    acceptance: str,
    damaged: object = "",
    delivery_note: str | None = None,
    note: str | None = None,
    witness: str | None = None,
    witness_password: str | None = None,
) -> ReceiptInfo:
    """A delivery into a safe, counted and signed by two people (the receiving person and the
    keeper of the safe); its quality condition, acceptance conclusion, shortage and damage
    recorded for the register."""
    session = call.session
    product = _product(session, product_id)
    safe = _place(session, safe_id, "safe")
    with about("lot_number"):
        number = free_text(lot_number, 64, "Lot number", "批号")
        if not number:
            raise InvalidInput(en="Type the lot (batch) number.", zh="请填写批号。")
    with about("expiry_date"):
        expiry = parse_day(expiry_date, "Expiry date", "有效期")
        if expiry <= clock.clinic_today(session):
            raise InvalidInput(
                en="This lot is already expired: refuse the delivery.",
                zh="该批号已过期：应拒收。",
            )
    with about("manufacturer"):
        maker = free_text(manufacturer, 200, "Manufacturer", "生产企业")
        if not maker:
            raise InvalidInput(en="Type the manufacturer.", zh="请填写生产企业。")
    with about("supplier"):
        source_name = free_text(supplier, 200, "Supplier", "供货单位")
        if not source_name:
            raise InvalidInput(en="Type the supplier.", zh="请填写供货单位。")
    with about("delivery_note"):
        note_number = free_text(delivery_note, 64, "Delivery note", "随货单号")
    with about("expected"):
        want = parse_quantity(expected, "Quantity on the delivery note", "随货单数量")
        _check_unit(product, want)
    with about("received"):
        good = parse_quantity(received, "Quantity received", "实收数量", zero_ok=True)
        _check_unit(product, good)
    with about("damaged"):
        # the damaged count is optional: left empty, nothing was damaged
        broken = parse_quantity(
            damaged if str(damaged).strip() else "0", "Damaged", "破损数量", zero_ok=True
        )
        _check_unit(product, broken)
    with about("received"):
        if good + broken > want:
            raise InvalidInput(
                en="More was counted than the delivery note says: recount, or correct the "
                "note's quantity.",
                zh="清点数量多于随货单数量：请复核。",
            )
    shortage = want - good - broken
    with about("quality_condition"):
        quality = free_text(quality_condition, 200, "Quality condition", "质量情况")
        if not quality:
            raise InvalidInput(
                en="Describe the quality condition (packaging, seals, labels).",
                zh="请填写质量情况（包装、封签、标签）。",
            )
    conclusion = check_acceptance(acceptance, shortage, broken)
    remark = free_text(note, 500, "Note", "备注")
    checker = _witness(call, witness, witness_password)
    lot = session.scalars(
        select(Lot).where(Lot.product_id == product.id, Lot.lot_number == number)
    ).first()
    if lot is None:
        lot = Lot(
            product_id=product.id,
            lot_number=number,
            expiry_date=expiry,
            manufacturer=maker,
            supplier=source_name,
        )
        session.add(lot)
        session.flush()
    elif lot.expiry_date != expiry:
        raise InvalidInput(
            en=f"Lot {number} is on record with expiry {lot.expiry_date}; check the label.",
            zh=f"批号 {number} 已登记的有效期为 {lot.expiry_date}，请核对标签。",
            field="expiry_date",
        )
    supplier_account = ledger.outside(session, "supplier")
    movement = None
    if good > 0:
        movement = ledger.post(
            session,
            kind="receipt",
            lot=lot,
            source=supplier_account,
            target=safe,
            quantity=good,
            done_by=call.actor.user_id,
            checked_by=checker.user_id,
            reason=remark,
            reference=note_number,
        )
    spoiled = None
    if broken > 0:
        quarantine = _quarantine(session, safe)
        spoiled = ledger.post(
            session,
            kind="receipt",
            lot=lot,
            source=supplier_account,
            target=quarantine,
            quantity=broken,
            done_by=call.actor.user_id,
            checked_by=checker.user_id,
            reason="damaged on delivery",
            reference=note_number,
        )
    row = Receipt(
        lot_id=lot.id,
        location_id=safe.id,
        expected=want,
        received=good,
        damaged=broken,
        shortage=shortage,
        delivery_note=note_number,
        note=remark,
        received_by=call.actor.user_id,
        checked_by=checker.user_id,
        quality_condition=quality,
        acceptance=conclusion,
        movement_id=movement.id if movement else None,
        damaged_movement_id=spoiled.id if spoiled else None,
    )
    session.add(row)
    session.flush()
    call.note(
        entity_id=row.id,
        lot=number,
        received=str(good),
        damaged=str(broken),
        shortage=str(shortage),
        acceptance=conclusion,
        voucher=movement.voucher if movement else None,
    )
    return ReceiptInfo(
        row.id, _lot_info(lot), good, broken, shortage, ledger.info(movement) if movement else None
    )


def _quarantine(session: Session, near: Location) -> Location:
    place = session.scalars(
        select(Location).where(Location.site_id == near.site_id, Location.kind == "quarantine")
    ).first()
    if place is not None:
        return place
    site = session.get(Site, near.site_id)
    code = f"{site.code if site else 'SITE'}-QUARANTINE-1"
    return ledger.get_or_create_place(
        session,
        code,
        lambda: Location(
            code=code,
            name="待销毁隔离区 Quarantine",
            kind="quarantine",
            site_id=near.site_id,
            holds_stock=True,
            active=True,
        ),
    )


def _lot_info(lot: Lot) -> LotInfo:
    return LotInfo(
        lot.id, lot.product_id, lot.lot_number, lot.expiry_date, lot.manufacturer, lot.supplier
    )


def lot_for_issue(
    session: Session, product: Product, safe: Location, amount: Decimal, lot_id: int | None
) -> Lot:
    """The lot an issue from SAFE takes: the one chosen if it is usable, else first-expiry-first."""
    today = clock.clinic_today(session)
    lot = (
        _lot(session, lot_id)
        if lot_id
        else ledger.pick_fefo(session, product.id, safe.id, today, amount)
    )
    if lot.product_id != product.id:
        raise InvalidInput(en="That lot is of another product.", zh="该批号属于其他产品。")
    ledger.check_lot_usable(lot, today)
    return lot


@service(Action.STOCK_READ, entity="stock", audited=False, read_only=True)
def lot_to_issue(
    call: Call, *, product_id: int, safe_id: int, quantity: object | None = None
) -> LotInfo:
    """The lot issue_to_window would take now for QUANTITY (any amount if None), or its refusal."""
    session = call.session
    product = _product(session, product_id)
    safe = _place(session, safe_id, "safe")
    amount = Decimal(0) if quantity is None else parse_quantity(quantity, "Quantity", "数量")
    return _lot_info(lot_for_issue(session, product, safe, amount, None))


@service(Action.STOCK_MOVE, entity="movement")
def issue_to_window(
    call: Call,
    *,
    product_id: int,
    safe_id: int,
    window_id: int,
    quantity: object,
    lot_id: int | None = None,
    witness: str | None = None,
    witness_password: str | None = None,
) -> ledger.MovementInfo:
    """From the safe to a dosing window, checked by a second person; the earliest expiry by default."""
    session = call.session
    product = _product(session, product_id)
    safe, window = _place(session, safe_id, "safe"), _place(session, window_id, "window")
    if safe.site_id != window.site_id:
        raise InvalidInput(
            en="Stock for another site goes by transfer.", zh="调往其他站点须走调拨。"
        )
    with about("quantity"):
        amount = parse_quantity(quantity, "Quantity", "数量")
        _check_unit(product, amount)
    checker = _witness(call, witness, witness_password)
    lot = lot_for_issue(session, product, safe, amount, lot_id)
    movement = ledger.post(
        session,
        kind="issue",
        lot=lot,
        source=safe,
        target=window,
        quantity=amount,
        done_by=call.actor.user_id,
        checked_by=checker.user_id,
    )
    call.note(
        entity_id=movement.id, voucher=movement.voucher, lot=lot.lot_number, quantity=str(amount)
    )
    return ledger.info(movement)


@service(Action.STOCK_MOVE, entity="movement")
def return_to_safe(
    call: Call,
    *,
    lot_id: int,
    window_id: int,
    safe_id: int,
    quantity: object,
    reason: str,
    witness: str | None = None,
    witness_password: str | None = None,
) -> ledger.MovementInfo:
    session = call.session
    lot = _lot(session, lot_id)
    window, safe = _place(session, window_id, "window"), _place(session, safe_id, "safe")
    with about("quantity"):
        amount = parse_quantity(quantity, "Quantity", "数量")
        _check_unit(_product(session, lot.product_id), amount)
    checker = _witness(call, witness, witness_password)
    movement = ledger.post(
        session,
        kind="return",
        lot=lot,
        source=window,
        target=safe,
        quantity=amount,
        done_by=call.actor.user_id,
        checked_by=checker.user_id,
        reason=free_text(reason, 500, "Reason", "原因"),
    )
    call.note(entity_id=movement.id, voucher=movement.voucher, quantity=str(amount))
    return ledger.info(movement)


@dataclass(frozen=True)
class TransferInfo:
    transfer_id: int
    lot_number: str
    quantity_sent: Decimal
    from_location_id: int
    to_location_id: int
    status: str
    quantity_received: Decimal | None = None
    difference: Decimal | None = None


@service(Action.STOCK_MOVE, entity="transfer")
def send_transfer(
    call: Call,
    *,
    lot_id: int,
    from_safe_id: int,
    to_safe_id: int,
    quantity: object,
    witness: str | None = None,
    witness_password: str | None = None,
) -> TransferInfo:
    """Stock leaves one site's safe for another's: it is in transit until received and counted."""
    session = call.session
    lot = _lot(session, lot_id)
    source, target = _place(session, from_safe_id, "safe"), _place(session, to_safe_id, "safe")
    if source.site_id == target.site_id:
        raise InvalidInput(en="A transfer goes to another site.", zh="调拨须发往其他站点。")
    with about("quantity"):
        amount = parse_quantity(quantity, "Quantity", "数量")
        _check_unit(_product(session, lot.product_id), amount)
    ledger.check_lot_usable(lot, clock.clinic_today(session))
    checker = _witness(call, witness, witness_password)
    transit = ledger.outside(session, "transit")
    movement = ledger.post(
        session,
        kind="transfer_out",
        lot=lot,
        source=source,
        target=transit,
        quantity=amount,
        done_by=call.actor.user_id,
        checked_by=checker.user_id,
    )
    transfer = Transfer(
        product_id=lot.product_id,
        lot_id=lot.id,
        from_location_id=source.id,
        to_location_id=target.id,
        quantity_sent=amount,
        sent_movement_id=movement.id,
    )
    session.add(transfer)
    session.flush()
    movement.reference = f"transfer {transfer.id}"
    call.note(entity_id=transfer.id, voucher=movement.voucher, quantity=str(amount))
    return TransferInfo(transfer.id, lot.lot_number, amount, source.id, target.id, "in_transit")


@service(Action.STOCK_MOVE, entity="transfer")
def receive_transfer(
    call: Call,
    *,
    transfer_id: int,
    counted: object,
    note: str | None = None,
    witness: str | None = None,
    witness_password: str | None = None,
) -> TransferInfo:
    """The receiving site counts what arrived; any difference is recorded, never absorbed."""
    session = call.session
    transfer = session.get(Transfer, transfer_id)
    if transfer is None:
        raise NotFound(en="No such transfer.", zh="没有该调拨单。")
    if session.scalars(
        select(TransferReceipt.id).where(TransferReceipt.transfer_id == transfer_id)
    ).first():
        raise Conflict(en="This transfer was already received.", zh="该调拨已接收。")
    got = parse_quantity(counted, "Counted on arrival", "到货清点数量", zero_ok=True)
    if got > transfer.quantity_sent:
        raise InvalidInput(
            en="More arrived than was sent: recount.", zh="到货数量多于发出数量：请复核。"
        )
    difference = transfer.quantity_sent - got
    if difference > 0 and not free_text(note, 500, "Note", "备注"):
        raise InvalidInput(
            en="Less arrived than was sent: record what happened.",
            zh="到货少于发出数量：请记录情况。",
        )
    checker = _witness(call, witness, witness_password)
    lot = _lot(session, transfer.lot_id)
    transit = ledger.outside(session, "transit")
    target = _place(session, transfer.to_location_id, "safe")
    reference = f"transfer {transfer.id}"
    if got > 0:
        ledger.post(
            session,
            kind="transfer_in",
            lot=lot,
            source=transit,
            target=target,
            quantity=got,
            done_by=call.actor.user_id,
            checked_by=checker.user_id,
            reference=reference,
        )
    if difference > 0:
        ledger.post(
            session,
            kind="transfer_diff",
            lot=lot,
            source=transit,
            target=ledger.outside(session, "lost"),
            quantity=difference,
            done_by=call.actor.user_id,
            checked_by=checker.user_id,
            reason=free_text(note, 500, "Note", "备注"),
            reference=reference,
        )
    session.add(
        TransferReceipt(
            transfer_id=transfer.id,
            quantity_received=got,
            difference=difference,
            note=free_text(note, 500, "Note", "备注"),
            received_by=call.actor.user_id,
            checked_by=checker.user_id,
        )
    )
    call.note(entity_id=transfer.id, received=str(got), difference=str(difference))
    return TransferInfo(
        transfer.id,
        lot.lot_number,
        transfer.quantity_sent,
        transfer.from_location_id,
        transfer.to_location_id,
        "received",
        got,
        difference,
    )


@service(Action.STOCK_WASTE, entity="movement")
def record_waste(
    call: Call,
    *,
    window_id: int,
    lot_id: int,
    quantity: object,
    reason: str,
    witness: str | None = None,
    witness_password: str | None = None,
    reference: str | None = None,
) -> ledger.MovementInfo:
    """A spill or a part-dose not taken: quantity, reason, witness."""
    session = call.session
    lot = _lot(session, lot_id)
    window = _place(session, window_id, "window")
    with about("quantity"):
        amount = parse_quantity(quantity, "Quantity", "数量")
        _check_unit(_product(session, lot.product_id), amount)
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(
            en="Say what happened (spill, part-dose not taken...).",
            zh="请说明情况（洒漏、未服完等）。",
            field="reason",
        )
    checker = _witness(call, witness, witness_password)
    movement = ledger.post(
        session,
        kind="waste",
        lot=lot,
        source=window,
        target=ledger.outside(session, "waste"),
        quantity=amount,
        done_by=call.actor.user_id,
        checked_by=checker.user_id,
        reason=why,
        reference=reference,
    )
    call.note(entity_id=movement.id, voucher=movement.voucher, quantity=str(amount))
    return ledger.info(movement)


@dataclass(frozen=True)
class DestructionInfo:
    application_id: int
    lot_number: str
    quantity: Decimal
    status: str
    authority_reference: str | None = None


@service(Action.STOCK_DESTROY, entity="destruction")
def set_aside_for_destruction(
    call: Call, *, lot_id: int, location_id: int, quantity: object, reason: str
) -> DestructionInfo:
    """Move expired or damaged stock to quarantine and apply for its destruction."""
    session = call.session
    lot = _lot(session, lot_id)
    place = _place(session, location_id, "safe", "window", "quarantine")
    with about("quantity"):
        amount = parse_quantity(quantity, "Quantity", "数量")
        _check_unit(_product(session, lot.product_id), amount)
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(en="Say why (expired, damaged...).", zh="请说明原因（过期、破损等）。")
    quarantine = place if place.kind == "quarantine" else _quarantine(session, place)
    if place.id != quarantine.id:
        ledger.post(
            session,
            kind="set_aside",
            lot=lot,
            source=place,
            target=quarantine,
            quantity=amount,
            done_by=call.actor.user_id,
            reason=why,
        )
    else:
        have = ledger.balance(session, lot.product_id, lot.id, quarantine.id)
        if have < amount:
            raise Conflict(en="Quarantine holds less than that.", zh="隔离区数量不足。")
    application = DestructionApplication(
        lot_id=lot.id,
        location_id=quarantine.id,
        quantity=amount,
        reason=why,
        applied_by=call.actor.user_id,
    )
    session.add(application)
    session.flush()
    call.note(entity_id=application.id, lot=lot.lot_number, quantity=str(amount))
    return DestructionInfo(application.id, lot.lot_number, amount, "applied")


@service(Action.STOCK_DESTROY, entity="destruction")
def destroy(
    call: Call,
    *,
    application_id: int,
    authority_reference: str,
    supervisor: str,
    witness: str | None = None,
    witness_password: str | None = None,
) -> DestructionInfo:
    """Destroyed under supervision: the authority's reference, the supervisor, a witness."""
    session = call.session
    application = session.get(DestructionApplication, application_id)
    if application is None:
        raise NotFound(en="No such destruction application.", zh="没有该销毁申请。")
    if session.scalars(
        select(Destruction.id).where(Destruction.application_id == application_id)
    ).first():
        raise Conflict(en="This stock was already destroyed.", zh="该批药品已销毁。")
    reference = free_text(authority_reference, 100, "Authority's reference", "主管部门批准文号")
    overseer = free_text(supervisor, 200, "Supervisor", "监督人")
    if not reference or not overseer:
        raise InvalidInput(
            en="Destruction needs the authority's reference and the supervisor's name.",
            zh="销毁须填写主管部门批准文号和监督人。",
        )
    checker = _witness(call, witness, witness_password)
    lot = _lot(session, application.lot_id)
    movement = ledger.post(
        session,
        kind="destroy",
        lot=lot,
        source=_place(session, application.location_id, "quarantine"),
        target=ledger.outside(session, "destroyed"),
        quantity=application.quantity,
        done_by=call.actor.user_id,
        checked_by=checker.user_id,
        reason=f"supervised by {overseer}",
        reference=reference,
    )
    session.add(
        Destruction(
            application_id=application.id,
            movement_id=movement.id,
            authority_reference=reference,
            supervisor=overseer,
            destroyed_by=call.actor.user_id,
            witness_id=checker.user_id,
        )
    )
    call.note(entity_id=application.id, voucher=movement.voucher, authority_reference=reference)
    return DestructionInfo(
        application.id, lot.lot_number, application.quantity, "destroyed", reference
    )


@dataclass(frozen=True)
class IncidentInfo:
    incident_id: int
    kind: str
    voucher: str
    quantity: Decimal
    lot_number: str


@service(Action.STOCK_LOSS, entity="incident")
def record_loss(
    call: Call,
    *,
    kind: str,
    location_id: int,
    lot_id: int,
    quantity: object,
    circumstances: str,
    discovered_at: datetime | None = None,
    police_reference: str | None = None,
    witness: str | None = None,
    witness_password: str | None = None,
) -> IncidentInfo:
    """Loss or theft, recorded at once; the incident report goes to police, regulator, health authority."""
    if kind not in ("loss", "theft"):
        raise InvalidInput(en="An incident is a loss or a theft.", zh="事件类型须为丢失或被盗。")
    session = call.session
    lot = _lot(session, lot_id)
    place = _place(session, location_id, "safe", "window", "quarantine")
    with about("quantity"):
        amount = parse_quantity(quantity, "Quantity", "数量")
        _check_unit(_product(session, lot.product_id), amount)
    what = free_text(circumstances, 2000, "Circumstances", "经过")
    if not what:
        raise InvalidInput(en="Describe what happened.", zh="请描述事件经过。")
    checker = _witness(call, witness, witness_password)
    movement = ledger.post(
        session,
        kind="loss",
        lot=lot,
        source=place,
        target=ledger.outside(session, "lost"),
        quantity=amount,
        done_by=call.actor.user_id,
        checked_by=checker.user_id,
        reason=kind,
    )
    when = discovered_at or clock.now(session)
    if when.tzinfo is None:
        raise InvalidInput(
            en="Give the discovery time with its time zone.", zh="发现时间须含时区。"
        )
    incident = Incident(
        kind=kind,
        movement_id=movement.id,
        discovered_at=when,
        circumstances=what,
        police_reference=free_text(police_reference, 100, "Police reference", "报案回执号"),
        recorded_by=call.actor.user_id,
        witness_id=checker.user_id,
    )
    session.add(incident)
    session.flush()
    call.note(entity_id=incident.id, kind=kind, voucher=movement.voucher, quantity=str(amount))
    return IncidentInfo(incident.id, kind, movement.voucher, amount, lot.lot_number)


@service(Action.STOCK_LOSS, entity="incident")
def incident_report_pdf(call: Call, *, incident_id: int, clinic_name: str) -> bytes:
    """The loss or theft report as a PDF for the police, the drug regulator and the health authority."""
    from clinic.reports.incident_pdf import IncidentReport, render_incident_pdf

    session = call.session
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(en="No such incident.", zh="没有该事件记录。")
    movement = session.get(StockMovement, incident.movement_id)
    assert movement is not None
    lot = _lot(session, movement.lot_id)
    product = _product(session, movement.product_id)
    place = session.get(Location, movement.from_location_id)
    site = session.get(Site, place.site_id) if place and place.site_id else None
    zone = clock.clinic_zone(session)

    def name(user_id: int) -> str:
        user = session.get(User, user_id)
        return user.full_name if user else str(user_id)

    call.note(entity_id=incident.id, report="pdf", voucher=movement.voucher)
    return render_incident_pdf(
        IncidentReport(
            clinic_name=clinic_name,
            incident_id=incident.id,
            kind=incident.kind,
            voucher=movement.voucher,
            product_name=product.name,
            product_form=product.form,
            strength=f"{product.mg_per_unit.normalize():f} mg/{product.unit}",
            unit=product.unit,
            controlled_class=product.controlled_class,
            lot_number=lot.lot_number,
            expiry_date=lot.expiry_date,
            manufacturer=lot.manufacturer,
            supplier=lot.supplier,
            quantity=movement.quantity,
            site_name=site.name if site else "",
            place_name=place.name if place else "",
            discovered_at=incident.discovered_at.astimezone(zone),
            recorded_at=incident.recorded_at.astimezone(zone),
            circumstances=incident.circumstances,
            police_reference=incident.police_reference,
            recorded_by=name(incident.recorded_by),
            witness=name(incident.witness_id),
            printed_on=clock.clinic_today(session),
        ),
        demo=demo_clinic(session),
    )


@service(Action.STOCK_REVERSE, entity="movement")
def reverse_movement(
    call: Call,
    *,
    movement_id: int,
    reason: str,
    witness: str | None = None,
    witness_password: str | None = None,
) -> ledger.MovementInfo:
    """Correct a mistaken movement by its mirror image; the original stays in the ledger."""
    session = call.session
    original = session.get(StockMovement, movement_id)
    if original is None:
        raise NotFound(en="No such movement.", zh="没有该记录。")
    if original.kind == "reversal" or original.kind == "dispense":
        raise Conflict(
            en="This line cannot be reversed here (doses are voided at the dosing window).",
            zh="该记录不能在此冲正（发药记录须在发药窗口作废）。",
        )
    if session.scalars(
        select(StockMovement.id).where(StockMovement.reverses_id == movement_id)
    ).first():
        raise Conflict(en="This movement was already reversed.", zh="该记录已冲正。")
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(en="Give the reason for the correction.", zh="请填写冲正原因。")
    checker = _witness(call, witness, witness_password)
    movement = ledger.post(
        session,
        kind="reversal",
        lot=_lot(session, original.lot_id),
        source=ledger.location(session, original.to_location_id),
        target=ledger.location(session, original.from_location_id),
        quantity=original.quantity,
        done_by=call.actor.user_id,
        checked_by=checker.user_id,
        reason=why,
        reverses_id=original.id,
        reference=original.voucher,
    )
    call.note(entity_id=movement.id, reverses=original.voucher)
    return ledger.info(movement)


@service(Action.STOCK_READ, entity="stock", audited=False, read_only=True)
def balances(
    call: Call, *, site_code: str | None = None, include_empty: bool = False
) -> list[BalanceLine]:
    """Stock by place and lot, earliest expiry first, with expired and expiring-soon flags."""
    session = call.session
    today = clock.clinic_today(session)
    warn = clinic_settings(session).integer("expiry_warning_days")
    query = (
        select(StockBalance, Location, Lot, Product)
        .join(Location, Location.id == StockBalance.location_id)
        .join(Lot, Lot.id == StockBalance.lot_id)
        .join(Product, Product.id == StockBalance.product_id)
        .order_by(Location.site_id, Location.kind, Location.id, Product.id, Lot.expiry_date)
    )
    lines = []
    for bal, place, lot, product in session.execute(query):
        site = session.get(Site, place.site_id) if place.site_id else None
        if site_code and (site is None or site.code != site_code):
            continue
        if bal.quantity == 0 and not include_empty:
            continue
        lines.append(
            BalanceLine(
                place.id,
                place.name,
                place.kind,
                site.code if site else None,
                product.id,
                product.name,
                product.unit,
                lot.id,
                lot.lot_number,
                lot.expiry_date,
                bal.quantity,
                lot.expiry_date < today,
                today <= lot.expiry_date <= today + timedelta(days=warn),
            )
        )
    return lines


@service(Action.STOCK_READ, entity="stock", audited=False, read_only=True)
def list_lots(call: Call, *, product_id: int | None = None) -> list[LotInfo]:
    query = select(Lot).order_by(Lot.expiry_date)
    if product_id:
        query = query.where(Lot.product_id == product_id)
    return [_lot_info(lot) for lot in call.session.scalars(query)]
